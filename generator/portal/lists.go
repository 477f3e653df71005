package portal

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// The dataset list works without JavaScript: every filter (one value of one facet, or
// none) in every order is a set of pre-rendered pages of PageSize datasets.
//
//	datasets/                                   all datasets, by title, page 1
//	datasets/page/2/                            page 2
//	datasets/sort/updated/  datasets/sort/issued/   the other orders
//	datasets/<facet>/<value>/[sort/<order>/][page/<n>/]   one filter
//
// A Chinese list is sorted by the titles' pinyin, an English one by the English titles.

// PageSize is the number of datasets on one list page.
const PageSize = 100

// listOrders are the orders of every list: the title order first (the filter's own
// URL), then the newest update and the newest publication.
var listOrders = []struct{ id, seg string }{{"title", ""}, {"updated", "sort/updated/"}, {"issued", "sort/issued/"}}

// facetDims are the list filters in the order the sidebar shows them: the message
// key (and words field) of each, and its directory below datasets/.
var facetDims = []struct{ key, dir string }{
	{"theme", "theme"}, {"department", "department"}, {"open_type", "open-type"}, {"format", "format"},
	{"updated", "updated"}, {"frequency", "frequency"}, {"price", "price"},
}

// reservedID reports whether id is a directory below datasets/ that list pages use,
// which no dataset may have as its id.
func reservedID(id string) bool {
	if id == "sort" || id == "page" {
		return true
	}
	for _, d := range facetDims {
		if d.dir == id {
			return true
		}
	}
	return false
}

// Facet is one value of a list filter and the first page of its list.
type Facet struct {
	// Key is the facet ("theme", "open_type", …), Value the value's id.
	Key, Value string
	// Path is the list's first page below the language root: datasets/<dir>/<value>/.
	Path  string
	Count int
}

// FacetGroup is one facet with the values that have datasets.
type FacetGroup struct {
	Key    string
	Values []Facet
}

// ListData is one page of a dataset list.
type ListData struct {
	// Filter is the facet value listed, nil for all datasets.
	Filter *Facet
	// Order is "title", "updated" or "issued".
	Order string
	// Base is the filter's first page in title order, below the language root.
	Base string
	// Page is this page's number (from 1), Pages the number of pages, Total the
	// number of datasets in the list.
	Page, Pages, Total int
	// byLang are this page's datasets in each language.
	byLang map[string][]*DS
}

// Datasets are the page's datasets in lang.
func (d *ListData) Datasets(lang string) []*DS { return d.byLang[lang] }

// OrderPath is the first page of order below the language root.
func (d *ListData) OrderPath(order string) string {
	for _, o := range listOrders {
		if o.id == order {
			return d.Base + o.seg
		}
	}
	return d.Base
}

// PagePath is page n of the list in its order, below the language root.
func (d *ListData) PagePath(n int) string {
	p := d.OrderPath(d.Order)
	if n > 1 {
		p += "page/" + strconv.Itoa(n) + "/"
	}
	return p
}

