package portal

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// hrefOf is the unescaped href of the page's first <a> whose class starts with
// class and whose text is text, "" when there is none.
func hrefOf(page, class, text string) string {
	re := regexp.MustCompile(`<a class="` + regexp.QuoteMeta(class) + `[^"]*" href="([^"]*)"[^>]*>` + regexp.QuoteMeta(text) + `</a>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// query parses the query of an address, failing the test when it does not parse.
func query(t *testing.T, u string) url.Values {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatalf("%q: %v", u, err)
	}
	if p.Fragment != "" {
		t.Errorf("%q: the query is cut by a fragment %q", u, p.Fragment)
	}
	q, err := url.ParseQuery(p.RawQuery)
	if err != nil {
		t.Fatalf("%q: %v", u, err)
	}
	return q
}

// hardTitle is a dataset title with what breaks a hand-made query.
const hardTitle = "门诊 & 住院 #2 人次"

// withTitle is an overlay that renames clinic-visits (the conditional dataset) to
// hardTitle in Chinese and English.
func withTitle(t *testing.T) string {
	t.Helper()
	a := read(t, writeCatalog(t, ""), "datasets/sh-health/clinic-visits.yaml")
	a = strings.Replace(a, "title: {zh: 社区卫生服务中心门诊人次, en: Community clinic visits}", "title: {zh: '"+hardTitle+"', en: 'Visits & stays #2'}", 1)
	if !strings.Contains(a, hardTitle) {
		t.Fatal("the clinic-visits title is not where the test expects it")
	}
	return "-- datasets/sh-health/clinic-visits.yaml --\n" + a
}

// TestApplyLink: a conditional dataset's "apply" button opens the repository's
// application form, or the channel portal.yaml's applications names, carrying the
// dataset's id, version and title however the title is written; the materials and
// time limit are beside it.
func TestApplyLink(t *testing.T) {
	portal := read(t, writeCatalog(t, ""), "portal.yaml")
	for _, c := range []struct {
		name, portal string
		check        func(t *testing.T, href string)
	}{
		{"issue form", portal, func(t *testing.T, href string) {
			if !strings.HasPrefix(href, "https://github.com/example/catalog/issues/new?template=data-application.yml&") {
				t.Fatalf("apply opens %q, not the repository's application form", href)
			}
			q := query(t, href)
			if q.Get("dataset") != "clinic-visits" || q.Get("version") != "2.0.0" || !strings.Contains(q.Get("title"), hardTitle) {
				t.Errorf("the form is not pre-filled with the dataset, version and title: %v", q)
			}
		}},
		{"url", portal + "applications: {url: 'https://apply.example.gov.cn/new?ds={dataset}&v={version}&t={title}'}\n", func(t *testing.T, href string) {
			if !strings.HasPrefix(href, "https://apply.example.gov.cn/new?ds=clinic-visits&v=2.0.0&t=") {
				t.Fatalf("apply opens %q, not the city's form", href)
			}
			if q := query(t, href); q.Get("t") != hardTitle {
				t.Errorf("the title arrives as %q, want %q", q.Get("t"), hardTitle)
			}
		}},
		{"email", portal + "applications: {email: apply@data.example.gov.cn}\n", func(t *testing.T, href string) {
			if !strings.HasPrefix(href, "mailto:apply@data.example.gov.cn?subject=") {
				t.Fatalf("apply opens %q, not a message to the mailbox", href)
			}
			q := query(t, href[strings.Index(href, "?"):])
			if s := q.Get("subject"); !strings.Contains(s, hardTitle) || !strings.Contains(s, "clinic-visits 2.0.0") {
				t.Errorf("subject %q lacks the title, id and version", s)
			}
			if b := q.Get("body"); !strings.Contains(b, "Dataset: clinic-visits\r\n") || !strings.Contains(b, "Version: 2.0.0\r\n") ||
				!strings.Contains(b, "https://data.example.gov.cn/datasets/clinic-visits/") {
				t.Errorf("body %q lacks the id, version and page", b)
			}
		}},
		{"no channel", strings.Replace(portal, "repository: https://github.com/example/catalog/blob/main/catalog/\n", "", 1), func(t *testing.T, href string) {
			if href != "#h-app" {
				t.Errorf("with no repository and no applications, apply goes to %q, want the how-to-apply section", href)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := build(t, writeCatalog(t, withTitle(t)+"-- portal.yaml --\n"+c.portal), Options{})
			page := read(t, site, "datasets/clinic-visits/index.html")
			href := hrefOf(page, "btn", "申请使用")
			if href == "" {
				t.Fatal("the conditional dataset's page has no 申请使用 button")
			}
			c.check(t, href)
			box := page[strings.Index(page, `<div class="apply-box">`):]
			box = box[:strings.Index(box, "</div>")]
			for _, want := range []string{"<li>单位介绍信</li>", "<li>数据安全承诺书</li>", "5 个工作日"} {
				if !strings.Contains(box, want) {
					t.Errorf("beside the button the materials or time limit lack %q:\n%s", want, box)
				}
			}
			if en := hrefOf(read(t, site, "en/datasets/clinic-visits/index.html"), "btn", "Apply for access"); en == "" {
				t.Error("the English page has no Apply button")
			} else if c.name != "no channel" && !strings.Contains(en, "clinic-visits") {
				t.Errorf("the English apply link %q lacks the dataset", en)
			}
			// an unconditional dataset has no apply button
			if hrefOf(read(t, site, "datasets/metro-ridership/index.html"), "btn", "申请使用") != "" {
				t.Error("the unconditional dataset has an apply button")
			}
		})
	}
}

// TestReportProblemLinks: every dataset and element page has "report a problem"
// opening the objection form pre-filled with the dataset (or element) and version,
// and the guide page that says how objections are handled; without a repository on
// GitHub the link goes to that guide page.
func TestReportProblemLinks(t *testing.T) {
	site := build(t, writeCatalog(t, withTitle(t)), Options{})
	for _, c := range []struct{ page, field, id, version string }{
		{"datasets/clinic-visits/index.html", "dataset", "clinic-visits", "2.0.0"},
		{"datasets/metro-ridership/index.html", "dataset", "metro-ridership", ""},
		{"en/datasets/clinic-visits/index.html", "dataset", "clinic-visits", "2.0.0"},
		{"elements/transit-card-number/index.html", "element", "transit-card-number", "1.0.0"},
		{"en/elements/transit-card-number/index.html", "element", "transit-card-number", "1.0.0"},
	} {
		page := read(t, site, c.page)
		text := "报告数据问题（数据异议）"
		if strings.HasPrefix(c.page, "en/") {
			text = "Report a data problem (data objection)"
		}
		href := hrefOf(page, "report", text)
		if !strings.HasPrefix(href, "https://github.com/example/catalog/issues/new?template=data-objection.yml&") {
			t.Errorf("%s: report a problem opens %q, not the objection form", c.page, href)
			continue
		}
		q := query(t, href)
		if q.Get(c.field) != c.id || q.Get("version") == "" || (c.version != "" && q.Get("version") != c.version) {
			t.Errorf("%s: the objection form is not pre-filled with %s=%s and its version: %v", c.page, c.field, c.id, q)
		}
		if c.id == "clinic-visits" && !strings.HasPrefix(c.page, "en/") && !strings.Contains(q.Get("title"), hardTitle) {
			t.Errorf("%s: the issue title %q lacks the dataset's title", c.page, q.Get("title"))
		}
		if !strings.Contains(page, "guide/objections/\">") {
			t.Errorf("%s: no link to the objection guide beside the form", c.page)
		}
	}
	portal := strings.Replace(read(t, writeCatalog(t, ""), "portal.yaml"), "repository: https://github.com/example/catalog/blob/main/catalog/\n", "", 1)
	site = build(t, writeCatalog(t, "-- portal.yaml --\n"+portal), Options{})
	for _, p := range []string{"datasets/clinic-visits/index.html", "elements/transit-card-number/index.html"} {
		if href := hrefOf(read(t, site, p), "report", "报告数据问题（数据异议）"); href != "../../guide/objections/" {
			t.Errorf("%s without a repository: report a problem goes to %q, want the objection guide", p, href)
		}
	}
}

// TestElementPagesShowFlagsAndData: an element page says whether it is exempt from
// filling in (免于填写) and high-frequency, and the elements page links the
// data-source catalog as data in every language.
func TestElementPagesShowFlagsAndData(t *testing.T) {
	el := read(t, writeCatalog(t, ""), "elements/sh-transport/transit-card-number.yaml") + "exempt_from_filling: true\n"
	site := build(t, writeCatalog(t, "-- elements/sh-transport/transit-card-number.yaml --\n"+el), Options{})
	for _, c := range []struct{ page, exempt, yes string }{
		{"elements/transit-card-number/index.html", "免于填写", "是"},
		{"en/elements/transit-card-number/index.html", "Exempt from filling in (免于填写)", "Yes"},
	} {
		page := read(t, site, c.page)
		if !strings.Contains(page, `<span class="badge">`+c.exempt+`</span>`) || !strings.Contains(page, "<dt>"+c.exempt+"</dt><dd>"+c.yes) {
			t.Errorf("%s does not show %q as set", c.page, c.exempt)
		}
	}
	if page := read(t, build(t, writeCatalog(t, ""), Options{}), "elements/transit-card-number/index.html"); !strings.Contains(page, "<dt>免于填写</dt><dd>否</dd>") {
		t.Error("an element without the flag does not say 免于填写: 否")
	}
	for page, root := range map[string]string{"elements/index.html": "../", "en/elements/index.html": "../../"} {
		p := read(t, site, page)
		for _, f := range []string{"elements.json", "elements.csv"} {
			if !strings.Contains(p, `href="`+root+f+`"`) {
				t.Errorf("%s does not link %s", page, f)
			}
		}
		if !strings.Contains(p, `<span class="badge">`) {
			t.Errorf("%s shows no flag badge", page)
		}
	}
}
