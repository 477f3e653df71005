package deid

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

func f(x float64) *float64 { return &x }
func i(x int) *int         { return &x }

func apply(t *testing.T, cols []model.Column, in ...Value) ([]Value, error) {
	t.Helper()
	p, err := Compile(cols, Options{Key: func(string) ([]byte, error) { return []byte("0123456789abcdef0123"), nil }, RefDate: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	out := make([]Value, len(p.Out))
	return out, p.NewApplier(time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)).Apply(in, out)
}

func TestOperators(t *testing.T) {
	col := func(typ string, d model.Deid) []model.Column {
		return []model.Column{{Name: "c", Type: typ, Deid: &d}}
	}
	for _, c := range []struct {
		name string
		cols []model.Column
		in   Value
		want string
	}{
		{"keep", col("string", model.Deid{Op: "keep"}), StringValue("x"), "x"},
		{"replace", col("string", model.Deid{Op: "replace", Value: "已隐藏"}), StringValue("x"), "已隐藏"},
		{"mask", col("string", model.Deid{Op: "mask", KeepPrefix: 3, KeepSuffix: 4}), StringValue("13912345678"), "139****5678"},
		{"mask cjk", col("string", model.Deid{Op: "mask", KeepPrefix: 1, Char: "某"}), StringValue("张三丰"), "张某某"},
		{"mask short", col("string", model.Deid{Op: "mask", KeepPrefix: 3, KeepSuffix: 4}), StringValue("12345"), "*****"},
		{"mask name", col("string", model.Deid{Op: "mask", KeepPrefix: 1}), StringValue("王小明"), "王**"},
		{"mask mixed", col("string", model.Deid{Op: "mask", KeepPrefix: 2, KeepSuffix: 1}), StringValue("ab张三c"), "ab**c"},
		{"mask cjk short", col("string", model.Deid{Op: "mask", KeepPrefix: 1, KeepSuffix: 1}), StringValue("张三"), "**"},
		{"mask ascii with cjk char", col("string", model.Deid{Op: "mask", KeepPrefix: 1, Char: "某"}), StringValue("abc"), "a某某"},
		{"mask invalid utf-8", col("string", model.Deid{Op: "mask", KeepPrefix: 1}), StringValue("\xff张三"), "\uFFFD**"},
		{"mask number", col("integer", model.Deid{Op: "mask", KeepSuffix: 2}), IntValue(12345), "***45"},
		{"year", col("date", model.Deid{Op: "generalize", To: "year"}), DateOf(2024, 7, 9), "2024"},
		{"quarter", col("date", model.Deid{Op: "generalize", To: "quarter"}), DateOf(2024, 7, 9), "2024-Q3"},
		{"month", col("datetime", model.Deid{Op: "generalize", To: "month"}), TimeValue(DateOf(2024, 7, 9).I * 86400e6), "2024-07"},
		{"province", col("string", model.Deid{Op: "generalize", To: "province"}), StringValue("310104"), "310000"},
		{"city", col("string", model.Deid{Op: "generalize", To: "city"}), StringValue("310104001001"), "310100"},
		{"district", col("integer", model.Deid{Op: "generalize", To: "district"}), IntValue(310104), "310104"},
		{"district of an address", col("string", model.Deid{Op: "generalize", To: "district"}), StringValue("上海市徐汇区漕溪北路1200号"), "上海市徐汇区"},
		{"city of an address", col("string", model.Deid{Op: "generalize", To: "city"}), StringValue("浙江省杭州市西湖区文三路"), "浙江省杭州市"},
		{"age band", col("date", model.Deid{Op: "generalize", To: "age-band", Width: 10}), DateOf(1990, 11, 1), "30-39"},
		{"age band birthday", col("date", model.Deid{Op: "generalize", To: "age-band", Width: 5}), DateOf(1991, 10, 31), "35-39"},
		{"bucket", col("number", model.Deid{Op: "bucket", Width: 10}), FloatValue(37.5), "[30,40)"},
		{"bucket lower", col("integer", model.Deid{Op: "bucket", Width: 10, Lower: f(18), Upper: f(60)}), IntValue(17), "<18"},
		{"bucket upper", col("integer", model.Deid{Op: "bucket", Width: 10, Lower: f(18), Upper: f(60)}), IntValue(75), ">=60"},
		{"bands", col("number", model.Deid{Op: "bucket", Bands: []model.Band{{Max: f(10), Label: "low"}, {Label: "high"}}}), FloatValue(11), "high"},
		{"round", col("number", model.Deid{Op: "round", Digits: i(2)}), FloatValue(31.23456), "31.23"},
		{"round int", col("integer", model.Deid{Op: "round", Digits: i(-2)}), IntValue(1234), "1200"},
		{"derive sex", col("string", model.Deid{Op: "derive", From: "cn-resident-id", Field: "sex"}), StringValue("11010519491231002X"), "female"},
		{"derive year", col("integer", model.Deid{Op: "derive", From: "cn-resident-id", Field: "birth-year"}), StringValue("11010519491231002X"), "1949"},
		{"derive region", col("string", model.Deid{Op: "derive", Field: "region", To: "city"}), StringValue("11010519491231002X"), "110100"},
		{"null stays null", col("string", model.Deid{Op: "tokenize", Key: "env:SHUYUAN_KEY_K"}), Value{}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := apply(t, c.cols, c.in)
			if err != nil || out[0].Text() != c.want {
				t.Errorf("got %q, %v; want %q", out[0].Text(), err, c.want)
			}
		})
	}
}

