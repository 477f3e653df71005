package lint

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// TestEveryFindingInOneRun: a file with schema errors (grade missing, frequency
// misspelt) still gets the findings of the rules that check partly decoded files:
// its unknown department and its two personal columns without de-identification
// come in the same run, each with its position (testdata/partial/layers.out), and
// the file is counted among the datasets.
func TestEveryFindingInOneRun(t *testing.T) {
	dir := writeCase(t, filepath.Join("testdata", "partial", "layers.txtar"))
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	findings := Run(cat, Options{Now: testNow})
	var got bytes.Buffer
	rules := map[string]int{}
	for _, f := range findings {
		got.WriteString(f.String() + "\n")
		if f.File == "datasets/sh-helth/clinic-visits.yaml" {
			rules[f.Rule]++
		}
		if f.Line < 1 || f.Col < 1 {
			t.Errorf("finding without a position: %s", f)
		}
	}
	golden := filepath.Join("testdata", "partial", "layers.out")
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
		t.Errorf("findings differ from %s:\n got:\n%s want:\n%s", golden, got.String(), want)
	}
	if rules["schema"] != 2 || rules["ref"] != 1 || rules["deid-required"] != 2 {
		t.Errorf("findings by rule on the dataset: %v; want 2 schema, 1 ref and 2 deid-required", rules)
	}
	if n := len(cat.WithPartial().Datasets); n != len(cat.Datasets)+1 {
		t.Errorf("%d datasets with the partial one, %d without", n, len(cat.Datasets))
	}
	if slices.ContainsFunc(cat.Datasets, func(d *load.Doc[model.Dataset]) bool { return d.File.Partial() }) {
		t.Error("a partly decoded dataset is among the datasets that are published")
	}
}

// TestRulesOnPartialFiles breaks a rich dataset of the default catalog in every
// place, one place at a time (a field removed, a value of the wrong type), and lints
// it: no rule may panic, the dataset stays counted (decoded in part), every finding
// has a position, and no rule but the schema's speaks about a value the schema
// rejected.
func TestRulesOnPartialFiles(t *testing.T) {
	src, err := os.ReadFile(fixture.Path(t, "catalog/datasets/sh-health/outpatient-visits-deid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var data any
	if err := yaml.Unmarshal(src, &data); err != nil {
		t.Fatal(err)
	}
	base := testcat.Overlay(t, testcat.Archive(t, filepath.Join("testdata", "base.txtar")))
	const name = "datasets/sh-health/outpatient-visits-deid.yaml"
	var paths [][]any
	walkValues(data, nil, func(p []any) { paths = append(paths, p) })
	if len(paths) < 50 {
		t.Fatalf("only %d values to break", len(paths))
	}
	for _, p := range paths[1:] { // not the document itself
		if slices.ContainsFunc(p, func(seg any) bool { i, ok := seg.(int); return ok && i > 1 }) {
			continue // the first two items of a list stand for the others
		}
		for _, how := range []string{"remove", "retype"} {
			if how == "remove" {
				if _, isKey := p[len(p)-1].(string); !isKey {
					continue
				}
			}
			broken := mutate(data, p, how)
			out, err := yaml.Marshal(broken)
			if err != nil {
				t.Fatal(err)
			}
			files := maps.Clone(base)
			files[name] = out
			cat, err := load.Load(testcat.Write(t, files))
			if err != nil {
				t.Fatal(err)
			}
			var findings []diag.Finding
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s %v: %v", how, p, r)
					}
				}()
				findings = Run(cat, Options{Now: testNow})
			}()
			doc := cat.WithPartial().Dataset("outpatient-visits-deid")
			if doc == nil && p[0] != "kind" && p[0] != "id" {
				t.Errorf("%s %v: the dataset is not counted", how, p)
				continue
			}
			var at diag.Pos
			if doc != nil && how == "retype" {
				at = doc.Pos(p...)
			}
			for _, f := range findings {
				if f.Line < 1 || f.Col < 1 {
					t.Errorf("%s %v: finding without a position: %s", how, p, f)
				}
				if f.File == name && how == "retype" && f.Pos == at && doc.Invalid(p...) && f.Rule != "schema" && f.Rule != "yaml" {
					t.Errorf("%s %v: rule %s speaks about the broken value: %s", how, p, f.Rule, f)
				}
			}
		}
	}
}

// walkValues calls fn with the path of every value in data, the document first.
func walkValues(data any, p []any, fn func([]any)) {
	fn(p)
	switch v := data.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			walkValues(v[k], append(slices.Clip(p), k), fn)
		}
	case []any:
		for i, c := range v {
			walkValues(c, append(slices.Clip(p), i), fn)
		}
	}
}

// mutate returns a copy of data with the value at p removed ("remove", a mapping
// key) or replaced by one of another type ("retype").
func mutate(data any, p []any, how string) any {
	if len(p) == 0 {
		switch data.(type) {
		case map[string]any, []any:
			return "x"
		}
		return []any{map[string]any{"wrong": 1}}
	}
	switch v := data.(type) {
	case map[string]any:
		out := maps.Clone(v)
		k := p[0].(string)
		if len(p) == 1 && how == "remove" {
			delete(out, k)
		} else {
			out[k] = mutate(v[k], p[1:], how)
		}
		return out
	case []any:
		out := slices.Clone(v)
		i := p[0].(int)
		out[i] = mutate(v[i], p[1:], how)
		return out
	}
	return data
}
