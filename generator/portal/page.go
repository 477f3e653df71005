package portal

import (
	"bytes"
	"cmp"
	"html/template"
	"slices"
	"strings"
	"sync"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/present"
)

// Page is what every template sees.
type Page struct {
	Site *Site
	// Lang is the page language; W its words (generator/present) and T their
	// interface text (W.UI).
	Lang string
	W    *present.Words
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
// head links, the navigation and the footer, rendered once from the "chromehead",
// "nav" and "footer" templates, and the strings around them.
type Chrome struct {
	HTMLLang, SiteTitle string
	// SearchJS is the URL of the search script when it is published.
	SearchJS          string
	Head, Nav, Footer template.HTML
	// Facets is the dataset list's filter menu ("facets"), rendered on first use.
	facetsOnce sync.Once
	facets     template.HTML
	facetsErr  error
}

// chromeFor returns the chrome of p's language and root, rendering it the first time.
func (s *Site) chromeFor(p *Page) (*Chrome, error) {
	key := p.Lang + "\x00" + p.Root
	s.chromeMu.Lock()
	defer s.chromeMu.Unlock()
	if c := s.chromes[key]; c != nil {
		return c, nil
	}
	c := &Chrome{HTMLLang: htmlLang(p.Lang), SiteTitle: p.Tx(s.Portal.Title)}
	if s.HasSearch() {
		c.SearchJS = p.Asset("search/search.js")
	}
	for _, part := range []struct {
		name string
		out  *template.HTML
	}{{"chromehead", &c.Head}, {"nav", &c.Nav}, {"footer", &c.Footer}} {
		var b strings.Builder
		if err := p.tmpl.ExecuteTemplate(&b, part.name, p); err != nil {
			return nil, err
		}
		*part.out = template.HTML(b.String()) // #nosec: output of html/template
	}
	if s.chromes == nil {
		s.chromes = map[string]*Chrome{}
	}
	s.chromes[key] = c
	return c, nil
}

// FacetsHTML is the dataset list's filter menu, the same on every list page of one
// language and depth, so rendered once.
func (p *Page) FacetsHTML() (template.HTML, error) {
	c := p.Chrome
	c.facetsOnce.Do(func() { c.facets, c.facetsErr = p.execute("facets", p) })
	return c.facets, c.facetsErr
}

// itemSlot holds one dataset's list item body, rendered once for a language and
// reused by every list page there (a dataset appears on a dozen lists).
type itemSlot struct {
	once sync.Once
	html template.HTML
	err  error
}

// ItemList returns the rendered list items of datasets for this page, each on a line
// of its own: the body of the "dslist" partial's <ul>. One string rather than an item
// per template value: html/template would call its escaper by reflection for each.
func (p *Page) ItemList(list []*DS) (template.HTML, error) {
	var b strings.Builder
	if err := p.writeItems(&b, list); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // #nosec: plain relative URLs and html/template output
}

// writeItems writes ItemList's lines into b, which it grows once to their size (a
// list page's 100 items are about 70 KB).
func (p *Page) writeItems(b interface {
	WriteString(string) (int, error)
	Grow(int)
}, list []*DS) error {
	slots := p.Site.items[p.Lang]
	bodies := make([]*itemSlot, len(list))
	size := 0
	for i, ds := range list {
		var sl *itemSlot
		if slots != nil {
			sl = &slots[ds.idx]
		} else { // the cache is dropped once the list pages are done
			sl = &itemSlot{}
		}
		sl.once.Do(func() { sl.html, sl.err = p.itemBody(ds) })
		if sl.err != nil {
			return sl.err
		}
		bodies[i] = sl
		size += len(sl.html) + len(p.LRoot) + len(ds.ID) + 40
	}
	b.Grow(size)
	for i, ds := range list {
		body := bodies[i].html
		b.WriteString("\n")
		u := p.U("datasets/" + ds.ID + "/")
		if !plainURL(u) {
			h, err := p.execute("dsitem", struct {
				URL  string
				Body template.HTML
			}{u, body})
			if err != nil {
				return err
			}
			b.WriteString(string(h))
			continue
		}
		b.WriteString("<li><h3><a href=\"")
		b.WriteString(u)
		b.WriteString("\">")
		b.WriteString(string(body))
		b.WriteString("</li>")
	}
	return nil
}

// itemView is what the "dsitem_body" template shows of a dataset in a list.
type itemView struct {
	Title, OpenType, OpenWord string
	Badges                    []badge
	Formats                   []string
	// HasDept says whether the department id names a department (DeptName).
	HasDept                                        bool
	DeptName, FreqWord, LastModified, LastModLabel string
	Excerpt                                        string
}

// itemBody renders ds's list item in p's language, without the URL in front.
func (p *Page) itemBody(ds *DS) (template.HTML, error) {
	w := p.W
	v := &itemView{Title: ds.Title.In(p.Lang), OpenType: ds.OpenType, OpenWord: w.Word("open_type", ds.OpenType),
		FreqWord: w.Word("frequency", ds.Update.Frequency), LastModified: string(ds.Update.LastModified),
		LastModLabel: p.T["last_modified"], Excerpt: p.Excerpt(ds.Description, 120)}
	if ds.Fresh == "overdue" {
		v.Badges = append(v.Badges, badge{Class: "overdue", Text: p.T["overdue"]})
	}
	for _, f := range ds.Formats {
		v.Formats = append(v.Formats, w.Word("format", f))
	}
	if ds.Dept != nil {
		v.HasDept, v.DeptName = true, ds.Dept.Name.In(p.Lang)
	}
	if fastPages {
		return itemBodyHTML(v), nil
	}
	return p.execute("dsitem_body", v)
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

// renderItems fills the list-item cache of p's language for datasets.
func (s *Site) renderItems(p *Page, datasets []*DS) error {
	for _, ds := range datasets {
		sl := &s.items[p.Lang][ds.idx]
		sl.once.Do(func() { sl.html, sl.err = p.itemBody(ds) })
		if sl.err != nil {
			return sl.err
		}
	}
	return nil
}

// Top returns the first n datasets of list by title in the page's language (all of
// them when n is 0).
func (p *Page) Top(list []*DS, n int) []*DS {
	out := slices.Clone(list)
	slices.SortFunc(out, func(a, b *DS) int {
		return cmp.Or(strings.Compare(a.titleKey[p.Lang], b.titleKey[p.Lang]), strings.Compare(a.ID, b.ID))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Word names an enumerated value of a field ("open_type", "frequency", …).
func (p *Page) Word(field, v string) string { return p.W.Word(field, v) }

// Words names each value of a list, joined with the language's separator.
func (p *Page) Words(field string, vs []string) string { return p.W.Words(field, vs) }

// Count is a count with its noun: "3 个数据集", "3 datasets".
func (p *Page) Count(key string, n int) string { return p.W.Count(key, n) }

// Duration says an ISO 8601 duration in words.
func (p *Page) Duration(iso string) string { return p.W.Duration(iso) }

// Period says a billing period in words.
func (p *Page) Period(iso string) string { return p.W.Period(iso) }

// Metric says a quality rule in words.
func (p *Page) Metric(r model.QualityRule) string { return p.W.Metric(r) }

// Level names a security level with what it means.
func (p *Page) Level(n int) string { return p.W.Level(n) }

// Bands says a pricing policy's price bands.
func (p *Page) Bands(pp *model.PricingPolicy) []string { return p.W.Bands(pp) }

// FreeQuota says a pricing policy's free quota, "" when none.
func (p *Page) FreeQuota(pp *model.PricingPolicy) string { return p.W.FreeQuota(pp) }

// Unit names a pricing policy's billed unit.
func (p *Page) Unit(pp *model.PricingPolicy) string { return p.W.Unit(pp) }

// Num writes a number without needless decimals.
func (p *Page) Num(f float64) string { return present.Number(f) }

// FacetName names a value of a list filter.
func (p *Page) FacetName(key, value string) string { return p.Site.FacetName(key, value, p.Lang) }
