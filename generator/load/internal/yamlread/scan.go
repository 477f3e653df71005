package yamlread

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The scanner: a single-pass reader for the YAML that catalog files are written in,
// about ten times faster than yaml.v3 with a fraction of its garbage.
//
// It reads block mappings and sequences (including sequences at their key's
// indentation and mappings that start on a `- ` line), one-line flow collections,
// plain, single- and double-quoted one-line scalars, literal (|, |-) and simple
// folded (>, >-) block scalars, and comments. It builds the plain values directly
// and, when asked, the position tree; it gives the same values, scalar types and
// positions as ReadYAML. Anything else — tabs, anchors, tags, multi-line plain or
// quoted scalars, unusual numbers, odd indentation, every syntax error — makes it
// decline (ok false), and Read gives the file to ReadYAML, which reads everything
// and reports every problem. Reading exactly what ReadYAML reads is the scanner's
// contract, checked by TestScanMatchesYAML and FuzzScan.

// scanYAML reads src. With withPos it also returns the position tree.
func scanYAML(src []byte, withPos bool) (data any, pos *Tree, ok bool) {
	if !utf8.Valid(src) {
		return nil, nil, false
	}
	return scanChecked(src, withPos)
}

// scanChecked is scanYAML for a source already known to be valid UTF-8 (Read's
// caller checks that first, for its finding).
func scanChecked(src []byte, withPos bool) (data any, pos *Tree, ok bool) {
	if !scannable(src) {
		return nil, nil, false
	}
	s := scanners.Get().(*scanner)
	s.src, s.withPos = src, withPos
	defer s.release()
	s.splitLines()
	li := s.nextSignificant(0)
	if li >= len(s.lines) {
		return nil, nil, false
	}
	ind := s.indent(li)
	k, vc, ok := s.key(li, ind)
	if !ok {
		return nil, nil, false // a catalog file is a mapping
	}
	v, p, next, ok := s.mapping(li, ind, k, vc)
	if !ok || next < len(s.lines) {
		return nil, nil, false
	}
	if withPos {
		pos = &p
	}
	return v, pos, true
}

// scannable rejects, in one pass over the bytes, what the scanner never reads:
// tabs and other control characters, carriage returns that do not end a line, the Unicode line and paragraph
// separators and NEL (yaml.v3 breaks lines there), C1 controls, a byte order mark
// or non-character inside the file, and document markers and directives.
func scannable(src []byte) bool {
	atLineStart := true
	for i := 0; i < len(src); i++ {
		c := src[i]
		if atLineStart {
			atLineStart = false
			switch c {
			case '%':
				return false // a directive
			case '-', '.':
				if i+2 < len(src) && src[i+1] == c && src[i+2] == c && (i+3 == len(src) || strings.IndexByte(" \r\n", src[i+3]) >= 0) {
					return false // a document marker
				}
			}
		}
		if !unusual[c] {
			continue
		}
		switch {
		case c == '\n':
			atLineStart = true
		case c == '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				return false
			}
		case c < 0x20 || c == 0x7f:
			return false // tabs and control characters
		case c == 0xC2:
			if i+1 < len(src) && src[i+1] < 0xA0 {
				return false // U+0080..U+009F, NEL among them
			}
		case c == 0xE2:
			if i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9) {
				return false // U+2028, U+2029
			}
		case c == 0xEF:
			if i+2 < len(src) && ((src[i+1] == 0xBB && src[i+2] == 0xBF) || (src[i+1] == 0xBF && src[i+2] >= 0xBE)) {
				return false // U+FEFF, U+FFFE, U+FFFF
			}
		}
	}
	return true
}

// unusual marks the bytes scannable has to look at: line breaks, controls, and
// the lead bytes of the characters it declines.
var unusual = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	for _, c := range []byte{0x7f, 0xC2, 0xE2, 0xEF} {
		t[c] = true
	}
	return t
}()

// scanner holds the source and its lines.
type scanner struct {
	src     []byte
	lines   []span
	withPos bool
	depth   int
	// pairs and items collect the entries of the collections being read, innermost
	// last, so that each map and list is made once at its final size.
	pairs []pair
	items []any
}

type pair struct {
	key string
	val any
}

