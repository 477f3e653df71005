package lint

import (
	"cmp"
	"slices"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// OverdueItem is a dataset or data element whose data is overdue on a date: the
// finding of the stale rule, as a record.
type OverdueItem struct {
	// Kind is "dataset" or "element".
	Kind string `json:"kind"`
	// ID and Title name the dataset or element.
	ID    string     `json:"id"`
	Title model.Text `json:"title"`
	// File is the catalog-relative path of its file.
	File string `json:"file"`
	// Frequency is its declared update frequency.
	Frequency string `json:"frequency"`
	// LastUpdated is the date of its last update; Due the last day it was on time.
	LastUpdated model.Date `json:"last_updated"`
	Due         model.Date `json:"due"`
	// DaysOverdue counts the days since Due.
	DaysOverdue int `json:"days_overdue"`
}

// OverdueDepartment is a department with overdue data.
type OverdueDepartment struct {
	// ID is the department id the items name; Name, Team and Contact come from
	// its file (empty when no department file has the id).
	ID      string     `json:"id"`
	Name    model.Text `json:"name"`
	Team    string     `json:"team,omitempty"`
	Contact string     `json:"contact,omitempty"`
	// Items are its overdue datasets and elements, by file.
	Items []OverdueItem `json:"items"`
}

// Overdue lists, by department, the datasets and elements whose data is overdue
// on now: exactly what the stale rule reports (model.Overdue), for the scheduled
// workflow that opens one issue per department instead of failing pushes.
// Departments are sorted by id.
func Overdue(cat *load.Catalog, now time.Time) []OverdueDepartment {
	cat = cat.WithPartial() // as the stale rule sees it
	byID := map[string]*OverdueDepartment{}
	add := func(f *load.File, dept, kind, id string, title model.Text, date model.Date, frequency string) {
		if f.Invalid("update") {
			return
		}
		overdue, _, due := model.Overdue(date, frequency, now)
		if !overdue {
			return
		}
		d := byID[dept]
		if d == nil {
			d = &OverdueDepartment{ID: dept}
			if doc := cat.Department(dept); doc != nil {
				d.Name, d.Team, d.Contact = plainText(doc.V.Name), doc.V.Team, doc.V.Contact
			}
			byID[dept] = d
		}
		d.Items = append(d.Items, OverdueItem{Kind: kind, ID: id, Title: plainText(title), File: f.Path, Frequency: frequency,
			LastUpdated: date, Due: model.Date(due.Format(time.DateOnly)), DaysOverdue: int(now.Sub(due).Hours() / 24)})
	}
	for _, d := range cat.Datasets {
		add(d.File, d.V.Department, "dataset", d.V.ID, d.V.Title, d.V.Update.LastModified, d.V.Update.Frequency)
	}
	for _, e := range cat.Elements {
		add(e.File, e.V.Department, "element", e.V.ID, e.V.Name, e.V.Update.LastUpdated, e.V.Update.Frequency)
	}
	out := make([]OverdueDepartment, 0, len(byID))
	for _, d := range byID {
		slices.SortFunc(d.Items, func(a, b OverdueItem) int { return cmp.Compare(a.File, b.File) })
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b OverdueDepartment) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// plainText is t in Chinese and English only: text awaiting translation is never
// published, and the records may end up in a public issue.
func plainText(t model.Text) model.Text { return model.Text{Zh: t.Zh, En: t.En} }
