package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// testNow is the --now of the builds, so staleness never depends on the day.
var testNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// writeCatalog writes the portal package's test catalog into a new directory.
func writeCatalog(t *testing.T) string {
	t.Helper()
	return testcat.Write(t, testcat.Overlay(t, testcat.Archive(t, filepath.Join("..", "portal", "testdata", "site.txtar"))))
}

// options are those of `shuyuan build` with the demonstration keys.
func options(catDir, out string, warn *bytes.Buffer) Options {
	_, priv := sign.DemoKey()
	return Options{
		Catalog: catDir, Out: out, Now: testNow, DemoKeys: true, Warn: warn,
		SignKey: string(sign.SecretKeyText(priv)),
		Getenv:  func(k string) string { return map[string]string{"SHUYUAN_KEY_DEMO": "test-key-not-secret"}[k] },
	}
}

// unchanged fails t when the site at out differs from before.
func unchanged(t *testing.T, out string, before map[string][]byte) {
	t.Helper()
	after := testcat.Tree(t, out)
	if len(after) != len(before) {
		t.Errorf("the previous site changed: %d files before, %d after", len(before), len(after))
	}
	for p, b := range before {
		if !bytes.Equal(b, after[p]) {
			t.Errorf("%s changed although the build failed", p)
		}
	}
}

// TestGateRefusesUndeclaredPII: the build runs exactly the rules lint runs, the
// source scans included. A column declared personal_info: none whose source holds
// resident ids fails the build with the undeclared-pii finding (exit 1 in the CLI)
// and the previous site stays as it was, ids unpublished.
func TestGateRefusesUndeclaredPII(t *testing.T) {
	cat := writeCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	var warn bytes.Buffer
	if _, err := Run(context.Background(), options(cat, out, &warn)); err != nil {
		t.Fatalf("%v\n%s", err, warn.String())
	}
	before := testcat.Tree(t, out)

	p := filepath.Join(cat, "datasets", "sh-transport", "metro-ridership.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("  - name: entries\n"), []byte("  - name: holder\n    title: {zh: 持卡人, en: Holder}\n    type: string\n    level: 1\n    personal_info: none\n    role: insensitive\n  - name: entries\n"), 1)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("station,holder,entries\n")
	ids := testcat.ResidentIDs(200)
	for i, id := range ids {
		fmt.Fprintf(&csv, "站点%d,%s,%d\n", i, id, 100+i)
	}
	if err := os.WriteFile(filepath.Join(cat, "sources", "ridership.csv"), []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	warn.Reset()
	_, err = Run(context.Background(), options(cat, out, &warn))
	var ge *GateError
	if !errors.As(err, &ge) || !CatalogFault(err) {
		t.Fatalf("err = %v, want a *GateError", err)
	}
	found := false
	for _, f := range ge.Errors {
		found = found || (f.Rule == "undeclared-pii" && strings.Contains(f.Message, `"holder"`))
	}
	if !found || !strings.Contains(warn.String(), "error [undeclared-pii]") {
		t.Errorf("no undeclared-pii error for the holder column: %v\n%s", ge.Errors, warn.String())
	}
	unchanged(t, out, before)
	for rel, data := range testcat.Tree(t, out) {
		if bytes.Contains(data, []byte(ids[0])) {
			t.Errorf("%s holds a resident id", rel)
		}
	}
}

// TestFailedBuildKeepsPreviousSite: an interrupted build and a dataset that cannot
// be extracted leave the published site as it was, and name why.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	cat := writeCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	var warn bytes.Buffer
	if _, err := Run(context.Background(), options(cat, out, &warn)); err != nil {
		t.Fatalf("%v\n%s", err, warn.String())
	}
	before := testcat.Tree(t, out)

	t.Run("interrupted", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Run(ctx, options(cat, out, &warn))
		if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) || CatalogFault(err) {
			t.Fatalf("err = %v, want ErrInterrupted", err)
		}
		unchanged(t, out, before)
	})
	t.Run("dataset cannot be extracted", func(t *testing.T) {
		// k-anonymity with k=5 over a column of unique stations cannot be reached
		p := filepath.Join(cat, "datasets", "sh-transport", "metro-ridership.yaml")
		b, _ := os.ReadFile(p)
		b = bytes.Replace(b, []byte("    role: insensitive\n  - name: entries"), []byte("    role: quasi-identifier\n  - name: entries"), 1)
		b = bytes.Replace(b, []byte("access:\n"), []byte("privacy: {k: 5, max_suppression: 0}\naccess:\n"), 1)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Run(context.Background(), options(cat, out, &warn))
		if err == nil || !CatalogFault(err) || !strings.Contains(err.Error(), "metro-ridership") {
			t.Fatalf("err = %v, want the dataset's failure", err)
		}
		unchanged(t, out, before)
	})
}