func TestTokenizeAndDateShift(t *testing.T) {
	cols := []model.Column{
		{Name: "pid", Type: "string", Deid: &model.Deid{Op: "tokenize", Key: "env:SHUYUAN_KEY_K"}},
		{Name: "d", Type: "date", Deid: &model.Deid{Op: "date-shift", Key: "env:SHUYUAN_KEY_K", MaxDays: 30, By: "pid"}},
		{Name: "d2", Type: "date", Deid: &model.Deid{Op: "date-shift", Key: "env:SHUYUAN_KEY_K", MaxDays: 30, By: "pid"}},
	}
	a, _ := apply(t, cols, StringValue("patient-1"), DateOf(2026, 1, 1), DateOf(2026, 3, 1))
	b, _ := apply(t, cols, StringValue("patient-1"), DateOf(2026, 1, 1), DateOf(2026, 3, 1))
	c, _ := apply(t, cols, StringValue("patient-2"), DateOf(2026, 1, 1), DateOf(2026, 3, 1))
	if a[0] != b[0] || a[0] == c[0] || len(a[0].S) != 26 || strings.ToLower(a[0].S) != a[0].S {
		t.Errorf("tokens %v %v %v", a[0], b[0], c[0])
	}
	shift := a[1].I - DateOf(2026, 1, 1).I
	if shift < -30 || shift > 30 || a[2].I-DateOf(2026, 3, 1).I != shift || a[1] != b[1] {
		t.Errorf("one entity's dates must shift together within max_days: %v %v", a[1], a[2])
	}
}

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct {
		col  model.Column
		want string
	}{
		{model.Column{Name: "x", Type: "string", Deid: &model.Deid{Op: "generalize", To: "year"}}, "needs a date"},
		{model.Column{Name: "x", Type: "date", Deid: &model.Deid{Op: "date-shift", Key: "env:SHUYUAN_KEY_K", MaxDays: 3}}, "needs `by:`"},
		{model.Column{Name: "x", Type: "string", Deid: &model.Deid{Op: "tokenize"}}, "needs `key:"},
		{model.Column{Name: "x", Type: "string", Deid: &model.Deid{Op: "bucket", Width: 1}}, "integer or number"},
		{model.Column{Name: "x", Type: "string", Deid: &model.Deid{Op: "drop"}}, "every column is dropped"},
		{model.Column{Name: "x", Type: "string", PersonalInfo: "personal"}, "has no `deid`"},
		{model.Column{Name: "x", Type: "string", PersonalInfo: "sensitive", Deid: &model.Deid{Op: "keep"}}, "`keep` needs `why`"},
		{model.Column{Name: "x", Type: "string", Role: "direct-identifier", PersonalInfo: "personal", Deid: &model.Deid{Op: "mask", KeepPrefix: 1}}, "direct identifier"},
	} {
		_, err := Compile([]model.Column{c.col}, Options{Key: func(string) ([]byte, error) { return []byte("0123456789abcdef"), nil }})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.col.Deid, err, c.want)
		}
	}
}

