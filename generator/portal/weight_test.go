package portal

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/templates"
)

// maxPageWeight is the most a home or dataset page may weigh uncompressed, with the
// stylesheet and scripts it loads and without images.
const maxPageWeight = 30 << 10

// TestPageWeight: the home page and every dataset page of the default catalog, and
// the test catalog's dataset page with downloads and a preview, weigh at most 30 KB
// with the stylesheet and scripts they load (search.js is written by package search;
// its size is counted from the embedded copy).
func TestPageWeight(t *testing.T) {
	cat, err := load.Load(filepath.Join("..", "..", "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSite(cat, Options{DemoKeys: true, Search: true})
	if err != nil {
		t.Fatal(err)
	}
	def := t.TempDir()
	if err := s.Render(context.Background(), def, nil); err != nil {
		t.Fatal(err)
	}
	test := build(t, writeCatalog(t, ""), Options{DemoKeys: true, Search: true, Extracts: testExtracts()})
	css := len(read(t, def, "assets/style.css"))
	search := len(searchJS())
	heaviest, which := 0, ""
	for _, site := range []string{def, test} {
		var pages []string
		for _, lang := range []string{"", "en/"} {
			pages = append(pages, lang+"index.html")
			for _, ds := range s.Datasets {
				pages = append(pages, lang+"datasets/"+ds.ID+"/index.html")
			}
		}
		if site == test {
			pages = []string{"index.html", "datasets/clinic-visits/index.html", "en/datasets/clinic-visits/index.html"}
		}
		for _, p := range pages {
			page := read(t, site, p)
			n := len(page) + css
			if strings.Contains(page, "search/search.js") {
				n += search
			}
			if n > heaviest {
				heaviest, which = n, p
			}
			if n > maxPageWeight {
				t.Errorf("%s weighs %d bytes with its stylesheet and scripts, over %d", p, n, maxPageWeight)
			}
		}
	}
	t.Logf("heaviest: %s, %d bytes (stylesheet %d, search.js %d)", which, heaviest, css, search)
}

func searchJS() []byte { return templates.SearchJS }
