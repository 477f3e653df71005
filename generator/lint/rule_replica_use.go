package lint

import "github.com/shuyuan-project/shuyuan/generator/diag"

// ruleReplicaUse reports a column whose from_system names one of its element's replicas
// (by zh or en name).
var ruleReplicaUse = &Rule{
	ID: "replica-use", Category: CategoryOneSource, Severity: diag.Error,
	Summary: "a dataset column takes an element from a system listed in that element's replicas (column from_system)",
	Check:   checkReplicaUse,
}

func checkReplicaUse(ctx *Context) {
	element := elementIndex(ctx.Catalog)
	for _, ds := range ctx.Catalog.Datasets {
		for i, col := range ds.V.Columns {
			if col.Element == "" || col.FromSystem == "" {
				continue
			}
			e := element(col.Element)
			if e == nil {
				continue // the ref rule reports it
			}
			for _, r := range e.V.Replicas {
				if !systemIs(col.FromSystem, r.System) {
					continue
				}
				by := ""
				if r.Department != "" {
					by = " run by " + r.Department
				}
				ctx.Report(ds.File, ds.Pos("columns", i, "from_system"),
					"column %q takes element %q from %q, a replica%s: take it from the source system %q of %s and set from_system to it",
					col.Name, e.V.ID, col.FromSystem, by, e.V.Source.System.Zh, e.V.Department)
				break
			}
		}
	}
}
