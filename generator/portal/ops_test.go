package portal

import (
	"strings"
	"testing"
)

// opsRecords are two requests and two objections for the test catalog's conditional
// dataset (review_days 5), and the part of the 2026 calendar they need.
const opsRecords = `
-- calendar/2026.yaml --
kind: Calendar
year: 2026
status: official
notice: 国务院办公厅关于2026年部分节假日安排的通知
holidays:
  - {holiday: national-day, from: 2026-10-01, to: 2026-10-07}
workdays:
  - {date: 2026-09-20, holiday: national-day}
  - {date: 2026-10-10, holiday: national-day}
-- requests/req-1.yaml --
kind: Request
id: req-1
dataset: clinic-visits
department: sh-health
applicant: research
use: research
received: 2026-09-14
decided: 2026-09-14
decision: approved
-- requests/req-2.yaml --
kind: Request
id: req-2
dataset: clinic-visits
department: sh-health
applicant: enterprise
use: commercial
received: 2026-09-14
decided: 2026-09-17
decision: refused
reason: resale-risk
-- objections/obj-1.yaml --
kind: Objection
id: obj-1
dataset: clinic-visits
department: sh-health
category: inaccurate
outcome: corrected
states:
  found: 2026-09-08
  reported: 2026-09-08
  investigated: 2026-09-14
  corrected: 2026-09-18
  answered: 2026-09-21
late_reason: {zh: 反馈函需经部门负责人签发。, en: The answer needed the head of department's signature.}
-- objections/obj-2.yaml --
kind: Objection
id: obj-2
dataset: clinic-visits
department: sh-health
category: outdated
states:
  found: 2026-10-12
  reported: 2026-10-12
`

// TestOperationsReportPage: the stats page shows the operations report in both
// languages — the same-day approval rate against the 90% target, the working days to
// decide, objections open and closed — with every chart's numbers in a table beside
// it, and links stats.json.
func TestOperationsReportPage(t *testing.T) {
	out, s := buildSite(t, writeCatalog(t, opsRecords), Options{AsOf: "2026-10-20"})
	r := s.Ops().Overall
	// req-2 took 3 working days (15, 16, 17 September); obj-1 was answered on Monday
	// 21 September, one day late because Sunday 20 September was a working day.
	if r.Requests.SameDay != 1 || *r.Requests.SameDayRate != 0.5 || *r.Requests.MedianDays != 1.5 || *r.Requests.P90Days != 3 ||
		r.Objections.Open != 1 || r.Objections.Closed != 1 || r.Objections.Late != 1 || *r.Objections.OnTimeShare != 0 {
		t.Fatalf("report: %+v %+v", r.Requests, r.Objections)
	}
	zh := read(t, out, "stats/index.html")
	en := read(t, out, "en/stats/index.html")
	for _, want := range []string{"数据运营报告", `<strong>50%</strong>当天获批率 (目标 90%)`, "<strong>1.5 / 3</strong>", "<strong>1 / 1</strong>异议 处理中 / 已办结",
		`<line x1="261"`, `class="below"`, `<tr><th scope="row">市卫生健康委</th><td data-l="申请">2</td>`, `href="../stats.json"`} {
		if !strings.Contains(zh, want) {
			t.Errorf("stats/index.html lacks %q", want)
		}
	}
	for _, want := range []string{"Operations report", "<strong>50%</strong>Approved the same day (target 90%)", "Objections closed on time, by department"} {
		if !strings.Contains(en, want) {
			t.Errorf("en/stats/index.html lacks %q", want)
		}
	}
	// each rate chart has its table: one row per bar
	for _, id := range []string{"ops-same-day", "ops-on-time", "ops-fresh"} {
		i := strings.Index(zh, `id="`+id+`-t"`)
		if i < 0 {
			t.Fatalf("no chart %s", id)
		}
		fig := zh[i:]
		fig = fig[:strings.Index(fig, "</figure>")]
		if bars, rows := strings.Count(fig, "<rect "), strings.Count(fig, `<tr><th scope="row">`); bars == 0 || bars != rows {
			t.Errorf("chart %s: %d bars, %d table rows", id, bars, rows)
		}
	}
}

// TestOperationsReportWithoutRecords: a catalog without records still reports its
// freshness, and says nothing about requests it does not have.
func TestOperationsReportWithoutRecords(t *testing.T) {
	out, s := buildSite(t, writeCatalog(t, ""), Options{AsOf: "2026-10-20"})
	r := s.Ops().Overall
	if r.Requests.Received != 0 || r.Requests.SameDayRate != nil || r.Freshness.Datasets == 0 {
		t.Fatalf("report: %+v", r)
	}
	if zh := read(t, out, "stats/index.html"); !strings.Contains(zh, "<strong>—</strong>当天获批率") {
		t.Error("the stats page does not show the same-day rate as unknown without requests")
	}
}
