package lint

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/internal/xstrings"
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
	if best, ok := xstrings.Closest(bad, known); ok {
		return fmt.Sprintf(": did you mean %q?", best)
	}
	if len(known) > 12 {
		return fmt.Sprintf("; known: %s, … (%d in all)", strings.Join(known[:12], ", "), len(known))
	}
	return "; known: " + strings.Join(known, ", ")
}

var textType = reflect.TypeOf(model.Text{})

// textWalker finds the localized texts in model values. It caches the YAML names
// of each struct type's fields and reuses one path buffer; fn gets a path that is
// only valid during the call.
type textWalker struct {
	fields map[reflect.Type][]textField
	path   []any
	fn     func(p []any, t model.Text)
}

type textField struct {
	index int
	name  string
}

func newTextWalker(fn func(p []any, t model.Text)) *textWalker {
	return &textWalker{fields: map[reflect.Type][]textField{}, fn: fn}
}

// walk calls fn with the YAML path of every localized text in v (a pointer to a
// model value), in field order.
func (w *textWalker) walk(v any) {
	w.path = w.path[:0]
	w.value(reflect.ValueOf(v))
}

func (w *textWalker) structFields(t reflect.Type) []textField {
	if fs, ok := w.fields[t]; ok {
		return fs
	}
	var fs []textField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !mayHoldText(f.Type, 0) {
			continue
		}
		fs = append(fs, textField{i, name})
	}
	w.fields[t] = fs
	return fs
}

// mayHoldText reports whether values of type t can contain a model.Text.
func mayHoldText(t reflect.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return mayHoldText(t.Elem(), depth+1)
	case reflect.Interface:
		return true
	case reflect.Struct:
		if t == textType {
			return true
		}
		for i := range t.NumField() {
			if t.Field(i).IsExported() && mayHoldText(t.Field(i).Type, depth+1) {
				return true
			}
		}
	}
	return false
}

func (w *textWalker) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			w.value(v.Elem())
		}
	case reflect.Struct:
		if v.Type() == textType {
			w.fn(w.path, v.Interface().(model.Text))
			return
		}
		for _, f := range w.structFields(v.Type()) {
			w.path = append(w.path, f.name)
			w.value(v.Field(f.index))
			w.path = w.path[:len(w.path)-1]
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.path = append(w.path, i)
			w.value(v.Index(i))
			w.path = w.path[:len(w.path)-1]
		}
	}
}

// pathProblem says why the catalog-relative path p, written in YAML, is not a
// file inside the catalog at root, or returns "".
func (c *catalogFS) pathProblem(p string) string {
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
