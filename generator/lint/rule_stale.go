package lint

import (
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleStale reports data older than twice its declared update period.
var ruleStale = &Rule{
	ID: "stale", Category: CategoryMetadata, Severity: diag.Error,
	Summary: "a dataset's `update.last_modified` (or an element's `update.last_updated`) is older than twice its declared frequency allows, relative to `--now` (`build` and `serve` only warn: the dataset page shows it overdue)",
	Check:   checkStale, Partial: true,
	// the same files turn stale as days pass: a build only warns
	TimeDependent: true,
}

// twoPeriods returns t plus twice the period of frequency; ok is false for the
// frequencies that are never stale by date (realtime, irregular).
func twoPeriods(t time.Time, frequency string) (time.Time, bool) {
	switch frequency {
	case model.FreqHourly:
		return t.Add(2 * time.Hour), true
	case model.FreqDaily:
		return t.AddDate(0, 0, 2), true
	case model.FreqWeekly:
		return t.AddDate(0, 0, 14), true
	case model.FreqMonthly:
		return t.AddDate(0, 2, 0), true
	case model.FreqQuarterly:
		return t.AddDate(0, 6, 0), true
	case model.FreqYearly:
		return t.AddDate(2, 0, 0), true
	}
	return time.Time{}, false
}

func checkStale(c *Context) {
	now := c.Now
	if now.IsZero() {
		y, m, d := time.Now().Date()
		now = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	check := func(f *load.File, date model.Date, frequency string, p ...any) {
		if date == "" || f.Invalid("update") {
			return
		}
		t, err := time.Parse(time.DateOnly, string(date))
		if err != nil {
			return // the schema rule reports malformed dates
		}
		limit, ok := twoPeriods(t, frequency)
		if !ok || !now.After(limit) {
			return
		}
		c.Report(f, f.Pos(p...), "%s is %s, more than twice the %s update period before %s: update the data and write the new date, or correct update.frequency",
			fieldPath(p...), date, frequency, now.Format(time.DateOnly))
	}
	for _, d := range c.Catalog.Datasets {
		check(d.File, d.V.Update.LastModified, d.V.Update.Frequency, "update", "last_modified")
	}
	for _, e := range c.Catalog.Elements {
		check(e.File, e.V.Update.LastUpdated, e.V.Update.Frequency, "update", "last_updated")
	}
}
