package lint

import (
	"fmt"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleSubject reports personal datasets whose subject (the person a row describes)
// cannot be determined, and privacy settings that name no usable column. k-anonymity
// counts distinct subjects per group, so without a subject it cannot be enforced.
var ruleSubject = &Rule{
	ID: "subject", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "a dataset publishing personal columns has no subject (privacy.subject, or exactly one direct-identifier column), or privacy.subject / l_diversity.column names no usable column",
	Check:   checkSubject, Partial: true,
}

func checkSubject(ctx *Context) {
	for _, ds := range ctx.Catalog.Datasets {
		if ds.Invalid("privacy") || ds.Invalid("columns") || ds.Invalid("open_type") {
			continue
		}
		v := ds.V
		byName := map[string]int{}
		for i, c := range v.Columns {
			byName[c.Name] = i
		}
		p := v.Privacy
		if p != nil && p.Subject != "" {
			if _, ok := byName[p.Subject]; !ok {
				ctx.Report(ds.File, ds.Pos("privacy", "subject"), "privacy.subject %q names no column of this dataset: name the column that identifies the person a row describes (e.g. the patient id)", p.Subject)
			}
		} else if v.OpenType != model.OpenNonOpen && publishesPersonal(v) && v.SubjectColumn() < 0 {
			// a non-open dataset is never extracted, so no k is counted over it
			var ids []string
			for _, c := range v.Columns {
				if c.Role == model.RoleDirectIdentifier {
					ids = append(ids, fmt.Sprintf("%q", c.Name))
				}
			}
			pos := ds.KeyPos("columns")
			if ds.Has("privacy") {
				pos = ds.KeyPos("privacy")
			}
			if len(ids) == 0 {
				ctx.Report(ds.File, pos, "the dataset has personal columns but no subject: mark the column identifying the person a row describes role: direct-identifier, or name it with privacy.subject (k counts distinct people, not rows)")
			} else {
				ctx.Report(ds.File, pos, "the dataset has personal columns and %d direct identifiers (%s): name the one identifying the person a row describes with privacy.subject (k counts distinct people, not rows)", len(ids), strings.Join(ids, ", "))
			}
		}
		if p != nil && p.LDiversity != nil && p.LDiversity.Column != "" {
			i, ok := byName[p.LDiversity.Column]
			switch {
			case !ok:
				ctx.Report(ds.File, ds.Pos("privacy", "l_diversity", "column"), "privacy.l_diversity.column %q names no column of this dataset: name the sensitive column (e.g. the diagnosis)", p.LDiversity.Column)
			case dropped(v.Columns[i]):
				ctx.Report(ds.File, ds.Pos("privacy", "l_diversity", "column"), "privacy.l_diversity.column %q is dropped: its values are not published, so l-diversity protects nothing; name a published sensitive column or remove l_diversity", p.LDiversity.Column)
			}
		}
	}
}

// publishesPersonal reports whether a personal or sensitive column is published (not
// dropped).
func publishesPersonal(ds *model.Dataset) bool {
	for _, c := range ds.Columns {
		if c.PersonalInfo != model.PersonalNone && c.PersonalInfo != "" && !dropped(c) {
			return true
		}
	}
	return false
}
