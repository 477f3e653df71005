package yamlread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// Problem is something wrong with a file's YAML, at a 1-based line and column,
// with a message that says what to write instead.
type Problem struct {
	Pos
	Message string
}

// maxProblems bounds the problems reported for one file (an alias bomb has many).
const maxProblems = 20

// Read reads src, the YAML of one catalog file (valid UTF-8, without a byte order
// mark: the caller checks both), into plain values: map[string]any, []any,
// string, bool, uint64 (integers from 0 up), int64 (negative ones), float64 and
// nil. Dates stay strings. The scanner takes the file when it can (most catalog
// files) and then the tree is nil: Positions builds it when it is needed. Any other
// file is read by yaml.v3, which also reports the problems, and its tree comes
// with it. A file with problems has no data.
func Read(src []byte) (data any, tree *Tree, problems []Problem) {
	if data, _, ok := scanChecked(src, false); ok {
		return data, nil, nil
	}
	return ReadYAML(src)
}

// Positions returns the position tree of src, a file Read took without problems.
func Positions(src []byte) *Tree {
	if _, tree, ok := scanYAML(src, true); ok {
		return tree
	}
	_, tree, _ := ReadYAML(src)
	return tree
}

// Scan is the scanner on its own: ok is false when it declines src. With withPos
// it also returns the position tree. It is Read's fast path, exported for the
// tests that compare it with ReadYAML.
func Scan(src []byte, withPos bool) (data any, tree *Tree, ok bool) {
	return scanYAML(src, withPos)
}

// ReadYAML reads src with yaml.v3, the one library behind the scanner: it takes
// every file and reports every problem. It rejects more than one document, a
// document that is not a mapping, anchors, aliases, tags (the non-specific `!`
// included), complex and merge keys and duplicate keys, and reads `null:` as the
// field named null and `{en: Commercial use, metered}` as the writer meant it
// (joinFlowCommas). It never panics: a failure of the parser is a problem too.
func ReadYAML(src []byte) (data any, tree *Tree, problems []Problem) {
	defer func() {
		if r := recover(); r != nil {
			data, tree = nil, nil
			problems = []Problem{{Pos{1, 1}, fmt.Sprintf("the YAML parser failed on this file (%v); simplify the file and report this as a shuyuan bug", r)}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, []Problem{{Pos{1, 1}, "file has no content; a catalog file starts with `kind:` and `id:`"}}
		}
		return nil, nil, []Problem{syntaxProblem(src, err)}
	}
	docs, second := 1, Pos{}
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, []Problem{syntaxProblem(src, err)}
		}
		if len(next.Content) == 1 && isEmpty(next.Content[0]) {
			continue // a `---` or `...` with nothing after it
		}
		if docs++; docs == 2 {
			second = Pos{next.Line, next.Column}
		}
	}
	if docs > 1 {
		return nil, nil, []Problem{{second, fmt.Sprintf("file holds %d YAML documents; put each in its own file", docs)}}
	}
	if len(doc.Content) != 1 || isEmpty(doc.Content[0]) {
		return nil, nil, []Problem{{Pos{1, 1}, "file has no content; a catalog file starts with `kind:` and `id:`"}}
	}
	r := &reader{src: src, hasBang: bytes.IndexByte(src, '!') >= 0, hasQuestion: bytes.IndexByte(src, '?') >= 0}
	body := doc.Content[0]
	r.check(body)
	if len(r.problems) > 0 {
		return nil, nil, r.problems
	}
	if body.Kind != yaml.MappingNode {
		return nil, nil, []Problem{{Pos{body.Line, body.Column}, fmt.Sprintf("a catalog file must be a mapping of fields (kind: …, id: …), not a %s", nodeKind(body))}}
	}
	data, t := r.value(body)
	if len(r.problems) > 0 {
		return nil, nil, r.problems
	}
	return data, &t, nil
}

// DecodeYAML decodes src into v with yaml.v3's own decoder, after the readings of
// ReadYAML (null keys, joined flow commas): the oracle that load's decoder of plain
// values is compared with in tests. src must be a file ReadYAML reads without
// problems.
func DecodeYAML(src []byte, v any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return err
	}
	if len(doc.Content) != 1 {
		return errors.New("not one document")
	}
	r := &reader{src: src}
	r.value(doc.Content[0])
	return doc.Content[0].Decode(v)
}

