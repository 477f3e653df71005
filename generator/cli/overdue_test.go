package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// fakeGitHub is a node harness that runs .github/scripts/overdue-issues.js as
// actions/github-script would, against an in-memory issue tracker, and prints the
// API calls that change something.
const fakeGitHub = `
const fs = require('fs');
const run = require(process.argv[2]);
const state = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const records = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));
const calls = [];
let next = 100;
const github = {
  paginate: async (fn, params) => (await fn(params)).data,
  rest: { issues: {
    getLabel: async (p) => { if (!state.labels.includes(p.name)) { const e = new Error('Not Found'); e.status = 404; throw e; } return { data: {} }; },
    createLabel: async (p) => { calls.push({ call: 'createLabel', name: p.name }); state.labels.push(p.name); return { data: {} }; },
    listForRepo: async (p) => ({ data: state.issues.filter((i) => i.state === p.state && i.labels.includes(p.labels)) }),
    create: async (p) => { calls.push({ call: 'create', title: p.title, body: p.body, labels: p.labels }); return { data: { number: next++ } }; },
    update: async (p) => { calls.push({ call: 'update', number: p.issue_number, title: p.title, body: p.body, state: p.state }); return { data: {} }; },
    createComment: async (p) => { calls.push({ call: 'comment', number: p.issue_number, body: p.body }); return { data: {} }; },
  } },
};
const context = { repo: { owner: 'city', repo: 'catalog' } };
const core = { info: () => {} };
run({ github, context, core, records }).then(
  () => console.log(JSON.stringify(calls)),
  (e) => { console.error(e); process.exit(1); });
`

type issueCall struct {
	Call   string   `json:"call"`
	Name   string   `json:"name"`
	Number int      `json:"number"`
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	State  string   `json:"state"`
	Labels []string `json:"labels"`
}

// TestOverdueIssuesScript runs the script of the scheduled workflow overdue.yml
// with node on the records `shuyuan overdue --format json` prints for a catalog
// whose two departments are late: it opens an issue for the department that has
// none, updates the one whose list changed, closes the one of a department that
// caught up, leaves issues it does not own alone, and on a second run with
// nothing changed does nothing.
func TestOverdueIssuesScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is not on PATH")
		}
		t.Skip("node not found")
	}
	dir := t.TempDir()
	base, err := txtar.ParseFile(filepath.Join("..", "lint", "testdata", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	base.Files = append(base.Files, txtar.File{Name: "departments/sh-data.yaml", Data: []byte(
		"kind: Department\nid: sh-data\nname: {zh: 市大数据中心, en: Municipal Big Data Center}\nlevel: city\ncontact: data@example.gov.cn\nteam: \"@city/data\"\n")})
	for _, f := range base.Files {
		p := filepath.Join(dir, "catalog", filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// sh-data's element falls behind too.
	el, _ := os.ReadFile(filepath.Join(dir, "catalog", "elements", "sh-transport", "transit-card-number.yaml"))
	el = bytes.ReplaceAll(el, []byte("sh-transport"), []byte("sh-data"))
	el = bytes.Replace(el, []byte("id: transit-card-number"), []byte("id: card-issuer"), 1)
	el = bytes.Replace(el, []byte("name: {zh: 交通卡卡号, en: Transit card number}"), []byte("name: {zh: 发卡机构, en: Card issuer}"), 1)
	if err := os.MkdirAll(filepath.Join(dir, "catalog", "elements", "sh-data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "catalog", "elements", "sh-data", "card-issuer.yaml"), el, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := Main(Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }},
		[]string{"overdue", "--catalog", filepath.Join(dir, "catalog"), "--now", "2027-03-01", "--format", "json"}); code != ExitOK {
		t.Fatalf("overdue: exit %d: %s", code, stderr.String())
	}
	records := filepath.Join(dir, "overdue.json")
	if err := os.WriteFile(records, stdout.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	harness := filepath.Join(dir, "harness.js")
	if err := os.WriteFile(harness, []byte(fakeGitHub), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join(repoRoot, ".github", "scripts", "overdue-issues.js"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(state string) []issueCall {
		t.Helper()
		sp := filepath.Join(dir, "state.json")
		if err := os.WriteFile(sp, []byte(state), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(node, harness, script, sp, records).CombinedOutput()
		if err != nil {
			t.Fatalf("node: %v\n%s", err, out)
		}
		var calls []issueCall
		if err := json.Unmarshal(out, &calls); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return calls
	}
	state := `{"labels": [], "issues": [
	  {"number": 7, "state": "open", "labels": ["overdue-data"], "title": "Overdue data: 市交通委 (1)", "body": "<!-- shuyuan-overdue:sh-transport -->\nold list"},
	  {"number": 8, "state": "open", "labels": ["overdue-data"], "title": "Overdue data: 市卫生健康委 (1)", "body": "<!-- shuyuan-overdue:sh-health -->\nold list"},
	  {"number": 9, "state": "open", "labels": ["overdue-data"], "title": "A question about overdue data", "body": "no marker"},
	  {"number": 10, "state": "open", "labels": ["question"], "title": "quoted", "body": "<!-- shuyuan-overdue:sh-data -->"}
	]}`
	calls := run(state)
	var created, updated, closed, commented []issueCall
	for _, c := range calls {
		switch {
		case c.Call == "create":
			created = append(created, c)
		case c.Call == "update" && c.State == "closed":
			closed = append(closed, c)
		case c.Call == "update":
			updated = append(updated, c)
		case c.Call == "comment":
			commented = append(commented, c)
		}
	}
	if len(calls) == 0 || calls[0].Call != "createLabel" || calls[0].Name != "overdue-data" {
		t.Errorf("the label is not created first: %+v", calls)
	}
	if len(created) != 1 || created[0].Title != "Overdue data: 市大数据中心 / Municipal Big Data Center (1)" ||
		!strings.HasPrefix(created[0].Body, "<!-- shuyuan-overdue:sh-data -->") || !strings.Contains(created[0].Body, "Owners: @city/data") ||
		!strings.Contains(created[0].Body, "| element | `card-issuer` |") || len(created[0].Labels) != 1 || created[0].Labels[0] != "overdue-data" {
		t.Errorf("want one issue opened for sh-data, got %+v", created)
	}
	if len(updated) != 1 || updated[0].Number != 7 || updated[0].Title != "Overdue data: 市交通委 / Municipal Transportation Commission (2)" ||
		!strings.Contains(updated[0].Body, "`datasets/sh-transport/metro-ridership.yaml`") || !strings.Contains(updated[0].Body, "| 2026-10-15 | 2026-12-15 |") {
		t.Errorf("want issue 7 updated for sh-transport, got %+v", updated)
	}
	if len(closed) != 1 || closed[0].Number != 8 || len(commented) != 1 || commented[0].Number != 8 {
		t.Errorf("want issue 8 (sh-health caught up) commented and closed, got %+v %+v", closed, commented)
	}

	// A second day with nothing changed: the issues are current, nothing is written.
	state = `{"labels": ["overdue-data"], "issues": [
	  {"number": 7, "state": "open", "labels": ["overdue-data"], "title": ` + jsonString(updated[0].Title) + `, "body": ` + jsonString(updated[0].Body) + `},
	  {"number": 100, "state": "open", "labels": ["overdue-data"], "title": ` + jsonString(created[0].Title) + `, "body": ` + jsonString(created[0].Body) + `}
	]}`
	if calls := run(state); len(calls) != 0 {
		t.Errorf("a run with nothing changed wrote %+v", calls)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
