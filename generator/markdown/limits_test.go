package markdown

import (
	"errors"
	"html/template"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/shuyuan-project/shuyuan/generator/internal/cputime"
)

// pad repeats unit until the text is about n bytes.
func pad(unit string, n int) string { return strings.Repeat(unit, n/len(unit)+1) }

// TestLimits: every input that made goldmark take seconds or minutes is refused
// by Check before parsing, at the right line; ordinary Markdown, including large
// tables of identifiers and long Chinese paragraphs, is accepted.
func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line      int    // 0: refused as a whole; -1: accepted
		want      string // in the message
	}{
		{"nested list markers on one line (400 KB guide, lint never ended)", "intro\n\n" + strings.Repeat("- ", 200_000) + "[\n", 3, "nested more than 32"},
		{"nested by indentation", func() string {
			var b strings.Builder
			for i := 0; i < 600; i++ {
				b.WriteString(strings.Repeat("  ", i) + "- [\n")
			}
			return b.String()
		}(), 33, "nested more than 32"},
		{"nested block quotes", strings.Repeat(">", 100) + " x\n", 1, "nested more than 32"},
		{"ordered markers", strings.Repeat("1. ", 40) + "x\n", 1, "nested more than 32"},
		{"emphasis marks in one paragraph (12 KB took 5 s)", "a\n\n" + strings.Repeat(strings.Repeat("*a_", 300)+"\n", 40), 3, "more than 2000"},
		{"one line of link openers (256 KB took 84 s)", pad("[a](", 256<<10), 1, "more than 2000"},
		{"brackets", pad("[", 200<<10), 1, "more than 2000"},
		{"many paragraphs just under the mark limit", strings.Repeat(pad("[a](", 2600)+"\n\n", 60), 0, "in long paragraphs"},
		{"a list item's paragraph over the mark limit", "- a\n- " + pad("*a_", 3100) + "\n", 2, "more than 2000"},
		{"32 levels", strings.Repeat("- ", 32) + "x\n" + strings.Repeat("  ", 32) + "y\n", -1, ""},
		{"a thematic break and emphasis", "* * *\n\n**bold** _it_ snake_case_name `code`\n", -1, ""},
		{"a large table of identifiers", "| a_b | c |\n|---|---|\n" + strings.Repeat("| road_name_1 | [x](https://e.gov.cn/) *y* |\n", 3000), -1, ""},
		{"a long Chinese paragraph with links", strings.Repeat("申请人应当提交（见[附件](https://e.gov.cn/a)）材料，", 400) + "\n", -1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check([]byte(tc.src))
			if tc.line < 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var le *LimitError
			if !errors.As(err, &le) || le.Line != tc.line || !strings.Contains(le.Msg, tc.want) {
				t.Fatalf("err = %#v, want a LimitError at line %d saying %q", err, tc.line, tc.want)
			}
			// every entry point refuses it with Check's error, before parsing: the
			// refusal costs about what Check does (parsing these takes seconds of CPU)
			src := []byte(tc.src)
			check := cputime.PerRun(5*time.Millisecond, func() { _ = Check(src) })
			var perr error
			var html template.HTML
			var plain string
			used := cputime.Of(func() {
				_, perr = Parse(Parser(), src)
				html = New(nil).Render(tc.src)
				plain = PlainText(tc.src)
			})
			if !reflect.DeepEqual(perr, err) {
				t.Errorf("Parse: %v, want Check's %v", perr, err)
			}
			if html != template.HTML(template.HTMLEscapeString(tc.src)) {
				t.Error("Render did not show the refused text escaped")
			}
			if plain != strings.TrimSpace(tc.src) {
				t.Error("PlainText did not return the refused text as written")
			}
			if limit := 20*check + 50*time.Millisecond; used > limit {
				t.Errorf("Parse, Render and PlainText used %v of CPU, more than %v (20 times Check's %v, and 50 ms): they parse what Check refuses", used, limit, check)
			}
		})
	}
}

// TestWorstAcceptedParsesFast: the slowest shapes Check still accepts, built from
// its limits, parse in time linear in their size and, filling a guide page of 256
// KiB, within Budget. Time is CPU time (package cputime), so that other jobs on the
// machine do not count: parsing four times the text may take at most ten times as
// long. Measured on a shared 2-core machine under load: 1.0 to 5.8 times for these
// shapes, 14.6 to 19.8 times for the shapes Check refuses (nested markers, one
// paragraph of link or emphasis marks, 8 and 32 KiB); at most 137 ms for 256 KiB.
func TestWorstAcceptedParsesFast(t *testing.T) {
	p := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()
	// paragraphs of marks just under MaxMarks, as many as maxMarkWork allows ("[a]("
	// holds three marks, "*a_" two)
	marks := MaxMarks - 50
	atWorkLimit := int(maxMarkWork / (int64(marks) * int64(marks)))
	nested := strings.Repeat("- ", MaxNesting)
	for _, tc := range []struct {
		name  string
		shape func(size int) string
	}{
		{"list markers nested MaxNesting deep on each line", func(size int) string { return pad(nested+"[a](b)\n", size) }},
		{"MaxNesting levels by indentation", func(size int) string {
			var b strings.Builder
			for b.Len() < size {
				for i := 0; i < MaxNesting; i++ {
					b.WriteString(strings.Repeat("  ", i) + "- [\n")
				}
			}
			return b.String()
		}},
		{"link openers at the work limit", func(size int) string {
			return strings.Repeat(strings.Repeat("[a](", marks/3)+"\n\n", atWorkLimit) + pad("申请人应当提交材料。\n\n", size)
		}},
		{"emphasis marks at the work limit", func(size int) string {
			return strings.Repeat(strings.Repeat("*a_", marks/2)+"\n\n", atWorkLimit) + pad("申请人应当提交材料。\n\n", size)
		}},
		{"one list of links", func(size int) string { return pad("- [a](https://e.gov.cn/) *b*\n", size) }},
		{"one table of links", func(size int) string { return "|a|b|\n|-|-|\n" + pad("|[a](b) *c*|[d](e) `f`|\n", size) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const size = 256 << 10
			var per [2]time.Duration
			for i, n := range []int{size / 4, size} {
				src := []byte(tc.shape(n))
				if err := Check(src); err != nil {
					t.Fatalf("%d KiB refused: %v", len(src)>>10, err)
				}
				per[i] = cputime.PerRun(30*time.Millisecond, func() {
					if _, err := Parse(p, src); err != nil {
						t.Fatal(err)
					}
				})
			}
			t.Logf("%v for 64 KiB, %v for 256 KiB", per[0], per[1])
			if per[1] > 10*per[0] {
				t.Errorf("parsing 256 KiB took %v, more than 10 times the %v of 64 KiB: the parse is superlinear", per[1], per[0])
			}
			if per[1] > Budget {
				t.Errorf("parsing 256 KiB took %v of CPU, more than the budget %v", per[1], Budget)
			}
		})
	}
}

// TestDefaultCatalogWithinLimits: every guide page of the default catalog passes.
func TestDefaultCatalogWithinLimits(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join("..", "..", "catalog", "guide", "*.md"))
	if len(pages) == 0 {
		t.Fatal("no guide pages found")
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(b); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
