package portal

import (
	"bytes"
	"context"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// writeCatalog writes the files of testdata/site.txtar, overlaid with extra txtar
// text, into a new catalog directory. An overlay file with empty content deletes one.
func writeCatalog(t testing.TB, overlay string) string {
	t.Helper()
	return testcat.Write(t, testcat.Overlay(t, testcat.Archive(t, filepath.Join("testdata", "site.txtar")), txtar.Parse([]byte(overlay))))
}

func loadCatalog(t testing.TB, dir string) *load.Catalog {
	t.Helper()
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cat.Findings {
		t.Fatalf("test catalog does not load cleanly: %s", f)
	}
	return cat
}

// testExtracts stand in for what the extractor publishes: one file of clinic-visits
// and its quality report.
func testExtracts() []Extract {
	return []Extract{{
		Dataset: "clinic-visits", Version: "2.0.0",
		Files: []model.Download{{Path: "data/clinic-visits/2.0.0/clinic-visits.parquet", Size: 14, SHA256: strings.Repeat("ab", 32)},
			{Path: "data/clinic-visits/2.0.0/quality.json", Size: 2, SHA256: strings.Repeat("cd", 32)}},
		RowsIn: 12, RowsWritten: 9, RowsSuppressed: 2, RowsRejected: 1, K: 5, SubjectsSuppressed: 1, Subject: "patient", Checks: 4, ChecksPassed: 4,
		Header: []string{"patient", "birth_date", "visits"},
		Rows:   [][]string{{"TOKENAAAA", "1980", "3"}, {"TOKENBBBB", "1975", "<b>7</b>"}},
	}}
}

// build renders the catalog in catDir into a new directory and returns it. When
// opts has extracts it writes what package build would beside them: the files, the
// signed checksums and the catalog's public key, so that every link resolves.
func build(t testing.TB, catDir string, opts Options) string {
	t.Helper()
	out, _ := buildSite(t, catDir, opts)
	return out
}

// buildSite is build, also returning the Site.
func buildSite(t testing.TB, catDir string, opts Options) (string, *Site) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	cat := loadCatalog(t, catDir)
	if opts.Extracts != nil {
		write := func(rel, data string) {
			p := filepath.Join(out, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range opts.Extracts {
			for _, f := range e.Files {
				write(f.Path, "PAR1 test PAR1")
			}
		}
		write("data/SHA256SUMS", "x  clinic-visits/2.0.0/clinic-visits.parquet\n")
		write("data/SHA256SUMS.minisig", "untrusted comment: test\n")
		key, err := os.ReadFile(filepath.Join(catDir, "keys", "portal.pub"))
		if err != nil {
			t.Fatal(err)
		}
		write("data/minisign.pub", string(key))
		opts.PublicKey, opts.Signed = key, true
	}
	s, err := NewSite(cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Render(context.Background(), out, nil); err != nil {
		t.Fatal(err)
	}
	return out, s
}

func read(t testing.TB, site, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("site lacks %s: %v", rel, err)
	}
	return string(b)
}

func TestBuildPages(t *testing.T) {
	site := build(t, writeCatalog(t, ""), Options{DemoKeys: true, Extracts: testExtracts()})
	pages := []string{
		"index.html", "datasets/index.html", "datasets/clinic-visits/index.html", "datasets/metro-ridership/index.html",
		"departments/sh-health/index.html", "themes/health/index.html", "themes/transport/index.html",
		"elements/index.html", "elements/transit-card-number/index.html", "pricing/index.html",
		"guide/how-to-apply/index.html", "guide/objections/index.html", "stats/index.html", "search/index.html",
		"datasets/open-type/conditional/index.html", "datasets/frequency/monthly/index.html", "datasets/price/charged/index.html",
	}
	for _, p := range pages {
		zh, en := read(t, site, p), read(t, site, "en/"+p)
		if !strings.Contains(zh, `<html lang="zh-CN">`) || !strings.Contains(en, `<html lang="en">`) {
			t.Errorf("%s: wrong html lang", p)
		}
		for _, s := range []string{zh, en} {
			if !strings.Contains(s, `class="lang"`) || !strings.Contains(s, `href="#main"`) || !strings.Contains(s, `<main id="main"`) {
				t.Errorf("%s: missing language switcher, skip link or main landmark", p)
			}
		}
	}
	read(t, site, "404.html")
	read(t, site, "assets/style.css")

	ds := read(t, site, "datasets/clinic-visits/index.html")
	for _, want := range []string{
		"社区卫生服务中心门诊人次", `<h2 id="数据说明">`, "<table>", // Markdown with a CJK heading id and a GFM table
		`href="../../departments/sh-health/"`, `href="../../themes/health/"`,
		"有条件开放", "经数据提供部门审核同意", // open type and what it means
		"每月", "按期更新", // frequency and freshness (as of the newest catalog date)
		"<code>patient</code>", "以保密密钥生成 128 位假名", "泛化到年", "敏感个人信息", // data dictionary
		// the published type: a birth date generalized to the year is an integer, a token text
		`<code>birth_date</code></th><td data-l="名称"></td><td data-l="类型">整数</td>`, `<code>patient</code></th><td data-l="名称">患者标识</td><td data-l="类型">文本</td>`,
		"TOKENAAAA", "&lt;b&gt;7&lt;/b&gt;", // preview rows, escaped
		// the quality summary of the extract, k counted in people
		"数据质量：读取 12 · 发布 9 · 抑制 2（1 人） · 拒绝 1 · k = 5 人（patient） · 质量阈值达标 4/4", `href="../../data/clinic-visits/2.0.0/quality.json"`,
		`href="../../data/clinic-visits/2.0.0/clinic-visits.parquet"`, "14 B", strings.Repeat("ab", 32),
		"sha256sum -c", "minisign -Vm", "shuyuan verify",
		// commands that work on a flat download (the file and SHA256SUMS in one folder)
		strings.Repeat("ab", 32) + "  clinic-visits.parquet\" | sha256sum -c", "shuyuan verify --trust minisign.pub", "shuyuan verify clinic-visits.parquet",
		"密钥 ID： <code>04199DF07820870C</code>",                           // the key ID beside the downloads
		`<a href="2.0.0/">2.0.0</a>（当前版本）`, `<a href="1.0.0/">1.0.0</a>`, // every version, linked
		`href="../../pricing/#commercial-metered"`, // pricing that applies
		"申请条件", "高校、科研院所", "数据安全承诺书", "5 个工作日", // application guide
		"患者标识改为假名", "2024-03-01", // changelog
		`href="../../guide/objections/"`, "datasets/sh-health/clinic-visits.yaml", // objection link, source file
		`href="../../guide/how-to-apply/"`, // .md link rewritten
		`<script type="application/ld+json">`, `"@type":"Dataset"`, `"contentUrl":"https://data.example.gov.cn/data/clinic-visits/2.0.0/clinic-visits.parquet"`,
		"演示密钥", // demo-key footer
	} {
		if !strings.Contains(ds, want) {
			t.Errorf("dataset page lacks %q", want)
		}
	}
	en := read(t, site, "en/datasets/clinic-visits/index.html")
	for _, want := range []string{"Community clinic visits", `href="../../../datasets/clinic-visits/"`, `href="../../guide/how-to-apply/"`, "demo keys", "Conditionally open"} {
		if !strings.Contains(en, want) {
			t.Errorf("English dataset page lacks %q", want)
		}
	}
	guide := read(t, site, "guide/how-to-apply/index.html")
	if !strings.Contains(guide, `href="../../guide/objections/"`) {
		t.Errorf("guide link to 20-objections.md not rewritten:\n%s", guide)
	}
	if !strings.Contains(read(t, site, "en/guide/how-to-apply/index.html"), `href="../../guide/objections/#how-to-file"`) {
		t.Error("English guide link with fragment not rewritten")
	}
	// 50, 500 and 5000 units under commercial-metered: free quota 10, progressive bands.
	pr := read(t, site, "pricing/index.html")
	for _, want := range []string{"¥200.00", "¥1650.00", "¥7150.00", "沪发改价〔2026〕1号", "中小微企业：优惠 20%"} {
		if !strings.Contains(pr, want) {
			t.Errorf("pricing page lacks %q", want)
		}
	}
	st := read(t, site, "stats/index.html")
	if strings.Count(st, "<svg") != 5+strings.Count(st, `class="ratechart-body"`) || !strings.Contains(st, "<rect") {
		t.Error("stats page should have five inline SVG charts of the catalog besides the operations report's")
	}
	if !strings.Contains(read(t, site, "404.html"), `href="/datasets/"`) {
		t.Error("404.html links should be absolute from the base path")
	}
	if strings.Contains(read(t, site, "index.html"), "search.js") {
		t.Error("search script included although no writer publishes it")
	}
	// Pages stay light: the dataset page and the stylesheet together well under 50 KB.
	if n := len(ds) + len(read(t, site, "assets/style.css")); n > 40_000 {
		t.Errorf("dataset page + CSS = %d bytes, want under 40 KB", n)
	}
}

func TestBuildWithoutDemoKeys(t *testing.T) {
	site := build(t, writeCatalog(t, ""), Options{})
	if s := read(t, site, "index.html"); strings.Contains(s, "演示密钥") {
		t.Error("demo-key notice shown without DemoKeys")
	}
	if s := read(t, site, "datasets/clinic-visits/index.html"); !strings.Contains(s, "此数据集不提供直接下载") {
		t.Error("dataset page without an extract should say there is no download")
	}
}

func TestDeterministic(t *testing.T) {
	dir := writeCatalog(t, "")
	a := build(t, dir, Options{Extracts: testExtracts()})
	b := build(t, dir, Options{Extracts: testExtracts()})
	ta, tb := testcat.Tree(t, a), testcat.Tree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("builds differ in file count: %d vs %d", len(ta), len(tb))
	}
	for p, da := range ta {
		if !bytes.Equal(da, tb[p]) {
			t.Errorf("%s differs between two builds of the same catalog", p)
		}
	}
}

func TestXSSInert(t *testing.T) {
	overlay := `-- datasets/sh-transport/evil.yaml --
kind: Dataset
id: evil
version: 1.0.0
title: {zh: "</script><script>alert('title')</script>", en: "<img src=x onerror=alert(1)>"}
description:
  zh: |
    正文 <script>alert('desc')</script> 与 <img src=x onerror="alert(2)"> 以及 <a href="javascript:alert(3)">a</a>。
    [点我](javascript:alert(4)) [再点](JAVASCRIPT:alert(5)) [数据](data:text/html,<script>alert(6)</script>)
    <div onmouseover="alert(7)" style="x">悬停</div>
  en: "[click](javascript:alert(8)) <svg onload=alert(9)>"
department: sh-transport
themes: [transport]
keywords: ["\"><svg onload=alert(10)>"]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: daily, last_modified: 2026-10-01}
source: {format: csv, path: sources/ridership.csv}
columns:
  - name: "x\" onclick=\"alert(11)"
    title: {zh: "<b onclick=alert(12)>列</b>"}
    type: string
    level: 1
    personal_info: none
    role: insensitive
changelog:
  - {version: 1.0.0, date: 2026-10-01, summary: {zh: "<script>alert(13)</script>"}}
`
	site := build(t, writeCatalog(t, overlay), Options{})
	for _, p := range []string{"datasets/evil/index.html", "en/datasets/evil/index.html", "datasets/index.html", "index.html", "themes/transport/index.html"} {
		s := read(t, site, p)
		low := strings.ToLower(s)
		for _, bad := range []string{"<script>alert", "<img", "<svg onload", "<div onmouseover", "<b onclick", `href="javascript`, `href="data:`, `onerror="alert`, `onclick="alert`} {
			if strings.Contains(low, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
		// The only script elements are the JSON-LD block, and no catalog text closes it.
		if n := strings.Count(low, "<script"); n > 1 {
			t.Errorf("%s has %d script elements", p, n)
		}
		if i := strings.Index(low, `<script type="application/ld+json">`); i >= 0 {
			rest := low[i+len(`<script type="application/ld+json">`):]
			end := strings.Index(rest, "</script>")
			if strings.Contains(rest[:end], "<") {
				t.Errorf("%s: JSON-LD contains a raw '<'", p)
			}
		}
	}
	s := read(t, site, "datasets/evil/index.html")
	for _, want := range []string{"点我", "&lt;/script&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"} {
		if !strings.Contains(s, want) {
			t.Errorf("evil page lacks %q (text should survive, escaped)", want)
		}
	}
}

var linkAttr = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// checkLinks resolves every href and src of every HTML page of site and reports
// those that name no file, or a fragment that names no id.
func checkLinks(t *testing.T, site, basePath string) int {
	t.Helper()
	files := testcat.Tree(t, site)
	ids := map[string]map[string]bool{}
	idsOf := func(p string) map[string]bool {
		if m, ok := ids[p]; ok {
			return m
		}
		m := map[string]bool{}
		for _, x := range idAttr.FindAllStringSubmatch(string(files[p]), -1) {
			m[html.UnescapeString(x[1])] = true
		}
		ids[p] = m
		return m
	}
	n := 0
	for page, body := range files {
		if !strings.HasSuffix(page, ".html") {
			continue
		}
		for _, m := range linkAttr.FindAllStringSubmatch(string(body), -1) {
			raw := html.UnescapeString(m[1])
			u, err := url.Parse(raw)
			if err != nil {
				t.Errorf("%s: unparsable link %q", page, raw)
				continue
			}
			if u.Scheme == "http" || u.Scheme == "https" || u.Scheme == "mailto" {
				continue
			}
			if u.Scheme != "" || raw == "" {
				t.Errorf("%s: link %q is neither internal nor http(s)/mailto", page, raw)
				continue
			}
			n++
			var target string
			if strings.HasPrefix(u.Path, "/") {
				target = strings.TrimPrefix(u.Path, basePath)
			} else if u.Path == "" {
				target = page
			} else {
				target = path.Join(path.Dir(page), u.Path)
			}
			if strings.HasSuffix(u.Path, "/") || target == "." || files[target] == nil && files[target+"/index.html"] != nil {
				target = strings.TrimPrefix(path.Join(target, "index.html"), "./")
			}
			if files[target] == nil && writtenByWriters(target) {
				continue // package build's writers publish it beside the pages
			}
			if files[target] == nil {
				t.Errorf("%s: link %q resolves to %s, which does not exist", page, raw, target)
				continue
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
				t.Errorf("%s: link %q names fragment %q, which %s does not have", page, raw, u.Fragment, target)
			}
		}
	}
	return n
}

// writtenByWriters reports whether a site path is written by package build's writers
// (feeds, harvest files, sitemap), which a test of the pages alone does not run.
func writtenByWriters(p string) bool {
	switch p {
	case "data.json", "catalog.jsonld", "sitemap.xml", "stats.json", "elements.json", "elements.csv":
		return true
	}
	return strings.HasPrefix(p, "feeds/")
}

func TestLinksResolve(t *testing.T) {
	site := build(t, writeCatalog(t, ""), Options{Extracts: testExtracts()})
	if n := checkLinks(t, site, "/"); n < 500 {
		t.Errorf("only %d internal links checked; the walk is not seeing the pages", n)
	}
}

// TestDefaultCatalogLinks builds the repository's default catalog and checks every
// internal link of every page.
func TestDefaultCatalogLinks(t *testing.T) {
	dir := filepath.Join("..", "..", "catalog")
	if _, err := os.Stat(filepath.Join(dir, "portal.yaml")); err != nil {
		t.Fatalf("the default catalog is part of the repository: %v", err)
	}
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Portal == nil {
		t.Fatalf("default catalog has no valid portal.yaml: %v", cat.Findings)
	}
	s, err := NewSite(cat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := s.Render(context.Background(), out, nil); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, out, basePath(cat.Portal.V.BaseURL))
}

// TestDraftsNeverPublished: a draft dataset and a draft element get no page and
// appear in no list, count, search document or sitemap URL.
func TestDraftsNeverPublished(t *testing.T) {
	overlay := `-- datasets/sh-transport/secret-draft.yaml --
kind: Dataset
id: secret-draft
version: 0.1.0
status: draft
title: {zh: 草稿数据集不应出现, en: Draft that must not appear}
description:
  zh: 这是一个草稿数据集，它的说明足够长，可以通过描述长度的检查，但它绝不能出现在门户的任何地方。
department: sh-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: daily, last_modified: 2026-10-01}
source: {format: csv, path: sources/ridership.csv}
columns:
  - {name: x, type: string, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 0.1.0, date: 2026-10-01, summary: {zh: 草稿}}
`
	dir := writeCatalog(t, overlay)
	cat := loadCatalog(t, dir)
	if cat.Dataset("secret-draft") == nil {
		t.Fatal("the draft did not load")
	}
	s, err := NewSite(cat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range s.PageURLs() {
		if strings.Contains(u, "secret-draft") {
			t.Errorf("sitemap URL %s is the draft's", u)
		}
	}
	for _, d := range s.SearchDocs() {
		if strings.Contains(d.URL, "secret-draft") {
			t.Errorf("search document %s is the draft's", d.URL)
		}
	}
	site := build(t, dir, Options{})
	for p, body := range testcat.Tree(t, site) {
		if strings.Contains(p, "secret-draft") || bytes.Contains(body, []byte("草稿数据集不应出现")) || bytes.Contains(body, []byte("Draft that must not appear")) {
			t.Errorf("%s publishes the draft", p)
		}
	}
}
