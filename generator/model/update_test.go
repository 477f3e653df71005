package model

import (
	"testing"
	"time"
)

func TestOverdue(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, c := range []struct {
		date, frequency, now string
		overdue, known       bool
	}{
		{"2026-09-01", FreqMonthly, "2026-11-01", false, true}, // exactly two months: still on time
		{"2026-09-01", FreqMonthly, "2026-11-02", true, true},
		{"2026-10-30", FreqDaily, "2026-11-01", false, true},
		{"2026-10-29", FreqDaily, "2026-11-01", true, true},
		{"2026-10-31", FreqHourly, "2026-11-01", true, true},
		{"2026-10-18", FreqWeekly, "2026-11-01", false, true},
		{"2026-05-01", FreqQuarterly, "2026-11-01", false, true},
		{"2024-10-31", FreqYearly, "2026-11-01", true, true},
		{"2000-01-01", FreqRealtime, "2026-11-01", false, false},
		{"2000-01-01", FreqIrregular, "2026-11-01", false, false},
		{"", FreqMonthly, "2026-11-01", false, false},
		{"2026-13-01", FreqMonthly, "2026-11-01", false, false},
	} {
		overdue, known, _ := Overdue(Date(c.date), c.frequency, day(c.now))
		if overdue != c.overdue || known != c.known {
			t.Errorf("Overdue(%s, %s, %s) = %v, %v; want %v, %v", c.date, c.frequency, c.now, overdue, known, c.overdue, c.known)
		}
	}
}
