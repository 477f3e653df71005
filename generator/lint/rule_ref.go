package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleRef checks that every reference names something that exists.
var ruleRef = &Rule{
	ID: "ref", Category: CategoryStructure, Severity: diag.Error,
	Summary: "a reference (department, element, theme, pricing policy, dataset) names nothing",
	Check:   checkRef, Partial: true, // a value the schema rejected is zero, and "" is never looked up
}

func checkRef(c *Context) {
	cat := c.Catalog
	depts := idSet(cat.Departments, func(d *load.Doc[model.Department]) string { return d.V.ID })
	elems := idSet(cat.Elements, func(d *load.Doc[model.DataElement]) string { return d.V.ID })
	prices := idSet(cat.Pricing, func(d *load.Doc[model.PricingPolicy]) string { return d.V.ID })
	var themes map[string]bool
	if cat.Portal != nil {
		themes = map[string]bool{}
		for _, t := range cat.Portal.V.Themes {
			themes[t.ID] = true
		}
	}
	// Files that exist but failed the schema are not decoded (so they keep their
	// Data); a reference to one is not reported again (the schema finding on that
	// file says what to fix).
	written := map[string]bool{}
	for _, f := range cat.Files {
		if m, ok := f.Data.(map[string]any); ok {
			if id, ok := m["id"].(string); ok {
				written[f.Kind+"/"+id] = true
			}
		}
	}
	kindOf := map[string]string{"department": model.KindDepartment, "data element": model.KindDataElement, "pricing policy": model.KindPricingPolicy}
	ref := func(f *load.File, set map[string]bool, what, id string, p ...any) {
		if set == nil || id == "" || set[id] || written[kindOf[what]+"/"+id] {
			return
		}
		c.Report(f, f.Pos(p...), "%s %q names no %s%s", fieldPath(p...), id, what, didYouMean(id, keys(set)))
	}
	if p := cat.Portal; p != nil {
		ref(p.File, depts, "department", p.V.Publisher, "publisher")
	}
	for _, d := range cat.Departments {
		if d.V.Parent != "" && d.V.Parent == d.V.ID {
			c.Report(d.File, d.Pos("parent"), "parent %q is this department itself: name the department it belongs to, or remove parent", d.V.Parent)
			continue
		}
		ref(d.File, depts, "department", d.V.Parent, "parent")
	}
	for _, e := range cat.Elements {
		ref(e.File, depts, "department", e.V.Department, "department")
		for i, r := range e.V.Replicas {
			ref(e.File, depts, "department", r.Department, "replicas", i, "department")
		}
		for i, s := range e.V.SameAs {
			if s == e.V.ID {
				c.Report(e.File, e.Pos("same_as", i), "same_as names this element itself: list the ids of other elements")
				continue
			}
			ref(e.File, elems, "data element", s, "same_as", i)
		}
	}
	for _, d := range cat.Datasets {
		ref(d.File, depts, "department", d.V.Department, "department")
		for i, t := range d.V.Themes {
			ref(d.File, themes, "theme of portal.yaml", t, "themes", i)
		}
		cols := map[string]bool{}
		for _, col := range d.V.Columns {
			cols[col.Name] = true
			cols[col.SourceName()] = true
		}
		for i, col := range d.V.Columns {
			ref(d.File, elems, "data element", col.Element, "columns", i, "element")
			if col.Deid != nil {
				ref(d.File, cols, "column of this dataset", col.Deid.By, "columns", i, "deid", "by")
				ref(d.File, cols, "column of this dataset", col.Deid.Source, "columns", i, "deid", "source")
			}
		}
		if d.V.Access != nil {
			for i, p := range d.V.Access.Pricing {
				ref(d.File, prices, "pricing policy", p, "access", "pricing", i)
			}
		}
	}
}

func idSet[T any](docs []*load.Doc[T], id func(*load.Doc[T]) string) map[string]bool {
	m := make(map[string]bool, len(docs))
	for _, d := range docs {
		if k := id(d); k != "" { // a file decoded in part may have no id
			m[k] = true
		}
	}
	return m
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
