package markdown

import (
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"
)

// textParser parses Markdown for PlainText in the dialect Render uses (Parser).
var textParser = Parser()

// PlainText renders Markdown as plain text, for outputs whose readers never interpret
// markup (catalog.jsonld, data.json, feed summaries, schema.org descriptions): links
// and images become their text, emphasis and code marks are dropped, raw HTML is left
// out, paragraphs and headings are separated by a blank line, list items start a line
// with "- " (or their number), and table cells are separated by tabs, one row a line.
// Markdown over the limits of Parse (lint refuses it first) is returned as written.
//
// A build asks for the plain text of each description four times (the page's JSON-LD,
// catalog.jsonld, data.json and the feeds), so results are remembered: up to
// plainMemoSize texts, forgotten all at once when full.
func PlainText(src string) string {
	plainMemo.Lock()
	out, ok := plainMemo.m[src]
	plainMemo.Unlock()
	if ok {
		return out
	}
	out = plainText(src)
	plainMemo.Lock()
	if plainMemo.m == nil || len(plainMemo.m) >= plainMemoSize {
		plainMemo.m = make(map[string]string)
	}
	plainMemo.m[src] = out
	plainMemo.Unlock()
	return out
}

// plainMemoSize bounds PlainText's memory of results: every description of a
// 30,000-dataset catalog in two languages.
const plainMemoSize = 1 << 16

var plainMemo struct {
	sync.Mutex
	m map[string]string
}

func plainText(src string) string {
	b := []byte(src)
	doc, err := Parse(textParser, b)
	if err != nil {
		return strings.TrimSpace(src)
	}
	w := &textWriter{src: b}
	w.children(doc)
	return strings.TrimSpace(w.sb.String())
}

type textWriter struct {
	src []byte
	sb  strings.Builder
	// sep is the separator owed before the next text: "", "\n" or "\n\n".
	sep string
}

func (w *textWriter) write(s string) {
	if s == "" {
		return
	}
	if w.sb.Len() > 0 {
		w.sb.WriteString(w.sep)
	}
	w.sep = ""
	w.sb.WriteString(s)
}

// block owes sep before the next text, unless a wider one is already owed.
func (w *textWriter) block(sep string) {
	if len(sep) > len(w.sep) {
		w.sep = sep
	}
}

func (w *textWriter) children(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.node(c)
	}
}

func (w *textWriter) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(w.src)
		if !n.IsRaw() {
			v = util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(v)))
		}
		w.write(string(v))
		switch {
		case n.HardLineBreak():
			w.block("\n")
		case n.SoftLineBreak():
			w.write(" ")
		}
	case *ast.String:
		w.write(string(n.Value))
	case *ast.AutoLink:
		w.write(string(n.Label(w.src)))
	case *ast.RawHTML:
		// Raw HTML is never published.
	case *ast.HTMLBlock, *ast.ThematicBreak:
		w.block("\n\n")
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		w.block("\n\n")
		var lines []string
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			lines = append(lines, strings.TrimRight(string(seg.Value(w.src)), "\n"))
		}
		w.write(strings.Join(lines, "\n"))
		w.block("\n\n")
	case *ast.Paragraph, *ast.Heading, *ast.Blockquote:
		sep := "\n\n"
		if _, inItem := n.Parent().(*ast.ListItem); inItem && n.PreviousSibling() == nil {
			sep = "" // an item's first paragraph follows its marker
		}
		w.block(sep)
		w.children(n)
		w.block("\n\n")
	case *ast.TextBlock:
		if n.PreviousSibling() != nil {
			w.block("\n")
		}
		w.children(n)
	case *ast.List:
		w.block("\n\n")
		w.children(n)
		w.block("\n\n")
	case *ast.ListItem:
		w.block("\n")
		marker := "- "
		if l, ok := n.Parent().(*ast.List); ok && l.IsOrdered() {
			k := l.Start
			for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
				k++
			}
			marker = strconv.Itoa(k) + ". "
		}
		w.write(marker)
		w.sep = ""
		w.children(n)
		w.block("\n")
	case *east.Table:
		w.block("\n\n")
		w.children(n)
		w.block("\n\n")
	case *east.TableHeader, *east.TableRow:
		w.block("\n")
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.PreviousSibling() != nil {
				w.write("\t")
			}
			w.children(c)
		}
		w.block("\n")
	default:
		w.children(n)
	}
}
