package cli

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/forge"
	"github.com/shuyuan-project/shuyuan/generator/gitrev"
	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/report"
	"github.com/shuyuan-project/shuyuan/generator/source"
	"github.com/shuyuan-project/shuyuan/generator/version"
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
		Use:   "lint [--catalog DIR] [--format text|github|json|sarif] [--base REV] [--now YYYY-MM-DD] [--strict] [PATH…]",
		Short: "Check the catalog against every lint rule (docs/rules.md)",
		Long: `Check every file of the catalog: YAML and JSON Schema, structure, one data one
source, security and privacy, metadata quality and pricing. All findings are
printed in one run, sorted by file and line, on standard output (text shows the
source line with a caret under the node at fault); a summary line goes to
standard error.

PATH… (files or folders inside the catalog, relative to the current directory or
to the catalog) limits the findings reported to those paths; the whole catalog is
still loaded and checked, so references to the rest of it resolve.

A finding is suppressed by a comment on its line, or on a line of its own just
above it, that names the rule and says why:
    keywords: [地铁]   # shuyuan:ignore[translation] the brand has no English name
(in Markdown, <!-- shuyuan:ignore[RULE] reason -->). Structure and privacy rules
cannot be suppressed; a comment without a reason, or one that suppresses nothing,
is an error.

With --base REV the change since REV is linted as code review does: findings in
files the change does not touch, and that the catalog at REV has too, are
notices (listed, never failing the run), while findings in touched files and
those the change causes anywhere fail as usual; the version rules compare with
REV. --strict makes notices and warnings fail too, for scheduled audits.

Exit status: 0 when there is no error (warnings and notices are allowed unless
--strict), 1 when there are findings that fail the run, 2 on a usage or I/O
error.`,
		RunE: func(cmd *cobra.Command, args []string) error { return runLint(env, fl, args) },
	}
	f := cmd.Flags()
	f.StringVar(&fl.catalog, "catalog", "catalog", "the catalog directory")
	f.StringVar(&fl.format, "format", "text", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVar(&fl.base, "base", "", "lint the change since git revision `REV`: findings in untouched files that REV has too are notices, and the version rules compare with REV")
	f.StringVar(&fl.now, "now", "", "the date staleness is measured against, `YYYY-MM-DD` (default: the day of SOURCE_DATE_EPOCH when set, else today)")
	f.BoolVar(&fl.strict, "strict", false, "warnings and notices fail the run too (--base leaves every finding its severity)")
	f.StringVar(&fl.pathPrefix, "path-prefix", "", "prefix for the file paths printed (default: for github and sarif, the catalog's path inside its git repository, so annotations land on the right file)")
	return cmd
}

