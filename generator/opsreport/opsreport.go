// Package opsreport computes the operations report (数据运营报告) of a catalog: per
// department and overall, the same-day approval rate of requests against the 90%
// target, the working days taken to decide, objections open and closed and the share
// handled on time, the share of datasets updated on schedule, the extracts' quality
// checks and the lint findings. The stats page shows it and the build writes it as
// stats.json. It holds counts only: no record's text, so no personal data.
package opsreport

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/workday"
)

// SameDayTarget is the target share of requests approved the day they are received
// (当天获批率至90%左右).
const SameDayTarget = 0.9

// Input is what the report is computed from.
type Input struct {
	// Catalog is the loaded catalog: departments, datasets, requests, objections and
	// calendars.
	Catalog *load.Catalog
	// AsOf is the date the report is as of: freshness and open cases are measured
	// on it.
	AsOf time.Time
	// Quality are the extracts' quality results by dataset id; datasets without an
	// extract are absent.
	Quality map[string]Checks
	// Findings are the lint findings of the build.
	Findings []diag.Finding
}

// Checks are quality thresholds measured and passed.
type Checks struct {
	Checks, Passed int
}

// Report is the operations report.
type Report struct {
	// AsOf is the YYYY-MM-DD date of the report.
	AsOf string `json:"as_of"`
	// SameDayTarget is the target same-day approval rate, 0.9.
	SameDayTarget float64 `json:"same_day_target"`
	// Overall sums every department.
	Overall Row `json:"overall"`
	// Departments are the departments with anything to report, by id.
	Departments []Row `json:"departments"`
}

// Row is the report of one department, or of all.
type Row struct {
	// Department is the department's id; empty in the overall row.
	Department string `json:"department,omitempty"`
	// Name is the department's name.
	Name *model.Text `json:"name,omitempty"`
	// Requests, Objections, Freshness, Quality and Lint are the report's parts.
	Requests   Requests   `json:"requests"`
	Objections Objections `json:"objections"`
	Freshness  Freshness  `json:"freshness"`
	Quality    Quality    `json:"quality"`
	Lint       Lint       `json:"lint"`
}

// Requests reports the applications for conditional data.
type Requests struct {
	// Received counts every request; Open those not decided yet.
	Received int `json:"received"`
	Open     int `json:"open"`
	// Decided = Approved + Refused.
	Decided  int `json:"decided"`
	Approved int `json:"approved"`
	Refused  int `json:"refused"`
	// SameDay counts the requests approved the day they were received.
	SameDay int `json:"approved_same_day"`
	// SameDayRate is SameDay / Decided; null when nothing was decided.
	SameDayRate *float64 `json:"same_day_rate"`
	// MedianDays and P90Days are the median and the 90th percentile (nearest rank)
	// of the working days from received to decided (0: the same day); null when
	// nothing was decided.
	MedianDays *float64 `json:"median_working_days"`
	P90Days    *float64 `json:"p90_working_days"`
	// Late counts the requests decided (or still open) after their dataset's
	// review_days.
	Late int `json:"late"`
}

// Objections reports the objections to published data.
type Objections struct {
	// Received counts every objection; Closed those answered (反馈), Open the rest.
	Received int `json:"received"`
	Open     int `json:"open"`
	Closed   int `json:"closed"`
	// Corrected and Unfounded are the closed objections by outcome.
	Corrected int `json:"corrected"`
	Unfounded int `json:"unfounded"`
	// OnTime counts the closed objections whose every step kept its limit, Late the
	// objections, closed or open, that passed one.
	OnTime int `json:"on_time"`
	Late   int `json:"late"`
	// OnTimeShare is OnTime / Closed; null when none is closed.
	OnTimeShare *float64 `json:"on_time_share"`
}

