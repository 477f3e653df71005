package load

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/schema"
	"github.com/shuyuan-project/shuyuan/schemas"
)

// The quick verdict must never say valid where santhosh-tekuri finds an error.
// These tests compare the two on every catalog file the repository holds, on
// systematic mutations of the valid ones and, in FuzzQuickSchema, on mutations the
// fuzzer drives. A quick verdict of invalid is checked too where it is cheap: a
// wrong "invalid" would let a oneOf branch be ruled out wrongly.

var (
	quickOnce sync.Once
	quickV    *Validator
	quickErr  error
)

// testValidator returns one Validator shared by the tests of this file.
func testValidator(t testing.TB) *Validator {
	t.Helper()
	quickOnce.Do(func() { quickV, quickErr = NewValidator() })
	if quickErr != nil {
		t.Fatal(quickErr)
	}
	return quickV
}

// quickDoc is a decoded catalog file to validate.
type quickDoc struct {
	name, kind string
	data       any
}

// parseDoc parses one file as the loader does: guide pages by their front matter.
func parseDoc(v *Validator, rel, kind string, src []byte) (quickDoc, bool) {
	var f *File
	if kind == "Guide" {
		_, f, _ = v.parseGuide(rel, src)
	} else {
		f, _ = Parse(rel, kind, src)
	}
	if f == nil || f.Data == nil {
		return quickDoc{}, false
	}
	return quickDoc{rel, kind, f.Data}, true
}

// defaultCatalog parses every file of the repository's catalog/.
func defaultCatalog(t testing.TB) []quickDoc {
	t.Helper()
	v := testValidator(t)
	dir := filepath.Join("..", "..", "catalog")
	entries, err := walk(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []quickDoc
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.rel)))
		if err != nil {
			t.Fatal(err)
		}
		d, ok := parseDoc(v, e.rel, e.kind, src)
		if !ok {
			t.Fatalf("catalog/%s does not parse", e.rel)
		}
		out = append(out, d)
	}
	if len(out) < 100 {
		t.Fatalf("only %d files in catalog/", len(out))
	}
	return out
}

// fixtureDocs parses the catalog files of the lint and load test data and the
// real-world corpus in the repository's testdata/corpus. The load test data and the corpus hold no catalog files of
// their own, so each of their files is checked as every kind.
func fixtureDocs(t testing.TB) []quickDoc {
	t.Helper()
	v := testValidator(t)
	var out []quickDoc
	add := func(rel, kind string, src []byte) {
		if d, ok := parseDoc(v, rel, kind, src); ok {
			out = append(out, d)
		}
	}
	everyKind := func(name string, src []byte) {
		if strings.HasSuffix(name, ".md") {
			add("guide/"+filepath.Base(name), "Guide", src)
			return
		}
		d, ok := parseDoc(v, name, model.KindDataset, src)
		for _, k := range schema.Kinds {
			if ok && k.Name != "Guide" {
				out = append(out, quickDoc{name, k.Name, d.data})
			}
		}
	}
	walkFiles(t, filepath.Join("..", "lint", "testdata"), func(p string, src []byte) {
		if filepath.Ext(p) != ".txtar" {
			return
		}
		for _, f := range txtar.Parse(src).Files {
			if k := kindAt(f.Name); k != "" {
				add(p+":"+f.Name, k, f.Data)
			}
		}
	})
	walkFiles(t, "testdata", func(p string, src []byte) {
		if ext := filepath.Ext(p); ext == ".yaml" || ext == ".yml" {
			everyKind(p, src)
		}
	})
	walkFiles(t, fixture.Corpus(t, ""), func(p string, src []byte) {
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json", ".md":
			if len(src) <= 256<<10 {
				everyKind(p, src)
			}
		}
	})
	return out
}

