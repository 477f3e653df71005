package pii

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// MinShare is the share of a column's non-null cells holding identifiers of one
// kind above which (by the lower end of the Wilson interval) the column is judged
// to hold them.
const MinShare = 0.01

// Z is the normal quantile of the Wilson score interval: the 95% two-sided
// interval.
const Z = 1.96

// MaxExamples is how many source lines a Finding names.
const MaxExamples = 3

// Tally counts what a Scanner finds in the cells of one column. The zero Tally is
// empty; tallies of consecutive parts of a column are combined with Merge, in
// source order.
type Tally struct {
	// Cells is the number of non-null cells added.
	Cells int64
	hits  [NumKinds]int64  // cells holding at least one valid identifier of the kind
	looks [numChecks]int64 // look-alikes
	lines [NumKinds][MaxExamples]int64
	nline [NumKinds]uint8
}

// Add scans the text of one non-null cell at source line (or row) line.
func (t *Tally) Add(sc *Scanner, line int64, text string) {
	t.Cells++
	ms := sc.Find(text)
	var seen Set
	for _, m := range ms {
		if !m.Valid {
			t.looks[m.check]++
			continue
		}
		if seen.Has(m.Kind) {
			continue
		}
		seen |= 1 << m.Kind
		t.hits[m.Kind]++
		if n := t.nline[m.Kind]; n < MaxExamples {
			t.lines[m.Kind][n] = line
			t.nline[m.Kind]++
		}
	}
}

// Merge adds o, the tally of the cells that follow t's, to t.
func (t *Tally) Merge(o *Tally) {
	t.Cells += o.Cells
	for k := range NumKinds {
		t.hits[k] += o.hits[k]
		for i := uint8(0); i < o.nline[k] && t.nline[k] < MaxExamples; i++ {
			t.lines[k][t.nline[k]] = o.lines[k][i]
			t.nline[k]++
		}
	}
	for c := range numChecks {
		t.looks[c] += o.looks[c]
	}
}

// Hits returns the number of cells holding at least one valid identifier of kind k.
func (t *Tally) Hits(k Kind) int64 { return t.hits[k] }

// LookAlikes returns the number of look-alikes of kind k seen.
func (t *Tally) LookAlikes(k Kind) int64 {
	var n int64
	for c, ck := range checkKind {
		if ck == k {
			n += t.looks[c]
		}
	}
	return n
}

// Finding is a kind of identifier a column is judged to hold.
type Finding struct {
	Kind Kind
	// Hits cells of Cells non-null cells hold at least one.
	Hits, Cells int64
	// LookAlikes is the number of look-alikes seen (see the package documentation).
	LookAlikes int64
	// Lines are the first source lines (or rows) holding one.
	Lines []int64
	// Lower is the lower end of the Wilson interval of the share of cells holding
	// one, after discounting chance passes; above MinShare.
	Lower float64
}

// String says what was found without any value: "120 of 1000 non-empty values
// hold mobile numbers (cn-mobile), first at source lines 3, 7 and 12".
func (f Finding) String() string {
	lines := make([]string, len(f.Lines))
	for i, l := range f.Lines {
		lines[i] = strconv.FormatInt(l, 10)
	}
	at := ""
	switch len(lines) {
	case 0:
	case 1:
		at = ", first at source line " + lines[0]
	default:
		at = ", first at source lines " + strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
	}
	return fmt.Sprintf("%d of %d non-empty values hold %s (%s)%s", f.Hits, f.Cells, f.Kind.Plural(), f.Kind, at)
}

// Message says that a column declared not personal holds what the findings say,
// and what to do; undeclared-pii and extract report it.
func Message(column string, findings []Finding) string {
	parts := make([]string, len(findings))
	for i, f := range findings {
		parts[i] = f.String()
	}
	return "column " + strconv.Quote(column) + " is declared personal_info: none but " + strings.Join(parts, "; ") +
		": declare personal_info: personal with a deid (tokenize, mask or drop), or remove them from the source"
}

// Judge returns the kinds the column holds: those for which the lower end of the
// 95% Wilson interval of the share of cells holding one, after discounting the
// upper end of the 95% interval of the chance passes the look-alikes imply, exceeds
// MinShare. Kinds come in Kind order.
func (t *Tally) Judge() []Finding {
	var out []Finding
	for k := range NumKinds {
		if t.hits[k] == 0 {
			continue
		}
		est := float64(t.hits[k])
		for c, ck := range checkKind {
			if ck == k && chance[c] > 0 {
				est -= chancePasses(float64(t.looks[c]), chance[c])
			}
		}
		lower := WilsonLower(max(est, 0), float64(t.Cells))
		if lower <= MinShare {
			continue
		}
		out = append(out, Finding{Kind: k, Hits: t.hits[k], Cells: t.Cells, LookAlikes: t.LookAlikes(k),
			Lines: append([]int64(nil), t.lines[k][:t.nline[k]]...), Lower: lower})
	}
	return out
}

// chancePasses is the upper end of the Z interval of the number of random
// candidates that passed a check of pass rate c, given that n failed it: the passes
// before the n-th failure follow a negative binomial distribution of mean n·c/(1−c)
// and variance n·c/(1−c)².
func chancePasses(n, c float64) float64 {
	if n == 0 {
		return 0
	}
	return (n*c + Z*math.Sqrt(n*c)) / (1 - c)
}

// WilsonLower is the lower end of the Wilson score interval (with quantile Z) of a
// proportion of x successes in n trials; 0 when n is 0.
func WilsonLower(x, n float64) float64 {
	if n <= 0 {
		return 0
	}
	p := x / n
	z2 := Z * Z
	centre := p + z2/(2*n)
	spread := Z * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return max(0, (centre-spread)/(1+z2/n))
}

// Scanned reports whether the scans look at a column: it is not declared personal,
// its values reach the output as they are (no deid, or keep), and its type can
// carry an identifier (string, integer or number; a date or boolean is parsed into
// something that cannot).
func Scanned(c model.Column) bool {
	if model.PersonalRank(c.PersonalInfo) > 0 || c.Deid != nil && c.Deid.Op != model.OpKeep {
		return false
	}
	switch c.Type {
	case model.TypeString, model.TypeInteger, model.TypeNumber:
		return true
	}
	return false
}
