package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleTranslation warns about localized text without English.
var ruleTranslation = &Rule{
	ID: "translation", Category: CategoryMetadata, Severity: diag.Warning,
	Summary: "a localized field has no `en`",
	Check:   checkTranslation, Partial: true, // a text the schema rejected is zero: no zh, nothing to translate
}

func checkTranslation(c *Context) {
	var file *load.File
	w := newTextWalker(func(p []any, t model.Text) {
		if len(p) > 0 && p[0] == "keywords" {
			return // a keyword may stay Chinese: English pages show only translated ones
		}
		if t.Zh != "" && t.En == "" {
			c.Report(file, file.Pos(p...), "%s has no English: write `{zh: %s, en: …}`", fieldPath(p...), abbreviate(t.Zh))
		}
	})
	check := func(f *load.File, v any) {
		file = f
		w.walk(v)
	}
	cat := c.Catalog
	eachMetadataDoc(cat, check)
	// A Chinese guide page with an English sibling page (<nn>-<slug>.en.md) is
	// translated there; otherwise its front matter carries the English title.
	english := map[string]bool{}
	for _, g := range cat.Guides {
		if g.Lang == "en" {
			english[g.Slug] = true
		}
	}
	for _, g := range cat.Guides {
		if g.Lang == "zh" && !english[g.Slug] {
			check(g.File, &g.Front)
		}
	}
}

// abbreviate shortens text quoted in a message to at most 12 characters.
func abbreviate(s string) string {
	r := []rune(s)
	if len(r) > 12 {
		return string(r[:12]) + "…"
	}
	return s
}

// eachMetadataDoc calls fn with every metadata document of cat (portal.yaml, the
// departments, data elements, datasets and pricing policies, not the guide pages)
// and a pointer to its model value, for the rules that walk their texts.
func eachMetadataDoc(cat *load.Catalog, fn func(f *load.File, v any)) {
	if cat.Portal != nil {
		fn(cat.Portal.File, cat.Portal.V)
	}
	for _, d := range cat.Departments {
		fn(d.File, d.V)
	}
	for _, d := range cat.Elements {
		fn(d.File, d.V)
	}
	for _, d := range cat.Datasets {
		fn(d.File, d.V)
	}
	for _, d := range cat.Pricing {
		fn(d.File, d.V)
	}
}