func runLint(env Env, fl lintFlags, args []string) error {
	if !slices.Contains(report.Formats, fl.format) {
		return usageError("unknown --format %q: use %s", fl.format, strings.Join(report.Formats, ", "))
	}
	now, err := parseNow(env, fl.now)
	if err != nil {
		return err
	}
	if err := checkCatalogDir(fl.catalog); err != nil {
		return err
	}
	only, err := lintPaths(fl.catalog, args)
	if err != nil {
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
	res := lint.Check(cat, opts)
	findings := res.Findings
	if opts.Base != nil && !fl.strict {
		changed, err := gitrev.ChangedPaths("", fl.base, fl.catalog)
		if err != nil {
			return usageError("%v", err)
		}
		findings = lint.Scope(findings, lint.TouchedFiles(cat, changed), func() []diag.Finding {
			// The base revision, checked against this work tree's sources and date.
			return lint.Run(opts.Base.Rooted(cat.Root), lint.Options{Now: now, Sampler: opts.Sampler})
		})
	}
	findings, suppressed := only.findings(findings), only.suppressed(res.Suppressed)
	prefix := fl.pathPrefix
	if prefix == "" && (fl.format == "github" || fl.format == "sarif") {
		prefix = repoRelative(fl.catalog)
	}
	counts := report.Count(only.counts(cat), findings, suppressed)
	src := map[string][]byte{}
	for _, f := range cat.Files {
		src[f.Path] = f.Src
	}
	info := version.Read()
	if err := report.Write(env.Stdout, findings, report.Options{
		Format: fl.format, PathPrefix: prefix, Rules: reportRules(rulesDocURL(cat)), Counts: counts, Suppressed: suppressed,
		ToolVersion: info.Short(), ToolSemanticVersion: info.Number,
		Source: func(file string) []byte { return src[file] },
	}); err != nil {
		return withCode(ExitUsage, fmt.Errorf("writing findings: %w", err))
	}
	fmt.Fprintf(env.Stderr, "shuyuan lint: %s\n", report.Summary(counts))
	if counts.Notices > 0 {
		fmt.Fprintf(env.Stderr, "shuyuan lint: %s (%s) in files this change does not touch, there before it: they do not fail the run (lint without --base, or with --strict, shows them as they are)\n",
			plural(counts.Notices, "notice"), byRule(findings, diag.Notice))
	}
	if counts.Errors > 0 || (fl.strict && counts.Warnings+counts.Notices > 0) {
		return withCode(ExitFindings, nil)
	}
	return nil
}

// lintSelection is the part of the catalog `lint PATH…` reports on: catalog-relative
// files and folders, or the whole catalog when empty.
type lintSelection []string

// lintPaths resolves the PATH arguments of lint against the current directory,
// else the catalog, into catalog-relative paths; a path that does not exist or
// lies outside the catalog is a usage error.
func lintPaths(catalog string, args []string) (lintSelection, error) {
	if len(args) == 0 {
		return nil, nil
	}
	root, err := filepath.Abs(catalog)
	if err == nil {
		root, err = filepath.EvalSymlinks(root)
	}
	if err != nil {
		return nil, withCode(ExitUsage, fmt.Errorf("reading catalog: %w", err))
	}
	var sel lintSelection
	for _, a := range args {
		p := a
		if _, err := os.Stat(p); err != nil && !filepath.IsAbs(p) {
			if _, err2 := os.Stat(filepath.Join(catalog, p)); err2 == nil {
				p = filepath.Join(catalog, p) // written relative to the catalog
			}
		}
		abs, err := filepath.Abs(p)
		if err == nil {
			abs, err = filepath.EvalSymlinks(abs)
		}
		if err != nil {
			return nil, usageError("lint %s: no such file or folder (paths are relative to the current directory or to the catalog %s)", a, catalog)
		}
		rel, err := filepath.Rel(root, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, usageError("lint %s: not inside the catalog %s; pass --catalog DIR for another catalog", a, catalog)
		}
		if rel == "." {
			return nil, nil // the whole catalog
		}
		sel = append(sel, filepath.ToSlash(rel))
	}
	return sel, nil
}

// has reports whether the catalog-relative file is selected.
func (s lintSelection) has(file string) bool {
	if len(s) == 0 {
		return true
	}
	for _, p := range s {
		if file == p || strings.HasPrefix(file, p+"/") {
			return true
		}
	}
	return false
}

func (s lintSelection) findings(fs []diag.Finding) []diag.Finding {
	if len(s) == 0 {
		return fs
	}
	var out []diag.Finding
	for _, f := range fs {
		if s.has(f.File) {
			out = append(out, f)
		}
	}
	return out
}

func (s lintSelection) suppressed(fs []diag.Suppressed) []diag.Suppressed {
	if len(s) == 0 {
		return fs
	}
	var out []diag.Suppressed
	for _, f := range fs {
		if s.has(f.File) {
			out = append(out, f)
		}
	}
	return out
}

// counts counts the selected files, datasets and elements; a file with a schema
// error still counts as the dataset or element it is.
func (s lintSelection) counts(cat *load.Catalog) report.Counts {
	all := cat.WithPartial()
	var c report.Counts
	for _, f := range all.Files {
		if s.has(f.Path) {
			c.Files++
		}
	}
	for _, d := range all.Datasets {
		if s.has(d.Path) {
			c.Datasets++
		}
	}
	for _, e := range all.Elements {
		if s.has(e.Path) {
			c.Elements++
		}
	}
	return c
}

// byRule counts the findings of one severity by rule, most first: "38 stale, 2
// description".
func byRule(fs []diag.Finding, sev diag.Severity) string {
	n := map[string]int{}
	for _, f := range fs {
		if f.Severity == sev {
			n[f.Rule]++
		}
	}
	rules := make([]string, 0, len(n))
	for r := range n {
		rules = append(rules, r)
	}
	slices.SortFunc(rules, func(a, b string) int { return cmp.Or(cmp.Compare(n[b], n[a]), cmp.Compare(a, b)) })
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = fmt.Sprintf("%d %s", n[r], r)
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// reportRules converts the lint registry for the printers, each rule with its
// documentation at docs + "#" + id when docs is set.
func reportRules(docs string) []report.Rule {
	rules := lint.Rules()
	out := make([]report.Rule, len(rules))
	for i, r := range rules {
		out[i] = report.Rule{ID: r.ID, Category: r.Category, Severity: r.Severity, Summary: r.Summary}
		if docs != "" {
			out[i].HelpURI = docs + "#" + r.ID
		}
	}
	return out
}

// DefaultRulesDoc is the rules page SARIF links each rule to when portal.yaml names
// no repository it can be found in: shuyuan's own docs/rules.md.
const DefaultRulesDoc = "https://github.com/shuyuan-project/shuyuan/blob/HEAD/docs/rules.md"

// rulesDocURL is the address of docs/rules.md in the repository portal.yaml's
// repository names (the catalog kept in a clone of shuyuan, as the default one is),
// at the branch it names (HEAD when it names none), else DefaultRulesDoc.
func rulesDocURL(cat *load.Catalog) string {
	if cat.Portal == nil {
		return DefaultRulesDoc
	}
	if u := forge.ParseRepo(cat.Portal.V.Repository).DocURL("docs/rules.md"); u != "" {
		return u
	}
	return DefaultRulesDoc
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
