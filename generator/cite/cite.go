// Package cite writes the citation of a published dataset version in three forms:
// plain text (APA style in English, GB/T 7714 style in Chinese), BibTeX and
// CSL-JSON (the format of Zotero, Pandoc and citeproc). Each names the version and
// the SHA-256 digest of its files, so that a citation pins the exact bytes a study
// used.
package cite

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Work is one dataset version to cite.
type Work struct {
	// Key identifies the work ("<dataset>-<version>"); the BibTeX key and the
	// CSL-JSON id.
	Key string
	// Author is the responsible department; Publisher the portal.
	Author, Publisher string
	// Title is the dataset's title; Version its version.
	Title, Version string
	// Date is the version's release date, YYYY-MM-DD, or "" when unknown.
	Date string
	// URL is the version's canonical page.
	URL string
	// SHA256 is the version digest.
	SHA256 string
	// Lang is "zh" or "en": the language of the plain text.
	Lang string
}

// year is the work's year, "" when unknown.
func (w Work) year() string {
	if len(w.Date) >= 4 {
		return w.Date[:4]
	}
	return ""
}

// Text is the citation as one line of plain text.
func (w Work) Text() string {
	y := w.year()
	if w.Lang == "zh" {
		// GB/T 7714-2015: 主要责任者. 题名[文献类型标识]. 出版者, 出版年. 获取路径.
		s := w.Author + ". " + w.Title + "（版本 " + w.Version + "）[DS]. " + w.Publisher
		if y != "" {
			s += ", " + y
		}
		return s + ". " + w.URL + ". SHA-256: " + w.SHA256
	}
	if y == "" {
		y = "n.d."
	}
	return w.Author + ". (" + y + "). " + w.Title + " (Version " + w.Version + ") [Data set]. " + w.Publisher + ". " + w.URL + " SHA-256: " + w.SHA256
}

// bibEscape escapes the characters BibTeX and LaTeX treat specially.
var bibEscape = strings.NewReplacer(
	`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `%`, `\%`, `&`, `\&`, `$`, `\$`,
	`#`, `\#`, `_`, `\_`, `^`, `\^{}`, `~`, `\~{}`, "\n", " ", "\r", " ",
)

// urlEscape escapes what would end a BibTeX field or a \url argument.
var urlEscape = strings.NewReplacer(`\`, `%5C`, `{`, `%7B`, `}`, `%7D`, "\n", "", "\r", "")

// bibKey keeps the characters BibTeX allows in a key.
func bibKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == ':', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// BibTeX is the citation as a BibTeX @misc entry (biblatex reads its version
// field; author and title are braced so that no style changes their case).
func (w Work) BibTeX() string {
	var b strings.Builder
	field := func(name, value string) {
		b.WriteString("  " + name + strings.Repeat(" ", 12-len(name)) + " = {" + value + "},\n")
	}
	b.WriteString("@misc{" + bibKey(w.Key) + ",\n")
	field("author", "{"+bibEscape.Replace(w.Author)+"}")
	field("title", "{"+bibEscape.Replace(w.Title)+"}")
	if y := w.year(); y != "" {
		field("year", y)
		field("date", w.Date)
	}
	field("version", bibEscape.Replace(w.Version))
	field("publisher", bibEscape.Replace(w.Publisher))
	field("howpublished", `\url{`+urlEscape.Replace(w.URL)+`}`)
	field("url", urlEscape.Replace(w.URL))
	field("note", "SHA-256: "+w.SHA256)
	b.WriteString("}\n")
	return b.String()
}

// cslItem is a CSL-JSON item (citation-style-language/schema, csl-data.json).
type cslItem struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	Title     string    `json:"title"`
	Author    []cslName `json:"author"`
	Publisher string    `json:"publisher"`
	Issued    *cslDate  `json:"issued,omitempty"`
	Version   string    `json:"version"`
	URL       string    `json:"URL"`
	Note      string    `json:"note"`
	Language  string    `json:"language,omitempty"`
}

type cslName struct {
	Literal string `json:"literal"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

// CSLJSON is the citation as a CSL-JSON array of one dataset item, indented.
func (w Work) CSLJSON() string {
	it := cslItem{ID: w.Key, Type: "dataset", Title: w.Title, Author: []cslName{{Literal: w.Author}},
		Publisher: w.Publisher, Version: w.Version, URL: w.URL, Note: "SHA-256: " + w.SHA256,
		Language: map[string]string{"zh": "zh-CN", "en": "en"}[w.Lang]}
	if parts := strings.Split(w.Date, "-"); len(parts) == 3 {
		var dp []int
		for _, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil {
				dp = nil
				break
			}
			dp = append(dp, n)
		}
		if dp != nil {
			it.Issued = &cslDate{DateParts: [][]int{dp}}
		}
	}
	b, _ := json.MarshalIndent([]cslItem{it}, "", "  ") // plain strings and ints: cannot fail
	return string(b) + "\n"
}
