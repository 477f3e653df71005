package portal

import (
	"html/template"
	"path"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/license"
)

// The hot templates (the dataset page and the dataset list item, 80% of the output)
// read precomputed views: plain fields with the text already localized and the URLs
// already made relative, so that executing them costs field look-ups on flat structs
// rather than a reflective method call (and an embedded-field search) per value.

// link is a localized name and the relative URL of its page.
type link struct{ URL, Name string }

// dsView is what the dataset page shows of one dataset in one language.
type dsView struct {
	Title, OpenType, OpenWord, OpenMeaning, Version string
	Description                                     template.HTML
	// Dept is the responsible department's page, nil when the id names none;
	// Department is then the bare id.
	Dept       *link
	Department string
	// Level is "city" or the district catalog's id; CityLevel says which.
	Level     string
	CityLevel bool
	Themes    []link
	Keywords  []string
	// License is the dataset's licence id; LicenseName what the page shows (a
	// custom licence's name) and LicenseURL where its text is.
	License, LicenseName, LicenseURL string
	// HasRights says whether the dataset states terms of use (Rights).
	HasRights                bool
	Rights                   string
	FreqWord, LastModified   string
	Fresh, FreshText, Issued string
	GradeWord                string
	Columns                  []colView
	// ColumnRows are Columns as the data dictionary's rows (rows.go); "" leaves
	// them to the template.
	ColumnRows  template.HTML
	Extract     *extractView
	Policies    []policyView
	Application *appView
	Changelog   []changeView
	// Versions are the rows of the version table (versions.go).
	Versions               []versionRow
	ObjectionURL, IssueURL string
	SourceURL, File        string
	JSONLD                 template.JS
}

type colView struct {
	Name, Title, Type, Description string
	// ElementURL and ElementName name the column's data element; ElementURL is ""
	// when the column has none.
	ElementURL, ElementName string
	Level                   int
	Personal, Deid          string
}

type extractView struct {
	// Quality summarises quality.json; nil when the extract has none.
	Quality *qualityView
	Header  []string
	// Rows are the preview rows, each value clipped to 40 runes.
	Rows  [][]string
	Files []fileView
}

type fileView struct{ URL, Base, Size, SHA256 string }

// qualityView is the one-line quality summary of a dataset's extract.
type qualityView struct {
	URL                                         string
	In, Written, Suppressed, Rejected, SubjSupp int64
	K, L                                        int
	Subject                                     string
	Checks, Passed                              int
}

type policyView struct {
	URL, ID, Name  string
	UseClasses     []string
	Basis, Billing string
}

type appView struct {
	Eligible        string
	PurposeRequired bool
	Materials       []string
	ReviewDays      int
	Delivery        string
}

type changeView struct{ Version, Date, Summary string }

