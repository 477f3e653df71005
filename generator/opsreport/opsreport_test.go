package opsreport

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// files is a small catalog: one conditional dataset decided within 5 working days,
// the 2026 calendar around National Day (Sunday 20 September and Saturday 10 October
// worked), five requests and three objections.
var files = map[string]string{
	"departments/sh-transport.yaml": "kind: Department\nid: sh-transport\nname: {zh: 市交通委, en: Transport}\nlevel: city\ncontact: a@example.gov.cn\n",
	"datasets/sh-transport/card-trips.yaml": `kind: Dataset
id: card-trips
version: 1.0.0
title: 公交卡出行
description: 公交卡出行汇总
department: sh-transport
themes: [transport]
open_type: conditional
grade: general
level: 1
update: {frequency: monthly, last_modified: 2026-10-15}
columns:
  - {name: station, title: 站点, type: string, level: 1, personal_info: none, role: insensitive}
access:
  application: {eligible: 科研机构, review_days: 5}
changelog:
  - {version: 1.0.0, date: 2026-01-10, summary: 首次发布}
`,
	"datasets/sh-transport/stale.yaml": `kind: Dataset
id: stale
version: 1.0.0
title: 过期
description: 过期数据
department: sh-transport
themes: [transport]
open_type: conditional
grade: general
level: 1
update: {frequency: monthly, last_modified: 2026-06-30}
columns:
  - {name: station, title: 站点, type: string, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.0.0, date: 2026-01-10, summary: 首次发布}
`,
	"calendar/2026.yaml": `kind: Calendar
year: 2026
status: official
notice: 通知
holidays:
  - {holiday: mid-autumn, from: 2026-09-25, to: 2026-09-27}
  - {holiday: national-day, from: 2026-10-01, to: 2026-10-07}
workdays:
  - {date: 2026-09-20, holiday: national-day}
  - {date: 2026-10-10, holiday: national-day}
`,
	"requests/r1.yaml": req("r1", "2026-09-30", "2026-09-30", "approved"), // same day
	"requests/r2.yaml": req("r2", "2026-09-30", "2026-10-09", "approved"), // 2 working days
	"requests/r3.yaml": req("r3", "2026-09-30", "2026-10-13", "refused"),  // 5 working days
	"requests/r4.yaml": req("r4", "2026-09-30", "2026-10-14", "approved"), // 6: late
	"requests/r5.yaml": req("r5", "2026-11-02", "", ""),                   // open, due 9 November: late on 24 November
	// answered Monday 21 September after a Friday correction: late, Sunday 20th was worked
	"objections/o1.yaml": obj("o1", "corrected", "2026-09-08", "2026-09-14", "2026-09-18", "2026-09-21"),
	"objections/o2.yaml": obj("o2", "unfounded", "2026-09-08", "2026-09-14", "", "2026-09-15"),
	"objections/o3.yaml": obj("o3", "", "2026-11-20", "", "", ""),
}

func req(id, received, decided, decision string) string {
	s := "kind: Request\nid: " + id + "\ndataset: card-trips\ndepartment: sh-transport\napplicant: research\nuse: research\nreceived: " + received + "\n"
	if decided != "" {
		s += "decided: " + decided + "\ndecision: " + decision + "\n"
	}
	if decision == "refused" {
		s += "reason: eligibility\n"
	}
	return s
}

func obj(id, outcome, reported, investigated, corrected, answered string) string {
	s := "kind: Objection\nid: " + id + "\ndataset: card-trips\ndepartment: sh-transport\ncategory: inaccurate\n"
	if outcome != "" {
		s += "outcome: " + outcome + "\n"
	}
	s += "states:\n  found: " + reported + "\n  reported: " + reported + "\n"
	for _, kv := range [][2]string{{"investigated", investigated}, {"corrected", corrected}, {"answered", answered}} {
		if kv[1] != "" {
			s += "  " + kv[0] + ": " + kv[1] + "\n"
		}
	}
	return s
}

func load1(t *testing.T) *load.Catalog {
	t.Helper()
	dir := t.TempDir()
	for rel, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Findings) > 0 {
		t.Fatalf("the fixture does not load: %v", cat.Findings)
	}
	return cat
}

// TestCompute checks every figure of the report on a catalog whose answers are
// worked out by hand in working days of the 2026 calendar.
func TestCompute(t *testing.T) {
	cat := load1(t)
	rep := Compute(Input{Catalog: cat, AsOf: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
		Quality:  map[string]Checks{"card-trips": {Checks: 4, Passed: 3}},
		Findings: []diag.Finding{{File: "datasets/sh-transport/stale.yaml", Severity: diag.Warning}, {File: "portal.yaml", Severity: diag.Error}}})
	if len(rep.Departments) != 1 || rep.Departments[0].Department != "sh-transport" || rep.Departments[0].Name.En != "Transport" {
		t.Fatalf("departments: %+v", rep.Departments)
	}
	r := rep.Overall.Requests
	// r1 0, r2 2, r3 5, r4 6 working days: median (2+5)/2, p90 the 4th of 4
	if r.Received != 5 || r.Open != 1 || r.Decided != 4 || r.Approved != 3 || r.Refused != 1 || r.SameDay != 1 ||
		*r.SameDayRate != 0.25 || *r.MedianDays != 3.5 || *r.P90Days != 6 || r.Late != 2 {
		t.Errorf("requests: %+v, rate %v, median %v, p90 %v", r, *r.SameDayRate, *r.MedianDays, *r.P90Days)
	}
	o := rep.Overall.Objections
	if o.Received != 3 || o.Open != 1 || o.Closed != 2 || o.Corrected != 1 || o.Unfounded != 1 || o.OnTime != 1 || o.Late != 1 || *o.OnTimeShare != 0.5 {
		t.Errorf("objections: %+v", o)
	}
	f := rep.Overall.Freshness
	if f.Datasets != 2 || f.OnSchedule != 1 || f.Overdue != 1 || *f.Share != 0.5 {
		t.Errorf("freshness: %+v", f)
	}
	if q := rep.Overall.Quality; q.Datasets != 1 || q.Checks != 4 || q.Passed != 3 || *q.Share != 0.75 {
		t.Errorf("quality: %+v", q)
	}
	if l := rep.Overall.Lint; l.Errors != 1 || l.Warnings != 1 {
		t.Errorf("overall lint: %+v", l)
	}
	if l := rep.Departments[0].Lint; l.Errors != 0 || l.Warnings != 1 {
		t.Errorf("department lint: %+v", l)
	}
	// same input, same bytes
	a, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Compute(Input{Catalog: cat, AsOf: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
		Quality:  map[string]Checks{"card-trips": {Checks: 4, Passed: 3}},
		Findings: []diag.Finding{{File: "datasets/sh-transport/stale.yaml", Severity: diag.Warning}, {File: "portal.yaml", Severity: diag.Error}}}).JSON()
	if string(a) != string(b) {
		t.Error("two computations of one input differ")
	}
	var m map[string]any
	if err := json.Unmarshal(a, &m); err != nil || m["same_day_target"] != 0.9 || m["as_of"] != "2026-11-24" {
		t.Errorf("stats.json: %v %v", err, m)
	}
}
