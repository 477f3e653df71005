package deid

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// SQLInput is what Push needs of the query it compiles into: the SQL of a dataset
// column's value and a way to bind parameters.
type SQLInput interface {
	// Typed is the SQL of column col's value as its declared type (bigint, double
	// precision, boolean, date, timestamp without time zone in UTC, text), NULL when the
	// value is missing.
	Typed(col int) string
	// Text is the SQL of the canonical text of column col's value (Value.Text), or
	// false when it has none in SQL (a number: Go and PostgreSQL print floats apart).
	Text(col int) (string, bool)
	// Param binds b (sent in text format) and returns its placeholder ($n). Keys are
	// bound, never written into the query.
	Param(b []byte) string
	// Let computes expr once per row and returns the name to read it by: a query
	// evaluates an expression as often as it is written.
	Let(expr string) string
}

// PushKind is the SQL type of a pushed column's compact value, as it reaches Finish.
type PushKind uint8

// Compact value kinds: Finish reads Value kinds Int (bigint), Float (double
// precision), String (text or bytea: the bytes), Bool, Date and Time.
const (
	PushInt PushKind = iota
	PushFloat
	PushText
	PushBytes
	PushBool
	PushDate
	PushTime
)

// PushedOut is one published column compiled to SQL.
type PushedOut struct {
	// Expr is the SQL of the column's compact value: what Finish turns into the
	// published value. NULL is a missing value.
	Expr string
	Kind PushKind
	// Errs are the conditions under which the local operator rejects the row, in the
	// order it tests them, with its reason.
	Errs []PushErr
	// Local, when not "", is an SQL condition true for a value the SQL does not
	// compute (an address to generalize): the dataset must be extracted locally.
	Local string
}

// PushErr is a condition under which an operator rejects a row.
type PushErr struct {
	Cond, Reason string
}

// goSpace is what strings.TrimSpace removes (unicode.IsSpace), for btrim.
const goSpace = "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

// TrimSQL is the SQL of strings.TrimSpace of the text expression t.
func TrimSQL(t string) string { return fmt.Sprintf("btrim(%s, E'%s')", t, goSpace) }

