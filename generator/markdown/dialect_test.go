package markdown

import (
	"regexp"
	"slices"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// TestParserIsTheRenderedDialect: the lint rule's Parser sees exactly the links and
// images that Render publishes, also where GFM would differ (bare URLs, which GFM's
// linkify turns into links and the portal does not, task lists, tables).
func TestParserIsTheRenderedDialect(t *testing.T) {
	r := New(nil)
	p := Parser()
	for _, src := range []string{
		"see www.example.com/x and https://example.com/y, or mail a@example.com",
		"- [ ] task [a](docs/a.csv)\n- [x] done ![alt](img/b.png)",
		"| a | b |\n|---|---|\n| [c](c.csv) | <https://d.example> |",
		"~~old~~ [e](https://e.example \"t\") [f][ref]\n\n[ref]: f.csv",
		"## 标题\n\n正文 [链接](guide/x.csv#part) 与 ![图](y.png)",
	} {
		var fromParse []string
		doc := p.Parse(text.NewReader([]byte(src)))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering {
				switch n := n.(type) {
				case *ast.Link:
					fromParse = append(fromParse, string(n.Destination))
				case *ast.Image:
					fromParse = append(fromParse, string(n.Destination))
				case *ast.AutoLink:
					fromParse = append(fromParse, string(n.URL([]byte(src))))
				}
			}
			return ast.WalkContinue, nil
		})
		var rendered []string
		for _, m := range linkAttr.FindAllStringSubmatch(string(r.Render(src)), -1) {
			rendered = append(rendered, m[1])
		}
		if !slices.Equal(fromParse, rendered) {
			t.Errorf("%q: the parser sees links %q, the page has %q", src, fromParse, rendered)
		}
	}
}
