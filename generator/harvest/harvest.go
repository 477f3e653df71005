// Package harvest writes the files that machines read to find the portal's datasets:
//
//	catalog.jsonld   DCAT-AP 3 catalog in JSON-LD (for EU-style harvesters)
//	data.json        Project Open Data v1.1 catalog (for CKAN/data.gov-style harvesters)
//	sitemap.xml      every page, with its other-language versions as xhtml:link alternates
//	robots.txt       allows everything and names the sitemap
//	elements.json    the data-source catalog (数源目录): every data element's attributes
//	elements.csv     the same as CSV (UTF-8 with BOM)
//
// Everything is derived from the catalog and the build's list of pages and downloads;
// nothing depends on the clock, maps are never iterated unsorted, so two builds of the
// same input are byte-identical. Draft datasets are left out of every file.
//
// # Open types
//
// DCAT-AP dct:accessRights takes the EU access-right authority URIs: unconditional →
// PUBLIC, conditional → RESTRICTED, non-open → NON_PUBLIC. In data.json accessLevel is
// "public", "restricted public" and "non-public". Non-open datasets keep their metadata
// (the portal publishes their pages too, so people know the data exists and whom to ask),
// with dct:rights / rights saying why they are closed, but they are excluded from every
// public access list: no distribution, no accessURL and no downloadURL, in either file.
// Conditional datasets get an access distribution that points at their landing page
// (where the application guide is) and, if the build published files, the files.
//
// # DCAT-AP 3.0.1 conformance
//
// catalog.jsonld validates against the DCAT-AP 3.0.1 SHACL shapes and range shapes
// (TestSHACL): formats, frequencies, access rights and licences are IRIs of the EU
// authority tables (FileType, Frequency, AccessRights, LicenceIRI), every object of a
// property with a class range states its class, divisions are dct:Location nodes with
// names and a bounding box (package place), and descriptions are plain text
// (markdown.PlainText). docs/harvest.md lists the vocabularies.
//
// # bureauCode and programCode
//
// The POD v1.1 schema requires bureauCode and programCode, which are codes of US federal
// agencies and programs (OMB Circular A-11 Appendix C, Federal Program Inventory). A
// Chinese city portal has neither, so every dataset carries the placeholders
// NoBureauCode "000:00" and NoProgramCode "000:000": they satisfy the schema's patterns,
// no federal agency or program has code 000, and harvesters that key on these codes
// (data.gov) can recognise the value as "not a US federal dataset". docs/harvest.md
// says the same for portal operators.
package harvest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/license"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Placeholders for the US-federal-only codes the POD schema requires (see the package doc).
const (
	NoBureauCode  = "000:00"
	NoProgramCode = "000:000"
)

// Input is what the build knows beyond the catalog.
type Input struct {
	// BaseURL is the absolute URL the site is published at, ending in "/"; empty means
	// the portal's base_url.
	BaseURL string
	// Pages lists every HTML page as a site-relative URL ("", "datasets/", "en/datasets/x/";
	// a trailing "index.html" is dropped), for the sitemap.
	Pages []string
	// Downloads maps a dataset id to its published files.
	Downloads map[string][]model.Download
}

// download is a published file as the catalogs list it.
type download struct {
	model.Download
	// URL is absolute.
	URL string
	// MediaType is the IANA media type.
	MediaType string
}

// Write writes catalog.jsonld, data.json, sitemap.xml, robots.txt, elements.json and
// elements.csv into siteDir,
// in parallel on the xsync pool that ctx carries.
func Write(ctx context.Context, siteDir string, cat *load.Catalog, in Input) error {
	if cat == nil || cat.Portal == nil {
		return fmt.Errorf("harvest: the catalog has no valid portal.yaml")
	}
	b := in.BaseURL
	if b == "" {
		b = cat.Portal.V.BaseURL
	}
	u, err := url.Parse(b)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("harvest: base URL %q is not an absolute http(s) URL", b)
	}
	if !strings.HasSuffix(b, "/") {
		b += "/"
	}
	in.BaseURL = b
	g := &gen{cat: cat, in: in, base: b}
	for _, d := range cat.Datasets {
		if d.V.Status != model.StatusDraft {
			g.datasets = append(g.datasets, d)
		}
	}
	sort.SliceStable(g.datasets, func(i, j int) bool { return g.datasets[i].V.ID < g.datasets[j].V.ID })
	g.sourceCatalog()

	if err := os.MkdirAll(siteDir, 0o755); err != nil {
		return err
	}
	files := []struct {
		name string
		f    func(*bufio.Writer) error
	}{
		{"catalog.jsonld", g.dcat},
		{"data.json", g.pod},
		{"sitemap.xml", g.sitemap},
		{"robots.txt", g.robots},
		{ElementsJSON, g.elementsJSON},
		{ElementsCSV, g.elementsCSV},
	}
	// The files are independent: write them in parallel, each streamed to disk.
	return xsync.Each(ctx, len(files), func(_ context.Context, i int) error {
		f := files[i]
		if err := writeFile(filepath.Join(siteDir, f.name), f.f); err != nil {
			return fmt.Errorf("harvest: %s: %w", f.name, err)
		}
		return nil
	})
}

