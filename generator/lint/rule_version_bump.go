package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
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
	// bump is the bump the version rules require for the change (DatasetBump), so
	// that the suggestion is the largest one any rule asks for: 2.0.0, not 1.1.0,
	// when the same change breaks consumers.
	check := func(cur, base *load.File, curVer, baseVer string, bump Bump) {
		if base == nil {
			return
		}
		switch verCompare(curVer, baseVer) {
		case -1:
			at := baseVer
			if bump > BumpNone {
				at = NextVersion(baseVer, bump)
			}
			c.Report(cur, cur.Pos("version"), "version went down from %s to %s: versions only grow; set it to %s or above", baseVer, curVer, at)
		case 0:
			if curVer != baseVer || verSameContent(cur, base) {
				return
			}
			if bump == BumpMajor {
				c.Report(cur, cur.Pos("version"), "the content changed but version is still %s, and the change breaks consumers (the breaking finding says how): set it to %s and add a changelog entry",
					curVer, NextVersion(baseVer, BumpMajor))
				return
			}
			c.Report(cur, cur.Pos("version"), "the content changed but version is still %s: set it to %s and add a changelog entry",
				curVer, NextVersion(baseVer, BumpMinor))
		}
	}
	for _, p := range verDatasets(c) {
		if p.base != nil {
			check(p.cur.File, p.base.File, p.cur.V.Version, p.base.V.Version, DatasetBump(p.base, p.cur))
		}
	}
	for _, p := range verElements(c) {
		if p.base != nil {
			check(p.cur.File, p.base.File, p.cur.V.Version, p.base.V.Version, elementBump(p.base.V, p.cur.V))
		}
	}
}

// elementBump is the bump an element's change requires: major when its value
// type changed after it was published (the breaking rule), else minor.
func elementBump(base, cur *model.DataElement) Bump {
	if base.Status != model.StatusDraft && cur.Value.Type != base.Value.Type {
		return BumpMajor
	}
	return BumpMinor
}
