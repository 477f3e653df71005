package deid

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// modelOperators returns the operators of the model's enum (the jsonschema tag of
// model.Deid.Op, from which the dataset schema is generated).
func modelOperators(t *testing.T) []string {
	t.Helper()
	f, ok := reflect.TypeFor[model.Deid]().FieldByName("Op")
	if !ok {
		t.Fatal("model.Deid has no field Op")
	}
	var names []string
	for _, part := range strings.Split(f.Tag.Get("jsonschema"), ",") {
		if v, ok := strings.CutPrefix(part, "enum="); ok {
			names = append(names, v)
		}
	}
	if len(names) == 0 {
		t.Fatal("model.Deid.Op has no enum")
	}
	return names
}

// sampleColumns holds, for every operator, a column it compiles for: a new
// operator needs one here, so that it is compiled, typed and described below.
var sampleColumns = map[string]model.Column{
	model.OpKeep:       {Name: "c", Type: model.TypeString, Deid: &model.Deid{Op: model.OpKeep, Why: "public record"}},
	model.OpMask:       {Name: "c", Type: model.TypeString, Deid: &model.Deid{Op: model.OpMask, KeepPrefix: 3, KeepSuffix: 4}},
	model.OpRound:      {Name: "c", Type: model.TypeNumber, Deid: &model.Deid{Op: model.OpRound, Digits: i(1)}},
	model.OpBucket:     {Name: "c", Type: model.TypeInteger, Deid: &model.Deid{Op: model.OpBucket, Width: 10}},
	model.OpGeneralize: {Name: "c", Type: model.TypeDate, Deid: &model.Deid{Op: model.OpGeneralize, To: "year"}},
	model.OpDateShift:  {Name: "c", Type: model.TypeDate, Deid: &model.Deid{Op: model.OpDateShift, MaxDays: 7, By: "c", Key: "env:K"}},
	model.OpDerive:     {Name: "c", Type: model.TypeString, Deid: &model.Deid{Op: model.OpDerive, Field: "sex"}},
	model.OpTokenize:   {Name: "c", Type: model.TypeString, Deid: &model.Deid{Op: model.OpTokenize, Key: "env:K"}},
	model.OpReplace:    {Name: "c", Type: model.TypeString, Deid: &model.Deid{Op: model.OpReplace, Value: "hidden"}},
	model.OpDrop:       {Name: "c", Type: model.TypeString, Deid: &model.Deid{Op: model.OpDrop}},
}

