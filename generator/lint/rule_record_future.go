package lint

import (
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleRecordFuture reports a request or objection dated after --now.
var ruleRecordFuture = &Rule{
	ID: "record-future", Category: CategoryRecords, Severity: diag.Error,
	Summary: "a date of a request or objection is after `--now` (today when omitted): records say what happened, so write a state's date once it is reached",
	Check:   checkRecordFuture, Partial: true,
}

func checkRecordFuture(c *Context) {
	now := c.today()
	check := func(f *load.File, d model.Date, p ...any) {
		if t, ok := day(d); ok && t.After(now) && !f.Invalid(p...) {
			c.Report(f, f.Pos(p...), "%s %s is after %s: a record holds the dates of states already reached; write it once it is reached", fieldPath(p...), d, now.Format(time.DateOnly))
		}
	}
	for _, r := range c.Catalog.Requests {
		check(r.File, r.V.Received, "received")
		check(r.File, r.V.Decided, "decided")
	}
	for _, o := range c.Catalog.Objections {
		for _, s := range o.V.States.List() {
			check(o.File, s.Date, "states", s.Field)
		}
	}
}
