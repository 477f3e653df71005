package yamlread

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestReadYAMLProblems: what a catalog file may not hold, and syntax errors, are
// problems at the place they are written, with a message that says what to do.
func TestReadYAMLProblems(t *testing.T) {
	for _, c := range []struct {
		src  string
		want string // "line:col message-fragment", one per problem
	}{
		{"a: &x [1]\nb: *x\n", "1:4 anchors (&)|2:4 aliases (*)"},
		{"kind: !!binary aGVsbG8=\n", "1:7 tags (!!binary)"},
		{"a: !x 1\n", "1:4 tags (!x)"},
		{"a: ! 12\n", "1:4 tags (!)"},
		{" ! a: 1\n", "1:2 tags (!)"},
		{"kind: D\n? complex\n: key\n", "2:1 complex mapping keys"},
		{"kind: D\n?\n  complex\n: key\n", "2:1 complex mapping keys"},
		{"a: {? b : c}\n", "1:5 complex mapping keys"},
		{"? [a, b]\n: c\n", "1:1 complex mapping keys"},
		{"<<: {a: 1}\nb: 2\n", "1:1 merge keys (<<)"},
		{"kind: D\nlevel: city\nid: x\nlevel: district\n", `4:1 mapping key "level" already defined at [2:1]`},
		{"null: a\n~: b\n", `2:1 mapping key "null" already defined at [1:1]`},
		{"a: 1\n---\nb: 2\n", "2:1 file holds 2 YAML documents"},
		{"a: 1\n---\nb: 2\n---\nc: 3\n", "2:1 file holds 3 YAML documents"},
		{"- a\n- b\n", "1:1 not a list"},
		{"just text\n", "1:1 not a string"},
		{"12\n", "1:1 not a scalar"},
		{"# nothing\n", "1:1 file has no content"},
		{"---\n", "1:1 file has no content"},
		{"a:\n\tb: 1\n", "2:1 indent with spaces"},
		{"a: @x\n", "1:4 cannot start any token"},
		{"a: 1\nb: \"open\nc: 2\n", "2:4 close the quoted text"},
		{"a: 1\nname: {zh: x, en: y\n", "2:7 close the mapping with `}`"},
		{"a: 1\nl: [x, y\n", "2:4 close the list with `]`"},
		{"a: b: c\n", "1:5 a value that holds `: ` must be quoted"},
		{"a:\n  b: 1\n c: 2\n", "3:2 did not find expected key"},
		{"中文: 值\nb: \"未完\n", "2:4 close the quoted text"},
	} {
		_, _, problems := ReadYAML([]byte(c.src))
		var got []string
		for _, p := range problems {
			got = append(got, fmt.Sprintf("%d:%d %s", p.Line, p.Col, p.Message))
		}
		want := strings.Split(c.want, "|")
		ok := len(got) == len(want)
		for i := 0; ok && i < len(want); i++ {
			pos, frag, _ := strings.Cut(want[i], " ")
			ok = strings.HasPrefix(got[i], pos+" ") && strings.Contains(got[i], frag)
		}
		if !ok {
			t.Errorf("%q: problems\n  %s\nwant\n  %s", c.src, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
		}
		if data, tree, _ := Read([]byte(c.src)); data != nil || tree != nil {
			t.Errorf("%q: Read gives data for a file with problems", c.src)
		}
	}
}

// TestReadYAMLAliasLimit: an alias bomb is refused without expanding it, and the
// problems are capped.
func TestReadYAMLAliasLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("a: &a [x, x, x, x, x, x, x, x, x]\n")
	for i := 'b'; i <= 'z'; i++ {
		fmt.Fprintf(&b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	_, _, problems := ReadYAML([]byte(b.String()))
	if len(problems) != maxProblems {
		t.Errorf("%d problems, want %d", len(problems), maxProblems)
	}
}

// TestReadYAMLValues: the plain values of the forms only ReadYAML reads.
func TestReadYAMLValues(t *testing.T) {
	for src, want := range map[string]any{
		"v: 0x1F\n":              uint64(31),
		"v: 0o17\n":              uint64(15),
		"v: -0x10\n":             int64(-16),
		"v: 1_000\n":             uint64(1000),
		"v: +7\n":                uint64(7),
		"v: -0\n":                int64(0),
		"v: 1e3\n":               float64(1000),
		"v: -.inf\n":             math.Inf(-1),
		"v: 2026-11-01\n":        "2026-11-01",
		"v: yes\n":               "yes",
		"v: True\n":              true,
		"v: ~\n":                 nil,
		"v: \"a\n  b\"\n":        "a b",
		"v: a\n  b\n":            "a b",
		"v:\n\t- x\n":            nil, // tabs: a problem, see TestReadYAMLProblems
		"v: [a,\n  b]\n":         []any{"a", "b"},
		"v: {zh: 甲, en: a, b}\n": map[string]any{"zh": "甲", "en": "a, b"},
		"1: x\nv: 2\n":           uint64(2),
	} {
		data, _, problems := ReadYAML([]byte(src))
		if strings.Contains(src, "\t") {
			if problems == nil {
				t.Errorf("%q: no problem", src)
			}
			continue
		}
		if problems != nil {
			t.Errorf("%q: %v", src, problems)
			continue
		}
		if got := data.(map[string]any)["v"]; !reflect.DeepEqual(got, want) {
			t.Errorf("%q: v = %#v, want %#v", src, got, want)
		}
		checkScan(t, src, []byte(src))
	}
	data, _, _ := ReadYAML([]byte("1: x\ntrue: y\nnull: z\n"))
	if want := map[string]any{"1": "x", "true": "y", "null": "z"}; !reflect.DeepEqual(data, want) {
		t.Errorf("scalar keys read as %#v, want %#v", data, want)
	}
}

// TestScannerDeclines lists inputs the scanner must leave to ReadYAML.
func TestScannerDeclines(t *testing.T) {
	for _, src := range []string{
		"a: &x 1\nb: *x\n", "a: !!str 1\n", "? a\n: 1\n", "a: 1\na: 2\n", "a: 1\n---\nb: 2\n",
		"- 1\n", "a: 0x10\n", "a: 1_000\n", "a: .inf\n", "a: {", "a: 010\n", "<<: {a: 1}\n", "a:\tb\n",
		"a: {en: x, y}\n", "a: \"x\n  y\"\n",
	} {
		if _, _, ok := Scan([]byte(src), false); ok {
			t.Errorf("the scanner accepted %q", src)
		}
	}
	if _, _, ok := Scan([]byte("kind: Dataset\nn: -3\nu: 7\nf: 1.5\nb: true\nd: 2026-11-01\nz:\ns: [a, 'b']\n"), false); !ok {
		t.Error("the scanner declined a plain file")
	}
}

// TestPositionsOfEmptyValues: an empty value is positioned at its key, however the
// file is read.
func TestPositionsOfEmptyValues(t *testing.T) {
	for _, src := range []string{"a:\nb: 1\n", "a:\n\tb: 1\n", "x: {a: , b: 1}\n"} {
		_, tree, problems := ReadYAML([]byte(src))
		if problems != nil {
			continue
		}
		key, _, at := tree.Lookup([]any{"a"})
		if key != at {
			t.Errorf("%q: empty value at %v, its key at %v", src, at, key)
		}
	}
}