// mapFrom makes the map of the pairs collected since start, and drops them;
// ok is false when a key is repeated.
func (s *scanner) mapFrom(start int) (map[string]any, bool) {
	ps := s.pairs[start:]
	m := make(map[string]any, len(ps))
	for _, p := range ps {
		m[p.key] = p.val
	}
	s.pairs = s.pairs[:start] // release clears the stale entries, once per file
	return m, len(m) == len(ps)
}

// listFrom makes the list of the items collected since start, and drops them.
func (s *scanner) listFrom(start int) []any {
	items := make([]any, len(s.items)-start)
	copy(items, s.items[start:])
	s.items = s.items[:start]
	return items
}

// scanners keeps scanners for reuse: their line table and entry stacks are scratch space.
var scanners = sync.Pool{New: func() any { return new(scanner) }}

// release drops the scanner's references to the file and returns it to the pool.
func (s *scanner) release() {
	clear(s.pairs[:cap(s.pairs)])
	clear(s.items[:cap(s.items)])
	*s = scanner{lines: s.lines[:0], pairs: s.pairs[:0], items: s.items[:0]}
	scanners.Put(s)
}

// span is one line's bytes, without its line break.
type span struct{ start, end int }

func (s *scanner) splitLines() {
	if n := bytes.Count(s.src, []byte{'\n'}) + 1; cap(s.lines) < n {
		s.lines = make([]span, 0, n)
	}
	s.lines = s.lines[:0]
	start := 0
	for start <= len(s.src) {
		i := bytes.IndexByte(s.src[start:], '\n')
		end := len(s.src)
		if i >= 0 {
			end = start + i
		}
		e := end
		if e > start && s.src[e-1] == '\r' {
			e--
		}
		s.lines = append(s.lines, span{start, e})
		if i < 0 {
			break
		}
		start = end + 1
	}
	if len(s.lines) > 0 {
		if last := s.lines[len(s.lines)-1]; last.start == last.end && last.start == len(s.src) {
			s.lines = s.lines[:len(s.lines)-1]
		}
	}
}

func (s *scanner) line(li int) []byte { return s.src[s.lines[li].start:s.lines[li].end] }

// endsWithBreak reports whether line li is followed by a line break.
func (s *scanner) endsWithBreak(li int) bool {
	e := s.lines[li].end
	return e < len(s.src) && (s.src[e] == '\n' || s.src[e] == '\r')
}

// indent is the number of leading spaces of line li.
func (s *scanner) indent(li int) int {
	l := s.line(li)
	i := 0
	for i < len(l) && l[i] == ' ' {
		i++
	}
	return i
}

// blankFrom reports whether line l is empty or a comment from byte i on.
func blankFrom(l []byte, i int) bool {
	for i < len(l) && l[i] == ' ' {
		i++
	}
	return i == len(l) || l[i] == '#'
}

// nextSignificant returns the first line at or after li that is not blank or a
// comment, or len(lines).
func (s *scanner) nextSignificant(li int) int {
	for li < len(s.lines) && blankFrom(s.line(li), 0) {
		li++
	}
	return li
}

// startsSeq reports whether line li has a block sequence entry at byte col.
func (s *scanner) startsSeq(li, col int) bool {
	l := s.line(li)
	return col < len(l) && l[col] == '-' && (col+1 == len(l) || l[col+1] == ' ')
}

// at returns the position of byte col of line li: 1-based line and column in
// characters, as yaml.v3 counts them.
func (s *scanner) at(li, col int) (int32, int32) {
	if !s.withPos {
		return 0, 0
	}
	return int32(li + 1), int32(utf8.RuneCount(s.line(li)[:col]) + 1)
}

const maxScanDepth = 64

// block reads the block node that starts at byte col of line li: a sequence, a
// mapping, or (in a sequence entry) a scalar or flow collection. parent is the
// indentation of the collection that holds it.
func (s *scanner) block(li, col, parent int) (any, Tree, int, bool) {
	if s.startsSeq(li, col) {
		return s.sequence(li, col)
	}
	if k, vc, ok := s.key(li, col); ok {
		return s.mapping(li, col, k, vc)
	}
	return s.inline(li, col, parent)
}

