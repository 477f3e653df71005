// Package importer converts existing open-data metadata (CKAN package_show or
// package_search responses, Project Open Data v1.1 data.json catalogs, JKAN dataset
// pages) into shuyuan catalog files. It maps what maps — title, description (HTML
// cleaned to Markdown), publisher → department, keywords, licence → SPDX, temporal
// coverage, update frequency (ISO 8601 or free text in Chinese, Japanese or
// English), access level → open type — and writes TODO(author) markers where a
// value cannot be known from the source (columns, grade, levels, theme), so the
// files pass the schema and `shuyuan lint` lists exactly what is left to write.
package importer

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/schema"
)

// Formats are the input formats Import reads.
var Formats = []string{"ckan", "datajson", "jkan"}

// marker flags a value the author must fill in (reported by the lint rule todo).
const marker = "TODO(author)"

// Options configure an import.
type Options struct {
	// Department, when set, owns every imported dataset instead of the departments
	// derived from the publishers.
	Department string
	// Theme is the portal theme written into each dataset (marked for review); the
	// first theme of the portal when the caller knows it.
	Theme string
	// Themes lists the portal's theme ids, for the comment that asks to choose.
	Themes []string
	// ThemeText holds each theme's names and description, to suggest the theme whose
	// words the source's categories and keywords share.
	ThemeText map[string]string
	// Now dates the changelog entry when the source has no modification date.
	Now time.Time
}

// File is one catalog file the import produces.
type File struct {
	// Path is catalog-relative, e.g. datasets/<department>/<id>.yaml.
	Path string
	// Kind is Dataset or Department.
	Kind string
	// Data is the YAML text.
	Data []byte

	rec *record // the source record of a dataset, for the round-trip tests
}

// Error is one record that could not be imported, with where it is in its file.
type Error struct {
	File      string
	Line, Col int
	// Record names the record, e.g. dataset[12] "Provider Table".
	Record  string
	Message string
}

func (e Error) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	}
	if e.Record != "" {
		return fmt.Sprintf("%s: %s: %s", pos, e.Record, e.Message)
	}
	return fmt.Sprintf("%s: %s", pos, e.Message)
}

// Stats counts what an import did.
type Stats struct {
	// Records is the number of dataset records read; Imported were written,
	// Failed were rejected with an Error.
	Records, Imported, Failed int
	// Departments is the number of department stubs written.
	Departments int
	// Fields counts, per catalog field, the datasets where it was mapped from the source.
	Fields map[string]int
	// Todo counts, per catalog field, the datasets where it was left as TODO(author).
	Todo map[string]int
}

// Result is the outcome of an import.
type Result struct {
	Files  []File
	Errors []Error
	Stats  Stats
}

// record is one dataset read from any format.
type record struct {
	file, where string // input file and record name, for the header comment
	input       string // input file as given, for errors
	line        int    // line of the record in its input file
	name        string // the source's own id or slug, for the dataset id
	title       string
	description string
	publisher   string // organisation name
	publisherID string // organisation slug in the source, if any
	keywords    []string
	licenseRaw  []string // id, URL, title: tried in order
	license     string   // SPDX
	temporal    *model.Temporal
	freqRaw     string
	openType    string
	openMapped  bool
	accessRaw   string
	issued      string
	modified    string
	landingPage string
	groups      []string // source categories, for the theme comment
	resources   []string // "name (FORMAT)" of the distributions, for the columns comment
}

// builder collects the files of one import.
type builder struct {
	opts     Options
	res      *Result
	ids      map[string]bool // dataset paths already written in this import
	depts    map[string]string
	existing func(path string) bool
}

func newBuilder(opts Options, exists func(string) bool) *builder {
	if exists == nil {
		exists = func(string) bool { return false }
	}
	return &builder{opts: opts, res: &Result{Stats: Stats{Fields: map[string]int{}, Todo: map[string]int{}}},
		ids: map[string]bool{}, depts: map[string]string{}, existing: exists}
}

func (b *builder) fail(e Error) {
	b.res.Errors = append(b.res.Errors, e)
	b.res.Stats.Failed++
}

