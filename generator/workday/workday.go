// Package workday counts working days with the official calendar the catalog carries
// (calendar/<year>.yaml): Saturdays and Sundays are days off unless the State
// Council's notice makes them working days (调休), weekdays are working days unless
// they fall in a holiday. A date in a year no calendar covers is an error, never a
// guess.
package workday

import (
	"fmt"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Calendar is the working-day calendar of the years it covers.
type Calendar struct {
	years map[int]*year
}

type year struct {
	off, work map[string]bool // holidays and adjusted working weekend days, by YYYY-MM-DD
}

// UncoveredError is the error of a count that reaches a year no calendar covers.
type UncoveredError struct {
	// Year is the first year the count needed and no calendar covers.
	Year int
}

func (e *UncoveredError) Error() string {
	return fmt.Sprintf("the working-day calendar does not cover %d: add calendar/%d.yaml from the State Council's notice on that year's public holidays", e.Year, e.Year)
}

// New builds the calendar of the given years. Dates that do not parse, and days
// outside a file's year, are left out (the calendar lint rule reports them); of two
// files for one year the first wins.
func New(cals []*model.Calendar) *Calendar {
	c := &Calendar{years: map[int]*year{}}
	for _, m := range cals {
		if m == nil || c.years[m.Year] != nil {
			continue
		}
		y := &year{off: map[string]bool{}, work: map[string]bool{}}
		for _, h := range m.Holidays {
			from, err1 := time.Parse(time.DateOnly, string(h.From))
			to, err2 := time.Parse(time.DateOnly, string(h.To))
			if err1 != nil || err2 != nil || to.Sub(from) > 31*24*time.Hour {
				continue
			}
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				if d.Year() == m.Year {
					y.off[d.Format(time.DateOnly)] = true
				}
			}
		}
		for _, w := range m.Workdays {
			if d, err := time.Parse(time.DateOnly, string(w.Date)); err == nil && d.Year() == m.Year {
				y.work[d.Format(time.DateOnly)] = true
			}
		}
		c.years[m.Year] = y
	}
	return c
}

// Covers reports whether the calendar has year y.
func (c *Calendar) Covers(y int) bool { return c.years[y] != nil }

// IsWorkday reports whether day t is a working day.
func (c *Calendar) IsWorkday(t time.Time) (bool, error) {
	y := c.years[t.Year()]
	if y == nil {
		return false, &UncoveredError{Year: t.Year()}
	}
	key := t.Format(time.DateOnly)
	switch {
	case y.work[key]:
		return true, nil
	case y.off[key]:
		return false, nil
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// Add returns the n-th working day after start (start itself not counted, as a
// limit of "n working days" is counted from the day after the event). n is at least 1.
func (c *Calendar) Add(start time.Time, n int) (time.Time, error) {
	d := start
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		ok, err := c.IsWorkday(d)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}

// Between counts the working days after start up to and including end: 0 when end
// is start or earlier, so a same-day decision takes 0 working days.
func (c *Calendar) Between(start, end time.Time) (int, error) {
	n := 0
	for d := start.AddDate(0, 0, 1); !d.After(end); d = d.AddDate(0, 0, 1) {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// Adjusted reports whether day t is a Saturday or Sunday made a working day (调休).
func (c *Calendar) Adjusted(t time.Time) bool {
	y := c.years[t.Year()]
	return y != nil && y.work[t.Format(time.DateOnly)]
}
