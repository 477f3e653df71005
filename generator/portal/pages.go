package portal

import (
	"cmp"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pricing"
	"github.com/shuyuan-project/shuyuan/schemas"
)

// HomeData is the home page: the key figures, the themes and the newest datasets.
type HomeData struct {
	// Datasets, Departments and Elements count the published ones; Downloads the
	// datasets with a data file to download; LastUpdate is the newest last_modified.
	Datasets, Departments, Elements, Downloads int
	LastUpdate                                 string
	// Themes are the themes with datasets, the largest first.
	Themes          []*ThemeView
	Newest, Updated []*DS
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

// Chart is a horizontal bar chart drawn as inline SVG, in a viewBox Width units wide
// that the stylesheet scales to the page (text stays at least 12 px at 390 px).
type Chart struct {
	ID            string
	Title         string
	Bars          []Bar
	Width, Height int
}

// Bar is one bar of a chart: Label in full (the data table), Short as it fits on
// the chart.
type Bar struct {
	Label, Short string
	Value        int
	Width        int
	Y            int
	TextY        int
	ValueY       int
}

// StatsData is the stats page.
type StatsData struct {
	Charts func(lang string) []Chart
	// Quality sums the extracts' quality reports per department.
	Quality func(lang string) []DeptQuality
	// Ops is the operations report (数据运营报告), nil when there is nothing to report.
	Ops func(lang string) *OpsView
}

// DeptQuality is one department's extracts summed: rows and quality thresholds.
type DeptQuality struct {
	Name                              string
	Datasets                          int
	In, Written, Suppressed, Rejected int64
	Checks, Passed                    int
}

// InterfacesData is the open-data interfaces page.
type InterfacesData struct {
	// Base is the portal's base URL.
	Base string
	// Schemas are the JSON Schema files published under schemas/.
	Schemas []string
	// Example shows how to read one published file, nil when nothing is published.
	Example *ifExample
}

// ifExample are copy-paste commands that read one dataset's published file.
type ifExample struct {
	ID                             string
	Title                          model.Text
	Curl, DuckDB, Pandas, Minisign string
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

// jobs lists every page of one language, computed once.
func (s *Site) jobs() []job {
	s.jobsOnce.Do(func() { s.jobList = s.makeJobs() })
	return s.jobList
}

func (s *Site) makeJobs() []job {
	ui := func(key string) func(string) string { return func(l string) string { return s.words[l].UI[key] } }
	groups, listJobs := s.listJobs()
	s.FacetGroups = groups
	jobs := []job{
		{path: "", tmpl: "home", title: func(l string) string { return s.Portal.Title.In(l) }, search: true, data: s.homeData()},
		{path: "search/", tmpl: "search", title: ui("search"), search: true},
		{path: "departments/", tmpl: "departments", title: ui("departments"), data: s.Departments},
		{path: "themes/", tmpl: "themes", title: ui("themes"), data: s.Themes},
		{path: "elements/", tmpl: "elements", title: ui("elements_list"), data: s.Elements},
		{path: "pricing/", tmpl: "pricing", title: ui("pricing"), data: s.pricingData()},
		{path: "guide/", tmpl: "guides", title: ui("guide"), data: s.Guides},
		{path: "stats/", tmpl: "stats", title: ui("stats"), data: &StatsData{Charts: s.charts, Quality: s.quality, Ops: s.opsView}},
		{path: "interfaces/", tmpl: "interfaces", title: ui("interfaces"), data: s.interfacesData()},
		{path: "404.html", tmpl: "404", title: ui("not_found"), search: true},
	}
	jobs = append(jobs, listJobs...)
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

func (s *Site) homeData() *HomeData {
	d := &HomeData{Datasets: len(s.Datasets), Departments: len(s.Departments), Elements: len(s.Elements)}
	for _, ds := range s.Datasets {
		if len(ds.Formats) > 0 {
			d.Downloads++
		}
		d.LastUpdate = max(d.LastUpdate, string(ds.Update.LastModified))
	}
	if d.LastUpdate == "" {
		d.LastUpdate = s.AsOf
	}
	for _, t := range s.Themes {
		if len(t.Datasets) > 0 {
			d.Themes = append(d.Themes, t)
		}
	}
	slices.SortStableFunc(d.Themes, func(a, b *ThemeView) int { return cmp.Compare(len(b.Datasets), len(a.Datasets)) })
	d.Newest = s.sortedDatasets("issued", s.Langs[0])
	d.Newest = d.Newest[:min(6, len(d.Newest))]
	d.Updated = s.sortedDatasets("updated", s.Langs[0])
	d.Updated = d.Updated[:min(6, len(d.Updated))]
	return d
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

// interfacesData lists the machine-readable files and writes the examples for the
// first unconditionally open dataset with a Parquet download.
func (s *Site) interfacesData() *InterfacesData {
	base := s.BaseURL()
	d := &InterfacesData{Base: base}
	names, _ := fs.Glob(schemas.FS, "*.schema.json")
	d.Schemas = names
	for _, ds := range s.Datasets {
		if ds.OpenType != model.OpenUnconditional || ds.Extract == nil {
			continue
		}
		var parquet, csv string
		for _, f := range ds.Extract.Files {
			switch strings.ToLower(path.Ext(f.Path)) {
			case ".parquet":
				parquet = f.Path
			case ".csv":
				csv = f.Path
			}
		}
		if parquet == "" {
			continue
		}
		rel := strings.TrimPrefix(parquet, "data/")
		ex := &ifExample{ID: ds.ID, Title: ds.Title}
		var curl strings.Builder
		curl.WriteString("curl -sSfO " + base + "data/SHA256SUMS\n")
		if s.Signed() {
			curl.WriteString("curl -sSfO " + base + "data/SHA256SUMS.minisig\n")
		}
		curl.WriteString("curl -sSf --create-dirs -o " + rel + " " + base + parquet + "\n")
		curl.WriteString("sha256sum -c --ignore-missing SHA256SUMS")
		ex.Curl = curl.String()
		ex.DuckDB = "INSTALL httpfs;\nLOAD httpfs;\nSELECT * FROM read_parquet('" + base + parquet + "') LIMIT 10;\n" +
			"-- " + "after the curl commands above, from the downloaded file:\nSELECT count(*) FROM read_parquet('" + rel + "');"
		ex.Pandas = "import pandas as pd  # with pyarrow installed\n\ndf = pd.read_parquet(\"" + base + parquet + "\")\nprint(df.head())"
		if csv != "" {
			ex.Pandas += "\n\n# or the CSV file (UTF-8 with a byte order mark)\ndf = pd.read_csv(\"" + base + csv + "\", encoding=\"utf-8-sig\")"
		}
		if s.Signed() {
			if key := publicKeyLine(s.opts.PublicKey); key != "" {
				ex.Minisign = "minisign -Vm SHA256SUMS -P " + key
			}
		}
		d.Example = ex
		break
	}
	return d
}

// publicKeyLine is the key line of a minisign public key file (the line after the
// untrusted comment), "" when there is none.
func publicKeyLine(pub []byte) string {
	for _, line := range strings.Split(string(pub), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "untrusted comment:") {
			return line
		}
	}
	return ""
}

// Chart geometry, in viewBox units: the chart is chartWidth wide, each bar a row of
// chartRow units with its label above it in chartFont-unit text.
const (
	chartWidth = 360
	chartRow   = 44
	chartBar   = 290 // the longest bar, leaving room for its value
)

// charts draws the stats page's bar charts in lang.
func (s *Site) charts(lang string) []Chart {
	w := s.words[lang]
	count := func(id, title string, labels []string, values []int, sorted bool) Chart {
		c := Chart{ID: id, Title: title, Width: chartWidth}
		order := make([]int, len(labels))
		for i := range order {
			order[i] = i
		}
		if sorted {
			slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(values[b], values[a]) })
		}
		top := 1
		for _, v := range values {
			top = max(top, v)
		}
		for row, i := range order {
			y := row * chartRow
			c.Bars = append(c.Bars, Bar{Label: labels[i], Short: fit(labels[i], chartWidth-4), Value: values[i],
				Width: values[i] * chartBar / top, Y: y + 21, TextY: y + 15, ValueY: y + 33})
		}
		c.Height = len(labels)*chartRow + 4
		return c
	}
	var labels []string
	var values []int
	for _, d := range s.Departments {
		if len(d.Datasets) > 0 {
			labels, values = append(labels, d.Name.In(lang)), append(values, len(d.Datasets))
		}
	}
	charts := []Chart{count("by-department", w.UI["stats_by_department"], labels, values, true)}
	labels, values = nil, nil
	for _, o := range []string{model.OpenUnconditional, model.OpenConditional, model.OpenNonOpen} {
		n := 0
		for _, ds := range s.Datasets {
			if ds.OpenType == o {
				n++
			}
		}
		labels, values = append(labels, w.Word("open_type", o)), append(values, n)
	}
	charts = append(charts, count("by-open-type", w.UI["stats_by_open_type"], labels, values, false))
	labels, values = nil, nil
	for _, t := range s.Themes {
		labels, values = append(labels, t.Name.In(lang)), append(values, len(t.Datasets))
	}
	charts = append(charts, count("by-theme", w.UI["stats_by_theme"], labels, values, true))
	labels, values = nil, nil
	for _, f := range []string{"current", "overdue", "unknown"} {
		n := 0
		for _, ds := range s.Datasets {
			if ds.Fresh == f {
				n++
			}
		}
		labels, values = append(labels, w.Word("fresh", f)), append(values, n)
	}
	charts = append(charts, count("freshness", w.UI["stats_freshness"], labels, values, false))
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
	charts = append(charts, count("growth", w.UI["stats_growth"], labels, values, false))
	return charts
}

// fit shortens a chart label to about width viewBox units of 14-unit text (a Han
// character is about 14 units wide, other characters about 8), ending it in "…".
func fit(s string, width int) string {
	runeWidth := func(r rune) int {
		if unicode.Is(unicode.Han, r) || r >= 0x3000 {
			return 14
		}
		return 8
	}
	total := 0
	for _, r := range s {
		total += runeWidth(r)
	}
	if total <= width {
		return s
	}
	used := 0
	for i, r := range s {
		cw := runeWidth(r)
		if used+cw > width-14 {
			return s[:i] + "…"
		}
		used += cw
	}
	return s
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