// nested reads the block collection that starts line li, below a key or an
// entry of the collection at indentation parent; a scalar there is declined.
func (s *scanner) nested(li, parent int) (any, Tree, int, bool) {
	ind := s.indent(li)
	if s.startsSeq(li, ind) {
		return s.sequence(li, ind)
	}
	if k, vc, ok := s.key(li, ind); ok {
		return s.mapping(li, ind, k, vc)
	}
	return nil, Tree{}, 0, false // a plain scalar over several lines
}

// mapping reads a block mapping whose keys are at byte col (indentation n == col),
// the first on line li, already read by key: key, and its value at byte valCol.
func (s *scanner) mapping(li, n int, key string, valCol int) (any, Tree, int, bool) {
	if s.depth++; s.depth > maxScanDepth {
		return nil, Tree{}, 0, false
	}
	defer func() { s.depth-- }()
	start := len(s.pairs)
	defer func() { s.pairs = s.pairs[:start] }()
	var p Tree
	p.mapping = true
	p.line, p.col = s.at(li, n)
	done := func(next int) (any, Tree, int, bool) {
		m, ok := s.mapFrom(start)
		return m, p, next, ok
	}
	for {
		var (
			v    any
			vp   Tree
			next int
			ok   bool
		)
		l := s.line(li)
		for valCol < len(l) && l[valCol] == ' ' {
			valCol++
		}
		if blankFrom(l, valCol) {
			nl := s.nextSignificant(li + 1)
			switch {
			case nl < len(s.lines) && s.indent(nl) > n:
				v, vp, next, ok = s.nested(nl, n)
			case nl < len(s.lines) && s.indent(nl) == n && s.startsSeq(nl, n):
				v, vp, next, ok = s.sequence(nl, n)
			default:
				vp.empty = true
				vp.line, vp.col = s.at(li, n)
				next, ok = li+1, true
			}
		} else {
			v, vp, next, ok = s.inline(li, valCol, n)
		}
		if !ok {
			return nil, p, 0, false
		}
		s.pairs = append(s.pairs, pair{key, v})
		if s.withPos {
			kl, kc := s.at(li, n)
			p.keys = append(p.keys, Key{name: key, line: kl, col: kc})
			p.kids = append(p.kids, vp)
		}
		li = s.nextSignificant(next)
		if li >= len(s.lines) {
			return done(li)
		}
		switch ind := s.indent(li); {
		case ind > n:
			return nil, p, 0, false
		case ind < n:
			return done(li)
		}
		if key, valCol, ok = s.key(li, n); !ok {
			return nil, p, 0, false // a sequence entry or a stray scalar at the keys' indentation
		}
	}
}

// sequence reads a block sequence whose entries start at byte col d, the first on line li.
func (s *scanner) sequence(li, d int) (any, Tree, int, bool) {
	if s.depth++; s.depth > maxScanDepth {
		return nil, Tree{}, 0, false
	}
	defer func() { s.depth-- }()
	start := len(s.items)
	defer func() { s.items = s.items[:start] }()
	var p Tree
	p.line, p.col = s.at(li, d)
	for {
		l := s.line(li)
		var (
			v    any
			vp   Tree
			next int
			ok   bool
		)
		c := d + 1
		for c < len(l) && l[c] == ' ' {
			c++
		}
		if blankFrom(l, c) {
			nl := s.nextSignificant(li + 1)
			if nl >= len(s.lines) || s.indent(nl) <= d {
				return nil, p, 0, false // an empty entry
			}
			v, vp, next, ok = s.nested(nl, d)
		} else {
			v, vp, next, ok = s.block(li, c, d)
		}
		if !ok {
			return nil, p, 0, false
		}
		s.items = append(s.items, v)
		if s.withPos {
			p.kids = append(p.kids, vp)
		}
		li = s.nextSignificant(next)
		if li >= len(s.lines) {
			return s.listFrom(start), p, li, true
		}
		switch ind := s.indent(li); {
		case ind > d:
			return nil, p, 0, false
		case ind < d || !s.startsSeq(li, d):
			return s.listFrom(start), p, li, true
		}
	}
}

