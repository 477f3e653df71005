package portal

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
)

// The dataset and version pages are 90% of the site's pages. Executed by
// html/template, each of their ~150 values costs a reflective call of its escaper
// (and a map look-up by reflection for every interface text), which made them half of
// the build's CPU time. pageWriter writes the same bytes directly: layout.html with
// dataset.html or version.html (and the partials they call), escaping every value as
// html/template does in its context. A value it cannot write exactly as html/template
// would (a URL that html/template would rewrite, a page the template would fail on)
// marks the page bad, and renderPage executes the template instead.
// TestFastPagesMatchTemplates builds sites both ways and compares every file byte for
// byte; a change to those templates must be made here too, or that test fails.

// fastPages turns the direct writers on; the test turns them off to build the
// reference site with the templates alone.
var fastPages = true

// pageWriter writes one page; bad is set once a value would not be written as
// html/template writes it.
type pageWriter struct {
	b   *bytes.Buffer
	bad bool
}

func (w *pageWriter) raw(s string) { w.b.WriteString(s) }

// text writes s escaped as html/template does in HTML text, RCDATA (<title>) and
// quoted non-URL attribute values: the three use the same replacement table.
func (w *pageWriter) text(s string) { htmlText(w.b, s) }

func (w *pageWriter) int(n int64) { w.b.WriteString(strconv.FormatInt(n, 10)) }

// url writes a URL that is a whole quoted attribute value (href, src) as
// html/template does: its filter rejects schemes other than http, https and mailto,
// its normalizer percent-encodes bytes outside the URL character set, and the
// attribute escaper replaces '&' and '+'. URLs with a byte the normalizer would
// encode, or another scheme, mark the page bad.
func (w *pageWriter) url(u string) {
	if i := strings.IndexByte(u, ':'); i >= 0 && !strings.Contains(u[:i], "/") {
		switch strings.ToLower(u[:i]) {
		case "http", "https", "mailto":
		default:
			w.bad = true
			return
		}
	}
	last := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			continue
		case strings.IndexByte("-._~!#$*,/:;=?@%[]", c) >= 0:
			continue
		case c == '&':
			w.b.WriteString(u[last:i])
			w.b.WriteString("&amp;")
			last = i + 1
		case c == '+':
			w.b.WriteString(u[last:i])
			w.b.WriteString("&#43;")
			last = i + 1
		default:
			w.bad = true
			return
		}
	}
	w.b.WriteString(u[last:])
}

// frag writes a value after the '#' of a URL attribute, which html/template
// percent-encodes except for unreserved bytes; any other byte marks the page bad.
func (w *pageWriter) frag(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
			w.bad = true
			return
		}
	}
	w.b.WriteString(s)
}

// layout writes layout.html around content, with head as the "head" block.
func (w *pageWriter) layout(p *Page, head, content func()) {
	c := p.Chrome
	w.raw("<!DOCTYPE html>\n<html lang=\"")
	w.text(c.HTMLLang)
	w.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	w.text(p.Title)
	if p.Path != "" {
		w.raw(" · ")
		w.text(c.SiteTitle)
	}
	w.raw("</title>\n")
	w.raw(string(c.Head))
	for _, a := range p.Alt {
		w.raw("\n<link rel=\"alternate\" hreflang=\"")
		w.text(a.HrefLang)
		w.raw("\" href=\"")
		w.url(a.URL)
		w.raw("\">")
	}
	if p.Search && c.SearchJS != "" {
		w.raw("\n<script src=\"")
		w.url(c.SearchJS)
		w.raw("\" defer></script>")
	}
	if head != nil {
		head()
	}
	w.raw("\n</head>\n<body>\n")
	w.raw(string(c.Nav))
	for _, a := range p.Alt {
		w.raw("\n<a class=\"lang\" href=\"")
		w.url(a.URL)
		w.raw("\" hreflang=\"")
		w.text(a.HrefLang)
		w.raw("\" lang=\"")
		w.text(a.HrefLang)
		w.raw("\">")
		w.text(a.Name)
		w.raw("</a>")
	}
	w.raw("\n</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n")
	content()
	w.raw("\n</main>\n")
	w.raw(string(c.Footer))
	w.raw("\n</body>\n</html>\n")
}

