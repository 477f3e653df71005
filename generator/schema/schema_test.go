package schema

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite schemas/ from the model types")

// TestSchemasMatchModel fails when the committed schemas drift from the Go types.
func TestSchemasMatchModel(t *testing.T) {
	root, _ := filepath.Abs("../..")
	wd, _ := os.Getwd()
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	got, err := Generate(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Kinds {
		path := filepath.Join(root, "schemas", k.File)
		if *update {
			if err := os.WriteFile(path, got[k.File], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v: run `make schemas` to generate it", err)
		}
		if !bytes.Equal(want, got[k.File]) {
			t.Errorf("schemas/%s is out of date with generator/model (type %s): run `make schemas`", k.File, typeName(k.Type))
		}
	}
}

func TestSchemasHaveDescriptions(t *testing.T) {
	for _, k := range Kinds {
		b, err := os.ReadFile(filepath.Join("../../schemas", k.File))
		if err != nil {
			t.Fatalf("schemas/%s is missing: run `make schemas`: %v", k.File, err)
		}
		if !bytes.Contains(b, []byte(`"description"`)) {
			t.Errorf("%s has no descriptions: generate it from the module root", k.File)
		}
	}
}
