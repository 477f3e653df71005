package yamlread

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// spanText returns the text a span covers in src ("" when its end is unknown).
func spanText(src string, s Span) string {
	if s.End.Line == 0 {
		return ""
	}
	lines := strings.Split(src, "\n")
	col := func(line string, c int) int { // byte index of character column c
		i := 0
		for n := 1; n < c && i < len(line); n++ {
			_, size := utf8.DecodeRuneInString(line[i:])
			i += size
		}
		return i
	}
	if s.Start.Line == s.End.Line {
		l := lines[s.Start.Line-1]
		return l[col(l, s.Start.Col):col(l, s.End.Col)]
	}
	first := lines[s.Start.Line-1]
	out := []string{first[col(first, s.Start.Col):]}
	out = append(out, lines[s.Start.Line:s.End.Line-1]...)
	last := lines[s.End.Line-1]
	return strings.Join(append(out, last[:col(last, s.End.Col)]), "\n")
}

const spanDoc = `kind: Dataset   # the kind
id: metro-ridership
title: {zh: 轨道交通站点客流, en: "Metro \"station\" ridership"}
name: {zh: 商业使用·按量计费, en: Commercial use, metered}
"quoted key": 'it''s'
themes: [transport, health]
empty:
folded: >-
  Daily entries and exits
  at every station.

literal: |
  line one
    line two
plain: a plain scalar
  that goes on
# a comment ends it
columns:
  - name: station
    title: {zh: 站点, en: Station}
    tags:
    - a
    - b
  - {name: entries, type: integer}
nested:
  deep:
    deeper: 42
last: [1,
  2]
`

// TestSpans: every key and value's span covers exactly what is written, whichever
// way the tree was built (scanner or yaml.v3).
func TestSpans(t *testing.T) {
	for _, c := range []struct {
		path     []any
		key, val string
	}{
		{[]any{"kind"}, "kind", "Dataset"},
		{[]any{"id"}, "id", "metro-ridership"},
		{[]any{"title"}, "title", `zh: 轨道交通站点客流, en: "Metro \"station\" ridership"`}, // a mapping starts at its first key
		{[]any{"title", "zh"}, "zh", "轨道交通站点客流"},
		{[]any{"title", "en"}, "en", `"Metro \"station\" ridership"`},
		{[]any{"name", "en"}, "en", "Commercial use, metered"},
		{[]any{"quoted key"}, `"quoted key"`, `'it''s'`},
		{[]any{"themes", 1}, "health", "health"},
		{[]any{"themes"}, "themes", "[transport, health]"},
		{[]any{"empty"}, "empty", "empty"},
		{[]any{"folded"}, "folded", ">-\n  Daily entries and exits\n  at every station."},
		{[]any{"literal"}, "literal", "|\n  line one\n    line two"},
		{[]any{"plain"}, "plain", "a plain scalar\n  that goes on"},
		{[]any{"columns", 0, "name"}, "name", "station"},
		{[]any{"columns", 0, "title", "en"}, "en", "Station"},
		{[]any{"columns", 0, "tags"}, "tags", "- a\n    - b"},
		{[]any{"columns", 0}, "name: station\n    title: {zh: 站点, en: Station}\n    tags:\n    - a\n    - b", "name: station\n    title: {zh: 站点, en: Station}\n    tags:\n    - a\n    - b"},
		{[]any{"columns", 1}, "name: entries, type: integer", "name: entries, type: integer"}, // a list item has no key
		{[]any{"columns", 1, "type"}, "type", "integer"},
		{[]any{"nested", "deep", "deeper"}, "deeper", "42"},
		{[]any{"nested"}, "nested", "deep:\n    deeper: 42"},
		{[]any{"last"}, "last", "[1,\n  2]"},
		// a missing field: its deepest existing parent
		{[]any{"nested", "nope"}, "nested", "deep:\n    deeper: 42"},
	} {
		trees := map[string]*Tree{}
		if _, tr, ok := Scan([]byte(spanDoc), true); ok {
			trees["scanner"] = tr
		}
		_, tr, problems := ReadYAML([]byte(spanDoc))
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		trees["yaml.v3"] = tr
		lines := NewLines([]byte(spanDoc))
		for name, tree := range trees {
			key, _, val := tree.Spans(lines, c.path)
			if got := spanText(spanDoc, key); got != c.key {
				t.Errorf("%s: key of %v = %q (%v), want %q", name, c.path, got, key, c.key)
			}
			if got := spanText(spanDoc, val); got != c.val {
				t.Errorf("%s: value of %v = %q (%v), want %q", name, c.path, got, val, c.val)
			}
			if _, _, at := tree.Lookup(c.path); at != val.Start {
				t.Errorf("%s: value of %v starts at %v, Lookup says %v", name, c.path, val.Start, at)
			}
		}
	}
}

