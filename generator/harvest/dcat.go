package harvest

import (
	"bufio"
	"strconv"
	"strings"
	"unicode"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// EU vocabularies used by DCAT-AP 3.
const (
	euAccessRight = "http://publications.europa.eu/resource/authority/access-right/"
	euFrequency   = "http://publications.europa.eu/resource/authority/frequency/"
	euLanguage    = "http://publications.europa.eu/resource/authority/language/"
	ianaMedia     = "http://www.iana.org/assignments/media-types/"
	spdxSHA256    = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
)

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
	Type     string `json:"@type"`
	FN       string `json:"vcard:fn"`
	HasEmail ldRef  `json:"vcard:hasEmail"`
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

type ldLocation struct {
	Type     string `json:"@type"`
	Name     string `json:"locn:geographicName"`
	Notation string `json:"skos:notation"`
}

// ldDistribution is a dataset's access distribution (AccessURL, Title and
// Description) or one of its files.
type ldDistribution struct {
	ID          string      `json:"@id"`
	Type        string      `json:"@type"`
	AccessURL   ldRef       `json:"dcat:accessURL"`
	ByteSize    *ldTyped    `json:"dcat:byteSize,omitempty"`
	DownloadURL *ldRef      `json:"dcat:downloadURL,omitempty"`
	MediaType   *ldRef      `json:"dcat:mediaType,omitempty"`
	Description []ldText    `json:"dct:description,omitempty"`
	Format      string      `json:"dct:format,omitempty"`
	License     *ldRef      `json:"dct:license,omitempty"`
	Title       any         `json:"dct:title"` // []ldText, or a file name
	Checksum    *ldChecksum `json:"spdx:checksum,omitempty"`
}

type ldChecksum struct {
	Type      string  `json:"@type"`
	Algorithm ldRef   `json:"spdx:algorithm"`
	Value     ldTyped `json:"spdx:checksumValue"`
}

type ldDataset struct {
	ID                 string           `json:"@id"`
	Type               string           `json:"@type"`
	ContactPoint       *ldContact       `json:"dcat:contactPoint,omitempty"`
	Distribution       []ldDistribution `json:"dcat:distribution,omitempty"`
	Keyword            []ldText         `json:"dcat:keyword,omitempty"`
	LandingPage        ldRef            `json:"dcat:landingPage"`
	Theme              []ldConcept      `json:"dcat:theme,omitempty"`
	Version            string           `json:"dcat:version"`
	AccessRights       ldRef            `json:"dct:accessRights"`
	AccrualPeriodicity ldRef            `json:"dct:accrualPeriodicity"`
	Description        []ldText         `json:"dct:description"`
	Identifier         string           `json:"dct:identifier"`
	Issued             *ldTyped         `json:"dct:issued,omitempty"`
	License            *ldRef           `json:"dct:license,omitempty"`
	Modified           ldTyped          `json:"dct:modified"`
	Publisher          *ldAgent         `json:"dct:publisher"`
	Rights             *ldRights        `json:"dct:rights,omitempty"`
	Spatial            *ldLocation      `json:"dct:spatial,omitempty"`
	Temporal           *ldPeriod        `json:"dct:temporal,omitempty"`
	Title              []ldText         `json:"dct:title"`
}

// langText is a localized text as language-tagged literals (Chinese always, English
// when written).
func langText(t model.Text) []ldText {
	if t.En != "" {
		return []ldText{{Value: t.Zh, Language: "zh"}, {Value: t.En, Language: "en"}}
	}
	return []ldText{{Value: t.Zh, Language: "zh"}}
}

func ref(iri string) map[string]any { return map[string]any{"@id": iri} }

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
			langs = append(langs, ref(euLanguage+code))
		}
	}
	cat := map[string]any{
		"@context":        dcatContext,
		"@id":             g.base + "catalog.jsonld",
		"@type":           "dcat:Catalog",
		"dct:title":       langText(p.Title),
		"dct:description": langText(desc),
		"dct:publisher":   g.agent(p.Publisher),
		"foaf:homepage":   ref(g.base),
		"dct:language":    langs,
		"dcat:themeTaxonomy": map[string]any{
			"@id": g.base + "themes/", "@type": "skos:ConceptScheme",
			"dct:title": langText(model.Text{Zh: p.Title.Zh + "主题", En: strings.TrimSpace(p.Title.En + " themes")}),
		},
	}
	if p.License != "" {
		cat["dct:license"] = ref(spdxURL(p.License))
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
	return writeJSON(w, cat, "dcat:dataset", len(g.datasets), func(i int) any { return g.dataset(g.datasets[i].V) })
}

func (g *gen) dataset(ds *model.Dataset) *ldDataset {
	page := g.base + "datasets/" + ds.ID + "/"
	out := &ldDataset{
		ID:                 page,
		Type:               "dcat:Dataset",
		Identifier:         ds.ID,
		Title:              langText(ds.Title),
		Description:        langText(ds.Description),
		Publisher:          g.agent(ds.Department),
		LandingPage:        ldRef{page},
		AccessRights:       ldRef{AccessRights(ds.OpenType)},
		AccrualPeriodicity: ldRef{Frequency(ds.Update.Frequency)},
		Version:            ds.Version,
		Modified:           ldTyped{Value: modified(ds), Type: "xsd:date"},
	}
	if is := issued(ds); is != "" {
		out.Issued = &ldTyped{Value: is, Type: "xsd:date"}
	}
	if d := g.cat.Department(ds.Department); d != nil && d.V.Contact != "" {
		out.ContactPoint = &ldContact{Type: "vcard:Organization", FN: d.V.Name.In("zh"), HasEmail: ldRef{"mailto:" + d.V.Contact}}
	}
	if len(ds.Themes) > 0 {
		out.Theme = make([]ldConcept, len(ds.Themes))
		for i, t := range ds.Themes {
			out.Theme[i] = g.theme(t)
		}
	}
	if len(ds.Keywords) > 0 {
		out.Keyword = make([]ldText, len(ds.Keywords))
		for i, k := range ds.Keywords {
			out.Keyword[i] = ldText{Value: k}
			if hasHan(k) {
				out.Keyword[i].Language = "zh"
			}
		}
	}
	lic := g.license(ds)
	if lic != "" {
		out.License = &ldRef{spdxURL(lic)}
	}
	if ds.Rights != nil && !ds.Rights.IsZero() {
		out.Rights = &ldRights{Type: "dct:RightsStatement", Label: langText(*ds.Rights)}
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
		out.Spatial = &ldLocation{Type: "dct:Location", Name: ds.Spatial, Notation: ds.Spatial}
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
			MediaType:   &ldRef{ianaMedia + f.MediaType},
			Format:      formatName(f.MediaType),
			Title:       f.URL[strings.LastIndex(f.URL, "/")+1:],
		}
		if f.Size > 0 {
			dist.ByteSize = &ldTyped{Value: strconv.FormatInt(f.Size, 10), Type: "xsd:nonNegativeInteger"}
		}
		if f.SHA256 != "" {
			dist.Checksum = &ldChecksum{
				Type:      "spdx:Checksum",
				Algorithm: ldRef{spdxSHA256},
				Value:     ldTyped{Value: strings.ToLower(f.SHA256), Type: "xsd:hexBinary"},
			}
		}
		if lic != "" {
			dist.License = &ldRef{spdxURL(lic)}
		}
		out.Distribution = append(out.Distribution, dist)
	}
	return out
}