// key reads the mapping key at byte col of line li and returns it with the byte
// where its value starts.
func (s *scanner) key(li, col int) (string, int, bool) {
	l := s.line(li)
	if col >= len(l) {
		return "", 0, false
	}
	switch l[col] {
	case '"', '\'':
		k, end, ok := quoted(l, col)
		if !ok {
			return "", 0, false
		}
		for end < len(l) && l[end] == ' ' {
			end++
		}
		if end < len(l) && l[end] == ':' && (end+1 == len(l) || l[end+1] == ' ') {
			return k, end + 1, true
		}
		return "", 0, false
	}
	if !plainStart(l, col) {
		return "", 0, false
	}
	for i := col; i < len(l); i++ {
		switch l[i] {
		case ':':
			if i+1 == len(l) || l[i+1] == ' ' {
				raw := bytes.TrimRight(l[col:i], " ")
				if len(raw) > 1024 {
					return "", 0, false // yaml.v3's limit for a simple key
				}
				k, ok := plainKey(raw)
				return k, i + 1, ok
			}
		case '#':
			if l[i-1] == ' ' {
				return "", 0, false
			}
		}
	}
	return "", 0, false
}

// plainStart reports whether a plain scalar may start at byte i of l.
func plainStart(l []byte, i int) bool {
	switch l[i] {
	case '-', '?', ':':
		return i+1 < len(l) && l[i+1] != ' ' && l[i] == '-'
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ':
		return false
	}
	return true
}

// plainKey resolves a plain key: it must read as a string (`null` is the field
// named null, as on the other paths).
func plainKey(raw []byte) (string, bool) {
	if k, ok := knownKeys[string(raw)]; ok {
		return k, true // field names are plain words
	}
	v, ok := resolvePlain(raw)
	if !ok {
		return "", false
	}
	k, isStr := v.(string)
	if !isStr || k == "<<" || looksDate(k) {
		return "", false
	}
	return internKey(raw), true
}

// inline reads the value that starts at byte col of line li, after a key or a
// sequence indicator: a block scalar, a flow collection, or a one-line scalar.
// parent is the indentation of the collection that holds it.
func (s *scanner) inline(li, col, parent int) (any, Tree, int, bool) {
	l := s.line(li)
	var p Tree
	p.line, p.col = s.at(li, col)
	switch l[col] {
	case '|', '>':
		v, next, ok := s.blockScalar(li, col, parent)
		return v, p, next, ok
	case '[', '{':
		f := flow{s: s, li: li, l: l}
		v, fp, end, ok := f.node(col)
		if !ok || !blankFrom(l, end) {
			return nil, p, 0, false
		}
		return v, fp, li + 1, true
	case '"', '\'':
		v, end, ok := quoted(l, col)
		if !ok || !blankFrom(l, end) {
			return nil, p, 0, false
		}
		return v, p, li + 1, true
	}
	if !plainStart(l, col) {
		return nil, p, 0, false
	}
	end := len(l)
	for i := col; i < len(l); i++ {
		if l[i] == '#' && l[i-1] == ' ' {
			end = i
			break
		}
		if l[i] == ':' && (i+1 == len(l) || l[i+1] == ' ') {
			return nil, p, 0, false // `a: b: c`
		}
	}
	raw := bytes.TrimRight(l[col:end], " ")
	v, ok := resolvePlain(raw)
	return v, p, li + 1, ok
}

// blockScalar reads a literal or folded scalar whose indicator is at byte col of line li.
func (s *scanner) blockScalar(li, col, parent int) (any, int, bool) {
	l := s.line(li)
	folded := l[col] == '>'
	strip := false
	i := col + 1
	if i < len(l) && l[i] == '-' {
		strip = true
		i++
	}
	if i < len(l) && l[i] != ' ' {
		return nil, 0, false // keep (+), an indentation indicator, or garbage
	}
	if !blankFrom(l, i) {
		return nil, 0, false
	}
	first := li + 1
	if first >= len(s.lines) || len(bytes.TrimLeft(s.line(first), " ")) == 0 {
		return nil, 0, false // empty, or leading empty lines
	}
	m := s.indent(first)
	if m <= parent {
		return nil, 0, false
	}
	var content [][]byte
	end := first
	for ; end < len(s.lines); end++ {
		cl := s.line(end)
		ind := 0
		for ind < len(cl) && cl[ind] == ' ' {
			ind++
		}
		switch {
		case ind == len(cl) && ind <= m:
			content = append(content, nil)
		case ind >= m:
			if folded && ind > m {
				return nil, 0, false // more-indented lines keep their breaks when folded
			}
			content = append(content, cl[m:])
		default:
			goto done
		}
	}
done:
	for len(content) > 0 && content[len(content)-1] == nil {
		content = content[:len(content)-1]
	}
	last := first + len(content) - 1
	if !s.endsWithBreak(last) {
		return nil, 0, false
	}
	var b strings.Builder
	pending := 0
	for j, c := range content {
		switch {
		case j == 0:
		case !folded:
			b.WriteByte('\n')
		case c == nil:
			pending++
			continue
		case pending == 0:
			b.WriteByte(' ')
		default:
			b.WriteString(strings.Repeat("\n", pending))
			pending = 0
		}
		b.Write(c)
	}
	if !strip {
		b.WriteByte('\n')
	}
	return b.String(), end, true
}

