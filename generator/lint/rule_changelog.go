package lint

import "github.com/shuyuan-project/shuyuan/generator/diag"

// ruleChangelog reports a dataset whose version is new (the dataset is new, or its
// version differs from --base) but has no changelog entry for that version.
var ruleChangelog = &Rule{
	ID: "changelog", Category: CategoryVersions, Severity: diag.Error, NeedsBase: true,
	Summary: "a new version has no changelog entry",
	Check:   checkChangelog,
}

func checkChangelog(c *Context) {
	for _, p := range verDatasets(c) {
		v := p.cur.V.Version
		if p.base != nil && p.base.V.Version == v {
			continue
		}
		if verChangelogEntry(p.cur.V, v) != nil {
			continue
		}
		c.Report(p.cur.File, p.cur.KeyPos("changelog"),
			"version %s has no changelog entry: add `- {version: %s, date: YYYY-MM-DD, summary: {zh: …, en: …}}` at the top of changelog", v, v)
	}
}
