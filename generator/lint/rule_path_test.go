package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// TestPathSymlinkEscape checks that a source path whose symbolic link leads out of
// the catalog is reported, and one whose link stays inside is not. txtar cannot
// hold symbolic links, so this case is built here.
func TestPathSymlinkEscape(t *testing.T) {
	dir := writeCase(t, filepath.Join("testdata", "path", "pass.txtar"))
	outside := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(outside, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "sources", "escape.csv")); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
	if err := os.Symlink("ridership.csv", filepath.Join(dir, "sources", "inside.csv")); err != nil {
		t.Fatal(err)
	}
	ds := func(path string) string {
		return strings.Replace(string(readOrPanic(os.ReadFile(filepath.Join(dir, "datasets", "sh-transport", "metro-ridership.yaml")))),
			"path: sources/ridership.csv", "path: "+path, 1)
	}
	for name, path := range map[string]string{"escape": "sources/escape.csv", "inside": "sources/inside.csv"} {
		if err := os.WriteFile(filepath.Join(dir, "datasets", "sh-transport", "metro-ridership.yaml"), []byte(ds(path)), 0o644); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range lintDir(t, dir) {
			got = append(got, f.String())
		}
		want := 0
		if name == "escape" {
			want = 1
		}
		if len(got) != want || (want == 1 && !strings.Contains(got[0], `[path] source.path "sources/escape.csv" is a symbolic link that leaves the catalog directory`)) {
			t.Errorf("%s: findings %q", name, got)
		}
		// Put the base path back for the next case.
		if err := os.WriteFile(filepath.Join(dir, "datasets", "sh-transport", "metro-ridership.yaml"),
			[]byte(strings.Replace(ds(path), "path: "+path, "path: sources/ridership.csv", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readOrPanic[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestRunRePanics checks that a panicking rule, which runs in its own goroutine,
// panics in the caller (where cli.Main reports it as an internal error) rather
// than crashing the process.
func TestRunRePanics(t *testing.T) {
	cat, err := load.Load(writeCase(t, filepath.Join("testdata", "path", "pass.txtar")))
	if err != nil {
		t.Fatal(err)
	}
	cat.Datasets[0].V = nil // every rule that reads datasets now dereferences nil
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(fmt.Sprint(r), "lint rule id-mismatch: ") {
			t.Errorf("recovered %v; want the panic of the first rule in registry order", r)
		}
	}()
	Run(cat, Options{Now: testNow})
}
