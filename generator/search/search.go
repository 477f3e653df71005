// Package search builds the portal's static full-text index at build time, so that a
// small script (templates/static/search.js) can search it in the browser with no server.
//
// # Layout
//
//	search/search.js            the script (copied from templates/static/search.js)
//	search/<lang>/docs.json     {"v":1,"shards":64,"docs":[{"u","t","s","f"}…]}
//	search/<lang>/<nn>.json     one shard: {"term":[doc,score,doc,score,…],…}, nn = 00…63
//
// A term lives in shard FNV-1a-32(UTF-8 bytes of term) mod 64, so a query loads only the
// shards of its own terms (usually one to three small files) plus the docs table.
//
// # Terms
//
// Text is NFKC-normalised (full-width letters and digits become ASCII) and lowercased,
// then cut into runs. A run of Han characters gives every character (so one-character
// queries work) and every pair of neighbouring characters (bigrams, so "客流" matches
// the bigram 客流 and not every text with 客 and 流 somewhere). A run of other letters
// and digits is one word; English stop words are dropped and a plural "s" is removed
// (not after s, u or i, and only from words of four letters or more). The script applies
// the same rules to the query: a Han run of two or more characters becomes its bigrams,
// a single Han character stays a unigram, and every query term must match (AND).
//
// # Scores
//
// A term's score in a document is the sum, over its occurrences, of the weight of the
// field it occurs in: title 8, keywords 4, facets 2, text 1. The script ranks documents
// by the sum of their scores over the query terms, ties by document order (language,
// then URL), so results are stable.
//
// Everything is sorted before writing; the output is byte-identical for the same docs.
package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/shuyuan-project/shuyuan/templates"
)

// Shards is the number of term shards per language.
const Shards = 64

// Field weights.
const (
	WeightTitle    = 8
	WeightKeywords = 4
	WeightFacets   = 2
	WeightText     = 1
)

// snippetRunes is the length of the text shown under a result.
const snippetRunes = 140

// Doc is one searchable page.
type Doc struct {
	// URL is the page's URL relative to the site root ("datasets/x/", "en/datasets/x/"),
	// or an absolute http(s) URL.
	URL string
	// Lang is the page's language ("zh", "en"); each language has its own index.
	Lang string
	// Title is shown as the result's link text.
	Title string
	// Text is the searchable body; its start is shown as the result's snippet.
	Text string
	// Keywords are extra search terms, weighted above the text.
	Keywords []string
	// Facets are labels shown with the result (department, open type, …); their values
	// are searchable too.
	Facets map[string]string
}

var langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

// stopWords are English words too common to index.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "in": true, "is": true, "it": true, "of": true, "on": true, "or": true,
	"the": true, "to": true, "with": true,
}

// Terms returns the index terms of s, in order of appearance, with repeats.
func Terms(s string) []string { return terms(s, false) }

// QueryTerms returns the terms a query is matched with: like Terms, but a Han run of
// two or more characters gives only its bigrams.
func QueryTerms(s string) []string { return terms(s, true) }

func terms(s string, query bool) []string {
	s = strings.ToLower(norm.NFKC.String(s))
	var out []string
	var han []rune
	var word strings.Builder
	flushHan := func() {
		if len(han) == 0 {
			return
		}
		if !query || len(han) == 1 {
			for _, r := range han {
				out = append(out, string(r))
			}
		}
		for i := 0; i+1 < len(han); i++ {
			out = append(out, string(han[i:i+2]))
		}
		han = han[:0]
	}
	flushWord := func() {
		if word.Len() == 0 {
			return
		}
		w := word.String()
		word.Reset()
		if stopWords[w] {
			return
		}
		out = append(out, stem(w))
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word.WriteRune(r)
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
	return out
}

// stem removes a plural "s" from words of four letters or more.
func stem(w string) string {
	if utf8.RuneCountInString(w) < 4 || !strings.HasSuffix(w, "s") {
		return w
	}
	switch w[len(w)-2] {
	case 's', 'u', 'i':
		return w
	}
	return w[:len(w)-1]
}

// Shard returns the shard a term belongs to.
func Shard(term string) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % Shards)
}

