package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// ruleVersionBump reports a dataset or element whose content changed while its
// version stayed (or went down). Comments, layout and the refresh fields
// (update.last_modified, update.last_updated, temporal.end) do not count as
// content: refreshing the data needs no new version.
var ruleVersionBump = &Rule{
	ID: "version-bump", Category: CategoryVersions, Severity: diag.Error, NeedsBase: true,
	Summary: "a file's content changed but its version did not",
	Check:   checkVersionBump,
}

func checkVersionBump(c *Context) {
	check := func(cur, base *load.File, curVer, baseVer string) {
		if base == nil {
			return
		}
		switch verCompare(curVer, baseVer) {
		case -1:
			c.Report(cur, cur.Pos("version"), "version went down from %s to %s: versions only grow; set it above %s", baseVer, curVer, baseVer)
		case 0:
			if curVer == baseVer && !verSameContent(cur, base) {
				c.Report(cur, cur.Pos("version"), "the content changed but version is still %s: set it to %s (or %s for a breaking change) and add a changelog entry",
					curVer, verNextMinor(baseVer), verNextMajor(baseVer))
			}
		}
	}
	for _, p := range verDatasets(c) {
		if p.base != nil {
			check(p.cur.File, p.base.File, p.cur.V.Version, p.base.V.Version)
		}
	}
	for _, p := range verElements(c) {
		if p.base != nil {
			check(p.cur.File, p.base.File, p.cur.V.Version, p.base.V.Version)
		}
	}
}
