package extract

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// maxExampleLines is how many source lines a quality figure keeps as examples.
const maxExampleLines = 5

// namedValidator is a validator a column's values must pass, with where it comes from.
type namedValidator struct {
	name, from string
	f          validator.Func
}

// threshold is one declared quality rule of a column's element.
type threshold struct {
	kind      string
	value     float64
	element   string
	pos       string // file:line:col of the threshold
	validator string // validity rules: the validator
	// applies is false when the rule cannot be measured on this column; why says why.
	applies bool
	why     string
}

// colCheck is the compiled value checks of one dataset column.
type colCheck struct {
	required   bool
	pattern    *regexp.Regexp
	min, max   *float64
	enum       map[string]struct{}
	validators []namedValidator
	unique     bool
	rules      []threshold
	// active is true when the column has any check or rule.
	active bool
}

// colStats counts one column's measurements over the parsed source rows.
type colStats struct {
	Null, Invalid, Duplicates               int64
	firstNull, firstInvalid, firstDuplicate []int64
}

func addLine(lines []int64, l int64) []int64 {
	if len(lines) < maxExampleLines {
		lines = append(lines, l)
	}
	return lines
}

func (s *colStats) merge(o *colStats) {
	s.Null += o.Null
	s.Invalid += o.Invalid
	for _, l := range o.firstNull {
		s.firstNull = addLine(s.firstNull, l)
	}
	for _, l := range o.firstInvalid {
		s.firstInvalid = addLine(s.firstInvalid, l)
	}
}

func (s *colStats) reset() {
	*s = colStats{firstNull: s.firstNull[:0], firstInvalid: s.firstInvalid[:0]}
}

// compileChecks compiles the constraints, validators and element quality rules of a
// dataset's columns.
func compileChecks(cat *load.Catalog, d *load.Doc[model.Dataset]) ([]colCheck, error) {
	ds := d.V
	checks := make([]colCheck, len(ds.Columns))
	for i, c := range ds.Columns {
		ch := &checks[i]
		if k := c.Constraints; k != nil {
			ch.required, ch.unique, ch.min, ch.max = k.Required, k.Unique, k.Minimum, k.Maximum
			if k.Pattern != "" {
				re, err := regexp.Compile(`^(?:` + k.Pattern + `)$`)
				if err != nil {
					return nil, fmt.Errorf("%s: column %q: constraints.pattern is not a regular expression (RE2 syntax): %v", pos(d, "columns", i, "constraints", "pattern"), c.Name, err)
				}
				ch.pattern = re
			}
			if len(k.Enum) > 0 {
				ch.enum = map[string]struct{}{}
				for _, e := range k.Enum {
					ch.enum[e] = struct{}{}
				}
			}
		}
		addValidator := func(name, from string) {
			for _, v := range ch.validators {
				if v.name == name {
					return
				}
			}
			if f := validator.Get(name); f != nil {
				ch.validators = append(ch.validators, namedValidator{name, from, f})
			}
		}
		if c.Detector != "" {
			addValidator(c.Detector, "the column's detector")
		}
		if c.Element != "" && cat != nil {
			if e := cat.Element(c.Element); e != nil {
				if e.V.Value.Validator != "" {
					addValidator(e.V.Value.Validator, "element "+e.V.ID+"'s value.validator")
				}
				for ri, r := range e.V.Quality.Rules {
					t := threshold{kind: r.Kind, value: r.Threshold, element: e.V.ID, validator: r.Validator, applies: true}
					p := e.Pos("quality", "rules", ri, "threshold")
					if !e.Has("quality", "rules", ri, "threshold") {
						p = e.Pos("quality", "rules", ri)
					}
					t.pos = fmt.Sprintf("%s:%d:%d", e.Path, p.Line, p.Col)
					switch r.Kind {
					case "validity":
						if r.Validator != "" {
							addValidator(r.Validator, "element "+e.V.ID+"'s validity rule")
						}
					case "completeness":
					case "uniqueness":
						if !ch.unique {
							t.applies, t.why = false, "the column is not declared constraints.unique: repeated values are expected (one row per event, not per "+e.V.ID+")"
						}
					case "timeliness":
						// the rule bounds the delay between a change at the source and its
						// arrival; rows carry no time of change (the stale lint rule checks
						// the update dates)
						t.applies, t.why = false, "timeliness bounds the delay between a change at the source system and its arrival; the source rows carry no time of change to measure it on (the stale lint rule checks update dates)"
					default: // consistency, accuracy: need another source to compare with
						t.applies, t.why = false, r.Kind+" needs a reference source to compare with; it is not measured on the extract"
					}
					ch.rules = append(ch.rules, t)
				}
			}
		}
		ch.active = ch.required || ch.unique || ch.pattern != nil || ch.min != nil || ch.max != nil || ch.enum != nil || len(ch.validators) > 0 || len(ch.rules) > 0
	}
	return checks, nil
}

