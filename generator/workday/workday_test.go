package workday

import (
	"errors"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// cal2026 is the part of the 2026 notice (国办发明电〔2025〕7号) the cases use:
// National Day 1–7 October with 20 September and 10 October worked, Mid-Autumn 25–27 September.
func cal2026() *Calendar {
	return New([]*model.Calendar{{Year: 2026,
		Holidays: []model.HolidayRange{
			{Holiday: "mid-autumn", From: "2026-09-25", To: "2026-09-27"},
			{Holiday: "national-day", From: "2026-10-01", To: "2026-10-07"},
		},
		Workdays: []model.AdjustedWorkday{{Date: "2026-09-20", Holiday: "national-day"}, {Date: "2026-10-10", Holiday: "national-day"}},
	}})
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAdd(t *testing.T) {
	c := cal2026()
	for _, tc := range []struct {
		start string
		n     int
		want  string
	}{
		{"2026-09-14", 1, "2026-09-15"}, // Monday → Tuesday
		{"2026-09-18", 1, "2026-09-20"}, // Friday → the Sunday worked (调休)
		{"2026-09-19", 1, "2026-09-20"},
		{"2026-09-24", 1, "2026-09-28"}, // Thursday → over Mid-Autumn to Monday
		{"2026-09-30", 1, "2026-10-08"}, // over National Day
		{"2026-10-08", 2, "2026-10-10"}, // Thursday, Friday 9th, Saturday 10th worked
		{"2026-09-28", 5, "2026-10-10"},
	} {
		got, err := c.Add(day(tc.start), tc.n)
		if err != nil || got.Format(time.DateOnly) != tc.want {
			t.Errorf("Add(%s, %d) = %s, %v; want %s", tc.start, tc.n, got.Format(time.DateOnly), err, tc.want)
		}
	}
}

func TestBetween(t *testing.T) {
	c := cal2026()
	for _, tc := range []struct {
		start, end string
		want       int
	}{
		{"2026-09-14", "2026-09-14", 0},
		{"2026-09-14", "2026-09-10", 0},
		{"2026-09-18", "2026-09-21", 2}, // Sunday 20th worked, Monday 21st
		{"2026-09-30", "2026-10-08", 1},
	} {
		if got, err := c.Between(day(tc.start), day(tc.end)); err != nil || got != tc.want {
			t.Errorf("Between(%s, %s) = %d, %v; want %d", tc.start, tc.end, got, err, tc.want)
		}
	}
}

// TestUncovered: a count that reaches a year without a calendar fails, naming the year.
func TestUncovered(t *testing.T) {
	c := cal2026()
	_, err := c.Add(day("2026-12-30"), 3)
	var ue *UncoveredError
	if !errors.As(err, &ue) || ue.Year != 2027 {
		t.Fatalf("Add across into 2027: %v, want an UncoveredError for 2027", err)
	}
	if _, err := c.IsWorkday(day("2025-06-03")); !errors.As(err, &ue) || ue.Year != 2025 {
		t.Errorf("IsWorkday in 2025: %v", err)
	}
}
