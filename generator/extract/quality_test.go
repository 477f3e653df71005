package extract

import (
	"regexp"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// The checks run on every cell of every source row: a value that passes must cost
// no allocation, whatever its type, and a value that fails must still be caught.
func TestCheckPassesWithoutAllocating(t *testing.T) {
	lo, hi := 0.0, 5000.0
	residentID := validator.Get("cn-resident-id")
	if residentID == nil {
		t.Fatal("validator cn-resident-id is not registered")
	}
	cases := []struct {
		name       string
		ch         colCheck
		pass, fail deid.Value
	}{
		{"pattern on a string", colCheck{pattern: regexp.MustCompile(`^(?:1[3-9][0-9]{9})$`)},
			deid.Value{Kind: deid.String, S: "13912345678"}, deid.Value{Kind: deid.String, S: "12912345678"}},
		{"pattern on an integer", colCheck{pattern: regexp.MustCompile(`^(?:[0-9]{6})$`)},
			deid.Value{Kind: deid.Int, I: 310101}, deid.Value{Kind: deid.Int, I: 31010}},
		{"enum on a number", colCheck{enum: map[string]struct{}{"0.5": {}, "1.5": {}}},
			deid.Value{Kind: deid.Float, F: 1.5}, deid.Value{Kind: deid.Float, F: 2.5}},
		{"range", colCheck{min: &lo, max: &hi},
			deid.Value{Kind: deid.Float, F: 4999.99}, deid.Value{Kind: deid.Float, F: 5000.01}},
		{"pattern on a date", colCheck{pattern: regexp.MustCompile(`^(?:20[0-9]{2}-.*)$`)},
			deid.Value{Kind: deid.Date, I: 20000}, deid.Value{Kind: deid.Date, I: 0}},
		{"validator", colCheck{validators: []namedValidator{{name: "cn-resident-id", from: "detector", f: residentID}}},
			deid.Value{Kind: deid.String, S: "11010519491231002X"}, deid.Value{Kind: deid.String, S: "110105194912310021"}},
	}
	var buf []byte
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := c.ch.check(c.pass, &buf); r != "" {
				t.Fatalf("check(%v) = %q, want it to pass", c.pass, r)
			}
			if r := c.ch.check(c.fail, &buf); r == "" {
				t.Fatalf("check(%v) passed, want a reason", c.fail)
			}
			if n := testing.AllocsPerRun(100, func() { c.ch.check(c.pass, &buf) }); n != 0 {
				t.Errorf("check of a passing value allocates %v times, want 0", n)
			}
		})
	}
}

// appendText writes what Value.Text returns, which the checks have always seen.
func TestAppendTextIsText(t *testing.T) {
	for _, v := range []deid.Value{
		{Kind: deid.String, S: "门诊"}, {Kind: deid.Int, I: -42}, {Kind: deid.Float, F: 0.1},
		{Kind: deid.Float, F: 1e21}, {Kind: deid.Bool, I: 1}, {Kind: deid.Bool}, {Kind: deid.Date, I: 19000},
		{Kind: deid.Time, I: 1700000000123456}, {},
	} {
		if got, want := string(appendText([]byte("x"), v)), "x"+v.Text(); got != want {
			t.Errorf("appendText(%v) = %q, want %q", v, got, want)
		}
	}
}
