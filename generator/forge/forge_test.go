package forge

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseRepo(t *testing.T) {
	for _, c := range []struct {
		in                   string
		files, issues, rules string
	}{
		{"https://github.com/org/cat/blob/main/catalog/", "https://github.com/org/cat/blob/main/catalog/", "https://github.com/org/cat/issues/new", "https://github.com/org/cat/blob/main/docs/rules.md"},
		{"https://github.com/org/cat/tree/dev/catalog", "https://github.com/org/cat/tree/dev/catalog/", "https://github.com/org/cat/issues/new", "https://github.com/org/cat/blob/dev/docs/rules.md"},
		{"https://github.com/org/cat", "https://github.com/org/cat/", "https://github.com/org/cat/issues/new", "https://github.com/org/cat/blob/HEAD/docs/rules.md"},
		{"https://github.com/org/cat.git", "https://github.com/org/cat.git/", "https://github.com/org/cat/issues/new", "https://github.com/org/cat/blob/HEAD/docs/rules.md"},
		// GitLab and Gitea: file links and docs, but no GitHub issue forms
		{"https://gitlab.com/org/cat/-/blob/main/catalog/", "https://gitlab.com/org/cat/-/blob/main/catalog/", "", "https://gitlab.com/org/cat/-/blob/main/docs/rules.md"},
		{"https://git.example.gov.cn/org/cat/src/branch/main/catalog/", "https://git.example.gov.cn/org/cat/src/branch/main/catalog/", "", "https://git.example.gov.cn/org/cat/blob/main/docs/rules.md"},
		{"https://example.gov.cn/", "https://example.gov.cn/", "", ""},
		{"", "", "", ""},
		{"ftp://github.com/org/cat", "", "", ""},
	} {
		r := ParseRepo(c.in)
		if r.Files != c.files || r.Issues != c.issues || r.DocURL("docs/rules.md") != c.rules {
			t.Errorf("ParseRepo(%q) = files %q, issues %q, rules %q; want %q, %q, %q", c.in, r.Files, r.Issues, r.DocURL("docs/rules.md"), c.files, c.issues, c.rules)
		}
	}
	if got := ParseRepo("https://github.com/org/cat/blob/main/catalog").FileURL("datasets/a/b.yaml"); got != "https://github.com/org/cat/blob/main/catalog/datasets/a/b.yaml" {
		t.Errorf("FileURL = %q", got)
	}
	if got := ParseRepo("").FileURL("x.yaml"); got != "" {
		t.Errorf("FileURL without a repository = %q, want none", got)
	}
}

// hard holds what breaks a hand-made query: Chinese, &, #, =, +, %, a space, a
// slash, a quote and a newline.
const hard = "公交 & 地铁 #1 = 50%+ a/b \"q\"\n次行"

func TestIssueFormEncoding(t *testing.T) {
	r := ParseRepo("https://github.com/org/cat/blob/main/catalog/")
	got := r.IssueForm(ObjectionForm, "[数据异议] "+hard, Field{FieldDataset, "bus-lines"}, Field{FieldVersion, "1.2.0"}, Field{FieldColumn, ""}, Field{"problem", hard})
	const prefix = "https://github.com/org/cat/issues/new?template=data-objection.yml&title="
	if !strings.HasPrefix(got, prefix) {
		t.Fatalf("IssueForm = %q, want it to start %q", got, prefix)
	}
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	if u.Fragment != "" || strings.ContainsAny(u.RawQuery, " #\n\"+") {
		t.Errorf("the query is not fully encoded: %q (fragment %q)", u.RawQuery, u.Fragment)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"template": {"data-objection.yml"}, "title": {"[数据异议] " + hard}, "dataset": {"bus-lines"}, "version": {"1.2.0"}, "problem": {hard}}
	for k, v := range want {
		if q.Get(k) != v[0] || len(q[k]) != 1 {
			t.Errorf("parameter %s = %q, want %q", k, q[k], v[0])
		}
	}
	if _, ok := q["column"]; ok {
		t.Errorf("an empty field is in the query: %q", got)
	}
	// the order is the order given, so builds are byte-identical
	var keys []string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		keys = append(keys, kv[:strings.Index(kv, "=")])
	}
	if strings.Join(keys, ",") != "template,title,dataset,version,problem" {
		t.Errorf("parameter order %v", keys)
	}
	if !strings.Contains(got, "%E5%85%AC%E4%BA%A4%20%26%20") { // 公交 & : UTF-8 bytes, a space as %20
		t.Errorf("Chinese text or a space is not percent-encoded as UTF-8: %q", got)
	}
	if got := ParseRepo("https://gitlab.com/org/cat/-/blob/main/catalog/").IssueForm(ObjectionForm, "x"); got != "" {
		t.Errorf("an issue form off GitHub: %q", got)
	}
}

func TestMailto(t *testing.T) {
	got := Mailto("apply@data.example.gov.cn", "[数据申请] "+hard, "数据集 / Dataset: a&b", "版本 / Version: 1.0.0")
	const prefix = "mailto:apply@data.example.gov.cn?subject="
	if !strings.HasPrefix(got, prefix) {
		t.Fatalf("Mailto = %q, want it to start %q", got, prefix)
	}
	if strings.ContainsAny(got[len(prefix):], " #\n+") {
		t.Errorf("not fully encoded (a space must be %%20, never +): %q", got)
	}
	q, err := url.ParseQuery(got[strings.Index(got, "?")+1:])
	if err != nil {
		t.Fatal(err)
	}
	if q.Get("subject") != "[数据申请] "+hard {
		t.Errorf("subject = %q", q.Get("subject"))
	}
	if q.Get("body") != "数据集 / Dataset: a&b\r\n版本 / Version: 1.0.0" {
		t.Errorf("body = %q, want the lines joined with CRLF", q.Get("body"))
	}
}

func TestFill(t *testing.T) {
	got := Fill("https://apply.example.gov.cn/new?ds={dataset}&v={version}&t={title}&x={other}", map[string]string{"dataset": "a-b", "version": "1.0.0", "title": hard})
	u, err := url.Parse(got)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if q.Get("ds") != "a-b" || q.Get("v") != "1.0.0" || q.Get("t") != hard || q.Get("x") != "{other}" || u.Fragment != "" {
		t.Errorf("Fill = %q: ds %q v %q t %q x %q fragment %q", got, q.Get("ds"), q.Get("v"), q.Get("t"), q.Get("x"), u.Fragment)
	}
}