// TestOperatorTable: the table holds exactly the operators of the model's enum,
// each once and complete, in strength order from keep to drop; each compiles,
// has a published type and is described in both languages, differently from the
// others.
func TestOperatorTable(t *testing.T) {
	enum := modelOperators(t)
	ops := Operators()
	var names []string
	for _, op := range ops {
		names = append(names, op.Name)
	}
	for _, n := range enum {
		if !slices.Contains(names, n) {
			t.Errorf("operator %q of the model's enum has no entry in the operator table", n)
		}
	}
	for _, n := range names {
		if !slices.Contains(enum, n) {
			t.Errorf("operator %q of the table is not in the model's enum (model.Deid.Op)", n)
		}
	}
	if len(names) != len(enum) {
		t.Errorf("the table has %d entries for %d operators: %v", len(names), len(enum), names)
	}
	if ops[0].Name != model.OpKeep || ops[0].Strength != 0 || ops[len(ops)-1].Name != model.OpDrop {
		t.Errorf("the table must run from keep (strength 0) to drop: %v", names)
	}
	seen := map[string]string{}
	for i, op := range ops {
		if i > 0 && op.Strength < ops[i-1].Strength {
			t.Errorf("%s (strength %d) is listed after %s (strength %d)", op.Name, op.Strength, ops[i-1].Name, ops[i-1].Strength)
		}
		if op.output == nil || op.compile == nil || op.describe == nil {
			t.Fatalf("%s: incomplete entry", op.Name)
		}
		col, ok := sampleColumns[op.Name]
		if !ok {
			t.Errorf("%s: no sample column in sampleColumns", op.Name)
			continue
		}
		cols := []model.Column{col}
		if op.Name == model.OpDrop {
			cols = append(cols, model.Column{Name: "kept", Type: model.TypeString})
		}
		p, err := Compile(cols, Options{Key: func(string) ([]byte, error) { return []byte("0123456789abcdef"), nil }})
		if err != nil {
			t.Errorf("%s: %v", op.Name, err)
			continue
		}
		if published := p.Out[0].Name == col.Name; published != (OutputType(col) != "") {
			t.Errorf("%s: published %v, but OutputType is %q", op.Name, published, OutputType(col))
		}
		for _, lang := range []string{"zh", "en"} {
			words := Describe(lang, *col.Deid)
			hasHan := strings.IndexFunc(words, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
			if words == "" || words == op.Name || hasHan != (lang == "zh") {
				t.Errorf("%s: described in %s as %q", op.Name, lang, words)
			}
			if other, dup := seen[lang+words]; dup {
				t.Errorf("%s and %s are described alike: %q", op.Name, other, words)
			}
			seen[lang+words] = op.Name
		}
	}
}

func TestOutputType(t *testing.T) {
	for _, c := range []struct {
		col  model.Column
		want string
	}{
		{model.Column{Type: "date"}, "date"},
		{sampleColumns[model.OpKeep], "string"},
		{sampleColumns[model.OpRound], "number"},
		{sampleColumns[model.OpDateShift], "date"},
		{sampleColumns[model.OpMask], "string"},
		{sampleColumns[model.OpBucket], "string"},
		{sampleColumns[model.OpTokenize], "string"},
		{sampleColumns[model.OpReplace], "string"},
		{sampleColumns[model.OpGeneralize], "integer"},
		{model.Column{Type: "date", Deid: &model.Deid{Op: "generalize", To: "month"}}, "string"},
		{model.Column{Type: "string", Deid: &model.Deid{Op: "derive", Field: "birth-year"}}, "integer"},
		{sampleColumns[model.OpDerive], "string"},
		{sampleColumns[model.OpDrop], ""},
	} {
		if got := OutputType(c.col); got != c.want {
			t.Errorf("%+v: OutputType = %q, want %q", c.col.Deid, got, c.want)
		}
	}
}

func TestWeakened(t *testing.T) {
	cases := []struct {
		name     string
		old, cur model.Deid
		weakened bool
	}{
		{"tokenize to mask", model.Deid{Op: "tokenize"}, model.Deid{Op: "mask"}, true},
		{"tokenize to keep", model.Deid{Op: "tokenize"}, model.Deid{Op: "keep"}, true},
		{"drop to tokenize", model.Deid{Op: "drop"}, model.Deid{Op: "tokenize"}, true},
		{"replace to derive", model.Deid{Op: "replace"}, model.Deid{Op: "derive", Field: "sex"}, true},
		{"keep to tokenize", model.Deid{Op: "keep"}, model.Deid{Op: "tokenize"}, false},
		{"bucket to generalize", model.Deid{Op: "bucket", Width: 5}, model.Deid{Op: "generalize", To: "year"}, false},
		{"year to month", model.Deid{Op: "generalize", To: "year"}, model.Deid{Op: "generalize", To: "month"}, true},
		{"month to year", model.Deid{Op: "generalize", To: "month"}, model.Deid{Op: "generalize", To: "year"}, false},
		{"city to district", model.Deid{Op: "generalize", To: "city"}, model.Deid{Op: "generalize", To: "district"}, true},
		{"age band 10 to 5", model.Deid{Op: "generalize", To: "age-band", Width: 10}, model.Deid{Op: "generalize", To: "age-band", Width: 5}, true},
		{"mask keeps more", model.Deid{Op: "mask", KeepPrefix: 3}, model.Deid{Op: "mask", KeepPrefix: 3, KeepSuffix: 4}, true},
		{"round more digits", model.Deid{Op: "round", Digits: i(2)}, model.Deid{Op: "round", Digits: i(4)}, true},
		{"round fewer digits", model.Deid{Op: "round", Digits: i(4)}, model.Deid{Op: "round", Digits: i(2)}, false},
		{"bucket narrower", model.Deid{Op: "bucket", Width: 10}, model.Deid{Op: "bucket", Width: 5}, true},
		{"date-shift smaller", model.Deid{Op: "date-shift", MaxDays: 30}, model.Deid{Op: "date-shift", MaxDays: 3}, true},
		{"same", model.Deid{Op: "tokenize"}, model.Deid{Op: "tokenize"}, false},
		{"unknown operator", model.Deid{Op: "tokenize"}, model.Deid{Op: "scramble"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Weakened(tc.old, tc.cur)
			if (got != "") != tc.weakened {
				t.Errorf("Weakened = %q, want weakened=%v", got, tc.weakened)
			}
		})
	}
}

// TestReveals: the operators that leave part or all of a direct identifier
// readable, which neither lint (direct-id) nor Compile lets through.
func TestReveals(t *testing.T) {
	for _, c := range []struct {
		d    model.Deid
		want string
	}{
		{model.Deid{Op: "keep"}, "all"},
		{model.Deid{Op: "mask", KeepPrefix: 3}, "part"},
		{model.Deid{Op: "replace", KeepSuffix: 4}, "part"},
		{model.Deid{Op: "replace"}, ""},
		{model.Deid{Op: "tokenize"}, ""},
		{model.Deid{Op: "derive", Field: "sex"}, ""},
		{model.Deid{Op: "drop"}, ""},
	} {
		d, want := c.d, c.want
		if got := Reveals(d); got != want {
			t.Errorf("Reveals(%+v) = %q, want %q", d, got, want)
		}
	}
}

// TestDescribe pins the words of a few operators, as the portal prints them.
func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		d      model.Deid
		zh, en string
	}{
		{model.Deid{Op: "keep"}, "原样发布", "Published as is"},
		{model.Deid{Op: "mask", KeepPrefix: 3, KeepSuffix: 4}, "遮盖：保留前 3 位和后 4 位，其余以“*”代替", `Masked: first 3 and last 4 characters kept, the rest shown as "*"`},
		{model.Deid{Op: "generalize", To: "city"}, "泛化到市级", "Generalized to city"},
		{model.Deid{Op: "date-shift", MaxDays: 7, By: "patient"}, "以保密密钥将日期平移至多 7 天，同一“patient”的日期一起平移", "Dates shifted by up to 7 days with a secret key; all dates of one patient shift together"},
		{model.Deid{Op: "scramble"}, "scramble", "scramble"},
	} {
		if zh, en := Describe("zh", c.d), Describe("en", c.d); zh != c.zh || en != c.en {
			t.Errorf("%+v: described as %q / %q, want %q / %q", c.d, zh, en, c.zh, c.en)
		}
	}
}