// walkFiles calls fn with every regular file under dir.
func walkFiles(t testing.TB, dir string, fn func(path string, src []byte)) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		src, err := os.ReadFile(p)
		if err == nil {
			fn(p, src)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkQuick compares the quick verdict on data with santhosh-tekuri's and
// returns the quick verdict. It fails when quick says valid and santhosh-tekuri
// finds an error; with strict it also fails when quick says invalid and
// santhosh-tekuri accepts the document.
func checkQuick(t testing.TB, v *Validator, name, kind string, data any, strict bool) verdict {
	t.Helper()
	q := v.quick[kind].check(data)
	if q == unsure || (q == invalid && !strict) {
		return q
	}
	err := v.byKind[kind].Validate(data)
	if q == valid && err != nil {
		t.Errorf("%s: quick verdict valid, santhosh-tekuri: %v\ndata: %#v", name, err, data)
	}
	if q == invalid && err == nil {
		t.Errorf("%s: quick verdict invalid, santhosh-tekuri accepts it\ndata: %#v", name, data)
	}
	return q
}

func TestQuickSchemaKnowsEveryKeyword(t *testing.T) {
	for _, k := range schema.Kinds {
		b, err := schemas.FS.ReadFile(k.File)
		if err != nil {
			t.Fatal(err)
		}
		_, unknown, err := compileQuickJSON(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, where := range unknown {
			t.Errorf("%s%s: this keyword is unknown to the quick compiler: teach it (quickschema.go), or every file of this kind takes the slow path", k.File, where)
		}
	}
}

func TestQuickSchemaUnknownIsUnsure(t *testing.T) {
	for _, c := range []struct {
		schema string
		data   any
		want   verdict
	}{
		{`{"type": "string", "maxItems": 1}`, "x", unsure},
		{`{"properties": {"a": {"not": {}}}}`, map[string]any{"a": "x"}, unsure},
		{`{"properties": {"a": {"not": {}}}}`, map[string]any{}, valid},
		{`{"additionalProperties": true}`, map[string]any{}, unsure},
		{`{"properties": {"a": false}}`, map[string]any{"a": "x"}, unsure},
		{`{"type": ["string", "null"]}`, "x", unsure},
		{`{"enum": [1, "a"]}`, "a", unsure},
		{`{"minimum": 1.5}`, uint64(2), unsure},
		{`{"format": "hostname"}`, "example.com", unsure},
		{`{"$schema": "http://json-schema.org/draft-07/schema#"}`, "x", unsure},
		{`{"oneOf": [{"type": "string"}, {"maxProperties": 1}]}`, "x", unsure},
		{`{"type": "integer"}`, 3.0, unsure},
		{`{"type": "integer"}`, uint64(3), valid},
		{`{"type": "number"}`, math.NaN(), unsure},
		{`{"type": "string"}`, 3, unsure}, // an int: the decoders give uint64
	} {
		q, _, err := compileQuickJSON([]byte(c.schema))
		if err != nil {
			t.Fatal(err)
		}
		if got := q.check(c.data); got != c.want {
			t.Errorf("%s on %#v: verdict %d, want %d", c.schema, c.data, got, c.want)
		}
	}
}

func TestQuickSchemaCatalogFiles(t *testing.T) {
	v := testValidator(t)
	for _, d := range defaultCatalog(t) {
		if q := checkQuick(t, v, d.name, d.kind, d.data, true); q != valid {
			t.Errorf("catalog/%s: quick verdict %d, want valid: the fast path is not taken", d.name, q)
		}
	}
	docs := fixtureDocs(t)
	count := map[verdict]int{}
	for _, d := range docs {
		count[checkQuick(t, v, d.name, d.kind, d.data, true)]++
	}
	t.Logf("%d fixture documents: %d valid, %d invalid, %d unsure", len(docs), count[valid], count[invalid], count[unsure])
	if count[valid] < 50 || count[invalid] < 100 {
		t.Errorf("fixtures give too few valid or invalid verdicts: %v", count)
	}
}

// scalars are the replacement values of the mutation tests: every JSON type,
// numbers at and around the schemas' bounds, empty, long and wide strings, wrong
// and leap dates, division codes, emails, addresses and common enum values.
var scalars = []any{
	nil, true, false,
	uint64(0), uint64(1), uint64(2), uint64(4), uint64(5), uint64(15), uint64(16), uint64(100), uint64(101),
	uint64(127), uint64(128), uint64(256), uint64(257), uint64(1 << 60), uint64(math.MaxUint64),
	int64(-1), int64(-6), int64(-7), int64(math.MinInt64),
	0.0, math.Copysign(0, -1), 5e-324, 0.5, -0.5, 1.0, 3.0, 100.5, 128.0, -6.0, -6.5, 1e300, -1e300,
	"", " ", "x", "X Y", "a--b", "-a", "a-", strings.Repeat("a", 64), strings.Repeat("a", 65), strings.Repeat("字", 64), strings.Repeat("字", 65),
	"2026-02-30", "2024-02-29", "2023-02-29", "2026-13-01", "2026-1-05", "2026-01-05", "2026-01-05T00:00:00Z", "20260105",
	"310115", "319999", "31011", "3101150", "11310000MB2F398205", "11310000MB2F39820O", "12310000MBP76L1765",
	"data@example.gov.cn", "a@b", "a..b@example.com", ".a@example.com", "a@-b.example.com", "\"a b\"@example.com", "a@[127.0.0.1]",
	"https://example.gov.cn/", "http://x", "http://x:8080/a?b=c", "http://x:/a", "http://[::1]/", "ftp://x", "https://", "/relative", "https://a b/",
	"http://[x/", "http://a%zz/", "http://a:99x/", "https://x/%zz", "https://x/a b", "https://x/a#b", "HTTPS://X/",
	"1.0.0", "01.0.0", "1.0", "env:KEY", "file:keys/a", "draft", "active", "district", "city", "general", "none", "zh", "en",
	map[string]any{}, map[string]any{"zh": "中"}, map[string]any{"zh": ""}, map[string]any{"en": "x"}, map[string]any{"zh": "a", "en": "b"},
	map[string]any{"zh": "a", "fr": "b"},
	[]any{}, []any{"x"}, []any{"x", "x"}, []any{"x", "y"}, []any{uint64(1)}, []any{map[string]any{}}, []any{nil},
}

// extraKeys are the keys the mutations add to every mapping.
var extraKeys = []string{"zzz", "zh", "en", "kind", "id", "district", "level"}

// pathsOf lists the path of every value in doc, the root first, map keys sorted.
func pathsOf(doc any) [][]any {
	var out [][]any
	var rec func(v any, p []any)
	rec = func(v any, p []any) {
		out = append(out, p)
		switch x := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(x)) {
				rec(x[k], append(p[:len(p):len(p)], k))
			}
		case []any:
			for i, e := range x {
				rec(e, append(p[:len(p):len(p)], i))
			}
		}
	}
	rec(doc, nil)
	return out
}

