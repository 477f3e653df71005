package lint

import "github.com/shuyuan-project/shuyuan/generator/diag"

// ruleLevel reports a dataset level that is not its highest column level.
var ruleLevel = &Rule{
	ID: "level", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "the dataset's level is not the highest of its columns' levels",
	Check:   checkLevel, Partial: true,
}

func checkLevel(ctx *Context) {
	for _, ds := range ctx.Catalog.Datasets {
		if ds.Invalid("level") || ds.Invalid("columns") {
			continue
		}
		top, at := 0, -1
		for i, col := range ds.V.Columns {
			if col.Level > top {
				top, at = col.Level, i
			}
		}
		if at < 0 || ds.V.Level == top {
			continue
		}
		ctx.Report(ds.File, ds.Pos("level"),
			"dataset level is %d but its highest column level is %d (column %q): write level: %d",
			ds.V.Level, top, ds.V.Columns[at].Name, top)
	}
}
