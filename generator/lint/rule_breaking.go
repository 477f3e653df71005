package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleBreaking reports changes that break consumers of a published dataset (a
// column removed, renamed or retyped, its de-identification weakened) or of an
// element (its value type changed), unless the major version was bumped.
var ruleBreaking = &Rule{
	ID: "breaking", Category: CategoryVersions, Severity: diag.Error, NeedsBase: true,
	Summary: "a published column was removed, renamed or changed type, or a column's de-identification was weakened, without a major version bump",
	Check:   checkBreaking,
}

func checkBreaking(c *Context) {
	for _, p := range verDatasets(c) {
		datasetBreaks(p.cur, p.base, func(pos diag.Pos, format string, args ...any) {
			c.Report(p.cur.File, pos, format, args...)
		})
	}
	for _, p := range verElements(c) {
		if p.base == nil || p.base.V.Status == model.StatusDraft || verMajorBumped(p.base.V.Version, p.cur.V.Version) {
			continue
		}
		if p.cur.V.Value.Type != p.base.V.Value.Type {
			c.Report(p.cur.File, p.cur.Pos("value", "type"),
				"value type changed from %s to %s without a major version bump: keep %s, or set version to %s",
				p.base.V.Value.Type, p.cur.V.Value.Type, p.base.V.Value.Type, verNextMajor(p.base.V.Version))
		}
	}
}

// datasetBreaks reports through report each change from base to cur that breaks
// consumers of the published dataset (a column removed, renamed, retyped or newly
// dropped, its de-identification weakened), unless base was never published or
// cur is in a new major version.
func datasetBreaks(cur, base *load.Doc[model.Dataset], report func(pos diag.Pos, format string, args ...any)) {
	if base == nil || verUnpublished(base.V) || verMajorBumped(base.V.Version, cur.V.Version) {
		return
	}
	curV, old := cur.V, base.V
	next := verNextMajor(old.Version)
	curIdx := map[string]int{}
	for i, col := range curV.Columns {
		curIdx[col.Name] = i
	}
	oldNames := map[string]bool{}
	for _, col := range old.Columns {
		oldNames[col.Name] = true
	}
	for i := range old.Columns {
		oc := &old.Columns[i]
		j, ok := curIdx[oc.Name]
		if !ok {
			if verOp(oc).Op == model.OpDrop {
				continue // never published
			}
			// A new column at the same place with the same type reads as a rename.
			if i < len(curV.Columns) && !oldNames[curV.Columns[i].Name] && curV.Columns[i].Type == oc.Type {
				report(cur.Pos("columns", i, "name"),
					"published column %q was renamed to %q without a major version bump: keep the old name, or set version to %s and say so in the changelog",
					oc.Name, curV.Columns[i].Name, next)
				continue
			}
			report(cur.KeyPos("columns"),
				"published column %q (column %d at %s) was removed without a major version bump: keep it, or set version to %s and say so in the changelog",
				oc.Name, i+1, old.Version, next)
			continue
		}
		nc := &curV.Columns[j]
		if verOp(oc).Op != model.OpDrop && verOp(nc).Op == model.OpDrop {
			report(cur.Pos("columns", j, "deid", "op"),
				"published column %q is now dropped, so it disappears from the extract, without a major version bump: keep publishing it, or set version to %s and say so in the changelog",
				nc.Name, next)
			continue
		}
		if verOp(oc).Op != model.OpDrop && nc.Type != oc.Type {
			report(cur.Pos("columns", j, "type"),
				"published column %q changed type from %s to %s without a major version bump: keep %s, or set version to %s and say so in the changelog",
				nc.Name, oc.Type, nc.Type, oc.Type, next)
		}
		if why := deid.Weakened(verOp(oc), verOp(nc)); why != "" {
			pos := cur.Pos("columns", j, "name")
			if cur.Has("columns", j, "deid") {
				pos = cur.KeyPos("columns", j, "deid")
			}
			report(pos,
				"column %q: %s without a major version bump: restore the stronger de-identification, or set version to %s and explain in the changelog",
				nc.Name, why, next)
		}
	}
}
