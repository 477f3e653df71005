package lint

import (
	"path"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// ruleIDMismatch checks that every id equals its file name and that elements and
// datasets live in the folder of their department.
var ruleIDMismatch = &Rule{
	ID: "id-mismatch", Category: CategoryStructure, Severity: diag.Error,
	Summary: "`id` differs from the file name, or the parent folder is not the owning department",
	Check:   checkIDMismatch, Partial: true,
}

func checkIDMismatch(c *Context) {
	cat := c.Catalog
	if cat.Portal != nil {
		checkFileID(c, cat.Portal.File, cat.Portal.V.ID)
	}
	for _, d := range cat.Departments {
		checkFileID(c, d.File, d.V.ID)
	}
	for _, d := range cat.Elements {
		checkFileID(c, d.File, d.V.ID)
		checkFolder(c, d.File, d.V.Department)
	}
	for _, d := range cat.Datasets {
		checkFileID(c, d.File, d.V.ID)
		checkFolder(c, d.File, d.V.Department)
	}
	for _, d := range cat.Pricing {
		checkFileID(c, d.File, d.V.ID)
	}
	for _, d := range cat.Requests {
		checkFileID(c, d.File, d.V.ID)
	}
	for _, d := range cat.Objections {
		checkFileID(c, d.File, d.V.ID)
	}
}

func fileStem(p string) string {
	base := path.Base(p)
	return strings.TrimSuffix(base, path.Ext(base))
}

func checkFileID(c *Context, f *load.File, id string) {
	if f.Invalid("id") {
		return
	}
	if stem := fileStem(f.Path); id != stem {
		c.Report(f, f.Pos("id"), "id is %q but the file is named %s: write `id: %s`, or rename the file to %s%s",
			id, path.Base(f.Path), stem, id, path.Ext(f.Path))
	}
}

func checkFolder(c *Context, f *load.File, dept string) {
	if f.Invalid("department") {
		return
	}
	dir := path.Dir(f.Path)
	if folder := path.Base(dir); folder != dept {
		c.Report(f, f.Pos("department"), "department is %q but the file is in %s/: move it to %s/%s/%s, or write `department: %s`",
			dept, dir, path.Dir(dir), dept, path.Base(f.Path), folder)
	}
}
