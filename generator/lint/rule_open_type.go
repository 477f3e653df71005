package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleOpenType reports a dataset opened wider than its grade, level and columns allow.
var ruleOpenType = &Rule{
	ID: "open-type", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "the open type is wider than grade and level allow: core must be non-open, important and level 4 at most conditional, and a published sensitive column is never unconditional",
	Check:   checkOpenType, Partial: true,
}

func checkOpenType(ctx *Context) {
	for _, ds := range ctx.Catalog.Datasets {
		if ds.Invalid("open_type") || ds.Invalid("grade") || ds.Invalid("level") || ds.Invalid("columns") {
			continue
		}
		d := ds.V
		rank := model.OpenRank(d.OpenType)
		if rank == 0 {
			continue // non-open is never too wide
		}
		pos := func() diag.Pos { return ds.Pos("open_type") } // only when reporting: positions are built on demand
		switch {
		case d.Grade == model.GradeCore && rank > 0:
			ctx.Report(ds.File, pos(), "dataset %q is core data (grade: core) but open_type is %s: write open_type: non-open", d.ID, d.OpenType)
			continue
		case d.Grade == model.GradeImportant && rank > 1:
			ctx.Report(ds.File, pos(), "dataset %q is important data (grade: important) but open_type is unconditional: write open_type: conditional or non-open", d.ID)
			continue
		case d.Level >= 4 && rank > 1:
			ctx.Report(ds.File, pos(), "dataset %q is level %d but open_type is unconditional: write open_type: conditional or non-open", d.ID, d.Level)
			continue
		}
		if rank < 2 {
			continue
		}
		for _, col := range d.Columns {
			if dropped(col) || (col.PersonalInfo != model.PersonalSensitive && col.Role != model.RoleSensitive) {
				continue
			}
			ctx.Report(ds.File, pos(), "dataset %q publishes the sensitive column %q but open_type is unconditional: write open_type: conditional, or drop the column (deid: {op: drop})", d.ID, col.Name)
			break
		}
	}
}
