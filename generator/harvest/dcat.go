package harvest

import (
	"bufio"
	"strconv"
	"strings"
	"unicode"

	"github.com/shuyuan-project/shuyuan/generator/markdown"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/place"
)

// EU vocabularies used by DCAT-AP 3 (the Publications Office's authority tables).
const (
	euAccessRight = "http://publications.europa.eu/resource/authority/access-right/"
	euFrequency   = "http://publications.europa.eu/resource/authority/frequency/"
	euLanguage    = "http://publications.europa.eu/resource/authority/language/"
	euFileType    = "http://publications.europa.eu/resource/authority/file-type/"
	euLicence     = "http://publications.europa.eu/resource/authority/licence/"
	ianaMedia     = "http://www.iana.org/assignments/media-types/"
	spdxSHA256    = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
)

// euLicences maps SPDX licence ids to the EU licence authority, where it has the
// licence; other licences are linked by their SPDX page.
var euLicences = map[string]string{
	"CC-BY-4.0":         "CC_BY_4_0",
	"CC-BY-SA-4.0":      "CC_BYSA_4_0",
	"CC-BY-ND-4.0":      "CC_BYND_4_0",
	"CC-BY-NC-4.0":      "CC_BYNC_4_0",
	"CC-BY-NC-SA-4.0":   "CC_BYNCSA_4_0",
	"CC-BY-NC-ND-4.0":   "CC_BYNCND_4_0",
	"CC0-1.0":           "CC0",
	"CC-PDDC":           "CC_PDM_1_0",
	"ODC-By-1.0":        "ODC_BY",
	"ODbL-1.0":          "ODC_BL",
	"PDDL-1.0":          "ODC_PDDL",
	"OGL-UK-3.0":        "OGL_3_0",
	"GFDL-1.3-only":     "GNU_FDL_1_3",
	"GFDL-1.3-or-later": "GNU_FDL_1_3",
}

// LicenceIRI is the IRI of an SPDX licence id in DCAT: the EU licence authority's
// when it has the licence, else the SPDX licence page.
func LicenceIRI(spdx string) string {
	if code, ok := euLicences[spdx]; ok {
		return euLicence + code
	}
	return spdxURL(spdx)
}

// FileType maps a media type to the EU file-type authority, false when it has no entry
// for it.
func FileType(mediaType string) (string, bool) {
	f, ok := fileFormats[mediaType]
	if !ok {
		return "", false
	}
	return euFileType + f.euCode, true
}

// dcatContext is the inline JSON-LD context: prefixes only, so every property is
// written as a compact IRI and the file expands without fetching anything.
var dcatContext = map[string]any{
	"dcat":    "http://www.w3.org/ns/dcat#",
	"dct":     "http://purl.org/dc/terms/",
	"foaf":    "http://xmlns.com/foaf/0.1/",
	"rdfs":    "http://www.w3.org/2000/01/rdf-schema#",
	"skos":    "http://www.w3.org/2004/02/skos/core#",
	"spdx":    "http://spdx.org/rdf/terms#",
	"vcard":   "http://www.w3.org/2006/vcard/ns#",
	"xsd":     "http://www.w3.org/2001/XMLSchema#",
	"dcatap":  "http://data.europa.eu/r5r/",
	"adms":    "http://www.w3.org/ns/adms#",
	"owl":     "http://www.w3.org/2002/07/owl#",
	"locn":    "http://www.w3.org/ns/locn#",
	"schema":  "http://schema.org/",
	"dcterms": "http://purl.org/dc/terms/",
	"gsp":     "http://www.opengis.net/ont/geosparql#",
}

// AccessRights maps an open type to its EU access-right authority URI.
func AccessRights(openType string) string {
	switch openType {
	case model.OpenUnconditional:
		return euAccessRight + "PUBLIC"
	case model.OpenConditional:
		return euAccessRight + "RESTRICTED"
	}
	return euAccessRight + "NON_PUBLIC"
}

// Frequency maps an update frequency to its EU frequency authority URI.
func Frequency(f string) string {
	code := map[string]string{
		model.FreqRealtime:  "UPDATE_CONT",
		model.FreqHourly:    "HOURLY",
		model.FreqDaily:     "DAILY",
		model.FreqWeekly:    "WEEKLY",
		model.FreqMonthly:   "MONTHLY",
		model.FreqQuarterly: "QUARTERLY",
		model.FreqYearly:    "ANNUAL",
		model.FreqIrregular: "IRREG",
	}[f]
	if code == "" {
		code = "UNKNOWN"
	}
	return euFrequency + code
}

