package gitrev

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// run runs a command in dir and fails the test on error.
func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_CONFIG_GLOBAL=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func write(t *testing.T, root, rel, content string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const dept = `kind: Department
id: sh-transport
name: {zh: 市交通委, en: Transport}
level: city
contact: data@example.gov.cn
`

func TestLoadCatalogAtRevision(t *testing.T) {
	repo := t.TempDir()
	run(t, repo, "git", "init", "-q", "-b", "main")
	write(t, repo, "catalog/departments/sh-transport.yaml", dept)
	write(t, repo, "catalog/sources/big.csv", "a,b\n1,2\n")
	write(t, repo, "README.md", "not in the catalog\n")
	run(t, repo, "git", "add", ".")
	run(t, repo, "git", "commit", "-q", "-m", "base")
	// Change the working tree after the commit: the base must not see it.
	write(t, repo, "catalog/departments/sh-transport.yaml", strings.Replace(dept, "Transport}", "Transport Commission}", 1))
	write(t, repo, "catalog/departments/sh-water.yaml", strings.ReplaceAll(dept, "sh-transport", "sh-water"))

	cat, cleanup, err := LoadCatalog(repo, "HEAD", "catalog")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if len(cat.Findings) != 0 {
		t.Fatalf("findings: %v", cat.Findings)
	}
	if len(cat.Departments) != 1 || cat.Departments[0].V.Name.En != "Transport" {
		t.Fatalf("base departments = %+v", cat.Departments)
	}
	if got := cat.Departments[0].Path; got != "departments/sh-transport.yaml" {
		t.Errorf("path = %q, want catalog-relative", got)
	}
	if _, err := os.Stat(filepath.Join(cat.Root, "sources")); !os.IsNotExist(err) {
		t.Errorf("sources/ was copied out of git")
	}
	root := cat.Root
	cleanup()
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("cleanup left %s", root)
	}

	// Run from inside the catalog directory, with no repoDir.
	cat2, cleanup2, err := LoadCatalog("", "HEAD", filepath.Join(repo, "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup2()
	if len(cat2.Departments) != 1 {
		t.Fatalf("departments = %d", len(cat2.Departments))
	}
}

func TestLoadCatalogMissingAtRevision(t *testing.T) {
	repo := t.TempDir()
	run(t, repo, "git", "init", "-q", "-b", "main")
	write(t, repo, "README.md", "x\n")
	run(t, repo, "git", "add", ".")
	run(t, repo, "git", "commit", "-q", "-m", "base")
	write(t, repo, "catalog/departments/sh-transport.yaml", dept)
	cat, cleanup, err := LoadCatalog(repo, "HEAD", "catalog")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if len(cat.Files) != 0 {
		t.Errorf("catalog absent at base, got %d files", len(cat.Files))
	}
}

func TestLoadCatalogErrors(t *testing.T) {
	repo := t.TempDir()
	run(t, repo, "git", "init", "-q", "-b", "main")
	write(t, repo, "catalog/departments/sh-transport.yaml", dept)
	run(t, repo, "git", "add", ".")
	run(t, repo, "git", "commit", "-q", "-m", "base")
	for _, tc := range []struct{ rev, dir, want string }{
		{"no-such-branch", "catalog", "no such commit"},
		{"--output=/tmp/x", "catalog", "not a git revision"},
		{"HEAD", "nowhere", "does not exist"},
	} {
		_, cleanup, err := LoadCatalog(repo, tc.rev, tc.dir)
		cleanup()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadCatalog(%q, %q) error = %v, want %q", tc.rev, tc.dir, err, tc.want)
		}
	}
	notRepo := t.TempDir()
	write(t, notRepo, "catalog/portal.yaml", "kind: Portal\n")
	if _, _, err := LoadCatalog(notRepo, "HEAD", "catalog"); err == nil || !strings.Contains(err.Error(), "not inside a git repository") {
		t.Errorf("outside a repository: %v", err)
	}
}

func TestChangedPaths(t *testing.T) {
	repo := t.TempDir()
	run(t, repo, "git", "init", "-q", "-b", "main")
	write(t, repo, "catalog/departments/sh-transport.yaml", dept)
	write(t, repo, "catalog/departments/sh-gone.yaml", dept)
	write(t, repo, "catalog/sources/a.csv", "a\n1\n")
	write(t, repo, "other/file.txt", "x\n")
	run(t, repo, "git", "add", ".")
	run(t, repo, "git", "commit", "-q", "-m", "base")
	write(t, repo, "catalog/departments/sh-transport.yaml", dept+"homepage: https://example.gov.cn/\n")
	write(t, repo, "catalog/sources/a.csv", "a\n2\n")
	write(t, repo, "catalog/datasets/sh-transport/new.yaml", "kind: Dataset\n")
	write(t, repo, "other/file.txt", "changed outside the catalog\n")
	if err := os.Remove(filepath.Join(repo, "catalog/departments/sh-gone.yaml")); err != nil {
		t.Fatal(err)
	}
	got, err := ChangedPaths(repo, "HEAD", "catalog")
	if err != nil {
		t.Fatal(err)
	}
	want := "datasets/sh-transport/new.yaml departments/sh-gone.yaml departments/sh-transport.yaml sources/a.csv"
	if strings.Join(got, " ") != want {
		t.Errorf("ChangedPaths = %v, want %s", got, want)
	}
}