// datasetView is the dataset page's view of ds for page p.
func (p *Page) datasetView(ds *DS) *dsView {
	l := p.Lang
	v := &dsView{
		LicenseName: ds.License, LicenseURL: license.URL(ds.License, p.Site.Portal.Licenses),
		Title: ds.Title.In(l), OpenType: ds.OpenType, OpenWord: word(l, ds.OpenType), OpenMeaning: openMeaning[l][ds.OpenType],
		Version: ds.Version, Description: p.MD(ds.Description), Department: ds.Department,
		Level: ds.Level, CityLevel: ds.Level == "city", Keywords: ds.Keywords, License: ds.License,
		FreqWord: word(l, ds.Update.Frequency), LastModified: string(ds.Update.LastModified),
		Fresh: ds.Fresh, FreshText: p.T["fresh_"+ds.Fresh], Issued: string(ds.Issued), GradeWord: word(l, ds.Grade),
		ObjectionURL: p.ObjectionURL(), IssueURL: p.IssueURL(), SourceURL: p.SourceURL(ds.File), File: ds.File,
		JSONLD: p.JSONLD(ds),
	}
	if ds.Dept != nil {
		v.Dept = &link{URL: p.U("departments/" + ds.Dept.ID + "/"), Name: ds.Dept.Name.In(l)}
	}
	v.Themes = make([]link, len(ds.ThemeList))
	for i, t := range ds.ThemeList {
		v.Themes[i] = link{URL: p.U("themes/" + t.ID + "/"), Name: t.Name.In(l)}
	}
	if c := license.Custom(ds.License, p.Site.Portal.Licenses); c != nil {
		v.LicenseName = c.Name.In(l)
	}
	if ds.Rights != nil {
		v.HasRights, v.Rights = true, ds.Rights.In(l)
	}
	v.Columns = make([]colView, len(ds.Columns))
	for i := range ds.Columns {
		c := &ds.Columns[i]
		typ := deid.OutputType(*c) // what the download holds: a generalized date is text
		if typ == "" {
			typ = c.Type // dropped: not published; the de-identification column says so
		}
		cv := colView{Name: c.Name, Title: p.TxP(c.Title), Type: word(l, typ), Description: p.TxP(c.Description),
			Level: c.Level, Personal: word(l, c.PersonalInfo), Deid: deidWords(l, *c)}
		if c.Element != "" {
			cv.ElementURL, cv.ElementName = p.U("elements/"+c.Element+"/"), p.ElementName(c.Element)
		}
		v.Columns[i] = cv
	}
	v.ColumnRows = columnRows(v.Columns, p.T["elements"])
	if e := ds.Extract; e != nil {
		ev := &extractView{Header: e.Header, Rows: make([][]string, len(e.Rows)), Files: make([]fileView, len(e.Files))}
		for i, r := range e.Rows {
			ev.Rows[i] = make([]string, len(r))
			for j, c := range r {
				ev.Rows[i][j] = p.Clip(c, 40)
			}
		}
		for i, f := range e.Files {
			ev.Files[i] = fileView{URL: p.Asset(f.Path), Base: path.Base(f.Path), Size: humanSize(f.Size), SHA256: f.SHA256}
			if path.Base(f.Path) == "quality.json" {
				ev.Quality = &qualityView{URL: ev.Files[i].URL, In: e.RowsIn, Written: e.RowsWritten, Suppressed: e.RowsSuppressed,
					Rejected: e.RowsRejected, SubjSupp: e.SubjectsSuppressed, K: e.K, L: e.L, Subject: e.Subject, Checks: e.Checks, Passed: e.ChecksPassed}
			}
		}
		v.Extract = ev
	}
	if len(ds.Policies) > 0 {
		pricingURL := p.U("pricing/")
		v.Policies = make([]policyView, len(ds.Policies))
		for i, pp := range ds.Policies {
			uses := make([]string, len(pp.UseClasses))
			for j, u := range pp.UseClasses {
				uses[j] = word(l, u)
			}
			v.Policies[i] = policyView{URL: pricingURL, ID: pp.ID, Name: pp.Name.In(l), UseClasses: uses,
				Basis: word(l, pp.Basis), Billing: word(l, pp.Settlement.Billing)}
		}
	}
	if ds.Access != nil && ds.Access.Application != nil {
		a := ds.Access.Application
		av := &appView{Eligible: a.Eligible.In(l), PurposeRequired: a.PurposeRequired, ReviewDays: a.ReviewDays}
		if a.Delivery != "" {
			av.Delivery = word(l, a.Delivery)
		}
		if len(a.Materials) > 0 {
			av.Materials = make([]string, len(a.Materials))
			for i, m := range a.Materials {
				av.Materials[i] = m.In(l)
			}
		}
		v.Application = av
	}
	v.Versions = p.versionRows(ds)
	v.Changelog = make([]changeView, len(ds.Changelog))
	for i, c := range ds.Changelog {
		v.Changelog[i] = changeView{Version: c.Version, Date: string(c.Date), Summary: c.Summary.In(l)}
	}
	return v
}
