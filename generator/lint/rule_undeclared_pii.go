package lint

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// ruleUndeclaredPII reports columns declared personal_info: none where more than 1% of
// up to 1000 sampled source values are personal identifiers, or whose detector is a
// personal-identifier validator. Organisation codes (uscc) and division codes
// (gbt2260) never count.
var ruleUndeclaredPII = &Rule{
	ID: "undeclared-pii", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "a column declared not personal has a personal detector, or (needs the source) more than 1% of sampled values recognised as resident ids, mobile numbers, bank cards, e-mails or plates",
	Check:   checkUndeclaredPII,
}

// piiRecognizers are the personal-identifier tests of undeclared-pii, in report
// order. They are the validators of validator.Personal(), tightened where a plain
// validator accepts too many ordinary numbers: resident ids must have 18 characters
// (the legacy 15-digit form matches 4% of random 15-digit registration numbers) and
// bank cards a card-network prefix and 16–19 digits.
var piiRecognizers = []struct {
	name, what string
	ok         func(string) bool
}{
	{"cn-resident-id", "resident id numbers", func(s string) bool { return len(s) == 18 && validator.ValidResidentID(s) }},
	{"cn-mobile", "mobile numbers", validator.ValidMobile},
	{"bank-card", "bank card numbers", validator.LikelyBankCard},
	{"email", "e-mail addresses", validator.ValidEmail},
	{"cn-plate", "vehicle plates", validator.ValidPlate},
}

func checkUndeclaredPII(ctx *Context) {
	personal := validator.Personal()
	for _, ds := range ctx.Catalog.Datasets {
		for i, col := range ds.V.Columns {
			if col.PersonalInfo == model.PersonalNone && slices.Contains(personal, col.Detector) {
				ctx.Report(ds.File, ds.Pos("columns", i, "personal_info"),
					"column %q declares detector %s, a personal identifier, but personal_info: none: declare personal_info: personal with a deid (tokenize or drop)",
					col.Name, col.Detector)
			}
		}
	}
	// Which columns of which datasets to scan, then the samples, read concurrently
	// (reading thousands of sources one after another was most of lint's time).
	type job struct {
		ds     *load.Doc[model.Dataset]
		cols   []int
		values map[string][]string
		ok     bool
		err    error
	}
	var jobs []*job
	for _, ds := range ctx.Catalog.Datasets {
		var cols []int
		for i, col := range ds.V.Columns {
			if col.PersonalInfo == model.PersonalNone && !dropped(col) && !slices.Contains(personal, col.Detector) {
				cols = append(cols, i)
			}
		}
		if len(cols) > 0 {
			jobs = append(jobs, &job{ds: ds, cols: cols})
		}
	}
	_ = xsync.Each(ctx.ctx, len(jobs), func(_ context.Context, k int) error {
		j := jobs[k]
		j.values, j.ok, j.err = ctx.Sampler.Sample(ctx.Catalog, j.ds, sampleSize)
		return nil
	})
	// The sampler hands datasets that share a source the same sample slices; count
	// each slice once.
	type tally struct {
		counts []int // by recognizer
		n      int   // non-empty values
	}
	counted := map[*string]tally{}
	fsys := newCatalogFS(ctx.Catalog.Root)
	for _, j := range jobs {
		ds, cols, values, ok, err := j.ds, j.cols, j.values, j.ok, j.err
		if err != nil {
			// the path rule reports missing files and paths that leave the catalog
			if !errors.Is(err, fs.ErrNotExist) && fsys.pathProblem(ds.V.Source.Path) == "" {
				ctx.ReportSeverity(diag.Warning, ds.File, ds.Pos("source"),
					"cannot read the source to scan it for undeclared personal data: %v; fix the source block or the file", err)
			}
			continue
		}
		if !ok {
			continue
		}
		for _, i := range cols {
			col := ds.V.Columns[i]
			raw := values[col.SourceName()]
			if len(raw) == 0 {
				continue
			}
			tl, seen := counted[&raw[0]]
			if !seen {
				sample := nonEmpty(raw)
				tl = tally{piiCounts(sample), len(sample)}
				counted[&raw[0]] = tl
			}
			counts, n := tl.counts, tl.n
			if n == 0 {
				continue
			}
			var found []string
			for k, r := range piiRecognizers {
				if 100*counts[k] > n {
					found = append(found, fmt.Sprintf("%d are %s (%s)", counts[k], r.what, r.name))
				}
			}
			if len(found) == 0 {
				continue
			}
			ctx.Report(ds.File, ds.Pos("columns", i, "personal_info"),
				"column %q is declared personal_info: none but of %d sampled values %s: declare personal_info: personal with a deid (tokenize or drop), or remove them from the source",
				col.Name, n, strings.Join(found, " and "))
		}
	}
}

// piiCounts counts the sampled values each recognizer takes (the first that does).
func piiCounts(sample []string) []int {
	counts := make([]int, len(piiRecognizers))
	for _, v := range sample {
		if validator.ValidUSCC(v) || validator.ValidDivision(v) {
			continue // organisation and division codes are not personal
		}
		for k, r := range piiRecognizers {
			if r.ok(v) {
				counts[k]++
				break
			}
		}
	}
	return counts
}
