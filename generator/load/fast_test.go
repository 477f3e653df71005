package load

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// checkSamePaths parses src both ways and fails when the fast path accepts a file
// but disagrees with the goccy path on its data, or on the position of any value.
// Positions are compared only when positions is set: on odd inputs (trailing
// spaces, tabs) goccy's columns are off by one where yaml.v3's are right.
func checkSamePaths(t *testing.T, name string, src []byte, positions bool) {
	t.Helper()
	fast, ffds := parseWith(name, model.KindDataset, src, 0, pathYAML3)
	if fast.node == nil {
		return // the fast path declined: nothing to compare
	}
	slow, sfds := parseWith(name, model.KindDataset, src, 0, pathGoccy)
	if len(ffds) != 0 {
		t.Fatalf("%s: fast path accepted the file with findings %v", name, ffds)
	}
	if len(sfds) != 0 {
		t.Fatalf("%s: the fast path accepted a file the goccy path rejects: %v", name, sfds)
	}
	if !reflect.DeepEqual(fast.Data, slow.Data) {
		t.Fatalf("%s: data differs\nfast: %#v\nslow: %#v", name, fast.Data, slow.Data)
	}
	compact, _ := parseWith(name, model.KindDataset, src, 0, pathYAML3)
	compact.Compact()
	// The scanner (scan.go), when it takes the file, must answer as the yaml.v3 path does.
	scanned, _ := parseWith(name, model.KindDataset, src, 0, pathScan)
	if scanned.node == nil && scanned.compact == nil {
		t.Fatalf("%s: the yaml.v3 path took a file that no path before it took", name)
	}
	if compact.node != nil || compact.compact == nil || compact.compact.tree != nil {
		t.Fatalf("%s: Compact kept the parse tree", name)
	}
	walkPaths(fast.Data, func(p []any, v any) {
		for _, q := range [][]any{p, append(p[:len(p):len(p)], "missing"), append(p[:len(p):len(p)], 0)} {
			if a, b := fast.Pos(q...), compact.Pos(q...); a != b {
				t.Errorf("%s: Pos%v %v, compacted %v", name, q, a, b)
			}
			if a, b := fast.KeyPos(q...), compact.KeyPos(q...); a != b {
				t.Errorf("%s: KeyPos%v %v, compacted %v", name, q, a, b)
			}
			if a, b := fast.Has(q...), compact.Has(q...); a != b {
				t.Errorf("%s: Has%v %v, compacted %v", name, q, a, b)
			}
			if a, b := fast.Pos(q...), scanned.Pos(q...); a != b {
				t.Errorf("%s: Pos%v %v, scanned %v", name, q, a, b)
			}
			if a, b := fast.KeyPos(q...), scanned.KeyPos(q...); a != b {
				t.Errorf("%s: KeyPos%v %v, scanned %v", name, q, a, b)
			}
			if a, b := fast.Has(q...), scanned.Has(q...); a != b {
				t.Errorf("%s: Has%v %v, scanned %v", name, q, a, b)
			}
		}
		if positions {
			// An empty value has no position of its own; goccy places it
			// inconsistently (sometimes after the colon), the fast path at its key.
			if fp, sp := fast.Pos(p...), slow.Pos(p...); fp != sp && v != nil {
				t.Errorf("%s: Pos%v fast %v, goccy %v", name, p, fp, sp)
			}
			if fp, sp := fast.KeyPos(p...), slow.KeyPos(p...); fp != sp {
				t.Errorf("%s: KeyPos%v fast %v, goccy %v", name, p, fp, sp)
			}
		}
	})
	// Decoded values are compared as Load makes them: only for a file of a known
	// kind that passes the schema. Load never decodes any other file, and on those
	// the decoders may fill zero values differently (or, given a map in random
	// order, stop at different fields).
	kind, _ := fast.Data.(map[string]any)["kind"].(string)
	newValue := map[string]func() any{
		model.KindPortal: func() any { return new(model.Portal) }, model.KindDepartment: func() any { return new(model.Department) },
		model.KindDataElement: func() any { return new(model.DataElement) }, model.KindDataset: func() any { return new(model.Dataset) },
		model.KindPricingPolicy: func() any { return new(model.PricingPolicy) },
	}[kind]
	if newValue == nil {
		return
	}
	fast.Kind = kind
	if fds := schemaValidator(t).Validate(fast); len(fds) != 0 {
		return
	}
	if a, b := newValue(), newValue(); true {
		if e1, e2 := fast.Decode(a), compact.Decode(b); e1 != nil || e2 != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: Decode after Compact differs: %v / %v", name, e1, e2)
		}
	}
	m1, m2, m3 := newValue(), newValue(), newValue()
	e1, e2, e3 := fast.Decode(m1), slow.Decode(m2), scanned.Decode(m3)
	if e1 == nil && e2 == nil && !reflect.DeepEqual(m1, m2) {
		t.Errorf("%s: decoded values differ:\n%#v\n%#v", name, m1, m2)
	}
	// decodeData (from File.Data) against yaml.v3's Node.Decode.
	if (e1 == nil) != (e3 == nil) || !reflect.DeepEqual(m1, m3) {
		t.Errorf("%s: decoded from the data (%v), differs from yaml.v3 (%v):\n%#v\n%#v", name, e3, e1, m3, m1)
	}
}

