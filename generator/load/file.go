package load

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load/internal/yamlread"
)

// MaxFileSize is the largest catalog file the loader reads.
const MaxFileSize = 1 << 20

// File is one YAML document (or a guide page's front matter) as written, with the
// positions of every key and value.
type File struct {
	// Path is the catalog-relative, slash-separated path.
	Path string
	// Src is the file's bytes as read (a UTF-8 BOM removed).
	Src []byte
	// Kind is the kind the catalog layout expects at this path.
	Kind string
	// Data is the document decoded into plain maps, slices and scalars; nil when
	// the file did not parse. Load drops it once a file is decoded into its model
	// value (the plain values of a catalog are most of its memory): Value reads
	// them again when needed.
	Data any

	parsed     bool            // the YAML was read without problems
	invalid    map[string]bool // for a file decoded in part: the paths left zero (pathKey)
	tree       *lazyTree       // the positions of every key and value
	lineOffset int             // lines above the YAML (guide front matter)
	front      []byte          // the YAML parsed, when Src holds more (a guide page)
}

// Partial reports whether the file failed the schema and was decoded only in part
// (Catalog.WithPartial): the values at the paths Invalid reports are zero.
func (f *File) Partial() bool { return f.invalid != nil }

// Invalid reports whether the value at path (keys and list indexes) of a file
// decoded in part is not as written: the schema rejected it, a value inside it or
// a value holding it, or it is a required field that is missing. A rule that checks
// partial files leaves such values alone (the schema finding says what to fix). It
// is false for every path of a file that passed the schema.
func (f *File) Invalid(path ...any) bool {
	if f.invalid == nil {
		return false
	}
	segs := make([]string, len(path))
	for i, p := range path {
		segs[i] = fmt.Sprint(p)
	}
	key := pathKey(segs)
	for p := range f.invalid {
		if p == key || p == "" || key == "" ||
			strings.HasPrefix(p, key+"\x00") || strings.HasPrefix(key, p+"\x00") {
			return true
		}
	}
	return false
}

// release drops Data of a parsed file: Value reads it again from Src.
func (f *File) release() {
	if f.parsed {
		f.Data = nil
	}
}

// Value returns the document's plain values: Data, or, once Load dropped it, the
// same values read again from Src; nil when the file did not parse.
func (f *File) Value() any {
	if f.Data != nil || !f.parsed {
		return f.Data
	}
	data, _, _ := yamlread.Read(f.yamlSrc())
	return data
}

// yamlSrc is the YAML document the file was parsed from.
func (f *File) yamlSrc() []byte {
	if f.front != nil {
		return f.front
	}
	return f.Src
}

// Parse reads src as a single YAML document and reports problems as `yaml`
// findings. It rejects oversized files, invalid UTF-8, anchors and aliases before
// anything is decoded, and never panics.
func Parse(path, kind string, src []byte) (f *File, findings []diag.Finding) {
	return parseAt(path, kind, src, 0)
}

// parseAt parses src, whose first line is line 1 + lineOffset of the file.
func parseAt(path, kind string, src []byte, lineOffset int) (f *File, findings []diag.Finding) {
	return parseWith(path, kind, src, lineOffset, yamlread.Read)
}

