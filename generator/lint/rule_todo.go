package lint

import (
	"bytes"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/diag"
)

// todoMarker is what `shuyuan new` and `shuyuan import` write where the author must
// fill in a value.
var todoMarker = []byte("TODO(author)")

// ruleTodo reports every TODO(author) marker left in a catalog file, in a value or
// in a comment next to a placeholder value.
var ruleTodo = &Rule{
	ID: "todo", Category: CategoryMetadata, Severity: diag.Error,
	Summary: "a file still holds a TODO(author) placeholder written by shuyuan new or shuyuan import",
	Check:   checkTodo,
}

func checkTodo(c *Context) {
	for _, f := range c.Catalog.Files {
		src := f.Src
		if !bytes.Contains(src, todoMarker) {
			continue
		}
		line := 1
		for len(src) > 0 {
			end := bytes.IndexByte(src, '\n')
			text := src
			if end >= 0 {
				text = src[:end]
			}
			if i := bytes.Index(text, todoMarker); i >= 0 {
				col := utf8.RuneCount(text[:i]) + 1
				c.Report(f, diag.Pos{Line: line, Col: col}, "placeholder: write the real value here and remove the TODO(author) marker")
			}
			if end < 0 {
				break
			}
			src, line = src[end+1:], line+1
		}
	}
}
