// Package feed writes the portal's syndication feeds of new and updated datasets:
// Atom, RSS 2.0 and JSON Feed 1.1, for the whole catalog, per department and per theme.
//
// Layout, for the site's default language (the first of portal.yaml's languages) at the
// root and every other language under its own prefix (en/…):
//
//	feeds/datasets.atom|.rss|.json               every published dataset
//	feeds/departments/<id>.atom|.rss|.json       one department's datasets
//	feeds/themes/<id>.atom|.rss|.json            one theme's datasets
//	en/feeds/…                                   the same feeds in English, linking /en/ pages
//
// One item is written per published version of a dataset (a changelog entry), so a new
// dataset and every new version both appear. Drafts are left out. Everything comes from
// the catalog, never the clock, so two builds are byte-identical:
//
//   - item id: tag:<host>,<issued>:dataset/<id>/<version>, where <issued> is the dataset's
//     issued date (or its oldest changelog date); items of a non-default language get
//     the suffix /<lang> so that each (entry, language) pair has its own id;
//   - published = the changelog date; updated = the changelog date, or for the newest
//     version the later of it and update.last_modified;
//   - items sorted by updated date, newest first, then by id; at most MaxItems per feed;
//   - feed updated = the newest item's date (or, for an empty feed, the newest date in
//     the whole catalog).
//
// The three formats agree on order and dates: Atom has <published> and <updated>, JSON
// Feed date_published and date_modified, and RSS, which has a single date, gives each
// item's <pubDate> its updated date, the date the items are ordered by. An RSS item
// names its department in <dc:creator> (RSS's <author> must be an e-mail address). A
// feed without items still lists none: JSON Feed's "items" is an empty array, never
// missing.
//
// gorilla/feeds builds the Atom entries and the JSON Feed; the Atom feed element is
// rebuilt here because the library takes the feed id from its link, has no rel="self"
// link and marks summaries as HTML, and RSS is written from this package's own structs
// for <dc:creator> and <atom:link rel="self">. Summaries are plain text: descriptions
// are Markdown written by departments, rendered to text by markdown.PlainText and never
// read as HTML by a feed reader (Atom summary type="text"; the RSS description, which
// readers treat as HTML, is HTML-escaped; JSON Feed uses content_text).
package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gorilla/feeds"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/markdown"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// MaxItems is the largest number of items in one feed.
const MaxItems = 100

// summaryRunes is how much of a description an item's summary keeps.
const summaryRunes = 280

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// item is one dataset version, before it is localized.
type item struct {
	ds      *load.Doc[model.Dataset]
	entry   model.ChangelogEntry
	issued  string
	created time.Time
	updated time.Time
}

// Write writes every feed of cat into siteDir. baseURL is the absolute URL the site is
// published at, ending in "/"; empty means the portal's base_url.
func Write(siteDir string, cat *load.Catalog, baseURL string) error {
	if cat == nil || cat.Portal == nil {
		return fmt.Errorf("feeds: the catalog has no valid portal.yaml")
	}
	portal := cat.Portal.V
	if baseURL == "" {
		baseURL = portal.BaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("feeds: base URL %q is not an absolute http(s) URL", baseURL)
	}
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	items, err := collect(cat)
	if err != nil {
		return err
	}
	var newest time.Time
	for _, it := range items {
		if it.updated.After(newest) {
			newest = it.updated
		}
	}
	langs := portal.Languages
	if len(langs) == 0 {
		langs = []string{"zh"}
	}
	// Each department's and theme's items, newest first as in items, at most MaxItems:
	// grouped once rather than filtered from all items for every feed and language.
	byDept, byTheme := map[string][]item{}, map[string][]item{}
	for _, it := range items {
		if d := it.ds.V.Department; len(byDept[d]) < MaxItems {
			byDept[d] = append(byDept[d], it)
		}
		for i, t := range it.ds.V.Themes {
			if !slices.Contains(it.ds.V.Themes[:i], t) && len(byTheme[t]) < MaxItems {
				byTheme[t] = append(byTheme[t], it)
			}
		}
	}
	w := &writer{siteDir: siteDir, base: baseURL, host: u.Host, cat: cat, newest: newest, defaultLang: langs[0]}
	for _, lang := range langs {
		w.lang = lang
		if err := w.write("feeds/datasets", "datasets/", globalTitle(portal, lang), items); err != nil {
			return err
		}
		for _, d := range cat.Departments {
			if !idPattern.MatchString(d.V.ID) {
				return fmt.Errorf("%s: department id %q is not a valid id", d.Path, d.V.ID)
			}
			sel := byDept[d.V.ID]
			title := d.V.Name.In(lang) + sep(lang) + portal.Title.In(lang)
			if err := w.write("feeds/departments/"+d.V.ID, "departments/"+d.V.ID+"/", title, sel); err != nil {
				return err
			}
		}
		for _, th := range portal.Themes {
			if !idPattern.MatchString(th.ID) {
				return fmt.Errorf("%s: theme id %q is not a valid id", cat.Portal.Path, th.ID)
			}
			sel := byTheme[th.ID]
			title := th.Name.In(lang) + sep(lang) + portal.Title.In(lang)
			if err := w.write("feeds/themes/"+th.ID, "themes/"+th.ID+"/", title, sel); err != nil {
				return err
			}
		}
	}
	return nil
}

