package deid

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Operator is one de-identification operator (a column's `deid.op`) and all the
// generator knows about it: what it publishes, how strongly it hides a value, how
// it compiles and how the portal describes it. The table below is the one place an
// operator is defined; deid compiles from it, the version rules (lint) rank with
// it and the portal describes with it. TestOperatorTable checks that it holds
// exactly the operators of the model's enum.
type Operator struct {
	// Name is the value written as deid.op.
	Name string
	// Strength ranks how much of a value the operator hides, from 0 (keep shows all
	// of it) to 5 (drop publishes nothing); operators that coarsen a value share a
	// rank. A change of a column to an operator of lower strength weakens its
	// de-identification (the version rule `breaking`).
	Strength int

	// output is the published type of column c under the operator, "" when the
	// column is not published.
	output func(c model.Column) string
	// reveals says how much of a direct identifier the operator leaves readable
	// ("all", "part"), or "" when none.
	reveals func(d model.Deid) string
	// compile checks the operator's parameters for its column and sets the
	// operator function (and key) of the output column.
	compile func(b *compiling) error
	// weaker says how cur hides less than old (both of this operator), or "".
	weaker func(old, cur model.Deid) string
	// describe says in Chinese and in English what is published of the column.
	describe func(d model.Deid) (zh, en string)
}

// operators is the table of every operator, from the weakest to the strongest.
var operators = []Operator{
	{
		Name: model.OpKeep, Strength: 0,
		output:  columnType,
		reveals: func(model.Deid) string { return "all" },
		compile: func(b *compiling) error { b.out.f = opKeep; return nil },
		describe: func(d model.Deid) (string, string) {
			if d.Why != "" {
				return "原样发布（理由：" + d.Why + "）", "Published as is (why: " + d.Why + ")"
			}
			return "原样发布", "Published as is"
		},
	},
	{
		Name: model.OpMask, Strength: 1,
		output:  stringType,
		reveals: func(model.Deid) string { return "part" },
		compile: func(b *compiling) error {
			if b.d.Char != "" && utf8.RuneCountInString(b.d.Char) != 1 {
				return b.bad("char", "mask char must be one character")
			}
			b.out.f = opMask
			return nil
		},
		weaker: func(old, cur model.Deid) string {
			if cur.KeepPrefix+cur.KeepSuffix > old.KeepPrefix+old.KeepSuffix {
				return fmt.Sprintf("mask now keeps %d visible characters instead of %d", cur.KeepPrefix+cur.KeepSuffix, old.KeepPrefix+old.KeepSuffix)
			}
			return ""
		},
		describe: func(d model.Deid) (string, string) {
			ch := d.Char
			if ch == "" {
				ch = "*"
			}
			return fmt.Sprintf("遮盖：保留前 %d 位和后 %d 位，其余以“%s”代替", d.KeepPrefix, d.KeepSuffix, ch),
				fmt.Sprintf("Masked: first %d and last %d characters kept, the rest shown as %q", d.KeepPrefix, d.KeepSuffix, ch)
		},
	},
	{
		Name: model.OpRound, Strength: 2,
		output: columnType,
		compile: func(b *compiling) error {
			if t := b.col.Type; t != model.TypeInteger && t != model.TypeNumber {
				return b.bad("op", "round needs an integer or number column, not %s", t)
			}
			b.out.f = opRound
			return nil
		},
		weaker: func(old, cur model.Deid) string {
			if digits(cur.Digits) > digits(old.Digits) {
				return fmt.Sprintf("rounding keeps %d digits instead of %d", digits(cur.Digits), digits(old.Digits))
			}
			return ""
		},
		describe: func(d model.Deid) (string, string) {
			n := digits(d.Digits)
			return fmt.Sprintf("四舍五入保留 %d 位小数", n), fmt.Sprintf("Rounded to %d decimal places", n)
		},
	},
	{
		Name: model.OpBucket, Strength: 2,
		output: stringType,
		compile: func(b *compiling) error {
			d := b.d
			if t := b.col.Type; t != model.TypeInteger && t != model.TypeNumber {
				return b.bad("op", "bucket needs an integer or number column, not %s", t)
			}
			if len(d.Bands) == 0 && d.Width <= 0 {
				return b.bad("width", "bucket needs `width` (and optional lower/upper) or `bands`")
			}
			for j, band := range d.Bands {
				if band.Max == nil && j != len(d.Bands)-1 {
					return b.bad("bands", "only the last band may omit max")
				}
			}
			b.out.f = opBucket
			return nil
		},
		weaker: func(old, cur model.Deid) string {
			if old.Width > 0 && cur.Width > 0 && cur.Width < old.Width {
				return fmt.Sprintf("buckets narrowed from %g to %g", old.Width, cur.Width)
			}
			return ""
		},
		describe: func(d model.Deid) (string, string) {
			if len(d.Bands) > 0 {
				labels := make([]string, len(d.Bands))
				for i, band := range d.Bands {
					labels[i] = band.Label
				}
				return "分档发布：" + strings.Join(labels, "、"), "Published in bands: " + strings.Join(labels, ", ")
			}
			return fmt.Sprintf("按 %s 的宽度分档发布", trimFloat(d.Width)), fmt.Sprintf("Published in buckets of width %s", trimFloat(d.Width))
		},
	},
	{
		Name: model.OpGeneralize, Strength: 2,
		output: func(c model.Column) string {
			if c.Deid != nil && c.Deid.To == "year" {
				return model.TypeInteger
			}
			return model.TypeString
		},
		compile: compileGeneralize,
		weaker: func(old, cur model.Deid) string {
			co, cc := coarseness[old.To], coarseness[cur.To]
			if co > 0 && cc > 0 && cc < co {
				return fmt.Sprintf("generalized to the finer %s instead of %s", cur.To, old.To)
			}
			if old.To == "age-band" && cur.To == "age-band" && cur.Width > 0 && cur.Width < old.Width {
				return fmt.Sprintf("age bands narrowed from %g to %g years", old.Width, cur.Width)
			}
			return ""
		},
		describe: func(d model.Deid) (string, string) {
			if d.To == "age-band" {
				return fmt.Sprintf("泛化为 %s 岁一档的年龄段", trimFloat(d.Width)), fmt.Sprintf("Generalized to %s-year age bands", trimFloat(d.Width))
			}
			zhTo := map[string]string{"year": "年", "quarter": "季度", "month": "月", "province": "省级", "city": "市级", "district": "区县级"}[d.To]
			if zhTo == "" {
				zhTo = d.To
			}
			return "泛化到" + zhTo, "Generalized to " + d.To
		},
	},
	{
		Name: model.OpDateShift, Strength: 2,
		output:  columnType,
		compile: compileDateShift,
		weaker: func(old, cur model.Deid) string {
			if cur.MaxDays > 0 && cur.MaxDays < old.MaxDays {
				return fmt.Sprintf("dates shift by at most %d days instead of %d", cur.MaxDays, old.MaxDays)
			}
			return ""
		},
		describe: func(d model.Deid) (string, string) {
			zh, en := fmt.Sprintf("以保密密钥将日期平移至多 %d 天", d.MaxDays), fmt.Sprintf("Dates shifted by up to %d days with a secret key", d.MaxDays)
			if d.By != "" {
				zh += "，同一“" + d.By + "”的日期一起平移"
				en += "; all dates of one " + d.By + " shift together"
			}
			return zh, en
		},
	},
	{
		Name: model.OpDerive, Strength: 2,
		output: func(c model.Column) string {
			if c.Deid != nil && c.Deid.Field == "birth-year" {
				return model.TypeInteger
			}
			return model.TypeString
		},
		compile: compileDerive,
		describe: func(d model.Deid) (string, string) {
			field := map[string][2]string{"birth-year": {"出生年份", "birth year"}, "sex": {"性别", "sex"}, "region": {"地区", "region"}}[d.Field]
			if field[0] == "" {
				field = [2]string{d.Field, d.Field}
			}
			return "由居民身份号码派生" + field[0] + "，号码本身不发布", "Derived " + field[1] + " from the resident identity number, which is not published"
		},
	},
	{
		Name: model.OpTokenize, Strength: 3,
		output: stringType,
		compile: func(b *compiling) error {
			if l := b.d.Length; l != 0 && (l < 128 || l > 256) {
				return b.bad("length", "token length is 128 to 256 bits")
			}
			if err := b.needKey(); err != nil {
				return err
			}
			b.out.f = opTokenize
			b.out.HighCardinality = true
			return nil
		},
		describe: func(d model.Deid) (string, string) {
			bits := d.Length
			if bits == 0 {
				bits = 128
			}
			return fmt.Sprintf("以保密密钥生成 %d 位假名（HMAC-SHA-256）：同一原值得到同一假名，无法反推原值", bits),
				fmt.Sprintf("Replaced by a %d-bit keyed pseudonym (HMAC-SHA-256): the same value gives the same token, which cannot be reversed without the secret key", bits)
		},
	},
	{
		Name: model.OpReplace, Strength: 4,
		output: stringType,
		reveals: func(d model.Deid) string {
			if d.KeepPrefix > 0 || d.KeepSuffix > 0 {
				return "part" // replace ignores them, but whoever wrote them meant to keep part
			}
			return ""
		},
		compile: func(b *compiling) error { b.out.f = opReplace; return nil },
		describe: func(d model.Deid) (string, string) {
			return fmt.Sprintf("替换为固定值“%s”", d.Value), fmt.Sprintf("Replaced by the constant %q", d.Value)
		},
	},
	{
		Name: model.OpDrop, Strength: 5,
		output:   func(model.Column) string { return "" },
		compile:  func(*compiling) error { return nil }, // Compile publishes no column for it
		describe: func(model.Deid) (string, string) { return "不发布此列", "Not published" },
	},
}

// Operators returns every operator, from the weakest to the strongest.
func Operators() []Operator { return slices.Clone(operators) }

// LookupOperator returns the operator named name.
func LookupOperator(name string) (Operator, bool) {
	for _, op := range operators {
		if op.Name == name {
			return op, true
		}
	}
	return Operator{}, false
}

// Effective returns the de-identification of column c as applied: keep when the
// column has no `deid`.
func Effective(c model.Column) model.Deid {
	if c.Deid == nil {
		return model.Deid{Op: model.OpKeep}
	}
	return *c.Deid
}

// OutputType returns the published type of a column after its operator, or "" when
// the column is dropped. An unknown operator publishes the column's own type (the
// schema rejects the file first).
func OutputType(c model.Column) string {
	if c.Deid == nil {
		return c.Type
	}
	if op, ok := LookupOperator(c.Deid.Op); ok {
		return op.output(c)
	}
	return c.Type
}

// Reveals says how much of a direct identifier d leaves readable: "all", "part",
// or "" when none of it.
func Reveals(d model.Deid) string {
	if op, ok := LookupOperator(d.Op); ok && op.reveals != nil {
		return op.reveals(d)
	}
	return ""
}

// Weakened says how the de-identification of a column got weaker from old to cur
// (another operator of lower strength, or the same operator keeping more), or ""
// when it did not.
func Weakened(old, cur model.Deid) string {
	o, ok1 := LookupOperator(old.Op)
	c, ok2 := LookupOperator(cur.Op)
	if !ok1 || !ok2 {
		return ""
	}
	if c.Strength < o.Strength {
		return fmt.Sprintf("de-identification weakened from %s to %s", old.Op, cur.Op)
	}
	if old.Op != cur.Op || c.weaker == nil {
		return ""
	}
	return c.weaker(old, cur)
}

// Describe says in plain words, in lang ("zh" or "en"), what is published of a
// column de-identified by d; an unknown operator is named as written.
func Describe(lang string, d model.Deid) string {
	op, ok := LookupOperator(d.Op)
	if !ok {
		return d.Op
	}
	zh, en := op.describe(d)
	if lang == "en" {
		return en
	}
	return zh
}

// compiling is the state of compiling one column: what an operator's compile
// function reads and fills.
type compiling struct {
	index  int
	col    model.Column
	d      *model.Deid
	out    *Out
	opts   Options
	byName map[string]int // column index by name
}

// bad returns a ColumnError about field of the column being compiled.
func (b *compiling) bad(field, format string, args ...any) error {
	return &ColumnError{Index: b.index, Field: field, Msg: fmt.Sprintf("column %q: ", b.col.Name) + fmt.Sprintf(format, args...)}
}

// needKey resolves the column's key into the output column.
func (b *compiling) needKey() error {
	if b.d.Key == "" {
		return b.bad("op", "%s needs `key: env:NAME` (or file:PATH)", b.d.Op)
	}
	if b.opts.Key == nil {
		return b.bad("key", "no key resolver")
	}
	k, err := b.opts.Key(b.d.Key)
	if err != nil {
		return &ColumnError{Index: b.index, Field: "key", Msg: fmt.Sprintf("column %q: %v", b.col.Name, err), Err: err}
	}
	b.out.key = k
	return nil
}

func compileGeneralize(b *compiling) error {
	t := b.col.Type
	switch b.d.To {
	case "year", "quarter", "month":
		if t != model.TypeDate && t != model.TypeDatetime {
			return b.bad("to", "generalize to %s needs a date or datetime column, not %s", b.d.To, t)
		}
		b.out.f = opGeneralizeDate
	case "province", "city", "district":
		if t != model.TypeString && t != model.TypeInteger {
			return b.bad("to", "generalize to %s needs a string or integer column holding GB/T 2260 codes", b.d.To)
		}
		b.out.f = opGeneralizeDivision
	case "age-band":
		if t != model.TypeDate && t != model.TypeDatetime && t != model.TypeInteger && t != model.TypeNumber {
			return b.bad("to", "generalize to age-band needs a birth date (date) or an age (integer)")
		}
		if b.opts.RefDate.IsZero() && (t == model.TypeDate || t == model.TypeDatetime) {
			return b.bad("to", "age-band from a birth date needs the dataset's update.last_modified as the reference date")
		}
		b.out.f = opAgeBand
	default:
		return b.bad("to", "generalize needs `to:` year, quarter, month, province, city, district or age-band")
	}
	return nil
}

func compileDateShift(b *compiling) error {
	d := b.d
	if t := b.col.Type; t != model.TypeDate && t != model.TypeDatetime {
		return b.bad("op", "date-shift needs a date or datetime column, not %s", t)
	}
	if d.MaxDays <= 0 {
		return b.bad("max_days", "date-shift needs `max_days` (at least 1)")
	}
	if d.By == "" {
		return b.bad("by", "date-shift needs `by:` the entity column (e.g. the patient id) so one person's dates shift together")
	}
	j, ok := b.byName[d.By]
	if !ok {
		return b.bad("by", "date-shift `by: %s` names no column of this dataset", d.By)
	}
	b.out.by = j
	if err := b.needKey(); err != nil {
		return err
	}
	b.out.f = opDateShift
	return nil
}

func compileDerive(b *compiling) error {
	d := b.d
	if d.From != "" && d.From != "cn-resident-id" {
		return b.bad("from", "derive supports from: cn-resident-id")
	}
	switch d.Field {
	case "birth-year", "sex":
	case "region":
		switch d.To {
		case "", "province", "city", "district":
		default:
			return b.bad("to", "derive region takes `to:` province, city or district")
		}
	default:
		return b.bad("field", "derive needs `field:` birth-year, sex or region")
	}
	b.out.f = opDerive
	return nil
}

// coarseness ranks generalize targets within their family: higher is coarser.
var coarseness = map[string]int{
	"month": 1, "quarter": 2, "year": 3,
	"district": 1, "city": 2, "province": 3,
}

func columnType(c model.Column) string { return c.Type }
func stringType(model.Column) string   { return model.TypeString }

func digits(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
