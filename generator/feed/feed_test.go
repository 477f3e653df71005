package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	stdhtml "html"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

const fixture = "../harvest/testdata/catalog.txtar"

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Entries []struct {
		ID        string `xml:"id"`
		Title     string `xml:"title"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Summary   struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
		Link struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

type rssFile struct {
	Channel struct {
		Language string `xml:"language"`
		Items    []struct {
			GUID struct {
				ID          string `xml:",chardata"`
				IsPermaLink string `xml:"isPermaLink,attr"`
			} `xml:"guid"`
			Link    string `xml:"link"`
			PubDate string `xml:"pubDate"`
		} `xml:"item"`
	} `xml:"channel"`
}

type jsonDoc struct {
	Version string `json:"version"`
	FeedURL string `json:"feed_url"`
	Items   []struct {
		ID            string `json:"id"`
		URL           string `json:"url"`
		DatePublished string `json:"date_published"`
		ContentText   string `json:"content_text"`
		DateModified  string `json:"date_modified"`
	} `json:"items"`
}

func build(t *testing.T) string {
	t.Helper()
	cat := testcat.Load(t, fixture)
	dir := t.TempDir()
	if err := Write(dir, cat, ""); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAtom(t *testing.T) {
	dir := build(t)
	b, err := os.ReadFile(filepath.Join(dir, "feeds/datasets.atom"))
	if err != nil {
		t.Fatal(err)
	}
	var a atomDoc
	if err := xml.Unmarshal(b, &a); err != nil {
		t.Fatalf("atom does not parse: %v\n%s", err, b)
	}
	if a.ID != "https://data.example.gov.cn/feeds/datasets.atom" {
		t.Errorf("feed id = %q", a.ID)
	}
	if a.Lang != "zh-CN" {
		t.Errorf("xml:lang = %q", a.Lang)
	}
	if a.Updated != "2026-10-30T00:00:00Z" {
		t.Errorf("feed updated = %q, want the newest item date", a.Updated)
	}
	rels := map[string]string{}
	for _, l := range a.Links {
		rels[l.Rel] = l.Href
	}
	if rels["self"] != a.ID || rels["alternate"] != "https://data.example.gov.cn/datasets/" {
		t.Errorf("links = %v", rels)
	}
	// 2 + 2 + 1 + 1 changelog entries; the draft is left out.
	if len(a.Entries) != 6 {
		t.Fatalf("%d entries, want 6", len(a.Entries))
	}
	first := a.Entries[0]
	if first.ID != "tag:data.example.gov.cn,2022-03-01:dataset/taxi-trips/2.0.0" {
		t.Errorf("first entry id = %q", first.ID)
	}
	if first.Updated != "2026-10-30T00:00:00Z" {
		t.Errorf("first entry updated = %q, want last_modified", first.Updated)
	}
	for i, e := range a.Entries {
		if e.Updated == "" || e.ID == "" || e.Title == "" {
			t.Errorf("entry %d lacks a required element: %+v", i, e)
		}
		if i > 0 && e.Updated > a.Entries[i-1].Updated {
			t.Errorf("entries not sorted newest first at %d", i)
		}
		if e.Summary.Type != "text" {
			t.Errorf("entry %s summary type %q, want text", e.ID, e.Summary.Type)
		}
		if strings.Contains(e.ID, "draft-thing") {
			t.Errorf("draft dataset in feed")
		}
	}
	// The hostile description is Markdown rendered to text: its raw HTML and link
	// destinations are gone, the link's text and a literal "<" stay, escaped in XML.
	if bytes.Contains(b, []byte("script&gt;")) || bytes.Contains(b, []byte("<script>")) || bytes.Contains(b, []byte("javascript:")) ||
		bytes.Contains(b, []byte("](")) || !bytes.Contains(b, []byte("与 点我 以及")) || !bytes.Contains(b, []byte("x &lt; y &amp; z")) {
		t.Errorf("hostile description not rendered to plain text in atom:\n%s", b)
	}
}

func TestRSSAndJSON(t *testing.T) {
	dir := build(t)
	b, err := os.ReadFile(filepath.Join(dir, "feeds/departments/sh-transport.rss"))
	if err != nil {
		t.Fatal(err)
	}
	var r rssFile
	if err := xml.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Channel.Language != "zh-CN" || len(r.Channel.Items) != 4 {
		t.Fatalf("rss: language %q, %d items", r.Channel.Language, len(r.Channel.Items))
	}
	b, err = os.ReadFile(filepath.Join(dir, "feeds/themes/health.rss"))
	if err != nil {
		t.Fatal(err)
	}
	// Readers render RSS descriptions as HTML: the markup in a description must arrive
	// as escaped text, i.e. doubly escaped in the XML.
	if !bytes.Contains(b, []byte("x &amp;lt; y &amp;amp; z")) || bytes.Contains(b, []byte("x &lt; y")) {
		t.Errorf("RSS description not HTML-escaped:\n%s", b)
	}
	for _, it := range r.Channel.Items {
		if it.GUID.IsPermaLink != "false" || !strings.HasPrefix(it.GUID.ID, "tag:") || it.PubDate == "" {
			t.Errorf("rss item %+v", it)
		}
	}
	b, err = os.ReadFile(filepath.Join(dir, "en/feeds/themes/health.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j jsonDoc
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if j.Version != "https://jsonfeed.org/version/1.1" || j.FeedURL != "https://data.example.gov.cn/en/feeds/themes/health.json" {
		t.Errorf("json feed header %+v", j)
	}
	if len(j.Items) != 2 {
		t.Fatalf("%d health items, want 2", len(j.Items))
	}
	for _, it := range j.Items {
		if !strings.HasSuffix(it.ID, "/en") || !strings.HasPrefix(it.URL, "https://data.example.gov.cn/en/datasets/") || it.DatePublished == "" || it.ContentText == "" {
			t.Errorf("json item %+v", it)
		}
	}
	// Every department and theme has all three feeds, even an empty one.
	for _, p := range []string{"feeds/departments/sh-data.atom", "feeds/themes/transport.json", "en/feeds/datasets.rss"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
	var a atomDoc
	b, _ = os.ReadFile(filepath.Join(dir, "feeds/departments/sh-data.atom"))
	if err := xml.Unmarshal(b, &a); err != nil || a.Updated == "" || len(a.Entries) != 0 {
		t.Errorf("empty feed: %v %+v", err, a)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := build(t), build(t)
	n := 0
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// (1 global + 3 departments + 2 themes) × 3 formats × 2 languages
	if n != 36 {
		t.Errorf("%d files, want 36", n)
	}
}

func TestBadBaseURL(t *testing.T) {
	cat := testcat.Load(t, fixture)
	if err := Write(t.TempDir(), cat, "not a url"); err == nil {
		t.Error("no error for a relative base URL")
	}
}

// TestFormatsAgree reads every feed of every language as a feed reader would: each JSON
// Feed has an "items" array (empty when the feed is), and the Atom, RSS and JSON
// versions of one feed list the same items in the same order, newest first, with RSS
// dated by the same updated date Atom and JSON Feed give, and RSS naming the
// department in dc:creator, never in an <author> that is not an e-mail address.
func TestFormatsAgree(t *testing.T) {
	dir := build(t)
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".json") {
			names = append(names, strings.TrimSuffix(p, ".json"))
		}
		return err
	})
	if err != nil || len(names) != 12 {
		t.Fatalf("%d JSON feeds (%v), want 12", len(names), err)
	}
	empty := 0
	for _, name := range names {
		rel, _ := filepath.Rel(dir, name)
		raw := map[string]json.RawMessage{}
		b, _ := os.ReadFile(name + ".json")
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatalf("%s.json: %v", rel, err)
		}
		var jf struct {
			Items []struct {
				ID           string `json:"id"`
				DateModified string `json:"date_modified"`
			} `json:"items"`
		}
		json.Unmarshal(b, &jf)
		if items, ok := raw["items"]; !ok || items[0] != '[' {
			t.Errorf("%s.json: \"items\" is %q, want an array", rel, items)
		}
		var a atomDoc
		b, _ = os.ReadFile(name + ".atom")
		if err := xml.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s.atom: %v", rel, err)
		}
		var r struct {
			Channel struct {
				Self struct {
					Href string `xml:"href,attr"`
					Rel  string `xml:"rel,attr"`
				} `xml:"http://www.w3.org/2005/Atom link"`
				Items []struct {
					GUID    string   `xml:"guid"`
					PubDate string   `xml:"pubDate"`
					Creator string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
					Author  []string `xml:"author"`
				} `xml:"item"`
			} `xml:"channel"`
		}
		b, _ = os.ReadFile(name + ".rss")
		if err := xml.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s.rss: %v", rel, err)
		}
		if r.Channel.Self.Rel != "self" || !strings.HasSuffix(r.Channel.Self.Href, "/"+filepath.ToSlash(rel)+".rss") {
			t.Errorf("%s.rss: self link %+v", rel, r.Channel.Self)
		}
		if len(a.Entries) != len(r.Channel.Items) || len(a.Entries) != len(jf.Items) {
			t.Fatalf("%s: %d atom entries, %d rss items, %d json items", rel, len(a.Entries), len(r.Channel.Items), len(jf.Items))
		}
		if len(a.Entries) == 0 {
			empty++
		}
		var prev time.Time
		for i, e := range a.Entries {
			ri, ji := r.Channel.Items[i], jf.Items[i]
			if ri.GUID != e.ID || ji.ID != e.ID {
				t.Errorf("%s item %d: ids %q (atom), %q (rss), %q (json)", rel, i, e.ID, ri.GUID, ji.ID)
			}
			updated, err := time.Parse(time.RFC3339, e.Updated)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := time.Parse(time.RFC1123Z, ri.PubDate)
			if err != nil || !pub.Equal(updated) {
				t.Errorf("%s item %s: rss pubDate %q, atom updated %q: RSS must be dated as it is ordered", rel, e.ID, ri.PubDate, e.Updated)
			}
			if jm, err := time.Parse(time.RFC3339, ji.DateModified); err != nil || !jm.Equal(updated) {
				t.Errorf("%s item %s: json date_modified %q, atom updated %q", rel, e.ID, ji.DateModified, e.Updated)
			}
			if i > 0 && pub.After(prev) {
				t.Errorf("%s: rss item %d is newer than the one before it", rel, i)
			}
			prev = pub
			if ri.Creator == "" || len(ri.Author) != 0 {
				t.Errorf("%s item %s: dc:creator %q, author %q", rel, e.ID, ri.Creator, ri.Author)
			}
		}
	}
	if empty == 0 {
		t.Error("the fixture should have an empty feed to check")
	}
}

// TestRSSNamesShownAsText reads every RSS file as a reader does — XML-decode the
// channel and item descriptions, then treat them as HTML — and checks that portal,
// department and theme names holding markup are shown as text, never as markup.
func TestRSSNamesShownAsText(t *testing.T) {
	cat := testcat.Load(t, fixture)
	const portalName, deptName, themeName = "<b>平台</b> & co", "<script>alert(1)</script>", `<img src=x onerror="alert(2)">`
	cat.Portal.V.Title.Zh = portalName
	cat.Portal.V.Title.En = portalName
	cat.Department("sh-transport").V.Name.Zh = deptName
	cat.Department("sh-transport").V.Name.En = deptName
	cat.Portal.V.Themes[1].Name.Zh = themeName
	cat.Portal.V.Themes[1].Name.En = themeName
	dir := t.TempDir()
	if err := Write(dir, cat, ""); err != nil {
		t.Fatal(err)
	}
	type rssText struct {
		Channel struct {
			Description string   `xml:"description"`
			Items       []string `xml:"item>description"`
		} `xml:"channel"`
	}
	seen := map[string]bool{}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".rss") {
			return err
		}
		n++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var r rssText
		if err := xml.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for _, desc := range append([]string{r.Channel.Description}, r.Channel.Items...) {
			// the HTML a reader renders: any < would open a tag
			if strings.Contains(desc, "<") {
				t.Errorf("%s: a reader renders markup from %q", p, desc)
			}
			shown := stdhtml.UnescapeString(desc)
			for _, name := range []string{portalName, deptName, themeName} {
				if strings.Contains(shown, name) {
					seen[name] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no RSS written")
	}
	for _, name := range []string{portalName, deptName, themeName} {
		if !seen[name] {
			t.Errorf("no channel description shows %q as text", name)
		}
	}
}