// replaceAt returns doc with the value at path replaced by fn(old), copying only
// the maps and lists on the path; when fn reports false the value is removed.
func replaceAt(doc any, path []any, fn func(old any) (any, bool)) any {
	if len(path) == 0 {
		n, _ := fn(doc)
		return n
	}
	switch d := doc.(type) {
	case map[string]any:
		k := path[0].(string)
		c := maps.Clone(d)
		if len(path) > 1 {
			c[k] = replaceAt(d[k], path[1:], fn)
		} else if n, keep := fn(d[k]); keep {
			c[k] = n
		} else {
			delete(c, k)
		}
		return c
	case []any:
		i := path[0].(int)
		c := slices.Clone(d)
		if len(path) > 1 {
			c[i] = replaceAt(d[i], path[1:], fn)
		} else if n, keep := fn(d[i]); keep {
			c[i] = n
		} else {
			c = slices.Delete(c, i, i+1)
		}
		return c
	}
	return doc
}

// variants are the systematic replacements of one value: the scalars, then
// edits of its own kind (strings changed at either end, numbers moved by one,
// keys added to maps, lists emptied, reversed or given a duplicate item).
func variants(old any) []any {
	out := slices.Clone(scalars)
	switch x := old.(type) {
	case string:
		r, _ := utf8.DecodeLastRuneInString(x)
		out = append(out, x+"x", "x"+x, x+"-", strings.ToUpper(x), " "+x, x+" ", x[:len(x)/2], x+x, x+"字",
			strings.TrimSuffix(x, string(r)), strings.ReplaceAll(x, "0", "9"), strings.ReplaceAll(x, "-", "/"))
	case uint64:
		out = append(out, x+1, x-1, int64(-x), float64(x), float64(x)+0.5)
	case int64:
		out = append(out, x+1, x-1, uint64(-x), float64(x))
	case float64:
		out = append(out, x+1, x-1, -x, math.Nextafter(x, 0), math.Nextafter(x, math.Inf(1)))
	case map[string]any:
		for _, k := range extraKeys {
			for _, val := range []any{"x", "district", map[string]any{}} {
				c := maps.Clone(x)
				c[k] = val
				out = append(out, c)
			}
		}
	case []any:
		if len(x) > 0 {
			out = append(out, append(slices.Clone(x), x[0]), append(slices.Clone(x), "x"))
		}
		r := slices.Clone(x)
		slices.Reverse(r)
		out = append(out, []any{}, r)
	}
	return out
}

