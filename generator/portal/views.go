package portal

import (
	"html/template"
	"path"
	"strings"
	"unicode"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/license"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/present"
)

// The hot templates (the dataset page and the dataset list item, 80% of the output)
// read precomputed views: plain fields with the text already localized and the URLs
// already made relative, so that executing them costs field look-ups on flat structs
// rather than a reflective method call (and an embedded-field search) per value.

// link is a localized name and the relative URL of its page.
type link struct{ URL, Name string }

// dsView is what the dataset page shows of one dataset in one language.
//
// The page is laid out as: title and badges; the primary-action area (Actions, or
// Notice when the dataset offers none); the facts; then one section per entry of
// Sections, listed in an "on this page" menu. A feature that adds to the page adds an
// action to Actions, a badge to Badges, or a section to Sections and its template.
type dsView struct {
	Title, OpenType, OpenWord, OpenMeaning, Version string
	Description                                     template.HTML
	// Badges are extra labels beside the open type (e.g. overdue), each with a CSS
	// class.
	Badges []badge
	// Actions are the buttons at the top of the page: a download per data file of an
	// open dataset, "apply" for a conditional one.
	Actions []action
	// Notice says why the page has no action (not open, no files yet).
	Notice, NoticeDetail string
	// Dept is the responsible department's page, nil when the id names none;
	// Department is then the bare id.
	Dept       *link
	Department string
	// PublishedBy says which catalog publishes the dataset ("市级", "区级（pudong）").
	PublishedBy string
	Themes      []link
	// Keywords are the keywords in the page's language, joined.
	Keywords string
	// License is the dataset's licence id; LicenseName what the page shows (a
	// custom licence's name) and LicenseURL where its text is.
	License, LicenseName, LicenseURL string
	// HasRights says whether the dataset states terms of use (Rights).
	HasRights                bool
	Rights                   string
	FreqWord, LastModified   string
	Fresh, FreshText, Issued string
	// GradeWord is the data grade, LevelWord the security level with its meaning.
	GradeWord, LevelWord string
	Columns              []colView
	// ColumnRows are Columns as the data dictionary's rows (rows.go); "" leaves
	// them to the template.
	ColumnRows  template.HTML
	Extract     *extractView
	Policies    []policyView
	Application *appView
	// Apply is what the primary-action area shows beside the "apply" button of a
	// conditional dataset: where the application goes, the materials and the time
	// limit; nil for other datasets.
	Apply     *applyView
	Changelog []changeView
	// Versions are the rows of the version table (versions.go).
	Versions []versionRow
	// ObjectionURL opens the data-objection form pre-filled with the dataset and
	// its version, "" when the repository is not on GitHub; ObjectionGuide is the
	// guide page that says how objections are handled.
	ObjectionURL, ObjectionGuide string
	SourceURL, File              string
	JSONLD                       template.JS
	// Sections are the page's sections below the facts, in order, for the "on this
	// page" menu: URL is the section's #id.
	Sections []link
}

// badge is a label beside a dataset's open type.
type badge struct{ Class, Text string }

// action is one button of the dataset page's primary-action area.
type action struct {
	URL, Label string
	// Download marks a link to a file (the download attribute); Secondary a
	// less prominent button; External a link out of the portal (rel="noopener").
	Download, Secondary, External bool
}

// applyView is the application channel, checklist and time limit shown beside a
// conditional dataset's "apply" button.
type applyView struct {
	// Via says where the button leads (the issue form, the city's form, a mailbox).
	Via        string
	Materials  []string
	ReviewDays string
}

type colView struct {
	Name, Title, Type, Description string
	// ElementURL and ElementName name the column's data element; ElementURL is ""
	// when the column has none.
	ElementURL, ElementName string
	Level                   string
	Personal, Deid          string
	// DeidWhy is the reason a personal column is kept, when it is written in Chinese
	// on an English page (it is then marked lang="zh-CN"); otherwise Deid says it.
	DeidWhy string
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
	UseClasses     string
	Basis, Billing string
}

