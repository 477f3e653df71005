package portal

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/license"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/markdown"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/place"
	"github.com/shuyuan-project/shuyuan/generator/pricing"
	"github.com/shuyuan-project/shuyuan/templates"
)

// job is one page to render in every language.
type job struct {
	// path is the page's directory below the language root ("" for home, "datasets/x/"),
	// or a file name ("404.html").
	path string
	// tmpl names the page template.
	tmpl string
	// title returns the page title in lang.
	title func(lang string) string
	// data is the page's own data.
	data any
	// search marks pages with the search box, which load the search script.
	search bool
}

// Facet is one value of a dataset-list facet and the page listing its datasets.
type Facet struct {
	Key, Value, Path string
	Count            int
}

// ListData is the data of a dataset list page.
type ListData struct {
	Heading  func(lang string) string
	Datasets []*DS
	Facets   map[string][]Facet
	Current  string
}

// ThemeData is a theme page.
type ThemeData struct{ Theme *ThemeView }

// Calc is one worked example of the pricing page: a quantity and its quote per policy.
type Calc struct {
	Units  int64
	Quotes []pricing.Quote
}

// PricingData is the pricing page.
type PricingData struct {
	Policies []*model.PricingPolicy
	Examples []Calc
}

// Chart is a horizontal bar chart drawn as inline SVG.
type Chart struct {
	ID     string
	Title  string
	Bars   []Bar
	Height int
}

// Bar is one bar of a chart.
type Bar struct {
	Label  string
	Value  int
	Width  int
	Y      int
	TextY  int
	ValueY int
}

// StatsData is the stats page.
type StatsData struct {
	Charts func(lang string) []Chart
	// Quality sums the extracts' quality reports per department.
	Quality func(lang string) []DeptQuality
}

// DeptQuality is one department's extracts summed: rows and quality thresholds.
type DeptQuality struct {
	Name                              string
	Datasets                          int
	In, Written, Suppressed, Rejected int64
	Checks, Passed                    int
}

// quality sums the extracts of each department that published one.
func (s *Site) quality(lang string) []DeptQuality {
	var out []DeptQuality
	for _, d := range s.Departments {
		q := DeptQuality{Name: d.Name.In(lang)}
		for _, ds := range d.Datasets {
			if e := ds.Extract; e != nil {
				q.Datasets++
				q.In, q.Written, q.Suppressed, q.Rejected = q.In+e.RowsIn, q.Written+e.RowsWritten, q.Suppressed+e.RowsSuppressed, q.Rejected+e.RowsRejected
				q.Checks, q.Passed = q.Checks+e.Checks, q.Passed+e.ChecksPassed
			}
		}
		if q.Datasets > 0 {
			out = append(out, q)
		}
	}
	return out
}

func (s *Site) facetPages() (map[string][]Facet, []job) {
	facets := map[string][]Facet{}
	for _, d := range s.Departments {
		if len(d.Datasets) > 0 {
			facets["department"] = append(facets["department"], Facet{Key: "department", Value: d.ID, Path: "departments/" + d.ID + "/", Count: len(d.Datasets)})
		}
	}
	for _, t := range s.Themes {
		if len(t.Datasets) > 0 {
			facets["theme"] = append(facets["theme"], Facet{Key: "theme", Value: t.ID, Path: "themes/" + t.ID + "/", Count: len(t.Datasets)})
		}
	}
	var jobs []job
	group := func(key, dir string, values []string, of func(*DS) string) {
		for _, v := range values {
			var list []*DS
			for _, ds := range s.Datasets {
				if of(ds) == v {
					list = append(list, ds)
				}
			}
			if len(list) == 0 {
				continue
			}
			p := "datasets/" + dir + "/" + v + "/"
			facets[key] = append(facets[key], Facet{Key: key, Value: v, Path: p, Count: len(list)})
			jobs = append(jobs, job{path: p, tmpl: "list", data: &ListData{Datasets: list, Current: p, Heading: func(lang string) string {
				return messages[lang][key] + "：" + word(lang, v)
			}}})
			jobs[len(jobs)-1].title = jobs[len(jobs)-1].data.(*ListData).Heading
		}
	}
	group("open_type", "open-type", []string{model.OpenUnconditional, model.OpenConditional, model.OpenNonOpen}, func(d *DS) string { return d.OpenType })
	group("frequency", "frequency", model.Frequencies, func(d *DS) string { return d.Update.Frequency })
	group("price", "price", []string{"free", "charged"}, func(d *DS) string { return d.Price })
	for i := range jobs {
		jobs[i].data.(*ListData).Facets = facets
	}
	return facets, jobs
}

