package load

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load/internal/yamlread"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// sameData compares two plain values; a NaN equals a NaN.
func sameData(a, b any) bool {
	return reflect.DeepEqual(a, b) || fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}

// checkSamePaths parses src the way Load does (the scanner first) and with
// yaml.v3 alone (ReadYAML), and fails when the two files differ in anything a
// rule can see: findings, data, the position of any key or value, Has, the data
// read again after Load released it, or the model value decoded. For a file Load
// decodes (schema-valid for its kind), the decoded value must also equal what
// yaml.v3's own decoder makes of it.
func checkSamePaths(t *testing.T, name string, src []byte) {
	t.Helper()
	loaded, lfds := parseWith(name, model.KindDataset, src, 0, yamlread.Read)
	full, ffds := parseWith(name, model.KindDataset, src, 0, yamlread.ReadYAML)
	if !reflect.DeepEqual(lfds, ffds) {
		t.Fatalf("%s: findings differ:\nLoad:     %v\nReadYAML: %v", name, lfds, ffds)
	}
	if len(lfds) > 0 {
		if loaded.Data != nil || full.Data != nil {
			t.Fatalf("%s: a file with findings has data", name)
		}
		return
	}
	if !sameData(loaded.Data, full.Data) {
		t.Fatalf("%s: data differs\nLoad:     %#v\nReadYAML: %#v", name, loaded.Data, full.Data)
	}
	released, _ := parseWith(name, model.KindDataset, src, 0, yamlread.Read)
	released.release()
	if released.Data != nil || !sameData(released.Value(), full.Data) {
		t.Fatalf("%s: Value after release differs from the data", name)
	}
	walkPaths(full.Data, func(p []any, _ any) {
		for _, q := range [][]any{p, append(p[:len(p):len(p)], "missing"), append(p[:len(p):len(p)], 0)} {
			want := fmt.Sprint(full.Pos(q...), full.KeyPos(q...), full.Has(q...))
			if got := fmt.Sprint(loaded.Pos(q...), loaded.KeyPos(q...), loaded.Has(q...)); got != want {
				t.Errorf("%s: at %v Load gives %s, ReadYAML %s", name, q, got, want)
			}
			if got := fmt.Sprint(released.Pos(q...), released.KeyPos(q...), released.Has(q...)); got != want {
				t.Errorf("%s: at %v after release %s, ReadYAML %s", name, q, got, want)
			}
		}
	})
	kind, _ := full.Data.(map[string]any)["kind"].(string)
	newValue := map[string]func() any{
		model.KindPortal: func() any { return new(model.Portal) }, model.KindDepartment: func() any { return new(model.Department) },
		model.KindDataElement: func() any { return new(model.DataElement) }, model.KindDataset: func() any { return new(model.Dataset) },
		model.KindPricingPolicy: func() any { return new(model.PricingPolicy) },
	}[kind]
	if newValue == nil {
		return
	}
	// Load decodes only a file that passes its kind's schema; on any other the
	// decoders may stop at different fields, and Load never asks them.
	full.Kind = kind
	if fds := schemaValidator(t).Validate(full); len(fds) != 0 {
		return
	}
	m1, m2, m3, oracle := newValue(), newValue(), newValue(), newValue()
	e1, e2, e3 := loaded.Decode(m1), full.Decode(m2), released.Decode(m3)
	if e1 != nil || e2 != nil || e3 != nil {
		t.Fatalf("%s: a schema-valid file does not decode: %v / %v / %v", name, e1, e2, e3)
	}
	if !reflect.DeepEqual(m1, m2) || !reflect.DeepEqual(m1, m3) {
		t.Errorf("%s: decoded values differ:\n%#v\n%#v\n%#v", name, m1, m2, m3)
	}
	if err := yamlread.DecodeYAML(src, oracle); err != nil || !reflect.DeepEqual(m1, oracle) {
		t.Errorf("%s: decoded from the data, differs from yaml.v3's decoder (%v):\n%#v\n%#v", name, err, m1, oracle)
	}
}

// TestPathsScalars compares the two ways of reading on scalars whose meaning
// differs between YAML versions.
func TestPathsScalars(t *testing.T) {
	for _, v := range []string{"yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL", "True", "FALSE", "0.5e3", "-0", "0",
		"1e3", "2026-11-01", "2026-11-01T10:00:00Z", "12:30", "-12", "18446744073709551616", "3.", ".5", "0.0", "'x'", "\"y\"",
		"0x1F", "0o17", "017", "1_000", "+1", ".inf", "-.Inf", ".nan", "|\n  a\n", ">-\n  b\n  c\n"} {
		checkSamePaths(t, v, []byte("kind: Dataset\nv: "+v+"\nl: ["+strings.Split(v, "\n")[0]+"]\n"))
	}
}

// loadCorpus returns the YAML documents of the test corpora by name: the lint rule
// cases, the malformed corpus and the default catalog.
func loadCorpus(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	txtars, _ := filepath.Glob(filepath.Join(fixture.Path(t, "generator/lint/testdata"), "*", "*.txtar"))
	for _, p := range txtars {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".yaml") {
				out[p+"/"+f.Name] = f.Data
			}
		}
	}
	for _, dir := range []string{"generator/load/testdata/malformed", "catalog"} {
		_ = filepath.WalkDir(fixture.Path(t, dir), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
				out[p], _ = os.ReadFile(p)
			}
			return nil
		})
	}
	return out
}

