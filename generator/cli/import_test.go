package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// runImportCLI runs shuyuan in-process with args and returns its output and exit code.
func runImportCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(Env{Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}, args)
	return out.String(), errOut.String(), code
}

// writtenPaths returns the paths of the "added PATH" and "updated PATH: …" lines.
func writtenPaths(stdout string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if _, rest, ok := strings.Cut(l, " "); ok {
			p, _, _ := strings.Cut(rest, ": ")
			out = append(out, p)
		}
	}
	return out
}

// TestImportCommand imports CKAN records into a copy of the default catalog: the
// datasets and department stubs appear, lint fails only on the placeholders and the
// usual findings of draft metadata, and a second import without --update is an
// error that says to use it.
func TestImportCommand(t *testing.T) {
	inputs := fixture.Files(t, "ckan/data.gov.hk-package_show")[:3]
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "catalog"), dir)
	args := append([]string{"import", "ckan", "--catalog", dir}, inputs...)
	stdout, stderr, code := runImportCLI(t, args...)
	if code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	paths := writtenPaths(stdout)
	if len(paths) < 4 || !strings.Contains(stderr, "3 records: 3 added, 0 updated, 0 unchanged, 0 withdrawn, 0 rejected") {
		t.Fatalf("import wrote %v; stderr %s", paths, stderr)
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("reported %s, not written: %v", p, err)
		}
	}
	stdout, _, code = runImportCLI(t, "lint", "--catalog", dir, "--format", "json", "--now", "2026-11-01")
	if code != ExitFindings {
		t.Errorf("lint of imported drafts: exit %d, want %d", code, ExitFindings)
	}
	if strings.Contains(stdout, `"rule": "schema"`) || strings.Contains(stdout, `"rule": "yaml"`) {
		t.Errorf("imported files fail the schema:\n%s", stdout)
	}
	if !strings.Contains(stdout, `"rule": "todo"`) {
		t.Errorf("lint does not report the TODO(author) placeholders")
	}
	_, stderr, code = runImportCLI(t, args...)
	if code != ExitFindings || !strings.Contains(stderr, "already imported as datasets/") || !strings.Contains(stderr, "import --update") {
		t.Errorf("second import: exit %d: %s", code, stderr)
	}
	_, stderr, code = runImportCLI(t, "import", "ckan", "--catalog", dir, fixture.Corpus(t, "ckan/demo.ckan.org-package_search/package_list.json"))
	if code != ExitFindings || !strings.Contains(stderr, "package_list.json:1:1:") {
		t.Errorf("package_list: exit %d: %s", code, stderr)
	}
}