// The JSON-LD nodes below are structs whose fields are in the order of their names, as
// encoding/json sorts a map's keys (catalog.jsonld used to be built from maps), and
// omitempty exactly where a key is left out; TestStructsMatchMaps holds them to that.

// ldText is a literal, language-tagged when Language is set.
type ldText struct {
	Language string `json:"@language,omitempty"`
	Value    string `json:"@value"`
}

// ldRef is a reference to a node by IRI.
type ldRef struct {
	ID string `json:"@id"`
}

// ldTypedRef is a reference to a node by IRI that also states the node's class, as
// the DCAT-AP range shapes require of every object of a property with a class range
// (an access right is a dct:RightsStatement, a frequency a dct:Frequency, …): a
// harvester that does not dereference the IRI still knows what it names.
type ldTypedRef struct {
	ID   string `json:"@id"`
	Type string `json:"@type"`
}

// ldTyped is a typed literal.
type ldTyped struct {
	Type  string `json:"@type"`
	Value string `json:"@value"`
}

type ldAgent struct {
	ID       string   `json:"@id"`
	Type     string   `json:"@type"`
	Homepage *ldRef   `json:"foaf:homepage,omitempty"`
	Mbox     *ldRef   `json:"foaf:mbox,omitempty"`
	Name     []ldText `json:"foaf:name"`
}

type ldConcept struct {
	ID        string   `json:"@id"`
	Type      string   `json:"@type"`
	InScheme  ldRef    `json:"skos:inScheme"`
	PrefLabel []ldText `json:"skos:prefLabel"`
}

type ldContact struct {
	Type     []string `json:"@type"`
	FN       string   `json:"vcard:fn"`
	HasEmail ldRef    `json:"vcard:hasEmail"`
}

type ldRights struct {
	Type  string   `json:"@type"`
	Label []ldText `json:"rdfs:label"`
}

type ldPeriod struct {
	Type      string   `json:"@type"`
	EndDate   *ldTyped `json:"dcat:endDate,omitempty"`
	StartDate *ldTyped `json:"dcat:startDate,omitempty"`
}

// ldLocation is a GB/T 2260 division: its names, code and, when known, bounding box.
type ldLocation struct {
	Type      string   `json:"@type"`
	BBox      *ldTyped `json:"dcat:bbox,omitempty"`
	Name      []ldText `json:"locn:geographicName"`
	PrefLabel []ldText `json:"skos:prefLabel"`
	Notation  string   `json:"skos:notation"`
}

// ldDistribution is a dataset's access distribution (AccessURL, Title and
// Description) or one of its files.
type ldDistribution struct {
	ID          string      `json:"@id"`
	Type        string      `json:"@type"`
	AccessURL   ldRef       `json:"dcat:accessURL"`
	ByteSize    *ldTyped    `json:"dcat:byteSize,omitempty"`
	DownloadURL *ldRef      `json:"dcat:downloadURL,omitempty"`
	MediaType   *ldTypedRef `json:"dcat:mediaType,omitempty"`
	Description []ldText    `json:"dct:description,omitempty"`
	Format      *ldTypedRef `json:"dct:format,omitempty"`
	License     *ldTypedRef `json:"dct:license,omitempty"`
	Title       any         `json:"dct:title"` // []ldText, or a file name
	Checksum    *ldChecksum `json:"spdx:checksum,omitempty"`
}

type ldChecksum struct {
	Type      string     `json:"@type"`
	Algorithm ldTypedRef `json:"spdx:algorithm"`
	Value     ldTyped    `json:"spdx:checksumValue"`
}

type ldDataset struct {
	ID                 string           `json:"@id"`
	Type               string           `json:"@type"`
	ContactPoint       *ldContact       `json:"dcat:contactPoint,omitempty"`
	Distribution       []ldDistribution `json:"dcat:distribution,omitempty"`
	Keyword            []ldText         `json:"dcat:keyword,omitempty"`
	LandingPage        ldTypedRef       `json:"dcat:landingPage"`
	Theme              []ldConcept      `json:"dcat:theme,omitempty"`
	Version            string           `json:"dcat:version"`
	AccessRights       ldTypedRef       `json:"dct:accessRights"`
	AccrualPeriodicity ldTypedRef       `json:"dct:accrualPeriodicity"`
	Description        []ldText         `json:"dct:description"`
	Identifier         string           `json:"dct:identifier"`
	Issued             *ldTyped         `json:"dct:issued,omitempty"`
	License            *ldTypedRef      `json:"dct:license,omitempty"`
	Modified           ldTyped          `json:"dct:modified"`
	Publisher          *ldAgent         `json:"dct:publisher"`
	Rights             *ldRights        `json:"dct:rights,omitempty"`
	Spatial            *ldLocation      `json:"dct:spatial,omitempty"`
	Temporal           *ldPeriod        `json:"dct:temporal,omitempty"`
	Title              []ldText         `json:"dct:title"`
}

