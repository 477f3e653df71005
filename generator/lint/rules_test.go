package lint

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

var update = flag.Bool("update", false, "rewrite the golden .out files")

// testNow is the --now of every rule test, so staleness never depends on the day.
var testNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func lintDir(t *testing.T, dir string) []diag.Finding {
	t.Helper()
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return Run(cat, Options{Now: testNow})
}

// writeCase writes testdata/base.txtar overlaid with the case's files into a
// temporary catalog directory. A case file with empty content deletes the base file.
func writeCase(t *testing.T, casePath string) string {
	t.Helper()
	return testcat.Write(t, testcat.Overlay(t, testcat.Archive(t, filepath.Join("testdata", "base.txtar")), testcat.Archive(t, casePath)))
}

// TestRules runs every rule on testdata/<id>/fail.txtar, which must give exactly the
// findings of fail.out, and on pass.txtar, which must give no finding at all.
func TestRules(t *testing.T) {
	for _, r := range Rules() {
		if r.NeedsBase {
			continue // version rules are tested against git repositories
		}
		t.Run(r.ID, func(t *testing.T) {
			failCase := filepath.Join("testdata", r.ID, "fail.txtar")
			passCase := filepath.Join("testdata", r.ID, "pass.txtar")
			if _, err := os.Stat(failCase); err != nil {
				t.Fatalf("rule %s has no failing case %s", r.ID, failCase)
			}
			var got bytes.Buffer
			for _, f := range lintDir(t, writeCase(t, failCase)) {
				if f.Rule == r.ID {
					got.WriteString(f.String() + "\n")
				}
			}
			golden := strings.TrimSuffix(failCase, ".txtar") + ".out"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got.String() != string(want) {
				t.Errorf("findings of %s on its failing case:\n got:\n%s want:\n%s", r.ID, got.String(), want)
			}
			if got.Len() == 0 {
				t.Errorf("rule %s did not fire on its failing case", r.ID)
			}
			if _, err := os.Stat(passCase); err != nil {
				t.Fatalf("rule %s has no passing case %s", r.ID, passCase)
			}
			for _, f := range lintDir(t, writeCase(t, passCase)) {
				t.Errorf("passing case of %s: %s", r.ID, f)
			}
		})
	}
}

// TestRegistry checks that ids are unique, kebab-case and documented.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if r.Summary == "" || r.Category == "" || (r.Severity != diag.Error && r.Severity != diag.Warning) {
			t.Errorf("rule %s lacks a summary, category or severity", r.ID)
		}
		for _, c := range r.ID {
			if !(c >= 'a' && c <= 'z' || c == '-') {
				t.Errorf("rule id %q is not kebab-case", r.ID)
				break
			}
		}
	}
}

// TestBuildDemotesTimeDependentRules: a build reports the errors of the rules that
// depend on the date (stale) as warnings, so a commit that built yesterday builds
// today; every other rule keeps its severity, and lint keeps stale an error.
func TestBuildDemotesTimeDependentRules(t *testing.T) {
	var timeDependent []string
	for _, r := range Rules() {
		if r.TimeDependent {
			timeDependent = append(timeDependent, r.ID)
		}
	}
	if !slices.Equal(timeDependent, []string{"stale", "deadline"}) {
		t.Errorf("time-dependent rules %v, want [stale deadline]", timeDependent)
	}
	cat, err := load.Load(writeCase(t, filepath.Join("testdata", "stale", "fail.txtar")))
	if err != nil {
		t.Fatal(err)
	}
	lint, build := Run(cat, Options{Now: testNow}), Run(cat, Options{Now: testNow, Build: true})
	if len(lint) != len(build) {
		t.Fatalf("lint found %d, build %d", len(lint), len(build))
	}
	stale := 0
	for i, f := range lint {
		b := build[i]
		if f.Rule == "stale" {
			stale++
			if f.Severity != diag.Error || b.Severity != diag.Warning {
				t.Errorf("stale: lint %s, build %s; want error and warning", f.Severity, b.Severity)
			}
		} else if f.Severity != b.Severity {
			t.Errorf("%s changed severity in a build: %s", f.Rule, b)
		}
	}
	if stale == 0 {
		t.Fatal("the stale case gave no stale finding")
	}
}