// TestImportDeterministic: two imports of the same JKAN pages with the same --now
// write byte-identical files.
func TestImportDeterministic(t *testing.T) {
	inputs := fixture.Files(t, "jkan/opendataphilly/_datasets")[:10]
	run := func() map[string]string {
		dir := t.TempDir()
		stdout, stderr, code := runImportCLI(t, append([]string{"import", "jkan", "--catalog", dir, "--now", "2026-11-01"}, inputs...)...)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		out := map[string]string{}
		for _, p := range writtenPaths(stdout) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(data)
		}
		return out
	}
	a, b := run(), run()
	if len(a) < 10 || len(a) != len(b) {
		t.Fatalf("wrote %d and %d files", len(a), len(b))
	}
	for p, data := range a {
		if b[p] != data {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

// flightColumns are the columns a department wrote into the imported flight
// dataset after the first import.
const flightColumns = `columns:
  - name: flight_no
    title: {zh: 航班号, en: Flight number}
    type: string
    level: 1
    personal_info: none
    role: insensitive
  - name: scheduled
    type: datetime
    level: 1
    personal_info: none
    role: insensitive
`

// TestImportUpdateHongKong is issue 14's acceptance scenario for import --update
// on the Hong Kong CKAN records: the first run adds all 24; a department then
// documents one dataset's columns and grade and translates its title; a second
// run reports 0 updated and leaves every file as it is; after the source changes
// that record's description, a third run reports exactly 1 updated, with a minor
// version bump and a changelog entry, the local edits intact, and lint --base
// agreeing that the version rules are met.
func TestImportUpdateHongKong(t *testing.T) {
	repo := gitRepoWithCatalog(t)
	src := filepath.Join(t.TempDir(), "data.gov.hk-package_show")
	copyDir(t, fixture.Corpus(t, "ckan/data.gov.hk-package_show"), src)
	t.Chdir(repo)
	importArgs := []string{"import", "--update", "ckan", "--catalog", "catalog", "--now", "2026-12-01", src}

	_, stderr, code := runImportCLI(t, importArgs...)
	if code != ExitOK || !strings.Contains(stderr, "24 records: 24 added, 0 updated, 0 unchanged, 0 withdrawn, 0 rejected") {
		t.Fatalf("first import: exit %d: %s", code, stderr)
	}
	flight := filepath.Join("catalog", "datasets", "aahk", "aahk-team1-flight-info.yaml")
	data, err := os.ReadFile(flight)
	if err != nil {
		t.Fatal(err)
	}
	edited := regexp.MustCompile(`(?s)columns:\n.*?\nchangelog:`).ReplaceAllString(string(data), strings.ReplaceAll(flightColumns, "$", "$$")+"changelog:")
	edited = regexp.MustCompile(`grade: general .*\n`).ReplaceAllString(edited, "grade: general\n")
	edited = strings.Replace(edited, "title:\n  zh: \"航班資料\"\n", "title:\n  zh: \"航班資料\"\n  en: Flight information\n", 1)
	if !strings.Contains(edited, "flight_no") || !strings.Contains(edited, "en: Flight information") || strings.Contains(edited, "grade: general   #") {
		t.Fatalf("the test could not edit the imported file:\n%s", edited)
	}
	if err := os.WriteFile(flight, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, repo, "add", ".")
	gitIn(t, repo, "commit", "-q", "-m", "import from data.gov.hk; document the flight columns")

	stdout, stderr, code := runImportCLI(t, importArgs...)
	if code != ExitOK || !strings.Contains(stderr, "24 records: 0 added, 0 updated, 24 unchanged, 0 withdrawn, 0 rejected") || stdout != "" {
		t.Fatalf("second import: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if status := gitIn(t, repo, "status", "--porcelain"); status != "" {
		t.Fatalf("an unchanged source changed files:\n%s", status)
	}

	// The source changes the description of the flight record and its modification time.
	srcFile := filepath.Join(src, "aahk-team1-flight-info.json")
	var pkg map[string]any
	raw, err := os.ReadFile(srcFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	const notes = "香港國際機場的航班資料，包括抵港及離港航班的預定及實際時間、航空公司、登機閘口及航班狀態，每日更新至前一天。"
	result := pkg["result"].(map[string]any)
	result["notes"] = notes
	result["metadata_modified"] = "2026-11-30T09:15:00.000000"
	raw, _ = json.Marshal(pkg)
	if err := os.WriteFile(srcFile, raw, 0o644); err != nil {
		t.Fatal(err)
	}

	stdout, stderr, code = runImportCLI(t, importArgs...)
	if code != ExitOK || !strings.Contains(stderr, "24 records: 0 added, 1 updated, 23 unchanged, 0 withdrawn, 0 rejected") {
		t.Fatalf("third import: exit %d: %s", code, stderr)
	}
	if want := "updated " + flight + ": 1.0.0 → 1.1.0 (minor): description, update.last_modified\n"; stdout != want {
		t.Errorf("third import reported\n%s\nwant\n%s", stdout, want)
	}
	v, err := load.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(flight)
	d, fds := v.Dataset("datasets/aahk/aahk-team1-flight-info.yaml", after)
	if len(fds) > 0 {
		t.Fatalf("updated file: %v", fds)
	}
	ds := d.V
	if ds.Version != "1.1.0" || len(ds.Changelog) != 2 || ds.Changelog[0].Version != "1.1.0" || ds.Changelog[0].Date != "2026-11-30" ||
		!strings.Contains(ds.Changelog[0].Summary.En, "description") {
		t.Errorf("version %s, changelog %+v: want 1.1.0 with an entry dated 2026-11-30 naming the description", ds.Version, ds.Changelog)
	}
	if ds.Description.Zh != notes || ds.Update.LastModified != "2026-11-30" {
		t.Errorf("description %q, last_modified %s: not taken from the source", ds.Description.Zh, ds.Update.LastModified)
	}
	if len(ds.Columns) != 2 || ds.Columns[0].Name != "flight_no" || ds.Columns[1].Type != "datetime" || ds.Title.En != "Flight information" {
		t.Errorf("local edits lost: columns %+v, title %+v", ds.Columns, ds.Title)
	}
	if !strings.Contains(string(after), flightColumns+"changelog:") || !strings.Contains(string(after), "grade: general\n") {
		t.Errorf("the columns or grade the department wrote were rewritten:\n%s", after)
	}

	// The version rules agree with the bump: lint --base HEAD finds no version problem.
	stdout, stderr, _ = runImportCLI(t, "lint", "--catalog", "catalog", "--base", "HEAD", "--format", "json", "--now", "2026-12-01")
	var report struct {
		Findings []struct{ File, Rule, Message string }
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("lint --base: %v\n%s%s", err, stdout, stderr)
	}
	for _, f := range report.Findings {
		switch f.Rule {
		case "version-bump", "changelog", "breaking", "downgrade":
			t.Errorf("lint --base after the update: %s [%s] %s", f.File, f.Rule, f.Message)
		}
	}

	_, stderr, _ = runImportCLI(t, importArgs...)
	if !strings.Contains(stderr, "0 updated, 24 unchanged") {
		t.Errorf("fourth import: %s", stderr)
	}
}

// TestImportWithdrawn: a record gone from its source marks its published dataset
// deprecated with a new version and changelog entry; a draft is only reported.
func TestImportWithdrawn(t *testing.T) {
	dir := t.TempDir()
	cat := filepath.Join(dir, "catalog")
	src := filepath.Join(dir, "hk")
	copyDir(t, filepath.Join(repoRoot, "catalog"), cat)
	for _, f := range fixture.Files(t, "ckan/data.gov.hk-package_show")[:3] {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(src, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"import", "--update", "ckan", "--catalog", cat, "--now", "2026-12-01", src}
	if _, stderr, code := runImportCLI(t, args...); code != ExitOK {
		t.Fatalf("first import: %s", stderr)
	}
	published := filepath.Join(cat, "datasets", "aahk", "aahk-team1-flight-info.yaml")
	data, _ := os.ReadFile(published)
	if err := os.WriteFile(published, bytes.Replace(data, []byte("status: draft"), []byte("status: active"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"aahk-team1-flight-info.json", "hk-cad-cadpsi1-aftn-data.json"} {
		if err := os.Remove(filepath.Join(src, f)); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := runImportCLI(t, args...)
	if code != ExitOK || !strings.Contains(stderr, "1 records: 0 added, 0 updated, 1 unchanged, 2 withdrawn") {
		t.Fatalf("import after two records left: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "withdrawn "+published+`: record "9f17a172-da3c-4815-872a-2337f54af99a" is no longer in hk: status deprecated, 1.0.0 → 1.1.0`) ||
		!strings.Contains(stdout, "hk-cad-cadpsi1-aftn-data.yaml: record") || !strings.Contains(stdout, "a draft, left as it is") {
		t.Errorf("withdrawn report:\n%s", stdout)
	}
	after, _ := os.ReadFile(published)
	if !bytes.Contains(after, []byte("\nstatus: deprecated")) || !bytes.Contains(after, []byte("version: 1.1.0\n")) || !bytes.Contains(after, []byte("  - version: 1.1.0\n    date: 2026-12-01\n")) {
		t.Errorf("withdrawn dataset not marked:\n%s", after)
	}
	// Marked once: the next run reports it again but changes nothing.
	if stdout, stderr, _ = runImportCLI(t, args...); !strings.Contains(stdout, "already deprecated") || !strings.Contains(stderr, "2 withdrawn") {
		t.Errorf("second run after the withdrawal:\n%s%s", stdout, stderr)
	}
	if again, _ := os.ReadFile(published); !bytes.Equal(again, after) {
		t.Error("a withdrawn dataset was changed again")
	}
}

// TestImportInputs: a folder and a JKAN site root are read whole; --dry-run prints
// each file's YAML under a header line and writes nothing; --lenient keeps the FCC
// records that miss keyword; a Japanese title lands in untranslated, listed by
// lint; an error names a Chinese file name and character correctly.
func TestImportInputs(t *testing.T) {
	dir := t.TempDir()
	cat := filepath.Join(dir, "catalog")

	// A JKAN site root: organizations first, so the departments take their slugs.
	site := fixture.Corpus(t, "jkan/opendataphilly")
	stdout, stderr, code := runImportCLI(t, "import", "jkan", "--catalog", cat, "--now", "2026-12-01", "--dry-run", site)
	if code != ExitOK {
		t.Fatalf("jkan site: exit %d: %s", code, stderr)
	}
	headers := regexp.MustCompile(`(?m)^==> (\S+) \(would be added\) <==\n# yaml-language-server: \$schema=`).FindAllStringSubmatch(stdout, -1)
	if len(headers) < 28 || !strings.Contains(stderr, "28 records: 28 added") {
		t.Errorf("dry run of the JKAN site: %d files with headers; stderr %s", len(headers), stderr)
	}
	if !strings.Contains(stdout, "==> "+filepath.Join(cat, "departments", "city-of-philadelphia.yaml")+" (would be added) <==\n") {
		t.Errorf("the site's organization pages did not become departments named after their slugs")
	}
	if _, err := os.Stat(cat); err == nil {
		t.Error("--dry-run wrote the catalog")
	}
	if _, stderr, code = runImportCLI(t, "import", "ckan", "--catalog", cat, site); code != ExitUsage || !strings.Contains(stderr, "is a JKAN site") {
		t.Errorf("ckan on a JKAN site: exit %d: %s", code, stderr)
	}

	// --lenient: the 6 FCC records without keyword are kept, with a TODO marker.
	fcc := fixture.Corpus(t, "pod-v1.1/real-catalogs/opendata.fcc.gov.data.json")
	if _, stderr, code = runImportCLI(t, "import", "datajson", "--catalog", cat, "--dry-run", fcc); code != ExitFindings || !strings.Contains(stderr, "53 added") || strings.Count(stderr, "--lenient to import it") != 6 {
		t.Errorf("strict FCC import: exit %d: %s", code, stderr)
	}
	stdout, stderr, code = runImportCLI(t, "import", "--lenient", "datajson", "--catalog", cat, "--now", "2026-12-01", fcc)
	if code != ExitOK || !strings.Contains(stderr, "59 records: 59 added") || !strings.Contains(stderr, "0 rejected, 6 kept by --lenient;") {
		t.Errorf("lenient FCC import: exit %d: %s", code, stderr)
	}
	marked := 0
	for _, p := range writtenPaths(stdout) {
		if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("# TODO(author): the source record has no keyword (imported with --lenient)")) {
			marked++
		}
	}
	if marked != 6 {
		t.Errorf("%d files carry the --lenient marker for keyword, want 6", marked)
	}

	// A folder of Tokyo's package_show files: Japanese titles go to untranslated.
	tokyo := fixture.Corpus(t, "ckan/tokyo-metro-package_show")
	if _, stderr, code = runImportCLI(t, "import", "ckan", "--catalog", cat, "--now", "2026-12-01", tokyo); code != ExitOK {
		t.Fatalf("tokyo folder: exit %d: %s", code, stderr)
	}
	stdout, _, _ = runImportCLI(t, "lint", "--catalog", cat, "--format", "json", "--now", "2026-12-01")
	if !strings.Contains(stdout, `"message": "title has ja text awaiting translation (補助第315号線高架橋部…)`) {
		t.Errorf("lint does not list the untranslated Japanese title")
	}
	if strings.Contains(stdout, `"rule": "schema"`) {
		t.Errorf("imported files fail the schema:\n%s", stdout)
	}

	// Errors quote a Chinese file name and the character at fault whole.
	bad := filepath.Join(dir, "数据目录.json")
	if err := os.WriteFile(bad, []byte(`{"success": true, "result": 数据}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, _ = runImportCLI(t, "import", "ckan", "--catalog", cat, bad)
	if want := bad + ":1:29: not valid JSON: invalid character '数' looking for beginning of value"; !strings.Contains(stderr, want) {
		t.Errorf("error for a Chinese file:\n%s\nwant\n%s", stderr, want)
	}
}
