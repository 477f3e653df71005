// Package build owns one build of the portal end to end, as Hugo's hugolib does: it
// loads the catalog, runs the lint gate (exactly the rules `shuyuan lint` runs, the
// source scans included), extracts the open datasets into signed Parquet
// downloads, renders the portal's pages, writes the feeds, harvest catalogs and
// search index beside them, and publishes the site with one atomic swap (package
// outdir). `shuyuan build`, `shuyuan serve` and every test that builds a site call
// Run; nothing else wires these stages together.
//
// A failed, interrupted or killed build leaves the previous site as it was. Two
// builds of one catalog with the same keys are byte-identical.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/outdir"
	"github.com/shuyuan-project/shuyuan/generator/portal"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// Options configure a build.
type Options struct {
	// Catalog is the catalog directory; its federation members are loaded with it.
	Catalog string
	// Out is the site directory the build replaces (see package outdir for what it
	// may be).
	Out string
	// Now is the date the lint gate measures staleness against and the pages show
	// freshness "as of" (their footer says so); zero means today for the gate and
	// the newest date of the catalog for the pages.
	Now time.Time
	// DemoKeys marks a build made with the public demonstration keys; every page's
	// footer then says so.
	DemoKeys bool
	// SignKey is the minisign secret key that signs data/SHA256SUMS: its text, or
	// file:PATH. Empty means SHUYUAN_SIGNING_KEY from Getenv.
	SignKey string
	// NoExtract renders the pages without extracting: no downloads, no previews,
	// and no earlier versions carried forward.
	NoExtract bool
	// Previous is the site whose published dataset versions the build carries
	// forward (CI restores the last deployment there); empty means Out itself.
	Previous string
	// BaseURL, when set, is the address the site is published at, in place of
	// portal.yaml's base_url (the Pages configuration step knows it in CI); see
	// BaseURL for the forms accepted.
	BaseURL string
	// Extracted is a site directory whose data/ already holds the extracts (written
	// by `shuyuan merge` from the shares of a CI matrix): the build publishes those
	// files, signs them again with the public key beside them, and extracts nothing.
	Extracted string
	// Pushdown is extract.Options.Pushdown: how PostgreSQL sources are read.
	Pushdown string
	// Getenv reads keys and database connection strings; nil means an empty
	// environment.
	Getenv func(string) string
	// Warn receives the gate's errors and the build's warnings; nil discards them.
	Warn io.Writer
	// Progress, when set (a terminal), receives one line per stage and the
	// extractor's progress bars.
	Progress io.Writer
	// Verbose lists in full what a warning summarizes (the datasets published
	// without a download because their connection variable is unset).
	Verbose bool
	// DBParallel is the number of connections a keyed PostgreSQL source is read over
	// (extract.Options.DBParallel); 0 chooses from the table size.
	DBParallel int
}

// Result is what a build published.
type Result struct {
	// Catalog is the catalog that was built.
	Catalog *load.Catalog
	// Findings are the lint gate's findings (warnings only, after a success).
	Findings []diag.Finding
	// Pages is the number of HTML pages written.
	Pages int
}

// GateError is a build stopped by the lint gate: the catalog has errors.
type GateError struct {
	// Errors are the findings that fail the build.
	Errors []diag.Finding
}

func (e *GateError) Error() string {
	return fmt.Sprintf("build: the catalog has %d lint error(s) (listed above); fix them and build again — the previous site was left as it was", len(e.Errors))
}

// ErrInterrupted is returned, wrapped, when the build's context ends before it is
// published.
var ErrInterrupted = errors.New("build interrupted; the previous site was left as it was")

