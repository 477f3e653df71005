// Package portal builds the static open-data portal from a loaded catalog: every page
// of outputs.md "Site layout", in Chinese at the root and English under en/, rendered
// in parallel from the embedded html/template files. A build writes into a new
// directory that package outdir publishes atomically, so an interrupted, failed or
// killed build leaves the previous site untouched; two builds of one input are
// byte-identical.
package portal

import (
	"context"
	"errors"
	"fmt"

	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/outdir"
)

// Options configure a build.
type Options struct {
	// Out is the site directory that the build replaces (see package outdir for
	// what it may be).
	Out string
	// DemoKeys marks a build made with the public demonstration keys; every page's
	// footer then says so.
	DemoKeys bool
	// AsOf is the YYYY-MM-DD date freshness is measured against. When empty it is the
	// newest date in the catalog, so the output never depends on the clock.
	AsOf string
	// Extract, when set, writes the downloadable extracts into siteDir (under data/)
	// and returns what it wrote. It runs before the pages are rendered.
	Extract func(ctx context.Context, siteDir string) ([]Extract, error)
	// Writers write machine-readable files (feeds, harvest catalogs, the search
	// index) into siteDir, concurrently with the pages and with each other; each
	// must write only its own files.
	Writers []Writer
	// Search says that one of Writers publishes search/search.js; pages with the
	// search box then load it.
	Search bool
	// Log, when set, receives one line per build stage.
	Log func(format string, args ...any)

	// afterRender is a test hook run before the swap.
	afterRender func(siteDir string) error
	// templateRows is a test hook: the template writes the data dictionary rows
	// that columnRows otherwise writes.
	templateRows bool
}

// Writer writes extra files into the site once the pages are rendered.
type Writer func(ctx context.Context, siteDir string, s *Site) error

// Extract is what the extractor published for one dataset version.
type Extract struct {
	// Dataset and Version identify the dataset version.
	Dataset, Version string
	// Files are the published files, Path relative to the site directory (slash).
	Files []File
	// Header and Rows are the first rows of the published file, for the preview.
	Header []string
	Rows   [][]string
	// RowsIn, RowsWritten, RowsSuppressed, RowsRejected, K (people), L and
	// SubjectsSuppressed summarise the extract (its quality.json has the details).
	RowsIn, RowsWritten, RowsSuppressed, RowsRejected int64
	K, L                                              int
	SubjectsSuppressed                                int64
	// Subject is the column k counts distinct values of, "" without k.
	Subject string
	// Checks is the number of quality thresholds measured, ChecksPassed how many passed.
	Checks, ChecksPassed int
}

// File is one published file.
type File struct {
	// Path is relative to the site directory, with forward slashes.
	Path string
	// Size is in bytes.
	Size int64
	// SHA256 is the lowercase hex digest.
	SHA256 string
}

// Build renders the catalog into opts.Out. On any error, or when ctx is cancelled,
// the previous contents of opts.Out are left as they were.
func Build(ctx context.Context, cat *load.Catalog, opts Options) (err error) {
	if cat.Portal == nil {
		return errors.New("build: the catalog has no valid portal.yaml; run `shuyuan lint` to see why")
	}
	st, err := outdir.Begin(opts.Out, cat.Root)
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	defer st.Abort()
	tmp := st.Dir()
	logf := opts.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	var extracts []Extract
	if opts.Extract != nil {
		logf("extracting datasets")
		if extracts, err = opts.Extract(ctx, tmp); err != nil {
			return fmt.Errorf("build: extract: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	s, err := newSite(cat, opts, extracts, tmp)
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	logf("rendering %d pages", len(s.jobs())*len(s.Langs))
	// The pages and the writers' files are independent (distinct files, a read-only
	// Site), so they are produced concurrently: the writers are mostly sequential
	// encoders that would otherwise leave a core idle. They start once the pages with
	// dataset lists are done, so that their indexes and the list-item cache, the
	// build's largest transient structures, are never held at the same time.
	g, gctx := xsync.NewGroup(ctx)
	g.Go(func() error {
		return s.render(gctx, tmp, func() {
			for _, w := range opts.Writers {
				g.Go(func() error {
					if err := gctx.Err(); err != nil {
						return err
					}
					return w(gctx, tmp, s)
				})
			}
		})
	})
	if err := g.Wait(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if opts.afterRender != nil {
		if err := opts.afterRender(tmp); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if err := st.Commit(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	return nil
}
