// Package report prints lint findings in the formats of checks.md: text (one
// finding per line, with the source line and a caret under the node at fault),
// github (workflow-command annotations), json (a stable document) and sarif (SARIF
// 2.1.0 for code-scanning upload). Every format prints the three severities
// (error, warning, notice); json and sarif also list the findings an inline
// shuyuan:ignore comment suppressed.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
)

// Formats lists the output formats, the default first.
var Formats = []string{"text", "github", "json", "sarif"}

// Rule describes one lint rule for the formats that list rules (sarif).
type Rule struct {
	// ID is the stable rule id.
	ID string
	// Category is the rule's group in checks.md.
	Category string
	// Severity is the rule's default severity.
	Severity diag.Severity
	// Summary is the one-line explanation of the rule.
	Summary string
	// HelpURI optionally links to the rule's documentation.
	HelpURI string
}

// Counts summarizes a lint run.
type Counts struct {
	// Files is the number of catalog files read.
	Files int `json:"files"`
	// Datasets and Elements count the valid files of those kinds.
	Datasets int `json:"datasets"`
	Elements int `json:"elements"`
	// Errors, Warnings and Notices count the findings by severity.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Notices  int `json:"notices"`
	// Suppressed counts the findings silenced by shuyuan:ignore comments.
	Suppressed int `json:"suppressed"`
}

// Options configure a printer.
type Options struct {
	// Format is one of Formats.
	Format string
	// PathPrefix is joined in front of every catalog-relative path, so that paths
	// become relative to the repository root (for example "catalog"). Empty keeps
	// catalog-relative paths.
	PathPrefix string
	// Rules is the rule registry, listed by sarif.
	Rules []Rule
	// ToolVersion is the shuyuan version named by sarif (version.Info.Short);
	// empty omits it. ToolSemanticVersion is its release number alone.
	ToolVersion, ToolSemanticVersion string
	// Counts is printed by json; the severities are counted from the findings.
	Counts Counts
	// Suppressed are the findings shuyuan:ignore comments silenced: json and sarif
	// list them, text and github do not.
	Suppressed []diag.Suppressed
	// Source returns the bytes of a catalog file by its catalog-relative path, for
	// the source line text prints under each finding; nil, or nil bytes, prints none.
	Source func(file string) []byte
}

// Count fills c.Errors, c.Warnings and c.Notices from the findings and
// c.Suppressed from the suppressed ones.
func Count(c Counts, findings []diag.Finding, suppressed []diag.Suppressed) Counts {
	c.Errors, c.Warnings, c.Notices, c.Suppressed = 0, 0, 0, len(suppressed)
	for _, f := range findings {
		switch f.Severity {
		case diag.Error:
			c.Errors++
		case diag.Notice:
			c.Notices++
		default:
			c.Warnings++
		}
	}
	return c
}

// Summary is the one-line summary of a run, for example
// "3 errors, 1 warning in 57 files (40 datasets, 50 elements)"; notices and
// suppressed findings are counted after the warnings when there are any
// ("0 errors, 0 warnings, 38 notices, 1 suppressed in …").
func Summary(c Counts) string {
	s := plural(c.Errors, "error") + ", " + plural(c.Warnings, "warning")
	if c.Notices > 0 {
		s += ", " + plural(c.Notices, "notice")
	}
	if c.Suppressed > 0 {
		s += fmt.Sprintf(", %d suppressed", c.Suppressed)
	}
	return fmt.Sprintf("%s in %s (%s, %s)", s, plural(c.Files, "file"),
		plural(c.Datasets, "dataset"), plural(c.Elements, "element"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// Write prints the findings to w in opts.Format.
func Write(w io.Writer, findings []diag.Finding, opts Options) error {
	if findings == nil {
		findings = []diag.Finding{}
	}
	switch opts.Format {
	case "", "text":
		return writeText(w, findings, opts)
	case "github":
		return writeGitHub(w, findings, opts)
	case "json":
		return writeJSON(w, findings, opts)
	case "sarif":
		return writeSARIF(w, findings, opts)
	}
	return fmt.Errorf("unknown format %q: use %s", opts.Format, strings.Join(Formats, ", "))
}

// filePath returns the finding's path with the prefix, slash-separated.
func (o Options) filePath(p string) string {
	if o.PathPrefix == "" || o.PathPrefix == "." {
		return p
	}
	return path.Join(strings.ReplaceAll(o.PathPrefix, "\\", "/"), p)
}

func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func writeText(w io.Writer, findings []diag.Finding, opts Options) error {
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintf(&b, "%s:%d:%d: %s [%s] %s\n", opts.filePath(f.File), f.Line, f.Col, f.Severity, f.Rule, oneLine(f.Message))
		if opts.Source != nil {
			b.WriteString(snippet(opts.Source(f.File), f.Pos))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeGitHub prints workflow commands, which GitHub Actions turns into
// annotations on the lines of the pull request.
func writeGitHub(w io.Writer, findings []diag.Finding, opts Options) error {
	var b strings.Builder
	for _, f := range findings {
		cmd := "error"
		switch f.Severity {
		case diag.Warning:
			cmd = "warning"
		case diag.Notice:
			cmd = "notice"
		}
		props := []string{
			"file=" + escapeProperty(opts.filePath(f.File)),
			fmt.Sprintf("line=%d", max(f.Line, 1)),
			fmt.Sprintf("col=%d", max(f.Col, 1)),
		}
		if f.EndLine > 0 {
			props = append(props, fmt.Sprintf("endLine=%d", f.EndLine))
			if f.EndCol > 0 {
				props = append(props, fmt.Sprintf("endColumn=%d", f.EndCol))
			}
		}
		props = append(props, "title="+escapeProperty("shuyuan ["+f.Rule+"]"))
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(f.Message))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// jsonFinding is one finding of the json document; every field is always present
// (end_line and end_column are 0 when unknown).
type jsonFinding struct {
	File      string        `json:"file"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Rule      string        `json:"rule"`
	Severity  diag.Severity `json:"severity"`
	Message   string        `json:"message"`
}

// jsonSuppressed is a finding a shuyuan:ignore comment silenced, with the comment's
// reason and line.
type jsonSuppressed struct {
	jsonFinding
	Reason      string `json:"reason"`
	CommentLine int    `json:"comment_line"`
}

type jsonDoc struct {
	Version    int              `json:"version"`
	Findings   []jsonFinding    `json:"findings"`
	Suppressed []jsonSuppressed `json:"suppressed"`
	Counts     Counts           `json:"counts"`
}

func (o Options) jsonFinding(f diag.Finding) jsonFinding {
	return jsonFinding{File: o.filePath(f.File), Line: f.Line, Column: f.Col, EndLine: f.EndLine, EndColumn: f.EndCol,
		Rule: f.Rule, Severity: f.Severity, Message: f.Message}
}

func writeJSON(w io.Writer, findings []diag.Finding, opts Options) error {
	doc := jsonDoc{Version: 1, Findings: make([]jsonFinding, len(findings)), Suppressed: make([]jsonSuppressed, len(opts.Suppressed)),
		Counts: Count(opts.Counts, findings, opts.Suppressed)}
	for i, f := range findings {
		doc.Findings[i] = opts.jsonFinding(f)
	}
	for i, s := range opts.Suppressed {
		doc.Suppressed[i] = jsonSuppressed{jsonFinding: opts.jsonFinding(s.Finding), Reason: s.Reason, CommentLine: s.CommentLine}
	}
	return encode(w, doc)
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
