package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

// gitRepo makes a git repository holding the portal test catalog (catalog/) and a
// notes file, all committed, and returns its root.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	files := testcat.Overlay(t, testcat.Archive(t, filepath.Join("..", "portal", "testdata", "site.txtar")))
	files["../notes.txt"] = []byte("notes\n")
	for name, data := range files {
		p := filepath.Join(repo, "catalog", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git(t, repo, "init", "-q")
	git(t, repo, "add", ".")
	git(t, repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "catalog")
	return repo
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestOutRefused: build, serve and extract refuse an --out whose replacement
// could lose data, exit 2 with a message, and change nothing: `git status` stays
// clean and no file appears beside the repository either.
func TestOutRefused(t *testing.T) {
	repo := gitRepo(t)
	elsewhere := t.TempDir()
	for _, tc := range []struct {
		name, cwd, out, want string
	}{
		{"--out . in the repository", ".", ".", "is the git repository"},
		{"--out the catalog", ".", "catalog", "is the catalog directory"},
		{"--out the repository from outside", elsewhere, repo, "is the git repository"},
		{"--out the repository's parent", elsewhere, filepath.Dir(repo), "contains the catalog directory"},
		{"--out a file", ".", "notes.txt", "is a file"},
		{"--out /", ".", "/", "is the root directory"},
		{"--out inside the catalog", ".", "catalog/site", "is inside the catalog directory"},
		{"--out the catalog by another name", ".", "catalog/datasets/..", "is the catalog directory"},
	} {
		for _, command := range []string{"build", "serve", "extract"} {
			t.Run(tc.name+"/"+command, func(t *testing.T) {
				cwd := tc.cwd
				if cwd == "." {
					cwd = repo
				}
				t.Chdir(cwd)
				beside, _ := os.ReadDir(filepath.Dir(repo))
				args := []string{command, "--catalog", filepath.Join(repo, "catalog"), "--out", tc.out}
				if command == "serve" {
					args = append(args, "--addr", "127.0.0.1:0")
				}
				if command != "extract" {
					args = append(args, "--now", "2026-11-01")
				}
				code, stdout, stderr := runCLI(t, nil, args...)
				if code != ExitUsage || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "nothing was written") {
					t.Errorf("exit %d, want %d with %q\nstdout: %s\nstderr: %s", code, ExitUsage, tc.want, stdout, stderr)
				}
				if st := git(t, repo, "status", "--porcelain", "--ignored"); st != "" {
					t.Errorf("git status after the refusal:\n%s", st)
				}
				if after, _ := os.ReadDir(filepath.Dir(repo)); len(after) != len(beside) {
					t.Errorf("the refusal wrote beside the repository: %d entries before, %d after", len(beside), len(after))
				}
			})
		}
	}
	t.Run("a directory shuyuan did not write", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "thesis.tex"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCLI(t, nil, "build", "--catalog", filepath.Join(repo, "catalog"), "--out", dir, "--now", "2026-11-01")
		if code != ExitUsage || !strings.Contains(stderr, "shuyuan did not write (it holds thesis.tex") {
			t.Errorf("exit %d: %s", code, stderr)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "thesis.tex")); err != nil || string(b) != "x" {
			t.Errorf("thesis.tex changed: %q %v", b, err)
		}
	})
	// the intended use still works: a site inside the repository, built twice
	t.Run("--out site", func(t *testing.T) {
		t.Chdir(repo)
		for range 2 {
			if code, _, stderr := runCLI(t, nil, "build", "--now", "2026-11-01", "--out", "site"); code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
		}
		if _, err := os.Stat(filepath.Join(repo, "site", "index.html")); err != nil {
			t.Error(err)
		}
		if st := git(t, repo, "status", "--porcelain"); st != "?? .site.builds/\n?? site\n" {
			t.Errorf("git status after building into site:\n%s", st)
		}
	})
}
