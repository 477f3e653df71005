// Package importer converts existing open-data metadata (CKAN package_show or
// package_search responses, Project Open Data v1.1 data.json catalogs, JKAN dataset
// pages) into shuyuan catalog files, and keeps them in sync with their source.
//
// It maps what maps — title, description (HTML cleaned to Markdown), publisher →
// department, keywords, licence → SPDX, temporal coverage, update frequency (ISO
// 8601 or free text in Chinese, Japanese or English), access level → open type —
// and writes TODO(author) markers where a value cannot be known from the source
// (columns, grade, levels, theme), so the files pass the schema and `shuyuan lint`
// lists exactly what is left to write. Text in a language other than Chinese or
// English goes into the text's untranslated part, never into zh as if it were
// Chinese.
//
// Each dataset records its origin (format, source, the record's id in the source
// and a hash per field the source owns). A Session run with Options.Update works
// as a CKAN harvester does: records new to the catalog are added; records found
// again by their origin are updated in place, but only in the fields whose hash
// changed, so local edits to every other field survive, and with the version bump
// and changelog entry the version rules require (lint.DatasetBump); records that
// disappeared from their source are reported as withdrawn and their published
// datasets marked deprecated — CKAN's harvesters delete such datasets softly
// (package_delete keeps them, restorable); retiring one stays a reviewer's choice.
package importer

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
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
	// Catalog is the catalog imported into, nil when it does not exist yet: its
	// datasets' origins say which records were imported before.
	Catalog *load.Catalog
	// Update updates records imported before, instead of rejecting them, and
	// reports the records that left their source as withdrawn.
	Update bool
	// Lenient keeps Project Open Data records that miss fields POD requires but a
	// catalog does not need (keyword, modified, publisher, contactPoint,
	// identifier, accessLevel, description), with TODO markers, instead of
	// rejecting them.
	Lenient bool
}

// Actions a File stands for.
const (
	ActionAdd      = "added"
	ActionUpdate   = "updated"
	ActionWithdraw = "withdrawn"
)

// File is one catalog file the import produces.
type File struct {
	// Path is catalog-relative, e.g. datasets/<department>/<id>.yaml.
	Path string
	// Kind is Dataset or Department.
	Kind string
	// Data is the YAML text to write; nil for a withdrawn draft, which is only
	// reported.
	Data []byte
	// Action is ActionAdd (a new file), ActionUpdate or ActionWithdraw (an existing
	// file rewritten, or only reported when Data is nil).
	Action string
	// Note says what changed, for the report, e.g. "1.0.0 → 1.1.0: description".
	Note string

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
	pos := displayName(e.File)
	if e.Line > 0 {
		pos = fmt.Sprintf("%s:%d:%d", pos, e.Line, e.Col)
	}
	if e.Record != "" {
		return fmt.Sprintf("%s: %s: %s", pos, e.Record, e.Message)
	}
	return fmt.Sprintf("%s: %s", pos, e.Message)
}

// displayName returns a file name as it can be printed: unchanged when it is
// UTF-8, in whatever script; quoted with its bytes escaped when it is not (a file
// named in GBK on a UTF-8 system), rather than mojibake.
func displayName(name string) string {
	if utf8.ValidString(name) {
		return name
	}
	return fmt.Sprintf("%+q", name)
}

// Stats counts what an import did.
type Stats struct {
	// Files is the number of input files read; FileErrors of them could not be
	// read as their format at all.
	Files, FileErrors int
	// Records is the number of dataset records read. Each was Added (a new file),
	// Updated, Unchanged, or Failed (rejected with an Error).
	Records, Added, Updated, Unchanged, Failed int
	// Lenient counts the added or updated records kept by Options.Lenient.
	Lenient int
	// Withdrawn counts the datasets whose record left its source.
	Withdrawn int
	// Departments is the number of department stubs written.
	Departments int
	// Fields counts, per catalog field, the added datasets where it was mapped from
	// the source.
	Fields map[string]int
	// Todo counts, per catalog field, the added datasets where it was left as
	// TODO(author).
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
	source      string // the harvest source the record was read from (Origin.Source)
	sourceID    string // the record's identifier in its source (Origin.ID)
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
	missing     []string // fields the format requires that the record lacks (kept by Lenient)
}

// origin is the identity of a record: format, source and id in the source.
type origin struct{ format, source, id string }

