package scaffold

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

var now = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// copyCatalog copies the default catalog's YAML and Markdown into a temp dir.
func copyCatalog(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "catalog")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func lintDir(t *testing.T, dir string) []diag.Finding {
	t.Helper()
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return lint.Run(cat, lint.Options{Now: now})
}

// TestNewLintsCleanExceptPlaceholders writes each kind into a copy of the default
// catalog: the new file gets only `todo` findings (at least one), and no other file
// gets a new finding.
func TestNewLintsCleanExceptPlaceholders(t *testing.T) {
	dir := copyCatalog(t)
	before := map[string]bool{}
	for _, f := range lintDir(t, dir) {
		before[f.String()] = true
	}
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Departments) == 0 {
		t.Fatal("the default catalog has no department")
	}
	dept := cat.Departments[0].V.ID
	reqs := []Request{
		{Kind: KindDepartment, ID: "sh-new-bureau", Now: now},
		{Kind: KindElement, ID: "new-test-element", Department: dept, Now: now},
		{Kind: KindDataset, ID: "new-test-dataset", Department: dept, Now: now},
	}
	for _, r := range reqs {
		p, err := Write(dir, r)
		if err != nil {
			t.Fatalf("%s: %v", r.Kind, err)
		}
		src, _ := os.ReadFile(p)
		first := strings.SplitN(string(src), "\n", 2)[0]
		// The portal publishes the schemas under its base URL (portal.yaml base_url).
		if !strings.HasPrefix(first, "# yaml-language-server: $schema="+cat.Portal.V.BaseURL+"schemas/") {
			t.Errorf("%s: first line %q lacks the schema line", r.Kind, first)
		}
		if _, err := Write(dir, r); err == nil || !strings.Contains(err.Error(), "already exists") {
			t.Errorf("%s: second write: %v, want a refusal", r.Kind, err)
		}
	}
	todos := map[string]int{}
	for _, f := range lintDir(t, dir) {
		if before[f.String()] {
			continue
		}
		if f.Rule != "todo" {
			t.Errorf("new finding other than todo: %s", f)
			continue
		}
		todos[f.File]++
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.File)))
		if err != nil {
			t.Fatal(err)
		}
		if line := strings.Split(string(src), "\n")[f.Line-1]; strings.HasPrefix(strings.TrimSpace(line), "#") {
			t.Errorf("todo reported on a comment-only line, not a value: %s: %q", f, line)
		}
	}
	for _, r := range reqs {
		if todos[r.Path()] == 0 {
			t.Errorf("%s: no todo finding: the placeholders must be reported", r.Path())
		}
	}
}

func TestRenderErrors(t *testing.T) {
	dir := copyCatalog(t)
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	dept := cat.Departments[0].V.ID
	for _, tc := range []struct {
		r    Request
		want string
	}{
		{Request{Kind: KindDataset, ID: "Bad_ID", Department: dept}, "not valid"},
		{Request{Kind: KindElement, ID: "x", Department: "no-such-dept"}, "does not exist"},
		{Request{Kind: KindDepartment, ID: dept}, "already exists"},
		{Request{Kind: "pricing", ID: "x"}, "unknown kind"},
	} {
		if _, err := Render(cat, tc.r); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Render(%+v) = %v, want %q", tc.r, err, tc.want)
		}
	}
}

// TestDepartmentRequired: `shuyuan new dataset ID` without a department is an
// error that lists the departments to choose from; nothing is picked silently.
func TestDepartmentRequired(t *testing.T) {
	cat, err := load.Load(copyCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Departments) < 2 {
		t.Fatal("the test catalog needs several departments")
	}
	for _, kind := range []string{KindDataset, KindElement} {
		_, err := Render(cat, Request{Kind: kind, ID: "x"})
		if err == nil || !strings.Contains(err.Error(), "--department") || !strings.Contains(err.Error(), cat.Departments[0].V.ID) {
			t.Errorf("Render %s without department = %v, want a --department error listing the departments", kind, err)
		}
	}
	lines := Departments(cat)
	if len(lines) != len(cat.Departments) || !slices.IsSorted(lines) || !strings.Contains(strings.Join(lines, "\n"), cat.Departments[0].V.Name.Zh) {
		t.Errorf("Departments = %q", lines)
	}
}
