package portal

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/opsreport"
)

// opsReport computes the operations report of the site, as of its AsOf date, from
// the published extracts' quality and the build's lint findings.
func (s *Site) opsReport() *opsreport.Report {
	asOf, _ := time.Parse(time.DateOnly, s.AsOf)
	q := map[string]opsreport.Checks{}
	for _, ds := range s.Datasets {
		if e := ds.Extract; e != nil {
			q[ds.ID] = opsreport.Checks{Checks: e.Checks, Passed: e.ChecksPassed}
		}
	}
	return opsreport.Compute(opsreport.Input{Catalog: s.cat, AsOf: asOf, Quality: q, Findings: s.opts.Findings})
}

// Ops is the operations report the stats page shows and stats.json holds.
func (s *Site) Ops() *opsreport.Report { return s.ops }

// OpsView is the operations report on the stats page in one language.
type OpsView struct {
	// Overall is the report of every department.
	Overall OpsRow
	// Rows are the departments with requests or objections.
	Rows []OpsRow
	// Charts are the rate charts: same-day approval, objections on time, freshness.
	Charts []RateChart
	// Target is the same-day target in percent, "90%".
	Target string
}

// OpsRow is one department's figures as the page prints them.
type OpsRow struct {
	Name                        string
	Requests, Decided, Open     int
	SameDay                     string // "66.7%", or "—" when nothing was decided
	BelowTarget                 bool
	Median, P90                 string // working days
	ObjOpen, ObjClosed, ObjLate int
	OnTime                      string
	Fresh                       string
	Quality                     string
	Errors, Warnings            int
}

// RateChart is a bar chart of shares, with the numbers beside it as a table.
type RateChart struct {
	ID, Title     string
	Width, Height int
	// TargetX is the x of the target line, 0 without one; TargetLabel names it.
	TargetX     int
	TargetLabel string
	// Num and Den head the table's count columns.
	Num, Den string
	Bars     []RateBar
}

// RateBar is one department's share.
type RateBar struct {
	Label, Short            string
	Num, Den                int
	Pct                     string
	Width, Y, TextY, ValueY int
	Below                   bool
}

func pct(v *float64) string {
	if v == nil {
		return "—"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", math.Round(*v*1000)/10), ".0") + "%"
}

func days(v *float64) string {
	if v == nil {
		return "—"
	}
	if *v == math.Trunc(*v) {
		return fmt.Sprintf("%.0f", *v)
	}
	return fmt.Sprintf("%.1f", *v)
}

// opsView lays the report out for the page in lang.
func (s *Site) opsView(lang string) *OpsView {
	rep, w := s.ops, s.words[lang]
	if rep == nil || rep.Overall.Requests.Received+rep.Overall.Objections.Received == 0 && rep.Overall.Freshness.Datasets == 0 {
		return nil
	}
	row := func(r opsreport.Row) OpsRow {
		o := OpsRow{Name: w.UI["ops_overall"], Requests: r.Requests.Received, Decided: r.Requests.Decided, Open: r.Requests.Open,
			SameDay: pct(r.Requests.SameDayRate), Median: days(r.Requests.MedianDays), P90: days(r.Requests.P90Days),
			ObjOpen: r.Objections.Open, ObjClosed: r.Objections.Closed, ObjLate: r.Objections.Late, OnTime: pct(r.Objections.OnTimeShare),
			Fresh: pct(r.Freshness.Share), Quality: pct(r.Quality.Share), Errors: r.Lint.Errors, Warnings: r.Lint.Warnings}
		o.BelowTarget = r.Requests.SameDayRate != nil && *r.Requests.SameDayRate < rep.SameDayTarget
		if r.Name != nil {
			o.Name = r.Name.In(lang)
		}
		return o
	}
	v := &OpsView{Overall: row(rep.Overall), Target: pct(&rep.SameDayTarget)}
	for _, r := range rep.Departments {
		if r.Requests.Received+r.Objections.Received > 0 {
			v.Rows = append(v.Rows, row(r))
		}
	}
	chart := func(id, title, num, den string, target float64, pick func(opsreport.Row) (int, int, *float64)) RateChart {
		c := RateChart{ID: id, Title: title, Width: chartWidth, Num: num, Den: den}
		if target > 0 {
			c.TargetX = int(math.Round(target * chartBar))
			c.TargetLabel = pct(&target)
		}
		for _, r := range rep.Departments {
			n, d, share := pick(r)
			if share == nil || r.Name == nil {
				continue
			}
			label := r.Name.In(lang)
			y := len(c.Bars)*chartRow + 8
			c.Bars = append(c.Bars, RateBar{Label: label, Short: fit(label, chartWidth-4), Num: n, Den: d, Pct: pct(share),
				Width: int(math.Round(*share * chartBar)), Y: y + 21, TextY: y + 15, ValueY: y + 33, Below: target > 0 && *share < target})
		}
		c.Height = len(c.Bars)*chartRow + 12
		return c
	}
	charts := []RateChart{
		chart("ops-same-day", w.UI["ops_same_day_chart"], w.UI["ops_same_day"], w.UI["ops_decided"], rep.SameDayTarget, func(r opsreport.Row) (int, int, *float64) {
			return r.Requests.SameDay, r.Requests.Decided, r.Requests.SameDayRate
		}),
		chart("ops-on-time", w.UI["ops_on_time_chart"], w.UI["ops_on_time"], w.UI["ops_closed"], 0, func(r opsreport.Row) (int, int, *float64) {
			return r.Objections.OnTime, r.Objections.Closed, r.Objections.OnTimeShare
		}),
		chart("ops-fresh", w.UI["ops_fresh_chart"], w.UI["ops_on_schedule"], w.UI["ops_scheduled"], 0, func(r opsreport.Row) (int, int, *float64) {
			return r.Freshness.OnSchedule, r.Freshness.OnSchedule + r.Freshness.Overdue, r.Freshness.Share
		}),
	}
	for _, c := range charts {
		if len(c.Bars) > 0 { // a chart of nothing says nothing
			v.Charts = append(v.Charts, c)
		}
	}
	return v
}
