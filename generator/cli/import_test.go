package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
)

// TestImportCommand imports CKAN records into a copy of the default catalog: the
// datasets and department stubs appear, lint fails only on the placeholders and the
// usual findings of draft metadata, and a second import refuses to overwrite.
func TestImportCommand(t *testing.T) {
	inputs := fixture.Files(t, "ckan/data.gov.hk-package_show")[:3]
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "catalog"), dir)
	var stdout, stderr bytes.Buffer
	env := Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	args := append([]string{"import", "ckan", "--catalog", dir}, inputs...)
	if code := Main(env, args); code != ExitOK {
		t.Fatalf("import: exit %d: %s", code, stderr.String())
	}
	paths := strings.Fields(stdout.String())
	if len(paths) < 4 || !strings.Contains(stderr.String(), "3 datasets imported") {
		t.Fatalf("import wrote %v; stderr %s", paths, stderr.String())
	}
	stdout.Reset()
	if code := Main(env, []string{"lint", "--catalog", dir, "--format", "json", "--now", "2026-11-01"}); code != ExitFindings {
		t.Errorf("lint of imported drafts: exit %d, want %d", code, ExitFindings)
	}
	if strings.Contains(stdout.String(), `"rule": "schema"`) || strings.Contains(stdout.String(), `"rule": "yaml"`) {
		t.Errorf("imported files fail the schema:\n%s", stdout.String())
	}
	if !strings.Contains(stdout.String(), `"rule": "todo"`) {
		t.Errorf("lint does not report the TODO(author) placeholders")
	}
	stderr.Reset()
	if code := Main(env, args); code != ExitFindings || !strings.Contains(stderr.String(), "already exists") {
		t.Errorf("second import: exit %d: %s", code, stderr.String())
	}
	stderr.Reset()
	if code := Main(env, []string{"import", "ckan", "--catalog", dir, fixture.Corpus(t, "ckan/demo.ckan.org-package_search/package_list.json")}); code != ExitFindings || !strings.Contains(stderr.String(), "package_list.json:1:1:") {
		t.Errorf("package_list: exit %d: %s", code, stderr.String())
	}
}

// TestImportDeterministic: two imports of the same JKAN pages with the same --now
// write byte-identical files.
func TestImportDeterministic(t *testing.T) {
	inputs := fixture.Files(t, "jkan/opendataphilly/_datasets")[:10]
	run := func() map[string]string {
		dir := t.TempDir()
		var stdout, stderr bytes.Buffer
		env := Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		if code := Main(env, append([]string{"import", "jkan", "--catalog", dir, "--now", "2026-11-01"}, inputs...)); code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		out := map[string]string{}
		for _, p := range strings.Fields(stdout.String()) {
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
