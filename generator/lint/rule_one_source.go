package lint

import (
	"slices"

	"github.com/shuyuan-project/shuyuan/generator/diag"
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
	elems := activeElements(ctx.Catalog)
	for j, b := range elems {
		for _, a := range elems[:j] {
			if slices.Contains(a.V.SameAs, b.V.ID) || slices.Contains(b.V.SameAs, a.V.ID) {
				continue
			}
			if n := normName(b.V.Name.Zh); n != "" && n == normName(a.V.Name.Zh) {
				ctx.Report(b.File, b.Pos("name"),
					"element %q has the same name %q as element %q (%s): one data item has one source, so retire one and point its users at the other, or add %q to same_as if they are different items",
					b.V.ID, b.V.Name.Zh, a.V.ID, a.Path, a.V.ID)
				continue
			}
			va, vb := a.V.Value, b.V.Value
			if vb.Standard != "" && vb.Validator != "" && normName(va.Standard) == normName(vb.Standard) && va.Validator == vb.Validator {
				ctx.Report(b.File, b.Pos("value", "standard"),
					"element %q has the same standard %q and validator %q as element %q (%s): one data item has one source, so retire one and point its users at the other, or add %q to same_as if they are different items",
					b.V.ID, vb.Standard, vb.Validator, a.V.ID, a.Path, a.V.ID)
			}
		}
	}
}