// sep separates an entity's name from the portal's in a feed title.
func sep(string) string { return " — " }

func globalTitle(p *model.Portal, lang string) string {
	if lang == "zh" {
		return p.Title.In(lang) + "：新增与更新的数据集"
	}
	return p.Title.In(lang) + ": new and updated datasets"
}

// Published reports whether a dataset appears in feeds and machine-readable catalogs:
// every status but draft.
func Published(ds *model.Dataset) bool { return ds.Status != model.StatusDraft }

// collect turns every published dataset version into an item, sorted newest first.
func collect(cat *load.Catalog) ([]item, error) {
	var items []item
	for _, d := range cat.Datasets {
		ds := d.V
		if !Published(ds) {
			continue
		}
		if !idPattern.MatchString(ds.ID) {
			return nil, fmt.Errorf("%s: dataset id %q is not a valid id", d.Path, ds.ID)
		}
		issued := string(ds.Issued)
		if issued == "" {
			for _, e := range ds.Changelog {
				if issued == "" || string(e.Date) < issued {
					issued = string(e.Date)
				}
			}
		}
		if _, err := parseDate(d, issued, "issued"); err != nil {
			return nil, err
		}
		var lastMod time.Time
		if ds.Update.LastModified != "" {
			t, err := parseDate(d, string(ds.Update.LastModified), "update", "last_modified")
			if err != nil {
				return nil, err
			}
			lastMod = t
		}
		for i, e := range ds.Changelog {
			t, err := parseDate(d, string(e.Date), "changelog", i, "date")
			if err != nil {
				return nil, err
			}
			it := item{ds: d, entry: e, issued: issued, created: t, updated: t}
			if i == 0 && lastMod.After(t) {
				it.updated = lastMod
			}
			items = append(items, it)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if !a.updated.Equal(b.updated) {
			return a.updated.After(b.updated)
		}
		if a.ds.V.ID != b.ds.V.ID {
			return a.ds.V.ID < b.ds.V.ID
		}
		return a.entry.Version > b.entry.Version
	})
	return items, nil
}

func parseDate(d *load.Doc[model.Dataset], s string, path ...any) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		p := d.Pos(path...)
		return time.Time{}, fmt.Errorf("%s:%d:%d: %q is not a valid date; write YYYY-MM-DD", d.Path, p.Line, p.Col, s)
	}
	return t.UTC(), nil
}

type writer struct {
	siteDir, base, host string
	cat                 *load.Catalog
	newest              time.Time
	lang, defaultLang   string
}

// prefix is the URL and path prefix of the current language: "" or "en/".
func (w *writer) prefix() string {
	if w.lang == w.defaultLang {
		return ""
	}
	return w.lang + "/"
}

