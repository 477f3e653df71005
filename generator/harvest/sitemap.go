package harvest

import (
	"bufio"
	"encoding/xml"
	"sort"
	"strings"
)

// hreflang is the BCP 47 tag of a site language.
func hreflang(lang string) string {
	if lang == "zh" {
		return "zh-CN"
	}
	return lang
}

type sitemapURL struct {
	Loc     string        `xml:"loc"`
	LastMod string        `xml:"lastmod,omitempty"`
	Links   []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// lastMods returns the date each page last changed, by its path without language
// prefix, from the catalog: a dataset page changes with its dataset (modified), a
// department's or theme's page with the newest of its datasets; every other page
// (home, lists, elements, guides, pricing, stats) is dated by the newest dataset of
// the catalog, as the date the site's content last changed. The second result is
// that newest date.
func (g *gen) lastMods() (map[string]string, string) {
	m := map[string]string{}
	newest := ""
	later := func(key, date string) {
		if date > m[key] {
			m[key] = date
		}
	}
	for _, d := range g.datasets {
		ds := d.V
		mod := modified(ds)
		newest = max(newest, mod)
		later("datasets/"+ds.ID+"/", mod)
		later("departments/"+ds.Department+"/", mod)
		for _, th := range ds.Themes {
			later("themes/"+th+"/", mod)
		}
	}
	return m, newest
}

// sitemap renders sitemap.xml: one <url> per page in every language, with the date it
// last changed (lastMods) and all language versions of the page (itself included) and
// an x-default, as Google's multilingual sitemap format asks.
func (g *gen) sitemap(w *bufio.Writer) error {
	langs := g.langs()
	mods, newest := g.lastMods()
	lastMod := map[string]string{} // page URL → date
	// key: the page path without language prefix; value: lang → page URL.
	versions := map[string]map[string]string{}
	for _, p := range g.in.Pages {
		p = strings.TrimPrefix(p, "/")
		p = strings.TrimSuffix(p, "index.html")
		lang, key := langs[0], p
		for _, l := range langs[1:] {
			if p == l+"/" || strings.HasPrefix(p, l+"/") {
				lang, key = l, strings.TrimPrefix(p, l+"/")
			}
		}
		if versions[key] == nil {
			versions[key] = map[string]string{}
		}
		versions[key][lang] = g.base + p
		if d, ok := mods[key]; ok {
			lastMod[g.base+p] = d
		} else {
			lastMod[g.base+p] = newest
		}
	}
	var urls []sitemapURL
	for _, v := range versions {
		var links []sitemapLink
		if len(v) > 1 {
			for _, l := range langs {
				if href, ok := v[l]; ok {
					links = append(links, sitemapLink{Rel: "alternate", Hreflang: hreflang(l), Href: href})
				}
			}
			if def, ok := v[langs[0]]; ok {
				links = append(links, sitemapLink{Rel: "alternate", Hreflang: "x-default", Href: def})
			}
		}
		for _, l := range langs {
			if loc, ok := v[l]; ok {
				urls = append(urls, sitemapURL{Loc: loc, LastMod: lastMod[loc], Links: links})
			}
		}
	}
	sort.Slice(urls, func(i, j int) bool { return urls[i].Loc < urls[j].Loc })
	buf := w
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	enc := xml.NewEncoder(buf)
	enc.Indent("  ", "  ")
	for _, u := range urls {
		if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
			return err
		}
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err := buf.WriteString("\n</urlset>\n")
	return err
}

// robots renders robots.txt: everything may be crawled; the sitemap is named.
func (g *gen) robots(w *bufio.Writer) error {
	_, err := w.WriteString("User-agent: *\nAllow: /\n\nSitemap: " + g.base + "sitemap.xml\n")
	return err
}