// flow reads a one-line flow collection.
type flow struct {
	s  *scanner
	li int
	l  []byte
}

func (f *flow) space(i int) int {
	for i < len(f.l) && f.l[i] == ' ' {
		i++
	}
	return i
}

// node reads the flow node at byte i and returns the byte after it.
func (f *flow) node(i int) (any, Tree, int, bool) {
	var p Tree
	p.line, p.col = f.s.at(f.li, i)
	if i >= len(f.l) {
		return nil, p, 0, false
	}
	switch f.l[i] {
	case '[', '{':
		if f.s.depth++; f.s.depth > maxScanDepth {
			return nil, p, 0, false
		}
		defer func() { f.s.depth-- }()
		if f.l[i] == '[' {
			return f.sequence(i, p)
		}
		return f.mapping(i, p)
	case '"', '\'':
		v, end, ok := quoted(f.l, i)
		return v, p, end, ok
	}
	raw, end, ok := f.plain(i)
	if !ok {
		return nil, p, 0, false
	}
	v, ok := resolvePlain(raw)
	return v, p, end, ok
}

// plain reads a plain scalar inside a flow collection. It declines plain scalars
// holding ':' or '#', and '?', where yaml.v3 ends
// one (as YAML 1.1 does).
func (f *flow) plain(i int) ([]byte, int, bool) {
	if !plainStart(f.l, i) {
		return nil, 0, false
	}
	j := i
	for j < len(f.l) {
		switch f.l[j] {
		case ',', '[', ']', '{', '}':
			raw := bytes.TrimRight(f.l[i:j], " ")
			return raw, i + len(raw), len(raw) > 0
		case ':', '#', '?':
			return nil, 0, false // yaml.v3 ends a flow plain scalar at '?'
		}
		j++
	}
	return nil, 0, false // unterminated collection
}

func (f *flow) sequence(i int, p Tree) (any, Tree, int, bool) {
	start := len(f.s.items)
	defer func() { f.s.items = f.s.items[:start] }()
	i = f.space(i + 1)
	if i < len(f.l) && f.l[i] == ']' {
		return []any{}, p, i + 1, true
	}
	for {
		v, vp, end, ok := f.node(i)
		if !ok {
			return nil, p, 0, false
		}
		f.s.items = append(f.s.items, v)
		if f.s.withPos {
			p.kids = append(p.kids, vp)
		}
		var closed bool
		if i, closed, ok = f.after(end, ']'); !ok {
			return nil, p, 0, false
		}
		if closed {
			return f.s.listFrom(start), p, i, true
		}
	}
}

// after reads what follows an entry of a flow collection that ends with close: a
// comma and the next entry's first byte (closed false), or close (closed true, i
// past it). A missing separator, a trailing comma or an empty entry is not ok.
func (f *flow) after(end int, close byte) (i int, closed, ok bool) {
	i = f.space(end)
	switch {
	case i >= len(f.l):
		return 0, false, false
	case f.l[i] == close:
		return i + 1, true, true
	case f.l[i] != ',':
		return 0, false, false
	}
	i = f.space(i + 1)
	if i >= len(f.l) || f.l[i] == close || f.l[i] == ',' {
		return 0, false, false
	}
	return i, false, true
}

