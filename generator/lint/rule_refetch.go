package lint

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// ruleRefetch reports a column that collects a catalogued element again instead of
// referencing it: its name, header or title equals the element's id or name (normalized),
// its detector is the element's validator, or, when sources are scanned, more than half
// of its sampled values pass the element's validator.
var ruleRefetch = &Rule{
	ID: "refetch", Category: CategoryOneSource, Severity: diag.Error,
	Summary: "a column matches a catalogued element (by name, by detector, or by validator in sampled data) without referencing it with element",
	Check:   checkRefetch,
}

// sampleSize is how many values per column the data-scanning rules read.
const sampleSize = 1000

func checkRefetch(ctx *Context) {
	elems := activeElements(ctx.Catalog)
	if len(elems) == 0 {
		return
	}
	byName := map[string][]*load.Doc[model.DataElement]{}
	byValidator := map[string][]*load.Doc[model.DataElement]{}
	for _, e := range elems {
		seen := map[string]bool{}
		for _, n := range []string{e.V.ID, e.V.Name.Zh, e.V.Name.En} {
			if k := normName(n); k != "" && !seen[k] {
				seen[k] = true
				byName[k] = append(byName[k], e)
			}
		}
		if v := e.V.Value.Validator; v != "" {
			byValidator[v] = append(byValidator[v], e)
		}
	}
	validators := slices.Sorted(maps.Keys(byValidator))
	// The sampler hands datasets that share a source the same sample slices; match
	// each slice against the validators once.
	type match struct {
		validator string
		n         int // values that pass it
		of        int // non-empty values
	}
	matched := map[*string]match{}
	// Column names and titles repeat across datasets: normalize each once.
	normalized := map[string]string{}
	norm := func(s string) string {
		n, ok := normalized[s]
		if !ok {
			n = normName(s)
			normalized[s] = n
		}
		return n
	}
	for _, ds := range ctx.Catalog.Datasets {
		var unmatched []int
		for i, col := range ds.V.Columns {
			if col.Element != "" {
				continue
			}
			if m := nameMatches(col, byName, norm); len(m) > 0 {
				ctx.Report(ds.File, ds.Pos("columns", i, "name"),
					"column %q has the name of element %s: write element: %s and take the values from its source instead of collecting them again",
					col.Name, elementList(m), m[0].V.ID)
				continue
			}
			if m := byValidator[col.Detector]; col.Detector != "" && len(m) > 0 {
				ctx.Report(ds.File, ds.Pos("columns", i, "detector"),
					"column %q holds %s values, which element %s is the source of: write element: %s and take the values from its source instead of collecting them again",
					col.Name, col.Detector, elementList(m), m[0].V.ID)
				continue
			}
			unmatched = append(unmatched, i)
		}
		if len(unmatched) == 0 || len(byValidator) == 0 {
			continue
		}
		values, ok, err := ctx.Sampler.Sample(ctx.Catalog, ds, sampleSize)
		if err != nil || !ok {
			continue // undeclared-pii reports unreadable sources
		}
		for _, i := range unmatched {
			col := ds.V.Columns[i]
			raw := values[col.SourceName()]
			if len(raw) == 0 {
				continue
			}
			m, seen := matched[&raw[0]]
			if !seen {
				sample := nonEmpty(raw)
				m.validator, m.n = bestValidator(sample, validators)
				m.of = len(sample)
				matched[&raw[0]] = m
			}
			bestV, best, of := m.validator, m.n, m.of
			if of > 0 && 2*best > of {
				m := byValidator[bestV]
				ctx.Report(ds.File, ds.Pos("columns", i, "name"),
					"column %q: %d of %d sampled values pass %s, the validator of element %s: write element: %s and take the values from its source instead of collecting them again",
					col.Name, best, of, bestV, elementList(m), m[0].V.ID)
			}
		}
	}
}

// bestValidator returns the validator (of names, in order) that the most sampled
// values pass, and how many pass it; the first wins a tie.
func bestValidator(sample, names []string) (string, int) {
	bestV, best := "", 0
	for _, v := range names {
		f := validator.Get(v)
		if f == nil {
			continue
		}
		n := 0
		for _, s := range sample {
			if f(s) {
				n++
			}
		}
		if n > best {
			bestV, best = v, n
		}
	}
	return bestV, best
}

// nameMatches returns the elements whose id or name equals the column's name, header
// or title, normalized by norm.
func nameMatches(col model.Column, byName map[string][]*load.Doc[model.DataElement], norm func(string) string) []*load.Doc[model.DataElement] {
	names := []string{col.Name, col.Header}
	if col.Title != nil {
		names = append(names, col.Title.Zh, col.Title.En)
	}
	for _, n := range names {
		if k := norm(n); k != "" && len(byName[k]) > 0 {
			return byName[k]
		}
	}
	return nil
}

// elementList formats element ids with their zh names for messages.
func elementList(es []*load.Doc[model.DataElement]) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = fmt.Sprintf("%q (%s)", e.V.ID, e.V.Name.Zh)
	}
	return strings.Join(parts, " or ")
}

// nonEmpty returns the values that are not blank, trimmed.
func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
