package markdown

import (
	"bytes"
	"fmt"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Every parse of Markdown (Render, PlainText and the markdown lint rule) goes
// through Parse, which bounds its work. goldmark takes time that grows faster than
// the square of two things: the nesting depth of lists and block quotes (a 80 KB
// line of "- - - … [" took 13 s to lint, 400 KB never finished) and the number of
// link and emphasis marks in one paragraph (a 12 KB paragraph of "*a_" took 5 s).
// Check refuses text over these limits before parsing, deterministically; Parse
// also gives up a parse that still takes longer than Budget.
const (
	// MaxNesting is the deepest nesting of lists and block quotes accepted
	// (indentation counts one level per two columns).
	MaxNesting = 32
	// MaxMarks is the largest number of marks (see isMark) in one paragraph.
	MaxMarks = 2000
	// maxMarkWork bounds the sum over paragraphs of the square of their marks:
	// about 0.2 s of parsing for the worst text under it (measured with goldmark
	// 1.8.7: 2.6e8 took 1.8 s for a 256 KiB page of "[a](" paragraphs).
	maxMarkWork = 25_000_000
	// Budget is the longest one piece of Markdown may take to parse.
	Budget = 2 * time.Second
	// budgetFloor is the size below which a parse within the limits is too small
	// to be slow: it runs directly, without a watchdog goroutine.
	budgetFloor = 16 << 10
)

// LimitError is Markdown refused because parsing it would take unbounded time.
type LimitError struct {
	// Line is the 1-based line of src at fault, 0 for the whole text.
	Line int
	// Msg says what is wrong and what to do.
	Msg string
}

func (e *LimitError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Check returns a *LimitError when src nests lists or block quotes deeper than
// MaxNesting, or holds too many link and emphasis marks in a paragraph (MaxMarks)
// or in all of them (maxMarkWork); else nil. It reads src once.
func Check(src []byte) error {
	var (
		line      = 1
		blockLine = 0 // the first line of the paragraph being counted
		marks     = 0
		work      int64
		endBlock  = func() {
			work += int64(marks) * int64(marks)
			marks, blockLine = 0, 0
		}
	)
	for start := 0; start < len(src); line++ {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		l := src[start:end]
		start = end + 1
		d, item := nesting(l)
		if d > MaxNesting {
			return &LimitError{Line: line, Msg: fmt.Sprintf("lists or block quotes are nested more than %d levels deep: flatten the structure", MaxNesting)}
		}
		trimmed := bytes.TrimLeft(l, " \t")
		if len(bytes.TrimSpace(l)) == 0 {
			endBlock()
			continue
		}
		// a table row (its cells are read one by one) and a list item (its own
		// paragraph) start a new block
		row := len(trimmed) > 0 && trimmed[0] == '|'
		if row || item {
			endBlock()
		}
		if blockLine == 0 {
			blockLine = line
		}
		marks += countMarks(l)
		if marks > MaxMarks {
			return &LimitError{Line: blockLine, Msg: fmt.Sprintf("this paragraph has more than %d link, emphasis and code marks (* _ [ ] ( ` ~ <): split it into shorter paragraphs", MaxMarks)}
		}
		if row {
			endBlock()
		}
	}
	endBlock()
	if work > maxMarkWork {
		return &LimitError{Msg: "the text has too many link, emphasis and code marks (* _ [ ] ( ` ~ <) in long paragraphs to be read in bounded time: split them into shorter paragraphs, or the page into several"}
	}
	return nil
}

// countMarks counts the characters of l that open or close links, emphasis, code
// spans and autolinks: * [ ] ( ` ~ <, and _ unless it is inside a word (a_b).
func countMarks(l []byte) int {
	n := 0
	for i, c := range l {
		switch c {
		case '*', '[', ']', '(', '`', '~', '<':
			n++
		case '_':
			if i == 0 || i == len(l)-1 || !isAlnum(l[i-1]) || !isAlnum(l[i+1]) {
				n++
			}
		}
	}
	return n
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// nesting counts the container levels a line opens or continues: half its
// indentation in columns, plus every block quote marker and list marker it starts
// with; item says that one of them is a list marker. It stops counting past
// MaxNesting+1.
func nesting(l []byte) (depth int, item bool) {
	cols, i := 0, 0
	for ; i < len(l) && (l[i] == ' ' || l[i] == '\t'); i++ {
		if l[i] == '\t' {
			cols += 4 - cols%4
		} else {
			cols++
		}
	}
	depth = cols / 2
	for depth <= MaxNesting && i < len(l) {
		switch c := l[i]; {
		case c == '>':
			i++
		case c == '-' || c == '+' || c == '*':
			if i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\t' {
				return depth, item
			}
			i++
			item = true
		case c >= '0' && c <= '9':
			j := i
			for j < len(l) && j-i < 9 && l[j] >= '0' && l[j] <= '9' {
				j++
			}
			if j >= len(l) || (l[j] != '.' && l[j] != ')') || j+1 < len(l) && l[j+1] != ' ' && l[j+1] != '\t' {
				return depth, item
			}
			i = j + 1
			item = true
		default:
			return depth, item
		}
		depth++
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
	}
	return depth, item
}

// Parse parses src with p within the limits: a *LimitError when src nests too
// deep (Check) or the parse takes longer than Budget. A parse given up keeps
// running in its goroutine until it ends; Check bounds how long that can be.
func Parse(p parser.Parser, src []byte, opts ...parser.ParseOption) (ast.Node, error) {
	if err := Check(src); err != nil {
		return nil, err
	}
	if len(src) < budgetFloor {
		return p.Parse(text.NewReader(src), opts...), nil
	}
	done := make(chan ast.Node, 1)
	go func() { done <- p.Parse(text.NewReader(src), opts...) }()
	t := time.NewTimer(Budget)
	defer t.Stop()
	select {
	case doc := <-done:
		return doc, nil
	case <-t.C:
		return nil, &LimitError{Msg: fmt.Sprintf("the Markdown takes longer than %v to read (%d KiB); simplify or split it", Budget, len(src)>>10)}
	}
}
