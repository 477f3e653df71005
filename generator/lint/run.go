package lint

import (
	"fmt"
	"runtime"

	"golang.org/x/sync/errgroup"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// Run checks the catalog with every registered rule and returns the loader's
// findings and the rules' findings together, sorted. Rules only read the catalog,
// so they run concurrently, up to GOMAXPROCS at a time; the result does not depend
// on the order they finish in.
func Run(cat *load.Catalog, opts Options) []diag.Finding {
	rules := Rules()
	found := make([][]diag.Finding, len(rules))
	panics := make([]any, len(rules))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, r := range rules {
		if r.Check == nil || (r.NeedsBase && opts.Base == nil) {
			continue
		}
		g.Go(func() error {
			defer func() { panics[i] = recover() }()
			ctx := &Context{Catalog: cat, Options: opts, rule: r}
			r.Check(ctx)
			found[i] = ctx.findings
			return nil
		})
	}
	_ = g.Wait()
	for i, p := range panics {
		if p != nil {
			// Re-raise in the caller's goroutine, where cli.Main turns it into exit 3.
			panic(fmt.Sprintf("lint rule %s: %v", rules[i].ID, p))
		}
	}
	out := append([]diag.Finding(nil), cat.Findings...)
	for _, fs := range found {
		out = append(out, fs...)
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
