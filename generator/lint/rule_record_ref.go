package lint

import (
	"slices"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleRecordRef checks that a request or objection names a dataset, version, column
// and department that exist, and that a request is for conditional data, decided by
// the dataset's department.
var ruleRecordRef = &Rule{
	ID: "record-ref", Category: CategoryRecords, Severity: diag.Error,
	Summary: "a request or objection names a dataset, department, version (not in the dataset's changelog) or column that does not exist; or a request is for a dataset that is not conditional, or names another department than the dataset's",
	Check:   checkRecordRef, Partial: true,
}

func checkRecordRef(c *Context) {
	cat := c.Catalog
	depts := idSet(cat.Departments, func(d *load.Doc[model.Department]) string { return d.V.ID })
	datasets := idSet(cat.Datasets, func(d *load.Doc[model.Dataset]) string { return d.V.ID })
	// dataset checks the dataset, version and department of a record and returns
	// the dataset, nil when the id names none.
	dataset := func(f *load.File, id, version, dept string) *model.Dataset {
		if !f.Invalid("department") && dept != "" && !depts[dept] {
			c.Report(f, f.Pos("department"), "department %q names no department%s", dept, didYouMean(dept, keys(depts)))
		}
		if f.Invalid("dataset") || id == "" {
			return nil
		}
		d := cat.Dataset(id)
		if d == nil {
			c.Report(f, f.Pos("dataset"), "dataset %q names no dataset%s", id, didYouMean(id, keys(datasets)))
			return nil
		}
		if version != "" && !f.Invalid("version") && !slices.ContainsFunc(d.V.Changelog, func(e model.ChangelogEntry) bool { return e.Version == version }) {
			c.Report(f, f.Pos("version"), "version %s of dataset %s was never published (its changelog does not list it): write a version the changelog lists, or remove version", version, id)
		}
		return d.V
	}
	for _, r := range cat.Requests {
		f, v := r.File, r.V
		ds := dataset(f, v.Dataset, v.Version, v.Department)
		if ds == nil {
			continue
		}
		if ds.OpenType != model.OpenConditional && ds.OpenType != "" {
			c.Report(f, f.Pos("dataset"), "dataset %s is %s, not conditional: only conditionally open data is applied for; record an objection (objections/) if the applicant disputes its open type", ds.ID, ds.OpenType)
		}
		if v.Department != "" && ds.Department != "" && v.Department != ds.Department && !f.Invalid("department") {
			c.Report(f, f.Pos("department"), "department is %q but dataset %s belongs to %s, which decides its applications: write `department: %s`", v.Department, ds.ID, ds.Department, ds.Department)
		}
	}
	for _, o := range cat.Objections {
		f, v := o.File, o.V
		ds := dataset(f, v.Dataset, v.Version, v.Department)
		if ds == nil || v.Column == "" || f.Invalid("column") {
			continue
		}
		var names []string
		for _, col := range ds.Columns {
			names = append(names, col.Name)
		}
		if !slices.Contains(names, v.Column) {
			set := map[string]bool{}
			for _, n := range names {
				set[n] = true
			}
			c.Report(f, f.Pos("column"), "column %q is not a column of dataset %s%s", v.Column, ds.ID, didYouMean(v.Column, keys(set)))
		}
	}
}