// builder collects the files of one import session.
type builder struct {
	opts      Options
	format    string
	res       *Result
	ids       map[string]bool // dataset paths already written in this import
	depts     map[string]string
	existing  func(path string) bool
	validator *load.Validator // made on first use: only updates are validated

	// The datasets of Options.Catalog by origin, and by format and id alone (a
	// record found under another source name); which of them this session met
	// again; the sources it read; the origins of the records it read.
	byOrigin map[origin]*load.Doc[model.Dataset]
	byID     map[[2]string][]*load.Doc[model.Dataset]
	met      map[*load.Doc[model.Dataset]]bool
	sources  map[string]bool
	read     map[origin]string
}

func newBuilder(format string, opts Options, exists func(string) bool) *builder {
	if exists == nil {
		exists = func(string) bool { return false }
	}
	b := &builder{opts: opts, format: format, res: &Result{Stats: Stats{Fields: map[string]int{}, Todo: map[string]int{}}},
		ids: map[string]bool{}, depts: map[string]string{}, existing: exists,
		byOrigin: map[origin]*load.Doc[model.Dataset]{}, byID: map[[2]string][]*load.Doc[model.Dataset]{},
		met: map[*load.Doc[model.Dataset]]bool{}, sources: map[string]bool{}, read: map[origin]string{}}
	if opts.Catalog != nil {
		for _, d := range opts.Catalog.Datasets {
			o := d.V.Origin
			if o == nil || o.Format != format {
				continue
			}
			b.byOrigin[origin{o.Format, o.Source, o.ID}] = d
			k := [2]string{o.Format, o.ID}
			b.byID[k] = append(b.byID[k], d)
		}
	}
	return b
}

func (b *builder) fail(e Error) {
	b.res.Errors = append(b.res.Errors, e)
	b.res.Stats.Failed++
}

// find returns the dataset imported before from the record's origin: the one with
// the same format, source and id, else the only one with the same format and id.
func (b *builder) find(r *record) *load.Doc[model.Dataset] {
	if d := b.byOrigin[origin{b.format, r.source, r.sourceID}]; d != nil {
		return d
	}
	if l := b.byID[[2]string{b.format, r.sourceID}]; len(l) == 1 {
		return l[0]
	}
	return nil
}

// add imports one record: a new dataset file and its department stub, or, for a
// record imported before, an update of its file (Options.Update) or an error.
func (b *builder) add(r record) {
	st := &b.res.Stats
	r.license = spdx(r.licenseRaw...)
	if r.sourceID == "" {
		r.sourceID = hashID("record-", r.file+"\x00"+r.where+"\x00"+r.title)
	}
	key := origin{b.format, r.source, r.sourceID}
	if first, dup := b.read[key]; dup {
		b.fail(Error{File: r.input, Line: r.line, Col: 1, Record: r.where,
			Message: fmt.Sprintf("the source holds this record twice (id %q, first at %s): only the first was imported", r.sourceID, first)})
		return
	}
	b.read[key] = fmt.Sprintf("%s:%d", displayName(r.input), r.line)
	if d := b.find(&r); d != nil {
		b.met[d] = true
		if !b.opts.Update {
			b.fail(Error{File: r.input, Line: r.line, Col: 1, Record: r.where,
				Message: fmt.Sprintf("already imported as %s: run shuyuan import --update to update it from the source", d.Path)})
			return
		}
		b.update(d, &r)
		return
	}
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
	if p := "datasets/" + dept + "/" + id + ".yaml"; b.existing(p) {
		msg := p + " already exists: import never overwrites a file it did not write; pass --update to update the records imported before, or delete the file and import again"
		if b.opts.Update {
			msg = fmt.Sprintf("%s already exists but was not imported from this record (no origin %s %s %q): rename one of them, or delete the file and import again", p, b.format, r.source, r.sourceID)
		}
		b.fail(Error{File: r.input, Line: r.line, Col: 1, Record: r.where, Message: msg})
		return
	}
	base := id
	for n := 2; b.ids[dept+"/"+id]; n++ {
		suffix := fmt.Sprintf("-%d", n)
		id = strings.TrimRight(base[:min(len(base), 64-len(suffix))], "-") + suffix
	}
	b.ids[dept+"/"+id] = true
	data := []byte(joinBlocks(b.blocks(&r, id, dept, st, nil)))
	b.res.Files = append(b.res.Files, File{Path: "datasets/" + dept + "/" + id + ".yaml", Kind: model.KindDataset, Data: data, Action: ActionAdd, rec: &r})
	st.Added++
	if len(r.missing) > 0 {
		st.Lenient++
	}
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
		b.res.Files = append(b.res.Files, File{Path: path, Kind: model.KindDepartment, Data: departmentStub(id, name, r.file), Action: ActionAdd})
		b.res.Stats.Departments++
	}
	return id
}