// datasetPage writes dataset.html's page for v.
func (w *pageWriter) datasetPage(p *Page, d *dsView) {
	w.layout(p, func() {
		w.raw("\n<script type=\"application/ld+json\">")
		w.raw(string(d.JSONLD))
		w.raw("</script>\n")
	}, func() { w.datasetContent(p, d) })
}

func (w *pageWriter) datasetContent(p *Page, d *dsView) {
	T, pu := p.T, p.W.Punct
	c := p.W.Colon()
	w.raw("\n<article class=\"dataset\">\n<h1>")
	w.text(d.Title)
	w.raw("</h1>\n<p class=\"meta\"><span class=\"badge ")
	w.text(d.OpenType)
	w.raw("\">")
	w.text(d.OpenWord)
	w.raw("</span>")
	for _, b := range d.Badges {
		w.raw(" <span class=\"badge ")
		w.text(b.Class)
		w.raw("\">")
		w.text(b.Text)
		w.raw("</span>")
	}
	w.raw(" · ")
	w.text(T["version"])
	w.raw(" ")
	w.text(d.Version)
	w.raw("</p>\n\n<div class=\"primary")
	if len(d.Actions) == 0 {
		w.raw(" none")
	}
	w.raw("\">")
	if d.Notice != "" {
		w.raw("\n<p class=\"notice\"><strong>")
		w.text(d.Notice)
		w.raw("</strong>")
		if d.NoticeDetail != "" {
			w.raw(" ")
			w.text(d.NoticeDetail)
		}
		w.raw("</p>")
	} else if d.NoticeDetail != "" {
		w.raw("\n<p>")
		w.text(d.NoticeDetail)
		w.raw("</p>")
	}
	if len(d.Actions) > 0 {
		w.raw("\n<p class=\"actions\">")
		for _, a := range d.Actions {
			w.raw("<a class=\"btn")
			if a.Secondary {
				w.raw(" alt")
			}
			w.raw("\" href=\"")
			w.url(a.URL)
			w.raw("\"")
			if a.Download {
				w.raw(" download")
			}
			if a.External {
				w.raw(" rel=\"noopener\"")
			}
			w.raw(">")
			w.text(a.Label)
			w.raw("</a> ")
		}
		w.raw("</p>")
	}
	if ap := d.Apply; ap != nil {
		w.raw("\n<div class=\"apply-box\">")
		if ap.Via != "" {
			w.raw("<p>")
			w.text(ap.Via)
			w.raw("</p>")
		}
		if len(ap.Materials) > 0 {
			w.raw("\n<p class=\"checklist-h\">")
			w.text(T["materials"])
			w.text(c)
			w.raw("</p>\n<ul class=\"checklist\">")
			for _, m := range ap.Materials {
				w.raw("<li>")
				w.text(m)
				w.raw("</li>")
			}
			w.raw("</ul>")
		}
		if ap.ReviewDays != "" {
			w.raw("<p>")
			w.text(T["review_days"])
			w.text(c)
			w.raw("<strong>")
			w.text(ap.ReviewDays)
			w.raw("</strong></p>")
		}
		w.raw("\n</div>")
	}
	w.raw("\n</div>\n\n<div class=\"desc\">")
	w.raw(string(d.Description))
	w.raw("</div>\n<dl class=\"facts\">\n<dt>")
	w.text(T["department"])
	w.raw("</dt><dd>")
	if d.Dept != nil {
		w.raw("<a href=\"")
		w.url(d.Dept.URL)
		w.raw("\">")
		w.text(d.Dept.Name)
		w.raw("</a>")
	} else {
		w.text(d.Department)
	}
	w.raw("</dd>\n<dt>")
	w.text(T["published_by"])
	w.raw("</dt><dd>")
	w.text(d.PublishedBy)
	w.raw("</dd>\n<dt>")
	w.text(T["themes"])
	w.raw("</dt><dd>")
	for i, t := range d.Themes {
		if i > 0 {
			w.text(pu["list"])
		}
		w.raw("<a href=\"")
		w.url(t.URL)
		w.raw("\">")
		w.text(t.Name)
		w.raw("</a>")
	}
	w.raw("</dd>")
	if d.Keywords != "" {
		w.raw("<dt>")
		w.text(T["keywords"])
		w.raw("</dt><dd>")
		w.text(d.Keywords)
		w.raw("</dd>")
	}
	w.raw("\n<dt>")
	w.text(T["open_type"])
	w.raw("</dt><dd>")
	w.text(d.OpenWord)
	w.text(c)
	w.text(d.OpenMeaning)
	w.raw("</dd>")
	if d.License != "" {
		w.raw("<dt>")
		w.text(T["license"])
		w.raw("</dt><dd><a href=\"")
		w.url(d.LicenseURL)
		w.raw("\" rel=\"license noopener\">")
		w.text(d.LicenseName)
		w.raw("</a></dd>")
	}
	if d.HasRights {
		w.raw("<dt>")
		w.text(T["rights"])
		w.raw("</dt><dd>")
		w.text(d.Rights)
		w.raw("</dd>")
	}
	w.raw("\n<dt>")
	w.text(T["frequency"])
	w.raw("</dt><dd>")
	w.text(d.FreqWord)
	w.raw("</dd>\n<dt>")
	w.text(T["last_modified"])
	w.raw("</dt><dd>")
	if d.LastModified != "" {
		w.text(d.LastModified)
	} else {
		w.raw("—")
	}
	w.raw("</dd>\n<dt>")
	w.text(T["freshness"])
	w.raw("</dt><dd class=\"fresh ")
	w.text(d.Fresh)
	w.raw("\">")
	w.text(d.FreshText)
	w.text(pu["open"])
	w.text(T["as_of"])
	w.raw(" ")
	w.text(p.Site.AsOf)
	w.text(pu["close"])
	w.raw("</dd>")
	if d.Issued != "" {
		w.raw("<dt>")
		w.text(T["issued"])
		w.raw("</dt><dd>")
		w.text(d.Issued)
		w.raw("</dd>")
	}
	w.raw("\n<dt>")
	w.text(T["grade"])
	w.raw("</dt><dd>")
	w.text(d.GradeWord)
	w.raw("</dd>\n<dt>")
	w.text(T["level"])
	w.raw("</dt><dd>")
	w.text(d.LevelWord)
	w.raw("</dd>\n</dl>\n\n<nav class=\"toc\" aria-label=\"")
	w.text(T["on_this_page"])
	w.raw("\"><h2>")
	w.text(T["on_this_page"])
	w.raw("</h2><ul>")
	for _, s := range d.Sections {
		w.raw("<li><a href=\"")
		w.url(s.URL)
		w.raw("\">")
		w.text(s.Name)
		w.raw("</a></li>")
	}
	w.raw("</ul></nav>\n\n<section aria-labelledby=\"h-dict\">\n<h2 id=\"h-dict\">")
	w.text(T["dictionary"])
	w.raw("</h2>\n<table class=\"cards dict\">\n<thead><tr>")
	for _, k := range []string{"col_name", "col_title", "col_type", "col_desc", "col_level", "col_personal", "col_deid"} {
		w.raw("<th scope=\"col\">")
		w.text(T[k])
		w.raw("</th>")
	}
	w.raw("</tr></thead>\n<tbody>")
	if d.ColumnRows == "" && len(d.Columns) > 0 {
		w.bad = true // rows the template writes itself
		return
	}
	w.raw(string(d.ColumnRows))
	w.raw("\n</tbody>\n</table>\n</section>\n\n<section aria-labelledby=\"h-prev\">\n<h2 id=\"h-prev\">")
	w.text(T["preview"])
	w.raw("</h2>")
	if e := d.Extract; e != nil && len(e.Header) > 0 {
		w.raw("\n<p>")
		w.text(T["preview_note"])
		w.raw("</p>\n<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-prev\"><table>\n<thead><tr>")
		for _, h := range e.Header {
			w.raw("<th scope=\"col\">")
			w.text(h)
			w.raw("</th>")
		}
		w.raw("</tr></thead>\n<tbody>")
		for _, r := range e.Rows {
			w.raw("<tr>")
			for _, v := range r {
				w.raw("<td>")
				w.text(v)
				w.raw("</td>")
			}
			w.raw("</tr>")
		}
		w.raw("</tbody>\n</table></div>")
	} else {
		w.raw("<p>")
		w.text(T["no_preview"])
		w.raw("</p>")
	}
	w.raw("\n</section>\n\n<section aria-labelledby=\"h-dl\">\n<h2 id=\"h-dl\">")
	w.text(T["downloads"])
	w.raw("</h2>")
	if e := d.Extract; e != nil {
		if q := e.Quality; q != nil {
			w.raw("\n<p>")
			w.text(T["q_rows"])
			w.text(c)
			w.text(T["q_in"])
			w.raw(" ")
			w.int(q.In)
			w.raw(" · ")
			w.text(T["q_written"])
			w.raw(" ")
			w.int(q.Written)
			w.raw(" · ")
			w.text(T["q_suppressed"])
			w.raw(" ")
			w.int(q.Suppressed)
			if q.Subject != "" {
				w.text(pu["open"])
				w.int(q.SubjSupp)
				w.raw(" ")
				w.text(T["q_people"])
				w.text(pu["close"])
			}
			w.raw(" · ")
			w.text(T["q_rejected"])
			w.raw(" ")
			w.int(q.Rejected)
			if q.Subject != "" {
				w.raw(" · k = ")
				w.int(int64(q.K))
				w.raw(" ")
				w.text(T["q_people"])
				w.text(pu["open"])
				w.text(q.Subject)
				w.text(pu["close"])
				if q.L != 0 {
					w.raw(" · ℓ = ")
					w.int(int64(q.L))
				}
			}
			if q.Checks != 0 {
				w.raw(" · ")
				w.text(T["q_checks"])
				w.raw(" ")
				w.int(int64(q.Passed))
				w.raw("/")
				w.int(int64(q.Checks))
			}
			w.raw(" · <a href=\"")
			w.url(q.URL)
			w.raw("\">quality.json</a></p>")
		}
		w.raw("\n")
		w.keyID(p)
		w.files(p, e.Files)
		w.raw("\n")
		w.verifyHow(p, e.Files)
	} else {
		w.raw("<p>")
		w.text(T["no_downloads"])
		w.raw("</p>")
	}
	w.raw("\n</section>\n\n<section aria-labelledby=\"h-price\">\n<h2 id=\"h-price\">")
	w.text(T["applicable_pricing"])
	w.raw("</h2>")
	if len(d.Policies) > 0 {
		w.raw("\n<ul>")
		for _, pp := range d.Policies {
			w.raw("\n<li><a href=\"")
			w.url(pp.URL)
			w.raw("#")
			w.frag(pp.ID)
			w.raw("\">")
			w.text(pp.Name)
			w.raw("</a>")
			w.text(c)
			w.text(pp.UseClasses)
			w.text(pu["semicolon"])
			w.text(pp.Basis)
			w.text(pu["list"])
			w.text(pp.Billing)
			w.raw("</li>")
		}
		w.raw("\n</ul>")
	} else {
		w.raw("<p>")
		w.text(T["no_pricing"])
		w.raw("</p>")
	}
	w.raw("\n</section>")
	if a := d.Application; a != nil {
		w.raw("\n<section aria-labelledby=\"h-app\" class=\"apply\">\n<h2 id=\"h-app\">")
		w.text(T["application"])
		w.raw("</h2>\n<dl class=\"facts\">\n<dt>")
		w.text(T["eligible"])
		w.raw("</dt><dd>")
		w.text(a.Eligible)
		w.raw("</dd>\n<dt>")
		w.text(T["purpose_required"])
		w.raw("</dt><dd>")
		if a.PurposeRequired {
			w.text(T["yes"])
		} else {
			w.text(T["no"])
		}
		w.raw("</dd>")
		if len(a.Materials) > 0 {
			w.raw("<dt>")
			w.text(T["materials"])
			w.raw("</dt><dd><ul>")
			for _, m := range a.Materials {
				w.raw("<li>")
				w.text(m)
				w.raw("</li>")
			}
			w.raw("</ul></dd>")
		}
		if a.ReviewDays != "" {
			w.raw("<dt>")
			w.text(T["review_days"])
			w.raw("</dt><dd>")
			w.text(a.ReviewDays)
			w.raw("</dd>")
		}
		if a.Delivery != "" {
			w.raw("<dt>")
			w.text(T["delivery"])
			w.raw("</dt><dd>")
			w.text(a.Delivery)
			w.raw("</dd>")
		}
		w.raw("\n</dl>\n</section>")
	}
	w.raw("\n\n")
	w.versions(p, d.Versions)
	w.raw("\n\n<p class=\"after\">")
	w.report(p, d.ObjectionURL, d.ObjectionGuide)
	if d.SourceURL != "" {
		w.raw(" · <a href=\"")
		w.url(d.SourceURL)
		w.raw("\" rel=\"noopener\">")
		w.text(T["view_source"])
		w.raw("</a> <code>")
		w.text(d.File)
		w.raw("</code>")
	} else {
		w.raw(" · ")
		w.text(T["view_source"])
		w.text(c)
		w.raw("<code>")
		w.text(d.File)
		w.raw("</code>")
	}
	w.raw("\n</p>\n</article>\n")
}

