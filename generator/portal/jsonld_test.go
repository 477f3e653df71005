package portal

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

var jsonLDRe = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// pageDataset is what a search engine reads from a dataset page's JSON-LD.
type pageDataset struct {
	ID                  string `json:"@id"`
	Type                string `json:"@type"`
	URL                 string `json:"url"`
	Name                string `json:"name"`
	Description         string `json:"description"`
	License             string `json:"license"`
	IsAccessibleForFree *bool  `json:"isAccessibleForFree"`
	TemporalCoverage    string `json:"temporalCoverage"`
	Creator             *struct {
		Type string `json:"@type"`
		Name string `json:"name"`
	} `json:"creator"`
	SpatialCoverage *struct {
		Type       string `json:"@type"`
		Name       string `json:"name"`
		Identifier string `json:"identifier"`
		Geo        *struct {
			Type string `json:"@type"`
			Box  string `json:"box"`
		} `json:"geo"`
	} `json:"spatialCoverage"`
	Distribution []struct {
		ContentURL     string `json:"contentUrl"`
		EncodingFormat string `json:"encodingFormat"`
	} `json:"distribution"`
}

func readJSONLD(t *testing.T, site, rel string) pageDataset {
	t.Helper()
	m := jsonLDRe.FindStringSubmatch(read(t, site, rel))
	if m == nil {
		t.Fatalf("%s: no JSON-LD", rel)
	}
	var d pageDataset
	if err := json.Unmarshal([]byte(m[1]), &d); err != nil {
		t.Fatalf("%s: JSON-LD does not parse: %v", rel, err)
	}
	return d
}

// TestDatasetJSONLD reads the schema.org Dataset of every dataset page as a search
// engine would. The test catalog's clinic-visits is made conditional but free (only the
// free research policy applies), so that "free" alone cannot make it accessible for
// free.
func TestDatasetJSONLD(t *testing.T) {
	a := testcat.Archive(t, filepath.Join("testdata", "site.txtar"))
	var clinic string
	for _, f := range a.Files {
		if f.Name == "datasets/sh-health/clinic-visits.yaml" {
			clinic = strings.Replace(string(f.Data), "pricing: [research-free, commercial-metered]", "pricing: [research-free]", 1)
		}
	}
	if !strings.Contains(clinic, "pricing: [research-free]\n") {
		t.Fatal("the test catalog's clinic-visits changed: update this test")
	}
	site := build(t, writeCatalog(t, "-- datasets/sh-health/clinic-visits.yaml --\n"+clinic), Options{DemoKeys: true, Extracts: testExtracts()})
	const base = "https://data.example.gov.cn/"
	free := map[string]bool{"metro-ridership": true, "clinic-visits": false}
	for id, wantFree := range free {
		zh := readJSONLD(t, site, "datasets/"+id+"/index.html")
		en := readJSONLD(t, site, "en/datasets/"+id+"/index.html")
		if zh.ID != base+"datasets/"+id+"/" || en.ID != zh.ID {
			t.Errorf("%s: @id %q (zh) and %q (en), want one IRI, %sdatasets/%s/", id, zh.ID, en.ID, base, id)
		}
		if zh.URL != base+"datasets/"+id+"/" || en.URL != base+"en/datasets/"+id+"/" {
			t.Errorf("%s: url %q / %q, want each language's page", id, zh.URL, en.URL)
		}
		for lang, d := range map[string]pageDataset{"zh": zh, "en": en} {
			if d.IsAccessibleForFree == nil || *d.IsAccessibleForFree != wantFree {
				t.Errorf("%s (%s): isAccessibleForFree %v, want %v", id, lang, d.IsAccessibleForFree, wantFree)
			}
			if d.Type != "Dataset" || d.Name == "" || d.Description == "" || d.Creator == nil || d.Creator.Name == "" {
				t.Errorf("%s (%s): rich-result fields missing: %+v", id, lang, d)
			}
			for _, bad := range []string{"](", "##", "|---", "<", ".md"} {
				if strings.Contains(d.Description, bad) {
					t.Errorf("%s (%s): description is not plain text (%q): %q", id, lang, bad, d.Description)
				}
			}
		}
	}
	// clinic-visits has every optional field: licence (none of its own: conditional
	// data gets no portal default), temporal and spatial coverage, a download.
	zh := readJSONLD(t, site, "datasets/clinic-visits/index.html")
	en := readJSONLD(t, site, "en/datasets/clinic-visits/index.html")
	if !strings.Contains(zh.Description, "申请指南") || !strings.Contains(en.Description, "how to apply") {
		t.Errorf("link texts lost: %q / %q", zh.Description, en.Description)
	}
	if zh.TemporalCoverage != "2023-01-01/2026-09-30" {
		t.Errorf("temporalCoverage %q", zh.TemporalCoverage)
	}
	for lang, d := range map[string]pageDataset{"zh": zh, "en": en} {
		sc := d.SpatialCoverage
		if sc == nil || sc.Type != "Place" || sc.Identifier != "310000" || sc.Geo == nil || sc.Geo.Type != "GeoShape" || sc.Geo.Box != "30.67 120.85 31.88 122.02" {
			t.Errorf("%s: spatialCoverage %+v", lang, sc)
			continue
		}
		if want := map[string]string{"zh": "上海市", "en": "Shanghai"}[lang]; sc.Name != want {
			t.Errorf("%s: place name %q, want %q", lang, sc.Name, want)
		}
		// every published file is a distribution, the quality report beside the Parquet too
		if len(d.Distribution) != 2 || d.Distribution[1].EncodingFormat != "application/json" || d.Distribution[0].ContentURL != base+"data/clinic-visits/2.0.0/clinic-visits.parquet" || d.Distribution[0].EncodingFormat != "application/vnd.apache.parquet" {
			t.Errorf("%s: distribution %+v", lang, d.Distribution)
		}
	}
	if m := readJSONLD(t, site, "datasets/metro-ridership/index.html"); m.License != "https://spdx.org/licenses/CC-BY-4.0.html" {
		t.Errorf("metro-ridership: license %q", m.License)
	}
	if strings.Contains(read(t, site, "datasets/metro-ridership/index.html"), `"distribution":null`) {
		t.Error("a dataset without files has distribution null")
	}
}

