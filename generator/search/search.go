// Package search builds the portal's static full-text index at build time, so that a
// small script (templates/static/search.js) can search it in the browser with no server.
//
// # Layout
//
//	search/search.js            the script (copied from templates/static/search.js)
//	search/<lang>/meta.json     {"v":2,"shards":64,"docs":N,"chunk":500}
//	search/<lang>/<nn>.json     one term shard: {"term":[doc,score,doc,score,…],…}, nn = 00…63
//	search/<lang>/d<k>.json     docs k·500 … k·500+499: [{"u","t","k","s","f"},…]
//	                            (URL, title, type label, snippet, facets)
//
// A term lives in shard FNV-1a-32(UTF-8 bytes of term) mod 64, so a query loads the small
// meta file, the shards of its own terms (usually one to three) and then only the doc
// chunks that hold the results it shows, however large the catalog.
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
// field it occurs in: title 8, keywords 4, facets and the other language's title and
// keywords (Alt) 2, text 1. Alt is what lets a Latin word find a Chinese page. The script ranks documents
// by the sum of their scores over the query terms, ties by document order (language,
// then URL), so results are stable.
//
// Everything is sorted before writing; the output is byte-identical for the same docs.
package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
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
	// Type is the kind of page, in the page's language ("数据集", "Data element"),
	// shown beside the result.
	Type string
	// Alt is searchable text that is not shown: the page's title and keywords in the
	// other language, its id, so that mixed Chinese and Latin queries find it.
	Alt string
}

var langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

// stopWords are English words too common to index.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "by": true,
	"for": true, "from": true, "in": true, "is": true, "it": true, "of": true, "on": true, "or": true,
	"the": true, "to": true, "with": true,
}

// Terms returns the index terms of s, in order of appearance, with repeats.
func Terms(s string) []string { return collectTerms(s, false) }

// QueryTerms returns the terms a query is matched with: like Terms, but a Han run of
// two or more characters gives only its bigrams.
func QueryTerms(s string) []string { return collectTerms(s, true) }

func collectTerms(s string, query bool) []string {
	var out []string
	var tk tokenizer
	tk.each(s, query, func(t []byte) { out = append(out, string(t)) })
	return out
}

// tokenizer cuts text into terms, reusing its buffers between calls.
type tokenizer struct {
	han  []rune
	word []byte
	term []byte
}

// each calls emit with every term of s; the slice is only valid during the call.
func (tk *tokenizer) each(s string, query bool, emit func([]byte)) {
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	tk.han, tk.word = tk.han[:0], tk.word[:0]
	flushHan := func() {
		if len(tk.han) == 0 {
			return
		}
		if !query || len(tk.han) == 1 {
			for _, r := range tk.han {
				tk.term = utf8.AppendRune(tk.term[:0], r)
				emit(tk.term)
			}
		}
		for i := 0; i+1 < len(tk.han); i++ {
			tk.term = utf8.AppendRune(tk.term[:0], tk.han[i])
			tk.term = utf8.AppendRune(tk.term, tk.han[i+1])
			emit(tk.term)
		}
		tk.han = tk.han[:0]
	}
	flushWord := func() {
		if len(tk.word) == 0 {
			return
		}
		if !stopWords[string(tk.word)] {
			emit(stem(tk.word))
		}
		tk.word = tk.word[:0]
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			switch {
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
				flushHan()
				tk.word = append(tk.word, byte(r))
			case 'A' <= r && r <= 'Z':
				flushHan()
				tk.word = append(tk.word, byte(r)+'a'-'A')
			default:
				flushHan()
				flushWord()
			}
		case unicode.Is(unicode.Han, r):
			flushWord()
			tk.han = append(tk.han, unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			tk.word = utf8.AppendRune(tk.word, unicode.ToLower(r))
		default:
			flushHan()
			flushWord()
		}
	}
	flushHan()
	flushWord()
}

// stem removes a plural "s" from words of four letters or more.
func stem(w []byte) []byte {
	if len(w) < 4 || w[len(w)-1] != 's' || utf8.RuneCount(w) < 4 {
		return w
	}
	switch w[len(w)-2] {
	case 's', 'u', 'i':
		return w
	}
	return w[:len(w)-1]
}