// keyID writes the "keyid" partial.
func (w *pageWriter) keyID(p *Page) {
	T := p.T
	if p.Site.Signed() {
		w.raw("<p class=\"keyid\">")
		w.text(T["key_id_text"])
		w.raw(" <code>")
		w.text(p.Site.KeyID())
		w.raw("</code>")
		w.text(T["key_id_check"])
		w.raw("</p>\n")
	} else {
		w.raw("<p class=\"keyid\">")
		w.text(T["unsigned_note"])
		w.raw("</p>\n")
	}
}

// files writes the file table of a dataset or version page, after "keyid".
func (w *pageWriter) files(p *Page, files []fileView) {
	T := p.T
	w.raw("\n<table class=\"cards files\">\n<thead><tr><th scope=\"col\">")
	w.text(T["file"])
	w.raw("</th><th scope=\"col\">")
	w.text(T["size"])
	w.raw("</th><th scope=\"col\">")
	w.text(T["sha256"])
	w.raw("</th></tr></thead>\n<tbody>")
	for _, f := range files {
		w.raw("\n<tr><th scope=\"row\"><a href=\"")
		w.url(f.URL)
		w.raw("\" download>")
		w.text(f.Base)
		w.raw("</a></th><td data-l=\"")
		w.text(T["size"])
		w.raw("\">")
		w.text(f.Size)
		w.raw("</td><td data-l=\"")
		w.text(T["sha256"])
		w.raw("\"><code class=\"hash\">")
		w.text(f.SHA256)
		w.raw("</code></td></tr>")
	}
	w.raw("\n</tbody>\n</table>")
}

