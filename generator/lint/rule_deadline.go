package lint

import (
	"errors"
	"fmt"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/workday"
)

// ruleDeadline checks the handling of requests and objections against their time
// limits, in working days of the catalog's calendar (calendar/<year>.yaml).
var ruleDeadline = &Rule{
	ID: "deadline", Category: CategoryRecords, Severity: diag.Error,
	Summary: "a request or objection passed a time limit without a `late_reason`: a request decided after its dataset's `access.application.review_days`, an objection investigated more than 12 working days after it was reported, corrected more than 5 after the investigation, answered more than 1 after the correction (after the investigation when unfounded), or still open past such a limit on `--now`. Working days come from calendar/<year>.yaml, holidays and adjusted working weekends (调休) included; a limit that runs into a year no calendar covers is an error too",
	Check:   checkDeadline, Partial: true,
	// an open case passes its deadline as days pass: a build only warns
	TimeDependent: true,
}

func checkDeadline(c *Context) {
	cal := workday.New(docValues(c.Catalog.Calendars))
	now := c.today()
	// step checks one limit: the state at `to` (or, while it is not reached, now)
	// must come at most days working days after start. It reports at the end
	// state, or at the start state while the case is open.
	step := func(f *load.File, late *model.Text, start, end model.Date, days int, from, to, limit string, startPath, endPath []any) {
		s, ok := day(start)
		if !ok || f.Invalid(startPath...) {
			return
		}
		due, err := cal.Add(s, days)
		if err != nil {
			var ue *workday.UncoveredError
			if errors.As(err, &ue) {
				c.Report(f, f.Pos(startPath...), "counting %d working day%s after %s %s needs the calendar of %d, which the catalog does not have: add calendar/%d.yaml from the State Council's notice on that year's public holidays",
					days, plural(days), from, start, ue.Year, ue.Year)
			}
			return
		}
		if late != nil && !late.IsZero() {
			return // late, and the record says why; the report counts it late
		}
		dueS := due.Format(time.DateOnly)
		how := fmt.Sprintf("%s allows %d working day%s after %s %s", limit, days, plural(days), from, start)
		if cal.Adjusted(due) {
			how += fmt.Sprintf(", and %s is an adjusted working %s (调休)", dueS, due.Weekday())
		}
		if e, ok := day(end); ok {
			if e.After(due) && !f.Invalid(endPath...) {
				c.Report(f, f.Pos(endPath...), "%s %s is past its deadline %s: %s; if the delay was justified, say why in late_reason (the report still counts it late)",
					to, end, dueS, how)
			}
			return
		}
		if end == "" && now.After(due) {
			c.Report(f, f.Pos(startPath...), "%s is not reached and its deadline %s passed before %s: %s; write the date once it is reached, and why it is late in late_reason",
				to, dueS, now.Format(time.DateOnly), how)
		}
	}
	for _, r := range c.Catalog.Requests {
		f, v := r.File, r.V
		d := c.Catalog.Dataset(v.Dataset)
		if d == nil || d.V.Access == nil || d.V.Access.Application == nil || d.V.Access.Application.ReviewDays == 0 {
			continue
		}
		days := d.V.Access.Application.ReviewDays
		step(f, v.LateReason, v.Received, v.Decided, days, "received", "decided",
			"access.application.review_days of dataset "+d.V.ID,
			[]any{"received"}, []any{"decided"})
	}
	for _, o := range c.Catalog.Objections {
		f, v := o.File, o.V
		for _, l := range v.Limits() {
			step(f, v.LateReason, v.States.Date(l.From), v.States.Date(l.To), l.Days, "states."+l.From, "states."+l.To,
				"the data-objection guide", []any{"states", l.From}, []any{"states", l.To})
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// docValues returns the values of the documents.
func docValues[T any](docs []*load.Doc[T]) []*T {
	out := make([]*T, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.V)
	}
	return out
}
