package report

import (
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/diag"
)

func TestSnippet(t *testing.T) {
	src := "id: metro\nthemes: [transprt]\ntitle: {zh: 轨道交通, en: Metro}\n\tdescription: x\nnotes: |\n  two\n  lines\nevil: \x1b[31mred\n"
	for _, c := range []struct {
		name string
		pos  diag.Pos
		want string
	}{
		{"a value", diag.Pos{Line: 2, Col: 10, EndLine: 2, EndCol: 18},
			"  2 | themes: [transprt]\n    |          ^^^^^^^^\n"},
		{"no end: one caret", diag.Pos{Line: 1, Col: 5},
			"  1 | id: metro\n    |     ^\n"},
		{"wide characters take two columns", diag.Pos{Line: 3, Col: 13, EndLine: 3, EndCol: 17},
			"  3 | title: {zh: 轨道交通, en: Metro}\n    |             ^^^^^^^^\n"},
		{"after wide characters", diag.Pos{Line: 3, Col: 23, EndLine: 3, EndCol: 28},
			"  3 | title: {zh: 轨道交通, en: Metro}\n    |                           ^^^^^\n"},
		{"tabs are kept", diag.Pos{Line: 4, Col: 2, EndLine: 4, EndCol: 13},
			"  4 | \tdescription: x\n    | \t^^^^^^^^^^^\n"},
		{"a node over several lines: to the end of its first", diag.Pos{Line: 5, Col: 8, EndLine: 7, EndCol: 8},
			"  5 | notes: |\n    |        ^\n"},
		{"control characters are not printed", diag.Pos{Line: 8, Col: 7},
			"  8 | evil: \uFFFD[31mred\n    |       ^\n"},
		{"no position", diag.Pos{}, ""},
		{"past the last line", diag.Pos{Line: 20, Col: 1}, ""},
		{"just past the end of the line", diag.Pos{Line: 1, Col: 10},
			"  1 | id: metro\n    |          ^\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := snippet([]byte(src), c.pos); got != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}