// verifyHow writes the "verify_how" partial for files.
func (w *pageWriter) verifyHow(p *Page, files []fileView) {
	if len(files) == 0 {
		w.bad = true // the template fails on index 0; let it say so
		return
	}
	T, s := p.T, p.Site
	w.raw("\n<details>\n<summary>")
	w.text(T["verify"])
	w.raw("</summary>\n<p>")
	w.text(T["verify_text"])
	w.raw(" <a href=\"")
	w.url(p.Asset("data/SHA256SUMS"))
	w.raw("\">SHA256SUMS</a>")
	if s.Signed() {
		w.text(p.W.Punct["list"])
		w.raw("<a href=\"")
		w.url(p.Asset("data/SHA256SUMS.minisig"))
		w.raw("\">SHA256SUMS.minisig</a>")
	}
	if s.HasPublicKey() {
		w.text(p.W.Punct["list"])
		w.raw("<a href=\"")
		w.url(p.Asset("data/minisign.pub"))
		w.raw("\">minisign.pub</a>")
	}
	w.raw("</p>\n<pre tabindex=\"0\"><code>")
	if s.Signed() {
		w.raw("shuyuan verify --trust minisign.pub   # ")
		w.text(T["verify_once"])
		w.raw(" ")
		w.text(s.KeyID())
		w.raw("\nshuyuan verify ")
		w.text(files[0].Base)
		w.raw("\n")
	} else {
		w.raw("shuyuan verify ")
		w.text(files[0].Base)
		w.raw("\n")
	}
	for _, f := range files {
		w.raw("echo \"")
		w.text(f.SHA256)
		w.raw("  ")
		w.text(f.Base)
		w.raw("\" | sha256sum -c\n")
	}
	if s.Signed() {
		w.raw("minisign -Vm SHA256SUMS -p minisign.pub")
	}
	w.raw("</code></pre>\n<p>")
	w.text(T["verify_trust"])
	w.raw("</p>\n</details>\n")
}