func (f *flow) mapping(i int, p Tree) (any, Tree, int, bool) {
	p.mapping = true
	start := len(f.s.pairs)
	defer func() { f.s.pairs = f.s.pairs[:start] }()
	i = f.space(i + 1)
	if i < len(f.l) && f.l[i] == '}' {
		return map[string]any{}, p, i + 1, true
	}
	for {
		if i >= len(f.l) {
			return nil, p, 0, false
		}
		kl, kc := f.s.at(f.li, i)
		var key string
		switch f.l[i] {
		case '"', '\'':
			k, end, ok := quoted(f.l, i)
			if !ok {
				return nil, p, 0, false
			}
			key, i = k, f.space(end)
			if i >= len(f.l) || f.l[i] != ':' {
				return nil, p, 0, false
			}
		default:
			if !plainStart(f.l, i) {
				return nil, p, 0, false
			}
			j := i
			for j < len(f.l) && strings.IndexByte(",[]{}:#?", f.l[j]) < 0 {
				j++
			}
			if j >= len(f.l) || f.l[j] != ':' || j+1 >= len(f.l) || f.l[j+1] != ' ' {
				return nil, p, 0, false
			}
			k, ok := plainKey(bytes.TrimRight(f.l[i:j], " "))
			if !ok {
				return nil, p, 0, false
			}
			key, i = k, j
		}
		i = f.space(i + 1)
		if i >= len(f.l) || f.l[i] == ',' || f.l[i] == '}' {
			return nil, p, 0, false // an empty value: `{en: a, b}` is for ReadYAML (joinFlowCommas)
		}
		v, vp, end, ok := f.node(i)
		if !ok {
			return nil, p, 0, false
		}
		f.s.pairs = append(f.s.pairs, pair{key, v})
		if f.s.withPos {
			p.keys = append(p.keys, Key{name: key, line: kl, col: kc})
			p.kids = append(p.kids, vp)
		}
		var closed bool
		if i, closed, ok = f.after(end, '}'); !ok {
			return nil, p, 0, false
		}
		if closed {
			m, ok := f.s.mapFrom(start)
			return m, p, i, ok
		}
	}
}

// quoted reads a one-line quoted scalar whose opening quote is at byte i of l and
// returns its value and the byte after the closing quote.
func quoted(l []byte, i int) (string, int, bool) {
	q := l[i]
	j := i + 1
	if q == '\'' {
		var b []byte
		start := j
		for j < len(l) {
			if l[j] == '\'' {
				if j+1 < len(l) && l[j+1] == '\'' {
					b = append(b, l[start:j+1]...)
					j += 2
					start = j
					continue
				}
				if b == nil {
					return string(l[start:j]), j + 1, true
				}
				return string(append(b, l[start:j]...)), j + 1, true
			}
			j++
		}
		return "", 0, false
	}
	start := j
	for j < len(l) && l[j] != '"' && l[j] != '\\' {
		j++
	}
	if j < len(l) && l[j] == '"' {
		return string(l[start:j]), j + 1, true
	}
	b := append([]byte(nil), l[start:j]...)
	for j < len(l) {
		c := l[j]
		switch c {
		case '"':
			return string(b), j + 1, true
		case '\\':
			if j+1 >= len(l) {
				return "", 0, false // an escaped line break
			}
			e := l[j+1]
			j += 2
			if r := simpleEscape(e); r >= 0 {
				b = append(b, byte(r))
				continue
			}
			n := 0
			switch e {
			case 'x':
				n = 2
			case 'u':
				n = 4
			case 'U':
				n = 8
			}
			if n == 0 || j+n > len(l) {
				return "", 0, false
			}
			cp, err := strconv.ParseUint(string(l[j:j+n]), 16, 32)
			if err != nil || (cp >= 0xD800 && cp <= 0xDFFF) || cp > utf8.MaxRune {
				return "", 0, false
			}
			b = utf8.AppendRune(b, rune(cp))
			j += n
		default:
			b = append(b, c)
			j++
		}
	}
	return "", 0, false
}

