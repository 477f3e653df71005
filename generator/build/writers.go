package build

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shuyuan-project/shuyuan/generator/feed"
	"github.com/shuyuan-project/shuyuan/generator/harvest"
	"github.com/shuyuan-project/shuyuan/generator/portal"
	"github.com/shuyuan-project/shuyuan/generator/search"
)

// writer writes machine-readable files into the site beside the pages; each writes
// only its own files, from the read-only Site.
type writer func(ctx context.Context, dir string, s *portal.Site) error

// writers are every machine-readable output of the site: the feeds, the DCAT-AP and
// Project Open Data catalogs with the sitemap and robots.txt, and the search index.
var writers = []writer{
	func(_ context.Context, dir string, s *portal.Site) error {
		return feed.Write(dir, s.Catalog(), s.BaseURL())
	},
	func(ctx context.Context, dir string, s *portal.Site) error {
		return harvest.Write(ctx, dir, s.Catalog(), harvest.Input{BaseURL: s.BaseURL(), Pages: s.PageURLs(), Downloads: s.Downloads()})
	},
	func(ctx context.Context, dir string, s *portal.Site) error {
		return search.Write(ctx, dir, s.SearchDocs())
	},
	func(_ context.Context, dir string, s *portal.Site) error {
		return writeStats(dir, s)
	},
}

// writeStats writes the operations report as stats.json.
func writeStats(dir string, s *portal.Site) error {
	b, err := s.Ops().JSON()
	if err != nil {
		return fmt.Errorf("stats.json: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, "stats.json"), b, 0o644)
}