// jobs lists every page of one language, computed once.
func (s *Site) jobs() []job {
	s.jobsOnce.Do(func() { s.jobList = s.makeJobs() })
	return s.jobList
}

func (s *Site) makeJobs() []job {
	msg := func(key string) func(string) string { return func(l string) string { return messages[l][key] } }
	facets, facetJobs := s.facetPages()
	newest := slices.Clone(s.Datasets)
	slices.SortStableFunc(newest, func(a, b *DS) int { return cmp.Compare(b.Issued, a.Issued) })
	updated := slices.Clone(s.Datasets)
	slices.SortStableFunc(updated, func(a, b *DS) int { return cmp.Compare(b.Update.LastModified, a.Update.LastModified) })
	jobs := []job{
		{path: "", tmpl: "home", title: func(l string) string { return s.Portal.Title.In(l) }, search: true,
			data: map[string]any{"Newest": newest[:min(10, len(newest))], "Updated": updated[:min(10, len(updated))], "Themes": s.Themes}},
		{path: "datasets/", tmpl: "list", title: msg("all_datasets"), data: &ListData{Datasets: s.Datasets, Facets: facets, Current: "datasets/", Heading: msg("all_datasets")}},
		{path: "search/", tmpl: "search", title: msg("search"), search: true},
		{path: "departments/", tmpl: "departments", title: msg("departments"), data: s.Departments},
		{path: "themes/", tmpl: "themes", title: msg("themes"), data: s.Themes},
		{path: "elements/", tmpl: "elements", title: msg("elements_list"), data: s.Elements},
		{path: "pricing/", tmpl: "pricing", title: msg("pricing"), data: s.pricingData()},
		{path: "guide/", tmpl: "guides", title: msg("guide"), data: s.Guides},
		{path: "stats/", tmpl: "stats", title: msg("stats"), data: &StatsData{Charts: s.charts, Quality: s.quality}},
		{path: "404.html", tmpl: "404", title: msg("not_found")},
	}
	jobs = append(jobs, facetJobs...)
	for _, ds := range s.Datasets {
		jobs = append(jobs, job{path: "datasets/" + ds.ID + "/", tmpl: "dataset", title: func(l string) string { return ds.Title.In(l) }, data: ds})
		for _, v := range ds.Versions {
			jobs = append(jobs, job{path: v.Path(), tmpl: "version", title: func(l string) string { return ds.Title.In(l) + " " + v.Version }, data: v})
		}
	}
	for _, d := range s.Departments {
		jobs = append(jobs, job{path: "departments/" + d.ID + "/", tmpl: "department", title: func(l string) string { return d.Name.In(l) }, data: d})
	}
	for _, t := range s.Themes {
		jobs = append(jobs, job{path: "themes/" + t.ID + "/", tmpl: "theme", title: func(l string) string { return t.Name.In(l) }, data: t})
	}
	for _, e := range s.Elements {
		jobs = append(jobs, job{path: "elements/" + e.ID + "/", tmpl: "element", title: func(l string) string { return e.Name.In(l) }, data: e})
	}
	for _, g := range s.Guides {
		jobs = append(jobs, job{path: "guide/" + g.Slug + "/", tmpl: "guide", title: func(l string) string { return g.In(l).Front.Title.In(l) }, data: g})
	}
	return jobs
}

