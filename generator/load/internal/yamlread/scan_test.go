package yamlread

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
)

// samePos compares two position trees; an empty value's own position is not
// compared (lookups use its key's).
func samePos(a, b *Tree, at string) error {
	if a.empty != b.empty {
		return fmt.Errorf("%s: empty %v, yaml.v3 %v", at, a.empty, b.empty)
	}
	if !a.empty && (a.line != b.line || a.col != b.col) {
		return fmt.Errorf("%s: at %d:%d, yaml.v3 %d:%d", at, a.line, a.col, b.line, b.col)
	}
	if a.mapping != b.mapping || len(a.keys) != len(b.keys) || len(a.kids) != len(b.kids) {
		return fmt.Errorf("%s: shape differs (mapping %v/%v, %d/%d keys, %d/%d kids)", at, a.mapping, b.mapping, len(a.keys), len(b.keys), len(a.kids), len(b.kids))
	}
	for i := range a.keys {
		if a.keys[i] != b.keys[i] {
			return fmt.Errorf("%s: key %d %+v, yaml.v3 %+v", at, i, a.keys[i], b.keys[i])
		}
	}
	for i := range a.kids {
		if err := samePos(&a.kids[i], &b.kids[i], fmt.Sprintf("%s/%d", at, i)); err != nil {
			return err
		}
	}
	return nil
}

// checkScan fails when the scanner accepts src but disagrees with ReadYAML on its
// data or positions. It reports whether the scanner accepted.
func checkScan(t testing.TB, name string, src []byte) bool {
	t.Helper()
	data, pos, ok := scanYAML(src, true)
	if !ok {
		return false
	}
	want, wantPos, problems := ReadYAML(src)
	if problems != nil {
		t.Fatalf("%s: the scanner accepted a file ReadYAML rejects (%v):\n%s", name, problems, src)
	}
	if !reflect.DeepEqual(data, want) {
		t.Fatalf("%s: data differs\nscan:    %#v\nyaml.v3: %#v\n%s", name, data, want, src)
	}
	if err := samePos(pos, wantPos, ""); err != nil {
		t.Fatalf("%s: positions differ: %v\n%s", name, err, src)
	}
	lines := NewLines(src)
	eachPath(wantPos, nil, func(p []any) {
		k1, _, v1 := pos.Spans(lines, p)
		k2, _, v2 := wantPos.Spans(lines, p)
		if k1 != k2 || v1 != v2 {
			t.Fatalf("%s: spans of %v differ: scanner %v %v, yaml.v3 %v %v\n%s", name, p, k1, v1, k2, v2, src)
		}
	})
	nopos, p, ok := scanYAML(src, false)
	if !ok || p != nil || !reflect.DeepEqual(nopos, data) {
		t.Fatalf("%s: scanning without positions differs", name)
	}
	return true
}

// corpusYAML returns every YAML document of the test corpora, by name: the lint
// rule cases, the malformed corpus, the default catalog (guide front matter
// included) and the generated benchmark dataset.
func corpusYAML(t testing.TB) map[string][]byte {
	out := map[string][]byte{}
	lint := fixture.Path(t, "generator/lint/testdata")
	txtars, _ := filepath.Glob(filepath.Join(lint, "*", "*.txtar"))
	base, _ := filepath.Glob(filepath.Join(lint, "*.txtar"))
	for _, p := range append(txtars, base...) {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".yaml") {
				out[p+"/"+f.Name] = f.Data
			}
		}
	}
	for _, dir := range []string{"generator/load/testdata/malformed", "catalog", "generator/load/testdata/bench"} {
		_ = filepath.WalkDir(fixture.Path(t, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			src, _ := os.ReadFile(p)
			if dir == "catalog" {
				p = "catalog:" + p
			}
			switch {
			case strings.HasSuffix(p, ".yaml"):
				out[p] = src
			case strings.HasSuffix(p, ".md") && bytes.HasPrefix(src, []byte("---\n")):
				if end := bytes.Index(src[4:], []byte("\n---\n")); end > 0 {
					out[p+"#front"] = src[4 : 4+end+1]
				}
			}
			return nil
		})
	}
	return out
}

