package extract

import (
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/source"
)

func TestParseValue(t *testing.T) {
	for _, c := range []struct {
		typ, in, want string
		bad           bool
	}{
		{"date", "2020-01-02", "2020-01-02", false},
		{"date", "2020-1-2", "2020-01-02", false},
		{"date", "2020/1/2", "2020-01-02", false},
		{"date", "2020.01.02", "2020-01-02", false},
		{"date", "2020年1月2日", "2020-01-02", false},
		{"date", "20200102", "2020-01-02", false},
		{"date", " 2020年12月31日 ", "2020-12-31", false},
		{"date", "2020-01-02 00:00:00", "2020-01-02", false},
		{"date", "2020-02-30", "", true},
		{"date", "2020-13-01", "", true},
		{"date", "2021年度2  月", "", true},
		{"date", "2019- 12-05", "", true},
		{"date", "44869", "", true},
		{"datetime", "2026-01-15 08:30:00", "2026-01-15T00:30:00.000000Z", false},
		{"datetime", "2026-01-15T08:30:00+08:00", "2026-01-15T00:30:00.000000Z", false},
		{"datetime", "2026-01-15T08:30:00Z", "2026-01-15T08:30:00.000000Z", false},
		{"datetime", "2026/1/5 8:30", "2026-01-05T00:30:00.000000Z", false},
		{"datetime", "2026/1/5 08:30", "2026-01-05T00:30:00.000000Z", false},
		{"datetime", "2026-01-15", "2026-01-14T16:00:00.000000Z", false},
		{"integer", "42", "42", false},
		{"integer", "1,234", "1234", false},
		{"integer", "93000.0", "93000", false},
		{"integer", "1.5", "", true},
		{"integer", "2.67632E+16", "", true}, // Excel damage: digits lost
		{"number", "1,250.5", "1250.5", false},
		{"number", "abc", "", true},
		{"number", "NaN", "", true},
		{"boolean", "是", "true", false},
		{"boolean", "N", "false", false},
		{"boolean", "maybe", "", true},
		{"string", " 保留 空格 ", " 保留 空格 ", false},
		{"integer", "   ", "", false},
	} {
		v, err := parseValue(c.typ, source.Value{Text: c.in})
		if (err != nil) != c.bad || (err == nil && v.Text() != c.want) {
			t.Errorf("parse %s %q = %q, %v; want %q (error %v)", c.typ, c.in, v.Text(), err, c.want, c.bad)
		}
	}
}

func TestDaysFromCivil(t *testing.T) {
	for d := int64(-800000); d < 800000; d += 29 {
		tm := time.Unix(d*86400, 0).UTC()
		if got := daysFromCivil(int64(tm.Year()), int64(tm.Month()), int64(tm.Day())); got != d {
			t.Fatalf("%s: %d, want %d", tm.Format("2006-01-02"), got, d)
		}
	}
}

// FuzzParseValue checks that no source text makes the parser panic, and that every
// accepted date is a real calendar date that prints back to a parsable form.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"2020年1月2日", "2020/1/2", "2020-01-02 00:00:00", "1,234.5", "是", "2.67632E+16", "\xff", "9999-12-31", "0-0-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range []string{"string", "integer", "number", "boolean", "date", "datetime"} {
			v, err := parseValue(typ, source.Value{Text: s})
			if err != nil || typ != "date" || v.Text() == "" {
				continue
			}
			if again, err := parseValue("date", source.Value{Text: v.Text()}); err != nil || again != v {
				t.Errorf("date %q parsed to %s, which does not parse back (%v)", s, v.Text(), err)
			}
		}
	})
}
