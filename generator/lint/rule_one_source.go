package lint

import (
	"slices"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleOneSource reports two active elements that describe the same item: the same zh
// name once width-folded, lower-cased and stripped of spaces and punctuation, or the same
// value.standard and value.validator.
var ruleOneSource = &Rule{
	ID: "one-source", Category: CategoryOneSource, Severity: diag.Error,
	Summary: "two active DataElements describe the same item (same normalized zh name, or same standard and validator) without naming each other in same_as",
	Check:   checkOneSource,
}

func checkOneSource(ctx *Context) {
	// Group elements by name and by standard+validator, so a large catalog costs one
	// pass; pairs are compared only within a group, in path order.
	byName := map[string][]*load.Doc[model.DataElement]{}
	byCode := map[[2]string][]*load.Doc[model.DataElement]{}
	for _, e := range activeElements(ctx.Catalog) {
		if n := normName(e.V.Name.Zh); n != "" {
			byName[n] = append(byName[n], e)
		}
		if v := e.V.Value; v.Standard != "" && v.Validator != "" {
			k := [2]string{normName(v.Standard), v.Validator}
			byCode[k] = append(byCode[k], e)
		}
	}
	sameName := map[[2]string]bool{}
	for _, group := range byName {
		for j, b := range group {
			for _, a := range group[:j] {
				if acknowledged(a.V, b.V) {
					continue
				}
				sameName[[2]string{a.V.ID, b.V.ID}] = true
				ctx.Report(b.File, b.Pos("name"),
					"element %q has the same name %q as element %q (%s): one data item has one source, so retire one and point its users at the other, or add %q to same_as if they are different items",
					b.V.ID, b.V.Name.Zh, a.V.ID, a.Path, a.V.ID)
			}
		}
	}
	for _, group := range byCode {
		for j, b := range group {
			for _, a := range group[:j] {
				if acknowledged(a.V, b.V) || sameName[[2]string{a.V.ID, b.V.ID}] {
					continue
				}
				ctx.Report(b.File, b.Pos("value", "standard"),
					"element %q has the same standard %q and validator %q as element %q (%s): one data item has one source, so retire one and point its users at the other, or add %q to same_as if they are different items",
					b.V.ID, b.V.Value.Standard, b.V.Value.Validator, a.V.ID, a.Path, a.V.ID)
			}
		}
	}
}

// acknowledged reports whether either element lists the other in same_as.
func acknowledged(a, b *model.DataElement) bool {
	return slices.Contains(a.SameAs, b.ID) || slices.Contains(b.SameAs, a.ID)
}
