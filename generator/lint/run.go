package lint

import (
	"context"
	"fmt"
	"slices"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/source"
)

// Result is what a lint run found.
type Result struct {
	// Findings are the loader's and the rules' findings that no shuyuan:ignore
	// comment suppressed, with the findings about the comments themselves, sorted.
	Findings []diag.Finding
	// Suppressed are the findings shuyuan:ignore comments silenced, sorted.
	Suppressed []diag.Suppressed
}

// Run checks the catalog as Check does and returns the findings left after the
// shuyuan:ignore comments: what fails or warns.
func Run(cat *load.Catalog, opts Options) []diag.Finding {
	return Check(cat, opts).Findings
}

// Check checks the catalog with every registered rule, applies the inline
// shuyuan:ignore comments of its files (suppress.go) and returns the findings and
// the suppressed findings, sorted. It is the one entry point of the rules: `shuyuan
// lint`, `build` and `serve` all call it, with the sources scanned. Rules only read
// the catalog, so they run concurrently on the xsync pool; the result does not
// depend on the order they finish in. A rule that panics panics again here, in the
// caller's goroutine, naming the rule.
func Check(cat *load.Catalog, opts Options) Result {
	if opts.Sampler == nil {
		opts.Sampler = source.NewSampler()
	}
	rules := Rules()
	partial := cat.WithPartial()
	found := make([][]diag.Finding, len(rules))
	_ = xsync.Each(context.Background(), len(rules), func(ctx context.Context, i int) error {
		r := rules[i]
		if r.Check == nil || (r.NeedsBase && opts.Base == nil) {
			return nil
		}
		defer func() {
			if p := recover(); p != nil {
				panic(fmt.Sprintf("lint rule %s: %v", r.ID, p))
			}
		}()
		c := &Context{Catalog: cat, Options: opts, rule: r, ctx: ctx}
		if r.Partial {
			c.Catalog = partial
		}
		r.Check(c)
		if opts.Build && r.TimeDependent {
			for k := range c.findings {
				if c.findings[k].Severity == diag.Error {
					c.findings[k].Severity = diag.Warning
				}
			}
		}
		found[i] = c.findings
		return nil
	})
	out := append([]diag.Finding(nil), cat.Findings...)
	for _, fs := range found {
		out = append(out, fs...)
	}
	kept, suppressed := suppress(cat, opts, out)
	diag.Sort(kept)
	slices.SortStableFunc(suppressed, func(a, b diag.Suppressed) int { return diag.Compare(a.Finding, b.Finding) })
	return Result{Findings: kept, Suppressed: suppressed}
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
