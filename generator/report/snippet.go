package report

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/shuyuan-project/shuyuan/generator/diag"
)

// maxSnippetWidth bounds the characters of a source line text prints; a longer
// line is cut after them with "…".
const maxSnippetWidth = 200

// snippet returns the source line of p and a line of carets under the part p
// covers, as Go, rustc and actionlint print them:
//
//	7 | themes: [transprt]
//	  |          ^^^^^^^^
//
// A finding without a position, or whose line is not in src, gets none. The carets
// run to p's end on the same line, or to the end of the line when the node goes
// on; a finding without an end gets one caret. Wide (CJK) characters take two
// columns and tabs are kept, so the carets line up in a terminal.
func snippet(src []byte, p diag.Pos) string {
	if len(src) == 0 || p.Line < 1 || p.Col < 1 {
		return ""
	}
	line, ok := lineOf(src, p.Line)
	if !ok {
		return ""
	}
	runes := []rune(string(line))
	if len(runes) > maxSnippetWidth {
		runes = append(runes[:maxSnippetWidth], '…')
	}
	start := p.Col - 1
	if start > len(runes) {
		return ""
	}
	end := start + 1
	switch {
	case p.EndLine == p.Line && p.EndCol > p.Col:
		end = p.EndCol - 1
	case p.EndLine > p.Line:
		end = len(runes)
	}
	end = max(min(end, len(runes)), start+1)
	var pad, marks strings.Builder
	for i, r := range runes {
		if i >= end {
			break
		}
		w := 1
		if wide(r) {
			w = 2
		}
		switch {
		case i >= start:
			marks.WriteString(strings.Repeat("^", w))
		case r == '\t':
			pad.WriteByte('\t')
		default:
			pad.WriteString(strings.Repeat(" ", w))
		}
	}
	if marks.Len() == 0 {
		marks.WriteByte('^') // the position is just past the line's end
	}
	num := fmt.Sprint(p.Line)
	gutter := strings.Repeat(" ", len(num))
	return fmt.Sprintf("  %s | %s\n  %s | %s%s\n", num, string(runes), gutter, pad.String(), marks.String())
}

// lineOf returns 1-based line n of src without its line break, with invalid UTF-8
// and control characters replaced so that the terminal shows them safely.
func lineOf(src []byte, n int) ([]byte, bool) {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return nil, false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	src = bytes.TrimSuffix(src, []byte("\r"))
	clean := make([]byte, 0, len(src))
	for len(src) > 0 {
		r, size := utf8.DecodeRune(src)
		switch {
		case r == utf8.RuneError && size <= 1:
			r = '\uFFFD'
		case r < 0x20 && r != '\t', r == 0x7f:
			r = '\uFFFD'
		}
		clean = utf8.AppendRune(clean, r)
		src = src[size:]
	}
	return clean, true
}

// wide reports whether r takes two columns in a terminal (East Asian wide and
// full-width characters).
func wide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}
