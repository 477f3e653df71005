// Package markdown renders the catalog's Markdown fields and guide pages to HTML with
// goldmark: CommonMark plus GFM tables, raw HTML dropped, Unicode-aware heading ids,
// relative links between guide pages rewritten to their page URLs (links to other
// .md files, which are never published, become plain text), links with a
// scheme other than http, https or mailto made inert, and external links marked
// rel="noopener".
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Resolver maps the destination of a relative link to a Markdown file (for example
// "20-objections.md#how" or "../guide/20-objections.en.md") to the page URL it stands
// for. ok is false when dest names no known page; the link then becomes plain text.
type Resolver func(dest string) (pageURL string, ok bool)

// Renderer converts Markdown to safe HTML. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// dialect is the Markdown the portal renders: CommonMark plus GFM tables and
// strikethrough (no autolinked bare URLs, no task lists), with heading ids. Render and
// the lint rule's Parser both use it, so the rule checks exactly what is published.
func dialect(parserOptions ...parser.Option) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(append([]parser.Option{parser.WithAutoHeadingID()}, parserOptions...)...),
		// Raw HTML stays off: goldmark's default renderer drops it. Never add html.WithUnsafe().
	)
}

// New returns a renderer; resolve may be nil.
func New(resolve Resolver) *Renderer {
	return &Renderer{md: dialect(parser.WithASTTransformers(util.Prioritized(&linkTransformer{resolve: resolve}, 100)))}
}

// Parser returns a parser of the portal's dialect that leaves the links as written
// (Render rewrites them after parsing), for checks of what authors wrote.
func Parser() parser.Parser { return dialect().Parser() }

// Render converts src to HTML. Markdown over the limits of Parse (lint refuses it
// first) is shown as escaped text.
func (r *Renderer) Render(src string) template.HTML {
	var buf bytes.Buffer
	if err := r.RenderTo(&buf, []byte(src)); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String()) // #nosec: goldmark output with raw HTML disabled
}

// RenderTo appends the HTML of src to buf; a *LimitError when src is over the
// limits of Parse.
func (r *Renderer) RenderTo(buf *bytes.Buffer, src []byte) error {
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	doc, err := Parse(r.md.Parser(), src, parser.WithContext(ctx))
	if err != nil {
		return err
	}
	// goldmark wraps a writer that is not buffered in a new 4 KiB bufio.Writer on
	// every call; hand it a pooled one instead.
	w := writers.Get().(*bufio.Writer)
	w.Reset(buf)
	defer func() {
		w.Reset(nil)
		writers.Put(w)
	}()
	if err := r.md.Renderer().Render(w, src, doc); err != nil {
		return err
	}
	return w.Flush()
}

var writers = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// linkTransformer rewrites link destinations after parsing.
type linkTransformer struct {
	resolve Resolver
}

// Transform walks every link and image of the document.
// Autolinks (<javascript:…>) are not touched: goldmark renders a dangerous one with an
// empty href.
func (t *linkTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var inert []*ast.Link
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dest := string(n.Destination)
			switch classify(dest) {
			case linkUnsafe:
				inert = append(inert, n)
			case linkExternal:
				n.SetAttributeString("rel", []byte("noopener"))
			case linkRelative:
				if isMarkdownLink(dest) {
					// A .md file is never published as is: a link to one that names
					// no guide page would be broken, so it becomes its text.
					u, ok := "", false
					if t.resolve != nil {
						u, ok = t.resolve(dest)
					}
					if ok {
						n.Destination = []byte(u)
					} else {
						inert = append(inert, n)
					}
				}
			}
		case *ast.Image:
			if classify(string(n.Destination)) == linkUnsafe {
				n.Destination = nil
			}
		}
		return ast.WalkContinue, nil
	})
	// An unsafe link becomes its text: the words stay, the link goes.
	for _, l := range inert {
		parent := l.Parent()
		if parent == nil {
			continue
		}
		for c := l.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, l, c)
			c = next
		}
		parent.RemoveChild(parent, l)
	}
}

type linkClass int

const (
	linkRelative linkClass = iota
	linkExternal
	linkUnsafe
)

// classify sorts a destination into relative (no scheme), external (http, https,
// mailto) or unsafe (any other scheme, such as javascript: or data:, however it is
// spelled with case or control characters).
func classify(dest string) linkClass {
	// Browsers strip ASCII tab and newline anywhere and leading C0 controls and spaces.
	clean := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, dest)
	clean = strings.TrimLeftFunc(clean, func(r rune) bool { return r <= ' ' })
	if strings.HasPrefix(clean, "//") {
		return linkExternal
	}
	colon := strings.IndexByte(clean, ':')
	if colon < 0 {
		return linkRelative
	}
	if i := strings.IndexAny(clean, "/?#"); i >= 0 && i < colon {
		return linkRelative // the colon is in the path, not a scheme
	}
	switch strings.ToLower(clean[:colon]) {
	case "http", "https", "mailto":
		return linkExternal
	}
	return linkUnsafe
}

// isMarkdownLink reports whether a relative destination points at a .md file.
func isMarkdownLink(dest string) bool {
	p := dest
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	return strings.HasSuffix(strings.ToLower(p), ".md")
}

// ids generates heading ids that keep every letter and digit of any script, so
// "## 申请材料" gets id "申请材料" rather than goldmark's default empty id.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

// Generate returns a unique id for a heading's text.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range string(value) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '_' || r == '-' || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "heading"
	}
	out := id
	for n := 1; s.used[out]; n++ {
		out = id + "-" + strconv.Itoa(n)
	}
	s.used[out] = true
	return []byte(out)
}

// Put records an id that is already taken.
func (s *ids) Put(value []byte) { s.used[string(value)] = true }