// TestStaleOnlyWarns: a dataset overdue by its update frequency fails `shuyuan
// lint` but not the build, whose dataset page shows it overdue.
func TestStaleOnlyWarns(t *testing.T) {
	cat := writeCatalog(t)
	p := filepath.Join(cat, "datasets", "sh-transport", "metro-ridership.yaml")
	b, _ := os.ReadFile(p)
	b = bytes.Replace(b, []byte("last_modified: 2026-10-15"), []byte("last_modified: 2020-10-15"), 1)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	var warn bytes.Buffer
	res, err := Run(context.Background(), options(cat, out, &warn))
	if err != nil {
		t.Fatalf("%v\n%s", err, warn.String())
	}
	stale := false
	for _, f := range res.Findings {
		stale = stale || f.Rule == "stale"
	}
	if !stale || !strings.Contains(warn.String(), "lint warning(s)") {
		t.Errorf("the stale finding was not reported as a warning: %v\n%s", res.Findings, warn.String())
	}
	page, err := os.ReadFile(filepath.Join(out, "en", "datasets", "metro-ridership", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Overdue") {
		t.Error("the dataset page does not show the overdue state")
	}
}

// TestDefaultCatalog builds the repository's default catalog as `make build` does,
// and every internal link of every page resolves.
func TestDefaultCatalog(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	var warn bytes.Buffer
	if _, err := Run(context.Background(), options(filepath.Join("..", "..", "catalog"), out, &warn)); err != nil {
		t.Fatalf("%v\n%s", err, warn.String())
	}
	// The demonstration has no department databases: one short line says so (make
	// run prints it on every rebuild), not a list of every dataset.
	if lines := strings.Split(strings.TrimSuffix(warn.String(), "\n"), "\n"); len(lines) != 1 || len(lines[0]) > 200 ||
		!strings.HasPrefix(lines[0], "warning: ") || !strings.Contains(lines[0], "from PostgreSQL, published without a download") || !strings.HasSuffix(lines[0], "; -v lists them") {
		t.Errorf("warnings of the default catalog's build, want one line of at most 200 bytes:\n%s", warn.String())
	}
	for _, f := range []string{"index.html", "en/index.html", "catalog.jsonld", "data.json", "sitemap.xml", "feeds/datasets.atom", "search/search.js", "data/SHA256SUMS", "data/SHA256SUMS.minisig", "data/minisign.pub"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

// TestWarnUnset: the datasets published without a download for want of a
// connection variable are summarized in one line; -v adds a line per variable.
func TestWarnUnset(t *testing.T) {
	skip := func(id, env string) extract.Skip { return extract.Skip{ID: id, UnsetEnv: env} }
	many := []extract.Skip{skip("bus-lines", "SHUYUAN_PG_TRANSPORT"), skip("metro", "SHUYUAN_PG_TRANSPORT"), skip("clinics", "SHUYUAN_PG_HEALTH")}
	for _, tc := range []struct {
		name    string
		skipped []extract.Skip
		verbose bool
		want    string
	}{
		{"none", nil, true, ""},
		{"one", many[:1], false, "warning: 1 dataset reads from PostgreSQL, published without a download: SHUYUAN_PG_TRANSPORT is not set; -v lists them\n"},
		{"several", many, false, "warning: 3 datasets read from PostgreSQL, published without a download: 2 connection variables (SHUYUAN_PG_HEALTH, …) are not set; -v lists them\n"},
		{"verbose", many, true, "warning: 3 datasets read from PostgreSQL, published without a download: 2 connection variables (SHUYUAN_PG_HEALTH, …) are not set:\n" +
			"  SHUYUAN_PG_HEALTH: clinics\n  SHUYUAN_PG_TRANSPORT: bus-lines, metro\n"},
	} {
		var w bytes.Buffer
		warnUnset(&w, tc.skipped, tc.verbose)
		if w.String() != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, w.String(), tc.want)
		}
	}
}

// TestLateObjectionOnlyWarns: an objection answered past its working-day limit
// without a late_reason fails `shuyuan lint` (rule deadline) but not the build, which
// says so in its warning line and writes the objection late in stats.json.
func TestLateObjectionOnlyWarns(t *testing.T) {
	cat := writeCatalog(t)
	files := map[string]string{
		"calendar/2026.yaml": "kind: Calendar\nyear: 2026\nstatus: official\nnotice: 通知\nholidays:\n  - {holiday: national-day, from: 2026-10-01, to: 2026-10-07}\n" +
			"workdays:\n  - {date: 2026-09-20, holiday: national-day}\n",
		// corrected on Friday 18 September, answered on Monday 21st: late, as Sunday 20th was worked
		"objections/obj-1.yaml": "kind: Objection\nid: obj-1\ndataset: clinic-visits\ndepartment: sh-health\ncategory: inaccurate\noutcome: corrected\n" +
			"states:\n  found: 2026-09-08\n  reported: 2026-09-08\n  investigated: 2026-09-14\n  corrected: 2026-09-18\n  answered: 2026-09-21\n",
	}
	for rel, src := range files {
		p := filepath.Join(cat, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "site")
	var warn bytes.Buffer
	if _, err := Run(context.Background(), options(cat, out, &warn)); err != nil {
		t.Fatalf("%v\n%s", err, warn.String())
	}
	if !strings.Contains(warn.String(), "1 of requests or objections past a time limit") {
		t.Errorf("the build does not say an objection is late:\n%s", warn.String())
	}
	b, err := os.ReadFile(filepath.Join(out, "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"late": 1,`) || !strings.Contains(string(b), `"warnings": 1`) {
		t.Errorf("stats.json does not count the late objection and its warning:\n%s", b)
	}
}
