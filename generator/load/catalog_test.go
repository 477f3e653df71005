package load

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// TestCatalogLookups: the id lookups find what a scan of the lists finds (the first
// document with the id), concurrently, and still do after the lists change.
func TestCatalogLookups(t *testing.T) {
	cat, err := Load(filepath.Join("..", "..", "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Datasets) < 40 || len(cat.Departments) < 25 {
		t.Fatalf("default catalog: %d datasets, %d departments", len(cat.Datasets), len(cat.Departments))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, d := range cat.Datasets {
				if got := cat.Dataset(d.V.ID); got != d {
					t.Errorf("Dataset(%q) = %v", d.V.ID, got)
				}
			}
			for _, d := range cat.Departments {
				if got := cat.Department(d.V.ID); got != d {
					t.Errorf("Department(%q) = %v", d.V.ID, got)
				}
			}
			for _, e := range cat.Elements {
				if got := cat.Element(e.V.ID); got != e {
					t.Errorf("Element(%q) = %v", e.V.ID, got)
				}
			}
			for _, p := range cat.Pricing {
				if got := cat.PricingPolicy(p.V.ID); got != p {
					t.Errorf("PricingPolicy(%q) = %v", p.V.ID, got)
				}
			}
		})
	}
	wg.Wait()
	if cat.Dataset("no-such-dataset") != nil || cat.Department("") != nil {
		t.Error("a missing id was found")
	}
	// A dataset appended after the first lookup, and a duplicate id: the first wins.
	first := cat.Datasets[0]
	extra := &Doc[model.Dataset]{File: &File{Path: "datasets/x/new.yaml"}, V: &model.Dataset{ID: "appended-later"}}
	dup := &Doc[model.Dataset]{File: &File{Path: "datasets/x/dup.yaml"}, V: &model.Dataset{ID: first.V.ID}}
	cat.Datasets = append(cat.Datasets, extra, dup)
	if cat.Dataset("appended-later") != extra {
		t.Error("a dataset appended after the first lookup is not found")
	}
	if cat.Dataset(first.V.ID) != first {
		t.Error("a duplicate id appended later shadows the first")
	}
	cat.Datasets = cat.Datasets[:1]
	if cat.Dataset("appended-later") != nil {
		t.Error("a dataset removed from the list is still found")
	}
}