// TestFastPathScalars compares the two paths on scalars whose meaning differs
// between YAML versions.
func TestFastPathScalars(t *testing.T) {
	for _, v := range []string{"yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL", "True", "FALSE", "0.5e3", "-0", "0",
		"1e3", "2026-11-01", "2026-11-01T10:00:00Z", "12:30", "-12", "18446744073709551616", "3.", ".5", "0.0", "'x'", "\"y\"", "|\n  a\n", ">-\n  b\n  c\n"} {
		checkSamePaths(t, v, []byte("kind: Dataset\nv: "+v+"\nl: ["+strings.Split(v, "\n")[0]+"]\n"), true)
	}
}

// TestFastPathMatchesGoccy compares the two parse paths on every YAML file of the
// test corpora: the lint rule cases, the malformed corpus and the default catalog.
func TestFastPathMatchesGoccy(t *testing.T) {
	files := corpusYAML(t)
	for name, src := range files {
		checkSamePaths(t, name, src, true)
	}
	if len(files) < 50 {
		t.Errorf("only %d files compared", len(files))
	}
}

// TestFastPathDeclines lists inputs the fast path must leave to goccy.
func TestFastPathDeclines(t *testing.T) {
	for _, src := range []string{
		"a: &x 1\nb: *x\n", "a: !!str 1\n", "? a\n: 1\n", "a: 1\na: 2\n", "a: 1\n---\nb: 2\n",
		"- 1\n", "a: 0x10\n", "a: 1_000\n", "a: .inf\n", "1: a\n", "a: {", "a: 010\n", "<<: {a: 1}\n",
	} {
		if _, _, ok := parseFast([]byte(src)); ok {
			t.Errorf("fast path accepted %q", src)
		}
	}
	if _, _, ok := parseFast([]byte("kind: Dataset\nn: -3\nu: 7\nf: 1.5\nb: true\nd: 2026-11-01\nz:\ns: [a, 'b']\n")); !ok {
		t.Error("fast path declined a plain file")
	}
}

// TestNullKey: an unquoted `null:` under source is the field named null on both parse
// paths, not a null key that empties the whole source block.
func TestNullKey(t *testing.T) {
	for _, src := range []string{
		"kind: Dataset\nsource: {format: csv, path: x.csv, null: [\"-\", \"NA\"]}\n",
		"kind: Dataset\nsource:\n  format: csv\n  path: x.csv\n  null: [\"-\", \"NA\"]\n",
		"kind: Dataset\nsource:\n  format: csv\n  path: x.csv\n  null:\n    - \"-\"\n    - NA\n",
		"kind: Dataset\nsource:\n  format: csv\n  path: x.csv\n  ~: [\"-\", \"NA\"]\n",
	} {
		checkSamePaths(t, src, []byte(src), true)
		for _, fast := range []int{pathScan, pathYAML3, pathGoccy} {
			f, fds := parseWith("x.yaml", model.KindDataset, []byte(src), 0, fast)
			if len(fds) != 0 {
				t.Fatalf("%q: %v", src, fds)
			}
			var d model.Dataset
			if err := f.Decode(&d); err != nil {
				t.Fatalf("%q (fast %v): %v", src, fast, err)
			}
			if d.Source == nil || d.Source.Format != "csv" || d.Source.Path != "x.csv" || !reflect.DeepEqual(d.Source.Null, []string{"-", "NA"}) {
				t.Errorf("%q (fast %v): source decoded as %+v", src, fast, d.Source)
			}
			if p := f.KeyPos("source", "null"); p.Line < 2 || p.Col < 2 {
				t.Errorf("%q (fast %v): KeyPos(source, null) = %v", src, fast, p)
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
		"name: {zh: 甲, en: a, b:}\n":                           {"zh": "甲", "en": "a", "b": nil},
		"name: {zh: 甲, en: a, b: c}\n":                         {"zh": "甲", "en": "a", "b": "c"},
	} {
		if _, _, ok := parseFast([]byte(src)); ok && strings.Contains(src, ", b}") {
			t.Errorf("%q: the fast path must leave a valueless flow entry to goccy", src)
		}
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
		if v.Name.En != want["en"] || (strings.Contains(src, "商业") && f.Pos("name", "en") != diag.Pos{Line: 1, Col: 27}) {
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
func schemaValidator(t *testing.T) *Validator {
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
