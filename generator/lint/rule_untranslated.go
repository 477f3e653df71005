package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleUntranslated lists localized text that still carries an `untranslated` part:
// text in a language other than Chinese or English (shuyuan import puts a Japanese
// title there instead of passing it off as Chinese) waiting for someone to
// translate it into zh and en.
var ruleUntranslated = &Rule{
	ID: "untranslated", Category: CategoryMetadata, Severity: diag.Warning,
	Summary: "a localized field holds text in another language awaiting translation (`untranslated`)",
	Check:   checkUntranslated,
}

func checkUntranslated(c *Context) {
	var file *load.File
	w := newTextWalker(func(p []any, t model.Text) {
		if u := t.Untranslated; u != nil {
			at := append(append([]any(nil), p...), "untranslated")
			c.Report(file, file.KeyPos(at...), "%s has %s text awaiting translation (%s): write it in zh and en, then delete untranslated",
				fieldPath(p...), u.Lang, abbreviate(u.Text))
		}
	})
	check := func(f *load.File, v any) {
		file = f
		w.walk(v)
	}
	cat := c.Catalog
	eachMetadataDoc(cat, check)
	for _, g := range cat.Guides {
		check(g.File, &g.Front)
	}
}
