package importer

import (
	"fmt"
	"slices"
	"strings"
)

// editor rewrites parts of a block-style YAML mapping (a catalog file) line by
// line, leaving every other line — comments, layout, local edits — as it is. A
// key's span is its key line and the lines of its value: the more-indented lines
// after it (comments among them included) and, at the top level, the lines of a
// sequence written at column 1. Comment and blank lines after the last such line
// belong to what follows. Whatever the editor writes is validated by the caller.
type editor struct {
	lines []string
}

func newEditor(src []byte) *editor {
	s := strings.TrimSuffix(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	return &editor{lines: strings.Split(s, "\n")}
}

func (e *editor) bytes() []byte { return []byte(strings.Join(e.lines, "\n") + "\n") }

// indentOf returns the number of leading spaces of l.
func indentOf(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// isKeyLine reports whether l is key: at indentation n.
func isKeyLine(l, key string, n int) bool {
	if indentOf(l) != n {
		return false
	}
	rest, ok := strings.CutPrefix(l[n:], key+":")
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// isFiller reports whether l is blank or a comment.
func isFiller(l string) bool {
	t := strings.TrimSpace(l)
	return t == "" || strings.HasPrefix(t, "#")
}

// spanIn returns the lines [start, end) of key at indentation n among lines
// [from, to).
func (e *editor) spanIn(key string, n, from, to int) (start, end int, ok bool) {
	for i := from; i < to; i++ {
		if !isKeyLine(e.lines[i], key, n) {
			continue
		}
		last := i
		for j := i + 1; j < to; j++ {
			l := e.lines[j]
			switch {
			case isFiller(l):
				if strings.TrimSpace(l) != "" && indentOf(l) > n && last == j-1 {
					last = j // a comment inside the value
				}
			case indentOf(l) > n, n == 0 && strings.HasPrefix(l, "-"), indentOf(l) == n && strings.HasPrefix(l[n:], "- "):
				last = j
			default:
				return i, last + 1, true
			}
		}
		return i, last + 1, true
	}
	return 0, 0, false
}

// span returns the lines [start, end) of the top-level key.
func (e *editor) span(key string) (start, end int, ok bool) {
	return e.spanIn(key, 0, 0, len(e.lines))
}

func (e *editor) has(key string) bool {
	_, _, ok := e.span(key)
	return ok
}

// splice replaces lines [start, end) with text (lines ending in newlines).
func (e *editor) splice(start, end int, text string) {
	var repl []string
	if text != "" {
		repl = strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	}
	e.lines = slices.Concat(e.lines[:start], repl, e.lines[end:])
}

// set replaces the span of the top-level key with text, which holds the key line;
// text "" deletes it. A key the file lacks is inserted after the span of the
// nearest key before it in blockOrder, else at the end.
func (e *editor) set(key, text string) {
	if start, end, ok := e.span(key); ok {
		e.splice(start, end, text)
		return
	}
	if text == "" {
		return
	}
	at := len(e.lines)
	if i := slices.Index(blockOrder, key); i >= 0 {
		for j := i - 1; j >= 0; j-- {
			if _, end, ok := e.span(blockOrder[j]); ok {
				at = end
				break
			}
		}
	}
	e.splice(at, at, text)
}

// setChild replaces the line(s) of key inside the block mapping of the top-level
// parent with text (written at any indentation: it is re-indented to the
// parent's); text "" deletes it; a missing key is appended to the parent. It
// fails when the parent is missing or not a block mapping.
func (e *editor) setChild(parent, key, text string) error {
	ps, pe, ok := e.span(parent)
	if !ok {
		return fmt.Errorf("the file has no %s", parent)
	}
	if rest := strings.TrimSpace(strings.TrimPrefix(e.lines[ps], parent+":")); rest != "" && !strings.HasPrefix(rest, "#") {
		return fmt.Errorf("%s is written on one line", parent)
	}
	n := 2
	for i := ps + 1; i < pe; i++ {
		if !isFiller(e.lines[i]) {
			n = indentOf(e.lines[i])
			break
		}
	}
	text = reindent(text, n)
	if start, end, ok := e.spanIn(key, n, ps+1, pe); ok {
		e.splice(start, end, text)
		return nil
	}
	if text != "" {
		e.splice(pe, pe, text)
	}
	return nil
}

// childText returns the lines of key in the rendered block mapping text, "" when
// it has none.
func childText(text, key string) string {
	e := newEditor([]byte(text))
	for i := 1; i < len(e.lines); i++ {
		if !isFiller(e.lines[i]) {
			if start, end, ok := e.spanIn(key, indentOf(e.lines[i]), 1, len(e.lines)); ok {
				return strings.Join(e.lines[start:end], "\n") + "\n"
			}
			break
		}
	}
	return ""
}

// reindent moves the lines of text so that the first is indented by n spaces.
func reindent(text string, n int) string {
	if text == "" {
		return ""
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	shift := n - indentOf(lines[0])
	for i, l := range lines {
		switch {
		case l == "":
		case shift > 0:
			lines[i] = strings.Repeat(" ", shift) + l
		case shift < 0:
			lines[i] = l[min(-shift, indentOf(l)):]
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// prependListItem inserts item (a "- …" entry and its continuation lines, written
// at indentation 0) as the first entry of the block sequence under the top-level
// key, at the indentation of its entries.
func (e *editor) prependListItem(key, item string) error {
	ps, pe, ok := e.span(key)
	if !ok {
		return fmt.Errorf("the file has no %s", key)
	}
	if rest := strings.TrimSpace(strings.TrimPrefix(e.lines[ps], key+":")); rest != "" && !strings.HasPrefix(rest, "#") {
		return fmt.Errorf("%s is written on one line", key)
	}
	for i := ps + 1; i < pe; i++ {
		l := e.lines[i]
		if isFiller(l) {
			continue
		}
		if !strings.HasPrefix(strings.TrimLeft(l, " "), "-") {
			return fmt.Errorf("%s is not a list", key)
		}
		e.splice(i, i, reindent(item, indentOf(l)))
		return nil
	}
	return fmt.Errorf("%s is empty", key)
}
