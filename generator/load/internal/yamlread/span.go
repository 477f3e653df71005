package yamlread

import (
	"bytes"
	"unicode/utf8"
)

// Span is the extent of a key or value as written: Start is its first character
// and End the position just past its last one (on the same line as that
// character), as SARIF's endColumn counts.
type Span struct {
	Start, End Pos
}

// Lines indexes the lines of a file's YAML, for Spans: positions are lines and
// characters, the source is bytes.
type Lines struct {
	src    []byte
	starts []int // the byte offset of each line's start
}

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	return &Lines{src: src, starts: lineStarts(src)}
}

// line returns the bytes of 1-based line n without its line break, or nil.
func (l *Lines) line(n int) []byte {
	if n < 1 || n > len(l.starts) {
		return nil
	}
	start, end := l.starts[n-1], len(l.src)
	if n < len(l.starts) {
		end = l.starts[n] - 1
	}
	return bytes.TrimSuffix(l.src[start:end], []byte("\r"))
}

// byteCol returns the byte index in line n of 1-based character column col, or -1.
func (l *Lines) byteCol(n, col int) int {
	b := l.line(n)
	if b == nil && n != len(l.starts) {
		return -1
	}
	i := 0
	for c := 1; c < col; c++ {
		if i >= len(b) {
			return -1
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return i
}

// pos returns the position of byte i of line n.
func (l *Lines) pos(n, i int) Pos {
	b := l.line(n)
	i = min(i, len(b))
	return Pos{Line: n, Col: utf8.RuneCount(b[:i]) + 1}
}

// indent returns the number of leading spaces of line n, and whether the line is
// blank (or only a comment) and so cannot end or continue a node.
func (l *Lines) indent(n int) (ind int, blank bool) {
	b := l.line(n)
	for ind < len(b) && b[ind] == ' ' {
		ind++
	}
	return ind, ind == len(b) || b[ind] == '#'
}

// context is where a node sits: inside a flow collection, or in a block
// collection whose entries are indented by indent spaces (-1 for the document).
type context struct {
	flow    bool
	flowMap bool // the flow collection is a mapping
	indent  int
}

// Spans finds path in the tree, as Lookup does, and returns the extents of the key
// and value there (for an empty value, the value's span is its key's). Only a
// file's own tree and Lines may be given together.
func (t *Tree) Spans(lines *Lines, path []any) (key Span, hasKey bool, val Span) {
	n := t
	var k *Key
	ctx := context{indent: -1}
	for _, seg := range path {
		next, nk := n.child(seg)
		if next == nil {
			break
		}
		inner := ctx
		switch {
		case ctx.flow || lines.flowAt(n):
			inner.flow, inner.flowMap = true, n.mapping
		case nk != nil:
			inner.indent = int(nk.col) - 1
		default:
			inner.indent = int(n.col) - 1 // a block sequence: its dash
		}
		if next.empty && nk != nil {
			ks := lines.keySpan(nk, inner.flow)
			return ks, true, ks
		}
		n, k, ctx = next, nk, inner
	}
	_, _, at := t.Lookup(path)
	val = Span{Start: at, End: lines.nodeEnd(n, ctx)}
	if val.End.Line < val.Start.Line || (val.End.Line == val.Start.Line && val.End.Col <= val.Start.Col) {
		val.End = Pos{} // nothing sensible: unknown rather than wrong
	}
	if k != nil {
		return lines.keySpan(k, ctx.flow), true, val
	}
	return val, false, val
}

// flowAt reports whether the collection n is written in flow style ({…} or […]).
func (l *Lines) flowAt(n *Tree) bool {
	if n.line == 0 {
		return false
	}
	i := l.byteCol(int(n.line), int(n.col))
	b := l.line(int(n.line))
	return i >= 0 && i < len(b) && (b[i] == '{' || b[i] == '[')
}

// keySpan is the extent of the mapping key k.
func (l *Lines) keySpan(k *Key, flow bool) Span {
	start := k.pos()
	n := start.Line
	b := l.line(n)
	i := l.byteCol(n, start.Col)
	if i < 0 || i >= len(b) {
		return Span{Start: start}
	}
	if b[i] == '"' || b[i] == '\'' {
		if end, line, ok := l.quotedEnd(n, i); ok {
			return Span{Start: start, End: l.pos(line, end)}
		}
		return Span{Start: start}
	}
	j := i
	for j < len(b) {
		c := b[j]
		if c == ':' && (j+1 == len(b) || b[j+1] == ' ' || b[j+1] == '\t' || (flow && bytes.IndexByte([]byte(",]}"), b[j+1]) >= 0)) {
			break
		}
		if flow && (c == ',' || c == '}' || c == ']') {
			break
		}
		j++
	}
	j = len(bytes.TrimRight(b[:j], " \t"))
	return Span{Start: start, End: l.pos(n, j)}
}

// nodeEnd returns the position just past the node n, whose context is ctx.
func (l *Lines) nodeEnd(n *Tree, ctx context) Pos {
	if n.line == 0 {
		return Pos{}
	}
	if l.flowAt(n) {
		if n.mapping && len(n.kids) > 0 {
			// A flow mapping starts at its first key (Lookup) and ends with its
			// last entry, not at its braces.
			last := len(n.kids) - 1
			if n.kids[last].empty {
				return l.keySpan(&n.keys[last], true).End
			}
			return l.nodeEnd(&n.kids[last], context{flow: true, flowMap: true})
		}
		line, i := int(n.line), l.byteCol(int(n.line), int(n.col))
		if end, endLine, ok := l.bracketEnd(line, i); ok {
			return l.pos(endLine, end)
		}
		return Pos{}
	}
	if n.mapping || len(n.kids) > 0 {
		last := len(n.kids) - 1
		if last < 0 {
			return Pos{}
		}
		kid := &n.kids[last]
		inner := ctx
		if n.mapping {
			k := &n.keys[last]
			if kid.empty {
				return l.keySpan(k, false).End
			}
			inner.indent = int(k.col) - 1
		} else {
			inner.indent = int(n.col) - 1
		}
		return l.nodeEnd(kid, inner)
	}
	return l.scalarEnd(int(n.line), int(n.col), ctx)
}

// scalarEnd returns the position just past the scalar that starts at line, col.
func (l *Lines) scalarEnd(line, col int, ctx context) Pos {
	b := l.line(line)
	i := l.byteCol(line, col)
	if i < 0 || i >= len(b) {
		return Pos{}
	}
	switch c := b[i]; {
	case c == '"' || c == '\'':
		if end, endLine, ok := l.quotedEnd(line, i); ok {
			return l.pos(endLine, end)
		}
		return Pos{}
	case (c == '|' || c == '>') && !ctx.flow:
		return l.blockScalarEnd(line, i, ctx.indent)
	}
	end := plainLineEnd(b, i, ctx.flow)
	endLine := line
	if ctx.flowMap {
		// `{en: Commercial use, metered}` is read as one value (joinFlowCommas): a
		// bare word after a comma continues it.
		for end < len(b) && b[end] == ',' {
			j := end + 1
			for j < len(b) && b[j] == ' ' {
				j++
			}
			w := plainLineEnd(b, j, true)
			if w == j || bytes.IndexByte(b[j:w], ':') >= 0 || bytes.ContainsAny(b[j:j+1], "\"'{[") {
				break
			}
			k := w
			for k < len(b) && b[k] == ' ' {
				k++
			}
			if k >= len(b) || (b[k] != ',' && b[k] != '}') {
				break
			}
			end = w
		}
	}
	if !ctx.flow {
		// A plain scalar continues on the following lines indented deeper than its
		// collection, up to a blank or comment line.
		for next := line + 1; next <= len(l.starts); next++ {
			ind, blank := l.indent(next)
			if blank || ind <= ctx.indent {
				break
			}
			nb := l.line(next)
			endLine, end = next, plainLineEnd(nb, ind, false)
		}
	}
	return l.pos(endLine, end)
}

// plainLineEnd returns the byte just past the part of a plain scalar on line b
// that starts at byte i: before a comment, and in a flow collection before `,`,
// `]` or `}`; trailing spaces excluded.
func plainLineEnd(b []byte, i int, flow bool) int {
	j := i
	for ; j < len(b); j++ {
		c := b[j]
		if c == '#' && j > 0 && (b[j-1] == ' ' || b[j-1] == '\t') {
			break
		}
		if flow && (c == ',' || c == ']' || c == '}') {
			break
		}
	}
	return len(bytes.TrimRight(b[:j], " \t"))
}

// blockScalarEnd returns the position just past a literal or folded scalar whose
// indicator is at byte i of line: its last non-blank content line, or the
// indicator when it has no content.
func (l *Lines) blockScalarEnd(line, i, indent int) Pos {
	b := l.line(line)
	j := i + 1
	for j < len(b) && bytes.IndexByte([]byte("+-0123456789"), b[j]) >= 0 {
		j++
	}
	end := l.pos(line, j)
	for next := line + 1; next <= len(l.starts); next++ {
		nb := l.line(next)
		trimmed := bytes.TrimRight(nb, " \t")
		if len(bytes.TrimLeft(trimmed, " ")) == 0 {
			continue // blank lines belong to the scalar only when content follows
		}
		ind := len(nb) - len(bytes.TrimLeft(nb, " "))
		if ind <= indent {
			break
		}
		end = l.pos(next, len(trimmed))
	}
	return end
}

// quotedEnd finds the closing quote of the quoted scalar whose opening quote is at
// byte i of line, possibly on a later line, and returns the byte just past it and
// its line.
func (l *Lines) quotedEnd(line, i int) (end, endLine int, ok bool) {
	b := l.line(line)
	q := b[i]
	j := i + 1
	for {
		for ; j < len(b); j++ {
			switch {
			case q == '"' && b[j] == '\\':
				j++
			case b[j] == q && q == '\'' && j+1 < len(b) && b[j+1] == '\'':
				j++
			case b[j] == q:
				return j + 1, line, true
			}
		}
		line++
		if line > len(l.starts) {
			return 0, 0, false
		}
		b, j = l.line(line), 0
	}
}

// bracketEnd finds the bracket that closes the flow collection opening at byte i
// of line, skipping quoted scalars and comments, and returns the byte just past it
// and its line.
func (l *Lines) bracketEnd(line, i int) (end, endLine int, ok bool) {
	depth := 0
	b := l.line(line)
	j := i
	for {
		for j < len(b) {
			switch c := b[j]; c {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, line, true
				}
			case '"', '\'':
				if j > 0 && b[j-1] != ' ' && b[j-1] != '{' && b[j-1] != '[' && b[j-1] != ',' && b[j-1] != ':' {
					break // a quote inside a plain scalar
				}
				e, el, ok := l.quotedEnd(line, j)
				if !ok {
					return 0, 0, false
				}
				if el != line {
					line, b = el, l.line(el)
				}
				j = e
				continue
			case '#':
				if j > 0 && (b[j-1] == ' ' || b[j-1] == '\t') {
					j = len(b)
					continue
				}
			}
			j++
		}
		line++
		if line > len(l.starts) {
			return 0, 0, false
		}
		b, j = l.line(line), 0
	}
}

// InScalar reports whether p lies inside a scalar value of the document: within a
// quoted scalar (on its line or the lines it continues on) or a block scalar's
// lines. A `#` there is text, not a comment.
func (t *Tree) InScalar(lines *Lines, p Pos) bool {
	inside := false
	var walk func(n *Tree, ctx context)
	walk = func(n *Tree, ctx context) {
		if inside {
			return
		}
		if len(n.kids) == 0 && !n.mapping && !n.empty && n.line > 0 {
			s := Span{Start: Pos{int(n.line), int(n.col)}, End: lines.scalarEnd(int(n.line), int(n.col), ctx)}
			if !before(p, s.Start) && before(p, s.End) {
				inside = true
			}
			return
		}
		flow := ctx.flow || lines.flowAt(n)
		for i := range n.kids {
			inner := ctx
			switch {
			case flow:
				inner.flow, inner.flowMap = true, n.mapping
			case n.mapping:
				inner.indent = int(n.keys[i].col) - 1
			default:
				inner.indent = int(n.col) - 1
			}
			walk(&n.kids[i], inner)
		}
	}
	walk(t, context{indent: -1})
	return inside
}

// before reports whether a comes before b.
func before(a, b Pos) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Col < b.Col)
}
