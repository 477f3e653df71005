package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/outdir"
	"github.com/shuyuan-project/shuyuan/generator/portal"
	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/sitewriters"
)

// buildFlags are the flags of `shuyuan build` and `shuyuan serve`.
type buildFlags struct {
	catalog  string
	out      string
	demoKeys bool
	now      string
	quiet    bool
	// signKey is the minisign secret key FILE (--sign-key); default SHUYUAN_SIGNING_KEY.
	signKey string
	// noExtract renders the pages without running the extractor.
	noExtract bool
}

func newBuildCmd(env Env) *cobra.Command {
	var fl buildFlags
	cmd := &cobra.Command{
		Use:   "build [--catalog DIR] [--out DIR]",
		Short: "Lint the catalog, extract the open datasets and render the portal",
		Long: `Lint the catalog (any error stops the build, as with shuyuan lint), write the
de-identified extracts and render every page of the portal into --out.

The site is written into a new directory beside --out (.<name>.builds/) and
published only when everything succeeded, by pointing --out (a symbolic link) at
it in one atomic rename: an interrupted, failed or killed build leaves the
previous site as it was, and the next build removes what it left. --out must be
absent, empty or written by shuyuan (it holds .shuyuan-site), and may not be or
contain the catalog, a git repository or the current directory: anything else
exits 2 and is left untouched. Two builds of the same catalog and keys are
byte-identical.

--demo-keys (or SHUYUAN_DEMO=1) marks a build made with the public demonstration
keys; every page's footer then says so.

Exit status: 0 built, 1 lint errors or a dataset that cannot be extracted
(k-anonymity not reachable, a missing key), 2 usage or I/O error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			fl.demoKeys = fl.demoKeys || env.Getenv("SHUYUAN_DEMO") == "1"
			return runBuild(ctx, env, fl)
		},
	}
	addBuildFlags(cmd, &fl)
	cmd.Flags().StringVar(&fl.out, "out", "site", "the site `DIR` to write: absent, empty or written by shuyuan (replaced atomically)")
	cmd.Flags().BoolVar(&fl.noExtract, "no-extract", false, "render the pages only: no extracts, so no downloads or previews (for previews of page changes and the page benchmark)")
	return cmd
}

func addBuildFlags(cmd *cobra.Command, fl *buildFlags) {
	f := cmd.Flags()
	f.StringVar(&fl.catalog, "catalog", "catalog", "the catalog `DIR`")
	f.BoolVar(&fl.demoKeys, "demo-keys", false, "say in every page's footer that public demonstration keys were used")
	f.StringVar(&fl.signKey, "sign-key", "", "minisign secret key `FILE` to sign data/SHA256SUMS (default: SHUYUAN_SIGNING_KEY, the key text or file:PATH)")
	f.StringVar(&fl.now, "now", "", "the date lint measures staleness against, `YYYY-MM-DD` (default today)")
}

func runBuild(ctx context.Context, env Env, fl buildFlags) error {
	start := time.Now()
	cat, err := loadCatalog(fl.catalog)
	if err != nil {
		return err
	}
	if err := outdir.Check(fl.out, cat.Root); err != nil {
		return withCode(ExitUsage, err)
	}
	y, m, d := time.Now().Date()
	now := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if fl.now != "" {
		if now, err = time.Parse(time.DateOnly, fl.now); err != nil {
			return usageError("--now %q is not a date: write YYYY-MM-DD, for example 2026-11-01", fl.now)
		}
	}
	findings := lint.Run(cat, lint.Options{Now: now})
	errs, warns := 0, 0
	for _, f := range findings {
		switch f.Severity {
		case diag.Error:
			errs++
			fmt.Fprintln(env.Stderr, f.String())
		case diag.Warning:
			warns++
		}
	}
	if errs > 0 {
		return withCode(ExitFindings, fmt.Errorf("build: the catalog has %d lint error(s) (listed above); fix them and build again — the previous site was left as it was", errs))
	}
	if warns > 0 && !fl.quiet {
		fmt.Fprintf(env.Stderr, "shuyuan build: %d lint warning(s); run `shuyuan lint` to see them\n", warns)
	}
	opts := portal.Options{Out: fl.out, DemoKeys: fl.demoKeys, Writers: sitewriters.All(), Search: true}
	if !fl.noExtract {
		opts.Extract = extractHook(env, cat, fl.quiet, fl.signKey)
	}
	// progress only on a terminal and not under CI=true (outputs.md "Command line")
	progress := !fl.quiet && progressWriter(env, env.Stderr) != nil
	if progress {
		opts.Log = progressLog(env.Stderr)
	}
	if err := portal.Build(ctx, cat, opts); err != nil {
		if errors.Is(err, context.Canceled) {
			return withCode(ExitUsage, errors.New("build interrupted; the previous site was left as it was"))
		}
		return withCode(buildErrorCode(err), err)
	}
	if progress {
		fmt.Fprintf(env.Stderr, "shuyuan build: %d datasets, %d elements → %s in %s\n", len(cat.Datasets), len(cat.Elements), fl.out, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// previewRows is how many rows of an extract a dataset page shows.
const previewRows = 5

// extractHook runs the extractor into the site being built and reads each
// dataset's preview rows back from its first Parquet file.
func extractHook(env Env, cat *load.Catalog, quiet bool, signKey string) func(context.Context, string) ([]portal.Extract, error) {
	return func(ctx context.Context, siteDir string) ([]portal.Extract, error) {
		// A dataset whose PostgreSQL connection variable is unset (the demonstration has
		// no department databases) is published as metadata only, with a warning;
		// every other extract failure fails the build.
		var ids, noDSN []string
		unsetVars := map[string]bool{}
		for _, d := range cat.Datasets {
			if !extract.Extractable(d.V) {
				continue
			}
			if src := d.V.Source; src.Format == "postgres" && env.Getenv(src.DSNEnv) == "" {
				noDSN = append(noDSN, d.V.ID)
				unsetVars[src.DSNEnv] = true
				continue
			}
			ids = append(ids, d.V.ID)
		}
		if len(noDSN) > 0 {
			vars := slices.Sorted(maps.Keys(unsetVars))
			fmt.Fprintf(env.Stderr, "warning: %d dataset(s) read from PostgreSQL are published without a download because %s %s not set: %s\n",
				len(noDSN), strings.Join(vars, ", "), map[bool]string{true: "is", false: "are"}[len(vars) == 1], strings.Join(noDSN, ", "))
		}
		if len(ids) == 0 {
			return nil, nil
		}
		// the portal publishes its public key as data/minisign.pub (portal.Build
		// writes the same bytes again); written first, it is listed in SHA256SUMS
		// with every other published file of data/
		if p := cat.Portal; p != nil && p.V.Signing != nil && p.V.Signing.PublicKey != "" {
			if rel := filepath.FromSlash(p.V.Signing.PublicKey); filepath.IsLocal(rel) {
				if b, err := os.ReadFile(filepath.Join(cat.Root, rel)); err == nil && len(b) < 4096 {
					if err := os.MkdirAll(filepath.Join(siteDir, "data"), 0o755); err != nil {
						return nil, err
					}
					if err := os.WriteFile(filepath.Join(siteDir, "data", sign.PubFile), b, 0o644); err != nil {
						return nil, err
					}
				}
			}
		}
		eo := extract.Options{OutDir: siteDir, Datasets: ids, Getenv: env.Getenv, Warn: env.Stderr}
		if signKey != "" {
			eo.SignKey = "file:" + signKey
		}
		if !quiet && env.Getenv("CI") != "true" {
			if f, ok := env.Stderr.(*os.File); ok && isTerminal(f) {
				eo.Progress = f
			}
		}
		results, err := extract.Run(ctx, cat, eo)
		if err != nil {
			return nil, err
		}
		out := make([]portal.Extract, 0, len(results))
		for _, r := range results {
			e := portal.Extract{Dataset: r.Dataset, Version: r.Version, RowsIn: r.RowsIn, RowsWritten: r.RowsWritten,
				RowsSuppressed: r.RowsSuppressed, RowsRejected: r.RowsRejected, K: r.K, L: r.L, SubjectsSuppressed: r.SubjectsSuppressed}
			if q := r.Quality; q != nil {
				if q.Privacy != nil {
					e.Subject = q.Privacy.Subject
				}
				for _, c := range q.Columns {
					for _, t := range c.Thresholds {
						if t.Passed != nil {
							e.Checks++
							if *t.Passed {
								e.ChecksPassed++
							}
						}
					}
				}
			}
			for _, f := range r.Files {
				e.Files = append(e.Files, portal.File{Path: f.Path, Size: f.Size, SHA256: f.SHA256})
				if e.Header == nil && strings.HasSuffix(f.Path, ".parquet") {
					h, rows, err := extract.Preview(filepath.Join(siteDir, filepath.FromSlash(f.Path)), previewRows)
					if err != nil {
						return nil, fmt.Errorf("preview of %s: %w", f.Path, err)
					}
					e.Header, e.Rows = h, rows
				}
			}
			out = append(out, e)
		}
		return out, nil
	}
}

// buildErrorCode is the exit status of a failed build: 1 when every failure is a
// dataset that cannot be extracted (k-anonymity not reachable, a missing key), as
// with shuyuan extract; 2 for I/O and other errors.
func buildErrorCode(err error) int {
	if onlyDatasetFailures(err) {
		return ExitFindings
	}
	return ExitUsage
}

// onlyDatasetFailures reports whether every error joined in err is a non-I/O
// *extract.Error.
func onlyDatasetFailures(err error) bool {
	if xe, ok := err.(*extract.Error); ok {
		return !xe.IO
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if !onlyDatasetFailures(e) {
				return false
			}
		}
		return true
	}
	if u := errors.Unwrap(err); u != nil {
		return onlyDatasetFailures(u)
	}
	return false
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progressLog prints build stages to w.
func progressLog(w io.Writer) func(string, ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(w, "shuyuan build: "+format+"\n", args...)
	}
}
