package lint

import (
	"fmt"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleDowngrade reports a lowered grade, level or personal-information class, or a
// widened open type, so that reviewers see it. It is an error unless the dataset's
// changelog entry for its new version explains it, and then a warning. "Explains"
// is a clear test: the entry's summary (zh or en) names the field, by its YAML key
// or a usual name (see verDowngradeWords). Data elements have no changelog, so their
// downgrades are always errors that a reviewer must see through.
var ruleDowngrade = &Rule{
	ID: "downgrade", Category: CategoryVersions, Severity: diag.Error, NeedsBase: true,
	Summary: "a grade or level was lowered, or the open type widened: reported so reviewers see it, error unless the changelog entry of the new version names the field",
	Check:   checkDowngrade,
}

// verDowngradeWords are the words that, in a changelog summary, explain a change of
// the field.
var verDowngradeWords = map[string][]string{
	"grade":         {"grade", "分级", "核心数据", "重要数据", "一般数据"},
	"level":         {"level", "级别", "等级", "分级"},
	"open_type":     {"open_type", "open type", "开放类型", "开放属性", "无条件开放", "有条件开放", "不予开放"},
	"personal_info": {"personal_info", "personal information", "个人信息"},
}

// verExplained reports whether the changelog entry of the dataset's new version
// names field.
func verExplained(cur, base *model.Dataset, field string) bool {
	if cur.Version == base.Version {
		return false
	}
	e := verChangelogEntry(cur, cur.Version)
	if e == nil {
		return false
	}
	text := strings.ToLower(e.Summary.Zh + " " + e.Summary.En)
	for _, w := range verDowngradeWords[field] {
		if strings.Contains(text, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

func checkDowngrade(c *Context) {
	for _, p := range verDatasets(c) {
		if p.base == nil {
			continue
		}
		cur, old := p.cur.V, p.base.V
		report := func(field string, pos diag.Pos, msg string) {
			if verExplained(cur, old, field) {
				c.ReportSeverity(diag.Warning, p.cur.File, pos, "%s (explained in the changelog of %s; reviewers: check the reason)", msg, cur.Version)
				return
			}
			c.Report(p.cur.File, pos, "%s: if intended, bump the version and name %s in its changelog summary with the reason", msg, field)
		}
		if model.GradeRank(cur.Grade) < model.GradeRank(old.Grade) {
			report("grade", p.cur.Pos("grade"), fmt.Sprintf("grade lowered from %s to %s", old.Grade, cur.Grade))
		}
		if cur.Level < old.Level {
			report("level", p.cur.Pos("level"), fmt.Sprintf("level lowered from %d to %d", old.Level, cur.Level))
		}
		if model.OpenRank(cur.OpenType) > model.OpenRank(old.OpenType) {
			report("open_type", p.cur.Pos("open_type"), fmt.Sprintf("open type widened from %s to %s", old.OpenType, cur.OpenType))
		}
		oldCols := map[string]*model.Column{}
		for i := range old.Columns {
			oldCols[old.Columns[i].Name] = &old.Columns[i]
		}
		for j := range cur.Columns {
			nc := &cur.Columns[j]
			oc := oldCols[nc.Name]
			if oc == nil {
				continue
			}
			if nc.Level < oc.Level {
				report("level", p.cur.Pos("columns", j, "level"), fmt.Sprintf("column %q: level lowered from %d to %d", nc.Name, oc.Level, nc.Level))
			}
			if model.PersonalRank(nc.PersonalInfo) < model.PersonalRank(oc.PersonalInfo) {
				report("personal_info", p.cur.Pos("columns", j, "personal_info"),
					fmt.Sprintf("column %q: personal_info lowered from %s to %s", nc.Name, oc.PersonalInfo, nc.PersonalInfo))
			}
		}
	}
	for _, p := range verElements(c) {
		if p.base == nil {
			continue
		}
		cur, old := p.cur.V.Classification, p.base.V.Classification
		f := p.cur.File
		elem := func(pos diag.Pos, format string, args ...any) {
			c.Report(f, pos, format+": data elements have no changelog, so a reviewer must confirm this in the pull request", args...)
		}
		if model.GradeRank(cur.Grade) < model.GradeRank(old.Grade) {
			elem(f.Pos("classification", "grade"), "grade lowered from %s to %s", old.Grade, cur.Grade)
		}
		if cur.Level < old.Level {
			elem(f.Pos("classification", "level"), "level lowered from %d to %d", old.Level, cur.Level)
		}
		if model.PersonalRank(cur.PersonalInfo) < model.PersonalRank(old.PersonalInfo) {
			elem(f.Pos("classification", "personal_info"), "personal_info lowered from %s to %s", old.PersonalInfo, cur.PersonalInfo)
		}
		if model.OpenRank(cur.OpenType) > model.OpenRank(old.OpenType) {
			elem(f.Pos("classification", "open_type"), "open type widened from %s to %s", old.OpenType, cur.OpenType)
		}
	}
}
