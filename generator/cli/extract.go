package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/outdir"
	"github.com/shuyuan-project/shuyuan/generator/source"
)

// extractMemoryLimit is the soft memory limit of `shuyuan extract` (GOMEMLIMIT
// overrides it).
const extractMemoryLimit = 112 << 20

func newExtractCmd(env Env) *cobra.Command {
	var catalog, out, signKey, shard, planFile, pushdown string
	var dbParallel int
	cmd := &cobra.Command{
		Use:   "extract [--catalog DIR] [--out DIR] [--sign-key FILE] [DATASET…]",
		Short: "De-identify dataset sources into Parquet extracts",
		Long: `Read each dataset's source, parse the values to the column types, apply the
de-identification operators and k-anonymity, and write
<out>/data/<id>/<version>/<id>.parquet, the same rows as <id>.csv (UTF-8 with a
byte-order mark, for spreadsheets), and their datapackage.json. Without DATASET
arguments every unconditionally open dataset with a source is extracted; a
conditional dataset is extracted only when named (for delivery to approved
applicants); non-open datasets never are. Then <out>/data/SHA256SUMS is rewritten
over every published file and signed with the minisign key from --sign-key or
SHUYUAN_SIGNING_KEY (the key text, or file:PATH). --out must be absent, empty or
written by shuyuan (it holds .shuyuan-site, which extract writes into it), and may
not be or contain the catalog, a git repository or the current directory.

Keys of tokenize and date-shift come from the environment or from files inside the
catalog, as the YAML references them; they are never printed or written.

Every extract measures quality on the source rows (constraints, validators, the
referenced elements' quality thresholds) and writes quality.json beside the Parquet.

Exit status: 0 success, 1 when a dataset cannot be extracted (k-anonymity or
l-diversity not reachable within privacy.max_suppression, a missing key, more rejected
rows than quality.max_rejected allows, every row rejected, a quality threshold
missed), 2 on usage or I/O errors.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := source.CheckDBParallel(dbParallel); err != nil {
				return usageError("%v", err)
			}
			if !extract.ValidPushdown(pushdown) {
				return usageError("--pushdown %q: use off, auto or require", pushdown)
			}
			if shard != "" {
				ids, err := shareIDs(env, catalog, shard, planFile, args)
				if err != nil {
					return err
				}
				return runExtract(cmd.Context(), env, catalog, out, "", pushdown, ids, true, dbParallel)
			}
			if planFile != "" {
				return usageError("--plan goes with --shard I/N")
			}
			return runExtract(cmd.Context(), env, catalog, out, signKey, pushdown, args, false, dbParallel)
		},
	}
	f := cmd.Flags()
	f.StringVar(&catalog, "catalog", "catalog", "the catalog directory")
	f.StringVar(&out, "out", "site", "the site `DIR` (absent, empty or written by shuyuan); extracts go to its data/")
	f.StringVar(&signKey, "sign-key", "", "minisign secret key `FILE` to sign data/SHA256SUMS (default: SHUYUAN_SIGNING_KEY)")
	f.StringVar(&shard, "shard", "", "extract only share `I/N` of the plan (unsigned; join the shares with shuyuan merge)")
	f.StringVar(&pushdown, "pushdown", extract.PushdownAuto, pushdownHelp)
	f.StringVar(&planFile, "plan", "", "the plan `FILE` written by shuyuan plan --out (with --shard; default: a plan of every dataset)")
	f.IntVar(&dbParallel, "db-parallel", 0, "read a PostgreSQL source with a key (source.key) over `N` connections in one snapshot; 0: one per million estimated rows, at most 4")
	return cmd
}

// shareIDs returns the datasets of one share: of the plan file, or of a plan of
// every dataset the open portal publishes.
func shareIDs(env Env, catalog, shard, planFile string, args []string) ([]string, error) {
	if len(args) > 0 {
		return nil, usageError("--shard takes its datasets from the plan, not from arguments")
	}
	i, n, err := extract.ParseShard(shard)
	if err != nil {
		return nil, usageError("%v", err)
	}
	var p *extract.Plan
	if planFile != "" {
		if p, err = extract.ReadPlan(planFile); err != nil {
			return nil, withCode(ExitUsage, err)
		}
		if p.Shards != n {
			return nil, usageError("--shard %s: the plan %s has %d shares, not %d", shard, planFile, p.Shards, n)
		}
	} else {
		cat, err := loadCatalog(catalog)
		if err != nil {
			return nil, err
		}
		docs, _ := extract.Selection{Getenv: env.Getenv}.Choose(cat)
		p = extract.MakePlan(cat, docs, n)
	}
	return append([]string{}, p.Share(i)...), nil
}

// progressWriter returns w when it is a terminal and CI is not set, else nil.
func progressWriter(env Env, w io.Writer) io.Writer {
	if env.Getenv != nil && env.Getenv("CI") == "true" {
		return nil
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return w
	}
	return nil
}

func runExtract(ctx context.Context, env Env, catalog, out, signKey, pushdown string, ids []string, share bool, dbParallel int) error {
	cat, err := loadCatalog(catalog)
	if err != nil {
		return err
	}
	if err := outdir.Claim(out, cat.Root); err != nil {
		return withCode(ExitUsage, err)
	}
	if signKey != "" {
		signKey = "file:" + signKey
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if env.Getenv == nil || env.Getenv("GOMEMLIMIT") == "" {
		// a soft limit keeps the garbage collector from letting the heap double
		// between cycles; extracts stream, so live memory stays far below it
		debug.SetMemoryLimit(extractMemoryLimit)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	if share && len(ids) == 0 {
		// an empty share: an empty data/SHA256SUMS, so merge sees the share ran
		fmt.Fprintln(env.Stdout, "this share has no datasets")
		return extract.PublishEmpty(out)
	}
	results, err := extract.Run(ctx, cat, extract.Options{
		OutDir: out, Datasets: ids, Getenv: env.Getenv, SignKey: signKey, NoSign: share, DBParallel: dbParallel, Pushdown: pushdown,
		Progress: progressWriter(env, env.Stderr), Warn: env.Stderr,
	})
	for _, r := range results {
		fmt.Fprintf(env.Stdout, "%s %s: rows in %d, written %d, suppressed %d, rejected %d, k %d",
			r.Dataset, r.Version, r.RowsIn, r.RowsWritten, r.RowsSuppressed, r.RowsRejected, r.K)
		if q := r.Quality; q != nil && q.Privacy != nil {
			fmt.Fprintf(env.Stdout, " people (subject %s), subjects suppressed %d", q.Privacy.Subject, q.Privacy.SubjectsSuppressed)
			if q.Privacy.L > 0 {
				fmt.Fprintf(env.Stdout, ", l %d (%s)", r.L, q.Privacy.LColumn)
			}
		}
		fmt.Fprintln(env.Stdout)
		for _, rj := range r.Rejected {
			col := ""
			if rj.Column != "" {
				col = " column " + rj.Column + ":"
			}
			fmt.Fprintf(env.Stdout, "  rejected line %d:%s %s\n", rj.Line, col, rj.Reason)
		}
		if n := r.RowsRejected - int64(len(r.Rejected)); n > 0 {
			fmt.Fprintf(env.Stdout, "  … and %d more rejected rows\n", n)
		}
	}
	if err == nil {
		return nil
	}
	code := ExitFindings
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	for _, e := range errs {
		fmt.Fprintf(env.Stderr, "shuyuan: %v\n", e)
		var xe *extract.Error
		if !errors.As(e, &xe) || xe.IO {
			code = ExitUsage
		}
	}
	return withCode(code, nil)
}
