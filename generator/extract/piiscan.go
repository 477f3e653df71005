package extract

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pii"
	"github.com/shuyuan-project/shuyuan/generator/source"
)

// piiScan is the undeclared-personal-data scan of an extract: every accepted row of
// the columns not declared personal whose values reach the output (pii.Scanned) is
// scanned by the workers into per-batch tallies, merged in source order; a column
// the scanner judges to hold identifiers fails the dataset before anything is
// written (the lint rule undeclared-pii reads only the first rows).
type piiScan struct {
	cols  []piiCol
	total []pii.Tally
}

type piiCol struct {
	col int // in ds.Columns
	src int // in source.Record.Values
}

// newPIIScan returns the scan of a dataset's columns, or nil when none is scanned.
func newPIIScan(ds *model.Dataset, srcIdx []int) *piiScan {
	var p piiScan
	for i, c := range ds.Columns {
		if pii.Scanned(c) {
			p.cols = append(p.cols, piiCol{col: i, src: srcIdx[i]})
		}
	}
	if len(p.cols) == 0 {
		return nil
	}
	p.total = make([]pii.Tally, len(p.cols))
	return &p
}

// reset empties a batch's tallies.
func (p *piiScan) reset(b *batch) {
	if p == nil {
		return
	}
	if len(b.pii) != len(p.cols) {
		b.pii = make([]pii.Tally, len(p.cols))
	}
	clear(b.pii)
}

// add scans one accepted record into a batch's tallies.
func (p *piiScan) add(sc *pii.Scanner, b *batch, rec *source.Record) {
	if p == nil {
		return
	}
	for k, c := range p.cols {
		v := rec.Values[c.src]
		if v.Null {
			continue
		}
		text := v.Text
		switch t := v.Typed.(type) {
		case nil:
		case string:
			text = t
		case int64:
			text = strconv.FormatInt(t, 10)
		case float64:
			text = strconv.FormatFloat(t, 'f', -1, 64)
		default:
			continue // booleans and times carry no identifier
		}
		b.pii[k].Add(sc, rec.Line, text)
	}
}

// merge adds a batch's tallies, in source order.
func (p *piiScan) merge(b *batch) {
	if p == nil {
		return
	}
	for k := range p.total {
		p.total[k].Merge(&b.pii[k])
	}
}

// check returns an error naming each column that holds personal identifiers.
func (p *piiScan) check(d *load.Doc[model.Dataset]) error {
	if p == nil {
		return nil
	}
	var errs []error
	for k, c := range p.cols {
		if f := p.total[k].Judge(); len(f) > 0 {
			errs = append(errs, fmt.Errorf("%s: undeclared-pii: %s; nothing is written for this dataset",
				pos(d, "columns", c.col, "personal_info"), pii.Message(d.V.Columns[c.col].Name, f)))
		}
	}
	return errors.Join(errs...)
}