// versions writes the "versions" partial: the dataset page's version table.
func (w *pageWriter) versions(p *Page, rows []versionRow) {
	T := p.T
	w.raw("\n<section aria-labelledby=\"h-log\">\n<h2 id=\"h-log\">")
	w.text(T["versions"])
	w.raw("</h2>\n<p>")
	w.text(T["versions_note"])
	w.raw("</p>\n<table class=\"cards versions\">\n<thead><tr>")
	for _, k := range []string{"version", "date", "summary", "size", "digest"} {
		w.raw("<th scope=\"col\">")
		w.text(T[k])
		w.raw("</th>")
	}
	w.raw("</tr></thead>\n<tbody>")
	for _, r := range rows {
		w.raw("\n<tr><th scope=\"row\"><a href=\"")
		w.url(r.URL)
		w.raw("\">")
		w.text(r.Version)
		w.raw("</a>")
		if r.Current {
			w.text(p.W.Paren(T["current"]))
		}
		w.raw("</th><td data-l=\"")
		w.text(T["date"])
		w.raw("\">")
		w.orDash(r.Date)
		w.raw("</td><td data-l=\"")
		w.text(T["summary"])
		w.raw("\">")
		w.orDash(r.Summary)
		w.raw("</td><td data-l=\"")
		w.text(T["size"])
		w.raw("\">")
		if r.Size != "" {
			w.text(r.Size)
		} else {
			w.text(T["no_files"])
		}
		w.raw("</td><td data-l=\"")
		w.text(T["digest"])
		w.raw("\">")
		if r.Digest != "" {
			w.raw("<code class=\"hash\">")
			w.text(r.Digest)
			w.raw("</code>")
		} else {
			w.raw("—")
		}
		w.raw("</td></tr>")
	}
	w.raw("\n</tbody>\n</table>\n</section>\n")
}

