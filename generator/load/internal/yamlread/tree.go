package yamlread

import "strconv"

// Pos is a 1-based line and column (in characters) of a file's YAML.
type Pos struct {
	Line, Col int
}

// Tree is the position tree of a document: the positions of every key and value
// and nothing else, built by the scanner or from yaml.v3's node tree (the values
// live in the plain data Read returns). Both builders give the same tree for the
// same file (TestScanMatchesYAML, FuzzScan).
type Tree struct {
	line, col int32
	mapping   bool
	empty     bool  // an empty value (`key:` and nothing), positioned at its key
	keys      []Key // a mapping's keys, in the order written
	kids      []Tree
}

// Key is the name and position of a mapping key.
type Key struct {
	name      string
	line, col int32
}

func (k *Key) pos() Pos { return Pos{Line: int(k.line), Col: int(k.col)} }

// child returns the node under t named by seg (a key, or a list index as an int
// or a string of digits) and, under a mapping, its key.
func (t *Tree) child(seg any) (*Tree, *Key) {
	if t.mapping {
		name, ok := seg.(string)
		if !ok {
			i, isInt := seg.(int)
			if !isInt {
				return nil, nil
			}
			name = strconv.Itoa(i)
		}
		for i := range t.keys {
			if t.keys[i].name == name {
				return &t.kids[i], &t.keys[i]
			}
		}
		return nil, nil
	}
	i, ok := SegIndex(seg)
	if !ok || i < 0 || i >= len(t.kids) {
		return nil, nil
	}
	return &t.kids[i], nil
}

// Lookup finds path (keys and list indexes) in the tree. at is the position of
// the value at path or, when path does not exist, of the deepest part that does;
// a mapping is where its first key is, and an empty value where its key is. key is
// the position of the key of that value (hasKey false for a list item or the
// document itself).
func (t *Tree) Lookup(path []any) (key Pos, hasKey bool, at Pos) {
	n := t
	var k *Key
	for _, seg := range path {
		next, nk := n.child(seg)
		if next == nil {
			break
		}
		if next.empty && nk != nil {
			return nk.pos(), true, nk.pos()
		}
		n, k = next, nk
	}
	switch {
	case n.mapping && len(n.keys) > 0:
		at = n.keys[0].pos()
	case n.line == 0:
		at = Pos{Line: 1, Col: 1}
	default:
		at = Pos{Line: int(n.line), Col: int(n.col)}
	}
	if k != nil {
		return k.pos(), true, at
	}
	return at, false, at
}

// Has reports whether the value at path is written in the document.
func (t *Tree) Has(path []any) bool {
	n := t
	for _, seg := range path {
		if n, _ = n.child(seg); n == nil {
			return false
		}
	}
	return true
}

// SegIndex reads a path segment as a list index: an int, or a string of digits as
// JSON Schema instance locations write it.
func SegIndex(seg any) (int, bool) {
	switch v := seg.(type) {
	case int:
		return v, true
	case string:
		i, err := strconv.Atoi(v)
		return i, err == nil
	}
	return 0, false
}