type docOut struct {
	U string            `json:"u"`
	T string            `json:"t"`
	S string            `json:"s,omitempty"`
	F map[string]string `json:"f,omitempty"`
}

type docsFile struct {
	V      int      `json:"v"`
	Shards int      `json:"shards"`
	Docs   []docOut `json:"docs"`
}

// Write writes the index of docs and the script into siteDir/search/.
func Write(siteDir string, docs []Doc) error {
	byLang := map[string][]Doc{}
	for i, d := range docs {
		if !langPattern.MatchString(d.Lang) {
			return fmt.Errorf("search: doc %d (%s): language %q is not a lowercase language tag", i, d.URL, d.Lang)
		}
		if err := checkURL(d.URL); err != nil {
			return fmt.Errorf("search: doc %d: %w", i, err)
		}
		byLang[d.Lang] = append(byLang[d.Lang], d)
	}
	dir := filepath.Join(siteDir, "search")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "search.js"), templates.SearchJS, 0o644); err != nil {
		return err
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		if err := writeLang(filepath.Join(dir, lang), byLang[lang]); err != nil {
			return fmt.Errorf("search: %s: %w", lang, err)
		}
	}
	return nil
}

func checkURL(u string) error {
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return nil
	}
	if strings.Contains(u, ":") || strings.HasPrefix(u, "/") || strings.HasPrefix(u, "\\") {
		return fmt.Errorf("URL %q must be relative to the site root or absolute http(s)", u)
	}
	for _, seg := range strings.Split(u, "/") {
		if seg == ".." {
			return fmt.Errorf("URL %q leaves the site", u)
		}
	}
	return nil
}

// posting is one document's score for a term.
type posting struct{ doc, score int }

func writeLang(dir string, docs []Doc) error {
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].URL < docs[j].URL })
	index := map[string][]posting{}
	out := docsFile{V: 1, Shards: Shards, Docs: make([]docOut, len(docs))}
	for i, d := range docs {
		scores := map[string]int{}
		add := func(text string, w int) {
			for _, t := range Terms(text) {
				scores[t] += w
			}
		}
		add(d.Title, WeightTitle)
		for _, k := range d.Keywords {
			add(k, WeightKeywords)
		}
		keys := make([]string, 0, len(d.Facets))
		for k := range d.Facets {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			add(d.Facets[k], WeightFacets)
		}
		add(d.Text, WeightText)
		for t, s := range scores {
			index[t] = append(index[t], posting{i, s})
		}
		var facets map[string]string
		for _, k := range keys {
			if d.Facets[k] != "" {
				if facets == nil {
					facets = map[string]string{}
				}
				facets[k] = d.Facets[k]
			}
		}
		out.Docs[i] = docOut{U: d.URL, T: d.Title, S: snippet(d.Text), F: facets}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := marshal(out)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "docs.json"), b, 0o644); err != nil {
		return err
	}
	shards := make([][]string, Shards)
	for t := range index {
		s := Shard(t)
		shards[s] = append(shards[s], t)
	}
	for n, ts := range shards {
		sort.Strings(ts)
		var buf bytes.Buffer
		buf.WriteByte('{')
		for i, t := range ts {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
			k, _ := json.Marshal(t)
			buf.Write(k)
			buf.WriteString(":[")
			ps := index[t]
			sort.Slice(ps, func(a, b int) bool { return ps[a].doc < ps[b].doc })
			for j, p := range ps {
				if j > 0 {
					buf.WriteByte(',')
				}
				buf.WriteString(strconv.Itoa(p.doc))
				buf.WriteByte(',')
				buf.WriteString(strconv.Itoa(p.score))
			}
			buf.WriteByte(']')
		}
		buf.WriteString("\n}\n")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.json", n)), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// snippet is the start of a text with its whitespace collapsed.
func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= snippetRunes {
		return s
	}
	return string([]rune(s)[:snippetRunes]) + "…"
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
