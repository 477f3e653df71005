package deid

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// ColumnError is a column whose de-identification cannot be compiled.
type ColumnError struct {
	// Index is the column's position in the dataset's columns.
	Index int
	// Field is the deid field at fault ("op", "key", "to", …), or "" for the column.
	Field string
	// Msg says what is wrong and what to write instead.
	Msg string
	// Err is the underlying error (a *KeyError for keys), if any.
	Err error
}

func (e *ColumnError) Error() string { return e.Msg }
func (e *ColumnError) Unwrap() error { return e.Err }

// RowError is a value that cannot be de-identified; the row is rejected.
type RowError struct {
	// Column is the output column's name.
	Column string
	// Reason says why, without the value itself.
	Reason string
}

func (e *RowError) Error() string { return e.Column + ": " + e.Reason }

// Options configure Compile.
type Options struct {
	// Key resolves a key reference (env:NAME, file:PATH) to key bytes.
	Key func(ref string) ([]byte, error)
	// RefDate is the date ages are computed at (age-band): the dataset's
	// update.last_modified, so that reruns give the same bands.
	RefDate time.Time
}

// Out is one published column of a plan.
type Out struct {
	// Name is the published column name.
	Name string
	// Type is the published type (model.Type* constants).
	Type string
	// Required means the value may not be null.
	Required bool
	// In is the index of the input column (the dataset column) it is computed from.
	In int
	// Op is the operator.
	Op string
	// HighCardinality is true when the operator yields values that are (nearly) all
	// distinct (tokens), so dictionary encoding does not pay.
	HighCardinality bool

	f    opFunc
	key  []byte
	deid model.Deid
	by   int // input index of the date-shift entity, -1 if none
}

type opFunc func(a *Applier, o *Out, in []Value) (Value, error)

// Plan is a compiled de-identification of a dataset's columns.
type Plan struct {
	// Out lists the published columns in declared order; dropped columns are absent.
	Out []Out

	types []string // the dataset columns' types
	ref   time.Time
}

// Compile builds the plan of a dataset's columns. Keys are resolved here, so a
// missing key fails before any row is read.
func Compile(cols []model.Column, opts Options) (*Plan, error) {
	p := &Plan{ref: opts.RefDate}
	byName := map[string]int{}
	for i, c := range cols {
		byName[c.Name] = i
		p.types = append(p.types, c.Type)
	}
	for i, c := range cols {
		d := c.Deid
		personal := c.PersonalInfo != "" && c.PersonalInfo != model.PersonalNone
		// defence in depth: lint reports these too (deid-required, direct-id), but
		// an extract never publishes a personal value its policy does not allow
		switch {
		case d == nil && personal:
			return nil, &ColumnError{Index: i, Msg: fmt.Sprintf("column %q is personal_info %s but has no `deid`: add one (drop, tokenize, generalize, …) or `keep` with `why`", c.Name, c.PersonalInfo)}
		case d != nil && d.Op == model.OpKeep && personal && d.Why == "":
			return nil, &ColumnError{Index: i, Field: "op", Msg: fmt.Sprintf("column %q is personal_info %s: `keep` needs `why`", c.Name, c.PersonalInfo)}
		case d != nil && c.Role == model.RoleDirectIdentifier && Reveals(*d) != "":
			return nil, &ColumnError{Index: i, Field: "op", Msg: fmt.Sprintf("column %q is a direct identifier: it may not be published with %s, which keeps %s of it; use tokenize, drop or replace", c.Name, d.Op, Reveals(*d))}
		}
		if d == nil {
			d = &model.Deid{Op: model.OpKeep}
		}
		op, known := LookupOperator(d.Op)
		if !known {
			return nil, &ColumnError{Index: i, Field: "op", Msg: fmt.Sprintf("column %q: unknown operator %q", c.Name, d.Op)}
		}
		if op.output(c) == "" {
			continue // not published
		}
		o := Out{Name: c.Name, Type: op.output(c), In: i, Op: d.Op, by: -1,
			Required: c.Constraints != nil && c.Constraints.Required}
		if err := op.compile(&compiling{index: i, col: c, d: d, out: &o, opts: opts, byName: byName}); err != nil {
			return nil, err
		}
		o.deid = *d
		p.Out = append(p.Out, o)
	}
	if len(p.Out) == 0 {
		return nil, &ColumnError{Index: 0, Msg: "every column is dropped: nothing would be published"}
	}
	return p, nil
}

