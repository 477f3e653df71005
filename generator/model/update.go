package model

import "time"

// Overdue reports whether data last updated on date, with the declared update
// frequency, is overdue on now: more than twice its period has passed (the rule
// stale of checks.md, and the "overdue" state of a dataset page). known is false
// when date is empty or not a date, or for the frequencies that are never overdue
// by date (realtime, irregular); due is the last day the data is on time.
func Overdue(date Date, frequency string, now time.Time) (overdue, known bool, due time.Time) {
	t, err := time.Parse(time.DateOnly, string(date))
	if err != nil {
		return false, false, time.Time{}
	}
	switch frequency {
	case FreqHourly:
		due = t.Add(2 * time.Hour)
	case FreqDaily:
		due = t.AddDate(0, 0, 2)
	case FreqWeekly:
		due = t.AddDate(0, 0, 14)
	case FreqMonthly:
		due = t.AddDate(0, 2, 0)
	case FreqQuarterly:
		due = t.AddDate(0, 6, 0)
	case FreqYearly:
		due = t.AddDate(2, 0, 0)
	default:
		return false, false, time.Time{}
	}
	return now.After(due), true, due
}