// reader converts one yaml.v3 document into plain values and a position tree.
type reader struct {
	src      []byte
	lines    []int // byte offset of each line's start, built on first use
	problems []Problem
	// whether src holds a '!' or a '?' at all: most files hold neither, and their
	// nodes need no look at the source
	hasBang, hasQuestion bool
}

func (r *reader) problem(n *yaml.Node, format string, args ...any) {
	r.add(Problem{Pos{n.Line, n.Column}, fmt.Sprintf(format, args...)})
}

// add records p, once per position (a tagged mapping and its first key start at
// the same place).
func (r *reader) add(p Problem) {
	if len(r.problems) < maxProblems && (len(r.problems) == 0 || r.problems[len(r.problems)-1].Pos != p.Pos) {
		r.problems = append(r.problems, p)
	}
}

// check reports, in document order, what a catalog file may not hold: anchors,
// aliases, tags, complex keys and merge keys.
func (r *reader) check(n *yaml.Node) {
	if len(r.problems) >= maxProblems {
		return
	}
	switch {
	case n.Kind == yaml.AliasNode:
		r.problem(n, "aliases (*) are not allowed in catalog files: write the value out in full")
		return
	case n.Anchor != "":
		r.problem(n, "anchors (&) are not allowed in catalog files: write the value out in full")
	case n.Style&yaml.TaggedStyle != 0:
		r.problem(n, "tags (%s) are not allowed in catalog files: write a plain value, quoted if it must stay a string", n.Tag)
	case r.hasBang && r.at(n) == '!':
		// yaml.v3 drops the non-specific tag `!` without a trace, but the node
		// starts where the tag is written.
		r.problem(n, "tags (!) are not allowed in catalog files: write a plain value, quoted if it must stay a string")
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			q, explicit := r.explicitKey(k)
			switch {
			case explicit:
				r.add(Problem{q, "complex mapping keys (?) are not allowed: use a plain key"})
			case k.Kind != yaml.ScalarNode:
				r.problem(k, "complex mapping keys (?) are not allowed: use a plain key")
			case k.ShortTag() == "!!merge":
				r.problem(k, "merge keys (<<) are not allowed in catalog files: write the fields out in full")
			default:
				r.check(k)
			}
			r.check(n.Content[i+1])
		}
		return
	}
	for _, c := range n.Content {
		r.check(c)
	}
}

// value converts n into its plain value and position tree; an empty value is
// marked by its caller, which knows its key.
func (r *reader) value(n *yaml.Node) (any, Tree) {
	t := Tree{line: int32(n.Line), col: int32(n.Column)}
	switch n.Kind {
	case yaml.MappingNode:
		if n.Style&yaml.FlowStyle != 0 {
			r.joinFlowCommas(n)
		}
		t.mapping = true
		m := make(map[string]any, len(n.Content)/2)
		t.keys = make([]Key, 0, len(n.Content)/2)
		t.kids = make([]Tree, 0, len(n.Content)/2)
		first := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.ShortTag() == "!!null" {
				// `null:` means the field named null (a CSV source's null: ["-",
				// "NA"]), also to yaml.v3's decoder (DecodeYAML)
				k.Tag, k.Value = "!!str", "null"
			}
			name := k.Value
			if prev, dup := first[name]; dup {
				r.problem(k, "invalid YAML: mapping key %q already defined at [%d:%d]", name, prev.Line, prev.Column)
				continue
			}
			first[name] = k
			val, vt := r.value(v)
			vt.empty = isEmpty(v)
			m[name] = val
			t.keys = append(t.keys, Key{name: name, line: int32(k.Line), col: int32(k.Column)})
			t.kids = append(t.kids, vt)
		}
		return m, t
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		t.kids = make([]Tree, len(n.Content))
		for i, c := range n.Content {
			s[i], t.kids[i] = r.value(c)
		}
		return s, t
	}
	return scalar(n), t
}