// orDash writes s, or "—" when it is empty.
func (w *pageWriter) orDash(s string) {
	if s == "" {
		w.raw("—")
		return
	}
	w.text(s)
}

// versionPage writes version.html's page for v.
func (w *pageWriter) versionPage(p *Page, v *versionView) {
	w.layout(p, nil, func() { w.versionContent(p, v) })
}

func (w *pageWriter) versionContent(p *Page, v *versionView) {
	T := p.T
	c := p.W.Colon()
	w.raw("\n<article>\n<h1>")
	w.text(v.Title)
	w.raw(" ")
	w.text(v.Version)
	w.raw("</h1>\n<p class=\"meta\"><a href=\"")
	w.url(v.DatasetURL)
	w.raw("\">")
	w.text(T["version_of"])
	w.text(c)
	w.text(v.Title)
	w.raw("</a>")
	if !v.Current {
		w.raw(" · ")
		w.text(T["not_current"])
		w.raw("<a href=\"")
		w.url(v.CurrentURL)
		w.raw("\">")
		w.text(v.CurrentVersion)
		w.raw("</a>")
	}
	w.raw("</p>\n<dl class=\"facts\">\n<dt>")
	w.text(T["version"])
	w.raw("</dt><dd>")
	w.text(v.Version)
	if v.Current {
		w.text(p.W.Paren(T["current"]))
	}
	w.raw("</dd>\n<dt>")
	w.text(T["released"])
	w.raw("</dt><dd>")
	w.orDash(v.Date)
	w.raw("</dd>\n<dt>")
	w.text(T["summary"])
	w.raw("</dt><dd>")
	w.orDash(v.Summary)
	w.raw("</dd>\n<dt>")
	w.text(T["department"])
	w.raw("</dt><dd>")
	w.text(v.Dept)
	w.raw("</dd>\n<dt>")
	w.text(T["canonical_url"])
	w.raw("</dt><dd><code class=\"wrapall\">")
	w.text(v.Canonical)
	w.raw("</code></dd>")
	if v.Digest != "" {
		w.raw("\n<dt>")
		w.text(T["size_total"])
		w.raw("</dt><dd>")
		w.text(v.Size)
		w.raw("</dd>\n<dt>")
		w.text(T["digest"])
		w.raw("</dt><dd><code class=\"hash\">")
		w.text(v.Digest)
		w.raw("</code></dd>")
	}
	w.raw("\n</dl>")
	if len(v.Files) == 0 {
		w.raw("\n<p>")
		w.text(T["no_version_files"])
		w.raw("</p>")
		w.versionEnd(p, v)
		return
	}
	w.raw("\n<section aria-labelledby=\"h-dl\">\n<h2 id=\"h-dl\">")
	w.text(T["downloads"])
	w.raw("</h2>\n")
	w.keyID(p)
	w.files(p, v.Files)
	w.raw("\n")
	w.verifyHow(p, v.Files)
	w.raw("\n</section>\n\n<section aria-labelledby=\"h-qr\" class=\"qr\">\n<h2 id=\"h-qr\">")
	w.text(T["qr"])
	w.raw("</h2>\n<figure>\n<img src=\"")
	w.url(v.QR)
	w.raw("\" alt=\"")
	w.text(T["qr_alt"])
	w.raw(": ")
	w.text(v.Payload)
	w.raw("\" width=\"200\" height=\"200\">\n<figcaption>")
	w.text(T["qr_note"])
	w.raw("</figcaption>\n</figure>\n<p>")
	w.text(T["qr_payload"])
	w.text(c)
	w.raw("</p>\n<pre tabindex=\"0\"><code>shuyuan verify --qr '")
	w.text(v.Payload)
	w.raw("' ")
	w.text(v.Files[0].Base)
	w.raw("</code></pre>\n</section>\n\n<section aria-labelledby=\"h-cite\">\n<h2 id=\"h-cite\">")
	w.text(T["citation"])
	w.raw("</h2>\n<h3>")
	w.text(T["cite_text"])
	w.raw("</h3>\n<p class=\"cite\">")
	w.text(v.CiteText)
	w.raw("</p>\n<h3>BibTeX</h3>\n<pre tabindex=\"0\"><code>")
	w.text(v.CiteBibTeX)
	w.raw("</code></pre>\n<h3>CSL-JSON</h3>\n<pre tabindex=\"0\"><code>")
	w.text(v.CiteCSL)
	w.raw("</code></pre>\n</section>")
	w.versionEnd(p, v)
}

