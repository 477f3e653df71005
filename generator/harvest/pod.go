package harvest

import (
	"bufio"
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/license"
	"github.com/shuyuan-project/shuyuan/generator/markdown"
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
	}, "dataset", len(g.datasets)+1, func(i int) any {
		if i == len(g.datasets) {
			return g.sourceCatalogPOD(lang, pubName)
		}
		return g.podDataset(g.datasets[i].V, lang, pubName)
	})
}

// The data.json nodes are structs whose fields are in the order of their names, as
// encoding/json sorts a map's keys (data.json used to be built from maps), and
// omitempty exactly where a key is left out; TestStructsMatchMaps holds them to that.

type podOrg struct {
	Type              string  `json:"@type"`
	Name              string  `json:"name"`
	SubOrganizationOf *podOrg `json:"subOrganizationOf,omitempty"`
}

type podContact struct {
	Type     string `json:"@type"`
	FN       string `json:"fn"`
	HasEmail string `json:"hasEmail"`
}

// podApply is a conditional dataset's access distribution.
type podApply struct {
	Type        string `json:"@type"`
	AccessURL   string `json:"accessURL"`
	Description string `json:"description"`
	Title       string `json:"title"`
}

// podFile is a published file.
type podFile struct {
	Type        string `json:"@type"`
	DownloadURL string `json:"downloadURL"`
	Format      string `json:"format"`
	MediaType   string `json:"mediaType"`
	Title       string `json:"title"`
}

type podDataset struct {
	Type               string      `json:"@type"`
	AccessLevel        string      `json:"accessLevel"`
	AccrualPeriodicity string      `json:"accrualPeriodicity"`
	BureauCode         []string    `json:"bureauCode"`
	ContactPoint       *podContact `json:"contactPoint"`
	Description        string      `json:"description"`
	Distribution       []any       `json:"distribution,omitempty"` // podApply, podFile
	Identifier         string      `json:"identifier"`
	Issued             string      `json:"issued,omitempty"`
	Keyword            []string    `json:"keyword"`
	LandingPage        string      `json:"landingPage"`
	Language           []string    `json:"language"`
	License            string      `json:"license,omitempty"`
	Modified           string      `json:"modified"`
	ProgramCode        []string    `json:"programCode"`
	Publisher          *podOrg     `json:"publisher"`
	Rights             any         `json:"rights,omitempty"` // a string, when the data is not unconditionally open
	Spatial            string      `json:"spatial,omitempty"`
	Temporal           string      `json:"temporal,omitempty"`
	Theme              []string    `json:"theme"`
	Title              string      `json:"title"`
}

// podDataset is data.json's entry for ds in lang; pubName names the portal's publisher.
func (g *gen) podDataset(ds *model.Dataset, lang, pubName string) *podDataset {
	p := g.cat.Portal.V
	page := g.base + "datasets/" + ds.ID + "/"
	org := &podOrg{Type: "org:Organization", Name: pubName}
	contact := &podContact{Type: "vcard:Contact", FN: pubName, HasEmail: "mailto:" + p.Contact}
	if dep := g.cat.Department(ds.Department); dep != nil {
		org = &podOrg{Type: "org:Organization", Name: dep.V.Name.In(lang)}
		if ds.Department != p.Publisher {
			org.SubOrganizationOf = &podOrg{Type: "org:Organization", Name: pubName}
		}
		contact = &podContact{Type: "vcard:Contact", FN: dep.V.Name.In(lang), HasEmail: "mailto:" + dep.V.Contact}
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
	var keywords []string
	for _, k := range ds.Keywords {
		keywords = append(keywords, k.In(lang)) // every keyword, English where given
	}
	if len(keywords) == 0 {
		keywords = append(keywords, themes...) // the schema needs at least one keyword
	}
	out := &podDataset{
		Type:               "dcat:Dataset",
		Identifier:         page,
		Title:              ds.Title.In(lang),
		Description:        markdown.PlainText(ds.Description.In(lang)),
		Keyword:            keywords,
		Modified:           modified(ds),
		Publisher:          org,
		ContactPoint:       contact,
		AccessLevel:        AccessLevel(ds.OpenType),
		BureauCode:         []string{NoBureauCode},
		ProgramCode:        []string{NoProgramCode},
		LandingPage:        page,
		AccrualPeriodicity: Periodicity(ds.Update.Frequency),
		Theme:              themes,
		Language:           []string{hreflang(lang)},
		Issued:             issued(ds),
	}
	if lic := g.license(ds); lic != "" {
		out.License = license.URL(lic, g.cat.Portal.V.Licenses)
	}
	if ds.OpenType != model.OpenUnconditional {
		rights := ""
		if ds.Rights != nil {
			rights = markdown.PlainText(ds.Rights.In(lang))
		}
		if rights == "" {
			rights = map[string]string{
				"zh": "该数据集不是无条件开放数据，详见数据集页面。",
				"en": "This dataset is not unconditionally open; see its page.",
			}[lang]
		}
		out.Rights = clip(rights, rightsMaxLen)
	}
	if ds.Temporal != nil && ds.Temporal.Start != "" && ds.Temporal.End != "" {
		out.Temporal = string(ds.Temporal.Start) + "/" + string(ds.Temporal.End)
	}
	out.Spatial = ds.Spatial
	// Non-public datasets are excluded from every access list: no distribution.
	if ds.OpenType != model.OpenNonOpen {
		if ds.OpenType == model.OpenConditional {
			out.Distribution = append(out.Distribution, podApply{
				Type:        "dcat:Distribution",
				AccessURL:   page,
				Title:       map[string]string{"zh": "申请使用", "en": "Apply for access"}[lang],
				Description: map[string]string{"zh": "按数据集页面的申请指南提交申请，审核通过后获取。", "en": "Apply as the dataset page's application guide says; access follows approval."}[lang],
			})
		}
		for _, f := range g.downloads(ds.ID) {
			out.Distribution = append(out.Distribution, podFile{
				Type:        "dcat:Distribution",
				DownloadURL: f.URL,
				MediaType:   f.MediaType,
				Format:      formatName(f.MediaType),
				Title:       f.URL[strings.LastIndex(f.URL, "/")+1:],
			})
		}
	}
	return out
}
