package lint

import (
	"strconv"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleCalendar checks that a working-day calendar is one year's, and consistent.
var ruleCalendar = &Rule{
	ID: "calendar", Category: CategoryRecords, Severity: diag.Error,
	Summary: "a working-day calendar (calendar/<year>.yaml) is named for another year than its `year`, holds a date that is not a date of that year, a holiday that ends before it starts or lasts more than 31 days, or an adjusted working day (调休) that is not a Saturday or Sunday or lies inside a holiday",
	Check:   checkCalendar, Partial: true,
}

func checkCalendar(c *Context) {
	for _, d := range c.Catalog.Calendars {
		f, v := d.File, d.V
		if !f.Invalid("year") && fileStem(f.Path) != strconv.Itoa(v.Year) {
			c.Report(f, f.Pos("year"), "year is %d but the file is named %s: a calendar file is named for its year, calendar/%d.yaml", v.Year, f.Path, v.Year)
			continue
		}
		inYear := func(date model.Date, p ...any) (time.Time, bool) {
			if date == "" || f.Invalid(p...) {
				return time.Time{}, false
			}
			t, ok := day(date)
			if !ok || t.Year() != v.Year {
				c.Report(f, f.Pos(p...), "%s %s is not a date of %d: write a date of this file's year (another year's days go in its own file)", fieldPath(p...), date, v.Year)
				return time.Time{}, false
			}
			return t, true
		}
		type span struct{ from, to time.Time }
		var spans []span
		for i, h := range v.Holidays {
			from, ok1 := inYear(h.From, "holidays", i, "from")
			to, ok2 := inYear(h.To, "holidays", i, "to")
			if !ok1 || !ok2 {
				continue
			}
			if to.Before(from) || to.Sub(from) > 31*24*time.Hour {
				c.Report(f, f.Pos("holidays", i, "to"), "holidays[%d] runs from %s to %s: a holiday ends on or after its first day and lasts at most 31 days", i, h.From, h.To)
				continue
			}
			spans = append(spans, span{from, to})
		}
		for i, w := range v.Workdays {
			t, ok := inYear(w.Date, "workdays", i, "date")
			if !ok {
				continue
			}
			if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
				c.Report(f, f.Pos("workdays", i, "date"), "workdays[%d] %s is a %s: an adjusted working day (调休) is a Saturday or Sunday worked; weekdays are working days already", i, w.Date, wd)
				continue
			}
			for _, s := range spans {
				if !t.Before(s.from) && !t.After(s.to) {
					c.Report(f, f.Pos("workdays", i, "date"), "workdays[%d] %s lies inside a holiday: a day is either off or worked; correct the holiday's range or the date", i, w.Date)
					break
				}
			}
		}
	}
}