// TestPathsAgree reads every YAML file of the test corpora both ways.
func TestPathsAgree(t *testing.T) {
	files := loadCorpus(t)
	for name, src := range files {
		checkSamePaths(t, name, src)
	}
	if len(files) < 100 {
		t.Errorf("only %d files compared", len(files))
	}
}

// TestNullKey: an unquoted `null:` under source is the field named null, not a null
// key that empties the whole source block, however the file is read.
func TestNullKey(t *testing.T) {
	for _, src := range []string{
		"kind: Dataset\nsource: {format: csv, path: x.csv, null: [\"-\", \"NA\"]}\n",
		"kind: Dataset\nsource:\n  format: csv\n  path: x.csv\n  null: [\"-\", \"NA\"]\n",
		"kind: Dataset\nsource:\n  format: csv\n  path: x.csv\n  null:\n    - \"-\"\n    - NA\n",
		"kind: Dataset\nsource:\n  format: csv\n  path: x.csv\n  ~: [\"-\", \"NA\"]\n",
		"kind: Dataset\nsource:\n\tformat: csv\n",
	} {
		checkSamePaths(t, src, []byte(src))
		for name, read := range map[string]func([]byte) (any, *yamlread.Tree, []yamlread.Problem){"Read": yamlread.Read, "ReadYAML": yamlread.ReadYAML} {
			f, fds := parseWith("x.yaml", model.KindDataset, []byte(src), 0, read)
			if strings.Contains(src, "\t") {
				if len(fds) != 1 || fds[0].Pos != (diag.Pos{Line: 3, Col: 1}) {
					t.Errorf("%q (%s): findings %v, want one at 3:1", src, name, fds)
				}
				continue
			}
			if len(fds) != 0 {
				t.Fatalf("%q (%s): %v", src, name, fds)
			}
			var d model.Dataset
			if err := f.Decode(&d); err != nil {
				t.Fatalf("%q (%s): %v", src, name, err)
			}
			if d.Source == nil || d.Source.Format != "csv" || d.Source.Path != "x.csv" || !reflect.DeepEqual(d.Source.Null, []string{"-", "NA"}) {
				t.Errorf("%q (%s): source decoded as %+v", src, name, d.Source)
			}
			if p := f.KeyPos("source", "null"); p.Line < 2 || p.Col < 2 {
				t.Errorf("%q (%s): KeyPos(source, null) = %v", src, name, p)
			}
		}
	}
}

// TestFlowComma: catalog-format.md writes `name: {zh: …, en: Commercial use, metered}`;
// the bare word after the comma is joined to the plain value before it, while quoted
// values and entries with a colon stay YAML's reading.
func TestFlowComma(t *testing.T) {
	for src, want := range map[string]map[string]any{
		"name: {zh: 商业使用·按量计费, en: Commercial use, metered}\n": {"zh": "商业使用·按量计费", "en": "Commercial use, metered"},
		"name: {zh: 甲, en: a,  b , c}\n":                       {"zh": "甲", "en": "a, b, c"},
		"name: {zh: 甲, en: 'a', b}\n":                          {"zh": "甲", "en": "a", "b": nil},
		// yaml.v3 reads `b:}` as the plain key "b:" (YAML 1.2 would end it at the colon)
		"name: {zh: 甲, en: a, b:}\n":   {"zh": "甲", "en": "a", "b:": nil},
		"name: {zh: 甲, en: a, b: c}\n": {"zh": "甲", "en": "a", "b": "c"},
		"name: {zh: 甲,\n  en: a, b}\n": {"zh": "甲", "en": "a, b"},
	} {
		checkSamePaths(t, src, []byte(src))
		f, fds := Parse("x.yaml", model.KindPortal, []byte(src))
		if len(fds) != 0 {
			t.Fatalf("%q: %v", src, fds)
		}
		if got := f.Data.(map[string]any)["name"]; !reflect.DeepEqual(got, want) {
			t.Errorf("%q: name = %#v, want %#v", src, got, want)
		}
		var v struct {
			Name model.Text `yaml:"name"`
		}
		if err := f.Decode(&v); err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if v.Name.En != want["en"] || (strings.Contains(src, "商业") && f.Pos("name", "en") != diag.Pos{Line: 1, Col: 27, EndLine: 1, EndCol: 50}) {
			t.Errorf("%q: decoded %+v, en at %v", src, v.Name, f.Pos("name", "en"))
		}
	}
}

var (
	validatorOnce sync.Once
	validatorVal  *Validator
	validatorErr  error
)

// schemaValidator compiles the embedded schemas once for all tests and fuzz runs.
func schemaValidator(t testing.TB) *Validator {
	t.Helper()
	validatorOnce.Do(func() { validatorVal, validatorErr = NewValidator() })
	if validatorErr != nil {
		t.Fatal(validatorErr)
	}
	return validatorVal
}

// walkPaths calls fn with the path (keys and list indexes) of every value in data,
// the document itself first.
func walkPaths(data any, fn func(path []any, v any)) {
	var walk func(v any, p []any)
	walk = func(v any, p []any) {
		fn(p, v)
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
	walk(data, nil)
}
