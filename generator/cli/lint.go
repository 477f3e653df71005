package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/report"
	"github.com/shuyuan-project/shuyuan/generator/source"
)

// lintFlags are the flags of `shuyuan lint`.
type lintFlags struct {
	catalog    string
	format     string
	base       string
	now        string
	strict     bool
	pathPrefix string
}

func newLintCmd(env Env) *cobra.Command {
	var fl lintFlags
	cmd := &cobra.Command{
		Use:   "lint [--catalog DIR] [--format text|github|json|sarif] [--base REV] [--now YYYY-MM-DD] [--strict]",
		Short: "Check the catalog against every lint rule (docs/rules.md)",
		Long: `Check every file of the catalog: YAML and JSON Schema, structure, one data one
source, security and privacy, metadata quality and pricing. All findings are
printed in one run, sorted by file and line, on standard output; a summary line
goes to standard error.

Exit status: 0 when there is no error (warnings are allowed unless --strict),
1 when there are findings that fail the run, 2 on a usage or I/O error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runLint(env, fl) },
	}
	f := cmd.Flags()
	f.StringVar(&fl.catalog, "catalog", "catalog", "the catalog directory")
	f.StringVar(&fl.format, "format", "text", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVar(&fl.base, "base", "", "also run the version rules against the catalog at git revision `REV`")
	f.StringVar(&fl.now, "now", "", "the date staleness is measured against, `YYYY-MM-DD` (default today)")
	f.BoolVar(&fl.strict, "strict", false, "warnings fail the run too")
	f.StringVar(&fl.pathPrefix, "path-prefix", "", "prefix for the file paths printed (default: for github and sarif, the catalog's path inside its git repository, so annotations land on the right file)")
	return cmd
}

func runLint(env Env, fl lintFlags) error {
	if !slices.Contains(report.Formats, fl.format) {
		return usageError("unknown --format %q: use %s", fl.format, strings.Join(report.Formats, ", "))
	}
	now, err := parseNow(fl.now)
	if err != nil {
		return err
	}
	if err := checkCatalogDir(fl.catalog); err != nil {
		return err
	}
	// The sampler lets undeclared-pii look at the csv and jsonl sources.
	opts := lint.Options{Now: now, Sampler: source.NewSampler()}
	if fl.base != "" {
		base, cleanup, err := loadBase(fl.catalog, fl.base)
		defer cleanup()
		if err != nil {
			return err
		}
		opts.Base = base
	}
	cat, err := loadCatalog(fl.catalog)
	if err != nil {
		return err
	}
	findings := lint.Run(cat, opts)
	prefix := fl.pathPrefix
	if prefix == "" && (fl.format == "github" || fl.format == "sarif") {
		prefix = repoRelative(fl.catalog)
	}
	// a file with a schema error still counts as the dataset or element it is
	all := cat.WithPartial()
	counts := report.Count(report.Counts{Files: len(all.Files), Datasets: len(all.Datasets), Elements: len(all.Elements)}, findings)
	if err := report.Write(env.Stdout, findings, report.Options{
		Format: fl.format, PathPrefix: prefix, Rules: reportRules(), Counts: counts,
	}); err != nil {
		return withCode(ExitUsage, fmt.Errorf("writing findings: %w", err))
	}
	fmt.Fprintf(env.Stderr, "shuyuan lint: %s\n", report.Summary(counts))
	if counts.Errors > 0 || (fl.strict && counts.Warnings > 0) {
		return withCode(ExitFindings, nil)
	}
	return nil
}

// parseNow reads --now; empty means today.
func parseNow(s string) (time.Time, error) {
	if s == "" {
		y, m, d := time.Now().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usageError("--now %q is not a date: write YYYY-MM-DD, for example 2026-11-01", s)
	}
	return t, nil
}

// reportRules converts the lint registry for the printers.
func reportRules() []report.Rule {
	rules := lint.Rules()
	out := make([]report.Rule, len(rules))
	for i, r := range rules {
		out[i] = report.Rule{ID: r.ID, Category: r.Category, Severity: r.Severity, Summary: r.Summary}
	}
	return out
}

// repoRelative returns dir relative to the root of the git work tree that holds
// it, slash-separated, or "" when dir is not inside one (or is its root).
func repoRelative(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	abs, err = filepath.EvalSymlinks(abs)
	if err != nil {
		return ""
	}
	for root := abs; ; {
		if _, err := os.Stat(filepath.Join(root, ".git")); err == nil {
			rel, err := filepath.Rel(root, abs)
			if err != nil || rel == "." {
				return ""
			}
			return filepath.ToSlash(rel)
		}
		parent := filepath.Dir(root)
		if parent == root {
			return ""
		}
		root = parent
	}
}
