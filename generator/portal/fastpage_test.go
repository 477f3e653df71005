package portal

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

// TestFastPagesMatchTemplates: the dataset and version pages pageWriter writes
// (fastpage.go) are byte for byte the pages layout.html, dataset.html and
// version.html make, in every language: on the test catalog with extracts, signed
// downloads and columns full of characters to escape; on it without extracts or
// keys; and on the repository's default catalog. Every other file of the site is
// compared too, and the fast path must have written every dataset and version page
// whose URLs html/template leaves unchanged.
func TestFastPagesMatchTemplates(t *testing.T) {
	overlay := `-- datasets/sh-transport/escapes.yaml --
kind: Dataset
id: escapes
version: 1.1.0
title: {zh: "转义 <b>&'\"+", en: "Escapes <i>+&"}
description:
  zh: 这个数据集的列名与说明包含需要转义的字符，用来检查快速写出的页面与模板写出的一样，一字不差。
department: sh-transport
themes: [transport]
keywords: [{zh: "公交+地铁", en: "bus & <metro>"}, 客流]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: daily, last_modified: 2026-10-01}
source: {format: csv, path: sources/ridership.csv}
columns:
  - name: "a+b<c>&'\""
    title: {zh: "<b>列</b> & 'x' + \"y\"", en: "A+B"}
    description: {zh: "说明 <script>alert(1)</script> &amp; ++", en: "'quoted' & <tags>"}
    type: string
    level: 1
    personal_info: none
    role: insensitive
changelog:
  - {version: 1.1.0, date: 2026-10-01, summary: {zh: "<改> & '修订'", en: "fix <b>+</b>"}}
  - {version: 1.0.0, date: 2026-09-01, summary: {zh: 首次发布}}
`
	// Enough datasets for list pages with a pager that skips pages (1 … 4 5 6 … 7).
	var many strings.Builder
	for i := range 6*PageSize + 1 {
		fmt.Fprintf(&many, `-- datasets/sh-transport/many-%03d.yaml --
kind: Dataset
id: many-%03d
version: 1.0.0
title: {zh: 数据集%03d, en: Dataset %03d}
description:
  zh: 用来检查列表页的分页：每页一百个数据集，超过六页时页码之间有省略号，快速写出的页面与模板写出的一样。
department: sh-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: daily, last_modified: 2026-10-%02d}
source: {format: csv, path: sources/ridership.csv}
columns:
  - {name: c, type: string, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.0.0, date: 2026-10-01, summary: {zh: 首次发布}}
`, i, i, i, i, 1+i%28)
	}
	catalogs := []struct {
		name string
		dir  string
		opts Options
	}{
		{"test catalog, extracts, signed", writeCatalog(t, overlay), Options{DemoKeys: true, Search: true, Extracts: testExtracts()}},
		{"test catalog, nothing extracted", writeCatalog(t, overlay), Options{}},
		{"601 more datasets, pagers", writeCatalog(t, many.String()), Options{}},
		{"default catalog", filepath.Join("..", "..", "catalog"), Options{Search: true}},
	}
	for _, c := range catalogs {
		t.Run(c.name, func(t *testing.T) {
			fast, fastSite := buildWith(t, c.dir, c.opts, true)
			tmpl, _ := buildWith(t, c.dir, c.opts, false)
			a, b := testcat.Tree(t, fast), testcat.Tree(t, tmpl)
			if len(a) != len(b) {
				t.Fatalf("%d files with the fast pages, %d with the templates alone", len(a), len(b))
			}
			if strings.Contains(c.name, "pagers") && !strings.Contains(read(t, fast, "datasets/page/7/index.html"), "<li>…</li>") {
				t.Error("datasets/page/7/ has no pager gap to compare")
			}
			pages := 0
			for p, want := range b {
				got, ok := a[p]
				if !ok {
					t.Errorf("%s only in the templates' site", p)
					continue
				}
				if strings.HasSuffix(p, ".html") && strings.Contains(p, "datasets/") {
					pages++
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the template's page at byte %d:\nfast:     %q\ntemplate: %q", p, firstDiff(got, want), around(got, firstDiff(got, want)), around(want, firstDiff(got, want)))
				}
			}
			var want int64
			for _, ds := range fastSite.Datasets {
				want += int64(1+len(ds.Versions)) * int64(len(fastSite.Langs))
			}
			for _, j := range fastSite.jobs() {
				if j.tmpl == "list" {
					want += int64(len(fastSite.Langs))
				}
			}
			if got := fastSite.fastCount.Load(); got != want || want == 0 {
				t.Errorf("pageWriter wrote %d pages, want every dataset, version and list page (%d)", got, want)
			}
		})
	}
}

// buildWith renders the catalog in dir with the fast pages on or off.
func buildWith(t *testing.T, dir string, opts Options, fast bool) (string, *Site) {
	t.Helper()
	defer func(old bool) { fastPages = old }(fastPages)
	fastPages = fast
	if opts.Extracts == nil {
		cat := loadCatalog(t, dir)
		s, err := NewSite(cat, opts)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "site")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := s.Render(context.Background(), out, nil); err != nil {
			t.Fatal(err)
		}
		return out, s
	}
	return buildSite(t, dir, opts)
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) string { return string(b[max(0, i-60):min(len(b), i+60)]) }