// isEmpty reports whether n is an empty value (`key:` and nothing after it).
func isEmpty(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && n.Value == ""
}

// scalar gives a scalar the plain value of Read: text for strings and dates, nil,
// a bool, uint64 for integers from 0 up and int64 for negative ones (by the sign
// written), float64 for floats.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		v := strings.ReplaceAll(n.Value, "_", "")
		if strings.HasPrefix(v, "-") {
			if i, err := strconv.ParseInt(v, 10, 64); err == nil {
				return i
			}
		} else if u, err := strconv.ParseUint(strings.TrimPrefix(v, "+"), 10, 64); err == nil && (len(v) < 2 || v[0] != '0') {
			return u
		}
		var x any // 0x1F, 0o17, 017 and other forms: as yaml.v3 reads them
		if n.Decode(&x) == nil {
			switch i := x.(type) {
			case int:
				if i < 0 {
					return int64(i)
				}
				return uint64(i)
			case int64:
				if i < 0 {
					return i
				}
				return uint64(i)
			case uint64:
				return i
			case float64:
				return i
			}
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil && !strings.ContainsAny(n.Value, "_") {
			return f
		}
		var f float64
		if n.Decode(&f) == nil {
			return f
		}
	}
	return n.Value // strings, timestamps (dates stay text) and anything unusual
}

// joinFlowCommas reads `{zh: …, en: Commercial use, metered}` as the writer meant
// it: en is "Commercial use, metered". In a flow mapping YAML makes `metered` a key
// without a value, which no catalog field can be, so an entry that is a bare plain
// word (no colon) right after a plain string value is joined to that value. Quoted
// values, entries written with a colon and block mappings are left as they are.
func (r *reader) joinFlowCommas(m *yaml.Node) {
	kept := m.Content[:0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if len(kept) >= 2 {
			prev := kept[len(kept)-1]
			if prev.Kind == yaml.ScalarNode && prev.Style == 0 && prev.ShortTag() == "!!str" &&
				k.Kind == yaml.ScalarNode && k.Style == 0 && k.ShortTag() == "!!str" && !strings.Contains(k.Value, ":") && isEmpty(v) && r.bareWord(k) {
				prev.Value += ", " + k.Value
				continue
			}
		}
		kept = append(kept, k, v)
	}
	m.Content = kept
}

// bareWord reports whether the plain key k is written as is and followed by a
// comma or the end of its flow mapping (no colon).
func (r *reader) bareWord(k *yaml.Node) bool {
	i := r.offset(k.Line, k.Column)
	if i < 0 || !bytes.HasPrefix(r.src[i:], []byte(k.Value)) {
		return false
	}
	i += len(k.Value)
	for i < len(r.src) && r.src[i] == ' ' {
		i++
	}
	return i < len(r.src) && (r.src[i] == ',' || r.src[i] == '}')
}

// explicitKey reports whether the key k is written after the explicit-key
// indicator `?`, and where the indicator is (yaml.v3 does not say; the key starts
// after it).
func (r *reader) explicitKey(k *yaml.Node) (Pos, bool) {
	if !r.hasQuestion {
		return Pos{}, false
	}
	i := r.offset(k.Line, k.Column)
	if i < 0 {
		return Pos{}, false
	}
	for i--; i >= 0 && (r.src[i] == ' ' || r.src[i] == '\t' || r.src[i] == '\n' || r.src[i] == '\r'); i-- {
	}
	if i < 0 || r.src[i] != '?' || (i > 0 && strings.IndexByte(" \t\n\r{[,-", r.src[i-1]) < 0) {
		return Pos{}, false
	}
	line := bytes.Count(r.src[:i], []byte("\n")) + 1
	start := bytes.LastIndexByte(r.src[:i], '\n') + 1
	return Pos{line, utf8.RuneCount(r.src[start:i]) + 1}, true
}

// at returns the byte where node n starts, or 0 when it cannot be found.
func (r *reader) at(n *yaml.Node) byte {
	if i := r.offset(n.Line, n.Column); i >= 0 && i < len(r.src) {
		return r.src[i]
	}
	return 0
}

