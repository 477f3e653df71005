package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// Run checks the catalog with every registered rule and returns the loader's
// findings and the rules' findings together, sorted.
func Run(cat *load.Catalog, opts Options) []diag.Finding {
	out := append([]diag.Finding(nil), cat.Findings...)
	for _, r := range Rules() {
		if r.Check == nil || (r.NeedsBase && opts.Base == nil) {
			continue
		}
		ctx := &Context{Catalog: cat, Options: opts, rule: r}
		r.Check(ctx)
		out = append(out, ctx.findings...)
	}
	diag.Sort(out)
	return out
}

// Lookup returns the rule with id, or nil.
func Lookup(id string) *Rule {
	for _, r := range Rules() {
		if r.ID == id {
			return r
		}
	}
	return nil
}
