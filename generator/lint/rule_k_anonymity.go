package lint

import (
	"fmt"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleKAnonymity reports published quasi-identifiers without a k of at least 2.
var ruleKAnonymity = &Rule{
	ID: "k-anonymity", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "the dataset publishes quasi-identifier columns but privacy.k is missing or below 2",
	Check:   checkKAnonymity, Partial: true,
}

func checkKAnonymity(ctx *Context) {
	for _, ds := range ctx.Catalog.Datasets {
		if ds.Invalid("privacy") || ds.Invalid("columns") {
			continue // which columns are quasi-identifiers, and k, are not known
		}
		var qi []string
		first := -1
		for i, col := range ds.V.Columns {
			if col.Role == model.RoleQuasiIdentifier && !dropped(col) {
				qi = append(qi, fmt.Sprintf("%q", col.Name))
				if first < 0 {
					first = i
				}
			}
		}
		if len(qi) == 0 {
			continue
		}
		cols := "column " + qi[0] + " is a quasi-identifier"
		if len(qi) > 1 {
			cols = "columns " + strings.Join(qi, ", ") + " are quasi-identifiers"
		}
		switch p := ds.V.Privacy; {
		case p == nil || p.K == 0:
			pos := ds.Pos("columns", first, "role")
			if ds.Has("privacy") {
				pos = ds.KeyPos("privacy")
			}
			ctx.Report(ds.File, pos, "%s but privacy.k is missing: add privacy: {k: 5} (at least 2) so every combination of them is shared by k rows", cols)
		case p.K < 2:
			ctx.Report(ds.File, ds.Pos("privacy", "k"), "%s but privacy.k is %d: write k: 2 or more (5 is usual)", cols, p.K)
		}
	}
}
