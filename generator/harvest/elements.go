package harvest

import (
	"bufio"
	"encoding/csv"
	"sort"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/license"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// The data-source catalog (数源目录) as data: elements.json and elements.csv hold
// every published data element with its five attributes (responsible department,
// source system, update mechanism, quality standard, usage method), its
// high-frequency and 免于填写 (exempt from filling) flags and the datasets that
// use it. catalog.jsonld and data.json list the two files as the distributions of a
// dataset that stands for the data-source catalog itself (sourceCatalog).

// ElementsJSON and ElementsCSV are the site-relative paths of the data-source catalog.
const (
	ElementsJSON = "elements.json"
	ElementsCSV  = "elements.csv"
)

// elText is localized text as elements.json writes it: Chinese, and English when
// written (text awaiting translation is never published).
type elText struct {
	Zh string `json:"zh"`
	En string `json:"en,omitempty"`
}

func elTextOf(t model.Text) elText { return elText{Zh: t.Zh, En: t.En} }

type elRef struct {
	ID   string  `json:"id"`
	Name *elText `json:"name,omitempty"`
	URL  string  `json:"url"`
}

type elSource struct {
	System     elText `json:"system"`
	Collection string `json:"collection,omitempty"`
}

type elRule struct {
	Kind        string  `json:"kind"`
	Validator   string  `json:"validator,omitempty"`
	Threshold   float64 `json:"threshold,omitempty"`
	Description *elText `json:"description,omitempty"`
}

type elQuality struct {
	Standards []string `json:"standards"`
	Rules     []elRule `json:"rules"`
}

type elUsage struct {
	Channels []string `json:"channels"`
	Guide    *elText  `json:"guide,omitempty"`
}

// elElement is one entry of elements.json.
type elElement struct {
	ID                    string               `json:"id"`
	Version               string               `json:"version"`
	Status                string               `json:"status"`
	Name                  elText               `json:"name"`
	Definition            elText               `json:"definition"`
	URL                   string               `json:"url"`
	ResponsibleDepartment elRef                `json:"responsible_department"`
	SourceSystem          elSource             `json:"source_system"`
	UpdateMechanism       model.ElementUpdate  `json:"update_mechanism"`
	QualityStandard       elQuality            `json:"quality_standard"`
	UsageMethod           elUsage              `json:"usage_method"`
	HighFrequency         bool                 `json:"high_frequency"`
	ExemptFromFilling     bool                 `json:"exempt_from_filling"`
	Value                 model.ElementValue   `json:"value"`
	Classification        model.Classification `json:"classification"`
	Datasets              []elRef              `json:"datasets"`
}

// sourceCatalog prepares the published elements, sorted by id, and the non-draft
// datasets that use each.
func (g *gen) sourceCatalog() {
	for _, e := range g.cat.Elements {
		if e.V.Status != model.StatusDraft {
			g.elements = append(g.elements, e.V)
		}
	}
	sort.SliceStable(g.elements, func(i, j int) bool { return g.elements[i].ID < g.elements[j].ID })
	g.usedBy = map[string][]*model.Dataset{}
	for _, d := range g.datasets { // sorted by id
		seen := map[string]bool{}
		for _, c := range d.V.Columns {
			if c.Element != "" && !seen[c.Element] {
				seen[c.Element] = true
				g.usedBy[c.Element] = append(g.usedBy[c.Element], d.V)
			}
		}
	}
}

func (g *gen) element(e *model.DataElement) elElement {
	out := elElement{
		ID: e.ID, Version: e.Version, Status: cmpOr(e.Status, "active"),
		Name: elTextOf(e.Name), Definition: elTextOf(plainText(e.Definition)),
		URL:                   g.base + "elements/" + e.ID + "/",
		ResponsibleDepartment: elRef{ID: e.Department, URL: g.base + "departments/" + e.Department + "/"},
		SourceSystem:          elSource{System: elTextOf(e.Source.System), Collection: e.Source.Collection},
		UpdateMechanism:       e.Update,
		QualityStandard:       elQuality{Standards: nonNil(e.Quality.Standards), Rules: []elRule{}},
		UsageMethod:           elUsage{Channels: nonNil(e.Usage.Channels)},
		HighFrequency:         e.HighFrequency,
		ExemptFromFilling:     e.ExemptFromFilling,
		Value:                 e.Value,
		Classification:        e.Classification,
		Datasets:              []elRef{},
	}
	if d := g.cat.Department(e.Department); d != nil {
		n := elTextOf(d.V.Name)
		out.ResponsibleDepartment.Name = &n
	}
	for _, r := range e.Quality.Rules {
		er := elRule{Kind: r.Kind, Validator: r.Validator, Threshold: r.Threshold}
		if r.Description != nil && !r.Description.IsZero() {
			t := elTextOf(plainText(*r.Description))
			er.Description = &t
		}
		out.QualityStandard.Rules = append(out.QualityStandard.Rules, er)
	}
	if e.Usage.Guide != nil && !e.Usage.Guide.IsZero() {
		t := elTextOf(plainText(*e.Usage.Guide))
		out.UsageMethod.Guide = &t
	}
	for _, ds := range g.usedBy[e.ID] {
		t := elTextOf(ds.Title)
		out.Datasets = append(out.Datasets, elRef{ID: ds.ID, Name: &t, URL: g.base + "datasets/" + ds.ID + "/"})
	}
	return out
}

// elementsJSON renders elements.json.
func (g *gen) elementsJSON(w *bufio.Writer) error {
	p := g.cat.Portal.V
	return writeJSON(w, map[string]any{
		"@id":         g.base + ElementsJSON,
		"title":       elTextOf(sourceCatalogTitle),
		"publisher":   p.Publisher,
		"landingPage": g.base + "elements/",
		"csv":         g.base + ElementsCSV,
	}, "elements", len(g.elements), func(i int) any { return g.element(g.elements[i]) })
}

// elementsCSVHeader are the columns of elements.csv.
var elementsCSVHeader = []string{
	"id", "version", "status", "name_zh", "name_en",
	"responsible_department", "responsible_department_name",
	"source_system_zh", "source_system_en", "source_collection",
	"update_frequency", "update_mode", "update_latency", "last_updated",
	"quality_standards", "quality_rules",
	"usage_channels",
	"high_frequency", "exempt_from_filling",
	"value_type", "grade", "level", "personal_info", "open_type",
	"datasets", "url",
}

// elementsCSV renders elements.csv: UTF-8 with a byte-order mark and CRLF records,
// as the extracts' CSV files; lists are joined with "; ".
func (g *gen) elementsCSV(w *bufio.Writer) error {
	w.WriteString("\ufeff")
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(elementsCSVHeader); err != nil {
		return err
	}
	for _, e := range g.elements {
		dept := ""
		if d := g.cat.Department(e.Department); d != nil {
			dept = d.V.Name.Zh
		}
		var rules []string
		for _, r := range e.Quality.Rules {
			s := r.Kind
			if r.Validator != "" {
				s += "(" + r.Validator + ")"
			}
			if r.Threshold > 0 {
				s += ">=" + strconv.FormatFloat(r.Threshold, 'f', -1, 64)
			}
			rules = append(rules, s)
		}
		var ds []string
		for _, d := range g.usedBy[e.ID] {
			ds = append(ds, d.ID)
		}
		if err := cw.Write([]string{
			e.ID, e.Version, cmpOr(e.Status, "active"), e.Name.Zh, e.Name.En,
			e.Department, dept,
			e.Source.System.Zh, e.Source.System.En, e.Source.Collection,
			e.Update.Frequency, e.Update.Mode, e.Update.Latency, string(e.Update.LastUpdated),
			strings.Join(e.Quality.Standards, "; "), strings.Join(rules, "; "),
			strings.Join(e.Usage.Channels, "; "),
			strconv.FormatBool(e.HighFrequency), strconv.FormatBool(e.ExemptFromFilling),
			e.Value.Type, e.Classification.Grade, strconv.Itoa(e.Classification.Level), e.Classification.PersonalInfo, e.Classification.OpenType,
			strings.Join(ds, "; "), g.base + "elements/" + e.ID + "/",
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

var (
	sourceCatalogTitle = model.Text{Zh: "数源目录（数据元素）", En: "Data-source catalog (data elements)"}
	sourceCatalogDesc  = model.Text{
		Zh: "本平台全部数据元素的数源目录：每个数据元素的数据责任部门、数据源头、更新机制、质量标准和使用方法，是否为高频数据、是否免于填写，以及使用它的数据集。",
		En: "The portal's data-source catalog: every data element's responsible department, source system, update mechanism, quality standard and usage method, whether it is high-frequency and exempt from filling in, and the datasets that use it.",
	}
	sourceCatalogKeywords = model.Text{Zh: "数源目录", En: "data-source catalog"}
)

// sourceModified is the newest last_updated of the published elements, else the
// newest date of the datasets.
func (g *gen) sourceModified() string {
	m := ""
	for _, e := range g.elements {
		m = max(m, string(e.Update.LastUpdated))
	}
	if m == "" {
		for _, d := range g.datasets {
			m = max(m, modified(d.V))
		}
	}
	return m
}

// sourceCatalogLD is the dataset catalog.jsonld lists for the data-source catalog,
// with elements.json and elements.csv as its distributions.
type sourceCatalogLD struct {
	ID                 string           `json:"@id"`
	Type               string           `json:"@type"`
	ContactPoint       *ldContact       `json:"dcat:contactPoint,omitempty"`
	Distribution       []ldDistribution `json:"dcat:distribution"`
	Keyword            []ldText         `json:"dcat:keyword"`
	LandingPage        ldTypedRef       `json:"dcat:landingPage"`
	AccessRights       ldTypedRef       `json:"dct:accessRights"`
	AccrualPeriodicity ldTypedRef       `json:"dct:accrualPeriodicity"`
	Description        []ldText         `json:"dct:description"`
	Identifier         string           `json:"dct:identifier"`
	License            *ldTypedRef      `json:"dct:license,omitempty"`
	Modified           *ldTyped         `json:"dct:modified,omitempty"`
	Publisher          *ldAgent         `json:"dct:publisher"`
	Title              []ldText         `json:"dct:title"`
}

func (g *gen) sourceCatalogLD() *sourceCatalogLD {
	p := g.cat.Portal.V
	page := g.base + "elements/"
	out := &sourceCatalogLD{
		ID: page, Type: "dcat:Dataset", Identifier: page,
		Title: langText(sourceCatalogTitle), Description: langText(sourceCatalogDesc), Keyword: langText(sourceCatalogKeywords),
		LandingPage:        ldTypedRef{page, "foaf:Document"},
		AccessRights:       ldTypedRef{AccessRights(model.OpenUnconditional), "dct:RightsStatement"},
		AccrualPeriodicity: ldTypedRef{Frequency(model.FreqIrregular), "dct:Frequency"},
		Publisher:          g.agent(p.Publisher),
	}
	if m := g.sourceModified(); m != "" {
		out.Modified = &ldTyped{Value: m, Type: "xsd:date"}
	}
	if d := g.cat.Department(p.Publisher); d != nil && d.V.Contact != "" {
		out.ContactPoint = &ldContact{Type: []string{"vcard:Kind", "vcard:Organization"}, FN: d.V.Name.In("zh"), HasEmail: ldRef{"mailto:" + d.V.Contact}}
	}
	if p.License != "" {
		out.License = &ldTypedRef{g.licenceIRI(p.License), "dct:LicenseDocument"}
	}
	for _, f := range []struct{ name, media string }{{ElementsJSON, "application/json"}, {ElementsCSV, "text/csv"}} {
		ft, _ := FileType(f.media)
		out.Distribution = append(out.Distribution, ldDistribution{
			ID: g.base + f.name, Type: "dcat:Distribution",
			AccessURL: ldRef{page}, DownloadURL: &ldRef{g.base + f.name},
			MediaType: &ldTypedRef{ianaMedia + f.media, "dct:MediaType"},
			Format:    &ldTypedRef{ft, "dct:MediaTypeOrExtent"},
			Title:     f.name, License: out.License,
		})
	}
	return out
}

// sourceCatalogPOD is data.json's entry for the data-source catalog.
func (g *gen) sourceCatalogPOD(lang, pubName string) *podDataset {
	p := g.cat.Portal.V
	page := g.base + "elements/"
	out := &podDataset{
		Type: "dcat:Dataset", Identifier: page,
		Title: sourceCatalogTitle.In(lang), Description: sourceCatalogDesc.In(lang),
		Keyword: []string{sourceCatalogKeywords.In(lang)}, Modified: g.sourceModified(),
		Publisher:    &podOrg{Type: "org:Organization", Name: pubName},
		ContactPoint: &podContact{Type: "vcard:Contact", FN: pubName, HasEmail: "mailto:" + p.Contact},
		AccessLevel:  AccessLevel(model.OpenUnconditional), BureauCode: []string{NoBureauCode}, ProgramCode: []string{NoProgramCode},
		LandingPage: page, AccrualPeriodicity: Periodicity(model.FreqIrregular),
		Theme: []string{sourceCatalogTitle.In(lang)}, Language: []string{hreflang(lang)},
	}
	if d := g.cat.Department(p.Publisher); d != nil && d.V.Contact != "" {
		out.ContactPoint = &podContact{Type: "vcard:Contact", FN: d.V.Name.In(lang), HasEmail: "mailto:" + d.V.Contact}
	}
	if p.License != "" {
		out.License = license.URL(p.License, p.Licenses)
	}
	for _, f := range []struct{ name, media string }{{ElementsJSON, "application/json"}, {ElementsCSV, "text/csv"}} {
		out.Distribution = append(out.Distribution, podFile{Type: "dcat:Distribution", DownloadURL: g.base + f.name, MediaType: f.media, Format: formatName(f.media), Title: f.name})
	}
	return out
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