// add converts a record and its department stub into files.
func (b *builder) add(r record, fmtName string) {
	st := &b.res.Stats
	dept := b.opts.Department
	if dept == "" {
		dept = b.department(r)
	}
	id := slugify(r.name, 64)
	if id == "" || len(id) < 3 {
		id = slugify(r.title, 64)
	}
	if id == "" {
		id = hashID("dataset-", r.file+"\x00"+r.where+"\x00"+r.title)
	}
	if b.existing("datasets/" + dept + "/" + id + ".yaml") {
		b.fail(Error{File: r.input, Line: r.line, Col: 1, Record: r.where,
			Message: fmt.Sprintf("datasets/%s/%s.yaml already exists: import never overwrites; edit that file, or delete it and import again", dept, id)})
		return
	}
	base := id
	for n := 2; b.ids[dept+"/"+id]; n++ {
		suffix := fmt.Sprintf("-%d", n)
		id = strings.TrimRight(base[:min(len(base), 64-len(suffix))], "-") + suffix
	}
	b.ids[dept+"/"+id] = true
	r.license = spdx(r.licenseRaw...)
	b.res.Files = append(b.res.Files, File{Path: "datasets/" + dept + "/" + id + ".yaml", Kind: model.KindDataset, Data: b.render(r, id, dept, fmtName), rec: &r})
	st.Imported++
}

// unknownPublisher names the department of records without a publishing organisation.
const unknownPublisher = "unknown publisher"

// department returns the department id of a record's publisher, writing a stub the
// first time a publisher is seen.
func (b *builder) department(r record) string {
	name := strings.TrimSpace(r.publisher)
	if name == "" {
		name = unknownPublisher
	}
	if id, ok := b.depts[name]; ok {
		return id
	}
	id := slugify(r.publisherID, 64)
	if id == "" {
		id = slugify(name, 64)
	}
	if id == "" {
		id = hashID("dept-", name)
	}
	for n := 2; ; n++ {
		taken := false
		for _, v := range b.depts {
			taken = taken || v == id
		}
		if !taken {
			break
		}
		id = fmt.Sprintf("%s-%d", strings.TrimSuffix(id, fmt.Sprintf("-%d", n-1)), n)
	}
	b.depts[name] = id
	path := "departments/" + id + ".yaml"
	if !b.existing(path) {
		b.res.Files = append(b.res.Files, File{Path: path, Kind: model.KindDepartment, Data: departmentStub(id, name, r.file)})
		b.res.Stats.Departments++
	}
	return id
}

func departmentStub(id, name, from string) []byte {
	var w strings.Builder
	fmt.Fprintf(&w, "# yaml-language-server: $schema=%s%s\n", schema.BaseURL, schema.FileFor(model.KindDepartment))
	fmt.Fprintf(&w, "# Department stub written by `shuyuan import` for the publisher of %s.\n", yamlComment(from))
	w.WriteString("# Every value to fill in carries a TODO marker; shuyuan lint lists each one (rule todo).\n")
	w.WriteString("kind: Department\n")
	fmt.Fprintf(&w, "id: %s\n", yamlString(id))
	w.WriteString("name:\n")
	if name == unknownPublisher {
		fmt.Fprintf(&w, "  zh: %s   # the source names no publishing organisation\n", yamlString(marker+": 部门名称"))
	} else if isCJK(name) {
		fmt.Fprintf(&w, "  zh: %s\n", yamlString(name))
		fmt.Fprintf(&w, "  en: %s   # %s: English name\n", yamlString(name), marker)
	} else {
		fmt.Fprintf(&w, "  zh: %s   # %s: Chinese name\n", yamlString(name), marker)
		fmt.Fprintf(&w, "  en: %s\n", yamlString(name))
	}
	fmt.Fprintf(&w, "level: city                    # %s: city or district (a district also needs district: \"<GB/T 2260 code>\")\n", marker)
	fmt.Fprintf(&w, "contact: data@example.gov.cn   # %s: the department's role mailbox (contact persons are not imported)\n", marker)
	return []byte(w.String())
}

