package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/build"
	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/source"
)

// buildFlags are the flags of `shuyuan build` and `shuyuan serve`.
type buildFlags struct {
	catalog  string
	out      string
	demoKeys bool
	now      string
	// signKey is the minisign secret key FILE (--sign-key); default SHUYUAN_SIGNING_KEY.
	signKey string
	// noExtract renders the pages without running the extractor.
	noExtract bool
	// verbose lists in full what a warning summarizes.
	verbose bool
	// pushdown is how PostgreSQL sources are read (--pushdown).
	pushdown string
	// baseURL overrides portal.yaml's base_url (--base-url).
	baseURL string
	// previous is the site whose published versions are carried forward (--previous).
	previous string
	// extracted is a site directory holding merged extracts (--extracted).
	extracted string
	// dbParallel is the connections of a keyed PostgreSQL source (--db-parallel).
	dbParallel int
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

Every published dataset version stays published: the build carries data/<id>/<version>/
of the site it replaces (--out, or --previous DIR) forward unchanged, after checking
its files against that site's SHA256SUMS and the signature against the portal's key
(portal.yaml signing.public_key). A changed or re-signed published file stops the
build (exit 1). A version extracted again keeps its published files when its data is
the same, and stops the build when it is not: bump the version.

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
	cmd.Flags().StringVar(&fl.previous, "previous", "", "the previously published site `DIR` (holding data/) whose dataset versions are carried forward; default --out itself (CI restores the last deployment there with shuyuan fetch)")
	cmd.Flags().BoolVar(&fl.noExtract, "no-extract", false, "render the pages only: no extracts, so no downloads or previews (for previews of page changes and the page benchmark)")
	cmd.Flags().StringVar(&fl.baseURL, "base-url", "", "the `URL` the site is published at, in place of portal.yaml's base_url (CI passes the Pages address)")
	cmd.Flags().StringVar(&fl.extracted, "extracted", "", "publish the extracts merged into `DIR`/data by shuyuan merge instead of extracting (the CI matrix of docs/scale.md)")
	return cmd
}

func addBuildFlags(cmd *cobra.Command, fl *buildFlags) {
	f := cmd.Flags()
	f.StringVar(&fl.catalog, "catalog", "catalog", "the catalog `DIR`")
	f.BoolVar(&fl.demoKeys, "demo-keys", false, "say in every page's footer that public demonstration keys were used")
	f.StringVar(&fl.signKey, "sign-key", "", "minisign secret key `FILE` to sign data/SHA256SUMS (default: SHUYUAN_SIGNING_KEY, the key text or file:PATH)")
	f.StringVar(&fl.now, "now", "", "the date lint measures staleness against, `YYYY-MM-DD` (default: the day of SOURCE_DATE_EPOCH when set, else today)")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "list in full what a warning summarizes (the PostgreSQL datasets published without a download)")
	f.IntVar(&fl.dbParallel, "db-parallel", 0, "read a PostgreSQL source with a key (source.key) over `N` connections in one snapshot; 0: one per million estimated rows, at most 4")
	f.StringVar(&fl.pushdown, "pushdown", extract.PushdownAuto, pushdownHelp)
}

// pushdownHelp is the help of --pushdown (extract, build, serve).
const pushdownHelp = "how PostgreSQL sources are read: `auto` runs the column policy compiled to SQL in the database (only de-identified values leave it) and falls back to reading the raw rows, naming the column, when it does not compile; off always reads the raw rows; require fails instead of falling back"

// runBuild parses the build flags and runs the build; the work is package build's.
// buildGCPercent is the garbage collector's target of `shuyuan build` (GOGC overrides
// it): the heap may grow by half the live data between collections rather than
// double. Pages, feeds and harvest files allocate fast while the catalog stays live,
// so at Go's default of 100 the peak memory was twice the live heap; at 50 the
// 10,000-dataset benchmark (bench/site) peaks about 100 MiB lower for no measurable
// CPU time.
const buildGCPercent = 50

func runBuild(ctx context.Context, env Env, fl buildFlags) error {
	opts, err := buildOptions(env, fl)
	if err != nil {
		return err
	}
	if env.Getenv == nil || env.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(buildGCPercent))
	}
	_, err = build.Run(ctx, opts)
	return buildExit(err)
}

// buildOptions turns the build flags into package build's options.
func buildOptions(env Env, fl buildFlags) (build.Options, error) {
	now, err := parseNow(env, fl.now)
	if err != nil {
		return build.Options{}, err
	}
	if err := checkCatalogDir(fl.catalog); err != nil {
		return build.Options{}, err
	}
	if err := source.CheckDBParallel(fl.dbParallel); err != nil {
		return build.Options{}, usageError("%v", err)
	}
	if fl.baseURL != "" {
		if _, err := build.BaseURL(fl.baseURL); err != nil {
			return build.Options{}, usageError("%v", err)
		}
	}
	if !extract.ValidPushdown(fl.pushdown) {
		return build.Options{}, usageError("--pushdown %q: use off, auto or require", fl.pushdown)
	}
	opts := build.Options{Pushdown: fl.pushdown,
		BaseURL: fl.baseURL,
		Catalog: fl.catalog, Out: fl.out, Now: now, DemoKeys: fl.demoKeys, NoExtract: fl.noExtract, Previous: fl.previous, Extracted: fl.extracted,
		Getenv: env.Getenv, Warn: env.Stderr, Verbose: fl.verbose, DBParallel: fl.dbParallel,
		// progress only on a terminal and not under CI=true (outputs.md "Command line")
		Progress: progressWriter(env, env.Stderr),
	}
	if fl.signKey != "" {
		opts.SignKey = "file:" + fl.signKey
	}
	return opts, nil
}

// buildExit gives the error of a build (or of serve, which builds) its exit code:
// 1 for a catalog that cannot be published as it is or a tampered published
// version, 2 for an interruption, a usage or an I/O error.
func buildExit(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, build.ErrInterrupted):
		return withCode(ExitUsage, build.ErrInterrupted)
	case build.CatalogFault(err), errors.As(err, new(*build.PreviousError)):
		// a tampered published version is a verification failure, like verify's
		return withCode(ExitFindings, err)
	}
	return withCode(ExitUsage, err)
}
