// Package portal renders the pages of the static open-data portal from a loaded
// catalog: every page of outputs.md "Site layout", in Chinese at the root and English
// under en/, rendered in parallel from the embedded html/template files, into a
// directory that package build gives it and publishes. Two renderings of one input
// are byte-identical.
package portal

import (
	"context"
	"errors"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Options configure the pages of a site.
type Options struct {
	// DemoKeys marks a build made with the public demonstration keys; every page's
	// footer then says so.
	DemoKeys bool
	// AsOf is the YYYY-MM-DD date freshness is measured against. When empty it is the
	// newest date in the catalog, so the output never depends on the clock.
	AsOf string
	// Search says that the build publishes search/search.js; pages with the search
	// box then load it.
	Search bool
	// Extracts are what the extractor published, one per dataset version.
	Extracts []Extract
	// PublicKey is the portal's minisign public key when the build publishes it as
	// data/minisign.pub, else nil.
	PublicKey []byte
	// Signed says the build wrote data/SHA256SUMS.minisig.
	Signed bool
	// Findings are the build's lint findings, which the operations report counts.
	Findings []diag.Finding
}

// Extract is what the extractor published for one dataset version.
type Extract struct {
	// Dataset and Version identify the dataset version.
	Dataset, Version string
	// Files are the published files.
	Files []model.Download
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

// NewSite arranges the catalog for rendering.
func NewSite(cat *load.Catalog, opts Options) (*Site, error) {
	if cat.Portal == nil {
		return nil, errors.New("the catalog has no valid portal.yaml; run `shuyuan lint` to see why")
	}
	return newSite(cat, opts)
}

// Render writes every page in every language, and the static assets, into dir, on
// the xsync pool that ctx carries. listsDone, when not nil, is called once the pages
// with dataset lists are written and their item cache is dropped: the build starts
// its writers then, so that their indexes and that cache, its largest transient
// structures, are never held at the same time.
func (s *Site) Render(ctx context.Context, dir string, listsDone func()) error {
	return s.render(ctx, dir, listsDone)
}

// Pages is the number of HTML pages Render writes.
func (s *Site) Pages() int { return len(s.jobs()) * len(s.Langs) }
