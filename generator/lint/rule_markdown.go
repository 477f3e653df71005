package lint

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/markdown"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleMarkdown checks the Markdown fields and guide pages for broken relative
// links and images without alt text.
var ruleMarkdown = &Rule{
	ID: "markdown", Category: CategoryMetadata, Severity: diag.Error,
	Summary: "a Markdown field links to a relative path that does not exist, an image has no alt text, or the text nests lists more than 32 levels deep or holds too many link and emphasis marks to be read in bounded time",
	Check:   checkMarkdown,
}

// mdProblem is one problem found in a piece of Markdown, at a byte offset.
type mdProblem struct {
	offset  int
	message string
}

func checkMarkdown(c *Context) {
	p := markdown.Parser() // the dialect the portal renders
	fsys := newCatalogFS(c.Catalog.Root)
	field := func(f *load.File, t *model.Text, fp ...any) {
		if t == nil {
			return
		}
		for _, l := range []struct{ lang, src string }{{"zh", t.Zh}, {"en", t.En}} {
			if l.src == "" {
				continue
			}
			at := append(fp[:len(fp):len(fp)], l.lang)
			for _, pr := range fsys.markdownProblems(p, f.Path, []byte(l.src)) {
				c.Report(f, f.Pos(at...), "%s %s", fieldPath(at...), pr.message)
			}
		}
	}
	cat := c.Catalog
	if d := cat.Portal; d != nil {
		field(d.File, d.V.Description, "description")
	}
	for _, d := range cat.Elements {
		field(d.File, &d.V.Definition, "definition")
		field(d.File, d.V.Usage.Guide, "usage", "guide")
	}
	for _, d := range cat.Datasets {
		field(d.File, &d.V.Description, "description")
	}
	for _, d := range cat.Pricing {
		field(d.File, d.V.Description, "description")
	}
	for _, g := range cat.Guides {
		for _, pr := range fsys.markdownProblems(p, g.Path, g.Body) {
			c.Report(g.File, bodyPos(g, pr.offset), "the page %s", pr.message)
		}
	}
}

// bodyPos converts a byte offset in a guide page's body to a position in the file.
func bodyPos(g *load.Guide, off int) diag.Pos {
	off = min(max(off, 0), len(g.Body))
	before := g.Body[:off]
	line := g.BodyLine + bytes.Count(before, []byte("\n"))
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return diag.Pos{Line: line, Col: utf8.RuneCount(before[lineStart:]) + 1}
}

// markdownProblems parses src and returns its broken relative links and images
// without alt text. file is the catalog-relative path of the file src is in.
func (c *catalogFS) markdownProblems(p parser.Parser, file string, src []byte) []mdProblem {
	if err := markdown.Check(src); err != nil || bytes.ContainsAny(src, "[]") {
		return c.parsedProblems(p, file, src)
	}
	return nil // no link or image can be written without brackets
}

// parsedProblems parses src within the limits of markdown.Parse: Markdown that
// would take unbounded time to read is a problem (it is never published).
func (c *catalogFS) parsedProblems(p parser.Parser, file string, src []byte) []mdProblem {
	doc, err := markdown.Parse(p, src)
	if err != nil {
		off := 0
		if le, ok := err.(*markdown.LimitError); ok {
			for line := 1; line < le.Line && off < len(src); line++ {
				if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
					off += i + 1
				} else {
					off = len(src)
				}
			}
			return []mdProblem{{off, "cannot be published: " + le.Msg}}
		}
		return []mdProblem{{off, "cannot be published: " + err.Error()}}
	}
	var out []mdProblem
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		switch n := n.(type) {
		case *ast.Link:
			dest = string(n.Destination)
		case *ast.Image:
			dest = string(n.Destination)
			if strings.TrimSpace(inlineText(n, src)) == "" {
				out = append(out, mdProblem{n.Pos(), "has an image without alt text (" + dest + "): write ![what the image shows](" + dest + ")"})
			}
		default:
			return ast.WalkContinue, nil
		}
		if why := c.brokenLink(file, dest); why != "" {
			out = append(out, mdProblem{n.Pos(), "links to " + quote(dest) + ", which " + why})
		}
		return ast.WalkContinue, nil
	})
	return out
}

func quote(s string) string { return `"` + s + `"` }

// inlineText returns the plain text inside an inline node (an image's alt text).
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
		switch t := ch.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
		case *ast.String:
			b.Write(t.Value)
		default:
			b.WriteString(inlineText(ch, src))
		}
	}
	return b.String()
}

// brokenLink says why a link destination written in file does not resolve to a
// file of the catalog, or returns "" when it does or is not a relative path. A
// relative path may be relative to the file's folder or to the catalog root; a
// path starting with / is relative to the catalog root.
func (c *catalogFS) brokenLink(file, dest string) string {
	dest = strings.TrimSpace(dest)
	if dest == "" || strings.HasPrefix(dest, "#") {
		return ""
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "is not a valid link: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.Path == "" {
		return ""
	}
	var candidates []string
	if strings.HasPrefix(u.Path, "/") {
		candidates = []string{path.Clean(strings.TrimPrefix(u.Path, "/"))}
	} else {
		candidates = []string{path.Join(path.Dir(file), u.Path), path.Clean(u.Path)}
	}
	for _, cand := range candidates {
		if cand == ".." || strings.HasPrefix(cand, "../") {
			continue
		}
		if _, err := c.fileInfo(cand); err == nil {
			return ""
		}
	}
	return "does not exist in the catalog: fix the path (relative to this file or to the catalog root) or link to a full https:// address"
}