// TestScanMatchesYAML: on every corpus file the scanner accepts, it reads what
// ReadYAML reads; and it accepts every file of the default catalog, so the fast
// path is the one catalogs take.
func TestScanMatchesYAML(t *testing.T) {
	files := corpusYAML(t)
	accepted, catalog, declined := 0, 0, []string{}
	for name, src := range files {
		if checkScan(t, name, src) {
			accepted++
		}
		if strings.HasPrefix(name, "catalog:") {
			catalog++
			if _, _, ok := scanYAML(src, false); !ok {
				declined = append(declined, name)
			}
		}
	}
	if catalog < 100 {
		t.Errorf("only %d default catalog files found", catalog)
	}
	if len(declined) > 0 {
		t.Errorf("the scanner declined %d default catalog files: %v", len(declined), declined)
	}
	t.Logf("%d of %d corpus files scanned", accepted, len(files))
}

// scanCases are small inputs on the edges of what the scanner reads.
var scanCases = []string{
	"a: 1\n", "a: -1\nb: -0\nc: 0\nd: 007\n", "a: 1.5\nb: 1.\nc: -.5\nd: .5\ne: 1e3\nf: 1.5e3\ng: +1\n",
	"a: 0x1F\n", "a: 0b101\n", "a: 0o17\n", "a: 1_000\n", "a: 09\n", "a: 18446744073709551615\nb: 18446744073709551616\n",
	"a: -9223372036854775808\n", "a: -9223372036854775809\n", "a: .inf\n", "a: -.inf\n", "a: .NaN\n", "a: .iNf\n",
	"a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nul\n", "a: true\nb: True\nc: TRUE\nd: tRue\ne: yes\nf: no\ng: on\nh: off\n",
	"a: 2026-11-01\nb: 2026-11-01T10:00:00Z\nc: 2026-13-45\nd: 2026-1-1\ne: 1.4.0\nf: 12:30\ng: 10%\n",
	"a: 'x'\nb: \"y\"\nc: 'it''s'\nd: \"a\\nb\\t\\\"c\\\\\"\ne: \"\\u4e2d\\x41\\U0001F600\"\nf: \"\\/\"\ng: \"\\N\"\n",
	"a: ''\nb: \"\"\nc: ' x '\n", "a: \"unterminated\n", "a: 'multi\n  line'\n", "a: \"multi\n  line\"\n",
	"a: b: c\n", "a: b #c\nd: e#f\n", "a: # comment\n  b: 1\n", "# top\na: 1 # one\n# mid\nb: 2\n# end\n",
	"a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", "a:\n- 1\n- 2\nb: 3\n", "a:\n  - 1\n  - 2\n", "- 1\n", "a:\n- x\n  - y\n",
	"a:\n  - b: 1\n    c: 2\n  - d: 3\n", "a:\n  -   b: 1\n      c: 2\n", "a:\n  - - 1\n    - 2\n  - - 3\n",
	"a:\n  -\n    b: 1\n", "a:\n  -\n  - 1\n", "a:\n  - # c\n    b: 1\n", "a:\n  b: 1\n  - c\n", "a:\n  b: 1\n c: 2\n",
	"a: 1\n  b: 2\n", "a: x\n  y\n", "a:\n  x\n", "a: x\n\n  # c\nb: y\n", "  a: 1\n  b: 2\n", "  a: 1\nb: 2\n",
	"a: [1, b, 'c', \"d\", [e, f], {g: h}]\n", "a: []\nb: {}\nc: [ ]\nd: { }\n", "a: [x, ]\n", "a: [x,, y]\n", "a: [x\n",
	"a: {zh: 中文, en: English text}\n", "a: {zh: 中文, en: a, b}\n", "a: {zh: x, en: }\n", "a: {\"zh\":x}\n", "a: {zh:x}\n",
	"a: [a: b]\n", "a: [x]y\n", "a: [x] # c\n", "a: {b: [1, {c: d}]}\n", "a: [a b, c  d]\n", "a: [http://x]\n", "a: [x#y]\n",
	"a: |\n  line 1\n  line 2\n", "a: |-\n  x\n\n  y\n\n\nb: 1\n", "a: |\n  x\n    indented\n  y\n", "a: |+\n  x\n\n",
	"a: |2\n  x\n", "a: |\n\n  x\n", "a: |\n  x", "a: |\nb: 1\n", "a: | # c\n  # not a comment\n  x\n",
	"a: >\n  folded\n  text\n\n  para\n", "a: >-\n  x\n  y\n", "a: >\n  x\n    more\n  y\n", "a: |\n  x\n   \n  y\n",
	"a: |\n    x\n  y\n", "- a\n", "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "a: !x 1\n", "? a\n: 1\n", "a: 1\na: 2\n",
	"a: {b: 1, b: 2}\n", "a: 1\n---\nb: 2\n", "---\na: 1\n", "a: 1\n...\n", "%YAML 1.2\n---\na: 1\n", "a:\t1\n",
	"a: 1\r\nb: |\r\n  x\r\n  y\r\n", "a: 1\rb: 2\n", "a: \u2028\n", "a: x\u0085y\n", "a: \ufeff\n", "1: a\n", "true: a\n",
	"null: a\n", "~: a\n", "2026-01-01: a\n", "<<: {a: 1}\n", "\"q k\": 1\n'k2' : 2\n", "a : 1\n", "a:b: c\n", "a:b\n",
	"a: -x\nb: -\n", "a: - x\n", "a: ,x\n", "a: x,y\nb: [x y]\n", "a: @x\n", "a: `x`\n", "a: %x\n", "a: ?x\n", "a: :x\n",
	"题目: 中文：全角冒号\n说明: {zh: 甲, en: b}\n", "a: 中文 # 注释\nb: [中, 文]\n", "kind: Dataset\nsource: {format: csv, null: [\"-\"]}\n",
	"a: \"x\" y\n", "a: 'x' # c\n", "a: |-\n  x\n\n", "a:\n\n  b: 1\n", "a:\n  b: 1\n\n\n", "a: 1 \nb: 'x'  \n",
	"a: [1, -2, 1.5, true, ~, null, '']\n", "a: {k: 2026-01-01}\n", "a: [\"\\u00e9\"]\n", "a: \"\\ud800\"\n",
	"a: {b: 0?}\n", "a: [x?y]\n", "a: {b?: c}\n", "a: x?y\n", "a?: b\n",
}