type appView struct {
	Eligible        string
	PurposeRequired bool
	Materials       []string
	ReviewDays      string
	Delivery        string
}

type changeView struct{ Version, Date, Summary string }

// datasetView is the dataset page's view of ds for page p.
func (p *Page) datasetView(ds *DS) *dsView {
	l, w := p.Lang, p.W
	v := &dsView{
		Title: ds.Title.In(l), OpenType: ds.OpenType, OpenWord: w.Word("open_type", ds.OpenType), OpenMeaning: w.Meaning("open_type", ds.OpenType),
		Version: ds.Version, Description: p.MD(ds.Description), Department: ds.Department,
		Keywords: w.List(ds.KeywordsIn(l)), License: ds.License,
		LicenseName: ds.License, LicenseURL: license.URL(ds.License, p.Site.Portal.Licenses),
		FreqWord: w.Word("frequency", ds.Update.Frequency), LastModified: string(ds.Update.LastModified),
		Fresh: ds.Fresh, FreshText: w.Word("fresh", ds.Fresh), Issued: string(ds.Issued),
		GradeWord: w.Word("grade", ds.Grade), LevelWord: w.Level(ds.Dataset.Level),
		ObjectionURL: p.Site.datasetObjection(ds, l, ds.Version, ""), ObjectionGuide: p.ObjectionURL(), SourceURL: p.SourceURL(ds.File), File: ds.File,
		JSONLD: p.JSONLD(ds),
	}
	v.PublishedBy = w.Word("dept_level", "city")
	if ds.PublishedBy != "city" {
		v.PublishedBy = w.Word("dept_level", "district") + w.Paren(ds.PublishedBy)
	}
	if ds.Fresh == "overdue" {
		v.Badges = append(v.Badges, badge{Class: "overdue", Text: w.UI["overdue"]})
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
		cv := colView{Name: c.Name, Title: p.TxP(c.Title), Type: w.Word("type", typ), Description: p.TxP(c.Description),
			Level: w.LevelName(c.Level), Personal: w.Word("personal", c.PersonalInfo)}
		eff := deid.Effective(*c)
		if l != "zh" && eff.Op == model.OpKeep && hasHan(eff.Why) {
			cv.DeidWhy, eff.Why = eff.Why, ""
		}
		cv.Deid = deid.Describe(l, eff)
		if c.Element != "" {
			if p.Site.elemByID[c.Element] != nil {
				cv.ElementURL = p.U("elements/" + c.Element + "/")
			}
			cv.ElementName = p.ElementName(c.Element)
		}
		v.Columns[i] = cv
	}
	v.ColumnRows = columnRows(v.Columns, p.dictLabels())
	v.Sections = append(v.Sections, link{"#h-dict", w.UI["dictionary"]}, link{"#h-prev", w.UI["preview"]})
	if e := ds.Extract; e != nil {
		ev := &extractView{Header: e.Header, Rows: make([][]string, len(e.Rows)), Files: make([]fileView, len(e.Files))}
		for i, r := range e.Rows {
			ev.Rows[i] = make([]string, len(r))
			for j, c := range r {
				ev.Rows[i][j] = p.Clip(c, 40)
			}
		}
		for i, f := range e.Files {
			base := path.Base(f.Path)
			ev.Files[i] = fileView{URL: p.Asset(f.Path), Base: base, Size: present.Size(f.Size), SHA256: f.SHA256}
			if base == "quality.json" {
				ev.Quality = &qualityView{URL: ev.Files[i].URL, In: e.RowsIn, Written: e.RowsWritten, Suppressed: e.RowsSuppressed,
					Rejected: e.RowsRejected, SubjSupp: e.SubjectsSuppressed, K: e.K, L: e.L, Subject: e.Subject, Checks: e.Checks, Passed: e.ChecksPassed}
			}
			for _, format := range ds.Formats {
				if strings.EqualFold(path.Ext(base), "."+format) {
					v.Actions = append(v.Actions, action{URL: ev.Files[i].URL, Download: true, Secondary: len(v.Actions) > 0,
						Label: w.F("download_button", "format", w.Word("format", format), "size", ev.Files[i].Size)})
				}
			}
		}
		v.Extract = ev
		v.Actions = append(v.Actions, action{URL: "#h-dl", Label: w.UI["see_files"], Secondary: true})
	}
	v.Sections = append(v.Sections, link{"#h-dl", w.UI["downloads"]})
	switch {
	case ds.OpenType == model.OpenNonOpen:
		v.Notice, v.NoticeDetail = w.UI["not_open"], w.UI["not_open_note"]
	case ds.OpenType == model.OpenConditional && ds.Access != nil && ds.Access.Application != nil:
		a := ds.Access.Application
		av := &applyView{Materials: textsIn(a.Materials, l)}
		if a.ReviewDays > 0 {
			av.ReviewDays = w.Count("working_days", a.ReviewDays)
		}
		if u, channel := p.Site.applyLink(ds, l); u != "" {
			v.Actions = append(v.Actions, action{URL: u, Label: w.UI["apply"], External: true})
			av.Via = w.UI["apply_via_"+channel]
			if channel == "email" {
				av.Via = w.F("apply_via_email", "address", p.Site.Portal.Applications.Email)
			}
		} else {
			// no channel to send it through: the button shows how to apply
			v.Actions = append(v.Actions, action{URL: "#h-app", Label: w.UI["apply"]})
		}
		v.Actions = append(v.Actions, action{URL: "#h-app", Label: w.UI["application"], Secondary: true})
		v.Apply = av
		v.NoticeDetail = w.UI["apply_note"]
	case ds.OpenType == model.OpenUnconditional && ds.Extract == nil:
		v.Notice = w.UI["no_extract"]
	}
	if len(ds.Policies) > 0 {
		pricingURL := p.U("pricing/")
		v.Policies = make([]policyView, len(ds.Policies))
		for i, pp := range ds.Policies {
			v.Policies[i] = policyView{URL: pricingURL, ID: pp.ID, Name: pp.Name.In(l), UseClasses: w.Words("use_class", pp.UseClasses),
				Basis: w.Word("basis", pp.Basis), Billing: w.Word("billing", pp.Settlement.Billing)}
		}
	}
	v.Sections = append(v.Sections, link{"#h-price", w.UI["applicable_pricing"]})
	if ds.Access != nil && ds.Access.Application != nil {
		a := ds.Access.Application
		av := &appView{Eligible: a.Eligible.In(l), PurposeRequired: a.PurposeRequired}
		if a.ReviewDays > 0 {
			av.ReviewDays = w.Count("working_days", a.ReviewDays)
		}
		if a.Delivery != "" {
			av.Delivery = w.Word("delivery", a.Delivery)
		}
		av.Materials = textsIn(a.Materials, l)
		v.Application = av
		v.Sections = append(v.Sections, link{"#h-app", w.UI["application"]})
	}
	v.Versions = p.versionRows(ds)
	v.Changelog = make([]changeView, len(ds.Changelog))
	for i, c := range ds.Changelog {
		v.Changelog[i] = changeView{Version: c.Version, Date: string(c.Date), Summary: c.Summary.In(l)}
	}
	v.Sections = append(v.Sections, link{"#h-log", w.UI["versions"]})
	return v
}

// dictLabels are the data dictionary's column labels, which the rows repeat (as
// data-l) so that each row reads as a card on a narrow screen.
func (p *Page) dictLabels() dictLabels {
	t := p.T
	return dictLabels{Title: t["col_title"], Type: t["col_type"], Desc: t["col_desc"], Level: t["col_level"],
		Personal: t["col_personal"], Deid: t["col_deid"], Element: t["col_element"], Colon: p.W.Colon()}
}

// textsIn is texts in lang, nil when there are none.
func textsIn(texts []model.Text, lang string) []string {
	if len(texts) == 0 {
		return nil
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = t.In(lang)
	}
	return out
}

// hasHan reports whether s has a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