// versionEnd closes a version page's article after its report link.
func (w *pageWriter) versionEnd(p *Page, v *versionView) {
	w.raw("\n<p class=\"after\">")
	w.report(p, v.ObjectionURL, v.ObjectionGuide)
	w.raw("</p>\n</article>\n")
}

// report writes the "report" partial: the objection form (url), else the guide.
func (w *pageWriter) report(p *Page, url, guide string) {
	T := p.T
	if url != "" {
		w.raw("<a class=\"report\" href=\"")
		w.url(url)
		w.raw("\" rel=\"noopener\">")
		w.text(T["report_problem"])
		w.raw("</a>")
		if guide != "" {
			w.raw(" (<a href=\"")
			w.url(guide)
			w.raw("\">")
			w.text(T["objection_how"])
			w.raw("</a>)")
		}
	} else if guide != "" {
		w.raw("<a class=\"report\" href=\"")
		w.url(guide)
		w.raw("\">")
		w.text(T["report_problem"])
		w.raw("</a>")
	}
}

// writeFast writes p into buf without its template when it is a dataset or version
// page, reporting whether it did; false leaves buf to the template.
func (s *Site) writeFast(buf *bytes.Buffer, p *Page) bool {
	if !fastPages {
		return false
	}
	w := &pageWriter{b: buf}
	switch v := p.Data.(type) {
	case *dsView:
		w.datasetPage(p, v)
	case *versionView:
		w.versionPage(p, v)
	case *ListData:
		w.listPage(p, v)
	default:
		return false
	}
	if w.bad {
		return false
	}
	s.fastCount.Add(1)
	return true
}

