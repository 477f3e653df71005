// Package testcat loads txtar catalog fixtures for the tests of the site writers.
package testcat

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// Load writes the files of the txtar archive at path into a temporary directory,
// loads it as a catalog and fails the test on any load finding.
func Load(t testing.TB, path string) *load.Catalog {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cat.Findings {
		t.Errorf("fixture %s: %s", path, f)
	}
	return cat
}