// Freshness reports the datasets updated on schedule.
type Freshness struct {
	// Datasets counts the published datasets; OnSchedule and Overdue those with a
	// schedule a date can be checked against (not realtime or irregular, with
	// update.last_modified), Unknown the rest.
	Datasets   int `json:"datasets"`
	OnSchedule int `json:"on_schedule"`
	Overdue    int `json:"overdue"`
	Unknown    int `json:"unknown"`
	// Share is OnSchedule / (OnSchedule + Overdue); null when there is none.
	Share *float64 `json:"share"`
}

// Quality reports the quality thresholds of the published extracts.
type Quality struct {
	// Datasets counts the datasets with an extract.
	Datasets int `json:"datasets"`
	Checks   int `json:"checks"`
	Passed   int `json:"passed"`
	// Share is Passed / Checks; null without checks.
	Share *float64 `json:"share"`
}

// Lint counts the lint findings of the build in the department's files.
type Lint struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// Compute computes the report.
func Compute(in Input) *Report {
	cat := in.Catalog
	cal := workday.New(docValues(cat.Calendars))
	rows := map[string]*Row{}
	row := func(id string) *Row {
		if rows[id] == nil {
			rows[id] = &Row{Department: id}
			if d := cat.Department(id); d != nil {
				name := d.V.Name
				rows[id].Name = &name
			}
		}
		return rows[id]
	}
	all := &Row{}
	days := map[string][]int{}
	for _, r := range cat.Requests {
		v := r.V
		for _, w := range []*Row{all, row(v.Department)} {
			countRequest(&w.Requests, v)
		}
		recv, ok1 := day(v.Received)
		dec, ok2 := day(v.Decided)
		if ok1 && ok2 {
			if n, err := cal.Between(recv, dec); err == nil {
				days[v.Department] = append(days[v.Department], n)
				days[""] = append(days[""], n)
			}
		}
		if late(cal, in.AsOf, v.Received, v.Decided, reviewDays(cat, v.Dataset)) {
			all.Requests.Late++
			row(v.Department).Requests.Late++
		}
	}
	for _, o := range cat.Objections {
		v := o.V
		isLate := false
		for _, l := range v.Limits() {
			isLate = isLate || late(cal, in.AsOf, v.States.Date(l.From), v.States.Date(l.To), l.Days)
		}
		for _, w := range []*Row{all, row(v.Department)} {
			countObjection(&w.Objections, v, isLate)
		}
	}
	for _, d := range cat.Datasets {
		if d.V.Status == model.StatusDraft {
			continue // never published
		}
		for _, w := range []*Row{all, row(d.V.Department)} {
			countFresh(&w.Freshness, d.V, in.AsOf)
			if q, ok := in.Quality[d.V.ID]; ok {
				w.Quality.Datasets++
				w.Quality.Checks += q.Checks
				w.Quality.Passed += q.Passed
			}
		}
	}
	owner := fileDepartments(cat)
	for _, f := range in.Findings {
		targets := []*Row{all}
		if id := owner(f.File); id != "" {
			targets = append(targets, row(id))
		}
		for _, w := range targets {
			switch f.Severity {
			case diag.Error:
				w.Lint.Errors++
			case diag.Warning:
				w.Lint.Warnings++
			}
		}
	}
	rep := &Report{SameDayTarget: SameDayTarget, Overall: *all}
	if !in.AsOf.IsZero() {
		rep.AsOf = in.AsOf.Format(time.DateOnly)
	}
	finish(&rep.Overall, days[""])
	for _, id := range slices.Sorted(mapKeys(rows)) {
		w := rows[id]
		finish(w, days[id])
		rep.Departments = append(rep.Departments, *w)
	}
	return rep
}

func countRequest(r *Requests, v *model.Request) {
	r.Received++
	switch v.Decision {
	case model.DecisionApproved:
		r.Approved++
		if v.Decided != "" && v.Decided == v.Received {
			r.SameDay++
		}
	case model.DecisionRefused:
		r.Refused++
	}
	if v.Decided == "" {
		r.Open++
	} else {
		r.Decided++
	}
}

