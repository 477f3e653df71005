package load

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRecords: requests/, objections/ and calendar/ load as their kinds with the
// positions of their values; a record that fails the schema is decoded in part.
func TestRecords(t *testing.T) {
	files := map[string]string{
		"requests/req-1.yaml": "kind: Request\nid: req-1\ndataset: visits\ndepartment: sh-health\napplicant: research\nuse: research\nreceived: 2026-10-12\ndecided: 2026-10-12\ndecision: approved\n",
		"requests/req-2.yaml": "kind: Request\nid: req-2\ndataset: visits\ndepartment: sh-health\napplicant: Zhang San\nuse: research\nreceived: 2026-10-12\n",
		"objections/obj-1.yaml": "kind: Objection\nid: obj-1\ndataset: visits\ndepartment: sh-health\ncategory: inaccurate\noutcome: corrected\n" +
			"states:\n  found: 2026-09-21\n  reported: 2026-09-22\n  investigated: 2026-09-29\n",
		"calendar/2026.yaml": "kind: Calendar\nyear: 2026\nstatus: official\nnotice: 通知\nholidays:\n  - {holiday: national-day, from: 2026-10-01, to: 2026-10-07}\nworkdays:\n  - {date: 2026-10-10, holiday: national-day}\n",
	}
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
	cat, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Requests) != 1 || cat.Requests[0].V.Decision != "approved" || cat.Requests[0].V.Received != "2026-10-12" {
		t.Fatalf("requests: %+v", cat.Requests)
	}
	if len(cat.Objections) != 1 || cat.Objections[0].V.States.Investigated != "2026-09-29" {
		t.Fatalf("objections: %+v", cat.Objections)
	}
	if pos := cat.Objections[0].Pos("states", "investigated"); pos.Line != 10 || pos.Col != 17 {
		t.Errorf("states.investigated at %d:%d, want 10:17", pos.Line, pos.Col)
	}
	if len(cat.Calendars) != 1 || cat.Calendars[0].V.Year != 2026 || len(cat.Calendars[0].V.Workdays) != 1 {
		t.Fatalf("calendars: %+v", cat.Calendars)
	}
	// an applicant written as a name is not a category: a schema error at its position
	found := false
	for _, f := range cat.Findings {
		if f.File == "requests/req-2.yaml" && f.Rule == "schema" && f.Pos.Line == 5 {
			found = true
		}
	}
	if !found {
		t.Errorf("no schema finding on requests/req-2.yaml:5: %v", cat.Findings)
	}
	all := cat.WithPartial()
	if len(all.Requests) != 2 || all.Requests[1].V.Dataset != "visits" || all.Requests[1].V.Applicant != "" || !all.Requests[1].Invalid("applicant") {
		t.Errorf("the invalid request is not decoded in part: %+v", all.Requests)
	}
}