// mutationDocs are the valid documents to mutate: for each kind the catalog file
// with the most values, the lint base catalog's files and the benchmark file.
func mutationDocs(t *testing.T) []quickDoc {
	byKind := map[string][]quickDoc{}
	for _, d := range defaultCatalog(t) {
		byKind[d.kind] = append(byKind[d.kind], d)
	}
	var out []quickDoc
	for _, kind := range slices.Sorted(maps.Keys(byKind)) {
		docs := byKind[kind]
		sort.SliceStable(docs, func(i, j int) bool { return len(pathsOf(docs[i].data)) > len(pathsOf(docs[j].data)) })
		out = append(out, docs[0])
	}
	v := testValidator(t)
	for _, f := range testArchive(t, filepath.Join("..", "lint", "testdata", "base.txtar")).Files {
		if k := kindAt(f.Name); k != "" {
			if d, ok := parseDoc(v, f.Name, k, f.Data); ok {
				out = append(out, d)
			}
		}
	}
	src, err := os.ReadFile("testdata/bench/dataset-00000.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := parseDoc(v, "bench/dataset-00000.yaml", model.KindDataset, src)
	return append(out, d)
}

// testArchive reads a txtar file.
func testArchive(t *testing.T, path string) *txtar.Archive {
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestQuickSchemaMutations(t *testing.T) {
	v := testValidator(t)
	var mu sync.Mutex
	count := map[verdict]int{}
	t.Cleanup(func() {
		t.Logf("mutants: %d valid, %d invalid, %d unsure", count[valid], count[invalid], count[unsure])
		if !t.Failed() && (count[valid] < 1000 || count[invalid] < 1000) {
			t.Errorf("too few valid or invalid mutants: %v", count)
		}
	})
	for _, d := range mutationDocs(t) {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			if v.quick[d.kind].check(d.data) != valid {
				t.Fatalf("the unmutated document is not quick-valid")
			}
			local := map[verdict]int{}
			for _, p := range pathsOf(d.data) {
				var old any
				replaceAt(d.data, p, func(o any) (any, bool) { old = o; return o, true })
				muts := variants(old)
				if len(p) > 0 {
					muts = append(muts, deleted{})
				}
				for i, m := range muts {
					_, del := m.(deleted)
					doc := replaceAt(d.data, p, func(any) (any, bool) { return m, !del })
					// An invalid verdict costs a santhosh-tekuri run to check: sample them.
					local[checkQuick(t, v, fmt.Sprintf("at %v, mutation %d (%#v)", p, i, m), d.kind, doc, i%10 == 0)]++
				}
				if t.Failed() {
					return
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for k, n := range local {
				count[k] += n
			}
		})
	}
}

// deleted marks the mutation that removes a value.
type deleted struct{}

// keyNames are the keys FuzzQuickSchema adds.
var keyNames = append([]string{"title", "description", "name", "type", "required"}, extraKeys...)

// fuzzMutate applies one mutation driven by the bytes b and c (and the fuzzer's
// string s) to the value old.
func fuzzMutate(old any, b, c byte, s string) (any, bool) {
	switch b % 7 {
	case 0:
		return nil, false
	case 1:
		return scalars[int(c)%len(scalars)], true
	case 2:
		return s, true
	case 3:
		switch x := old.(type) {
		case map[string]any:
			m := maps.Clone(x)
			if c&1 == 0 {
				m[keyNames[int(c/2)%len(keyNames)]] = s
			} else {
				m[s] = scalars[int(c/2)%len(scalars)]
			}
			return m, true
		case []any:
			if len(x) > 0 {
				return append(slices.Clone(x), x[int(c)%len(x)]), true
			}
			return []any{s}, true
		}
	case 4:
		if x, ok := old.(string); ok {
			if c&1 == 0 {
				return x[:int(c/2)%(len(x)+1)], true
			}
			return x + string(rune(c/2)) + s, true
		}
	case 5:
		switch x := old.(type) {
		case uint64:
			return x + uint64(c) - 128, true
		case int64:
			return x + int64(c) - 128, true
		case float64:
			return x + float64(int(c)-128)/4, true
		}
	case 6:
		if x, ok := old.(string); ok {
			return strings.Replace(x, s, string(rune(c)), 1), true
		}
	}
	return old, true
}

// formatSchemas are santhosh-tekuri schemas {"format": name} compiled as in
// NewValidator, one for each format the quick verdict knows.
func formatSchemas(t testing.TB) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "uscc", Validate: validateUSCC})
	c.RegisterFormat(&jsonschema.Format{Name: "gbt2260", Validate: validateDivision})
	out := map[string]*jsonschema.Schema{}
	for name := range quickFormats {
		url := "mem://format/" + name
		if err := c.AddResource(url, map[string]any{"format": name}); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(url)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = s
	}
	return out
}

