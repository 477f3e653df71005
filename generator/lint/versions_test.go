package lint

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/gitrev"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// gitRun runs git in dir with a fixed identity and no user configuration.
func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// overlay writes the files of a txtar archive under dir; an empty file deletes.
func overlay(t *testing.T, dir, archive string) {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if len(f.Data) == 0 {
			if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lintAgainstBase makes a git repository whose catalog/ is testdata/base.txtar
// (overlaid with before.txtar when the case's folder has one), commits it, applies the case on top in the working tree and lints the working
// tree with the committed catalog as --base.
func lintAgainstBase(t *testing.T, casePath string) []diag.Finding {
	t.Helper()
	repo := t.TempDir()
	catDir := filepath.Join(repo, "catalog")
	gitRun(t, repo, "init", "-q", "-b", "main")
	overlay(t, catDir, filepath.Join("testdata", "base.txtar"))
	// A rule may describe the committed state with testdata/<id>/before.txtar.
	before := filepath.Join(filepath.Dir(casePath), "before.txtar")
	if _, err := os.Stat(before); err == nil {
		overlay(t, catDir, before)
	}
	gitRun(t, repo, "add", ".")
	gitRun(t, repo, "commit", "-q", "-m", "base")
	overlay(t, catDir, casePath)
	base, cleanup, err := gitrev.LoadCatalog(repo, "HEAD", "catalog")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	cat, err := load.Load(catDir)
	if err != nil {
		t.Fatal(err)
	}
	return Run(cat, Options{Now: testNow, Base: base})
}

// TestVersionRules runs each --base rule on testdata/<id>/fail.txtar and
// pass.txtar, applied as changes to a committed copy of testdata/base.txtar.
func TestVersionRules(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("the version rules need git on PATH")
	}
	n := 0
	for _, r := range Rules() {
		if !r.NeedsBase {
			continue
		}
		n++
		t.Run(r.ID, func(t *testing.T) {
			t.Parallel()
			failCase := filepath.Join("testdata", r.ID, "fail.txtar")
			var got bytes.Buffer
			for _, f := range lintAgainstBase(t, failCase) {
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
			for _, f := range lintAgainstBase(t, filepath.Join("testdata", r.ID, "pass.txtar")) {
				t.Errorf("passing case of %s: %s", r.ID, f)
			}
		})
	}
	if n != 4 {
		t.Errorf("%d rules need --base, want the 4 of checks.md Versions", n)
	}
}

// TestVersionRulesSilentWithoutChange: an unchanged catalog gives no version finding.
func TestVersionRulesSilentWithoutChange(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txtar")
	if err := os.WriteFile(empty, []byte("no change\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range lintAgainstBase(t, empty) {
		t.Errorf("unchanged catalog: %s", f)
	}
}

// TestDowngradeExplained: a changelog entry that names the fields turns the
// downgrade errors into warnings, still shown to reviewers.
func TestDowngradeExplained(t *testing.T) {
	var got []diag.Finding
	for _, f := range lintAgainstBase(t, filepath.Join("testdata", "downgrade", "explained.txtar")) {
		if f.Rule == "downgrade" {
			got = append(got, f)
		}
	}
	if len(got) != 3 {
		t.Fatalf("got %d downgrade findings, want 3 (open type, level, column level): %v", len(got), got)
	}
	for _, f := range got {
		if f.Severity != diag.Warning || !strings.Contains(f.Message, "explained in the changelog") {
			t.Errorf("explained downgrade: %s", f)
		}
	}
}

// TestDatasetBump: the bump shuyuan import --update takes for a change is the one the
// version rules ask for: major for what breaking reports, minor for other content,
// none for a refresh of update.last_modified, temporal.end or origin.hashes.
func TestDatasetBump(t *testing.T) {
	const base = `kind: Dataset
id: bus-lines
version: 1.2.0
status: active
title: {zh: 公交线路, en: Bus lines}
description: {zh: 本市公交线路的站点与走向，按月更新。本市公交线路的站点与走向，按月更新。本市公交线路。, en: Bus lines of the city.}
department: sh-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: monthly, last_modified: 2026-10-01}
temporal: {start: 2020-01-01, end: 2026-10-01}
source: {format: csv, path: sources/lines.csv}
columns:
  - {name: line, type: string, level: 1, personal_info: none, role: insensitive}
  - {name: stops, type: integer, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.2.0, date: 2026-10-01, summary: {zh: 更新, en: Update}}
origin: {format: ckan, source: hk, id: x, hashes: {title: aaaaaaaaaaaa}}
`
	v, err := load.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	parse := func(src string) *load.Doc[model.Dataset] {
		t.Helper()
		d, fds := v.Dataset("datasets/sh-transport/bus-lines.yaml", []byte(src))
		if len(fds) > 0 {
			t.Fatalf("%v\n%s", fds, src)
		}
		return d
	}
	old := parse(base)
	for _, tc := range []struct {
		name, from, to string
		want           Bump
		next           string
	}{
		{"comment only", "kind: Dataset\n", "kind: Dataset   # a comment\n", BumpNone, "1.2.0"},
		{"refresh", "last_modified: 2026-10-01}\ntemporal: {start: 2020-01-01, end: 2026-10-01}", "last_modified: 2026-11-01}\ntemporal: {start: 2020-01-01, end: 2026-11-01}", BumpNone, "1.2.0"},
		{"source hashes", "hashes: {title: aaaaaaaaaaaa}", "hashes: {title: bbbbbbbbbbbb}", BumpNone, "1.2.0"},
		{"metadata", "en: Bus lines}", "en: Bus routes}", BumpMinor, "1.3.0"},
		{"metadata with a bump already made", "version: 1.2.0", "version: 1.3.0", BumpMinor, "1.3.0"},
		{"column removed", "  - {name: stops, type: integer, level: 1, personal_info: none, role: insensitive}\n", "", BumpMajor, "2.0.0"},
		{"column retyped, version already bumped", "name: stops, type: integer", "name: stops, type: number", BumpMajor, "2.0.0"},
		{"draft: nothing published breaks", "status: active", "status: draft", BumpMinor, "1.3.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := base
			base := old
			if tc.name == "draft: nothing published breaks" {
				src = strings.Replace(src, "status: active", "status: draft", 1)
				base = parse(src)
				src = strings.Replace(src, "  - {name: stops, type: integer, level: 1, personal_info: none, role: insensitive}\n", "", 1)
			} else {
				if !strings.Contains(src, tc.from) {
					t.Fatalf("%q not in the base file", tc.from)
				}
				src = strings.Replace(src, tc.from, tc.to, 1)
				if tc.name == "column retyped, version already bumped" {
					src = strings.Replace(src, "version: 1.2.0", "version: 2.0.0", 1)
				}
			}
			got := DatasetBump(base, parse(src))
			if got != tc.want {
				t.Errorf("DatasetBump = %s, want %s", got, tc.want)
			}
			if next := NextVersion(base.V.Version, got); next != tc.next {
				t.Errorf("NextVersion(%s, %s) = %s, want %s", base.V.Version, got, next, tc.next)
			}
		})
	}
}
