package lint

import (
	"context"
	"fmt"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pii"
)

// Categories group rules as checks.md does.
const (
	CategoryStructure = "Structure"
	CategoryOneSource = "One data, one source"
	CategoryPrivacy   = "Security and privacy"
	CategoryMetadata  = "Metadata quality"
	CategoryVersions  = "Versions"
	CategoryPricing   = "Pricing"
	CategoryRecords   = "Governance records"
)

// Rule is one lint rule.
type Rule struct {
	// ID is the stable kebab-case id users see and filter on; never renamed.
	ID string
	// Category is one of the Category constants.
	Category string
	// Severity is the default severity of the rule's findings.
	Severity diag.Severity
	// Summary is the one-line explanation shown by `shuyuan rules`.
	Summary string
	// Check reports the rule's findings through the context. It is nil for the rules
	// whose findings come from loading (yaml, schema).
	Check func(*Context)
	// NeedsBase marks rules that only run with --base.
	NeedsBase bool
	// TimeDependent marks rules whose verdict on the same files changes with the
	// date (--now): a build reports their errors as warnings, so that a commit that
	// built yesterday still builds today (the dataset page shows the overdue
	// state), while `shuyuan lint` keeps them errors.
	TimeDependent bool
	// Partial marks rules that also check the files that failed the schema, as far
	// as they decoded (load.Catalog.WithPartial), so that a schema error does not
	// hide their findings in the rest of the file. Their check leaves alone every
	// value the file marks invalid (load.File.Invalid): it would be zero, and the
	// schema finding already says what to fix there.
	Partial bool
}

// Options configure a lint run.
type Options struct {
	// Now is the date staleness is measured against.
	Now time.Time
	// Base is the catalog at the --base revision, or nil.
	Base *load.Catalog
	// Sampler reads sample values of a dataset's source for the rules that look at
	// data (undeclared-pii, refetch); nil means source.NewSampler(), so every run
	// scans the csv and jsonl sources.
	Sampler Sampler
	// Build says the run gates a build: the findings of TimeDependent rules are
	// reported as warnings.
	Build bool
}

// Sampler reads a dataset's source for the rules that look at data. ok is false when
// the dataset has no readable source.
type Sampler interface {
	// Sample returns up to n sample values of each source column of a dataset,
	// keyed by the column's source name (header or JSON key).
	Sample(cat *load.Catalog, ds *load.Doc[model.Dataset], n int) (values map[string][]string, ok bool, err error)
	// ScanPII scans the values of the first maxRows records with a pii.Scanner and
	// returns a tally per source name, with source lines.
	ScanPII(cat *load.Catalog, ds *load.Doc[model.Dataset], maxRows int) (tallies map[string]*pii.Tally, ok bool, err error)
}

// Context is what a rule's check sees: the catalog, the options, and a way to report.
type Context struct {
	// Catalog is the catalog being checked.
	Catalog *load.Catalog
	Options
	rule     *Rule
	findings []diag.Finding
	// ctx carries the worker budget of the rule pool, for a rule's own Each.
	ctx context.Context
}

// Report records a finding of the running rule at pos in file f.
func (c *Context) Report(f *load.File, pos diag.Pos, format string, args ...any) {
	c.ReportSeverity(c.rule.Severity, f, pos, format, args...)
}

// ReportSeverity records a finding with an explicit severity.
func (c *Context) ReportSeverity(sev diag.Severity, f *load.File, pos diag.Pos, format string, args ...any) {
	c.findings = append(c.findings, diag.Finding{
		File: f.Path, Pos: pos, Rule: c.rule.ID, Severity: sev, Message: fmt.Sprintf(format, args...),
	})
}