// parseWith parses src with read: yamlread.Read, or in tests yamlread.ReadYAML
// alone, to compare the two ways a file can be read.
func parseWith(path, kind string, src []byte, lineOffset int, read func([]byte) (any, *yamlread.Tree, []yamlread.Problem)) (f *File, findings []diag.Finding) {
	f = &File{Path: path, Kind: kind, lineOffset: lineOffset}
	bad := func(line, col int, format string, args ...any) (*File, []diag.Finding) {
		return f, []diag.Finding{{File: path, Pos: diag.Pos{Line: line + lineOffset, Col: col}, Rule: "yaml", Severity: diag.Error, Message: fmt.Sprintf(format, args...)}}
	}
	defer func() {
		if r := recover(); r != nil {
			f.Data, f.parsed, f.tree = nil, false, nil
			findings = []diag.Finding{{File: path, Pos: diag.Pos{Line: 1 + lineOffset, Col: 1}, Rule: "yaml", Severity: diag.Error,
				Message: fmt.Sprintf("the YAML reader failed on this file (%v); simplify the file and report this as a shuyuan bug", r)}}
		}
	}()
	if len(src) > MaxFileSize {
		return bad(1, 1, "file is %.1f MiB; catalog files may be at most 1 MiB: move data into sources/", float64(len(src))/(1<<20))
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	f.Src = src
	if !utf8.Valid(src) {
		line, col := invalidUTF8At(src)
		return bad(line, col, "file is not valid UTF-8; save it as UTF-8 (without GBK or other legacy encodings)")
	}
	if line, col, r, ok := controlCharAt(src); ok {
		return bad(line, col, "file contains the control character U+%04X; remove it (only tab, line feed and carriage return are allowed)", r)
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return bad(1, 1, "file is empty; a catalog file starts with `kind:` and `id:`")
	}
	data, tree, problems := read(src)
	for _, p := range problems {
		findings = append(findings, diag.Finding{File: path, Pos: diag.Pos{Line: p.Line + lineOffset, Col: p.Col}, Rule: "yaml", Severity: diag.Error, Message: p.Message})
	}
	if len(problems) > 0 {
		return f, findings
	}
	f.Data, f.parsed, f.tree = data, true, &lazyTree{tree: tree}
	return f, nil
}

// lazyTree is the position tree of a file: given by ReadYAML, or built from Src by
// the scanner on first use (most files are never asked for a position), once, by
// whichever goroutine asks first (lint rules run concurrently).
type lazyTree struct {
	once sync.Once
	tree *yamlread.Tree

	linesOnce sync.Once
	lines     *yamlread.Lines
}

// get returns the position tree of f.
func (l *lazyTree) get(f *File) *yamlread.Tree {
	l.once.Do(func() {
		if l.tree == nil {
			l.tree = yamlread.Positions(f.yamlSrc())
		}
	})
	return l.tree
}

// positions returns the file's position tree, or nil when it did not parse.
func (f *File) positions() *yamlread.Tree {
	if f.tree == nil {
		return nil
	}
	return f.tree.get(f)
}

// Decode decodes the document into v (a pointer to a model type).
func (f *File) Decode(v any) error {
	data := f.Value()
	if data == nil {
		return errors.New("file did not parse")
	}
	return decodeData(data, v)
}

// Pos returns the position of the value at path (keys and list indexes, as strings
// or ints), with its end (the position just past the value's last character; a
// mapping or list ends where its last entry does). When the path does not exist it
// returns the position of the deepest part that does, so a finding about a missing
// field points at its parent.
func (f *File) Pos(path ...any) diag.Pos {
	t := f.positions()
	if t == nil {
		return diag.Pos{Line: 1 + f.lineOffset, Col: 1}
	}
	_, _, val := t.Spans(f.lineIndex(), path)
	return f.spanPos(val)
}

// KeyPos returns the position and end of the key of the field at path, or of the
// value when the last step is a list index.
func (f *File) KeyPos(path ...any) diag.Pos {
	t := f.positions()
	if t == nil {
		return diag.Pos{Line: 1 + f.lineOffset, Col: 1}
	}
	key, _, _ := t.Spans(f.lineIndex(), path)
	return f.spanPos(key)
}

func (f *File) diagPos(p yamlread.Pos) diag.Pos {
	return diag.Pos{Line: p.Line + f.lineOffset, Col: p.Col}
}

// spanPos converts a span of the YAML into a position in the file; the end stays
// zero when it is unknown.
func (f *File) spanPos(s yamlread.Span) diag.Pos {
	p := f.diagPos(s.Start)
	if s.End.Line > 0 {
		p.EndLine, p.EndCol = s.End.Line+f.lineOffset, s.End.Col
	}
	return p
}

// lineIndex returns the line index of f's YAML (for end positions), built on first
// use by whichever goroutine asks first; f.tree is not nil.
func (f *File) lineIndex() *yamlread.Lines {
	l := f.tree
	l.linesOnce.Do(func() { l.lines = yamlread.NewLines(f.yamlSrc()) })
	return l.lines
}

// Has reports whether the field at path is written in the file.
func (f *File) Has(path ...any) bool {
	if f.Data != nil {
		// Data holds the same keys and items as the position tree: no need to
		// build the tree while it is kept.
		return dataHas(f.Data, path)
	}
	t := f.positions()
	return t != nil && t.Has(path)
}

// dataHas reports whether path leads to a value in data (File.Data), as Has does
// on the position tree: a mapping step takes a key (an int as its decimal string),
// a list step an index (a string of digits too).
func dataHas(data any, path []any) bool {
	for _, seg := range path {
		switch v := data.(type) {
		case map[string]any:
			name, ok := seg.(string)
			if !ok {
				i, isInt := seg.(int)
				if !isInt {
					return false
				}
				name = strconv.Itoa(i)
			}
			if data, ok = v[name]; !ok {
				return false
			}
		case []any:
			i, ok := yamlread.SegIndex(seg)
			if !ok || i < 0 || i >= len(v) {
				return false
			}
			data = v[i]
		default:
			return false
		}
	}
	return true
}

// controlCharAt finds the first C0 control character other than tab, LF and CR,
// or DEL, which YAML does not allow in a stream.
func controlCharAt(src []byte) (line, col int, r rune, ok bool) {
	if !hasControlByte(src) {
		return 0, 0, 0, false
	}
	line, col = 1, 1
	for _, c := range string(src) {
		switch {
		case c == '\n':
			line, col = line+1, 1
			continue
		case c < 0x20 && c != '\t' && c != '\r', c == 0x7f:
			return line, col, c, true
		}
		col++
	}
	return 0, 0, 0, false
}

// hasControlByte reports whether src holds a byte controlCharAt reports: every
// such character is a single byte in UTF-8, so no decoding is needed to rule it out.
func hasControlByte(src []byte) bool {
	for _, c := range src {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
			return true
		}
	}
	return false
}

func invalidUTF8At(src []byte) (line, col int) {
	line, col = 1, 1
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		src = src[size:]
	}
	return line, col
}

// YAMLLines returns the first and last line of the file that hold its YAML: every
// line of a YAML file, the front matter of a guide page.
func (f *File) YAMLLines() (first, last int) {
	src := f.yamlSrc()
	n := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		n++
	}
	return 1 + f.lineOffset, n + f.lineOffset
}

// InValue reports whether line and col (1-based, in characters) of the file lie
// inside a scalar value, where a `#` is text and not a comment: a quoted scalar or a
// block scalar's lines. It is false outside the YAML and when the file did not
// parse.
func (f *File) InValue(line, col int) bool {
	t := f.positions()
	if t == nil {
		return false
	}
	return t.InScalar(f.lineIndex(), yamlread.Pos{Line: line - f.lineOffset, Col: col})
}
