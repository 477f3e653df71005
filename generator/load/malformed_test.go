package load

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"

	"github.com/shuyuan-project/shuyuan/generator/internal/cputime"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// parseAndValidate runs what Load runs on one file: parse, schema, decode, or
// decode in part when the file fails the schema.
func parseAndValidate(t testing.TB, v *Validator, name, kind string, src []byte) []diag.Finding {
	t.Helper()
	f, fds := Parse(name, kind, src)
	if len(fds) > 0 {
		return fds
	}
	fds, invalid, decodable := v.validate(f)
	switch {
	case len(fds) == 0:
		_, fds = decode(f)
	case decodable:
		if decodeInPart(f, invalid) != nil && !f.Partial() {
			t.Fatalf("%s: decoded in part but not marked partial", name)
		}
	}
	return fds
}

// TestMalformed parses every file of testdata/malformed as a Department and
// compares the findings with testdata/malformed.out. Every file but bom.yaml (a
// UTF-8 BOM is accepted) must give at least one positioned finding; none may
// panic or hang.
func TestMalformed(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join("testdata", "malformed"))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join("testdata", "malformed", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		// CPU time, not the wall clock: other jobs on the machine do not count
		var fds []diag.Finding
		if d := cputime.Of(func() { fds = parseAndValidate(t, v, e.Name(), model.KindDepartment, src) }); d > 2*time.Second {
			t.Errorf("%s took %v of CPU", e.Name(), d)
		}
		if len(fds) == 0 {
			fmt.Fprintf(&got, "%s: no findings\n", e.Name())
			if e.Name() != "bom.yaml" {
				t.Errorf("%s: no finding", e.Name())
			}
		}
		for _, fd := range fds {
			if fd.Line < 1 || fd.Col < 1 {
				t.Errorf("%s: finding without a position: %s", e.Name(), fd)
			}
			got.WriteString(fd.String() + "\n")
		}
	}
	golden := filepath.Join("testdata", "malformed.out")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if got.String() != string(want) {
		t.Errorf("findings differ from %s:\n got:\n%s\nwant:\n%s", golden, got.String(), want)
	}
}

// TestOversized checks that a 10 MB file is refused before parsing, quickly.
func TestOversized(t *testing.T) {
	var b strings.Builder
	b.WriteString("kind: Department\nid: big\ndescription: |\n")
	for b.Len() < 10<<20 {
		b.WriteString("  数据数据数据数据数据数据数据数据数据数据数据数据数据数据数据数据\n")
	}
	var fds []diag.Finding
	if d := cputime.Of(func() { _, fds = Parse("departments/big.yaml", model.KindDepartment, []byte(b.String())) }); d > time.Second {
		t.Errorf("refusing a 10 MB file took %v of CPU", d)
	}
	if len(fds) != 1 || fds[0].Line != 1 || fds[0].Col != 1 || !strings.Contains(fds[0].Message, "at most 1 MiB") {
		t.Fatalf("findings = %v", fds)
	}
}

// TestLoadMalformedCatalog loads the malformed corpus as a catalog's departments:
// Load must report every file and never fail or panic.
func TestLoadMalformedCatalog(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "departments"), 0o755); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join("testdata", "malformed"))
	for _, e := range entries {
		src, _ := os.ReadFile(filepath.Join("testdata", "malformed", e.Name()))
		if err := os.WriteFile(filepath.Join(dir, "departments", e.Name()), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, f := range cat.Findings {
		files[f.File] = true
	}
	if len(files) != len(entries)-1 { // bom.yaml is valid
		t.Errorf("%d files with findings, want %d: %v", len(files), len(entries)-1, files)
	}
}

// FuzzParse feeds arbitrary bytes to the parser and the schema validator: they
// must never panic, and every finding must have a position.
func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir(filepath.Join("testdata", "malformed"))
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join("testdata", "malformed", e.Name()))
		if err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("kind: Dataset\nid: x\ncolumns:\n  - {name: a, type: string}\n"))
	v, err := NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, kind := range []string{model.KindDepartment, model.KindDataset} {
			fds := parseAndValidate(t, v, "x.yaml", kind, src)
			for _, fd := range fds {
				if fd.Line < 1 || fd.Col < 1 {
					t.Fatalf("finding without a position: %s", fd)
				}
			}
		}
		checkSamePaths(t, "x.yaml", src)
		_, _, fds := v.parseGuide("guide/10-x.md", src)
		for _, fd := range fds {
			if fd.Line < 1 || fd.Col < 1 {
				t.Fatalf("guide finding without a position: %s", fd)
			}
		}
	})
}