// Push compiles published column o to SQL over in, or says why it cannot be (the
// caller names the column). The SQL is plain PostgreSQL with pgcrypto's hmac() for
// keyed operators.
func (p *Plan) Push(o int, in SQLInput) (*PushedOut, error) {
	out := &p.Out[o]
	d := &out.deid
	c := out.In
	x := in.Typed(c)
	notNull := func(cond string) string { return fmt.Sprintf("(%s IS NOT NULL AND %s)", x, cond) }
	switch out.Op {
	case model.OpKeep:
		return &PushedOut{Expr: x, Kind: kindOfType(out.Type)}, nil
	case model.OpReplace:
		return &PushedOut{Expr: fmt.Sprintf("(%s IS NOT NULL OR NULL)", x), Kind: PushBool}, nil
	case model.OpMask:
		t, ok := in.Text(c)
		if !ok {
			return nil, fmt.Errorf("mask of a number is not compiled to SQL (PostgreSQL prints floats unlike shuyuan)")
		}
		ch := d.Char
		if ch == "" {
			ch = "*"
		}
		chp := in.Param([]byte(ch))
		n := in.Let(fmt.Sprintf("char_length(%s)", t))
		keep := d.KeepPrefix + d.KeepSuffix
		return &PushedOut{Kind: PushText, Expr: fmt.Sprintf("(CASE WHEN %[1]s <= %[2]d THEN repeat(%[3]s::text, %[1]s) ELSE left(%[4]s, %[5]d) || repeat(%[3]s::text, %[1]s - %[2]d) || right(%[4]s, %[6]d) END)",
			n, keep, chp, t, d.KeepPrefix, d.KeepSuffix)}, nil
	case model.OpTokenize:
		t, ok := in.Text(c)
		if !ok {
			return nil, fmt.Errorf("tokenize of a number is not compiled to SQL (PostgreSQL prints floats unlike shuyuan)")
		}
		return &PushedOut{Kind: PushBytes, Expr: TokenSQL(fmt.Sprintf("convert_to(%s, 'UTF8')", t), keyParam(in, out.key), d.Length)}, nil
	case model.OpGeneralize:
		switch d.To {
		case "year", "quarter", "month":
			day := fmt.Sprintf("(%s)::date", x)
			return &PushedOut{Kind: PushInt, Expr: fmt.Sprintf("(extract(year from %[1]s)::int * 100 + extract(month from %[1]s)::int)", day)}, nil
		case "province", "city", "district":
			t, _ := in.Text(c) // integer or string
			code := in.Let(TrimSQL(t))
			six := in.Let(fmt.Sprintf("(CASE WHEN length(%[1]s) IN (9, 12) THEN left(%[1]s, 6) ELSE %[1]s END)", code))
			g := in.Let(divisionSQL(in, six, d.To))
			po := &PushedOut{Kind: PushInt, Expr: g, Errs: []PushErr{{notNull(g + " IS NULL"), reasonDivision(d.To)}}}
			if p.typeOf(c) == model.TypeString {
				// an address: its leading division names are looked up locally
				po.Local = notNull(fmt.Sprintf("(%[1]s <> '' AND %[1]s !~ '^[0-9]+$')", code))
				po.Expr = fmt.Sprintf("(CASE WHEN %s THEN NULL ELSE %s END)", po.Local, g)
			}
			return po, nil
		case "age-band":
			var age string
			switch p.typeOf(c) {
			case model.TypeInteger:
				age = x
			case model.TypeNumber:
				age = fmt.Sprintf("floor(%s)::bigint", x)
			default:
				ref := in.Param([]byte(p.ref.Format("2006-01-02")))
				b := fmt.Sprintf("(%s)::date", x)
				age = fmt.Sprintf("(extract(year from %[1]s::date)::int - extract(year from %[2]s)::int - CASE WHEN (extract(month from %[1]s::date), extract(day from %[1]s::date)) < (extract(month from %[2]s), extract(day from %[2]s)) THEN 1 ELSE 0 END)", ref, b)
			}
			age = in.Let(age)
			return &PushedOut{Kind: PushInt, Expr: age, Errs: []PushErr{{notNull(age + " < 0"), reasonAgeNegative}}}, nil
		}
	case model.OpBucket:
		f := fmt.Sprintf("(%s)::double precision", x)
		if len(d.Bands) > 0 {
			var b strings.Builder
			b.WriteString("(CASE")
			for i, band := range d.Bands {
				if band.Max == nil {
					fmt.Fprintf(&b, " WHEN %s IS NOT NULL THEN %d", x, i)
					break
				}
				fmt.Fprintf(&b, " WHEN %s <= %s::double precision THEN %d", f, floatParam(in, *band.Max), i)
			}
			b.WriteString(" END)")
			band := in.Let(b.String())
			return &PushedOut{Kind: PushInt, Expr: band, Errs: []PushErr{{notNull(band + " IS NULL"), reasonAboveBands}}}, nil
		}
		base := "0::double precision"
		var b strings.Builder
		b.WriteString("(CASE")
		if d.Lower != nil {
			base = floatParam(in, *d.Lower) + "::double precision"
			fmt.Fprintf(&b, " WHEN %s < %s THEN '-Infinity'::double precision", f, base)
		}
		if d.Upper != nil {
			fmt.Fprintf(&b, " WHEN %s >= %s::double precision THEN 'Infinity'::double precision", f, floatParam(in, *d.Upper))
		}
		w := floatParam(in, d.Width) + "::double precision"
		lo := fmt.Sprintf("(%[1]s + floor((%[2]s - %[1]s) / %[3]s) * %[3]s)", base, f, w)
		if d.Lower == nil && d.Upper == nil {
			return &PushedOut{Kind: PushFloat, Expr: lo}, nil
		}
		fmt.Fprintf(&b, " ELSE %s END)", lo)
		return &PushedOut{Kind: PushFloat, Expr: b.String()}, nil
	case model.OpRound:
		digits := 0
		if d.Digits != nil {
			digits = *d.Digits
		}
		if p.typeOf(c) == model.TypeInteger && digits >= 0 {
			return &PushedOut{Kind: PushInt, Expr: x}, nil
		}
		pp := floatParam(in, math.Pow(10, float64(digits))) + "::double precision"
		v := fmt.Sprintf("((%s)::double precision * %s)", x, pp)
		// math.Round: half away from zero, keeping the sign of zero
		return &PushedOut{Kind: PushFloat, Expr: fmt.Sprintf("((CASE WHEN abs(%[1]s - trunc(%[1]s)) >= 0.5 THEN trunc(%[1]s) + sign(%[1]s) ELSE trunc(%[1]s) END) / %[2]s)", v, pp)}, nil
	case model.OpDateShift:
		t, ok := in.Text(out.by)
		if !ok {
			return nil, fmt.Errorf("date-shift by a number column is not compiled to SQL")
		}
		h := fmt.Sprintf("hmac('\\x%s'::bytea || convert_to(coalesce(%s, ''), 'UTF8'), %s, 'sha256')", hex.EncodeToString([]byte("date-shift\x00")), t, keyParam(in, out.key))
		s := fmt.Sprintf("('x' || encode(substr(%s, 1, 8), 'hex'))::bit(64)::bigint", h)
		off0 := in.Let(fmt.Sprintf("(mod(mod((%[1]s)::numeric + 18446744073709551616, 18446744073709551616), %[2]d)::bigint - %[3]d)", s, 2*d.MaxDays+1, d.MaxDays))
		// the first 8 bytes as an unsigned integer, modulo the span, as opDateShift
		off := off0
		if p.typeOf(c) == model.TypeDate {
			return &PushedOut{Kind: PushDate, Expr: fmt.Sprintf("(%s + %s::integer)", x, off)}, nil
		}
		return &PushedOut{Kind: PushTime, Expr: fmt.Sprintf("(%s + %s * interval '1 day')", x, off)}, nil
	case model.OpDerive:
		t, _ := in.Text(c) // derive reads text
		id := in.Let(TrimSQL(t))
		valid, _ := validator.SQLWith("cn-resident-id", id, in.Let)
		valid = in.Let(valid)
		var v string
		kind := PushText
		var errs []PushErr
		switch d.Field {
		case "birth-year":
			kind = PushInt
			v = fmt.Sprintf("(CASE WHEN length(%[1]s) = 15 THEN 1900 + substr(%[1]s, 7, 2)::int ELSE substr(%[1]s, 7, 4)::int END)", id)
		case "sex":
			kind = PushBool
			v = fmt.Sprintf("(substr(%[1]s, CASE WHEN length(%[1]s) = 15 THEN 15 ELSE 17 END, 1)::int %% 2 = 0)", id)
		case "region":
			to := d.To
			if to == "" {
				to = "province"
			}
			kind = PushInt
			if to == "province" {
				v = fmt.Sprintf("(left(%s, 2) || '0000')::int", id)
			} else {
				v = in.Let(divisionSQL(in, fmt.Sprintf("left(%s, 6)", id), to))
				errs = []PushErr{{fmt.Sprintf("(%s IS NULL)", v), reasonDeriveRegion(to)}}
			}
		}
		// every value of a row that is not a valid id is NULL, so that no cast fails
		expr := fmt.Sprintf("(CASE WHEN %s THEN %s END)", valid, v)
		for i := range errs {
			errs[i].Cond = fmt.Sprintf("(%s IS NOT NULL AND %s AND %s)", x, valid, errs[i].Cond)
		}
		errs = append([]PushErr{{notNull(fmt.Sprintf("NOT %s", valid)), reasonDeriveInvalid(d.Field)}}, errs...)
		return &PushedOut{Kind: kind, Expr: expr, Errs: errs}, nil
	}
	return nil, fmt.Errorf("operator %s is not compiled to SQL", out.Op)
}

