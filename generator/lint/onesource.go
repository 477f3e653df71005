package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// normName normalizes a name for the one-data-one-source comparisons: full-width
// forms folded to half-width, letters lower-cased, and white space, punctuation and
// symbols removed, so "公民身份号码", " 公民身份号码。" and "公民 身份-号码" compare equal, as
// do "resident_id_number" and "Resident ID number".
func normName(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		b := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
				b = append(b, c)
			} else if c >= 'A' && c <= 'Z' {
				b = append(b, c+'a'-'A')
			}
		}
		return string(b)
	}
	s = width.Fold.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// activeElement reports whether an element is in force: status active or omitted.
func activeElement(e *model.DataElement) bool {
	return e.Status == "" || e.Status == "active"
}

// activeElements returns the catalog's active elements, in path order.
func activeElements(c *load.Catalog) []*load.Doc[model.DataElement] {
	var out []*load.Doc[model.DataElement]
	for _, e := range c.Elements {
		if activeElement(e.V) {
			out = append(out, e)
		}
	}
	return out
}

// systemIs reports whether name names the system t, by its zh or en name.
func systemIs(name string, t model.Text) bool {
	n := normName(name)
	return n != "" && (n == normName(t.Zh) || n == normName(t.En))
}

// dropped reports whether a column is not published at all.
func dropped(col model.Column) bool {
	return col.Deid != nil && col.Deid.Op == model.OpDrop
}
