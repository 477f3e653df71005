package markdown

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
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
			// every entry point refuses it without parsing for long
			start := time.Now()
			if _, err := New(nil).Render(tc.src), PlainText(tc.src); time.Since(start) > time.Second {
				t.Errorf("Render and PlainText took %v", time.Since(start))
			} else if err == "" {
				t.Error("PlainText returned nothing")
			}
		})
	}
}

// TestWorstAcceptedParsesFast: the slowest shapes Check still accepts, filling a
// guide page of 256 KiB, parse within Budget. (Measured on a shared 2-core
// machine: 0.47 s for the slowest, table rows of links.)
func TestWorstAcceptedParsesFast(t *testing.T) {
	p := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()
	const size = 256 << 10
	for name, src := range map[string]string{
		"32 nested list markers a line": pad(strings.Repeat("- ", 32)+"[a](b)\n", size),
		"32 levels by indentation": func() string {
			var b strings.Builder
			for b.Len() < size {
				for i := 0; i < 32; i++ {
					b.WriteString(strings.Repeat("  ", i) + "- [\n")
				}
			}
			return b.String()
		}(),
		// six paragraphs of 1,950 marks reach the work limit; the rest is prose
		"link openers at the work limit":   strings.Repeat(pad("[a](", 2600)+"\n\n", 6) + pad("申请人应当提交材料。\n\n", size),
		"emphasis marks at the work limit": strings.Repeat(pad("*a_", 2900)+"\n\n", 6) + pad("申请人应当提交材料。\n\n", size),
		"a list of 8,000 links":            pad("- [a](https://e.gov.cn/) *b*\n", size),
		"table rows of links":              "|a|b|\n|-|-|\n" + pad("|[a](b) *c*|[d](e) `f`|\n", size),
	} {
		if err := Check([]byte(src)); err != nil {
			t.Errorf("%s: refused: %v", name, err)
			continue
		}
		start := time.Now()
		if _, err := Parse(p, []byte(src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		d := time.Since(start)
		t.Logf("%s: %d KiB in %v", name, len(src)>>10, d)
		if d > Budget {
			t.Errorf("%s: %d KiB parsed in %v, more than the budget %v", name, len(src)>>10, d, Budget)
		}
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