func TestResolveKey(t *testing.T) {
	root := t.TempDir()
	_, err := ResolveKey("env:SHUYUAN_KEY_MISSING", func(string) string { return "" }, root)
	var ke *KeyError
	if !errors.As(err, &ke) || ke.Ref != "env:SHUYUAN_KEY_MISSING" {
		t.Errorf("missing env key: %v", err)
	}
	for _, ref := range []string{"file:../outside", "file:/etc/passwd", "file:a/../../x"} {
		if _, err := ResolveKey(ref, nil, root); err == nil || !strings.Contains(err.Error(), "catalog directory") {
			t.Errorf("%s: %v", ref, err)
		}
	}
	if k, err := ResolveKey("env:SHUYUAN_KEY_K", func(string) string { return "0123456789abcdef-long" }, root); err != nil || string(k) != "0123456789abcdef-long" {
		t.Errorf("env key: %v", err)
	}
	// only SHUYUAN_KEY_ variables are keys: PATH, HOME or the signing key never are
	read := map[string]bool{}
	getenv := func(n string) string { read[n] = true; return "/usr/local/bin:/usr/bin:/bin:/sbin" }
	for _, ref := range []string{"env:PATH", "env:HOME", "env:SHUYUAN_SIGNING_KEY", "env:SHUYUAN_KEY_", "env:shuyuan_key_x"} {
		if _, err := ResolveKey(ref, getenv, root); !errors.As(err, &ke) || !strings.Contains(err.Error(), "starts with SHUYUAN_KEY_") {
			t.Errorf("%s: %v, want a KeyError naming the prefix", ref, err)
		}
	}
	if len(read) != 0 {
		t.Errorf("refused references were read from the environment: %v", read)
	}
}

func TestCivil(t *testing.T) {
	for d := int64(-800000); d < 800000; d += 37 {
		y, m, day := civil(d)
		tm := time.Unix(d*86400, 0).UTC()
		if y != int64(tm.Year()) || m != int64(tm.Month()) || day != int64(tm.Day()) {
			t.Fatalf("civil(%d) = %d-%d-%d, want %s", d, y, m, day, tm.Format("2006-01-02"))
		}
	}
}

// BenchmarkApply applies the policy of the extract benchmark
// (generator/internal/extractbench) to one row: a token, three masks, a date to the
// year and one to the month, the rest kept.
func BenchmarkApply(b *testing.B) {
	cols := []model.Column{
		{Name: "id", Type: "string", Deid: &model.Deid{Op: "tokenize", Key: "env:SHUYUAN_KEY_K"}},
		{Name: "name", Type: "string", Deid: &model.Deid{Op: "mask", KeepPrefix: 1}},
		{Name: "phone", Type: "string", Deid: &model.Deid{Op: "mask", KeepPrefix: 3, KeepSuffix: 4}},
		{Name: "email", Type: "string", Deid: &model.Deid{Op: "mask", KeepPrefix: 1}},
		{Name: "birth_date", Type: "date", Deid: &model.Deid{Op: "generalize", To: "year"}},
		{Name: "visit_date", Type: "date", Deid: &model.Deid{Op: "generalize", To: "month"}},
		{Name: "district", Type: "string", Deid: &model.Deid{Op: "keep", Why: "grouping"}},
		{Name: "amount", Type: "number"},
		{Name: "category", Type: "string"},
	}
	p, err := Compile(cols, Options{Key: func(string) ([]byte, error) { return []byte("0123456789abcdef0123"), nil }})
	if err != nil {
		b.Fatal(err)
	}
	in := []Value{StringValue("31010419900307123X"), StringValue("王小明"), StringValue("13912345678"), StringValue("user1234567@example.com"),
		DateOf(1990, 3, 7), DateOf(2024, 7, 9), StringValue("310104"), FloatValue(123.45), StringValue("门诊")}
	out := make([]Value, len(p.Out))
	a := p.NewApplier(time.Time{})
	b.ReportAllocs()
	for b.Loop() {
		if err := a.Apply(in, out); err != nil {
			b.Fatal(err)
		}
	}
}
