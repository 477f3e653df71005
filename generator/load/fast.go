package load

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	yaml3 "gopkg.in/yaml.v3"

	"github.com/shuyuan-project/shuyuan/generator/diag"
)

// The fast path. Most catalog files are plain, valid YAML: one document, a mapping
// of plain keys, no anchors, aliases, tags or duplicate keys. gopkg.in/yaml.v3
// parses such files about three times faster than goccy/go-yaml, with a fifth of
// the allocations. parseFast accepts a file only when it is of that kind and its
// values are unambiguous; anything else (including every error) goes through the
// careful goccy path, which produces the positioned findings. Both paths give the
// same File.Data (positive integers as uint64, negative as int64, dates as
// strings) and the same positions.

// parseFast parses src with yaml.v3. ok is false when the file needs the goccy path.
func parseFast(src []byte) (root *yaml3.Node, data any, ok bool) {
	// yaml.v3 does not say whether a key was written with the explicit-key
	// indicator "?"; leave any file that may hold one to the goccy path.
	// goccy counts columns after a tab differently; files with tabs are rare.
	if bytes.IndexByte(src, '\t') >= 0 {
		return nil, nil, false
	}
	for _, ind := range [][]byte{[]byte("? "), []byte("?\n"), []byte("?\r")} {
		if bytes.Contains(src, ind) {
			return nil, nil, false
		}
	}
	// yaml.v3 drops the non-specific tag "!" without a trace (" ! a: 1" is a plain
	// mapping to it); leave any "!" that may start a tag to the goccy path, which
	// reports tags.
	for i, c := range src {
		if c == '!' && (i == 0 || strings.IndexByte(" \n\r[{,", src[i-1]) >= 0) {
			return nil, nil, false
		}
	}
	if root, ok = yaml3Mapping(src); !ok {
		return nil, nil, false
	}
	data, ok = fastValue(root, 0)
	if !ok {
		return nil, nil, false
	}
	return root, data, true
}

// yaml3Mapping parses src with yaml.v3 and returns its one document, when it is
// a single document holding a mapping.
func yaml3Mapping(src []byte) (*yaml3.Node, bool) {
	dec := yaml3.NewDecoder(bytes.NewReader(src))
	var doc yaml3.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	var next yaml3.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return nil, false // a second document, or an error after the first
	}
	if doc.Kind != yaml3.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml3.MappingNode {
		return nil, false
	}
	return doc.Content[0], true
}

// maxFastDepth bounds the recursion of the fast path; deeper files take the goccy path.
const maxFastDepth = 64

// fastValue converts a yaml.v3 node to the plain value goccy's NodeToValue gives.
func fastValue(n *yaml3.Node, depth int) (any, bool) {
	if depth > maxFastDepth || n.Anchor != "" || n.Style&yaml3.TaggedStyle != 0 {
		return nil, false
	}
	if n.Style&yaml3.FlowStyle != 0 {
		// goccy and yaml.v3 disagree on some flow collections that span lines;
		// leave those to goccy.
		for _, c := range n.Content {
			if c.Line != n.Line || (c.Kind == yaml3.ScalarNode && c.Style == 0 && strings.ContainsAny(c.Value, ":#")) {
				return nil, false
			}
			if n.Kind == yaml3.MappingNode && c.Kind == yaml3.ScalarNode && c.ShortTag() == "!!null" && c.Value == "" {
				return nil, false // `{en: a, b}`: the goccy path joins b to a (joinFlowCommas)
			}
		}
	}
	switch n.Kind {
	case yaml3.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml3.ScalarNode && k.Tag == "!!null" && k.Style == 0 && k.Value == "null" {
				k.Tag = "!!str" // `null:` means the field named null, as on the goccy path (stringNullKeys)
			}
			if k.Kind != yaml3.ScalarNode || k.ShortTag() != "!!str" || k.Anchor != "" || k.Style&yaml3.TaggedStyle != 0 {
				return nil, false
			}
			if _, dup := m[k.Value]; dup {
				return nil, false
			}
			val, ok := fastValue(v, depth+1)
			if !ok {
				return nil, false
			}
			m[k.Value] = val
		}
		return m, true
	case yaml3.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, ok := fastValue(c, depth+1)
			if !ok {
				return nil, false
			}
			s[i] = v
		}
		return s, true
	case yaml3.ScalarNode:
		return fastScalar(n)
	}
	return nil, false // aliases and anything unexpected
}

