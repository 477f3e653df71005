package lint

import "github.com/shuyuan-project/shuyuan/generator/diag"

// ruleReplicaUse reports a column that takes an element from one of its replicas.
var ruleReplicaUse = &Rule{
	ID: "replica-use", Category: CategoryOneSource, Severity: diag.Error,
	Summary: "a dataset column's from_system is a system listed in its element's replicas: take the element from its source system",
	Check:   checkReplicaUse,
}

func checkReplicaUse(ctx *Context) {
	for _, ds := range ctx.Catalog.Datasets {
		for i, col := range ds.V.Columns {
			if col.Element == "" || col.FromSystem == "" {
				continue
			}
			e := ctx.Catalog.Element(col.Element)
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