// checkFormats compares each quick format with santhosh-tekuri's on s.
func checkFormats(t testing.TB, formats map[string]*jsonschema.Schema, s string) {
	t.Helper()
	for name, f := range quickFormats {
		q := f(s)
		if q == unsure {
			continue
		}
		if err := formats[name].Validate(s); (err == nil) != (q == valid) {
			t.Errorf("format %s on %q: quick verdict %d, santhosh-tekuri: %v", name, s, q, err)
		}
	}
}

func TestQuickFormats(t *testing.T) {
	formats := formatSchemas(t)
	for _, s := range scalars {
		if s, ok := s.(string); ok {
			checkFormats(t, formats, s)
		}
	}
	for _, c := range []struct {
		format, s string
		want      verdict
	}{
		{"date", "2024-02-29", valid}, {"date", "2023-02-29", invalid}, {"date", "2026-02-30", invalid},
		{"date", "2026-04-31", invalid}, {"date", "2000-02-29", valid}, {"date", "1900-02-29", invalid},
		{"date", "2026-1-05", invalid}, {"date", "2026-01-05 ", invalid},
		{"email", "data@example.gov.cn", valid}, {"email", "a.b+c_d-e@x-y.example.com", valid},
		{"email", "a@b", unsure}, {"email", "\"a b\"@example.com", unsure}, {"email", "a..b@example.com", unsure},
		{"uri", "https://example.gov.cn/", valid}, {"uri", "http://x:8080/a?b=c&d", valid},
		{"uri", "ftp://x", unsure}, {"uri", "https://", unsure}, {"uri", "/relative", unsure}, {"uri", "http://x:/a", unsure},
		{"gbt2260", "310115", valid}, {"gbt2260", "319999", invalid},
		{"uscc", "11310000MB2F398205", invalid}, {"uscc", "12310000MBP76L1765", valid},
	} {
		if got := quickFormats[c.format](c.s); got != c.want {
			t.Errorf("format %s on %q: verdict %d, want %d", c.format, c.s, got, c.want)
		}
		checkFormats(t, formats, c.s)
	}
}