// Shard returns the shard a term belongs to: FNV-1a 32 of its bytes, modulo Shards.
func Shard(term string) int {
	h := uint32(2166136261)
	for i := 0; i < len(term); i++ {
		h ^= uint32(term[i])
		h *= 16777619
	}
	return int(h % Shards)
}

type docOut struct {
	U string            `json:"u"`
	T string            `json:"t"`
	K string            `json:"k,omitempty"`
	S string            `json:"s,omitempty"`
	F map[string]string `json:"f,omitempty"`
}

type metaFile struct {
	V      int `json:"v"`
	Shards int `json:"shards"`
	Docs   int `json:"docs"`
	Chunk  int `json:"chunk"`
}

// DocChunk is the number of documents per d<k>.json file.
const DocChunk = 500

// Write writes the index of docs and the script into siteDir/search/.
func Write(ctx context.Context, siteDir string, docs []Doc) error {
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
	// One language per worker: the indexes are independent.
	return xsync.Each(ctx, len(langs), func(_ context.Context, i int) error {
		lang := langs[i]
		if err := writeLang(filepath.Join(dir, lang), byLang[lang]); err != nil {
			return fmt.Errorf("search: %s: %w", lang, err)
		}
		return nil
	})
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

func writeLang(dir string, docs []Doc) error {
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].URL < docs[j].URL })
	// Terms are interned to ids; postings[id] holds doc, score pairs in doc order.
	ids := map[string]int32{}
	var names []string
	var postings [][]int32
	local := map[int32]int32{}
	var tk tokenizer
	table := make([]docOut, len(docs))
	var keys []string
	for i, d := range docs {
		clear(local)
		add := func(text string, w int32) {
			tk.each(text, false, func(t []byte) {
				id, ok := ids[string(t)]
				if !ok {
					id = int32(len(names))
					name := string(t)
					ids[name] = id
					names = append(names, name)
					postings = append(postings, nil)
				}
				local[id] += w
			})
		}
		add(d.Title, WeightTitle)
		for _, k := range d.Keywords {
			add(k, WeightKeywords)
		}
		keys = keys[:0]
		for k := range d.Facets {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var facets map[string]string
		for _, k := range keys {
			add(d.Facets[k], WeightFacets)
			if d.Facets[k] != "" {
				if facets == nil {
					facets = map[string]string{}
				}
				facets[k] = d.Facets[k]
			}
		}
		add(d.Alt, WeightFacets)
		add(d.Text, WeightText)
		for id, sc := range local {
			postings[id] = append(postings[id], int32(i), sc)
		}
		table[i] = docOut{U: d.URL, T: d.Title, K: d.Type, S: snippet(d.Text), F: facets}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := marshal(metaFile{V: 2, Shards: Shards, Docs: len(docs), Chunk: DocChunk})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "meta.json"), b, 0o644); err != nil {
		return err
	}
	for k := 0; k*DocChunk < len(table); k++ {
		b, err := marshal(table[k*DocChunk : min((k+1)*DocChunk, len(table))])
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("d%d.json", k)), b, 0o644); err != nil {
			return err
		}
	}
	shards := make([][]int32, Shards)
	for id, name := range names {
		s := Shard(name)
		shards[s] = append(shards[s], int32(id))
	}
	var buf []byte
	for n, ts := range shards {
		sort.Slice(ts, func(a, b int) bool { return names[ts[a]] < names[ts[b]] })
		buf = append(buf[:0], '{')
		for i, id := range ts {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '\n')
			buf = appendJSONString(buf, names[id])
			buf = append(buf, ':', '[')
			for j, v := range postings[id] {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = strconv.AppendInt(buf, int64(v), 10)
			}
			buf = append(buf, ']')
		}
		buf = append(buf, "\n}\n"...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.json", n)), buf, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// appendJSONString appends s as a JSON string. Terms hold only letters and digits,
// but anything else is escaped the way encoding/json does.
func appendJSONString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s)
			return append(buf, b...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
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
