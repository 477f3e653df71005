package load

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	yaml3 "gopkg.in/yaml.v3"

	"github.com/shuyuan-project/shuyuan/generator/diag"
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

	root       ast.Node    // the goccy AST (careful path)
	node       *yaml3.Node // the yaml.v3 tree (fast path, see fast.go)
	compact    *lazyPos    // the positions of node once the file is decoded, built on first use
	lineOffset int         // lines above the YAML (guide front matter)
	front      []byte      // the YAML parsed, when Src holds more (a guide page)
}

// release drops Data of a file whose positions and values can be read again
// from Src (see Value), keeping it otherwise.
func (f *File) release() {
	if f.compact != nil {
		f.Data = nil
	}
}

// Value returns the document's plain values: Data, or, once Load dropped it, the
// same values read again from Src; nil when the file did not parse.
func (f *File) Value() any {
	if f.Data != nil || f.compact == nil {
		return f.Data
	}
	if data, _, ok := scanYAML(f.yamlSrc(), false); ok {
		return data
	}
	_, data, _ := parseFast(f.yamlSrc())
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

func parseAt(path, kind string, src []byte, lineOffset int) (f *File, findings []diag.Finding) {
	return parseWith(path, kind, src, lineOffset, pathScan)
}

// The parse paths, fastest first: a path takes the file when it can and otherwise
// leaves it to the next. Tests start further down to compare the paths.
const (
	pathScan  = iota // scan.go, then yaml.v3, then goccy
	pathYAML3        // fast.go (yaml.v3), then goccy
	pathGoccy        // goccy only: every error and every unusual file
)

// parseWith parses src, starting at path first.
func parseWith(path, kind string, src []byte, lineOffset int, first int) (f *File, findings []diag.Finding) {
	f = &File{Path: path, Kind: kind, lineOffset: lineOffset}
	bad := func(line, col int, format string, args ...any) (*File, []diag.Finding) {
		return f, []diag.Finding{{File: path, Pos: diag.Pos{Line: line + lineOffset, Col: col}, Rule: "yaml", Severity: diag.Error, Message: fmt.Sprintf(format, args...)}}
	}
	defer func() {
		if r := recover(); r != nil {
			f.Data, f.root, f.node = nil, nil, nil
			findings = []diag.Finding{{File: path, Pos: diag.Pos{Line: 1 + lineOffset, Col: 1}, Rule: "yaml", Severity: diag.Error,
				Message: fmt.Sprintf("the YAML parser failed on this file (%v); simplify the file and report this as a shuyuan bug", r)}}
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
	if first <= pathScan {
		if data, _, ok := scanChecked(src, false); ok {
			f.Data, f.compact = data, &lazyPos{} // positions are scanned again on first use
			return f, nil
		}
	}
	if first <= pathYAML3 {
		if root, data, ok := parseFast(src); ok {
			f.node, f.Data = root, data
			return f, nil
		}
	}
	file, err := parser.ParseBytes(src, 0)
	if err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			p := ye.GetToken().Position
			return bad(max(p.Line, 1), max(p.Column, 1), "invalid YAML: %s", ye.GetMessage())
		}
		return bad(1, 1, "invalid YAML: %v", err)
	}
	var docs []*ast.DocumentNode
	for _, d := range file.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return bad(1, 1, "file has no content; a catalog file starts with `kind:` and `id:`")
	}
	if len(docs) > 1 {
		tk := docs[1].Start
		if tk == nil {
			tk = docs[1].GetToken()
		}
		p := tk.Position
		return bad(p.Line, p.Column, "file holds %d YAML documents; put each in its own file", len(docs))
	}
	var found []diag.Finding
	ast.Walk(visitFunc(func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AnchorNode:
			p := n.GetToken().Position
			found = append(found, diag.Finding{File: path, Pos: diag.Pos{Line: p.Line + lineOffset, Col: p.Column}, Rule: "yaml", Severity: diag.Error,
				Message: "anchors (&) are not allowed in catalog files: write the value out in full"})
		case *ast.AliasNode:
			p := n.GetToken().Position
			found = append(found, diag.Finding{File: path, Pos: diag.Pos{Line: p.Line + lineOffset, Col: p.Column}, Rule: "yaml", Severity: diag.Error,
				Message: "aliases (*) are not allowed in catalog files: write the value out in full"})
		case *ast.TagNode:
			p := n.GetToken().Position
			found = append(found, diag.Finding{File: path, Pos: diag.Pos{Line: p.Line + lineOffset, Col: p.Column}, Rule: "yaml", Severity: diag.Error,
				Message: fmt.Sprintf("tags (%s) are not allowed in catalog files: write a plain value, quoted if it must stay a string", n.Start.Value)})
		case *ast.MappingKeyNode:
			p := n.GetToken().Position
			found = append(found, diag.Finding{File: path, Pos: diag.Pos{Line: p.Line + lineOffset, Col: p.Column}, Rule: "yaml", Severity: diag.Error,
				Message: "complex mapping keys (?) are not allowed: use a plain key"})
		}
		return len(found) < 20
	}), docs[0].Body)
	if len(found) > 0 {
		return f, found
	}
	body := docs[0].Body
	if _, ok := body.(*ast.MappingNode); !ok {
		if _, ok := body.(*ast.MappingValueNode); !ok {
			p := body.GetToken().Position
			return bad(p.Line, p.Column, "a catalog file must be a mapping of fields (kind: …, id: …), not a %s", nodeKind(body))
		}
	}
	stringNullKeys(body)
	joinFlowCommas(body, src)
	var v any
	if err := yaml.NodeToValue(body, &v); err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			p := ye.GetToken().Position
			return bad(p.Line, p.Column, "invalid YAML: %s", ye.GetMessage())
		}
		return bad(1, 1, "invalid YAML: %v", err)
	}
	f.root = body
	f.Data = v
	return f, nil
}