// Run builds the catalog into opts.Out. On any error the previous contents of
// opts.Out are left as they were. The error is a *GateError when lint found errors,
// wraps an *extract.Error per dataset that could not be extracted, wraps
// ErrInterrupted when ctx ended, and is otherwise a usage or I/O problem; CatalogFault
// tells the first two apart from the rest.
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.Warn == nil {
		opts.Warn = io.Discard
	}
	logf := func(format string, args ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, "shuyuan build: "+format+"\n", args...)
		}
	}
	cat, err := load.LoadFederated(opts.Catalog)
	if err != nil {
		return nil, err
	}
	res := &Result{Catalog: cat}
	if err := outdir.Check(opts.Out, cat.Root); err != nil {
		return res, err
	}
	if res.Findings, err = gate(cat, opts); err != nil {
		return res, err
	}
	if cat.Portal == nil {
		return res, errors.New("build: the catalog has no valid portal.yaml; run `shuyuan lint` to see why")
	}
	if opts.BaseURL != "" {
		u, err := BaseURL(opts.BaseURL)
		if err != nil {
			return res, err
		}
		cat.Portal.V.BaseURL = u // every absolute address of the site derives from it
	}
	st, err := outdir.Begin(opts.Out, cat.Root)
	if err != nil {
		return res, fmt.Errorf("build: %w", err)
	}
	defer st.Abort()
	dir := st.Dir()

	po := portal.Options{DemoKeys: opts.DemoKeys, Search: true, Findings: res.Findings}
	if !opts.Now.IsZero() {
		// The pages' freshness is measured on the gate's date, so a dataset the
		// gate finds stale shows overdue (a badge, and the stats page counts it).
		po.AsOf = opts.Now.Format(time.DateOnly)
	}
	if !opts.NoExtract {
		// read under the lock, before anything replaces the previous site
		prev, key, err := previousStage(cat, opts)
		if err != nil {
			return res, err
		}
		if err := extractStage(ctx, cat, dir, opts, &po, logf); err != nil {
			return res, interrupted(ctx, fmt.Errorf("build: extract: %w", err))
		}
		if prev != nil {
			logf("carrying %d published versions forward", len(prev.versions))
			if err := carryStage(cat, dir, prev, key, &po); err != nil {
				return res, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return res, interrupted(ctx, err)
	}
	site, err := portal.NewSite(cat, po)
	if err != nil {
		return res, fmt.Errorf("build: %w", err)
	}
	res.Pages = site.Pages()
	logf("rendering %d pages", res.Pages)
	// The pages and the writers' files are independent (distinct files, a read-only
	// Site), so they are produced concurrently: the writers are mostly sequential
	// encoders that would otherwise leave a core idle. They start once the pages with
	// dataset lists are done, so that their indexes and the list-item cache, the
	// build's largest transient structures, are never held at the same time.
	g, gctx := xsync.NewGroup(ctx)
	g.Go(func() error {
		return site.Render(gctx, dir, func() {
			for _, w := range writers {
				g.Go(func() error {
					if err := gctx.Err(); err != nil {
						return err
					}
					return w(gctx, dir, site)
				})
			}
		})
	})
	if err := g.Wait(); err != nil {
		return res, interrupted(ctx, fmt.Errorf("build: %w", err))
	}
	if err := ctx.Err(); err != nil {
		return res, interrupted(ctx, err)
	}
	if err := st.Commit(); err != nil {
		return res, fmt.Errorf("build: %w", err)
	}
	logf("%d datasets, %d elements → %s in %s", len(cat.Datasets), len(cat.Elements), opts.Out, time.Since(start).Round(time.Millisecond))
	return res, nil
}

// BaseURL checks an address given to override portal.yaml's base_url and returns
// it as base_url is written: an absolute http or https URL without query or
// fragment, ending in "/" (added when missing, as actions/configure-pages gives
// https://owner.github.io/repo).
func BaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, " \t\n") {
		return "", fmt.Errorf("--base-url %q is not the address of a site: write it in full, such as https://data.example.gov.cn/ or https://city.github.io/catalog/", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u.String(), nil
}

// interrupted wraps err with ErrInterrupted when ctx has ended.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", ErrInterrupted, ctx.Err())
	}
	return err
}

// gate runs the lint rules as `shuyuan lint` does, sources scanned, with the date
// rules demoted to warnings (lint.Options.Build): it prints the errors to
// opts.Warn and fails on any.
func gate(cat *load.Catalog, opts Options) ([]diag.Finding, error) {
	findings := lint.Run(cat, lint.Options{Now: opts.Now, Build: true})
	var errs []diag.Finding
	warns, stale, late := 0, 0, 0
	for _, f := range findings {
		switch f.Severity {
		case diag.Error:
			errs = append(errs, f)
			fmt.Fprintln(opts.Warn, f.String())
		case diag.Warning:
			warns++
			switch f.Rule {
			case "stale":
				stale++
			case "deadline":
				late++
			}
		}
	}
	if len(errs) > 0 {
		return findings, &GateError{Errors: errs}
	}
	if warns > 0 {
		overdue := ""
		if stale > 0 {
			overdue = fmt.Sprintf(" (%d of overdue data, which the pages show as overdue; `shuyuan overdue` lists it by department)", stale)
		}
		if late > 0 {
			overdue += fmt.Sprintf(" (%d of requests or objections past a time limit, which the operations report counts late)", late)
		}
		fmt.Fprintf(opts.Warn, "shuyuan build: %d lint warning(s)%s; run `shuyuan lint` to see them\n", warns, overdue)
	}
	return findings, nil
}

// publicKey returns the portal's minisign public key (portal.yaml
// signing.public_key), or nil when there is none. Only a catalog-relative path
// that stays inside the catalog is read.
func publicKey(cat *load.Catalog) []byte {
	p := cat.Portal
	if p == nil || p.V.Signing == nil || p.V.Signing.PublicKey == "" {
		return nil
	}
	rel := filepath.FromSlash(p.V.Signing.PublicKey)
	if !filepath.IsLocal(rel) {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(cat.Root, rel))
	if err != nil || len(b) >= 4096 {
		return nil
	}
	return b
}

// writePublicKey publishes the key as data/minisign.pub.
func writePublicKey(dir string, key []byte) error {
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "data", sign.PubFile), key, 0o644)
}
