package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleElementType reports a column that is less restrictive than the element it carries.
var ruleElementType = &Rule{
	ID: "element-type", Category: CategoryOneSource, Severity: diag.Error,
	Summary: "a column carrying an element differs from it in type, or has a lower level or personal_info (more restrictive is allowed)",
	Check:   checkElementType,
}

func checkElementType(ctx *Context) {
	element := elementIndex(ctx.Catalog)
	for _, ds := range ctx.Catalog.Datasets {
		for i, col := range ds.V.Columns {
			if col.Element == "" {
				continue
			}
			e := element(col.Element)
			if e == nil {
				continue // the ref rule reports it
			}
			cl := e.V.Classification
			if col.Type != e.V.Value.Type {
				ctx.Report(ds.File, ds.Pos("columns", i, "type"),
					"column %q carries element %q of type %s but has type %s: write type: %s",
					col.Name, e.V.ID, e.V.Value.Type, col.Type, e.V.Value.Type)
			}
			if col.Level < cl.Level {
				ctx.Report(ds.File, ds.Pos("columns", i, "level"),
					"column %q carries element %q of level %d but has level %d: write level: %d (or higher)",
					col.Name, e.V.ID, cl.Level, col.Level, cl.Level)
			}
			if model.PersonalRank(col.PersonalInfo) < model.PersonalRank(cl.PersonalInfo) {
				ctx.Report(ds.File, ds.Pos("columns", i, "personal_info"),
					"column %q carries element %q, which is personal_info %s, but is declared %s: write personal_info: %s",
					col.Name, e.V.ID, cl.PersonalInfo, col.PersonalInfo, cl.PersonalInfo)
			}
		}
	}
}
