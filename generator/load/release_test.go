package load

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// TestLoadReleasesData: Load keeps no plain values for the files it decodes, and
// every position, Has, Value and Decode of the default catalog's files answers as on
// a freshly parsed file that still holds them.
func TestLoadReleasesData(t *testing.T) {
	v := schemaValidator(t)
	cat, err := v.Load(filepath.Join("..", "..", "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		pos, key diag.Pos
		has      bool
	}
	released, compared := 0, 0
	for _, loaded := range cat.Files {
		if loaded.Data == nil {
			released++
		}
		var fresh *File
		if loaded.Kind == "Guide" {
			_, fresh, _ = v.parseGuide(loaded.Path, loaded.Src)
		} else {
			fresh, _ = Parse(loaded.Path, loaded.Kind, loaded.Src)
		}
		if fresh.Data == nil {
			t.Fatalf("%s: does not parse again", loaded.Path)
		}
		if !reflect.DeepEqual(loaded.Value(), fresh.Data) {
			t.Errorf("%s: Value differs from the parsed data", loaded.Path)
		}
		walkPaths(fresh.Data, func(p []any, _ any) {
			for _, q := range [][]any{p, append(p[:len(p):len(p)], "missing"), append(p[:len(p):len(p)], 7)} {
				got := answer{loaded.Pos(q...), loaded.KeyPos(q...), loaded.Has(q...)}
				if want := (answer{fresh.Pos(q...), fresh.KeyPos(q...), fresh.Has(q...)}); got != want {
					t.Errorf("%s %s: %+v after Load, %+v parsed", loaded.Path, fmt.Sprint(q), got, want)
				}
				compared++
			}
		})
	}
	if released < len(cat.Files)*9/10 {
		t.Errorf("Load released the data of %d of %d files", released, len(cat.Files))
	}
	if compared < 10000 {
		t.Errorf("only %d lookups compared", compared)
	}
	for _, d := range cat.Datasets {
		fresh, _ := Parse(d.Path, d.Kind, d.Src)
		var want, again model.Dataset
		if err := fresh.Decode(&want); err != nil || !reflect.DeepEqual(want, *d.V) {
			t.Errorf("%s: the loaded value differs from a fresh decode (%v)", d.Path, err)
		}
		if err := d.Decode(&again); err != nil || !reflect.DeepEqual(again, want) {
			t.Errorf("%s: Decode after Load differs from a fresh decode (%v)", d.Path, err)
		}
	}
}