func countObjection(o *Objections, v *model.Objection, isLate bool) {
	o.Received++
	if isLate {
		o.Late++
	}
	if v.States.Answered == "" {
		o.Open++
		return
	}
	o.Closed++
	if !isLate {
		o.OnTime++
	}
	switch v.Outcome {
	case model.OutcomeCorrected:
		o.Corrected++
	case model.OutcomeUnfounded:
		o.Unfounded++
	}
}

func countFresh(f *Freshness, ds *model.Dataset, asOf time.Time) {
	f.Datasets++
	overdue, known, _ := model.Overdue(ds.Update.LastModified, ds.Update.Frequency, asOf)
	switch {
	case !known || asOf.IsZero():
		f.Unknown++
	case overdue:
		f.Overdue++
	default:
		f.OnSchedule++
	}
}

// finish computes the shares and the percentiles of a row.
func finish(w *Row, days []int) {
	r := &w.Requests
	r.SameDayRate = ratio(r.SameDay, r.Decided)
	if len(days) > 0 {
		slices.Sort(days)
		n := len(days)
		med := float64(days[(n-1)/2]+days[n/2]) / 2
		p90 := float64(days[int(math.Ceil(0.9*float64(n)))-1])
		r.MedianDays, r.P90Days = &med, &p90
	}
	w.Objections.OnTimeShare = ratio(w.Objections.OnTime, w.Objections.Closed)
	w.Freshness.Share = ratio(w.Freshness.OnSchedule, w.Freshness.OnSchedule+w.Freshness.Overdue)
	w.Quality.Share = ratio(w.Quality.Passed, w.Quality.Checks)
}

// ratio is a/b rounded to 4 decimals, nil when b is 0.
func ratio(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	v := math.Round(float64(a)/float64(b)*10000) / 10000
	return &v
}

// late reports whether the state at end came more than days working days after
// start, or, not reached, is past that deadline on asOf. A limit the calendar
// cannot count (a year it does not cover) is not judged: lint's deadline rule
// fails it.
func late(cal *workday.Calendar, asOf time.Time, start, end model.Date, days int) bool {
	s, ok := day(start)
	if !ok || days <= 0 {
		return false
	}
	due, err := cal.Add(s, days)
	if err != nil {
		return false
	}
	if e, ok := day(end); ok {
		return e.After(due)
	}
	return end == "" && !asOf.IsZero() && asOf.After(due)
}

// reviewDays is the review time of the dataset with id, 0 when it has none.
func reviewDays(cat *load.Catalog, id string) int {
	d := cat.Dataset(id)
	if d == nil || d.V.Access == nil || d.V.Access.Application == nil {
		return 0
	}
	return d.V.Access.Application.ReviewDays
}

// fileDepartments returns a function giving the department that owns a catalog
// file: the folder of an element or dataset, the department file's id, a record's
// department; "" for the portal's own files.
func fileDepartments(cat *load.Catalog) func(string) string {
	records := map[string]string{}
	for _, r := range cat.Requests {
		records[r.Path] = r.V.Department
	}
	for _, o := range cat.Objections {
		records[o.Path] = o.V.Department
	}
	return func(p string) string {
		if d, ok := records[p]; ok {
			return d
		}
		parts := strings.Split(p, "/")
		switch {
		case len(parts) == 3 && (parts[0] == "datasets" || parts[0] == "elements"):
			return parts[1]
		case len(parts) == 2 && parts[0] == "departments":
			return strings.TrimSuffix(strings.TrimSuffix(parts[1], ".yaml"), ".yml")
		}
		return ""
	}
}

// JSON is the report as stats.json writes it: indented, stable, ending in a newline.
func (r *Report) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func day(d model.Date) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, string(d))
	return t, err == nil
}

func docValues[T any](docs []*load.Doc[T]) []*T {
	out := make([]*T, 0, len(docs))
	for _, d := range docs {
		out = append(out, d.V)
	}
	return out
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