func fastScalar(n *yaml3.Node) (any, bool) {
	switch n.ShortTag() {
	case "!!str", "!!timestamp":
		return n.Value, true
	case "!!null":
		return nil, true
	case "!!bool":
		switch n.Value {
		case "true", "True", "TRUE":
			return true, true
		case "false", "False", "FALSE":
			return false, true
		}
	case "!!int":
		v := n.Value
		if strings.ContainsAny(v, "_xXoObB:") || strings.HasPrefix(v, "+") || (len(v) > 1 && v[0] == '0') {
			return nil, false // let goccy decide what unusual integer forms mean
		}
		if strings.HasPrefix(v, "-") {
			i, err := strconv.ParseInt(v, 10, 64)
			return i, err == nil
		}
		u, err := strconv.ParseUint(v, 10, 64)
		return u, err == nil
	case "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(n.Value, "_") || !strings.Contains(n.Value, ".") {
			return nil, false
		}
		return f, true
	}
	return nil, false
}

// fastChild returns the node under n named by seg, and the key node when n is a mapping.
func fastChild(n *yaml3.Node, seg any) (val, key *yaml3.Node) {
	switch n.Kind {
	case yaml3.MappingNode:
		name, ok := seg.(string)
		if !ok {
			name = strconv.Itoa(seg.(int))
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == name {
				return n.Content[i+1], n.Content[i]
			}
		}
	case yaml3.SequenceNode:
		i, ok := segIndex(seg)
		if !ok {
			return nil, nil
		}
		if i >= 0 && i < len(n.Content) {
			return n.Content[i], nil
		}
	}
	return nil, nil
}

func (f *File) fastLookup(path []any) (key, val *yaml3.Node) {
	n := f.node
	for _, seg := range path {
		next, k := fastChild(n, seg)
		if next == nil {
			return key, n
		}
		// An empty value (`key:` and nothing) has no position of its own.
		if next.Kind == yaml3.ScalarNode && next.ShortTag() == "!!null" && next.Value == "" && k != nil {
			n, key = k, k
			continue
		}
		n, key = next, k
	}
	return key, n
}

func (f *File) fastPos(n *yaml3.Node) diag.Pos {
	if n != nil && n.Kind == yaml3.MappingNode && len(n.Content) > 0 {
		n = n.Content[0] // like the goccy path: a mapping is where its first key is
	}
	if n == nil || n.Line == 0 {
		return diag.Pos{Line: 1 + f.lineOffset, Col: 1}
	}
	return diag.Pos{Line: n.Line + f.lineOffset, Col: n.Column}
}

// posNode is the compact position tree a File keeps once it is decoded: the
// positions of every key and value and nothing else, about a third of the memory of
// the yaml.v3 tree it replaces (the values live in File.Data and the decoded Doc).
type posNode struct {
	line, col int32
	mapping   bool
	empty     bool // an empty value (`key:` and nothing), positioned at its key
	keys      []posKey
	kids      []posNode
}

type posKey struct {
	name      string
	line, col int32
}