// stringNullKeys makes every null key (`null:`, `~:`) the string key "null". YAML
// reads an unquoted `null:` as a null key, but a catalog writer means the field named
// null (a CSV source's `null: ["-", "NA"]`); goccy's struct decoder, given a non-string
// key, silently decodes the whole mapping as empty. The fast path does the same in
// fastValue.
func stringNullKeys(body ast.Node) {
	ast.Walk(visitFunc(func(n ast.Node) bool {
		if mv, ok := n.(*ast.MappingValueNode); ok {
			if k, isNull := mv.Key.(*ast.NullNode); isNull && k.Token != nil {
				s := ast.String(k.Token)
				s.Value = "null"
				mv.Key = s
			}
		}
		return true
	}), body)
}

// joinFlowCommas reads `{zh: …, en: Commercial use, metered}` as the writer meant it:
// en is "Commercial use, metered". In a flow mapping YAML makes `metered` a key
// without a value, which no catalog field can be, so an entry that is a bare plain
// word (no colon) right after a plain string value is joined to that value. Quoted
// values, entries written with a colon and block mappings are left as they are.
// parseFast declines such mappings, so only this path sees them.
func joinFlowCommas(body ast.Node, src []byte) {
	lines := bytes.Split(src, []byte("\n"))
	bareKey := func(k *ast.StringNode) bool {
		tk := k.GetToken()
		if tk == nil || tk.Type != token.StringType || tk.Position.Line < 1 || tk.Position.Line > len(lines) {
			return false
		}
		line := []rune(string(lines[tk.Position.Line-1]))
		i := tk.Position.Column - 1 + len([]rune(k.Value))
		if tk.Position.Column < 1 || i > len(line) || string(line[tk.Position.Column-1:i]) != k.Value {
			return false
		}
		for i < len(line) && line[i] == ' ' {
			i++
		}
		return i < len(line) && (line[i] == ',' || line[i] == '}')
	}
	ast.Walk(visitFunc(func(n ast.Node) bool {
		m, ok := n.(*ast.MappingNode)
		if !ok || !m.IsFlowStyle {
			return true
		}
		kept := m.Values[:0]
		for _, mv := range m.Values {
			if len(kept) > 0 {
				prev := kept[len(kept)-1]
				pv, isStr := prev.Value.(*ast.StringNode)
				k, keyStr := mv.Key.(*ast.StringNode)
				_, noValue := mv.Value.(*ast.NullNode)
				if isStr && keyStr && noValue && pv.GetToken() != nil && pv.GetToken().Type == token.StringType && bareKey(k) {
					pv.Value += ", " + k.Value
					continue
				}
			}
			kept = append(kept, mv)
		}
		m.Values = kept
		return true
	}), body)
}

type visitFunc func(ast.Node) bool

func (v visitFunc) Visit(n ast.Node) ast.Visitor {
	if v(n) {
		return v
	}
	return nil
}

