package harvest

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/dlclark/regexp2"
	"github.com/piprate/json-gold/ld"
	"github.com/santhosh-tekuri/jsonschema/v6"

	realdata "github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// fixture is the synthetic catalog of these tests; the real-world files come from
// the repository's testdata/corpus through package realdata (internal/fixture).
const fixture = "testdata/catalog.txtar"

var input = Input{
	Pages: []string{"", "datasets/", "datasets/metro-ridership/", "en/", "en/datasets/", "en/datasets/metro-ridership/", "stats/index.html"},
	Downloads: map[string][]model.Download{
		"metro-ridership": {
			{Path: "data/metro-ridership/1.1.0/metro-ridership.parquet", Size: 12345, SHA256: strings.Repeat("ab", 32)},
			{Path: "data/metro-ridership/1.1.0/datapackage.json", Size: 999, SHA256: strings.Repeat("cd", 32)},
		},
		// A non-open dataset must never get a download, even if one were passed in.
		"clinic-visits": {{Path: "data/clinic-visits/1.0.0/clinic-visits.parquet", Size: 1, SHA256: strings.Repeat("ef", 32)}},
	},
}

func build(t *testing.T) string {
	t.Helper()
	cat := testcat.Load(t, fixture)
	dir := t.TempDir()
	if err := Write(context.Background(), dir, cat, input); err != nil {
		t.Fatal(err)
	}
	return dir
}

