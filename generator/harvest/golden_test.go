package harvest

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/golden"
	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCatalogs are small catalogs that between them set and leave out every
// optional field the harvest files read: the test fixture, a synthetic catalog with
// one kind of gap per dataset, and one whose first language is English.
func goldenCatalogs(t *testing.T) map[string]struct {
	cat *load.Catalog
	in  Input
} {
	synth := testcat.Synthetic(12)
	dl := map[string][]model.Download{}
	for i, d := range synth.Datasets {
		ds := d.V
		id := ds.ID
		switch i % 6 {
		case 0:
			ds.Temporal = &model.Temporal{Start: "2020-01-01", End: "2021-12-31"}
			ds.Spatial = "310101"
			dl[id] = []model.Download{
				{Path: "data/" + id + "/1.1.0/" + id + ".parquet", Size: 1 << 20, SHA256: "ABCD"},
				{Path: "https://cdn.example.org/" + id + ".csv"},
				{Path: "data/" + id + "/", Size: 0},
			}
		case 1:
			ds.Temporal = &model.Temporal{End: "2021-12-31"}
			ds.Keywords = nil
			ds.Rights = &model.Text{}
			dl[id] = []model.Download{{Path: "data/" + id + "/x.bin", Size: 7}}
		case 2:
			ds.Temporal = &model.Temporal{Start: "2020-01-01"}
			ds.Keywords = []model.Text{{Zh: "<tag>"}, {Zh: "A&B"}, {Zh: "客流"}}
			ds.Rights = &model.Text{Zh: "  ", En: "Research only"}
			ds.Department = "no-such-department"
		case 3:
			ds.Themes = []string{"no-such-theme", "theme-1"}
			ds.License = ""
			ds.Issued = ""
		case 4:
			ds.Department = synth.Portal.V.Publisher
			ds.Rights = &model.Text{Zh: strings.Repeat("长", 300)}
		}
	}
	en := testcat.Synthetic(3)
	en.Portal.V.Languages = []string{"en", "zh"}
	return map[string]struct {
		cat *load.Catalog
		in  Input
	}{
		"fixture":       {testcat.Load(t, fixture), input},
		"synthetic":     {synth, Input{Downloads: dl}},
		"english-first": {en, Input{}},
	}
}

// TestGolden compares every harvest file of the golden catalogs with
// testdata/golden/<catalog>/<file>.golden; go test -update rewrites them.
func TestGolden(t *testing.T) {
	for name, c := range goldenCatalogs(t) {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Write(context.Background(), dir, c.cat, c.in); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"catalog.jsonld", "data.json", "sitemap.xml", "robots.txt", ElementsJSON, ElementsCSV} {
				got, err := os.ReadFile(filepath.Join(dir, f))
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "golden", name, f+".golden"), got, *update)
			}
		})
	}
}
