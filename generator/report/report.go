// Package report prints lint findings in the formats of checks.md: text (one
// finding per line), github (workflow-command annotations), json (a stable
// document) and sarif (SARIF 2.1.0 for code-scanning upload).
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
	// Errors and Warnings count the findings by severity.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
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
	// ToolVersion is the shuyuan version named by sarif; empty omits it.
	ToolVersion string
	// Counts is printed by json; Errors and Warnings are filled from the findings.
	Counts Counts
}

// Count fills c.Errors and c.Warnings from the findings.
func Count(c Counts, findings []diag.Finding) Counts {
	c.Errors, c.Warnings = 0, 0
	for _, f := range findings {
		if f.Severity == diag.Error {
			c.Errors++
		} else {
			c.Warnings++
		}
	}
	return c
}

// Summary is the one-line summary of a run, for example
// "3 errors, 1 warning in 57 files (40 datasets, 50 elements)".
func Summary(c Counts) string {
	return fmt.Sprintf("%s, %s in %s (%s, %s)",
		plural(c.Errors, "error"), plural(c.Warnings, "warning"), plural(c.Files, "file"),
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
		if f.Severity == diag.Warning {
			cmd = "warning"
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

type jsonDoc struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Counts   Counts        `json:"counts"`
}

func writeJSON(w io.Writer, findings []diag.Finding, opts Options) error {
	doc := jsonDoc{Version: 1, Findings: make([]jsonFinding, len(findings)), Counts: Count(opts.Counts, findings)}
	for i, f := range findings {
		doc.Findings[i] = jsonFinding{File: opts.filePath(f.File), Line: f.Line, Column: f.Col, EndLine: f.EndLine, EndColumn: f.EndCol,
			Rule: f.Rule, Severity: f.Severity, Message: f.Message}
	}
	return encode(w, doc)
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
