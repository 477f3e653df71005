package portal

import (
	"html/template"
	"strings"
)

// The data dictionary table is three quarters of a dataset page's template values:
// executed by html/template, each costs a reflective call of its escaper. columnRows
// writes the same rows directly, escaping every value exactly as html/template does
// in HTML text (htmlText); a page whose element links are not plain relative paths
// leaves its rows to the template (dataset.html), which TestColumnRowsMatchTemplate
// compares byte for byte.

// dictLabels are the labels of the data dictionary's columns in one language.
type dictLabels struct{ Title, Type, Desc, Level, Personal, Deid, Element, Colon string }

// columnRows returns the <tbody> rows of the data dictionary, or "" when the
// template must write them. Each cell but the first carries its column's label as
// data-l, which the stylesheet shows before the value when the table is laid out as
// cards on a narrow screen.
func columnRows(cols []colView, l dictLabels) template.HTML {
	var b strings.Builder
	cell := func(label, value string) {
		b.WriteString("<td data-l=\"")
		htmlText(&b, label)
		b.WriteString("\">")
		htmlText(&b, value)
	}
	for i := range cols {
		c := &cols[i]
		if c.ElementURL != "" && !plainURL(c.ElementURL) {
			return ""
		}
		b.WriteString("\n<tr><th scope=\"row\"><code>")
		htmlText(&b, c.Name)
		b.WriteString("</code></th>")
		cell(l.Title, c.Title)
		b.WriteString("</td>")
		cell(l.Type, c.Type)
		b.WriteString("</td>")
		cell(l.Desc, c.Description)
		if c.ElementName != "" {
			b.WriteString(" <span class=\"el\">")
			htmlText(&b, l.Element)
			htmlText(&b, l.Colon)
			if c.ElementURL != "" {
				b.WriteString("<a href=\"")
				b.WriteString(c.ElementURL)
				b.WriteString("\">")
				htmlText(&b, c.ElementName)
				b.WriteString("</a>")
			} else {
				htmlText(&b, c.ElementName)
			}
			b.WriteString("</span>")
		}
		b.WriteString("</td>")
		cell(l.Level, c.Level)
		b.WriteString("</td>")
		cell(l.Personal, c.Personal)
		b.WriteString("</td>")
		cell(l.Deid, c.Deid)
		if c.DeidWhy != "" {
			b.WriteString(" (<span lang=\"zh-CN\">")
			htmlText(&b, c.DeidWhy)
			b.WriteString("</span>)")
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String()) // #nosec: every value escaped by htmlText
}

// htmlText writes s escaped for HTML text as html/template's escaper does (the
// fast page writer's text uses it too): NUL,
// quotes, '&', '+', '<' and '>' replaced, every other byte as it is.
func htmlText[W interface{ WriteString(string) (int, error) }](b W, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// plainURL reports whether u is a relative path of letters, digits and . _ ~ - /,
// which html/template writes into a quoted href unchanged.
func plainURL(u string) bool {
	if u == "" || strings.HasPrefix(u, "//") {
		return false
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._~-/", c) >= 0) {
			return false
		}
	}
	return true
}
