package extract

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/source"
)

// chinaTime is the zone of datetimes written without an offset: sources from Chinese
// government systems record Beijing time (UTC+8, no daylight saving).
var chinaTime = time.FixedZone("UTC+8", 8*3600)

// parseValue converts a raw source value to a column type. Errors describe the
// expected forms, never the value.
func parseValue(typ string, v source.Value) (deid.Value, error) {
	if v.Null {
		return deid.Value{}, nil
	}
	if v.Typed != nil {
		return parseTyped(typ, v.Typed)
	}
	s := v.Text
	switch typ {
	case model.TypeString:
		return deid.StringValue(s), nil
	}
	s = strings.TrimSpace(strings.Trim(s, "\u3000\ufeff\u200b"))
	if s == "" {
		return deid.Value{}, nil
	}
	switch typ {
	case model.TypeInteger:
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return deid.IntValue(i), nil
		}
		t := strings.ReplaceAll(s, ",", "")
		if i, err := strconv.ParseInt(t, 10, 64); err == nil {
			return deid.IntValue(i), nil
		}
		// "1.0" as spreadsheets and pandas write whole numbers
		if f, err := strconv.ParseFloat(t, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return deid.IntValue(int64(f)), nil
		}
		return deid.Value{}, fmt.Errorf("not an integer")
	case model.TypeNumber:
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return deid.FloatValue(f), nil
		}
		if f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return deid.FloatValue(f), nil
		}
		return deid.Value{}, fmt.Errorf("not a number")
	case model.TypeBoolean:
		switch strings.ToLower(s) {
		case "true", "t", "yes", "y", "1", "是", "真":
			return deid.BoolValue(true), nil
		case "false", "f", "no", "n", "0", "否", "假":
			return deid.BoolValue(false), nil
		}
		return deid.Value{}, fmt.Errorf("not a boolean (true/false, 1/0, 是/否)")
	case model.TypeDate:
		if d, ok := parseDate(s); ok {
			return d, nil
		}
		// a datetime at midnight, as spreadsheets export dates
		if t, ok := parseDatetime(s); ok {
			lt := t.In(chinaTime)
			// the years parseDate takes, so that the date reads back as itself
			if lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0 && lt.Nanosecond() == 0 && lt.Year() >= 1000 {
				return deid.DateOf(lt.Year(), lt.Month(), lt.Day()), nil
			}
		}
		return deid.Value{}, fmt.Errorf("not a date (YYYY-MM-DD, YYYY/M/D, YYYY-M-D or YYYY年M月D日)")
	case model.TypeDatetime:
		if t, ok := parseDatetime(s); ok {
			return deid.TimeValue(t.UnixMicro()), nil
		}
		if d, ok := parseDate(s); ok {
			t := d.Time()
			return deid.TimeValue(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, chinaTime).UnixMicro()), nil
		}
		return deid.Value{}, fmt.Errorf("not a datetime (RFC 3339, or YYYY-MM-DD hh:mm:ss in Beijing time)")
	}
	return deid.Value{}, fmt.Errorf("unknown type %q", typ)
}

func parseTyped(typ string, x any) (deid.Value, error) {
	switch v := x.(type) {
	case string:
		return parseValue(typ, source.Value{Text: v})
	case int64:
		switch typ {
		case model.TypeInteger:
			return deid.IntValue(v), nil
		case model.TypeNumber:
			return deid.FloatValue(float64(v)), nil
		case model.TypeString:
			return deid.StringValue(strconv.FormatInt(v, 10)), nil
		}
	case float64:
		switch typ {
		case model.TypeNumber:
			return deid.FloatValue(v), nil
		case model.TypeInteger:
			if v == math.Trunc(v) {
				return deid.IntValue(int64(v)), nil
			}
		case model.TypeString:
			return deid.StringValue(strconv.FormatFloat(v, 'g', -1, 64)), nil
		}
	case bool:
		switch typ {
		case model.TypeBoolean:
			return deid.BoolValue(v), nil
		case model.TypeString:
			return deid.StringValue(strconv.FormatBool(v)), nil
		}
	case time.Time:
		switch typ {
		case model.TypeDate:
			return deid.DateOf(v.Year(), v.Month(), v.Day()), nil
		case model.TypeDatetime:
			return deid.TimeValue(v.UnixMicro()), nil
		}
	}
	return deid.Value{}, fmt.Errorf("a %T value does not fit type %s", x, typ)
}

// parseDate reads YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.M.D, YYYYMMDD and YYYY年M月D日.
func parseDate(s string) (deid.Value, bool) {
	var parts [3]int
	n, cur, digits := 0, 0, 0
	if len(s) == 8 && allDigits(s) {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:])
		return mkDate(y, m, d)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= '0' && c <= '9' {
			cur = cur*10 + int(c-'0')
			digits++
			if digits > 4 {
				return deid.Value{}, false
			}
			i++
			continue
		}
		if digits == 0 || n >= 3 {
			return deid.Value{}, false
		}
		parts[n], n, cur, digits = cur, n+1, 0, 0
		switch {
		case c == '-' || c == '/' || c == '.':
			if n == 3 {
				return deid.Value{}, false
			}
			i++
		case strings.HasPrefix(s[i:], "年") && n == 1, strings.HasPrefix(s[i:], "月") && n == 2:
			i += 3
		case strings.HasPrefix(s[i:], "日") && n == 3:
			i += 3
			if i != len(s) {
				return deid.Value{}, false
			}
		default:
			return deid.Value{}, false
		}
	}
	if digits > 0 {
		if n != 2 {
			return deid.Value{}, false
		}
		parts[2], n = cur, 3
	}
	if n != 3 || parts[0] < 1000 {
		return deid.Value{}, false
	}
	return mkDate(parts[0], parts[1], parts[2])
}

func mkDate(y, m, d int) (deid.Value, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return deid.Value{}, false
	}
	if d > daysIn(y, m) {
		return deid.Value{}, false
	}
	return deid.DateValue(daysFromCivil(int64(y), int64(m), int64(d))), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date
// (Howard Hinnant's algorithm), without the cost of time.Date.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

var datetimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04",
	"2006-1-2 15:04:05",
	"2006-1-2 15:04",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006年1月2日 15:04:05",
	"2006年1月2日 15时04分05秒",
}

func parseDatetime(s string) (time.Time, bool) {
	if !utf8.ValidString(s) {
		return time.Time{}, false
	}
	for _, l := range datetimeLayouts {
		if t, err := time.ParseInLocation(l, s, chinaTime); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