// TestSpansCRLF: a file saved with Windows line ends gives the same spans.
func TestSpansCRLF(t *testing.T) {
	src := strings.ReplaceAll("id: metro\ndescription: |\n  two\n  lines\nlevel: 1\n", "\n", "\r\n")
	_, tree, problems := ReadYAML([]byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	_, _, val := tree.Spans(NewLines([]byte(src)), []any{"description"})
	if val.Start != (Pos{2, 14}) || val.End != (Pos{4, 8}) {
		t.Errorf("description spans %v", val)
	}
}

// TestSpansScannerTree: for a file the scanner takes, its tree gives the same
// spans as yaml.v3's for every key and value.
func TestSpansScannerTree(t *testing.T) {
	src := `kind: Dataset   # the kind
id: metro-ridership
title: {zh: 轨道交通站点客流, en: "Metro \"station\" ridership"}
"quoted key": 'it''s'
themes: [transport, health]
empty:
folded: >-
  Daily entries and exits
  at every station.

literal: |
  line one
    line two
columns:
  - name: station
    title: {zh: 站点, en: Station}
    tags:
    - a
  - {name: entries, type: integer}
level: 1
`
	_, scanned, ok := Scan([]byte(src), true)
	if !ok {
		t.Fatalf("the scanner declines:\n%s", src)
	}
	_, full, problems := ReadYAML([]byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	lines := NewLines([]byte(src))
	n := 0
	eachPath(full, nil, func(p []any) {
		k1, _, v1 := scanned.Spans(lines, p)
		k2, _, v2 := full.Spans(lines, p)
		if k1 != k2 || v1 != v2 {
			t.Errorf("%v: scanner %v %v, yaml.v3 %v %v", p, k1, v1, k2, v2)
		}
		if v1.End.Line == 0 {
			t.Errorf("%v: no end", p)
		}
		n++
	})
	if n < 20 {
		t.Errorf("only %d nodes compared", n)
	}
}

// eachPath calls fn with the path of every key and list item of tr, in document order.
func eachPath(tr *Tree, path []any, fn func([]any)) {
	for i := range tr.kids {
		var p []any
		if tr.mapping {
			p = append(append([]any{}, path...), tr.keys[i].name)
		} else {
			p = append(append([]any{}, path...), i)
		}
		fn(p)
		eachPath(&tr.kids[i], p, fn)
	}
}

// TestSpansCorpus: in every YAML file of the test corpora and the default catalog,
// every key and value has an end after its start.
func TestSpansCorpus(t *testing.T) {
	n := 0
	for name, src := range corpusYAML(t) {
		_, tree, problems := ReadYAML(src)
		if problems != nil {
			continue
		}
		lines := NewLines(src)
		eachPath(tree, nil, func(p []any) {
			n++
			key, hasKey, val := tree.Spans(lines, p)
			for what, s := range map[string]Span{"key": key, "value": val} {
				if what == "key" && !hasKey {
					continue
				}
				if s.End.Line < s.Start.Line || (s.End.Line == s.Start.Line && s.End.Col <= s.Start.Col) {
					t.Errorf("%s: %s of %v spans %v", name, what, p, s)
				}
			}
		})
	}
	if n < 10000 {
		t.Errorf("only %d nodes checked", n)
	}
}

func TestInScalar(t *testing.T) {
	src := "a: \"quoted # not a comment\"  # a comment\nb: |\n  # text of the block\n  more\n# a comment\nc: plain # a comment\nd: [x, 'y # text']\n"
	_, tree, problems := ReadYAML([]byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	lines := NewLines([]byte(src))
	for _, c := range []struct {
		at   Pos
		want bool
	}{
		{Pos{1, 11}, true},  // the # inside the quotes
		{Pos{1, 30}, false}, // the trailing comment
		{Pos{3, 3}, true},   // a block scalar's line
		{Pos{5, 1}, false},  // a comment line after it
		{Pos{6, 10}, false}, // a comment after a plain scalar
		{Pos{7, 13}, true},  // inside a quoted flow item
	} {
		if got := tree.InScalar(lines, c.at); got != c.want {
			t.Errorf("InScalar(%v) = %v, want %v", c.at, got, c.want)
		}
	}
}