// offset returns the byte offset of a 1-based line and column (in characters), or -1.
func (r *reader) offset(line, col int) int {
	if r.lines == nil {
		r.lines = lineStarts(r.src)
	}
	if line < 1 || line > len(r.lines) || col < 1 {
		return -1
	}
	i := r.lines[line-1]
	for c := 1; c < col; c++ {
		if i >= len(r.src) || r.src[i] == '\n' {
			return -1
		}
		_, size := utf8.DecodeRune(r.src[i:])
		i += size
	}
	return i
}

// lineStarts returns the byte offset where each line of src starts.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func nodeKind(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.SequenceNode:
		return "list"
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!str":
		return "string"
	default:
		return "scalar"
	}
}

// yaml.v3 reports a syntax error as "yaml: line N: problem", with the line only.
var errLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parserProblems are the problems yaml.v3's parser (not its scanner) reports: for
// them it prints the 0-based line of the mark, one less than the line meant.
var parserProblems = []string{
	"did not find expected <document start>", "did not find expected node content", "did not find expected '-' indicator",
	"did not find expected key", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"found undefined tag handle", "found duplicate %YAML directive", "found incompatible YAML document", "found duplicate %TAG directive",
}

// syntaxProblem turns yaml.v3's syntax error into a positioned problem. yaml.v3
// gives the line of the error (or of the construct it is in) but no column; the
// column is that of the character the problem is about on that line (the tab, the
// opening quote or bracket, the extra colon), else of the line's first character.
func syntaxProblem(src []byte, err error) Problem {
	m := errLine.FindStringSubmatch(err.Error())
	if m == nil {
		return Problem{Pos{1, 1}, "invalid YAML: " + err.Error()}
	}
	msg := m[2]
	line, _ := strconv.Atoi(m[1])
	for _, p := range parserProblems {
		if msg == p {
			line++
			break
		}
	}
	starts := lineStarts(src)
	line = min(max(line, 1), len(starts))
	text := src[starts[line-1]:]
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	byteCol, hint := -1, ""
	switch msg {
	case "found character that cannot start any token":
		byteCol = bytes.IndexAny(text, "\t@`")
		if byteCol >= 0 && text[byteCol] == '\t' {
			hint = "indent with spaces, not tabs"
		} else {
			hint = "a value cannot start with @ or `: put it in quotes"
		}
	case "found a tab character that violates indentation", "found a tab character where an indentation space is expected":
		byteCol, hint = bytes.IndexByte(text, '\t'), "indent with spaces, not tabs"
	case "found unexpected end of stream":
		byteCol, hint = bytes.IndexAny(text, `"'`), "close the quoted text with its quote"
	case "did not find expected ',' or '}'":
		byteCol, hint = bytes.IndexByte(text, '{'), "close the mapping with `}`, or quote a value that holds a comma or a colon"
	case "did not find expected ',' or ']'":
		byteCol, hint = bytes.IndexByte(text, '['), "close the list with `]`, or quote an item that holds a comma or a colon"
	case "mapping values are not allowed in this context":
		if i := bytes.LastIndex(text, []byte(": ")); i >= 0 {
			byteCol = i
		} else if bytes.HasSuffix(bytes.TrimRight(text, " \r"), []byte(":")) {
			byteCol = len(bytes.TrimRight(text, " \r")) - 1
		}
		hint = "a value that holds `: ` must be quoted"
	case "could not find expected ':'":
		hint = "write `key: value`, and quote a value that goes on over several lines"
	case "did not find expected key", "did not find expected '-' indicator":
		hint = "line the keys (or list items) of this block up with the same indentation"
	case "block sequence entries are not allowed in this context":
		byteCol, hint = bytes.Index(text, []byte("- ")), "start a list on its own line below its key"
	}
	if byteCol < 0 {
		byteCol = len(text) - len(bytes.TrimLeft(text, " \t"))
	}
	p := Problem{Pos{line, utf8.RuneCount(text[:byteCol]) + 1}, "invalid YAML: " + msg}
	if hint != "" {
		p.Message += ": " + hint
	}
	return p
}