// check returns why a non-null value breaks the column's constraints, or "".
// Reasons never contain the value. buf is scratch space for the text of a value
// that is not a string, so that a value that passes costs no allocation.
func (ch *colCheck) check(v deid.Value, buf *[]byte) string {
	if ch.min != nil || ch.max != nil {
		var f float64
		switch v.Kind {
		case deid.Int:
			f = float64(v.I)
		case deid.Float:
			f = v.F
		default:
			f = math.NaN()
		}
		if !math.IsNaN(f) {
			if ch.min != nil && f < *ch.min {
				return "below constraints.minimum " + strconv.FormatFloat(*ch.min, 'f', -1, 64)
			}
			if ch.max != nil && f > *ch.max {
				return "above constraints.maximum " + strconv.FormatFloat(*ch.max, 'f', -1, 64)
			}
		}
	}
	if ch.pattern == nil && ch.enum == nil && len(ch.validators) == 0 {
		return ""
	}
	s := v.S
	if v.Kind != deid.String {
		*buf = appendText((*buf)[:0], v)
		s = unsafe.String(unsafe.SliceData(*buf), len(*buf)) // used only in this call
	}
	if ch.pattern != nil && !ch.pattern.MatchString(s) {
		return "does not match constraints.pattern"
	}
	if ch.enum != nil {
		if _, ok := ch.enum[s]; !ok {
			return "not one of constraints.enum"
		}
	}
	for _, val := range ch.validators {
		if !val.f(strings.TrimSpace(s)) {
			return "not a valid " + val.name + " (" + val.from + ")"
		}
	}
	return ""
}

// findDuplicates reads the sorted (column, value hash, line) records of the unique
// columns: the first line of each value is kept, every later one is a duplicate. It
// counts duplicates into stats, and returns the duplicate lines (sorted, each once),
// their first rejections, and overflow when more than limit lines were found (the
// list then stops growing: the extract fails anyway).
func findDuplicates(s *sorter, ds *model.Dataset, stats []colStats, limit int64) (lines []int64, rejs []Rejection, overflow bool, err error) {
	if s.n == 0 {
		return nil, nil, false, nil
	}
	it, err := s.finish()
	if err != nil {
		return nil, nil, false, err
	}
	defer it.close()
	var prev record
	have := false
	for {
		r, ok, err := it.next()
		if err != nil {
			return nil, nil, false, err
		}
		if !ok {
			break
		}
		if have && cmpKey(prev, r) == 0 {
			st := &stats[r.k0]
			st.Duplicates++
			st.firstDuplicate = insertLine(st.firstDuplicate, int64(r.v))
			if int64(len(lines)) <= limit {
				lines = append(lines, int64(r.v))
			} else {
				overflow = true
			}
			rejs = append(rejs, Rejection{Line: int64(r.v), Column: ds.Columns[r.k0].Name,
				Reason: fmt.Sprintf("repeats the value of line %d (constraints.unique)", prev.v)})
			if len(rejs) >= 2*MaxRejections {
				slices.SortFunc(rejs, func(a, b Rejection) int { return cmp.Compare(a.Line, b.Line) })
				rejs = rejs[:MaxRejections]
			}
			continue
		}
		prev, have = r, true
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	// a line repeating values of two unique columns is rejected once
	slices.SortStableFunc(rejs, func(a, b Rejection) int { return cmp.Compare(a.Line, b.Line) })
	rejs = slices.CompactFunc(rejs, func(a, b Rejection) bool { return a.Line == b.Line })
	if len(rejs) > MaxRejections {
		rejs = rejs[:MaxRejections]
	}
	return lines, rejs, overflow, nil
}

// insertLine keeps the maxExampleLines smallest lines, sorted.
func insertLine(lines []int64, l int64) []int64 {
	i, _ := slices.BinarySearch(lines, l)
	if i >= maxExampleLines {
		return lines
	}
	lines = slices.Insert(lines, i, l)
	if len(lines) > maxExampleLines {
		lines = lines[:maxExampleLines]
	}
	return lines
}

// appendText appends v.Text() to dst.
func appendText(dst []byte, v deid.Value) []byte {
	switch v.Kind {
	case deid.String:
		return append(dst, v.S...)
	case deid.Int:
		return strconv.AppendInt(dst, v.I, 10)
	case deid.Float:
		return strconv.AppendFloat(dst, v.F, 'g', -1, 64)
	case deid.Bool:
		return strconv.AppendBool(dst, v.I != 0)
	case deid.Date:
		return v.Time().AppendFormat(dst, time.DateOnly)
	case deid.Time:
		return v.Time().AppendFormat(dst, "2006-01-02T15:04:05.000000Z")
	}
	return dst
}
