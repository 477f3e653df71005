// Package testcat writes and loads txtar catalog fixtures for tests: one place for
// the overlay-a-case-on-a-base-catalog logic that lint, portal and cli tests share.
package testcat

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// Overlay returns the files of the txtar archives, later ones replacing earlier
// files of the same name. A file with empty content deletes one of that name.
func Overlay(t testing.TB, archives ...*txtar.Archive) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, a := range archives {
		for _, f := range a.Files {
			if len(f.Data) == 0 {
				delete(files, f.Name)
				continue
			}
			files[f.Name] = f.Data
		}
	}
	return files
}

// Archive parses the txtar file at path.
func Archive(t testing.TB, path string) *txtar.Archive {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Write writes files into a new temporary directory and returns it.
func Write(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Tree reads every file under dir, keyed by slash-separated relative path. dir may
// be a built site's --out: a symbolic link to the build (package outdir).
func Tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Load writes the files of the txtar archive at path into a temporary directory,
// loads it as a catalog and fails the test on any load finding.
func Load(t testing.TB, path string) *load.Catalog {
	t.Helper()
	dir := Write(t, Overlay(t, Archive(t, path)))
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cat.Findings {
		t.Errorf("fixture %s: %s", path, f)
	}
	return cat
}

// ResidentIDs returns n distinct checksum-valid 18-character resident id numbers
// (GB 11643), for tests of the personal-data scans.
func ResidentIDs(n int) []string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	out := make([]string, n)
	for i := range out {
		body := fmt.Sprintf("310104198%d0%d1%d%03d", i%10, 1+i%9, i%3, i%1000)
		sum := 0
		for k, c := range body {
			sum += int(c-'0') * weights[k]
		}
		out[i] = body + string("10X98765432"[sum%11])
	}
	return out
}