// write writes name.atom, name.rss and name.json for the items, linking page.
func (w *writer) write(name, page, title string, items []item) error {
	if len(items) > MaxItems {
		items = items[:MaxItems]
	}
	updated := w.newest
	if len(items) > 0 {
		updated = items[0].updated
	}
	if updated.IsZero() {
		updated = time.Unix(0, 0).UTC()
	}
	pre := w.prefix()
	pageURL := w.base + pre + page
	f := &feeds.Feed{
		Title:       title,
		Link:        &feeds.Link{Href: pageURL},
		Description: title,
		Updated:     updated,
		Created:     updated,
		Id:          w.base + pre + name + ".atom",
	}
	portal := w.cat.Portal.V
	if pub := w.cat.Department(portal.Publisher); pub != nil {
		f.Author = &feeds.Author{Name: pub.V.Name.In(w.lang), Email: portal.Contact}
	} else {
		f.Author = &feeds.Author{Name: portal.Title.In(w.lang), Email: portal.Contact}
	}
	for _, it := range items {
		f.Items = append(f.Items, w.feedItem(it))
	}

	var atom bytes.Buffer
	if err := feeds.WriteXML(w.atom(f, name), &atom); err != nil {
		return fmt.Errorf("feeds: %s.atom: %w", name, err)
	}
	var rss bytes.Buffer
	if err := feeds.WriteXML(w.rss(f, name, items), &rss); err != nil {
		return fmt.Errorf("feeds: %s.rss: %w", name, err)
	}
	jf := jsonFeed{JSONFeed: (&feeds.JSON{Feed: f}).JSONFeed(), Items: []*feeds.JSONItem{}}
	jf.FeedUrl = w.base + pre + name + ".json"
	jf.Language = langTag(w.lang)
	for i, it := range jf.JSONFeed.Items {
		// JSON Feed 1.1 wants content_html or content_text in every item.
		it.ContentText = f.Items[i].Description
		jf.Items = append(jf.Items, it)
	}
	js, err := json.MarshalIndent(jf, "", "  ")
	if err != nil {
		return fmt.Errorf("feeds: %s.json: %w", name, err)
	}
	js = append(js, '\n')
	atom.WriteByte('\n')
	rss.WriteByte('\n')
	for ext, b := range map[string][]byte{".atom": atom.Bytes(), ".rss": rss.Bytes(), ".json": js} {
		p := filepath.Join(w.siteDir, filepath.FromSlash(pre+name+ext))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func langTag(lang string) string {
	if lang == "zh" {
		return "zh-CN"
	}
	return lang
}

func (w *writer) feedItem(it item) *feeds.Item {
	ds := it.ds.V
	id := fmt.Sprintf("tag:%s,%s:dataset/%s/%s", w.host, it.issued, ds.ID, it.entry.Version)
	if w.lang != w.defaultLang {
		id += "/" + w.lang
	}
	var summary strings.Builder
	summary.WriteString(it.entry.Summary.In(w.lang))
	if desc := markdown.PlainText(ds.Description.In(w.lang)); desc != "" {
		summary.WriteString("\n\n")
		summary.WriteString(truncate(desc, summaryRunes))
	}
	fi := &feeds.Item{
		Title:       ds.Title.In(w.lang) + " " + it.entry.Version,
		Link:        &feeds.Link{Href: w.base + w.prefix() + "datasets/" + ds.ID + "/"},
		Description: summary.String(),
		Id:          id,
		IsPermaLink: "false",
		Created:     it.created,
		Updated:     it.updated,
	}
	if dep := w.cat.Department(ds.Department); dep != nil {
		fi.Author = &feeds.Author{Name: dep.V.Name.In(w.lang)}
	}
	return fi
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}

// atomFeed is gorilla's AtomFeed with the fields it gets wrong fixed: its own id, an
// alternate and a self link, and a language.
type atomFeed struct {
	XMLName  xml.Name           `xml:"feed"`
	Xmlns    string             `xml:"xmlns,attr"`
	Lang     string             `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Title    string             `xml:"title"`
	ID       string             `xml:"id"`
	Updated  string             `xml:"updated"`
	Subtitle string             `xml:"subtitle,omitempty"`
	Links    []feeds.AtomLink   `xml:"link"`
	Author   *feeds.AtomAuthor  `xml:"author,omitempty"`
	Entries  []*feeds.AtomEntry `xml:"entry"`
}

// FeedXml makes atomFeed a feeds.XmlFeed.
func (a *atomFeed) FeedXml() any { return a }

func (w *writer) atom(f *feeds.Feed, name string) *atomFeed {
	g := (&feeds.Atom{Feed: f}).AtomFeed()
	a := &atomFeed{
		Xmlns:   g.Xmlns,
		Lang:    langTag(w.lang),
		Title:   g.Title,
		ID:      f.Id,
		Updated: f.Updated.Format(time.RFC3339),
		Links: []feeds.AtomLink{
			{Href: f.Link.Href, Rel: "alternate", Type: "text/html"},
			{Href: f.Id, Rel: "self", Type: "application/atom+xml"},
		},
		Author:  g.Author,
		Entries: g.Entries,
	}
	for i, e := range a.Entries {
		e.Published = f.Items[i].Created.Format(time.RFC3339)
		if e.Summary != nil {
			e.Summary.Type = "text"
		}
		for i := range e.Links {
			if e.Links[i].Rel == "alternate" {
				e.Links[i].Type = "text/html"
			}
		}
	}
	return a
}

// jsonFeed is gorilla's JSONFeed with "items" always written: the library leaves an
// empty list out, and JSON Feed 1.1 requires the member.
type jsonFeed struct {
	*feeds.JSONFeed
	Items []*feeds.JSONItem `json:"items"`
}

// rssDoc is an RSS 2.0 document with the Dublin Core and Atom namespaces declared.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

// FeedXml makes rssDoc a feeds.XmlFeed.
func (r *rssDoc) FeedXml() any { return r }

type rssChannel struct {
	Title          string    `xml:"title"`
	Link           string    `xml:"link"`
	Description    string    `xml:"description"`
	Language       string    `xml:"language"`
	ManagingEditor string    `xml:"managingEditor,omitempty"`
	PubDate        string    `xml:"pubDate"`
	LastBuildDate  string    `xml:"lastBuildDate"`
	Self           rssSelf   `xml:"atom:link"`
	Items          []rssItem `xml:"item"`
}

// rssSelf is <atom:link rel="self">, which feed validators ask RSS feeds to carry.
type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	Description string  `xml:"description"`
	Creator     string  `xml:"dc:creator,omitempty"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

// rss builds the RSS document of f, whose items were built from items: each item is
// dated by its updated date, the date items are ordered by.
func (w *writer) rss(f *feeds.Feed, name string, items []item) *rssDoc {
	updated := f.Updated.Format(time.RFC1123Z)
	ch := rssChannel{
		// the channel description is the feed's title (portal, department and theme
		// names): HTML to readers, as the items' descriptions are
		Title: f.Title, Link: f.Link.Href, Description: html.EscapeString(f.Description), Language: langTag(w.lang),
		PubDate: updated, LastBuildDate: updated,
		Self: rssSelf{Href: w.base + w.prefix() + name + ".rss", Rel: "self", Type: "application/rss+xml"},
	}
	if a := f.Author; a != nil && a.Email != "" {
		ch.ManagingEditor = a.Email + " (" + a.Name + ")"
	}
	for i, fi := range f.Items {
		it := rssItem{
			Title: fi.Title, Link: fi.Link.Href,
			// Readers treat description as HTML: escape the plain text once more so
			// that it is shown, never run.
			Description: html.EscapeString(fi.Description),
			GUID:        rssGUID{IsPermaLink: "false", ID: fi.Id},
			PubDate:     items[i].updated.Format(time.RFC1123Z),
		}
		if fi.Author != nil {
			it.Creator = fi.Author.Name
		}
		ch.Items = append(ch.Items, it)
	}
	return &rssDoc{Version: "2.0", DC: "http://purl.org/dc/elements/1.1/", Atom: "http://www.w3.org/2005/Atom", Channel: ch}
}