func read(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// podCompiler compiles the official POD v1.1 schemas with an ECMAScript regexp engine,
// each registered under its own id so that no $ref goes to the network.
func podCompiler(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := realdata.Corpus(t, "pod-v1.1/schema")
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(func(s string) (jsonschema.Regexp, error) {
		re, err := regexp2.Compile(s, regexp2.ECMAScript)
		if err != nil {
			return nil, err
		}
		return ecmaRegexp{re}, nil
	})
	for _, name := range []string{"catalog.json", "dataset.json", "distribution.json", "organization.json", "vcard.json"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(doc.(map[string]any)["id"].(string), "#")
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("https://project-open-data.cio.gov/v1.1/schema/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

type ecmaRegexp struct{ re *regexp2.Regexp }

func (r ecmaRegexp) String() string { return r.re.String() }

func (r ecmaRegexp) MatchString(s string) bool {
	ok, err := r.re.MatchString(s)
	return err == nil && ok
}

func validatePOD(t *testing.T, s *jsonschema.Schema, b []byte) error {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(doc)
}

func TestDataJSONValidates(t *testing.T) {
	s := podCompiler(t)
	dir := build(t)
	b := read(t, dir, "data.json")
	if err := validatePOD(t, s, b); err != nil {
		t.Fatalf("data.json does not validate against POD v1.1:\n%v\n%s", err, b)
	}
	var cat struct {
		Dataset []struct {
			Identifier, AccessLevel, Rights, AccrualPeriodicity, License string
			BureauCode, ProgramCode                                      []string
			Distribution                                                 []struct {
				DownloadURL, AccessURL, MediaType string
			}
		}
	}
	if err := json.Unmarshal(b, &cat); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, d := range cat.Dataset {
		id := strings.TrimSuffix(strings.TrimPrefix(d.Identifier, "https://data.example.gov.cn/datasets/"), "/")
		got[id] = d.AccessLevel
		if d.BureauCode[0] != NoBureauCode || d.ProgramCode[0] != NoProgramCode {
			t.Errorf("%s: codes %v %v", id, d.BureauCode, d.ProgramCode)
		}
		switch d.AccessLevel {
		case "non-public":
			if d.Rights == "" || len(d.Distribution) != 0 {
				t.Errorf("%s: non-public needs rights and no distribution: %+v", id, d)
			}
		case "restricted public":
			if d.Rights == "" || len(d.Distribution) == 0 || d.Distribution[0].AccessURL == "" {
				t.Errorf("%s: restricted public needs rights and an access distribution: %+v", id, d)
			}
		}
	}
	want := map[string]string{"metro-ridership": "public", "taxi-trips": "restricted public", "clinic-visits": "non-public", "hospital-beds": "public",
		"https://data.example.gov.cn/elements": "public"} // the data-source catalog, elements.json and .csv
	if len(got) != len(want) {
		t.Errorf("datasets %v, want %v (drafts left out)", got, want)
	}
	for id, lvl := range want {
		if got[id] != lvl {
			t.Errorf("%s: accessLevel %q, want %q", id, got[id], lvl)
		}
	}
	if !bytes.Contains(b, []byte(`"downloadURL": "https://data.example.gov.cn/data/metro-ridership/1.1.0/metro-ridership.parquet"`)) ||
		!bytes.Contains(b, []byte(`"mediaType": "application/vnd.apache.parquet"`)) {
		t.Errorf("download distribution missing")
	}
	if bytes.Contains(b, []byte("clinic-visits.parquet")) {
		t.Errorf("a non-open dataset's file is listed")
	}
}

// TestPODSchemaOnCorpus checks the validator itself on real catalogs: the official
// examples and four agency catalogs validate, the FCC one does not.
func TestPODSchemaOnCorpus(t *testing.T) {
	s := podCompiler(t)
	dir := realdata.Corpus(t, "pod-v1.1")
	for _, name := range []string{
		"examples/catalog-sample.json", "examples/catalog-sample-extended.json",
		"real-catalogs/consumerfinance.gov.data.json", "real-catalogs/open.fda.gov.data.json",
		"real-catalogs/open.gsa.gov.data.trimmed200.json", "real-catalogs/opm.gov.data.json",
	} {
		if err := validatePOD(t, s, read(t, dir, name)); err != nil {
			t.Errorf("%s should validate: %.500v", name, err)
		}
	}
	if err := validatePOD(t, s, read(t, dir, "real-catalogs/opendata.fcc.gov.data.json")); err == nil {
		t.Errorf("the FCC catalog should fail the POD schema")
	}
}

// mandatory reads the DCAT-AP 3 SHACL shapes and returns, per class IRI, the property
// IRIs with sh:minCount ≥ 1.
func mandatory(t *testing.T) map[string][]string {
	t.Helper()
	b := read(t, realdata.Corpus(t, "dcat-ap/3.0.1/shacl"), "dcat-ap-SHACL.ttl")
	// Shape names use prefixes the file does not declare.
	prefixes := map[string]string{
		"adms": "http://www.w3.org/ns/adms#", "spdx": "http://spdx.org/rdf/terms#",
		"locn": "http://www.w3.org/ns/locn#", "odrl": "http://www.w3.org/ns/odrl/2/",
		"eli": "http://data.europa.eu/eli/ontology#",
	}
	for _, m := range regexp.MustCompile(`(?m)^@prefix (\w*): <([^>]+)> \.`).FindAllStringSubmatch(string(b), -1) {
		prefixes[m[1]] = m[2]
	}
	expand := func(s string) string {
		if strings.HasPrefix(s, "<") {
			return strings.Trim(s, "<>")
		}
		if p, local, ok := strings.Cut(s, ":"); ok {
			if ns, ok := prefixes[p]; ok {
				return ns + local
			}
		}
		return ""
	}
	shapeRe := regexp.MustCompile(`^<https://semiceu\.github\.io/DCAT-AP/releases/3\.0\.1#(\w+:\w+)Shape/\w+>`)
	pathRe := regexp.MustCompile(`shacl:path (\S+) [.;]`)
	minRe := regexp.MustCompile(`shacl:minCount (\d+)`)
	out := map[string][]string{}
	for _, block := range strings.Split(string(b), "\n\n") {
		m := shapeRe.FindStringSubmatch(block)
		if m == nil {
			continue
		}
		mc := minRe.FindStringSubmatch(block)
		pm := pathRe.FindStringSubmatch(block)
		if mc == nil || mc[1] == "0" || pm == nil {
			continue
		}
		class, prop := expand(m[1]), expand(pm[1])
		if class == "" || prop == "" {
			t.Fatalf("cannot expand %s / %s", m[1], pm[1])
		}
		if !contains(out[class], prop) {
			out[class] = append(out[class], prop)
		}
	}
	return out
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

const (
	dcatNS = "http://www.w3.org/ns/dcat#"
	dctNS  = "http://purl.org/dc/terms/"
	foafNS = "http://xmlns.com/foaf/0.1/"
)

func TestCatalogJSONLD(t *testing.T) {
	shapes := mandatory(t)
	// The shapes must name the properties we know are mandatory; otherwise the parse
	// above is broken and the check below would pass vacuously.
	for class, props := range map[string][]string{
		dcatNS + "Catalog":      {dctNS + "title", dctNS + "description", dctNS + "publisher"},
		dcatNS + "Dataset":      {dctNS + "title", dctNS + "description"},
		dcatNS + "Distribution": {dcatNS + "accessURL"},
		foafNS + "Agent":        {foafNS + "name"},
	} {
		for _, p := range props {
			if !contains(shapes[class], p) {
				t.Fatalf("SHACL parse: %s not mandatory for %s (got %v)", p, class, shapes[class])
			}
		}
	}

	dir := build(t)
	var doc any
	if err := json.Unmarshal(read(t, dir, "catalog.jsonld"), &doc); err != nil {
		t.Fatal(err)
	}
	proc := ld.NewJsonLdProcessor()
	opts := ld.NewJsonLdOptions("")
	flat, err := proc.Flatten(doc, nil, opts)
	if err != nil {
		t.Fatalf("catalog.jsonld is not valid JSON-LD: %v", err)
	}
	nodes := flat.([]any)
	count := map[string]int{}
	for _, n := range nodes {
		node := n.(map[string]any)
		types, _ := node["@type"].([]any)
		for _, ty := range types {
			class := ty.(string)
			count[class]++
			for _, p := range shapes[class] {
				if v, ok := node[p].([]any); !ok || len(v) == 0 {
					t.Errorf("%s %v lacks mandatory %s", class, node["@id"], p)
				}
			}
		}
	}
	// 4 datasets and the data-source catalog, whose distributions are elements.json and .csv
	if count[dcatNS+"Catalog"] != 1 || count[dcatNS+"Dataset"] != 5 || count[dcatNS+"Distribution"] != 5 {
		t.Errorf("node counts %v: want 1 catalog, 5 datasets, 5 distributions", count)
	}
	if count["http://spdx.org/rdf/terms#Checksum"] != 2 {
		t.Errorf("checksums: %d, want 2", count["http://spdx.org/rdf/terms#Checksum"])
	}

	// Properties the brief asks for, on the metro dataset.
	var metro map[string]any
	for _, n := range nodes {
		if n.(map[string]any)["@id"] == "https://data.example.gov.cn/datasets/metro-ridership/" {
			metro = n.(map[string]any)
		}
	}
	if metro == nil {
		t.Fatal("metro-ridership dataset node missing")
	}
	for _, p := range []string{dctNS + "identifier", dctNS + "publisher", dcatNS + "theme", dcatNS + "keyword", dctNS + "accessRights",
		dctNS + "license", dctNS + "issued", dctNS + "modified", dctNS + "accrualPeriodicity", dcatNS + "distribution"} {
		if _, ok := metro[p]; !ok {
			t.Errorf("metro-ridership lacks %s", p)
		}
	}
	langs := map[string]bool{}
	for _, v := range metro[dctNS+"title"].([]any) {
		langs[v.(map[string]any)["@language"].(string)] = true
	}
	if !langs["zh"] || !langs["en"] {
		t.Errorf("title languages %v, want zh and en", langs)
	}
	if got := metro[dctNS+"accrualPeriodicity"].([]any)[0].(map[string]any)["@id"]; got != "http://publications.europa.eu/resource/authority/frequency/MONTHLY" {
		t.Errorf("frequency %v", got)
	}
	// EU vocabularies: the licence, the distributions' file types, and the division as
	// a named, boxed location.
	if got := metro[dctNS+"license"].([]any)[0].(map[string]any)["@id"]; got != euLicence+"CC_BY_4_0" {
		t.Errorf("licence %v, want the EU licence authority's CC BY 4.0", got)
	}
	byID := map[string]map[string]any{}
	for _, n := range nodes {
		byID[n.(map[string]any)["@id"].(string)] = n.(map[string]any)
	}
	formats := map[string]bool{}
	for _, d := range metro[dcatNS+"distribution"].([]any) {
		dist := byID[d.(map[string]any)["@id"].(string)]
		for _, f := range dist[dctNS+"format"].([]any) {
			formats[f.(map[string]any)["@id"].(string)] = true
		}
	}
	if !formats[euFileType+"PARQUET"] || !formats[euFileType+"JSON"] || len(formats) != 2 {
		t.Errorf("formats %v, want the EU file types PARQUET and JSON", formats)
	}
	loc := byID[metro[dctNS+"spatial"].([]any)[0].(map[string]any)["@id"].(string)]
	names := map[string]string{}
	for _, v := range loc["http://www.w3.org/ns/locn#geographicName"].([]any) {
		names[v.(map[string]any)["@language"].(string)] = v.(map[string]any)["@value"].(string)
	}
	bbox, _ := loc[dcatNS+"bbox"].([]any)
	if names["zh"] != "上海市" || names["en"] != "Shanghai" || len(bbox) != 1 ||
		bbox[0].(map[string]any)["@value"] != "POLYGON((120.85 30.67, 122.02 30.67, 122.02 31.88, 120.85 31.88, 120.85 30.67))" {
		t.Errorf("spatial location %v", loc)
	}
	// Descriptions are plain text: the hostile description's link and markup are gone.
	for _, n := range nodes {
		for _, v := range anyList(n.(map[string]any)[dctNS+"description"]) {
			if d := v.(map[string]any)["@value"].(string); strings.Contains(d, "](") || strings.Contains(d, "<script") || strings.Contains(d, "javascript:") {
				t.Errorf("%v: description is not plain text: %q", n.(map[string]any)["@id"], d)
			}
		}
	}
	ar := map[string]string{}
	for _, n := range nodes {
		node := n.(map[string]any)
		if v, ok := node[dctNS+"accessRights"].([]any); ok {
			ar[node["@id"].(string)] = v[0].(map[string]any)["@id"].(string)
		}
	}
	if ar["https://data.example.gov.cn/datasets/clinic-visits/"] != euAccessRight+"NON_PUBLIC" ||
		ar["https://data.example.gov.cn/datasets/taxi-trips/"] != euAccessRight+"RESTRICTED" {
		t.Errorf("access rights %v", ar)
	}
}

func TestSitemapAndRobots(t *testing.T) {
	dir := build(t)
	var sm struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
			Links   []struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"url"`
	}
	b := read(t, dir, "sitemap.xml")
	if err := xml.Unmarshal(b, &sm); err != nil {
		t.Fatal(err)
	}
	var locs []string
	// metro-ridership's update.last_modified; every page without a dataset of its own
	// is dated by the newest dataset, taxi-trips.
	wantMod := map[string]string{
		"https://data.example.gov.cn/datasets/metro-ridership/":    "2026-10-15",
		"https://data.example.gov.cn/en/datasets/metro-ridership/": "2026-10-15",
	}
	for _, u := range sm.URLs {
		locs = append(locs, u.Loc)
		want, ok := wantMod[u.Loc]
		if !ok {
			want = "2026-10-30"
		}
		if u.LastMod != want {
			t.Errorf("%s: lastmod %q, want %q", u.Loc, u.LastMod, want)
		}
		if u.Loc == "https://data.example.gov.cn/en/datasets/metro-ridership/" {
			got := map[string]string{}
			for _, l := range u.Links {
				got[l.Hreflang] = l.Href
			}
			if got["zh-CN"] != "https://data.example.gov.cn/datasets/metro-ridership/" || got["en"] != u.Loc || got["x-default"] != got["zh-CN"] {
				t.Errorf("alternates %v", got)
			}
		}
		if u.Loc == "https://data.example.gov.cn/stats/" && len(u.Links) != 0 {
			t.Errorf("a page with one language has alternates")
		}
	}
	if !sort.StringsAreSorted(locs) || len(locs) != 7 {
		t.Errorf("locs %v", locs)
	}
	if got := string(read(t, dir, "robots.txt")); !strings.Contains(got, "\nSitemap: https://data.example.gov.cn/sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", got)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := build(t), build(t)
	for _, name := range []string{"catalog.jsonld", "data.json", "sitemap.xml", "robots.txt"} {
		if !bytes.Equal(read(t, a, name), read(t, b, name)) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestDefaultCatalog validates the harvest files of the repository's default catalog.
func TestDefaultCatalog(t *testing.T) {
	cat, err := load.Load("../../catalog")
	if err != nil || cat.Portal == nil {
		t.Fatalf("default catalog: %v", err)
	}
	dir := t.TempDir()
	if err := Write(context.Background(), dir, cat, Input{Pages: []string{"", "en/"}}); err != nil {
		t.Fatal(err)
	}
	if err := validatePOD(t, podCompiler(t), read(t, dir, "data.json")); err != nil {
		t.Errorf("default catalog data.json: %v", err)
	}
	shapes := mandatory(t)
	var doc any
	if err := json.Unmarshal(read(t, dir, "catalog.jsonld"), &doc); err != nil {
		t.Fatal(err)
	}
	flat, err := ld.NewJsonLdProcessor().Flatten(doc, nil, ld.NewJsonLdOptions(""))
	if err != nil {
		t.Fatal(err)
	}
	datasets := 0
	for _, n := range flat.([]any) {
		node := n.(map[string]any)
		types, _ := node["@type"].([]any)
		for _, ty := range types {
			if ty == dcatNS+"Dataset" {
				datasets++
			}
			for _, p := range shapes[ty.(string)] {
				if v, ok := node[p].([]any); !ok || len(v) == 0 {
					t.Errorf("%s %v lacks mandatory %s", ty, node["@id"], p)
				}
			}
		}
	}
	if datasets == 0 {
		t.Error("no dataset in the default catalog's catalog.jsonld")
	}
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}

// TestCustomLicence: a custom licence declared in portal.yaml is named by its own
// address in catalog.jsonld and data.json, never by a made-up spdx.org page.
func TestCustomLicence(t *testing.T) {
	cat := testcat.Load(t, fixture)
	const id, u = "LicenseRef-Shanghai-Open-Data-1.0", "https://data.example.gov.cn/licence/1.0/"
	cat.Portal.V.Licenses = []model.CustomLicense{{ID: id, Name: model.Text{Zh: "上海公共数据开放许可", En: "Shanghai Open Data Licence"}, URL: u}}
	cat.Dataset("metro-ridership").V.License = id
	dir := t.TempDir()
	if err := Write(context.Background(), dir, cat, input); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"catalog.jsonld", "data.json"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), u) || strings.Contains(string(b), "spdx.org/licenses/LicenseRef") {
			t.Errorf("%s does not name the custom licence by its address", f)
		}
	}
}

// TestEveryMediaTypeHasAFormat: every media type model.MediaType gives a published
// file has a data.json format name (but the generic octet-stream) and an EU
// file-type code, so a format added to model is not published without one.
func TestEveryMediaTypeHasAFormat(t *testing.T) {
	for _, name := range []string{"a.parquet", "datapackage.json", "a.csv", "SHA256SUMS", "SHA256SUMS.minisig", "minisign.pub", "a.txt", "a.bin"} {
		mt := model.MediaType(name)
		if ft, ok := FileType(mt); !ok || !strings.HasPrefix(ft, euFileType) {
			t.Errorf("%s (%s): no EU file type", name, mt)
		}
		if mt != "application/octet-stream" && formatName(mt) == mt {
			t.Errorf("%s (%s): no format name", name, mt)
		}
	}
}
