package harvest

// The map-based encoders that catalog.jsonld and data.json were written with before the
// struct-based ones: TestStructsMatchMaps checks that both encode every dataset to the
// same bytes.

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

func (g *gen) oracleDataset(ds *model.Dataset) map[string]any {
	page := g.base + "datasets/" + ds.ID + "/"
	out := map[string]any{
		"@id":                    page,
		"@type":                  "dcat:Dataset",
		"dct:identifier":         ds.ID,
		"dct:title":              oracleLangText(ds.Title),
		"dct:description":        oracleLangText(ds.Description),
		"dct:publisher":          g.oracleAgent(ds.Department),
		"dcat:landingPage":       oracleRef(page),
		"dct:accessRights":       oracleRef(AccessRights(ds.OpenType)),
		"dct:accrualPeriodicity": oracleRef(Frequency(ds.Update.Frequency)),
		"dcat:version":           ds.Version,
		"dct:modified":           oracleTyped(modified(ds), "xsd:date"),
	}
	if is := issued(ds); is != "" {
		out["dct:issued"] = oracleTyped(is, "xsd:date")
	}
	if d := g.cat.Department(ds.Department); d != nil && d.V.Contact != "" {
		out["dcat:contactPoint"] = map[string]any{
			"@type":          "vcard:Organization",
			"vcard:fn":       d.V.Name.In("zh"),
			"vcard:hasEmail": oracleRef("mailto:" + d.V.Contact),
		}
	}
	var themes []any
	for _, t := range ds.Themes {
		themes = append(themes, g.oracleTheme(t))
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
		out["dct:license"] = oracleRef(spdxURL(lic))
	}
	if ds.Rights != nil && !ds.Rights.IsZero() {
		out["dct:rights"] = map[string]any{"@type": "dct:RightsStatement", "rdfs:label": oracleLangText(*ds.Rights)}
	}
	if ds.Temporal != nil && (ds.Temporal.Start != "" || ds.Temporal.End != "") {
		t := map[string]any{"@type": "dct:PeriodOfTime"}
		if ds.Temporal.Start != "" {
			t["dcat:startDate"] = oracleTyped(string(ds.Temporal.Start), "xsd:date")
		}
		if ds.Temporal.End != "" {
			t["dcat:endDate"] = oracleTyped(string(ds.Temporal.End), "xsd:date")
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
			"dcat:accessURL":  oracleRef(page),
			"dct:title":       oracleLangText(model.Text{Zh: "申请使用", En: "Apply for access"}),
			"dct:description": oracleLangText(model.Text{Zh: "有条件开放数据：按数据集页面的申请指南提交申请，审核通过后获取。", En: "Conditionally open data: apply as the dataset page's application guide says; access follows approval."}),
		})
	}
	for _, f := range g.downloads(ds.ID) {
		dist := map[string]any{
			"@id":              f.URL,
			"@type":            "dcat:Distribution",
			"dcat:accessURL":   oracleRef(page),
			"dcat:downloadURL": oracleRef(f.URL),
			"dcat:mediaType":   oracleRef(ianaMedia + f.MediaType),
			"dct:format":       formatName(f.MediaType),
			"dct:title":        f.URL[strings.LastIndex(f.URL, "/")+1:],
		}
		if f.Size > 0 {
			dist["dcat:byteSize"] = oracleTyped(strconv.FormatInt(f.Size, 10), "xsd:nonNegativeInteger")
		}
		if f.SHA256 != "" {
			dist["spdx:checksum"] = map[string]any{
				"@type":              "spdx:Checksum",
				"spdx:algorithm":     oracleRef(spdxSHA256),
				"spdx:checksumValue": oracleTyped(strings.ToLower(f.SHA256), "xsd:hexBinary"),
			}
		}
		if lic != "" {
			dist["dct:license"] = oracleRef(spdxURL(lic))
		}
		dists = append(dists, dist)
	}
	if dists != nil {
		out["dcat:distribution"] = dists
	}
	return out
}

func (g *gen) oracleAgent(id string) map[string]any {
	a := map[string]any{"@id": g.base + "departments/" + id + "/", "@type": "foaf:Agent"}
	if d := g.cat.Department(id); d != nil {
		a["foaf:name"] = oracleLangText(d.V.Name)
		if d.V.Homepage != "" {
			a["foaf:homepage"] = oracleRef(d.V.Homepage)
		}
		if d.V.Contact != "" {
			a["foaf:mbox"] = oracleRef("mailto:" + d.V.Contact)
		}
	} else {
		a["foaf:name"] = []any{map[string]any{"@value": id}}
	}
	return a
}