// PageNumbers are the page numbers the pager links: the first, the last and the
// two either side of this page; 0 marks a gap.
func (d *ListData) PageNumbers() []int {
	var out []int
	for n := 1; n <= d.Pages; n++ {
		if n == 1 || n == d.Pages || n >= d.Page-2 && n <= d.Page+2 {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// Orders lists the order ids.
func (d *ListData) Orders() []string { return []string{"title", "updated", "issued"} }

// facetValues are the values of facet key that ds has.
func (s *Site) facetValues(key string, ds *DS) []string {
	switch key {
	case "theme":
		out := make([]string, len(ds.ThemeList))
		for i, t := range ds.ThemeList {
			out[i] = t.ID
		}
		return out
	case "department":
		if ds.Dept != nil {
			return []string{ds.Dept.ID}
		}
	case "open_type":
		return []string{ds.OpenType}
	case "format":
		return ds.Formats
	case "updated":
		return ds.Updated
	case "frequency":
		return []string{ds.Update.Frequency}
	case "price":
		return []string{ds.Price}
	}
	return nil
}

// facetOrder is the display order of a facet's values.
func (s *Site) facetOrder(key string) []string {
	switch key {
	case "theme":
		out := make([]string, len(s.Themes))
		for i, t := range s.Themes {
			out[i] = t.ID
		}
		return out
	case "department":
		out := make([]string, len(s.Departments))
		for i, d := range s.Departments {
			out[i] = d.ID
		}
		return out
	case "open_type":
		return []string{model.OpenUnconditional, model.OpenConditional, model.OpenNonOpen}
	case "format":
		return []string{"parquet", "csv"}
	case "updated":
		return []string{"month", "quarter", "year", "older"}
	case "frequency":
		return model.Frequencies
	case "price":
		return []string{"free", "charged"}
	}
	return nil
}

// sortedDatasets returns every dataset in order for lang.
func (s *Site) sortedDatasets(order, lang string) []*DS {
	out := slices.Clone(s.Datasets)
	switch order {
	case "title":
		slices.SortStableFunc(out, func(a, b *DS) int {
			return cmp.Or(strings.Compare(a.titleKey[lang], b.titleKey[lang]), strings.Compare(a.ID, b.ID))
		})
	case "updated":
		slices.SortStableFunc(out, func(a, b *DS) int {
			return cmp.Or(cmp.Compare(b.Update.LastModified, a.Update.LastModified), strings.Compare(a.ID, b.ID))
		})
	case "issued":
		slices.SortStableFunc(out, func(a, b *DS) int {
			return cmp.Or(cmp.Compare(b.Issued, a.Issued), strings.Compare(a.ID, b.ID))
		})
	}
	return out
}

// listJobs makes the pages of every dataset list and the facets the sidebar shows.
func (s *Site) listJobs() ([]FacetGroup, []job) {
	type filterKey struct{ key, value string }
	// members[filter][order][lang] is the filter's datasets in that order.
	members := map[filterKey]map[string]map[string][]*DS{}
	add := func(k filterKey, order, lang string, ds *DS) {
		m := members[k]
		if m == nil {
			m = map[string]map[string][]*DS{}
			members[k] = m
		}
		if m[order] == nil {
			m[order] = map[string][]*DS{}
		}
		m[order][lang] = append(m[order][lang], ds)
	}
	for _, o := range listOrders {
		for _, lang := range s.Langs {
			for _, ds := range s.sortedDatasets(o.id, lang) {
				add(filterKey{}, o.id, lang, ds)
				for _, d := range facetDims {
					for _, v := range s.facetValues(d.key, ds) {
						add(filterKey{d.key, v}, o.id, lang, ds)
					}
				}
			}
		}
	}
	var groups []FacetGroup
	var jobs []job
	addLists := func(f *Facet, base string, k filterKey) {
		m := members[k]
		total := len(m["title"][s.Langs[0]])
		pages := max(1, (total+PageSize-1)/PageSize)
		for _, o := range listOrders {
			for n := 1; n <= pages; n++ {
				d := &ListData{Filter: f, Order: o.id, Base: base, Page: n, Pages: pages, Total: total, byLang: map[string][]*DS{}}
				for _, lang := range s.Langs {
					all := m[o.id][lang]
					d.byLang[lang] = all[min(len(all), (n-1)*PageSize):min(len(all), n*PageSize)]
				}
				jobs = append(jobs, job{path: d.PagePath(n), tmpl: "list", data: d, title: func(lang string) string { return s.listHeading(d, lang) }})
			}
		}
	}
	addLists(nil, "datasets/", filterKey{})
	for _, dim := range facetDims {
		g := FacetGroup{Key: dim.key}
		for _, v := range s.facetOrder(dim.key) {
			k := filterKey{dim.key, v}
			n := len(members[k]["title"][s.Langs[0]])
			if n == 0 {
				continue
			}
			f := &Facet{Key: dim.key, Value: v, Path: "datasets/" + dim.dir + "/" + v + "/", Count: n}
			g.Values = append(g.Values, *f)
			addLists(f, f.Path, k)
		}
		if len(g.Values) > 0 {
			groups = append(groups, g)
		}
	}
	return groups, jobs
}

// FacetName names a facet value in lang: a theme's or department's name, else the
// value's words.
func (s *Site) FacetName(key, value, lang string) string {
	switch key {
	case "theme":
		if t := s.themeByID[value]; t != nil {
			return t.Name.In(lang)
		}
	case "department":
		if d := s.deptByID[value]; d != nil {
			return d.Name.In(lang)
		}
	default:
		return s.words[lang].Word(key, value)
	}
	return value
}

// listHeading is a list page's heading: "全部数据集" or "开放类型：有条件开放".
func (s *Site) listHeading(d *ListData, lang string) string {
	w := s.words[lang]
	if d.Filter == nil {
		return w.UI["all_datasets"]
	}
	return w.F("list_heading", "facet", w.UI[d.Filter.Key], "value", s.FacetName(d.Filter.Key, d.Filter.Value, lang))
}
