package load

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// TestReleaseData: after ReleaseData every position, Has and Decode of the
// default catalog's files answer as before, from the files' sources.
func TestReleaseData(t *testing.T) {
	cat, err := Load(filepath.Join("..", "..", "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	type answer struct {
		pos, key diag.Pos
		has      bool
	}
	before := map[*File]map[string]answer{}
	paths := map[*File][][]any{}
	for _, f := range cat.Files {
		var walk func(v any, p []any)
		walk = func(v any, p []any) {
			for _, q := range [][]any{p, append(p[:len(p):len(p)], "missing"), append(p[:len(p):len(p)], 7)} {
				paths[f] = append(paths[f], q)
			}
			switch v := v.(type) {
			case map[string]any:
				for k, c := range v {
					walk(c, append(p[:len(p):len(p)], k))
				}
			case []any:
				for i, c := range v {
					walk(c, append(p[:len(p):len(p)], i))
				}
			}
		}
		walk(f.Data, nil)
		before[f] = map[string]answer{}
		for _, p := range paths[f] {
			before[f][fmtPath(p)] = answer{f.Pos(p...), f.KeyPos(p...), f.Has(p...)}
		}
	}
	decoded := map[string]model.Dataset{}
	for _, d := range cat.Datasets {
		decoded[d.Path] = *d.V
	}
	cat.ReleaseData()
	released := 0
	for _, f := range cat.Files {
		if f.Data == nil {
			released++
		}
		for _, p := range paths[f] {
			if got, want := (answer{f.Pos(p...), f.KeyPos(p...), f.Has(p...)}), before[f][fmtPath(p)]; got != want {
				t.Errorf("%s %v: %+v after ReleaseData, %+v before", f.Path, p, got, want)
			}
		}
	}
	if released < len(cat.Files)*9/10 {
		t.Errorf("ReleaseData released %d of %d files", released, len(cat.Files))
	}
	for _, d := range cat.Datasets {
		var again model.Dataset
		if err := d.Decode(&again); err != nil || !reflect.DeepEqual(again, decoded[d.Path]) {
			t.Errorf("%s: Decode after ReleaseData: %v, values equal: %v", d.Path, err, reflect.DeepEqual(again, decoded[d.Path]))
		}
	}
}

func fmtPath(p []any) string { return fmt.Sprintf("%#v", p) }