// simpleEscape is the byte a one-character escape of a double-quoted scalar
// stands for, or -1.
func simpleEscape(e byte) int {
	switch e {
	case '0':
		return 0
	case 'a':
		return '\a'
	case 'b':
		return '\b'
	case 't':
		return '\t'
	case 'n':
		return '\n'
	case 'v':
		return '\v'
	case 'f':
		return '\f'
	case 'r':
		return '\r'
	case 'e':
		return 0x1b
	case '"', '\\':
		return int(e)
	}
	return -1
}

// yamlFloat is yaml.v3's pattern for a float written in YAML style.
var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// resolvePlain gives a plain scalar the type yaml.v3 resolves it to, with the
// values of ReadYAML (scalar): null, bool, uint64 or int64 for decimal integers,
// float64 for decimals with a point, and the text for everything else, dates
// included. ok is false for the forms the scanner leaves to ReadYAML (hex, octal,
// binary, underscores, leading zeros, exponents without a point, infinities).
func resolvePlain(raw []byte) (any, bool) {
	if len(raw) == 0 {
		return nil, true
	}
	switch string(raw) {
	case "~", "null", "Null", "NULL":
		return nil, true
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	case "<<":
		return "<<", true
	}
	c := raw[0]
	if t := bytes.TrimLeft(raw, "+-"); len(t) == 4 && t[0] == '.' && (bytes.EqualFold(t, []byte(".inf")) || bytes.EqualFold(t, []byte(".nan"))) {
		return nil, false // infinities and NaN are for ReadYAML
	}
	switch {
	case c == '.':
		if _, err := strconv.ParseFloat(string(raw), 64); err == nil {
			return nil, false
		}
		return string(raw), true
	case c == '+' || c == '-' || (c >= '0' && c <= '9'):
		return resolveNumber(raw)
	}
	return string(raw), true
}

func resolveNumber(raw []byte) (any, bool) {
	s := string(raw)
	if isDecimal(s) {
		if s[0] == '-' {
			i, err := strconv.ParseInt(s, 10, 64)
			return i, err == nil
		}
		u, err := strconv.ParseUint(s, 10, 64)
		return u, err == nil
	}
	if looksDate(s) {
		return s, true // a timestamp, or text: either way ReadYAML keeps the text
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return nil, false
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return nil, false
	}
	if yamlFloat.MatchString(plain) {
		f, err := strconv.ParseFloat(plain, 64)
		if err != nil || plain != s || !strings.Contains(s, ".") || math.IsInf(f, 0) || s[0] == '+' {
			return nil, false
		}
		return f, true
	}
	if len(plain) > 1 && (strings.HasPrefix(plain, "0") || strings.HasPrefix(plain, "-0") || strings.HasPrefix(plain, "+0")) {
		t := strings.TrimLeft(plain, "+-")
		if len(t) > 1 && strings.IndexByte("bBoOxX", t[1]) >= 0 {
			return nil, false
		}
	}
	if s[0] == '+' {
		return nil, false
	}
	return s, true
}

// isDecimal reports whether s is a decimal integer without sign or leading zeros
// (or a negative one): the integers the scanner takes.
func isDecimal(s string) bool {
	d := s
	if d[0] == '-' {
		d = d[1:]
	}
	if d == "" || (len(d) > 1 && d[0] == '0') {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// looksDate reports whether s starts with four digits and a dash, which yaml.v3
// tries as a timestamp before anything else; such a value is text to ReadYAML.
func looksDate(s string) bool {
	if len(s) < 5 || s[4] != '-' {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// internKey returns the key as a string, without allocating for the field names
// of the catalog format.
func internKey(raw []byte) string {
	if k, ok := knownKeys[string(raw)]; ok {
		return k
	}
	return string(raw)
}

var knownKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range strings.Fields(`kind id version status title description department themes keywords
		open_type license rights grade level update frequency last_modified issued temporal start end
		spatial source format path encoding delimiter null skip_rows dsn_env query columns name header
		type element from_system personal_info role detector deid constraints op why value keep_prefix
		keep_suffix char key length to width lower upper bands max label digits max_days by from field
		required unique minimum maximum pattern enum privacy subject k l_diversity l max_suppression max_rejected access pricing
		application eligible purpose_required materials review_days delivery changelog date summary zh
		en parent team contact email phone homepage district uscc definition standard quality usage
		system replicas same_as high_frequency order null`) {
		m[k] = k
	}
	return m
}()
