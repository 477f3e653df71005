// Package sitewriters lists the machine-readable outputs written beside the portal's
// pages (feeds, DCAT-AP and Project Open Data catalogs, sitemap, search index), so
// that `shuyuan build` and every test that builds a site wire exactly the same ones.
package sitewriters

import (
	"context"

	"github.com/shuyuan-project/shuyuan/generator/feed"
	"github.com/shuyuan-project/shuyuan/generator/harvest"
	"github.com/shuyuan-project/shuyuan/generator/portal"
	"github.com/shuyuan-project/shuyuan/generator/search"
)

// All returns the writers of every machine-readable output of the site.
func All() []portal.Writer {
	return []portal.Writer{writeFeeds, writeHarvest, writeSearch}
}

func writeFeeds(_ context.Context, dir string, s *portal.Site) error {
	return feed.Write(dir, s.Catalog(), s.BaseURL())
}

func writeHarvest(ctx context.Context, dir string, s *portal.Site) error {
	dl := map[string][]harvest.Download{}
	for id, files := range s.Downloads() {
		for _, f := range files {
			dl[id] = append(dl[id], harvest.Download{URL: f.Path, MediaType: portal.MediaType(f.Path), Size: f.Size, SHA256: f.SHA256})
		}
	}
	return harvest.Write(ctx, dir, s.Catalog(), harvest.Input{BaseURL: s.BaseURL(), Pages: s.PageURLs(), Downloads: dl})
}

func writeSearch(ctx context.Context, dir string, s *portal.Site) error {
	var docs []search.Doc
	for _, d := range s.SearchDocs() {
		docs = append(docs, search.Doc{URL: d.URL, Lang: d.Lang, Title: d.Title, Text: d.Text, Keywords: d.Keywords, Facets: d.Facets})
	}
	return search.Write(ctx, dir, docs)
}