// text writes a localized text field: Chinese or Japanese source text goes to zh;
// other text to en, copied into zh with a marker asking for a translation.
func text(w *strings.Builder, key, s, indent string) (todo bool) {
	if isCJK(s) {
		fmt.Fprintf(w, "%s%s:\n%s  zh: %s\n", indent, key, indent, yamlBlock(s, indent+"  "))
		return false
	}
	fmt.Fprintf(w, "%s%s:   # %s: translate into Chinese (zh)\n%s  zh: %s\n%s  en: %s\n", indent, key, marker, indent, yamlBlock(s, indent+"  "), indent, yamlBlock(s, indent+"  "))
	return true
}

func (b *builder) render(r record, id, dept, fmtName string) []byte {
	st := &b.res.Stats
	mapped := func(field string) { st.Fields[field]++ }
	todo := func(field string) { st.Todo[field]++ }
	var w strings.Builder
	fmt.Fprintf(&w, "# yaml-language-server: $schema=%s%s\n", schema.BaseURL, schema.FileFor(model.KindDataset))
	fmt.Fprintf(&w, "# Imported by `shuyuan import %s` from %s, %s.\n", fmtName, yamlComment(r.file), yamlComment(r.where))
	w.WriteString("# Values that could not be mapped carry a TODO marker: fill them in, remove the\n# marker, then run shuyuan lint (rule todo lists each one).\n")
	if r.landingPage != "" {
		fmt.Fprintf(&w, "# Source page: %s\n", yamlComment(r.landingPage))
	}
	w.WriteString("kind: Dataset\n")
	fmt.Fprintf(&w, "id: %s\n", yamlString(id))
	w.WriteString("version: 1.0.0\nstatus: draft\n")

	title := r.title
	if title == "" {
		title = marker + ": 数据集名称"
		todo("title")
	} else {
		mapped("title")
	}
	if text(&w, "title", title, "") {
		todo("translation")
	}
	desc := r.description
	if desc == "" {
		desc = marker + ": 数据集说明（50 字以上）"
		todo("description")
	} else {
		mapped("description")
	}
	text(&w, "description", desc, "")

	fmt.Fprintf(&w, "department: %s\n", yamlString(dept))
	if b.opts.Department == "" {
		if r.publisher != "" {
			mapped("department")
		}
	}
	theme := b.opts.Theme
	suggested := suggestTheme(append(append([]string{}, r.groups...), r.keywords...), b.opts.Themes, b.opts.ThemeText)
	if suggested != "" {
		theme = suggested
		st.Fields["themes (suggested)"]++
	}
	if theme == "" {
		theme = "todo"
	}
	fmt.Fprintf(&w, "themes: [%s]   # %s: ", theme, marker)
	if suggested != "" {
		w.WriteString("suggested from the source's categories and keywords; confirm or choose")
	} else {
		w.WriteString("choose the portal theme")
	}
	if len(b.opts.Themes) > 0 {
		fmt.Fprintf(&w, " (%s)", strings.Join(b.opts.Themes, ", "))
	}
	if len(r.groups) > 0 {
		fmt.Fprintf(&w, "; source categories: %s", yamlComment(strings.Join(r.groups, ", ")))
	}
	w.WriteString("\n")
	todo("themes")
	if len(r.keywords) > 0 {
		mapped("keywords")
		w.WriteString("keywords:\n")
		for _, k := range r.keywords {
			fmt.Fprintf(&w, "  - %s\n", yamlString(k))
		}
	}

	open := r.openType
	if open == "" {
		open = model.OpenUnconditional
	}
	if r.openMapped {
		mapped("open_type")
		fmt.Fprintf(&w, "open_type: %s   # from access level %s\n", open, yamlComment(r.accessRaw))
	} else {
		todo("open_type")
		fmt.Fprintf(&w, "open_type: %s   # %s: confirm (the source publishes it openly)\n", open, marker)
	}
	switch {
	case r.license != "":
		mapped("license")
		if open == model.OpenUnconditional {
			fmt.Fprintf(&w, "license: %s\n", r.license)
		} else {
			fmt.Fprintf(&w, "# license: %s (the source's licence; only unconditional data carries one)\n", r.license)
		}
	case open == model.OpenUnconditional:
		todo("license")
		raw := strings.Join(nonEmpty(r.licenseRaw), " / ")
		if raw == "" {
			raw = "none given"
		}
		fmt.Fprintf(&w, "license: %s   # source licence: %s\n", yamlString(marker+": SPDX id"), yamlComment(raw))
	}
	if open != model.OpenUnconditional {
		todo("rights")
		fmt.Fprintf(&w, "rights:\n  zh: %s\n", yamlString(marker+": 使用条件"))
	}
	fmt.Fprintf(&w, "grade: general   # %s: core | important | general (GB/T 43697)\n", marker)
	fmt.Fprintf(&w, "level: 1         # %s: 1..4, the highest column level\n", marker)
	todo("grade")
	todo("level")

	freq, exact := frequency(r.freqRaw)
	w.WriteString("update:\n")
	switch {
	case freq == "":
		todo("update.frequency")
		fmt.Fprintf(&w, "  frequency: irregular   # %s: the source gives no update frequency\n", marker)
	case !exact:
		mapped("update.frequency")
		todo("update.frequency")
		fmt.Fprintf(&w, "  frequency: %s   # %s: approximated from %s\n", freq, marker, yamlComment(r.freqRaw))
	default:
		mapped("update.frequency")
		fmt.Fprintf(&w, "  frequency: %s   # from %s\n", freq, yamlComment(r.freqRaw))
	}
	if r.modified != "" {
		mapped("update.last_modified")
		fmt.Fprintf(&w, "  last_modified: %s\n", r.modified)
	}
	if r.issued != "" {
		mapped("issued")
		fmt.Fprintf(&w, "issued: %s\n", r.issued)
	}
	if r.temporal != nil {
		mapped("temporal")
		w.WriteString("temporal:\n")
		if r.temporal.Start != "" {
			fmt.Fprintf(&w, "  start: %s\n", r.temporal.Start)
		}
		if r.temporal.End != "" {
			fmt.Fprintf(&w, "  end: %s\n", r.temporal.End)
		}
	}
	if open != model.OpenNonOpen {
		fmt.Fprintf(&w, "# source:   %s: where the raw rows come from, e.g. {format: csv, path: sources/%s/%s.csv}\n", marker, dept, id)
		todo("source")
	}
	w.WriteString("columns:\n")
	fmt.Fprintf(&w, "  # %s: the data dictionary cannot be imported: one entry per column, in order.\n", marker)
	if len(r.resources) > 0 {
		fmt.Fprintf(&w, "  # Source files: %s\n", yamlComment(strings.Join(r.resources, "; ")))
	}
	fmt.Fprintf(&w, "  - name: %s\n    type: string\n    level: 1\n    personal_info: none\n    role: insensitive\n", yamlString(marker))
	todo("columns")
	if open == model.OpenConditional {
		todo("access.application")
		fmt.Fprintf(&w, "access:\n  application:\n    eligible:\n      zh: %s\n", yamlString(marker+": 申请条件"))
	}
	changed := r.modified
	if changed == "" {
		changed = b.opts.Now.Format(time.DateOnly)
	}
	fmt.Fprintf(&w, "changelog:\n  - version: 1.0.0\n    date: %s\n    summary: {zh: 从 %s 导入, en: Imported from %s}\n", changed, fmtName, fmtName)
	return []byte(w.String())
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// keywords cleans, de-duplicates and keeps the order of keywords.
func keywords(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range in {
		k = oneLine(k)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// yamlString quotes s as a YAML double-quoted scalar (JSON string syntax, which
// YAML accepts), so no value can break the file.
func yamlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yamlBlock writes multi-line text as a literal block scalar indented under
// indent, and single lines as quoted scalars.
func yamlBlock(s, indent string) string {
	if !strings.Contains(s, "\n") {
		return yamlString(s)
	}
	var b strings.Builder
	b.WriteString("|-\n")
	for i, l := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if l != "" {
			b.WriteString(indent + "  " + l)
		}
	}
	return b.String()
}

// yamlComment makes s safe inside a comment: one line, no control characters.
func yamlComment(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return strings.ToValidUTF8(s, "")
}

// sortFiles orders the files by path so output is deterministic.
func sortFiles(fs []File) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
}