// divisionSQL is validator.Generalize of the six-character text code in SQL: a look-up
// in a bound jsonb map built from the division table.
func divisionSQL(in SQLInput, code, to string) string {
	m := map[string]string{}
	for _, c := range validator.DivisionCodes() {
		switch to {
		case "province":
			if g, ok := validator.Province(c); ok {
				m[c[:2]] = g
			}
		case "city":
			if g, ok := validator.City(c); ok {
				m[c[:4]] = g
			}
		case "district":
			if g, ok := validator.District(c); ok {
				m[c] = g
			}
		}
	}
	b, _ := json.Marshal(m) // sorted keys: the same query every time
	key := map[string]string{"province": "left(@, 2)", "city": "left(@, 4)", "district": "@"}[to]
	guard := map[string]string{"province": "", "city": " AND substr(@, 3) <> '0000'", "district": " AND substr(@, 5) <> '00'"}[to]
	return strings.ReplaceAll("(CASE WHEN @ ~ '^[0-9]{6}$'"+guard+" THEN ("+in.Param(b)+"::jsonb ->> "+key+")::int END)", "@", code)
}

func keyParam(in SQLInput, key []byte) string {
	return in.Param([]byte(`\x`+hex.EncodeToString(key))) + "::bytea"
}

func floatParam(in SQLInput, f float64) string {
	return in.Param([]byte(strconv.FormatFloat(f, 'g', -1, 64)))
}