// itemBodyHTML is the "dsitem_body" partial for v: a dataset's list item after the
// link's URL.
func itemBodyHTML(v *itemView) template.HTML {
	w := &pageWriter{b: new(bytes.Buffer)}
	w.b.Grow(512)
	w.text(v.Title)
	w.raw("</a></h3>\n<p class=\"meta\"><span class=\"badge ")
	w.text(v.OpenType)
	w.raw("\">")
	w.text(v.OpenWord)
	w.raw("</span>")
	for _, b := range v.Badges {
		w.raw(" <span class=\"badge ")
		w.text(b.Class)
		w.raw("\">")
		w.text(b.Text)
		w.raw("</span>")
	}
	for _, f := range v.Formats {
		w.raw(" <span class=\"badge fmt\">")
		w.text(f)
		w.raw("</span>")
	}
	if v.HasDept {
		w.raw(" · ")
		w.text(v.DeptName)
	}
	w.raw(" · ")
	w.text(v.FreqWord)
	if v.LastModified != "" {
		w.raw(" · ")
		w.text(v.LastModLabel)
		w.raw(" ")
		w.text(v.LastModified)
	}
	w.raw("</p>\n<p>")
	w.text(v.Excerpt)
	w.raw("</p>\n")
	return template.HTML(w.b.String()) // #nosec: every value escaped by text
}

// listPage writes list.html's page for d.
func (w *pageWriter) listPage(p *Page, d *ListData) {
	w.layout(p, nil, func() { w.listContent(p, d) })
}

func (w *pageWriter) listContent(p *Page, d *ListData) {
	T := p.T
	w.raw("\n<h1>")
	w.text(p.Title)
	w.raw("</h1>\n<div class=\"withside\">\n<section class=\"results\" aria-labelledby=\"list-n\">\n<p class=\"listbar\"><span id=\"list-n\">")
	w.text(p.Count("count_results", d.Total))
	w.raw("</span>")
	if d.Pages > 1 {
		w.raw(" · ")
		w.text(p.W.F("page", "n", strconv.Itoa(d.Page), "of", strconv.Itoa(d.Pages)))
	}
	w.raw(" <a class=\"tofilters\" href=\"#filters\">")
	w.text(T["filter_by"])
	w.raw("</a></p>\n<nav class=\"sort\" aria-label=\"")
	w.text(T["sort_by"])
	w.raw("\"><span>")
	w.text(T["sort_by"])
	w.text(p.W.Colon())
	w.raw("</span>")
	for _, o := range d.Orders() {
		w.raw(" <a href=\"")
		w.url(p.U(d.OrderPath(o)))
		w.raw("\"")
		if o == d.Order {
			w.raw(" aria-current=\"page\"")
		}
		w.raw(">")
		w.text(T["sort_"+o])
		w.raw("</a>")
	}
	w.raw("</nav>\n\n<ul class=\"ds\">")
	if err := p.writeItems(w.b, d.Datasets(p.Lang)); err != nil {
		w.bad = true // the template reports it
		return
	}
	w.raw("\n</ul>\n")
	if d.Pages > 1 {
		w.raw("\n<nav class=\"pager\" aria-label=\"")
		w.text(T["page_of"])
		w.raw("\"><ul>")
		if d.Page > 1 {
			w.raw("<li><a href=\"")
			w.url(p.U(d.PagePath(d.Page - 1)))
			w.raw("\" rel=\"prev\">")
			w.text(T["prev"])
			w.raw("</a></li>")
		}
		for _, n := range d.PageNumbers() {
			switch n {
			case 0:
				w.raw("<li>…</li>")
			case d.Page:
				w.raw("<li><a href=\"")
				w.url(p.U(d.PagePath(n)))
				w.raw("\" aria-current=\"page\">")
				w.int(int64(n))
				w.raw("</a></li>")
			default:
				w.raw("<li><a href=\"")
				w.url(p.U(d.PagePath(n)))
				w.raw("\">")
				w.int(int64(n))
				w.raw("</a></li>")
			}
		}
		if d.Page < d.Pages {
			w.raw("<li><a href=\"")
			w.url(p.U(d.PagePath(d.Page + 1)))
			w.raw("\" rel=\"next\">")
			w.text(T["next"])
			w.raw("</a></li>")
		}
		w.raw("\n</ul></nav>")
	}
	w.raw("\n</section>\n")
	facets, err := p.FacetsHTML()
	if err != nil {
		w.bad = true
		return
	}
	w.raw(string(facets))
	w.raw("\n</div>\n")
}
