package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleDirectID reports direct identifiers published with an operator that keeps part
// of them.
var ruleDirectID = &Rule{
	ID: "direct-id", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "a direct identifier is published with keep, mask, or replace with keep_prefix/keep_suffix: use tokenize, derive or drop",
	Check:   checkDirectID, Partial: true,
}

func checkDirectID(ctx *Context) {
	for _, ds := range ctx.Catalog.Datasets {
		for i, col := range ds.V.Columns {
			if col.Role != model.RoleDirectIdentifier || col.Deid == nil || ds.Invalid("columns", i, "deid") {
				continue // a missing deid is deid-required's finding
			}
			d := col.Deid
			kept := deid.Reveals(*d)
			if kept == "" {
				continue
			}
			ctx.Report(ds.File, ds.Pos("columns", i, "deid", "op"),
				"column %q is a direct identifier published with %s, which keeps %s of it: use tokenize (deid: {op: tokenize, key: env:SHUYUAN_KEY_NAME}) or drop",
				col.Name, d.Op, kept)
		}
	}
}