// Applier applies a plan; each goroutine needs its own.
type Applier struct {
	plan *Plan
	macs []hash.Hash
	sum  []byte
	buf  []byte
	ref  time.Time
	cur  int
	// labels caches generalized date labels (few distinct values) by year and month.
	labels map[int64]string
	tok    []byte
	masked []byte
}

// NewApplier returns an Applier of the plan, with refDate for age bands.
func (p *Plan) NewApplier(refDate time.Time) *Applier {
	a := &Applier{plan: p, macs: make([]hash.Hash, len(p.Out)), ref: refDate, labels: map[int64]string{}}
	for i := range p.Out {
		if p.Out[i].key != nil {
			a.macs[i] = hmac.New(sha256.New, p.Out[i].key)
		}
	}
	return a
}

// Apply computes the published values of one row. in holds one value per dataset
// column, parsed to the column's type (for derive columns: the identifier's text);
// out must have len(p.Out) elements. A *RowError means the row must be rejected.
func (a *Applier) Apply(in []Value, out []Value) error {
	for i := range a.plan.Out {
		o := &a.plan.Out[i]
		a.cur = i
		v, err := o.f(a, o, in)
		if err != nil {
			return &RowError{Column: o.Name, Reason: err.Error()}
		}
		if v.Kind == Null && o.Required {
			return &RowError{Column: o.Name, Reason: "value is required (constraints.required) but empty"}
		}
		out[i] = v
	}
	return nil
}

var b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func (a *Applier) mac(i int, parts ...string) []byte {
	m := a.macs[i]
	m.Reset()
	for _, p := range parts {
		a.buf = append(a.buf[:0], p...)
		m.Write(a.buf)
	}
	a.sum = m.Sum(a.sum[:0])
	return a.sum
}

func opKeep(_ *Applier, o *Out, in []Value) (Value, error) { return in[o.In], nil }

func opReplace(_ *Applier, o *Out, in []Value) (Value, error) {
	if in[o.In].Kind == Null {
		return Value{}, nil
	}
	return StringValue(o.deid.Value), nil
}

func opMask(a *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	if v.Kind == Null {
		return v, nil
	}
	text := v.Text()
	ch := '*'
	if o.deid.Char != "" {
		ch, _ = utf8.DecodeRuneInString(o.deid.Char)
	}
	pre, suf := o.deid.KeepPrefix, o.deid.KeepSuffix
	// the masked text is built in the Applier's buffer and copied once into the
	// result (this runs on every row of a masked column)
	b := a.masked[:0]
	if ch < utf8.RuneSelf && isASCII(text) {
		if pre+suf >= len(text) {
			pre, suf = 0, 0
		}
		b = append(b, text...)
		for i := pre; i < len(b)-suf; i++ {
			b[i] = byte(ch)
		}
	} else {
		n := utf8.RuneCountInString(text)
		if pre+suf >= n {
			pre, suf = 0, 0 // never reveal the whole value
		}
		i := 0
		for _, r := range text { // an invalid byte is kept as U+FFFD, as []rune(text) did
			if i >= pre && i < n-suf {
				r = ch
			}
			b = utf8.AppendRune(b, r)
			i++
		}
	}
	a.masked = b
	return StringValue(string(b)), nil
}