func (g *gen) oracleTheme(id string) map[string]any {
	c := map[string]any{"@id": g.base + "themes/" + id + "/", "@type": "skos:Concept", "skos:inScheme": oracleRef(g.base + "themes/")}
	for _, t := range g.cat.Portal.V.Themes {
		if t.ID == id {
			c["skos:prefLabel"] = oracleLangText(t.Name)
		}
	}
	if c["skos:prefLabel"] == nil {
		c["skos:prefLabel"] = []any{map[string]any{"@value": id}}
	}
	return c
}

func oracleLangText(t model.Text) []any {
	out := []any{map[string]any{"@value": t.Zh, "@language": "zh"}}
	if t.En != "" {
		out = append(out, map[string]any{"@value": t.En, "@language": "en"})
	}
	return out
}

func oracleRef(iri string) map[string]any { return map[string]any{"@id": iri} }

func oracleTyped(v, typ string) map[string]any { return map[string]any{"@value": v, "@type": typ} }

// oraclePOD is data.json's map of dataset i.
func (g *gen) oraclePOD(i int) any {
	lang := g.langs()[0]
	p := g.cat.Portal.V
	pubName := p.Title.In(lang)
	if d := g.cat.Department(p.Publisher); d != nil {
		pubName = d.V.Name.In(lang)
	}
	item := func(i int) any {
		ds := g.datasets[i].V
		page := g.base + "datasets/" + ds.ID + "/"
		org := map[string]any{"@type": "org:Organization", "name": pubName}
		contact := map[string]any{"@type": "vcard:Contact", "fn": pubName, "hasEmail": "mailto:" + p.Contact}
		if dep := g.cat.Department(ds.Department); dep != nil {
			org = map[string]any{"@type": "org:Organization", "name": dep.V.Name.In(lang)}
			if ds.Department != p.Publisher {
				org["subOrganizationOf"] = map[string]any{"@type": "org:Organization", "name": pubName}
			}
			contact = map[string]any{"@type": "vcard:Contact", "fn": dep.V.Name.In(lang), "hasEmail": "mailto:" + dep.V.Contact}
		}
		var themes []string
		for _, t := range ds.Themes {
			name := t
			for _, pt := range p.Themes {
				if pt.ID == t {
					name = pt.Name.In(lang)
				}
			}
			themes = append(themes, name)
		}
		keywords := append([]string(nil), ds.Keywords...)
		if len(keywords) == 0 {
			keywords = append(keywords, themes...) // the schema needs at least one keyword
		}
		out := map[string]any{
			"@type":              "dcat:Dataset",
			"identifier":         page,
			"title":              ds.Title.In(lang),
			"description":        ds.Description.In(lang),
			"keyword":            keywords,
			"modified":           modified(ds),
			"publisher":          org,
			"contactPoint":       contact,
			"accessLevel":        AccessLevel(ds.OpenType),
			"bureauCode":         []string{NoBureauCode},
			"programCode":        []string{NoProgramCode},
			"landingPage":        page,
			"accrualPeriodicity": Periodicity(ds.Update.Frequency),
			"theme":              themes,
			"language":           []string{hreflang(lang)},
		}
		if is := issued(ds); is != "" {
			out["issued"] = is
		}
		if lic := g.license(ds); lic != "" {
			out["license"] = spdxURL(lic)
		}
		if ds.OpenType != model.OpenUnconditional {
			rights := ""
			if ds.Rights != nil {
				rights = strings.TrimSpace(ds.Rights.In(lang))
			}
			if rights == "" {
				rights = map[string]string{
					"zh": "该数据集不是无条件开放数据，详见数据集页面。",
					"en": "This dataset is not unconditionally open; see its page.",
				}[lang]
			}
			out["rights"] = clip(rights, rightsMaxLen)
		}
		if ds.Temporal != nil && ds.Temporal.Start != "" && ds.Temporal.End != "" {
			out["temporal"] = string(ds.Temporal.Start) + "/" + string(ds.Temporal.End)
		}
		if ds.Spatial != "" {
			out["spatial"] = ds.Spatial
		}
		// Non-public datasets are excluded from every access list: no distribution.
		if ds.OpenType != model.OpenNonOpen {
			var dists []any
			if ds.OpenType == model.OpenConditional {
				dists = append(dists, map[string]any{
					"@type":       "dcat:Distribution",
					"accessURL":   page,
					"title":       map[string]string{"zh": "申请使用", "en": "Apply for access"}[lang],
					"description": map[string]string{"zh": "按数据集页面的申请指南提交申请，审核通过后获取。", "en": "Apply as the dataset page's application guide says; access follows approval."}[lang],
				})
			}
			for _, f := range g.downloads(ds.ID) {
				dists = append(dists, map[string]any{
					"@type":       "dcat:Distribution",
					"downloadURL": f.URL,
					"mediaType":   f.MediaType,
					"format":      formatName(f.MediaType),
					"title":       f.URL[strings.LastIndex(f.URL, "/")+1:],
				})
			}
			if dists != nil {
				out["distribution"] = dists
			}
		}
		return out
	}
	return item(i)
}