func TestQuickNumbers(t *testing.T) {
	c := jsonschema.NewCompiler()
	var values []any
	for _, b := range []float64{-6, 0, 1, 128, 1 << 53} {
		for _, x := range []float64{b, math.Nextafter(b, math.Inf(-1)), math.Nextafter(b, math.Inf(1)), b - 0.5, b + 0.5, b - 1, b + 1} {
			values = append(values, x, -x)
			if x == math.Trunc(x) && x >= 0 {
				values = append(values, uint64(x))
			} else if x == math.Trunc(x) {
				values = append(values, int64(x))
			}
		}
	}
	values = append(values, 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, uint64(math.MaxUint64), int64(math.MinInt64))
	for i, kw := range []string{`"minimum": -6`, `"minimum": 0`, `"maximum": 128`, `"exclusiveMinimum": 0`, `"maximum": 9007199254740992`, `"minimum": -9007199254740992`, `"type": "integer"`} {
		src := `{"type": "number", ` + kw + `}`
		if strings.Contains(kw, "type") {
			src = `{` + kw + `}`
		}
		q, _, err := compileQuickJSON([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(src)))
		if err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("mem://number/%d", i)
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(url)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range values {
			got := q.check(x)
			if _, isFloat := x.(float64); got == unsure && isFloat && kw == `"type": "integer"` {
				continue
			}
			err := s.Validate(x)
			if got != exact(err == nil) {
				t.Errorf("%s on %T %v: quick verdict %d, santhosh-tekuri: %v", src, x, x, got, err)
			}
		}
	}
}

func FuzzQuickSchema(f *testing.F) {
	kinds := map[string]uint8{}
	for i, k := range schema.Kinds {
		kinds[k.Name] = uint8(i)
	}
	dir := filepath.Join("..", "..", "catalog")
	entries, err := walk(dir)
	if err != nil {
		f.Fatal(err)
	}
	for i, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(e.rel)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(kinds[e.kind], src, []byte{byte(i), byte(i * 7), byte(i * 13)}, "2026-02-30")
	}
	v := testValidator(f)
	formats := formatSchemas(f)
	f.Fuzz(func(t *testing.T, k uint8, src, ops []byte, s string) {
		checkFormats(t, formats, s)
		kind := schema.Kinds[int(k)%len(schema.Kinds)].Name
		rel := "datasets/d/x.yaml"
		if kind == "Guide" {
			rel = "guide/10-x.md"
		}
		d, ok := parseDoc(v, rel, kind, src)
		if !ok {
			return
		}
		doc := d.data
		for ; len(ops) >= 3; ops = ops[3:] {
			paths := pathsOf(doc)
			p := paths[int(ops[0])%len(paths)]
			doc = replaceAt(doc, p, func(old any) (any, bool) { return fuzzMutate(old, ops[1], ops[2], s) })
		}
		checkQuick(t, v, "fuzz", kind, doc, true)
	})
}

// BenchmarkValidateDataset validates one generated benchmark dataset file
// (benchgen -n 10, testdata/bench): Validate with the quick verdict, and
// santhosh-tekuri alone.
func BenchmarkValidateDataset(b *testing.B) {
	src, err := os.ReadFile("testdata/bench/dataset-00000.yaml")
	if err != nil {
		b.Fatal(err)
	}
	f, fds := Parse("datasets/sh-transport/dataset-00000.yaml", model.KindDataset, src)
	if len(fds) > 0 {
		b.Fatal(fds)
	}
	v := testValidator(b)
	b.Run("Validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if fds := v.Validate(f); len(fds) > 0 {
				b.Fatal(fds)
			}
		}
	})
	b.Run("santhosh", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := v.byKind[f.Kind].Validate(f.Data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestQuickSchemaAdditionalProperties: a schema-valued additionalProperties (the
// origin.hashes map of a dataset) checks every property not declared in properties.
func TestQuickSchemaAdditionalProperties(t *testing.T) {
	const s = `{"properties": {"a": {"type": "integer"}}, "additionalProperties": {"type": "string"}}`
	for _, c := range []struct {
		data any
		want verdict
	}{
		{map[string]any{"a": uint64(1), "b": "x"}, valid},
		{map[string]any{"b": uint64(1)}, invalid},
		{map[string]any{"a": "x"}, invalid},
		{map[string]any{}, valid},
	} {
		q, unknown, err := compileQuickJSON([]byte(s))
		if err != nil || len(unknown) > 0 {
			t.Fatal(err, unknown)
		}
		if got := q.check(c.data); got != c.want {
			t.Errorf("%#v: verdict %d, want %d", c.data, got, c.want)
		}
	}
}