func compactNode(n *yaml3.Node) posNode {
	p := posNode{line: int32(n.Line), col: int32(n.Column)}
	switch n.Kind {
	case yaml3.MappingNode:
		p.mapping = true
		p.keys = make([]posKey, len(n.Content)/2)
		p.kids = make([]posNode, len(n.Content)/2)
		for i := range p.keys {
			k, v := n.Content[2*i], n.Content[2*i+1]
			p.keys[i] = posKey{name: k.Value, line: int32(k.Line), col: int32(k.Column)}
			p.kids[i] = compactNode(v)
			p.kids[i].empty = v.Kind == yaml3.ScalarNode && v.ShortTag() == "!!null" && v.Value == ""
		}
	case yaml3.SequenceNode:
		p.kids = make([]posNode, len(n.Content))
		for i, c := range n.Content {
			p.kids[i] = compactNode(c)
		}
	}
	return p
}

// child mirrors fastChild on the compact tree.
func (p *posNode) child(seg any) (*posNode, *posKey) {
	if p.mapping {
		name, ok := seg.(string)
		if !ok {
			name = strconv.Itoa(seg.(int))
		}
		for i := range p.keys {
			if p.keys[i].name == name {
				return &p.kids[i], &p.keys[i]
			}
		}
		return nil, nil
	}
	i, ok := segIndex(seg)
	if !ok {
		return nil, nil
	}
	if i >= 0 && i < len(p.kids) {
		return &p.kids[i], nil
	}
	return nil, nil
}

// compactLookup mirrors fastLookup: it returns the key of the deepest node found
// on path (nil for list items) and that node's position, or the key's when the
// value is empty.
func (f *File) compactLookup(path []any) (key *posKey, at diag.Pos) {
	n := f.compact.get(f)
	for _, seg := range path {
		next, k := n.child(seg)
		if next == nil {
			break
		}
		if next.empty && k != nil {
			return k, f.keyPos(k)
		}
		n, key = next, k
	}
	if n.mapping && len(n.keys) > 0 {
		return key, f.keyPos(&n.keys[0])
	}
	if n.line == 0 {
		return key, diag.Pos{Line: 1 + f.lineOffset, Col: 1}
	}
	return key, diag.Pos{Line: int(n.line) + f.lineOffset, Col: int(n.col)}
}

func (f *File) keyPos(k *posKey) diag.Pos {
	return diag.Pos{Line: int(k.line) + f.lineOffset, Col: int(k.col)}
}

// Compact drops the parse tree kept for positions. Load calls it once a file is
// decoded; Pos and KeyPos give the same answers after it from a compact position
// tree built from Src on first use (most files are never asked for a position),
// Has answers from Data, and Decode parses the file again.
func (f *File) Compact() {
	if f.node == nil {
		return
	}
	f.compact, f.node = &lazyPos{}, nil
}

// lazyPos is the position tree of a compacted file, built once, on first use, by
// whichever goroutine asks first (lint rules run concurrently).
type lazyPos struct {
	once sync.Once
	tree *posNode
}

// get returns the position tree of f, or nil if Src no longer takes the fast path
// (it always does: Compact is only called on fast-path files).
func (l *lazyPos) get(f *File) *posNode {
	l.once.Do(func() {
		if _, tree, ok := scanYAML(f.yamlSrc(), true); ok {
			l.tree = tree
			return
		}
		if root, _, ok := parseFast(f.yamlSrc()); ok {
			t := compactNode(root)
			l.tree = &t
		}
	})
	return l.tree
}

// dataHas reports whether path leads to a value in data (File.Data), as Has does
// on the parse tree: a mapping step takes a key (an int as its decimal string), a
// list step an index (a string of digits too).
func dataHas(data any, path []any) bool {
	for _, seg := range path {
		switch v := data.(type) {
		case map[string]any:
			name, ok := seg.(string)
			if !ok {
				name = strconv.Itoa(seg.(int))
			}
			if data, ok = v[name]; !ok {
				return false
			}
		case []any:
			i, ok := segIndex(seg)
			if !ok {
				return false
			}
			if i < 0 || i >= len(v) {
				return false
			}
			data = v[i]
		default:
			return false
		}
	}
	return true
}
