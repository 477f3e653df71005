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
	Summary: "a dataset's `update.last_modified` (or an element's `update.last_updated`) is older than twice its declared frequency allows, relative to `--now`; `realtime` and `irregular` are never stale by date. `build` and `serve` only warn (the dataset page and lists show it overdue, the stats page counts it), `lint --base` makes it a notice in files the change does not touch, `--strict` an error everywhere; `shuyuan overdue` lists the overdue data by department",
	Check:   checkStale, Partial: true,
	// the same files turn stale as days pass: a build only warns
	TimeDependent: true,
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
		// a malformed date is the schema rule's; realtime and irregular are never stale
		if overdue, _, _ := model.Overdue(date, frequency, now); !overdue {
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