func (p *Plan) typeOf(col int) string { return p.types[col] }

func kindOfType(t string) PushKind {
	switch t {
	case model.TypeInteger:
		return PushInt
	case model.TypeNumber:
		return PushFloat
	case model.TypeBoolean:
		return PushBool
	case model.TypeDate:
		return PushDate
	case model.TypeDatetime:
		return PushTime
	}
	return PushText
}

// Finish turns the compact value v of published column o, as the SQL of Push
// computed it, into the published value: the same formatting code as the local path.
func (a *Applier) Finish(o int, v Value) Value {
	out := &a.plan.Out[o]
	if v.Kind == Null {
		return v
	}
	d := &out.deid
	switch out.Op {
	case model.OpReplace:
		return StringValue(d.Value)
	case model.OpTokenize:
		return StringValue(Token([]byte(v.S), d.Length))
	case model.OpGeneralize:
		switch d.To {
		case "year", "quarter", "month":
			return a.dateLabel(d.To, v.I/100, v.I%100)
		case "age-band":
			return ageLabel(int(v.I), d.Width)
		}
		return StringValue(strconv.FormatInt(v.I, 10)) // a division code
	case model.OpDerive:
		switch d.Field {
		case "sex":
			return StringValue(validator.ResidentID{Female: v.I != 0}.Sex())
		case "region":
			return StringValue(strconv.FormatInt(v.I, 10))
		}
		return v
	case model.OpBucket:
		if len(d.Bands) > 0 {
			return StringValue(d.Bands[v.I].Label)
		}
		return bucketLabel(d, v.F)
	case model.OpRound:
		if v.Kind == Float && a.plan.types[out.In] == model.TypeInteger {
			return IntValue(int64(v.F))
		}
		return v
	}
	return v
}

// ApplyPushed is Apply for a row part of whose published columns the database
// computed: pushed[o] tells which, val[o] holds their compact values and errAt the
// first of them whose operator rejects the row (-1 when none), with its reason.
func (a *Applier) ApplyPushed(in []Value, pushed []bool, val []Value, errAt int, reason string, out []Value) error {
	for i := range a.plan.Out {
		o := &a.plan.Out[i]
		var v Value
		if pushed[i] {
			if i == errAt {
				return &RowError{Column: o.Name, Reason: reason}
			}
			v = a.Finish(i, val[i])
		} else {
			a.cur = i
			var err error
			if v, err = o.f(a, o, in); err != nil {
				return &RowError{Column: o.Name, Reason: err.Error()}
			}
		}
		if v.Kind == Null && o.Required {
			return &RowError{Column: o.Name, Reason: "value is required (constraints.required) but empty"}
		}
		out[i] = v
	}
	return nil
}

// GroupSQL is the SQL of a value that is equal for two rows exactly when their
// published values of column o are equal, given x, the SQL of o's compact value of
// kind kind (Push): Finish maps some compact values to one label (an age to its band,
// a year and month to the year or quarter), and a float is compared by its bits, as
// shuyuan groups rows (so -0 and 0 differ unless the label merges them).
func (p *Plan) GroupSQL(o int, x string, kind PushKind) string {
	out := &p.Out[o]
	d := &out.deid
	switch out.Op {
	case model.OpGeneralize:
		switch d.To {
		case "year":
			return fmt.Sprintf("(%s / 100)", x)
		case "quarter":
			return fmt.Sprintf("(%[1]s / 100 * 10 + (%[1]s %% 100 + 2) / 3)", x)
		case "age-band":
			w := int(math.Round(d.Width))
			if w < 1 {
				w = 10
			}
			return fmt.Sprintf("(%s / %d)", x, w) // ageLabel: truncated, as Go divides
		}
	case model.OpRound:
		if kind == PushFloat && p.typeOf(out.In) == model.TypeInteger {
			// Finish truncates to an integer: -0 and 0 are one label
			return fmt.Sprintf("float8send(%s + 0::double precision)", x)
		}
	}
	if kind == PushFloat {
		return "float8send(" + x + ")"
	}
	return x
}
