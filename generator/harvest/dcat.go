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

// langText is a localized text as language-tagged literals (Chinese always, English
// when written).
func langText(t model.Text) []any {
	out := []any{map[string]any{"@value": t.Zh, "@language": "zh"}}
	if t.En != "" {
		out = append(out, map[string]any{"@value": t.En, "@language": "en"})
	}
	return out
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
func (g *gen) agent(id string) map[string]any {
	a := map[string]any{"@id": g.base + "departments/" + id + "/", "@type": "foaf:Agent"}
	if d := g.cat.Department(id); d != nil {
		a["foaf:name"] = langText(d.V.Name)
		if d.V.Homepage != "" {
			a["foaf:homepage"] = ref(d.V.Homepage)
		}
		if d.V.Contact != "" {
			a["foaf:mbox"] = ref("mailto:" + d.V.Contact)
		}
	} else {
		a["foaf:name"] = []any{map[string]any{"@value": id}}
	}
	return a
}

func (g *gen) theme(id string) map[string]any {
	c := map[string]any{"@id": g.base + "themes/" + id + "/", "@type": "skos:Concept", "skos:inScheme": ref(g.base + "themes/")}
	for _, t := range g.cat.Portal.V.Themes {
		if t.ID == id {
			c["skos:prefLabel"] = langText(t.Name)
		}
	}
	if c["skos:prefLabel"] == nil {
		c["skos:prefLabel"] = []any{map[string]any{"@value": id}}
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

func (g *gen) dataset(ds *model.Dataset) map[string]any {
	page := g.base + "datasets/" + ds.ID + "/"
	out := map[string]any{
		"@id":                    page,
		"@type":                  "dcat:Dataset",
		"dct:identifier":         ds.ID,
		"dct:title":              langText(ds.Title),
		"dct:description":        langText(ds.Description),
		"dct:publisher":          g.agent(ds.Department),
		"dcat:landingPage":       ref(page),
		"dct:accessRights":       ref(AccessRights(ds.OpenType)),
		"dct:accrualPeriodicity": ref(Frequency(ds.Update.Frequency)),
		"dcat:version":           ds.Version,
		"dct:modified":           typed(modified(ds), "xsd:date"),
	}
	if is := issued(ds); is != "" {
		out["dct:issued"] = typed(is, "xsd:date")
	}
	if d := g.cat.Department(ds.Department); d != nil && d.V.Contact != "" {
		out["dcat:contactPoint"] = map[string]any{
			"@type":          "vcard:Organization",
			"vcard:fn":       d.V.Name.In("zh"),
			"vcard:hasEmail": ref("mailto:" + d.V.Contact),
		}
	}
	var themes []any
	for _, t := range ds.Themes {
		themes = append(themes, g.theme(t))
	}
	if themes != nil {
		out["dcat:theme"] = themes
	}
	var kws []any
	for _, k := range ds.Keywords {
		if hasHan(k) {
			kws = append(kws, map[string]any{"@value": k, "@language": "zh"})
		} else {
			kws = append(kws, map[string]any{"@value": k})
		}
	}
	if kws != nil {
		out["dcat:keyword"] = kws
	}
	lic := g.license(ds)
	if lic != "" {
		out["dct:license"] = ref(spdxURL(lic))
	}
	if ds.Rights != nil && !ds.Rights.IsZero() {
		out["dct:rights"] = map[string]any{"@type": "dct:RightsStatement", "rdfs:label": langText(*ds.Rights)}
	}
	if ds.Temporal != nil && (ds.Temporal.Start != "" || ds.Temporal.End != "") {
		t := map[string]any{"@type": "dct:PeriodOfTime"}
		if ds.Temporal.Start != "" {
			t["dcat:startDate"] = typed(string(ds.Temporal.Start), "xsd:date")
		}
		if ds.Temporal.End != "" {
			t["dcat:endDate"] = typed(string(ds.Temporal.End), "xsd:date")
		}
		out["dct:temporal"] = t
	}
	if ds.Spatial != "" {
		out["dct:spatial"] = map[string]any{"@type": "dct:Location", "locn:geographicName": ds.Spatial, "skos:notation": ds.Spatial}
	}
	// Non-open data has no distribution: it is excluded from every access list.
	if ds.OpenType == model.OpenNonOpen {
		return out
	}
	var dists []any
	if ds.OpenType == model.OpenConditional {
		dists = append(dists, map[string]any{
			"@id":             page + "#apply",
			"@type":           "dcat:Distribution",
			"dcat:accessURL":  ref(page),
			"dct:title":       langText(model.Text{Zh: "申请使用", En: "Apply for access"}),
			"dct:description": langText(model.Text{Zh: "有条件开放数据：按数据集页面的申请指南提交申请，审核通过后获取。", En: "Conditionally open data: apply as the dataset page's application guide says; access follows approval."}),
		})
	}
	for _, f := range g.downloads(ds.ID) {
		dist := map[string]any{
			"@id":              f.URL,
			"@type":            "dcat:Distribution",
			"dcat:accessURL":   ref(page),
			"dcat:downloadURL": ref(f.URL),
			"dcat:mediaType":   ref(ianaMedia + f.MediaType),
			"dct:format":       formatName(f.MediaType),
			"dct:title":        f.URL[strings.LastIndex(f.URL, "/")+1:],
		}
		if f.Size > 0 {
			dist["dcat:byteSize"] = typed(strconv.FormatInt(f.Size, 10), "xsd:nonNegativeInteger")
		}
		if f.SHA256 != "" {
			dist["spdx:checksum"] = map[string]any{
				"@type":              "spdx:Checksum",
				"spdx:algorithm":     ref(spdxSHA256),
				"spdx:checksumValue": typed(strings.ToLower(f.SHA256), "xsd:hexBinary"),
			}
		}
		if lic != "" {
			dist["dct:license"] = ref(spdxURL(lic))
		}
		dists = append(dists, dist)
	}
	if dists != nil {
		out["dcat:distribution"] = dists
	}
	return out
}
