package portal

import (
	"html/template"
	"strconv"
	"strings"
)

// The data dictionary table is three quarters of a dataset page's template values:
// executed by html/template, each costs a reflective call of its escaper. columnRows
// writes the same rows directly, escaping every value exactly as html/template does
// in HTML text (htmlText); a page whose element links are not plain relative paths
// leaves its rows to the template (dataset.html), which TestColumnRowsMatchTemplate
// compares byte for byte.

// columnRows returns the <tbody> rows of the data dictionary, or "" when the
// template must write them.
func columnRows(cols []colView, elementsWord string) template.HTML {
	var b strings.Builder
	for i := range cols {
		c := &cols[i]
		if c.ElementURL != "" && !plainURL(c.ElementURL) {
			return ""
		}
		b.WriteString("\n<tr><th scope=\"row\"><code>")
		htmlText(&b, c.Name)
		b.WriteString("</code></th><td>")
		htmlText(&b, c.Title)
		b.WriteString("</td><td>")
		htmlText(&b, c.Type)
		b.WriteString("</td><td>")
		htmlText(&b, c.Description)
		if c.ElementURL != "" {
			b.WriteString(" <a href=\"")
			b.WriteString(c.ElementURL)
			b.WriteString("\">")
			htmlText(&b, elementsWord)
			b.WriteString(": ")
			htmlText(&b, c.ElementName)
			b.WriteString("</a>")
		}
		b.WriteString("</td><td>")
		b.WriteString(strconv.Itoa(c.Level))
		b.WriteString("</td><td>")
		htmlText(&b, c.Personal)
		b.WriteString("</td><td>")
		htmlText(&b, c.Deid)
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String()) // #nosec: every value escaped by htmlText
}

// htmlText writes s escaped for HTML text as html/template's escaper does: NUL,
// quotes, '&', '+', '<' and '>' replaced, every other byte as it is.
func htmlText(b *strings.Builder, s string) {
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
