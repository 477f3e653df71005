package deid

import (
	"strconv"
	"time"
)

// Kind is the kind of a Value.
type Kind uint8

// Kinds of value.
const (
	Null   Kind = iota // no value
	String             // S
	Int                // I
	Float              // F
	Bool               // I: 0 or 1
	Date               // I: days since 1970-01-01
	Time               // I: microseconds since 1970-01-01T00:00:00Z
)

// Value is one typed cell of a row, before or after de-identification.
type Value struct {
	Kind Kind
	S    string
	I    int64
	F    float64
}

// Constructors of values.
func StringValue(s string) Value   { return Value{Kind: String, S: s} }
func IntValue(i int64) Value       { return Value{Kind: Int, I: i} }
func FloatValue(f float64) Value   { return Value{Kind: Float, F: f} }
func DateValue(days int64) Value   { return Value{Kind: Date, I: days} }
func TimeValue(micros int64) Value { return Value{Kind: Time, I: micros} }

// BoolValue returns a boolean value.
func BoolValue(b bool) Value {
	if b {
		return Value{Kind: Bool, I: 1}
	}
	return Value{Kind: Bool}
}

// DateOf returns the date value of t's calendar day.
func DateOf(y int, m time.Month, d int) Value {
	return DateValue(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Time returns a date or time value as a UTC time.
func (v Value) Time() time.Time {
	if v.Kind == Date {
		return time.Unix(v.I*86400, 0).UTC()
	}
	return time.UnixMicro(v.I).UTC()
}

// Text is the canonical text of a value: what tokenize hashes and what displays
// show. Dates are YYYY-MM-DD, times RFC 3339 in UTC with microseconds.
func (v Value) Text() string {
	switch v.Kind {
	case String:
		return v.S
	case Int:
		return strconv.FormatInt(v.I, 10)
	case Float:
		return strconv.FormatFloat(v.F, 'g', -1, 64)
	case Bool:
		if v.I != 0 {
			return "true"
		}
		return "false"
	case Date:
		return v.Time().Format("2006-01-02")
	case Time:
		return v.Time().Format("2006-01-02T15:04:05.000000Z")
	}
	return ""
}
