package lint

import (
	"context"
	"errors"
	"io/fs"
	"slices"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pii"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// ruleUndeclaredPII reports columns declared personal_info: none whose detector is a
// personal-identifier validator, or (with the source) whose first piiScanRows
// values the PII scanner judges to hold personal identifiers (generator/pii: found
// inside free text, checksums checked, more than 1% by the lower end of the 95%
// Wilson interval). Organisation codes (uscc) and division codes (gbt2260) never
// count. Extract scans every row with the same scanner.
var ruleUndeclaredPII = &Rule{
	ID: "undeclared-pii", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "a column declared not personal has a personal detector, or (needs the source) holds resident ids, mobile numbers, bank cards, e-mails, passports or plates, also inside free text, in more than 1% of its first 20,000 values (lower end of the 95% Wilson interval; see docs/pii.md)",
	Check:   checkUndeclaredPII, Partial: true,
}

// piiScanRows is how many records of a source undeclared-pii scans. Lint is the
// early warning, extract the gate that reads every row: 20,000 records flag a
// column whose share of identifiers is 1.14% or more, and take about 12 ms per
// dataset to read and scan (BenchmarkScanPII in generator/source), so a catalog of
// hundreds of large sources still lints in seconds.
const piiScanRows = 20000

func checkUndeclaredPII(ctx *Context) {
	personal := validator.Personal()
	for _, ds := range ctx.Catalog.Datasets {
		for i, col := range ds.V.Columns {
			if ds.Invalid("columns", i, "personal_info") || ds.Invalid("columns", i, "detector") {
				continue
			}
			if col.PersonalInfo == model.PersonalNone && slices.Contains(personal, col.Detector) {
				ctx.Report(ds.File, ds.Pos("columns", i, "personal_info"),
					"column %q declares detector %s, a personal identifier, but personal_info: none: declare personal_info: personal with a deid (tokenize or drop)",
					col.Name, col.Detector)
			}
		}
	}
	// Which columns of which datasets to scan, then the scans, run concurrently
	// (reading thousands of sources one after another was most of lint's time).
	type job struct {
		ds      *load.Doc[model.Dataset]
		cols    []int
		tallies map[string]*pii.Tally
		ok      bool
		err     error
	}
	var jobs []*job
	for _, ds := range ctx.Catalog.Datasets {
		if ds.Invalid("source") {
			continue // where and how to read the source is not known
		}
		var cols []int
		for i, col := range ds.V.Columns {
			if ds.Invalid("columns", i) {
				continue
			}
			if pii.Scanned(col) && !slices.Contains(personal, col.Detector) {
				cols = append(cols, i)
			}
		}
		if len(cols) > 0 {
			jobs = append(jobs, &job{ds: ds, cols: cols})
		}
	}
	_ = xsync.Each(ctx.ctx, len(jobs), func(_ context.Context, k int) error {
		j := jobs[k]
		j.tallies, j.ok, j.err = ctx.Sampler.ScanPII(ctx.Catalog, j.ds, piiScanRows)
		return nil
	})
	fsys := newCatalogFS(ctx.Catalog.Root)
	for _, j := range jobs {
		ds := j.ds
		if j.err != nil {
			// the path rule reports missing files and paths that leave the catalog
			if !errors.Is(j.err, fs.ErrNotExist) && fsys.pathProblem(ds.V.Source.Path) == "" {
				ctx.ReportSeverity(diag.Warning, ds.File, ds.Pos("source"),
					"cannot read the source to scan it for undeclared personal data: %v; fix the source block or the file", j.err)
			}
			continue
		}
		if !j.ok {
			continue
		}
		for _, i := range j.cols {
			col := ds.V.Columns[i]
			tl := j.tallies[col.SourceName()]
			if tl == nil {
				continue
			}
			findings := tl.Judge()
			if len(findings) == 0 {
				continue
			}
			ctx.Report(ds.File, ds.Pos("columns", i, "personal_info"), "%s", pii.Message(col.Name, findings))
		}
	}
}
