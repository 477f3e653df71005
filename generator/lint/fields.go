package lint

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// fieldPath formats a YAML path for messages: columns[2].deid.by.
func fieldPath(p ...any) string {
	var b strings.Builder
	for _, s := range p {
		switch s := s.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, s)
		}
	}
	return b.String()
}

// didYouMean suggests the known name closest to bad, or lists the known names
// when none is close; it returns "" when there are none.
func didYouMean(bad string, known []string) string {
	if len(known) == 0 {
		return ""
	}
	known = append([]string(nil), known...)
	sort.Strings(known)
	best, bestD := "", 1<<30
	for _, k := range known {
		if d := levenshtein(bad, k); d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= max(2, len(bad)/3) {
		return fmt.Sprintf(": did you mean %q?", best)
	}
	if len(known) > 12 {
		return fmt.Sprintf("; known: %s, … (%d in all)", strings.Join(known[:12], ", "), len(known))
	}
	return "; known: " + strings.Join(known, ", ")
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

var textType = reflect.TypeOf(model.Text{})

// walkTexts calls fn with the YAML path of every localized text in v (a pointer
// to a model value), in field order.
func walkTexts(v any, fn func(p []any, t model.Text)) {
	walkTextsValue(reflect.ValueOf(v), nil, fn)
}

func walkTextsValue(v reflect.Value, p []any, fn func(p []any, t model.Text)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTextsValue(v.Elem(), p, fn)
		}
	case reflect.Struct:
		if v.Type() == textType {
			fn(p, v.Interface().(model.Text))
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			walkTextsValue(v.Field(i), append(p[:len(p):len(p)], name), fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkTextsValue(v.Index(i), append(p[:len(p):len(p)], i), fn)
		}
	}
}

// pathProblem says why the catalog-relative path p, written in YAML, is not a
// file inside the catalog at root, or returns "".
func (c *Context) pathProblem(p string) string {
	switch {
	case p == "":
		return "is empty"
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':'):
		return "is absolute; write a path relative to the catalog directory"
	case strings.Contains(p, `\`):
		return "uses backslashes; write a path with forward slashes, relative to the catalog directory"
	}
	clean := path.Clean(p)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "leaves the catalog directory; keep the file inside the catalog, for example under sources/"
	}
	info, err := c.fileInfo(clean)
	if err != nil {
		return err.Error()
	}
	if info.IsDir() {
		return "is a directory; name a file"
	}
	return ""
}