// TestCustomLicence: a dataset under a custom licence declared in portal.yaml shows
// the licence's name linked to its text, and its JSON-LD names that address; an
// SPDX licence links to spdx.org.
func TestCustomLicence(t *testing.T) {
	files := testcat.Overlay(t, testcat.Archive(t, filepath.Join("testdata", "site.txtar")))
	files["portal.yaml"] = append(bytes.Clone(files["portal.yaml"]), []byte(`licenses:
  - id: LicenseRef-Shanghai-Open-Data-1.0
    name: {zh: 上海公共数据开放许可 1.0, en: Shanghai Open Data Licence 1.0}
    url: https://data.example.gov.cn/licence/1.0/
`)...)
	files["datasets/sh-transport/metro-ridership.yaml"] = bytes.Replace(files["datasets/sh-transport/metro-ridership.yaml"],
		[]byte("license: CC-BY-4.0"), []byte("license: LicenseRef-Shanghai-Open-Data-1.0"), 1)
	site := build(t, testcat.Write(t, files), Options{})
	for rel, name := range map[string]string{"datasets/metro-ridership/index.html": "上海公共数据开放许可 1.0", "en/datasets/metro-ridership/index.html": "Shanghai Open Data Licence 1.0"} {
		if page := read(t, site, rel); !strings.Contains(page, `<a href="https://data.example.gov.cn/licence/1.0/" rel="license noopener">`+name+`</a>`) {
			t.Errorf("%s does not link the custom licence by name", rel)
		}
		if m := readJSONLD(t, site, rel); m.License != "https://data.example.gov.cn/licence/1.0/" {
			t.Errorf("%s: JSON-LD license %q", rel, m.License)
		}
	}
}
