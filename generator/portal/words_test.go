package portal

import (
	"context"

	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// visibleText is the text of an HTML page a reader sees: every text node outside
// script, style, code and pre (which show identifiers and commands on purpose).
func visibleText(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(string(page)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "code", "pre":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "lang" && strings.HasPrefix(a.Val, "zh") && n.Data != "html" {
					return // Chinese text marked as such on an English page
				}
			}
		}
		if n.Type == html.TextNode {
			if s := strings.TrimSpace(n.Data); s != "" {
				out = append(out, s)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

var (
	isoDurationRe = regexp.MustCompile(`\bP(?:[0-9]+[YMWD])+(?:T(?:[0-9]+[HMS])+)?\b|\bPT(?:[0-9]+[HMS])+\b`)
	asciiWordRe   = regexp.MustCompile(`[a-z][a-z0-9]*(?:-[a-z0-9]+)*`)
	hanColonRe    = regexp.MustCompile(`\p{Han}\s?:`)
	zhPunctRe     = regexp.MustCompile(`[、：（）；，。]`)
)

// enumIDs are identifiers of enumerated catalog values that must never reach a page
// as they are: on a Chinese page every one of them, on an English page those that
// are not English words (hyphenated ids and a few like "unconditional").
func enumIDs() (zh, en map[string]bool) {
	all := []string{
		model.OpenUnconditional, model.OpenConditional, model.OpenNonOpen,
		model.GradeCore, model.GradeImportant, model.GradeGeneral,
		model.PersonalPersonal, model.PersonalSensitive,
		model.RoleDirectIdentifier, model.RoleQuasiIdentifier, model.RoleInsensitive,
		model.TypeString, model.TypeInteger, model.TypeBoolean, model.TypeDatetime,
		model.OpTokenize, model.OpGeneralize, model.OpDateShift, model.OpBucket,
		"full", "incremental", "realtime", "registration", "business", "sensing", "aggregation",
		"share-api", "verify-api", "batch", "open-platform", "sandbox", "verification",
		"public-governance", "public-welfare", "research", "industry", "commercial",
		"per-product", "per-call", "per-time", "per-volume", "progressive", "volume", "post-paid", "pre-paid",
		"city", "district", "current", "overdue", "unknown", "free", "charged",
		"validity", "completeness", "timeliness", "consistency", "accuracy", "uniqueness",
		"cn-resident-id", "uscc", "cn-mobile", "bank-card", "cn-plate", "gbt2260",
	}
	all = append(all, model.Frequencies...)
	zh, en = map[string]bool{}, map[string]bool{}
	for _, id := range all {
		zh[id] = true
		if strings.Contains(id, "-") && id != "public-welfare" || id == "unconditional" || id == "incremental" || id == "realtime" || id == "tokenize" ||
			id == "generalize" || id == "datetime" || id == "uscc" || id == "gbt2260" || id == "insensitive" {
			en[id] = true
		}
	}
	return zh, en
}

// rawValueProblems lists what a page shows that the presentation layer should have
// turned into words: ISO durations, enum identifiers, Chinese punctuation on an
// English page, an ASCII colon after Chinese on a Chinese page.
func rawValueProblems(t *testing.T, page string, body []byte) []string {
	zhIDs, enIDs := enumIDs()
	english := strings.HasPrefix(page, "en/")
	var out []string
	for _, s := range visibleText(t, body) {
		if m := isoDurationRe.FindString(s); m != "" {
			out = append(out, "ISO duration "+m+" in "+clipText(s))
		}
		ids := zhIDs
		if english {
			ids = enIDs
		}
		for _, w := range asciiWordRe.FindAllString(s, -1) {
			if ids[w] {
				out = append(out, "enum id "+w+" in "+clipText(s))
			}
		}
		if english {
			if m := zhPunctRe.FindString(s); m != "" {
				out = append(out, "Chinese punctuation "+m+" on an English page in "+clipText(s))
			}
		} else if m := hanColonRe.FindString(s); m != "" {
			out = append(out, "ASCII colon after Chinese in "+clipText(s))
		}
	}
	return out
}

func clipText(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// TestPagesShowWordsNotValues builds the default catalog and the test catalog (with
// an extract) and fails when any page shows an internal value: an ISO duration, an
// enum identifier, a Chinese separator or punctuation on an English page, or an ASCII
// colon after Chinese on a Chinese page.
func TestPagesShowWordsNotValues(t *testing.T) {
	dir := filepath.Join("..", "..", "catalog")
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSite(cat, Options{DemoKeys: true})
	if err != nil {
		t.Fatal(err)
	}
	def := t.TempDir()
	if err := s.Render(context.Background(), def, nil); err != nil {
		t.Fatal(err)
	}
	test := build(t, writeCatalog(t, ""), Options{DemoKeys: true, Extracts: testExtracts()})
	pages := 0
	for _, site := range []string{def, test} {
		for p, body := range testcat.Tree(t, site) {
			if !strings.HasSuffix(p, ".html") {
				continue
			}
			pages++
			for _, prob := range rawValueProblems(t, p, body) {
				t.Errorf("%s: %s", p, prob)
			}
		}
	}
	if pages < 300 {
		t.Errorf("only %d pages checked", pages)
	}
}

// TestRawValueCheckFails: the check finds each kind of problem.
func TestRawValueCheckFails(t *testing.T) {
	for _, c := range []struct{ page, body string }{
		{"elements/x/index.html", "<p>更新时延 PT5M</p>"},
		{"datasets/x/index.html", "<p>数据分级 一般数据, 级别 city</p>"},
		{"en/datasets/x/index.html", "<p>Uses: research、industry</p>"},
		{"en/datasets/x/index.html", "<p>Open type non-open</p>"},
		{"index.html", "<p>联系我们: a@b.cn</p>"},
	} {
		if len(rawValueProblems(t, c.page, []byte(c.body))) == 0 {
			t.Errorf("%s %q: no problem found", c.page, c.body)
		}
	}
	if p := rawValueProblems(t, "index.html", []byte("<p>联系我们：<code>non-open</code></p>")); len(p) > 0 {
		t.Errorf("false positives: %v", p)
	}
}
