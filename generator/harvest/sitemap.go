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
	Loc   string        `xml:"loc"`
	Links []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap renders sitemap.xml: one <url> per page in every language, each listing all
// language versions of the page (itself included) and an x-default, as Google's
// multilingual sitemap format asks.
func (g *gen) sitemap(w *bufio.Writer) error {
	langs := g.langs()
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
				urls = append(urls, sitemapURL{Loc: loc, Links: links})
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
