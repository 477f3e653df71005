package lint

import (
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// rulePath checks every path written in the catalog: it must name an existing
// file inside the catalog directory.
var rulePath = &Rule{
	ID: "path", Category: CategoryStructure, Severity: diag.Error,
	Summary: "a source path or key file leaves the catalog directory, or does not exist; a catalog file is a symbolic link",
	Check:   checkPath, Partial: true,
}

func checkPath(c *Context) {
	cat := c.Catalog
	fsys := newCatalogFS(cat.Root)
	if p := cat.Portal; p != nil && p.V.Signing != nil && !p.Invalid("signing") {
		if prob := fsys.pathProblem(p.V.Signing.PublicKey); prob != "" {
			c.Report(p.File, p.Pos("signing", "public_key"), "signing.public_key %q %s", p.V.Signing.PublicKey, prob)
		}
	}
	if p := cat.Portal; p != nil {
		for _, f := range []struct{ key, path string }{{"logo", p.V.Logo}, {"favicon", p.V.Favicon}} {
			if f.path == "" {
				continue
			}
			if prob := fsys.pathProblem(f.path); prob != "" {
				c.Report(p.File, p.Pos(f.key), "%s %q %s", f.key, f.path, prob)
			}
		}
	}
	for _, d := range cat.Datasets {
		if s := d.V.Source; s != nil && s.Format != model.FormatPostgres && !d.Invalid("source") {
			if s.Path == "" {
				c.Report(d.File, d.Pos("source"), "a %s source needs a path: add `path: sources/…` naming the file inside the catalog", s.Format)
			} else if prob := fsys.pathProblem(s.Path); prob != "" {
				c.Report(d.File, d.Pos("source", "path"), "source.path %q %s", s.Path, prob)
			}
		}
		for i, col := range d.V.Columns {
			if col.Deid == nil || d.Invalid("columns", i, "deid", "key") {
				continue
			}
			if file, ok := strings.CutPrefix(col.Deid.Key, "file:"); ok {
				if prob := fsys.pathProblem(file); prob != "" {
					c.Report(d.File, d.Pos("columns", i, "deid", "key"), "key file %q %s (or use env:SHUYUAN_KEY_NAME)", file, prob)
				}
			}
		}
	}
}