// writeFile streams gen's output into path.
func writeFile(path string, gen func(*bufio.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 256<<10)
	if err := gen(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type gen struct {
	cat      *load.Catalog
	in       Input
	base     string
	datasets []*load.Doc[model.Dataset]
	// elements are the published data elements, sorted by id; usedBy the datasets
	// (sorted by id) whose columns carry each.
	elements []*model.DataElement
	usedBy   map[string][]*model.Dataset
}

// abs makes a site-relative URL absolute.
func (g *gen) abs(u string) string {
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	return g.base + strings.TrimPrefix(u, "/")
}

// downloads returns a dataset's files sorted by URL, with absolute URLs.
func (g *gen) downloads(id string) []download {
	var ds []download
	for _, f := range g.in.Downloads[id] {
		ds = append(ds, download{Download: f, URL: g.abs(f.Path), MediaType: f.MediaType()})
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].URL < ds[j].URL })
	return ds
}

// fileFormats describes each media type a published file has (model.MediaType):
// its name in data.json's format and its code in the EU file-type authority
// (dcat.go). A test checks that every media type model gives has an entry.
var fileFormats = map[string]struct{ name, euCode string }{
	"application/vnd.apache.parquet": {"Parquet", "PARQUET"},
	"application/json":               {"JSON", "JSON"},
	"text/csv":                       {"CSV", "CSV"},
	"text/plain":                     {"Text", "TXT"},
	"application/octet-stream":       {"", "BIN"},
}

// formatName is a human-readable format for a media type, the media type itself
// when it has no name.
func formatName(mt string) string {
	if f, ok := fileFormats[mt]; ok && f.name != "" {
		return f.name
	}
	return mt
}

// modified is the date a dataset last changed: update.last_modified or the newest
// changelog date, whichever is later.
func modified(ds *model.Dataset) string {
	m := string(ds.Update.LastModified)
	for _, e := range ds.Changelog {
		if string(e.Date) > m {
			m = string(e.Date)
		}
	}
	return m
}

// issued is the issued date, or the oldest changelog date.
func issued(ds *model.Dataset) string {
	if ds.Issued != "" {
		return string(ds.Issued)
	}
	s := ""
	for _, e := range ds.Changelog {
		if s == "" || string(e.Date) < s {
			s = string(e.Date)
		}
	}
	return s
}

// license returns the dataset's SPDX licence id: its own, or the portal default for
// unconditional data.
func (g *gen) license(ds *model.Dataset) string {
	if ds.License != "" {
		return ds.License
	}
	if ds.OpenType == model.OpenUnconditional {
		return g.cat.Portal.V.License
	}
	return ""
}

// licenceIRI is the IRI of a licence in catalog.jsonld: a custom licence's url,
// else LicenceIRI.
func (g *gen) licenceIRI(id string) string {
	if c := license.Custom(id, g.cat.Portal.V.Licenses); c != nil {
		return c.URL
	}
	return LicenceIRI(id)
}

func spdxURL(id string) string { return "https://spdx.org/licenses/" + url.PathEscape(id) + ".html" }

func (g *gen) langs() []string {
	l := g.cat.Portal.V.Languages
	if len(l) == 0 {
		return []string{"zh"}
	}
	return l
}

// writeJSON writes head as an indented JSON object whose last member is key: an array
// of n items, each built only when it is written, so a large catalog is never held in
// memory whole. JSON is written without HTML escaping, so Chinese text and URLs stay
// readable; the files are served as JSON, never inlined into HTML.
func writeJSON(w *bufio.Writer, head map[string]any, key string, n int, item func(i int) any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(head); err != nil {
		return err
	}
	h := bytes.TrimSuffix(bytes.TrimSuffix(buf.Bytes(), []byte("}\n")), []byte("\n"))
	w.Write(h)
	if len(head) > 0 {
		w.WriteString(",")
	}
	k, _ := json.Marshal(key)
	w.WriteString("\n  ")
	w.Write(k)
	w.WriteString(": [")
	enc.SetIndent("    ", "  ")
	for i := 0; i < n; i++ {
		buf.Reset()
		if err := enc.Encode(item(i)); err != nil {
			return err
		}
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n    ")
		w.Write(bytes.TrimRight(buf.Bytes(), "\n"))
	}
	if n > 0 {
		w.WriteString("\n  ")
	}
	_, err := w.WriteString("]\n}\n")
	return err
}