func (s *Site) pricingData() *PricingData {
	d := &PricingData{Policies: s.Pricing}
	for _, n := range []int64{50, 500, 5000} {
		c := Calc{Units: n}
		for _, p := range s.Pricing {
			q, _ := pricing.Cost(p, n, 0) // n is positive and the discount zero: Cost cannot fail
			c.Quotes = append(c.Quotes, q)
		}
		d.Examples = append(d.Examples, c)
	}
	return d
}

// charts draws the stats page's bar charts in lang.
func (s *Site) charts(lang string) []Chart {
	count := func(id, title string, labels []string, values []int) Chart {
		c := Chart{ID: id, Title: title}
		top := 1
		for _, v := range values {
			top = max(top, v)
		}
		// Each bar has its label on a line above it, so long names never overlap.
		for i, l := range labels {
			y := i * 40
			c.Bars = append(c.Bars, Bar{Label: l, Value: values[i], Width: values[i] * 540 / top, Y: y + 19, TextY: y + 14, ValueY: y + 32})
		}
		c.Height = len(labels)*40 + 4
		return c
	}
	var labels []string
	var values []int
	for _, d := range s.Departments {
		labels, values = append(labels, d.Name.In(lang)), append(values, len(d.Datasets))
	}
	charts := []Chart{count("by-department", messages[lang]["stats_by_department"], labels, values)}
	labels, values = nil, nil
	for _, o := range []string{model.OpenUnconditional, model.OpenConditional, model.OpenNonOpen} {
		n := 0
		for _, ds := range s.Datasets {
			if ds.OpenType == o {
				n++
			}
		}
		labels, values = append(labels, word(lang, o)), append(values, n)
	}
	charts = append(charts, count("by-open-type", messages[lang]["stats_by_open_type"], labels, values))
	labels, values = nil, nil
	for _, t := range s.Themes {
		labels, values = append(labels, t.Name.In(lang)), append(values, len(t.Datasets))
	}
	charts = append(charts, count("by-theme", messages[lang]["stats_by_theme"], labels, values))
	labels, values = nil, nil
	for _, f := range []string{"current", "overdue", "unknown"} {
		n := 0
		for _, ds := range s.Datasets {
			if ds.Fresh == f {
				n++
			}
		}
		labels, values = append(labels, messages[lang]["fresh_"+f]), append(values, n)
	}
	charts = append(charts, count("freshness", messages[lang]["stats_freshness"], labels, values))
	years := map[string]int{}
	for _, ds := range s.Datasets {
		if len(ds.Issued) >= 4 {
			years[string(ds.Issued[:4])]++
		}
	}
	labels, values = nil, nil
	total := 0
	for _, y := range slices.Sorted(mapKeys(years)) {
		total += years[y]
		labels, values = append(labels, y), append(values, total)
	}
	charts = append(charts, count("growth", messages[lang]["stats_growth"], labels, values))
	return charts
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

// itemSlot holds one dataset's list item, rendered once for a language and depth and
// reused by every list page there (a dataset appears on up to eight lists).
type itemSlot struct {
	once sync.Once
	html template.HTML
	err  error
}

// Items returns the rendered list items of datasets for this page, from the cache.
func (p *Page) Items(list []*DS) ([]template.HTML, error) {
	slots := p.Site.items[ld{p.Lang, p.depth}]
	if slots == nil { // the cache is dropped once the list pages are done
		slots = make([]itemSlot, len(p.Site.Datasets))
	}
	out := make([]template.HTML, len(list))
	for i, ds := range list {
		sl := &slots[ds.idx]
		sl.once.Do(func() {
			var v *itemView
			if v, sl.err = p.itemView(ds); sl.err == nil {
				sl.html, sl.err = p.renderItem(v, ds)
			}
		})
		if sl.err != nil {
			return nil, sl.err
		}
		out[i] = sl.html
	}
	return out, nil
}

// itemView is what the "dsitem" and "dsitem_body" templates show of a dataset in a
// list.
type itemView struct {
	// URL is the dataset page's URL, relative to the list page; Body the rest of the
	// item, rendered by "dsitem_body".
	URL                       string
	Body                      template.HTML
	Title, OpenType, OpenWord string
	// HasDept says whether the department id names a department (DeptName).
	HasDept                                        bool
	DeptName, FreqWord, LastModified, LastModLabel string
	Excerpt                                        string
}

// itemView is ds's list item in p's language, with its body rendered but without the
// URL (which depends on the page's depth).
func (p *Page) itemView(ds *DS) (*itemView, error) {
	v := &itemView{Title: ds.Title.In(p.Lang), OpenType: ds.OpenType, OpenWord: word(p.Lang, ds.OpenType),
		FreqWord: word(p.Lang, ds.Update.Frequency), LastModified: string(ds.Update.LastModified),
		LastModLabel: p.T["last_modified"], Excerpt: p.Excerpt(ds.Description, 120)}
	if ds.Dept != nil {
		v.HasDept, v.DeptName = true, ds.Dept.Name.In(p.Lang)
	}
	var err error
	v.Body, err = p.execute("dsitem_body", v)
	return v, err
}

// renderItem renders ds's list item for p's depth from v.
func (p *Page) renderItem(v *itemView, ds *DS) (template.HTML, error) {
	v.URL = p.U("datasets/" + ds.ID + "/")
	return p.execute("dsitem", v)
}

// execute renders the template name of p's set with data.
func (p *Page) execute(name string, data any) (template.HTML, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := p.tmpl.ExecuteTemplate(buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // #nosec: output of html/template
}

// renderItems fills the list-item cache of lang for datasets, at every depth a list
// page has.
func (s *Site) renderItems(byDepth []*Page, datasets []*DS) error {
	for _, ds := range datasets {
		v, err := byDepth[0].itemView(ds)
		if err != nil {
			return err
		}
		for _, p := range byDepth {
			sl := &s.items[ld{p.Lang, p.depth}][ds.idx]
			sl.once.Do(func() { sl.html, sl.err = p.renderItem(v, ds) })
			if sl.err != nil {
				return sl.err
			}
		}
	}
	return nil
}

// Page is what every template sees.
type Page struct {
	Site *Site
	// Lang is the page language; T its interface strings.
	Lang string
	T    map[string]string
	// Root is the relative path to the site root, LRoot to the language root.
	Root, LRoot string
	// Path is the page's directory below the language root.
	Path  string
	Title string
	// Search marks pages that load the search script.
	Search bool
	// Alt lists the page in the other languages.
	Alt  []AltLink
	Data any
	// Chrome is the layout shared by the pages of this language at this depth.
	Chrome *Chrome
	// depth is the number of directories below the language root.
	depth int
	// tmpl is the template set executing the page.
	tmpl *template.Template
}

// AltLink is the page in another language; HrefLang is its BCP 47 tag.
type AltLink struct{ Lang, HrefLang, Name, URL string }

// htmlLang is the BCP 47 tag of a site language.
func htmlLang(lang string) string {
	if lang == "zh" {
		return "zh-CN"
	}
	return lang
}

// Chrome is what the layout shows on every page of one language at one depth: the
// navigation and footer, rendered once from the "nav" and "footer" templates, and the
// strings around them.
type Chrome struct {
	HTMLLang, SiteTitle string
	// Style and SearchJS are the URLs of the stylesheet and (when published) the search
	// script.
	Style, SearchJS string
	Nav, Footer     template.HTML
}

// chromeFor returns the chrome of p's language and root, rendering it the first time.
func (s *Site) chromeFor(p *Page) (*Chrome, error) {
	key := p.Lang + "\x00" + p.Root
	s.chromeMu.Lock()
	defer s.chromeMu.Unlock()
	if c := s.chromes[key]; c != nil {
		return c, nil
	}
	c := &Chrome{HTMLLang: htmlLang(p.Lang), SiteTitle: p.Tx(s.Portal.Title), Style: p.Asset("assets/style.css")}
	if s.HasSearch() {
		c.SearchJS = p.Asset("search/search.js")
	}
	var b strings.Builder
	if err := p.tmpl.ExecuteTemplate(&b, "nav", p); err != nil {
		return nil, err
	}
	c.Nav = template.HTML(b.String()) // #nosec: output of html/template
	b.Reset()
	if err := p.tmpl.ExecuteTemplate(&b, "footer", p); err != nil {
		return nil, err
	}
	c.Footer = template.HTML(b.String()) // #nosec: output of html/template
	if s.chromes == nil {
		s.chromes = map[string]*Chrome{}
	}
	s.chromes[key] = c
	return c, nil
}

// Tx returns localized text in the page's language.
func (p *Page) Tx(t model.Text) string { return t.In(p.Lang) }

// TxP returns optional localized text, "" when absent.
func (p *Page) TxP(t *model.Text) string {
	if t == nil {
		return ""
	}
	return t.In(p.Lang)
}

// MD renders localized Markdown.
func (p *Page) MD(t model.Text) template.HTML {
	return p.Site.md[ld{p.Lang, p.depth}].Render(t.In(p.Lang))
}

// MDP renders optional localized Markdown.
func (p *Page) MDP(t *model.Text) template.HTML {
	if t == nil {
		return ""
	}
	return p.MD(*t)
}

// W names an enumerated value.
func (p *Page) W(v string) string { return word(p.Lang, v) }

// OpenMeaning says what an open type means.
func (p *Page) OpenMeaning(v string) string { return openMeaning[p.Lang][v] }

// Deid describes a column's de-identification.
func (p *Page) Deid(c model.Column) string { return deidWords(p.Lang, c) }

// U is the relative URL of a page given by its path below the language root.
func (p *Page) U(pathBelowLang string) string {
	if u := p.LRoot + pathBelowLang; u != "" {
		return u
	}
	return "./"
}

// PricingJSON is the pricing policies as the calculator script reads them, as JSON safe
// inside a <script> element (encoding/json escapes <, > and &).
func (p *Page) PricingJSON() template.JS {
	type tier struct {
		UpTo     *int64 `json:"up_to"`
		PriceFen int64  `json:"price_fen"`
	}
	type discount struct {
		Label   string  `json:"label"`
		Percent float64 `json:"percent"`
	}
	type policy struct {
		ID        string     `json:"id"`
		Name      string     `json:"name"`
		Scheme    string     `json:"scheme"`
		Tiers     []tier     `json:"tiers"`
		CapFen    *int64     `json:"cap_fen"`
		FreeQuota int64      `json:"free_quota"`
		Discounts []discount `json:"discounts"`
	}
	out := []policy{}
	for _, pp := range p.Site.Pricing {
		v := policy{ID: pp.ID, Name: pp.Name.In(p.Lang), Scheme: pp.Scheme, FreeQuota: pp.FreeQuota, Tiers: []tier{}, Discounts: []discount{}}
		for _, t := range pp.Tiers {
			v.Tiers = append(v.Tiers, tier{UpTo: t.UpTo, PriceFen: t.PriceFen})
		}
		if pp.Cap != nil {
			v.CapFen = &pp.Cap.PriceFen
		}
		for _, d := range pp.Discounts {
			v.Discounts = append(v.Discounts, discount{Label: d.Scenario.In(p.Lang), Percent: d.Percent})
		}
		out = append(out, v)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "[]"
	}
	return template.JS(b)
}

// ElementName names a data element by id.
func (p *Page) ElementName(id string) string {
	if e := p.Site.elemByID[id]; e != nil {
		return e.Name.In(p.Lang)
	}
	return id
}

// Clip shortens a preview value to n runes.
func (p *Page) Clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// ThemeName names a theme by id.
func (p *Page) ThemeName(id string) string {
	if t := p.Site.themeByID[id]; t != nil {
		return t.Name.In(p.Lang)
	}
	return id
}

// GuideHTML renders a guide page's Markdown body.
func (p *Page) GuideHTML(g *load.Guide) template.HTML {
	return p.Site.md[ld{p.Lang, p.depth}].Render(string(g.Body))
}

// Asset is the relative URL of a file given by its path below the site root.
func (p *Page) Asset(pathBelowRoot string) string { return p.Root + pathBelowRoot }

// Size formats a byte count.
func (p *Page) Size(n int64) string { return humanSize(n) }

// Yuan formats fen as yuan.
func (p *Page) Yuan(fen int64) string { return pricing.Yuan(fen) }

// Dept returns the department with id, nil when none.
func (p *Page) Dept(id string) *Dept { return p.Site.deptByID[id] }

var mdPunct = strings.NewReplacer("#", "", "*", "", "`", "", "|", " ", "[", "", "]", "")

// Excerpt is the start of a text, at most n runes, without Markdown punctuation.
func (p *Page) Excerpt(t model.Text, n int) string {
	s := strings.Join(strings.Fields(mdPunct.Replace(t.In(p.Lang))), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// SourceURL links a catalog file in the repository, "" when unknown.
func (p *Page) SourceURL(file string) string { return p.Site.repoURL(file) }

// ObjectionURL links the data-objection guide page, "" when there is none.
func (p *Page) ObjectionURL() string {
	if o := p.Site.objectionPath(); o != "" {
		return p.U(o)
	}
	return ""
}

// IssueURL links the repository's data-objection issue form, "" when unknown.
func (p *Page) IssueURL() string { return p.Site.issueURL() }

// DemoKeys reports whether the build used the demonstration keys.
func (p *Page) DemoKeys() bool { return p.Site.opts.DemoKeys }

// jsonLD is the schema.org Dataset description of a dataset page. The fields are in
// the order of their names, as encoding/json would sort a map's keys.
type jsonLD struct {
	Context             string       `json:"@context"`
	ID                  string       `json:"@id"`
	Type                string       `json:"@type"`
	Creator             *ldOrg       `json:"creator,omitempty"`
	DateModified        string       `json:"dateModified,omitempty"`
	DatePublished       string       `json:"datePublished,omitempty"`
	Description         string       `json:"description"`
	Distribution        []ldDownload `json:"distribution,omitempty"`
	Identifier          string       `json:"identifier"`
	InLanguage          string       `json:"inLanguage"`
	IsAccessibleForFree bool         `json:"isAccessibleForFree"`
	Keywords            []string     `json:"keywords,omitempty"`
	License             string       `json:"license,omitempty"`
	Name                string       `json:"name"`
	Publisher           *ldPub       `json:"publisher,omitempty"`
	SpatialCoverage     *ldPlace     `json:"spatialCoverage,omitempty"`
	TemporalCoverage    string       `json:"temporalCoverage,omitempty"`
	URL                 string       `json:"url"`
	Version             string       `json:"version"`
}

type ldOrg struct {
	Type  string `json:"@type"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type ldPub struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// ldPlace is a GB/T 2260 division as a schema.org Place: its name, code and, when
// known, its bounding box.
type ldPlace struct {
	Type       string   `json:"@type"`
	Geo        *ldShape `json:"geo,omitempty"`
	Identifier string   `json:"identifier"`
	Name       string   `json:"name"`
}

type ldShape struct {
	Type string `json:"@type"`
	Box  string `json:"box"`
}

type ldDownload struct {
	Type           string `json:"@type"`
	ContentSize    string `json:"contentSize"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat"`
}

// JSONLD is the schema.org Dataset description of a dataset page, as JSON safe to put
// inside a <script> element: encoding/json escapes <, > and &, so "</script>" in any
// catalog text cannot close the element. It carries Google's Dataset rich-result fields
// the dataset has (name, description as plain text, license, distribution with
// contentUrl and encodingFormat, temporalCoverage, spatialCoverage as a Place with a
// geo box, creator). @id is the dataset's IRI, the same in every language and in
// catalog.jsonld; url is the page in this language. isAccessibleForFree is true only
// for unconditionally open data that no pricing policy charges for.
func (p *Page) JSONLD(ds *DS) template.JS {
	base := p.Site.BaseURL()
	pageURL := base + p.Site.prefix(p.Lang) + "datasets/" + ds.ID + "/"
	m := jsonLD{
		Context: "https://schema.org/", Type: "Dataset", ID: base + "datasets/" + ds.ID + "/", URL: pageURL, Identifier: ds.ID,
		Name: ds.Title.In(p.Lang), Description: markdown.PlainText(ds.Description.In(p.Lang)), Version: ds.Version,
		InLanguage:          map[string]string{"zh": "zh-CN", "en": "en"}[p.Lang],
		IsAccessibleForFree: ds.OpenType == model.OpenUnconditional && ds.Price == "free",
		Keywords:            ds.Keywords, DatePublished: string(ds.Issued), DateModified: string(ds.Update.LastModified),
	}
	if lic := ds.License; lic != "" || ds.OpenType == model.OpenUnconditional && p.Site.Portal.License != "" {
		if lic == "" {
			lic = p.Site.Portal.License // unconditionally open data falls under the portal's licence
		}
		m.License = license.URL(lic, p.Site.Portal.Licenses)
	}
	if ds.Dept != nil {
		m.Creator = &ldOrg{Type: "GovernmentOrganization", Name: ds.Dept.Name.In(p.Lang), Email: ds.Dept.Contact}
	}
	if pub := p.Site.deptByID[p.Site.Portal.Publisher]; pub != nil {
		m.Publisher = &ldPub{Type: "GovernmentOrganization", Name: pub.Name.In(p.Lang)}
	}
	if ds.Temporal != nil && ds.Temporal.Start != "" {
		end := string(ds.Temporal.End)
		if end == "" {
			end = ".."
		}
		m.TemporalCoverage = string(ds.Temporal.Start) + "/" + end
	}
	if ds.Spatial != "" {
		m.SpatialCoverage = &ldPlace{Type: "Place", Identifier: ds.Spatial, Name: ds.Spatial}
		if pl, ok := place.Lookup(ds.Spatial); ok {
			m.SpatialCoverage.Name = pl.Name.In(p.Lang)
			if pl.BBox != nil {
				m.SpatialCoverage.Geo = &ldShape{Type: "GeoShape", Box: pl.BBox.SchemaBox()}
			}
		}
	}
	if ds.Extract != nil && len(ds.Extract.Files) > 0 {
		var dist []ldDownload
		for _, f := range ds.Extract.Files {
			dist = append(dist, ldDownload{Type: "DataDownload", ContentURL: base + f.Path, EncodingFormat: f.MediaType(), ContentSize: strconv.FormatInt(f.Size, 10)})
		}
		m.Distribution = dist
	}
	b, err := json.Marshal(&m)
	if err != nil {
		return "{}"
	}
	return template.JS(b)
}

var parsed = sync.OnceValues(parseTemplates)

// funcs are the template functions beyond Page's methods.
var funcs = template.FuncMap{
	"add":  func(a, b int) int { return a + b },
	"list": func(v ...any) []any { return v },
	"base": path.Base,
}

// parseTemplates parses the embedded templates once: every page template is a clone
// of the base (layout and partials) with its page file added.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templates.FS, "base/*.html")
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	names, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templates.FS, n); err != nil {
			return nil, fmt.Errorf("parsing templates: %w", err)
		}
		out[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return out, nil
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes every page in every language, and the static assets, into dir.
// listsDone, when not nil, is called once the pages with dataset lists are written and
// the list-item cache is dropped.
func (s *Site) render(ctx context.Context, dir string, listsDone func()) error {
	tmpls, err := parsed()
	if err != nil {
		return err
	}
	if err := copyAssets(dir); err != nil {
		return err
	}
	if err := s.writeQRCodes(dir); err != nil {
		return err
	}
	jobs := s.jobs()
	// List items first, in parallel: rendered lazily, the first big list page would
	// render every item alone while the other list pages wait for it.
	const chunk = 256
	type itemJob struct {
		byDepth []*Page
		part    []*DS
	}
	var itemJobs []itemJob
	for _, lang := range s.Langs {
		var byDepth []*Page
		for depth := 1; depth <= 3; depth++ {
			p := &Page{Site: s, Lang: lang, T: messages[lang], depth: depth, tmpl: tmpls["list"]}
			p.Root = s.toRoot(lang, depth)
			p.LRoot = p.Root + s.prefix(lang)
			byDepth = append(byDepth, p)
		}
		for i := 0; i < len(s.Datasets); i += chunk {
			itemJobs = append(itemJobs, itemJob{byDepth, s.Datasets[i:min(i+chunk, len(s.Datasets))]})
		}
	}
	if err := xsync.Each(ctx, len(itemJobs), func(_ context.Context, i int) error {
		return s.renderItems(itemJobs[i].byDepth, itemJobs[i].part)
	}); err != nil {
		return err
	}
	// The pages with dataset lists first: they are the list-item cache's only readers,
	// and the cache is dropped before the other pages (most of them the dataset pages)
	// are rendered.
	lists := func(j job) bool {
		switch j.tmpl {
		case "list", "department", "theme", "element":
			return true
		}
		return false
	}
	type pageJob struct {
		lang string
		j    job
	}
	for _, first := range []bool{true, false} {
		var pages []pageJob
		for _, lang := range s.Langs {
			for _, j := range jobs {
				if lists(j) == first {
					pages = append(pages, pageJob{lang, j})
				}
			}
		}
		if err := xsync.Each(ctx, len(pages), func(_ context.Context, i int) error {
			return s.renderPage(tmpls, dir, pages[i].lang, pages[i].j)
		}); err != nil {
			return err
		}
		if first {
			s.items = nil
			if listsDone != nil {
				listsDone()
			}
		}
	}
	return nil
}

func (s *Site) renderPage(tmpls map[string]*template.Template, dir, lang string, j job) error {
	t := tmpls[j.tmpl]
	if t == nil {
		return fmt.Errorf("no template %q", j.tmpl)
	}
	depth := strings.Count(j.path, "/")
	rel := j.path
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	p := &Page{
		Site: s, Lang: lang, T: messages[lang], Path: j.path, Search: j.search, Data: j.data, depth: depth,
		Root: s.toRoot(lang, depth), Title: j.title(lang), tmpl: t,
	}
	p.LRoot = p.Root + s.prefix(lang)
	if j.path == "404.html" {
		// 404.html is served for any missing path, so its links are absolute.
		p.Root = basePath(s.BaseURL())
		p.LRoot = p.Root + s.prefix(lang)
	}
	for _, l := range s.Langs {
		if l != lang {
			p.Alt = append(p.Alt, AltLink{Lang: l, HrefLang: htmlLang(l), Name: messages[l]["lang_name"], URL: p.Root + s.prefix(l) + j.path})
		}
	}
	if ds, ok := j.data.(*DS); ok && j.tmpl == "dataset" {
		p.Data = p.datasetView(ds)
	}
	if v, ok := j.data.(*Version); ok && j.tmpl == "version" {
		p.Data = p.versionView(v)
	}
	c, err := s.chromeFor(p)
	if err != nil {
		return fmt.Errorf("rendering %s%s: %w", s.prefix(lang), j.path, err)
	}
	p.Chrome = c
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("rendering %s%s: %w", s.prefix(lang), j.path, err)
	}
	out := filepath.Join(dir, filepath.FromSlash(s.prefix(lang)+rel))
	if err := mkdir(filepath.Dir(out)); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// mkdir makes dir and any missing parents. Most pages are alone in a new directory
// whose parent exists, so it tries a single mkdir first (os.MkdirAll would stat the
// directory and its parent before it).
func mkdir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	return os.MkdirAll(dir, 0o755)
}

// basePath is the path part of the base URL, e.g. "/" or "/portal/".
func basePath(base string) string {
	i := strings.Index(base, "://")
	if i < 0 {
		return "/"
	}
	rest := base[i+3:]
	j := strings.IndexByte(rest, '/')
	if j < 0 {
		return "/"
	}
	return rest[j:]
}

// copyAssets copies templates/assets into dir/assets.
func copyAssets(dir string) error {
	return fs.WalkDir(templates.FS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
}
