package lint

import (
	"slices"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// ruleDuplicateID reports ids used by two files of one kind.
var ruleDuplicateID = &Rule{
	ID: "duplicate-id", Category: CategoryStructure, Severity: diag.Error,
	Summary: "two files of one kind share an id",
	Check:   checkDuplicateID, Partial: true,
}

func checkDuplicateID(c *Context) {
	cat := c.Catalog
	seen := func(kind string) func(f *load.File, id string) {
		first := map[string]string{}
		return func(f *load.File, id string) {
			if f.Invalid("id") {
				return
			}
			if prev, ok := first[id]; ok {
				c.Report(f, f.Pos("id"), "%s id %q is already used by %s: ids are unique within a kind, so give this one another id (and file name)", kind, id, prev)
				return
			}
			first[id] = f.Path
		}
	}
	dept := seen("department")
	for _, d := range cat.Departments {
		dept(d.File, d.V.ID)
	}
	elem := seen("data element")
	for _, d := range cat.Elements {
		elem(d.File, d.V.ID)
	}
	ds := seen("dataset")
	for _, d := range cat.Datasets {
		ds(d.File, d.V.ID)
	}
	price := seen("pricing policy")
	for _, d := range cat.Pricing {
		price(d.File, d.V.ID)
	}
	req := seen("request")
	for _, d := range cat.Requests {
		req(d.File, d.V.ID)
	}
	obj := seen("objection")
	for _, d := range cat.Objections {
		obj(d.File, d.V.ID)
	}
	// Two guide pages of one language may not share a slug: they would be
	// published at the same address.
	guides := map[string]string{}
	for _, g := range sortedGuides(cat.Guides) {
		key := g.Lang + "/" + g.Slug
		if prev, ok := guides[key]; ok {
			c.Report(g.File, diag.Pos{Line: 1, Col: 1}, "guide page slug %q (%s) is already used by %s: both would be published at the same address, so rename one", g.Slug, g.Lang, prev)
			continue
		}
		guides[key] = g.Path
	}
}

// sortedGuides returns the guides sorted by path, so "already used by" names the
// first file in path order.
func sortedGuides(gs []*load.Guide) []*load.Guide {
	out := slices.Clone(gs)
	slices.SortStableFunc(out, func(a, b *load.Guide) int { return strings.Compare(a.Path, b.Path) })
	return out
}