// TestScanCases runs the scanner against ReadYAML on the edge cases above and
// checks that the plain catalog forms are among those it accepts.
func TestScanCases(t *testing.T) {
	for _, src := range scanCases {
		checkScan(t, fmt.Sprintf("%q", src), []byte(src))
	}
	// Each scalar on its own, as a block value and in a flow sequence.
	for _, v := range strings.Fields(`1 -1 -0 0 007 1.5 1. -.5 .5 1e3 1.5e3 -1.5e-3 +1 +1.5 0x1F 0b101 -0b1 0o17 1_000 09
		18446744073709551615 18446744073709551616 -9223372036854775808 -9223372036854775809 .inf -.inf +.INF .NaN .iNf .
		~ null Null NULL nul true True TRUE tRue yes no on off y n 2026-11-01 2026-11-01T10:00:00Z 2026-13-45 2026-1-1
		1.4.0 12:30 10% 3.x -x x-1 0.0 00 0. 1e 1.2.3e4 9999-99-99 1234- '' 'x' "\u4e2d" "\x41" "\U0001F600" "\/" "\N"
		"\_" "\e" "\0" "\a\b\v\f\r\t\n" "\'" "\ " 'a''b' 中文 a#b http://x`) {
		checkScan(t, v, []byte("kind: Dataset\nv: "+v+"\nl: ["+v+"]\nm: {k: "+v+"}\n"))
	}
	for _, src := range []string{
		"a: 1\n", "a:\n- x\nb: 3\n", "a:\n  - b: 1\n    c: 2\n", "a: [1, b, 'c']\n", "a: {zh: 中文, en: English text}\n",
		"a: |\n  line 1\n  line 2\n", "a: >-\n  x\n  y\n", "a: 2026-11-01\nb: 1.4.0\n", "a: 'it''s'\n", "a: # c\n  b: 1\n",
	} {
		if _, _, ok := scanYAML([]byte(src), false); !ok {
			t.Errorf("the scanner declined %q", src)
		}
	}
}

// FuzzScan: whatever the input, the scanner either declines or reads what
// ReadYAML reads, and never panics.
func FuzzScan(f *testing.F) {
	for _, src := range scanCases {
		f.Add([]byte(src))
	}
	for _, src := range corpusYAML(f) {
		if len(src) < 4096 {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkScan(t, "fuzz", src)
	})
}

// BenchmarkScan reads a generated benchmark dataset file (3 KB) with the scanner
// and, for comparison, with ReadYAML.
func BenchmarkScan(b *testing.B) {
	src, err := os.ReadFile(fixture.Path(b, "generator/load/testdata/bench/dataset-00000.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, ok := scanYAML(src, false); !ok {
				b.Fatal("declined")
			}
		}
	})
	b.Run("scan-positions", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			scanYAML(src, true)
		}
	})
	b.Run("ReadYAML", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			if _, _, problems := ReadYAML(src); problems != nil {
				b.Fatal(problems)
			}
		}
	})
}
