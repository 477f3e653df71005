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
	Error   Severity = "error"
	Warning Severity = "warning"
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
	// Severity is error or warning.
	Severity Severity `json:"severity"`
	// Message says what is wrong and what to write instead.
	Message string `json:"message"`
}

// String formats the finding as file:line:col: severity [rule] message.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s [%s] %s", f.File, f.Line, f.Col, f.Severity, f.Rule, f.Message)
}

// Sort orders findings by file, line, column, rule and message.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
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