func opTokenize(a *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	if v.Kind == Null {
		return v, nil
	}
	a.tok = appendToken(a.tok[:0], a.mac(a.cur, v.Text()), o.deid.Length)
	return StringValue(string(a.tok)), nil
}

// appendToken appends Token(sum, bits) to dst.
func appendToken(dst, sum []byte, bits int) []byte {
	if bits == 0 {
		bits = 128
	}
	n := (bits + 7) / 8
	var b [32]byte
	copy(b[:], sum[:n])
	if r := bits % 8; r != 0 {
		b[n-1] &= byte(0xff << (8 - r))
	}
	start := len(dst)
	dst = b32.AppendEncode(dst, b[:n])
	return dst[:start+(bits+4)/5]
}

// Token encodes the first bits (default 128) of an HMAC sum as lowercase base32
// without padding.
func Token(sum []byte, bits int) string { return string(appendToken(nil, sum, bits)) }

func opGeneralizeDate(a *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	if v.Kind == Null {
		return v, nil
	}
	days := v.I
	if v.Kind == Time {
		days = floorDiv(v.I, 86400e6)
	}
	y, m, _ := civil(days)
	return a.dateLabel(o.deid.To, y, m), nil
}

// dateLabel is the published value of a date of year y and month m generalized to
// to (year, quarter or month).
func (a *Applier) dateLabel(to string, y, m int64) Value {
	switch to {
	case "year":
		return IntValue(y)
	case "quarter":
		m = (m+2)/3 + 100 // cache key distinct from months
	}
	key := y*1000 + m
	if s, ok := a.labels[key]; ok {
		return StringValue(s)
	}
	var s string
	if m > 100 {
		s = fmt.Sprintf("%04d-Q%d", y, m-100)
	} else {
		s = fmt.Sprintf("%04d-%02d", y, m)
	}
	if len(a.labels) < 1<<16 {
		a.labels[key] = s
	}
	return StringValue(s)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil converts days since 1970-01-01 to a proleptic Gregorian year, month and day
// (Howard Hinnant's days_from_civil inverse), without allocating.
func civil(days int64) (y, m, d int64) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func opGeneralizeDivision(_ *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	if v.Kind == Null {
		return v, nil
	}
	code := strings.TrimSpace(v.Text())
	if v.Kind == String && code != "" && !isDigits(code) {
		// an address: keep its leading division names down to the level
		g, ok := validator.GeneralizeAddress(code, o.deid.To)
		if !ok {
			return Value{}, errors.New(reasonAddress(o.deid.To))
		}
		return StringValue(g), nil
	}
	if len(code) == 9 || len(code) == 12 { // township and village codes start with the county
		code = code[:6]
	}
	g, ok := validator.Generalize(code, o.deid.To)
	if !ok {
		return Value{}, errors.New(reasonDivision(o.deid.To))
	}
	return StringValue(g), nil
}

func opAgeBand(a *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	var age int
	switch v.Kind {
	case Null:
		return v, nil
	case Int:
		age = int(v.I)
	case Float:
		age = int(math.Floor(v.F))
	default:
		b := v.Time()
		ref := a.ref
		age = ref.Year() - b.Year()
		if ref.Month() < b.Month() || (ref.Month() == b.Month() && ref.Day() < b.Day()) {
			age--
		}
	}
	if age < 0 {
		return Value{}, errors.New(reasonAgeNegative)
	}
	return ageLabel(age, o.deid.Width), nil
}

// ageLabel is the age band of a non-negative age for bands of width years.
func ageLabel(age int, width float64) Value {
	w := int(math.Round(width))
	if w < 1 {
		w = 10
	}
	lo := age / w * w
	if w == 1 {
		return StringValue(strconv.Itoa(lo))
	}
	return StringValue(fmt.Sprintf("%d-%d", lo, lo+w-1))
}

// The reasons an operator rejects a value, shared by the local path and the pushdown.
const (
	reasonAgeNegative = "birth date after the reference date"
	reasonAboveBands  = "value above the last band's max; add a last band without max"
)

func reasonAddress(to string) string {
	return fmt.Sprintf("not an address that starts with the full name of its %s (上海市徐汇区…)", to)
}
func reasonDivision(to string) string { return fmt.Sprintf("not a GB/T 2260 code with a %s level", to) }
func reasonDeriveInvalid(field string) string {
	return fmt.Sprintf("cannot derive %s: the source is not a valid resident id", field)
}
func reasonDeriveRegion(to string) string {
	return fmt.Sprintf("cannot derive region: the id's region code has no %s", to)
}

func num(v Value) float64 {
	if v.Kind == Int {
		return float64(v.I)
	}
	return v.F
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func opBucket(_ *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	if v.Kind == Null {
		return v, nil
	}
	x := num(v)
	d := &o.deid
	if len(d.Bands) > 0 {
		for _, b := range d.Bands {
			if b.Max == nil || x <= *b.Max {
				return StringValue(b.Label), nil
			}
		}
		return Value{}, errors.New(reasonAboveBands)
	}
	if d.Lower != nil && x < *d.Lower {
		return bucketLabel(d, math.Inf(-1)), nil
	}
	if d.Upper != nil && x >= *d.Upper {
		return bucketLabel(d, math.Inf(1)), nil
	}
	base := 0.0
	if d.Lower != nil {
		base = *d.Lower
	}
	return bucketLabel(d, base+math.Floor((x-base)/d.Width)*d.Width), nil
}

// bucketLabel is the label of the bucket of width d.Width starting at lo: -Inf for the
// values below d.Lower, +Inf for those from d.Upper.
func bucketLabel(d *model.Deid, lo float64) Value {
	switch {
	case math.IsInf(lo, -1):
		return StringValue("<" + fmtNum(*d.Lower))
	case math.IsInf(lo, 1):
		return StringValue(">=" + fmtNum(*d.Upper))
	}
	return StringValue("[" + fmtNum(lo) + "," + fmtNum(lo+d.Width) + ")")
}

func opRound(_ *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	digits := 0
	if o.deid.Digits != nil {
		digits = *o.deid.Digits
	}
	p := math.Pow(10, float64(digits))
	switch v.Kind {
	case Int:
		if digits >= 0 {
			return v, nil
		}
		return IntValue(int64(math.Round(float64(v.I)*p) / p)), nil
	case Float:
		return FloatValue(math.Round(v.F*p) / p), nil
	}
	return v, nil
}

func opDateShift(a *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	if v.Kind == Null {
		return v, nil
	}
	sum := a.mac(a.cur, "date-shift\x00", in[o.by].Text())
	span := uint64(2*o.deid.MaxDays + 1)
	off := int64(binary.BigEndian.Uint64(sum[:8])%span) - int64(o.deid.MaxDays)
	if v.Kind == Date {
		return DateValue(v.I + off), nil
	}
	return TimeValue(v.I + off*86400*1e6), nil
}

func opDerive(_ *Applier, o *Out, in []Value) (Value, error) {
	v := in[o.In]
	if v.Kind == Null {
		return v, nil
	}
	id, err := validator.ParseResidentID(strings.TrimSpace(v.Text()))
	if err != nil {
		return Value{}, errors.New(reasonDeriveInvalid(o.deid.Field))
	}
	switch o.deid.Field {
	case "birth-year":
		return IntValue(int64(id.Year)), nil
	case "sex":
		return StringValue(id.Sex()), nil
	}
	to := o.deid.To
	if to == "" {
		to = "province"
	}
	if g, ok := validator.Generalize(id.Region, to); ok {
		return StringValue(g), nil
	}
	if to == "province" && len(id.Region) == 6 {
		return StringValue(id.Region[:2] + "0000"), nil
	}
	return Value{}, errors.New(reasonDeriveRegion(to))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isDigits reports whether s is all ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
