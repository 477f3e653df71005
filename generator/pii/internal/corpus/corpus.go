// Package corpus generates the PII scanner's test corpus and measures the scanner
// on it: recall of planted checksum-valid identifiers by kind and form, and the
// share of innocent columns (order numbers, dates, amounts, look-alikes with wrong
// check digits, organisation codes…) a column judgement flags. The corpus is
// deterministic for a seed; generator/pii/testdata/corpus.csv is its committed form
// (go run ./generator/pii/internal/gencorpus), checked and measured by the pii
// tests and printed by make bench-pii.
package corpus

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/pii"
)

// Seed is the seed of the committed corpus.
const Seed = 20261124

// The forms an identifier is planted in.
const (
	FormWhole     = "whole"      // the cell is the identifier
	FormText      = "text"       // inside a sentence: 联系电话13812345678，…
	FormFullWidth = "full-width" // full-width digits and letters, in a sentence or alone
	FormSpaced    = "spaced"     // digits grouped by spaces or hyphens
	FormNameEmail = "name-email" // 张三 <zhang@example.com>
	FormTwo       = "two"        // two identifiers in one cell
	FormJSON      = "json"       // a JSON object
	FormSparse    = "sparse"     // a few cells of a free-text column
)

// Forms lists the forms in table order.
var Forms = []string{FormWhole, FormText, FormFullWidth, FormSpaced, FormNameEmail, FormTwo, FormJSON, FormSparse}

// Span is one planted identifier: its kind and bytes [Start, End) of the cell.
type Span struct {
	Kind       pii.Kind
	Start, End int
	// Legacy marks a 15-digit resident id; USCC one that also passes the credit-code check.
	Legacy, USCC bool
}

// Cell is one cell of a column with what was planted in it.
type Cell struct {
	Text  string
	Spans []Span
}

// Column is a column of the corpus: planted (Kind set) or innocent (Innocent set).
type Column struct {
	// Name is unique: kind/form for planted columns, innocent/type/replicate for
	// innocent ones.
	Name string
	// Form is the planted form, or "" for an innocent column.
	Form string
	// Kind is the planted kind (meaningful when Innocent is "").
	Kind pii.Kind
	// Innocent is the innocent column's type, e.g. "order numbers, 16 digits".
	Innocent string
	Cells    []Cell
}

var kindByName = func() map[string]pii.Kind {
	m := map[string]pii.Kind{}
	for k := range pii.NumKinds {
		m[k.String()] = k
	}
	return m
}()

// Write writes the corpus as CSV with the columns column, text and planted. A
// planted column is named kind/form, an innocent one innocent/type/replicate;
// planted lists the spans of the column's kind as start-end, with :legacy or :uscc
// appended when they apply, space-separated.
func Write(w io.Writer, cols []Column) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"column", "text", "planted"}); err != nil {
		return err
	}
	for _, c := range cols {
		for _, cell := range c.Cells {
			spans := make([]string, len(cell.Spans))
			for i, s := range cell.Spans {
				spans[i] = fmt.Sprintf("%d-%d", s.Start, s.End)
				if s.Legacy {
					spans[i] += ":legacy"
				}
				if s.USCC {
					spans[i] += ":uscc"
				}
			}
			if err := cw.Write([]string{c.Name, cell.Text, strings.Join(spans, " ")}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// Read reads a corpus written by Write.
func Read(r io.Reader) ([]Column, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	if _, err := cr.Read(); err != nil {
		return nil, fmt.Errorf("corpus header: %w", err)
	}
	what := map[string]string{}
	for _, in := range innocents {
		what[in.name] = in.what
	}
	var cols []Column
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return cols, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(cols) == 0 || cols[len(cols)-1].Name != rec[0] {
			c := Column{Name: rec[0]}
			parts := strings.Split(rec[0], "/")
			switch k, ok := kindByName[parts[0]]; {
			case len(parts) == 3 && parts[0] == "innocent" && what[parts[1]] != "":
				c.Innocent = what[parts[1]]
			case len(parts) == 2 && ok && slices.Contains(Forms, parts[1]):
				c.Kind, c.Form = k, parts[1]
			default:
				return nil, fmt.Errorf("corpus line %d: unknown column %q", line, rec[0])
			}
			cols = append(cols, c)
		}
		c := &cols[len(cols)-1]
		cell := Cell{Text: rec[1]}
		for _, f := range strings.Fields(rec[2]) {
			parts := strings.Split(f, ":")
			se := strings.Split(parts[0], "-")
			if c.Innocent != "" || len(se) != 2 {
				return nil, fmt.Errorf("corpus line %d: bad span %q", line, f)
			}
			s := Span{Kind: c.Kind}
			s.Start, _ = strconv.Atoi(se[0])
			s.End, _ = strconv.Atoi(se[1])
			for _, flag := range parts[1:] {
				s.Legacy = s.Legacy || flag == "legacy"
				s.USCC = s.USCC || flag == "uscc"
			}
			if s.Start < 0 || s.End > len(cell.Text) || s.Start >= s.End {
				return nil, fmt.Errorf("corpus line %d: span %q outside the text", line, f)
			}
			cell.Spans = append(cell.Spans, s)
		}
		c.Cells = append(c.Cells, cell)
	}
}