// plainText is a localized Markdown text rendered to plain text in both languages.
func plainText(t model.Text) model.Text {
	return model.Text{Zh: markdown.PlainText(t.Zh), En: markdown.PlainText(t.En)}
}

// langText is a localized text as language-tagged literals (Chinese always, English
// when written).
func langText(t model.Text) []ldText {
	if t.En != "" {
		return []ldText{{Value: t.Zh, Language: "zh"}, {Value: t.En, Language: "en"}}
	}
	return []ldText{{Value: t.Zh, Language: "zh"}}
}

func typed(v, typ string) map[string]any { return map[string]any{"@value": v, "@type": typ} }

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// agent describes a department as a foaf:Agent.
func (g *gen) agent(id string) *ldAgent {
	a := &ldAgent{ID: g.base + "departments/" + id + "/", Type: "foaf:Agent"}
	if d := g.cat.Department(id); d != nil {
		a.Name = langText(d.V.Name)
		if d.V.Homepage != "" {
			a.Homepage = &ldRef{d.V.Homepage}
		}
		if d.V.Contact != "" {
			a.Mbox = &ldRef{"mailto:" + d.V.Contact}
		}
	} else {
		a.Name = []ldText{{Value: id}}
	}
	return a
}

func (g *gen) theme(id string) ldConcept {
	c := ldConcept{ID: g.base + "themes/" + id + "/", Type: "skos:Concept", InScheme: ldRef{g.base + "themes/"}}
	for _, t := range g.cat.Portal.V.Themes {
		if t.ID == id {
			c.PrefLabel = langText(t.Name)
		}
	}
	if c.PrefLabel == nil {
		c.PrefLabel = []ldText{{Value: id}}
	}
	return c
}

// dcat renders catalog.jsonld.
func (g *gen) dcat(w *bufio.Writer) error {
	p := g.cat.Portal.V
	desc := model.Text{Zh: p.Title.Zh, En: p.Title.En}
	if p.Description != nil && !p.Description.IsZero() {
		desc = *p.Description
	}
	var langs []any
	for _, l := range g.langs() {
		code := map[string]string{"zh": "ZHO", "en": "ENG"}[l]
		if code != "" {
			langs = append(langs, ldTypedRef{euLanguage + code, "dct:LinguisticSystem"})
		}
	}
	cat := map[string]any{
		"@context":        dcatContext,
		"@id":             g.base + "catalog.jsonld",
		"@type":           "dcat:Catalog",
		"dct:title":       langText(p.Title),
		"dct:description": langText(plainText(desc)),
		"dct:publisher":   g.agent(p.Publisher),
		"foaf:homepage":   ldTypedRef{g.base, "foaf:Document"},
		"dct:language":    langs,
		"dcat:themeTaxonomy": map[string]any{
			"@id": g.base + "themes/", "@type": "skos:ConceptScheme",
			"dct:title": langText(model.Text{Zh: p.Title.Zh + "主题", En: strings.TrimSpace(p.Title.En + " themes")}),
		},
	}
	if p.License != "" {
		cat["dct:license"] = ldTypedRef{g.licenceIRI(p.License), "dct:LicenseDocument"}
	}
	var newest string
	for _, d := range g.datasets {
		if m := modified(d.V); m > newest {
			newest = m
		}
	}
	if newest != "" {
		cat["dct:modified"] = typed(newest, "xsd:date")
	}
	// the datasets, then the data-source catalog whose distributions are elements.json and .csv
	return writeJSON(w, cat, "dcat:dataset", len(g.datasets)+1, func(i int) any {
		if i == len(g.datasets) {
			return g.sourceCatalogLD()
		}
		return g.dataset(g.datasets[i].V)
	})
}