// encodeItem encodes v the way writeJSON encodes an item.
func encodeItem(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestStructsMatchMaps checks that the struct-based catalog.jsonld and data.json
// entries encode to the same bytes as the maps they replaced, on the test catalog, the
// default catalog and a synthetic catalog with every optional field set or missing.
func TestStructsMatchMaps(t *testing.T) {
	synth := testcat.Synthetic(60)
	dl := map[string][]Download{}
	for i, d := range synth.Datasets {
		ds := d.V
		id := ds.ID
		switch i % 6 {
		case 0:
			ds.Temporal = &model.Temporal{Start: "2020-01-01", End: "2021-12-31"}
			ds.Spatial = "310101"
			dl[id] = []Download{
				{URL: "data/" + id + "/1.1.0/" + id + ".parquet", Size: 1 << 20, SHA256: "ABCD"},
				{URL: "https://cdn.example.org/" + id + ".csv", MediaType: "text/csv"},
				{URL: "data/" + id + "/", Size: 0},
			}
		case 1:
			ds.Temporal = &model.Temporal{End: "2021-12-31"}
			ds.Keywords = nil
			ds.Rights = &model.Text{}
			dl[id] = []Download{{URL: "data/" + id + "/x.bin", MediaType: "application/x-custom", Size: 7}}
		case 2:
			ds.Temporal = &model.Temporal{Start: "2020-01-01"}
			ds.Keywords = []string{"<tag>", "A&B", "客流"}
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
	type tc struct {
		name string
		cat  *load.Catalog
		in   Input
	}
	cases := []tc{{"fixture", testcat.Load(t, fixture), input}, {"synthetic", synth, Input{Downloads: dl}}}
	if def, err := load.Load(filepath.Join("..", "..", "catalog")); err == nil && def.Portal != nil {
		dl := map[string][]Download{}
		for _, d := range def.Datasets {
			dl[d.V.ID] = []Download{{URL: "data/" + d.V.ID + "/" + d.V.Version + "/" + d.V.ID + ".parquet", Size: int64(len(d.V.ID)), SHA256: strconv.Itoa(len(d.V.ID))}}
		}
		cases = append(cases, tc{"default", def, Input{Downloads: dl}})
	}
	en := testcat.Synthetic(6)
	en.Portal.V.Languages = []string{"en", "zh"}
	cases = append(cases, tc{"english first", en, Input{}})
	for _, c := range cases {
		g := &gen{cat: c.cat, in: c.in, base: "https://data.example.gov.cn/"}
		for _, d := range c.cat.Datasets {
			g.datasets = append(g.datasets, d)
		}
		lang := g.langs()[0]
		pubName := c.cat.Portal.V.Title.In(lang)
		if d := c.cat.Department(c.cat.Portal.V.Publisher); d != nil {
			pubName = d.V.Name.In(lang)
		}
		for i, d := range g.datasets {
			if got, want := encodeItem(t, g.dataset(d.V)), encodeItem(t, g.oracleDataset(d.V)); got != want {
				t.Errorf("%s: catalog.jsonld entry of %s:\n%s\nwant:\n%s", c.name, d.V.ID, got, want)
			}
			if got, want := encodeItem(t, g.podDataset(d.V, lang, pubName)), encodeItem(t, g.oraclePOD(i)); got != want {
				t.Errorf("%s: data.json entry of %s:\n%s\nwant:\n%s", c.name, d.V.ID, got, want)
			}
		}
	}
}
