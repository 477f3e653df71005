package portal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/versionqr"
)

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1.10.0", "1.9.0", 1}, {"1.0.0", "1.0.0", 0}, {"0.9.9", "1.0.0", -1}, {"2.0.0", "10.0.0", -1},
	} {
		if got := compareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("compareVersions(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestVersionPages: every published version has a page with its files, key ID,
// QR code and citation naming the version and its digest; an older version's page
// says which is current; a changelog version without files says so.
func TestVersionPages(t *testing.T) {
	exts := append(testExtracts(), Extract{Dataset: "clinic-visits", Version: "1.0.0",
		Files: []model.Download{{Path: "data/clinic-visits/1.0.0/clinic-visits.parquet", Size: 10, SHA256: strings.Repeat("ef", 32)}}})
	// the newest published version is shown even when listed first
	exts[0], exts[1] = exts[1], exts[0]
	site := build(t, writeCatalog(t, ""), Options{Extracts: exts})
	entries := []sign.Entry{{SHA256: strings.Repeat("ab", 32), Path: "clinic-visits/2.0.0/clinic-visits.parquet"}, {SHA256: strings.Repeat("cd", 32), Path: "clinic-visits/2.0.0/quality.json"}}
	digest, _ := sign.VersionDigest(entries, "clinic-visits/2.0.0/")
	payload := versionqr.Payload{BaseURL: "https://data.example.gov.cn/", Dataset: "clinic-visits", Version: "2.0.0", SHA256: digest, KeyID: "04199DF07820870C"}

	cur := read(t, site, "en/datasets/clinic-visits/2.0.0/index.html")
	for _, want := range []string{
		"Community clinic visits 2.0.0", "Patient ids tokenized", "2026-09-30", digest,
		`href="../../../../data/clinic-visits/2.0.0/clinic-visits.parquet"`, "key ID <code>04199DF07820870C</code>",
		`src="../../../../datasets/clinic-visits/2.0.0/qr.svg"`, "shuyuan verify --qr '" + strings.ReplaceAll(payload.String(), "&", "&amp;") + "' clinic-visits.parquet",
		"(Version 2.0.0) [Data set]", "SHA-256: " + digest, "@misc{clinic-visits-2.0.0,", `&#34;version&#34;: &#34;2.0.0&#34;`, `&#34;note&#34;: &#34;SHA-256: ` + digest + `&#34;`,
	} {
		if !strings.Contains(cur, want) {
			t.Errorf("version page lacks %q", want)
		}
	}
	old := read(t, site, "datasets/clinic-visits/1.0.0/index.html")
	if !strings.Contains(old, "这不是当前版本") || !strings.Contains(old, `href="../../../datasets/clinic-visits/2.0.0/"`) || !strings.Contains(old, "clinic-visits/1.0.0/clinic-visits.parquet") {
		t.Errorf("older version page:\n%s", old)
	}
	svg, err := os.ReadFile(filepath.Join(site, "datasets", "clinic-visits", "2.0.0", "qr.svg"))
	want, _ := versionqr.SVG(payload)
	if err != nil || string(svg) != string(want) {
		t.Errorf("qr.svg is not the payload's QR code: %v", err)
	}
	ds := read(t, site, "datasets/clinic-visits/index.html")
	if !strings.Contains(ds, "2.0.0/clinic-visits.parquet") || strings.Contains(ds, "1.0.0/clinic-visits.parquet\" download") {
		t.Error("the dataset page does not offer the current version's files")
	}
	// a changelog version without files: a page that says so, no QR code
	site = build(t, writeCatalog(t, ""), Options{Extracts: testExtracts()})
	if p := read(t, site, "en/datasets/clinic-visits/1.0.0/index.html"); !strings.Contains(p, "This portal publishes no files for this version.") {
		t.Errorf("version without files:\n%s", p)
	}
	if _, err := os.Stat(filepath.Join(site, "datasets", "clinic-visits", "1.0.0", "qr.svg")); err == nil {
		t.Error("a QR code for a version without files")
	}
}

// TestVersionPagesReportTheirVersion: a problem found in a cited version is reported
// from that version's page, with or without files, and the objection form arrives
// pre-filled with that version, not the current one.
func TestVersionPagesReportTheirVersion(t *testing.T) {
	site := build(t, writeCatalog(t, ""), Options{Extracts: testExtracts()})
	for _, c := range []struct{ page, text, version string }{
		{"datasets/clinic-visits/1.0.0/index.html", "报告数据问题（数据异议）", "1.0.0"},
		{"en/datasets/clinic-visits/1.0.0/index.html", "Report a data problem (data objection)", "1.0.0"},
		{"datasets/clinic-visits/2.0.0/index.html", "报告数据问题（数据异议）", "2.0.0"},
	} {
		page := read(t, site, c.page)
		href := hrefOf(page, "report", c.text)
		if !strings.HasPrefix(href, "https://github.com/example/catalog/issues/new?template=data-objection.yml&") {
			t.Errorf("%s: report a problem opens %q, not the objection form", c.page, href)
			continue
		}
		if q := query(t, href); q.Get("dataset") != "clinic-visits" || q.Get("version") != c.version || !strings.Contains(q.Get("title"), "clinic-visits "+c.version+")") {
			t.Errorf("%s: the form is not pre-filled with clinic-visits %s: %v", c.page, c.version, q)
		}
		if !strings.Contains(page, "guide/objections/\">") {
			t.Errorf("%s: no link to the objection guide beside the form", c.page)
		}
	}
}
