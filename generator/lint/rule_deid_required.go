package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleDeidRequired reports personal or sensitive columns (personal_info personal or
// sensitive, or role direct-identifier or sensitive) without a de-identification, or
// kept without a why.
var ruleDeidRequired = &Rule{
	ID: "deid-required", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "a personal or sensitive column has no deid, or keep without why",
	Check:   checkDeidRequired, Partial: true,
}

// needsDeid reports whether a column must say how it is de-identified, and why.
func needsDeid(col model.Column) (bool, string) {
	switch {
	case col.PersonalInfo != model.PersonalNone && col.PersonalInfo != "":
		return true, "personal_info: " + col.PersonalInfo
	case col.Role == model.RoleDirectIdentifier || col.Role == model.RoleSensitive:
		return true, "role: " + col.Role
	}
	return false, ""
}

func checkDeidRequired(ctx *Context) {
	for _, ds := range ctx.Catalog.Datasets {
		for i, col := range ds.V.Columns {
			if ds.Invalid("columns", i, "personal_info") || ds.Invalid("columns", i, "role") || ds.Invalid("columns", i, "deid") {
				continue
			}
			need, why := needsDeid(col)
			if !need {
				continue
			}
			switch {
			case col.Deid == nil:
				ctx.Report(ds.File, ds.Pos("columns", i, "name"),
					"column %q is %s but has no deid: add one, e.g. deid: {op: tokenize, key: env:SHUYUAN_KEY_NAME} for an identifier, {op: generalize, to: …} for a quasi-identifier, or {op: drop}",
					col.Name, why)
			case col.Deid.Op == model.OpKeep && col.Deid.Why == "":
				ctx.Report(ds.File, ds.Pos("columns", i, "deid", "op"),
					"column %q is %s and published with keep but no why: say why in deid.why, or choose another op (tokenize, generalize, drop)",
					col.Name, why)
			}
		}
	}
}
