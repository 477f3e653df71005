package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// gitIn runs git in dir with a fixed identity and no user configuration.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// copyDir copies the regular files of src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// gitRepoWithCatalog makes a git repository holding a copy of the default catalog
// in catalog/, committed, and returns the repository directory.
func gitRepoWithCatalog(t *testing.T) string {
	t.Helper()
	repo := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "catalog"), filepath.Join(repo, "catalog"))
	gitIn(t, repo, "init", "-q", "-b", "main")
	gitIn(t, repo, "add", ".")
	gitIn(t, repo, "commit", "-q", "-m", "default catalog")
	return repo
}

// TestLintBaseBreakingEndToEnd is the acceptance scenario of the version rules: a
// git repository made from the default catalog, a change that removes a published
// column without a major version bump, and `shuyuan lint --base HEAD --format
// github` failing with the breaking rule on the line of `columns:`.
func TestLintBaseBreakingEndToEnd(t *testing.T) {
	repo := gitRepoWithCatalog(t)
	catDir := filepath.Join(repo, "catalog")
	cat, err := load.Load(catDir)
	if err != nil {
		t.Fatal(err)
	}
	// The first dataset whose first column is published and followed by another.
	var ds *load.Doc[model.Dataset]
	for _, d := range cat.Datasets {
		if len(d.V.Columns) >= 2 && (d.V.Columns[0].Deid == nil || d.V.Columns[0].Deid.Op != model.OpDrop) {
			ds = d
			break
		}
	}
	if ds == nil {
		t.Fatal("the default catalog has no dataset with two columns")
	}
	// Delete the lines of the first column: from its "- name:" line to the next column's.
	from, to := ds.Pos("columns", 0).Line, ds.Pos("columns", 1).Line
	lines := strings.SplitAfter(string(ds.Src), "\n")
	edited := strings.Join(append(append([]string{}, lines[:from-1]...), lines[to-1:]...), "")
	if err := os.WriteFile(filepath.Join(catDir, filepath.FromSlash(ds.Path)), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	columnsLine := ds.KeyPos("columns").Line

	t.Chdir(repo)
	var stdout, stderr bytes.Buffer
	code := Main(Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }},
		[]string{"lint", "--catalog", "catalog", "--base", "HEAD", "--format", "github", "--now", "2026-11-01"})
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitFindings, stdout.String(), stderr.String())
	}
	want := fmt.Sprintf("::error file=catalog/%s,line=%d,col=1,endLine=%d,endColumn=8,title=shuyuan [breaking]::published column %q",
		ds.Path, columnsLine, columnsLine, ds.V.Columns[0].Name)
	if !strings.Contains(stdout.String(), want) {
		t.Errorf("output lacks\n%s\ngot:\n%s", want, stdout.String())
	}
	// version-bump asks for the bump the breaking change needs, 2.0.0, never 1.1.0
	// (issue 14: it suggested 1.1.0 beside the breaking finding's 2.0.0).
	bump := fmt.Sprintf("[version-bump]::the content changed but version is still %s, and the change breaks consumers (the breaking finding says how): set it to 2.0.0 and add a changelog entry", ds.V.Version)
	if !strings.Contains(stdout.String(), bump) || strings.Contains(stdout.String(), "set it to 1.1.0") {
		t.Errorf("version-bump does not ask for 2.0.0 alone:\n%s", stdout.String())
	}
	// Without --base the version rules stay silent.
	stdout.Reset()
	Main(Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }},
		[]string{"lint", "--catalog", "catalog", "--format", "github", "--now", "2026-11-01"})
	if strings.Contains(stdout.String(), "[breaking]") {
		t.Errorf("breaking reported without --base:\n%s", stdout.String())
	}
}

// TestChangedAndExtractKeys: `shuyuan changed` lists the datasets whose file or
// source changed, and --keys their key names.
func TestChangedAndExtractKeys(t *testing.T) {
	repo := gitRepoWithCatalog(t)
	catDir := filepath.Join(repo, "catalog")
	cat, err := load.Load(catDir)
	if err != nil {
		t.Fatal(err)
	}
	var bySource, byFile *load.Doc[model.Dataset]
	for _, d := range cat.Datasets {
		switch {
		case bySource == nil && d.V.Source != nil && d.V.Source.Path != "":
			bySource = d
		case byFile == nil:
			byFile = d
		}
	}
	if bySource == nil || byFile == nil {
		t.Fatal("the default catalog needs two datasets, one with a source file")
	}
	appendTo := func(rel, text string) {
		p := filepath.Join(catDir, filepath.FromSlash(rel))
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}
	appendTo(bySource.V.Source.Path, "\n")
	appendTo(byFile.Path, "# a comment changes the file\n")
	t.Chdir(repo)
	var stdout, stderr bytes.Buffer
	env := Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := Main(env, []string{"changed", "--base", "HEAD"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got := strings.Fields(stdout.String())
	if len(got) != 2 || !(got[0] == bySource.V.ID && got[1] == byFile.V.ID || got[1] == bySource.V.ID && got[0] == byFile.V.ID) {
		t.Errorf("changed = %v, want %s and %s", got, bySource.V.ID, byFile.V.ID)
	}
	stdout.Reset()
	if code := Main(env, []string{"changed", "--base", "HEAD", "--keys"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, k := range strings.Fields(stdout.String()) {
		if strings.ContainsAny(k, "=:") {
			t.Errorf("--keys printed %q; want bare variable names", k)
		}
	}
	if code := Main(env, []string{"changed"}); code != ExitUsage {
		t.Errorf("changed without --base: exit %d, want %d", code, ExitUsage)
	}
}