func nodeKind(n ast.Node) string {
	switch n.(type) {
	case *ast.SequenceNode:
		return "list"
	case *ast.StringNode, *ast.LiteralNode:
		return "string"
	default:
		return "scalar"
	}
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

// Decode decodes the document into v (a pointer to a model type).
func (f *File) Decode(v any) error {
	if f.compact != nil {
		if data := f.Value(); data != nil {
			if err := decodeData(data, v); !errors.Is(err, errNeedsNode) {
				return err
			}
		}
		root, _, ok := parseFast(f.yamlSrc())
		if !ok {
			return errors.New("file cannot be decoded again")
		}
		return root.Decode(v)
	}
	if f.node != nil {
		return f.node.Decode(v)
	}
	if f.root == nil {
		return errors.New("file did not parse")
	}
	return yaml.NodeToValue(f.root, v)
}

// Pos returns the position of the value at path (keys and list indexes, as strings
// or ints). When the path does not exist it returns the position of the deepest
// part that does, so a finding about a missing field points at its parent.
func (f *File) Pos(path ...any) diag.Pos {
	if f.compact != nil && f.compact.get(f) != nil {
		_, at := f.compactLookup(path)
		return at
	}
	if f.node != nil {
		_, val := f.fastLookup(path)
		return f.fastPos(val)
	}
	_, val := f.lookup(path)
	return f.pos(val)
}

// KeyPos returns the position of the key of the field at path, or of the value when
// the last step is a list index.
func (f *File) KeyPos(path ...any) diag.Pos {
	if f.compact != nil && f.compact.get(f) != nil {
		key, at := f.compactLookup(path)
		if key != nil {
			return f.keyPos(key)
		}
		return at
	}
	if f.node != nil {
		key, val := f.fastLookup(path)
		if key != nil {
			return f.fastPos(key)
		}
		return f.fastPos(val)
	}
	key, val := f.lookup(path)
	if key != nil {
		return f.pos(key)
	}
	return f.pos(val)
}

// Has reports whether the field at path is written in the file.
func (f *File) Has(path ...any) bool {
	if f.compact != nil {
		// File.Data holds the same keys and items as the position tree (the fast
		// paths refuse duplicate keys): no need to build the tree while it is kept.
		if f.Data != nil {
			return dataHas(f.Data, path)
		}
		n := f.compact.get(f)
		for _, seg := range path {
			if n == nil {
				return false
			}
			n, _ = n.child(seg)
		}
		return n != nil
	}
	if f.node != nil {
		n := f.node
		for _, seg := range path {
			if n, _ = fastChild(n, seg); n == nil {
				return false
			}
		}
		return true
	}
	n := f.root
	for _, seg := range path {
		next, _ := child(n, seg)
		if next == nil {
			return false
		}
		n = next
	}
	return n != nil
}

func (f *File) pos(n ast.Node) diag.Pos {
	if m, ok := n.(*ast.MappingNode); ok && len(m.Values) > 0 && m.Values[0].Key != nil {
		n = m.Values[0].Key // a block mapping's own token is not where it starts
	}
	if n == nil || n.GetToken() == nil {
		return diag.Pos{Line: 1 + f.lineOffset, Col: 1}
	}
	p := n.GetToken().Position
	return diag.Pos{Line: p.Line + f.lineOffset, Col: p.Column}
}

func (f *File) lookup(path []any) (key, val ast.Node) {
	n := f.root
	for _, seg := range path {
		next, k := child(n, seg)
		if next == nil {
			return key, n
		}
		n, key = next, k
	}
	return key, n
}

// child returns the node under n named by seg, and the key node when n is a mapping.
func child(n ast.Node, seg any) (val, key ast.Node) {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
			continue
		case *ast.AnchorNode:
			n = t.Value
			continue
		}
		break
	}
	switch t := n.(type) {
	case *ast.MappingNode:
		name := fmt.Sprint(seg)
		for _, mv := range t.Values {
			if mv.Key != nil && keyString(mv.Key) == name {
				return valueOrKey(mv), mv.Key
			}
		}
	case *ast.MappingValueNode:
		if t.Key != nil && keyString(t.Key) == fmt.Sprint(seg) {
			return valueOrKey(t), t.Key
		}
	case *ast.SequenceNode:
		i, ok := segIndex(seg)
		if !ok {
			return nil, nil
		}
		if i >= 0 && i < len(t.Values) {
			return t.Values[i], nil
		}
	}
	return nil, nil
}

func valueOrKey(mv *ast.MappingValueNode) ast.Node {
	if mv.Value == nil || mv.Value.GetToken() == nil {
		return mv.Key
	}
	if _, isNull := mv.Value.(*ast.NullNode); isNull && mv.Value.GetToken().Position.Line == 0 {
		return mv.Key
	}
	return mv.Value
}

func keyString(k ast.MapKeyNode) string {
	if s, ok := k.(*ast.StringNode); ok {
		return s.Value
	}
	return k.String()
}

// segIndex reads a path segment as a list index: an int, or a string of digits as
// JSON Schema instance locations write it.
func segIndex(seg any) (int, bool) {
	switch v := seg.(type) {
	case int:
		return v, true
	case string:
		i, err := strconv.Atoi(v)
		return i, err == nil
	}
	return 0, false
}