func (g *gen) dataset(ds *model.Dataset) *ldDataset {
	page := g.base + "datasets/" + ds.ID + "/"
	out := &ldDataset{
		ID:                 page,
		Type:               "dcat:Dataset",
		Identifier:         ds.ID,
		Title:              langText(ds.Title),
		Description:        langText(plainText(ds.Description)),
		Publisher:          g.agent(ds.Department),
		LandingPage:        ldTypedRef{page, "foaf:Document"},
		AccessRights:       ldTypedRef{AccessRights(ds.OpenType), "dct:RightsStatement"},
		AccrualPeriodicity: ldTypedRef{Frequency(ds.Update.Frequency), "dct:Frequency"},
		Version:            ds.Version,
		Modified:           ldTyped{Value: modified(ds), Type: "xsd:date"},
	}
	if is := issued(ds); is != "" {
		out.Issued = &ldTyped{Value: is, Type: "xsd:date"}
	}
	if d := g.cat.Department(ds.Department); d != nil && d.V.Contact != "" {
		out.ContactPoint = &ldContact{Type: []string{"vcard:Kind", "vcard:Organization"}, FN: d.V.Name.In("zh"), HasEmail: ldRef{"mailto:" + d.V.Contact}}
	}
	if len(ds.Themes) > 0 {
		out.Theme = make([]ldConcept, len(ds.Themes))
		for i, t := range ds.Themes {
			out.Theme[i] = g.theme(t)
		}
	}
	if len(ds.Keywords) > 0 {
		for _, k := range ds.Keywords {
			kw := ldText{Value: k.Zh}
			if hasHan(k.Zh) {
				kw.Language = "zh"
			}
			out.Keyword = append(out.Keyword, kw)
			if k.En != "" {
				out.Keyword = append(out.Keyword, ldText{Value: k.En, Language: "en"})
			}
		}
	}
	var license *ldTypedRef
	if lic := g.license(ds); lic != "" {
		license = &ldTypedRef{g.licenceIRI(lic), "dct:LicenseDocument"}
		out.License = license
	}
	if ds.Rights != nil && !ds.Rights.IsZero() {
		out.Rights = &ldRights{Type: "dct:RightsStatement", Label: langText(plainText(*ds.Rights))}
	}
	if ds.Temporal != nil && (ds.Temporal.Start != "" || ds.Temporal.End != "") {
		t := &ldPeriod{Type: "dct:PeriodOfTime"}
		if ds.Temporal.Start != "" {
			t.StartDate = &ldTyped{Value: string(ds.Temporal.Start), Type: "xsd:date"}
		}
		if ds.Temporal.End != "" {
			t.EndDate = &ldTyped{Value: string(ds.Temporal.End), Type: "xsd:date"}
		}
		out.Temporal = t
	}
	if ds.Spatial != "" {
		out.Spatial = location(ds.Spatial)
	}
	// Non-open data has no distribution: it is excluded from every access list.
	if ds.OpenType == model.OpenNonOpen {
		return out
	}
	if ds.OpenType == model.OpenConditional {
		out.Distribution = append(out.Distribution, ldDistribution{
			ID:          page + "#apply",
			Type:        "dcat:Distribution",
			AccessURL:   ldRef{page},
			Title:       langText(model.Text{Zh: "申请使用", En: "Apply for access"}),
			Description: langText(model.Text{Zh: "有条件开放数据：按数据集页面的申请指南提交申请，审核通过后获取。", En: "Conditionally open data: apply as the dataset page's application guide says; access follows approval."}),
		})
	}
	for _, f := range g.downloads(ds.ID) {
		dist := ldDistribution{
			ID:          f.URL,
			Type:        "dcat:Distribution",
			AccessURL:   ldRef{page},
			DownloadURL: &ldRef{f.URL},
			MediaType:   &ldTypedRef{ianaMedia + f.MediaType, "dct:MediaType"},
			Title:       f.URL[strings.LastIndex(f.URL, "/")+1:],
			License:     license,
		}
		if f.Size > 0 {
			dist.ByteSize = &ldTyped{Value: strconv.FormatInt(f.Size, 10), Type: "xsd:nonNegativeInteger"}
		}
		if ft, ok := FileType(f.MediaType); ok {
			dist.Format = &ldTypedRef{ft, "dct:MediaTypeOrExtent"}
		}
		if f.SHA256 != "" {
			dist.Checksum = &ldChecksum{
				Type:      "spdx:Checksum",
				Algorithm: ldTypedRef{spdxSHA256, "spdx:ChecksumAlgorithm"},
				Value:     ldTyped{Value: strings.ToLower(f.SHA256), Type: "xsd:hexBinary"},
			}
		}
		out.Distribution = append(out.Distribution, dist)
	}
	return out
}

// location describes a GB/T 2260 division as a dct:Location: its names, its code and
// its bounding box (its own or its nearest enclosing division's, see package place) as
// a WKT polygon. A code that is not a division keeps the code as its only name.
func location(code string) *ldLocation {
	loc := &ldLocation{Type: "dct:Location", Notation: code}
	p, ok := place.Lookup(code)
	if !ok {
		loc.Name = []ldText{{Value: code}}
		loc.PrefLabel = loc.Name
		return loc
	}
	loc.Name = langText(p.Name)
	loc.PrefLabel = loc.Name
	if p.BBox != nil {
		loc.BBox = &ldTyped{Value: p.BBox.WKT(), Type: "gsp:wktLiteral"}
	}
	return loc
}
