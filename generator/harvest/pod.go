package harvest

import (
	"bufio"
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

const (
	podSchema    = "https://project-open-data.cio.gov/v1.1/schema"
	podContext   = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
	podCatalog   = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
	rightsMaxLen = 255 // the POD schema's limit on rights
)

// AccessLevel maps an open type to the POD accessLevel.
func AccessLevel(openType string) string {
	switch openType {
	case model.OpenUnconditional:
		return "public"
	case model.OpenConditional:
		return "restricted public"
	}
	return "non-public"
}

// Periodicity maps an update frequency to a POD accrualPeriodicity (ISO 8601
// repeating duration, or "irregular").
func Periodicity(f string) string {
	switch f {
	case model.FreqRealtime:
		return "R/PT1S"
	case model.FreqHourly:
		return "R/PT1H"
	case model.FreqDaily:
		return "R/P1D"
	case model.FreqWeekly:
		return "R/P1W"
	case model.FreqMonthly:
		return "R/P1M"
	case model.FreqQuarterly:
		return "R/P3M"
	case model.FreqYearly:
		return "R/P1Y"
	}
	return "irregular"
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// pod renders data.json in the portal's default language.
func (g *gen) pod(w *bufio.Writer) error {
	lang := g.langs()[0]
	p := g.cat.Portal.V
	pubName := p.Title.In(lang)
	if d := g.cat.Department(p.Publisher); d != nil {
		pubName = d.V.Name.In(lang)
	}
	return writeJSON(w, map[string]any{
		"@context":    podContext,
		"@id":         g.base + "data.json",
		"@type":       "dcat:Catalog",
		"conformsTo":  podSchema,
		"describedBy": podCatalog,
	}, "dataset", len(g.datasets), func(i int) any {
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
	})
}
