// Package diag defines positioned findings: what every checker in shuyuan reports
// and every printer formats.
package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity says whether a finding fails a run.
type Severity string

// Severities.
const (
	// Error fails the run.
	Error Severity = "error"
	// Warning fails the run only with --strict.
	Warning Severity = "warning"
	// Notice never fails the run: a finding `lint --base` leaves to others, in a
	// file the change does not touch and not caused by it.
	Notice Severity = "notice"
)

// Pos is a 1-based position in a file; End fields are zero when unknown.
type Pos struct {
	Line    int `json:"line"`
	Col     int `json:"column"`
	EndLine int `json:"end_line,omitempty"`
	EndCol  int `json:"end_column,omitempty"`
}

// Finding is one problem found in one file.
type Finding struct {
	// File is the catalog-relative, slash-separated path.
	File string `json:"file"`
	Pos
	// Rule is the stable rule id.
	Rule string `json:"rule"`
	// Severity is error, warning or notice.
	Severity Severity `json:"severity"`
	// Message says what is wrong and what to write instead.
	Message string `json:"message"`
}

// String formats the finding as file:line:col: severity [rule] message.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s [%s] %s", f.File, f.Line, f.Col, f.Severity, f.Rule, f.Message)
}

// Sort orders findings by file, line, column, rule and message (Compare).
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, Compare)
}

// Compare orders two findings by file, line, column, rule and message.
func Compare(a, b Finding) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
	)
}

// Errors counts the findings of severity error.
func Errors(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == Error {
			n++
		}
	}
	return n
}

// Suppressed is a finding silenced by an inline `shuyuan:ignore[RULE] reason`
// comment: reported as suppressed (json, sarif), never failing a run.
type Suppressed struct {
	Finding
	// Reason is the justification written after the rule ids.
	Reason string
	// CommentLine is the line of the comment.
	CommentLine int
}
