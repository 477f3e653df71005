package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ownedFields are the fields a source owns, in the order origin.hashes lists them.
// An update rewrites one only when its hash changed; every other field of an
// imported dataset belongs to the catalog.
var ownedFields = []string{"title", "description", "keywords", "license", "open_type",
	"update.frequency", "update.last_modified", "issued", "temporal"}

// refreshFields are the owned fields that record a refresh of the data, not a
// change of the dataset (the version rules' refresh fields): a changelog entry
// does not list them.
var refreshFields = map[string]bool{"update.last_modified": true}

// hashes returns, for each field the source owns, the first 12 hex digits of the
// SHA-256 of what the source says for it: the raw values the file's field is
// mapped from, so that a change in the source is seen even where the mapping
// gives the same value.
func (r *record) hashes() map[string]string {
	var temporal string
	if r.temporal != nil {
		temporal = string(r.temporal.Start) + "/" + string(r.temporal.End)
	}
	values := map[string]string{
		"title":                r.title,
		"description":          r.description,
		"keywords":             strings.Join(r.keywords, "\n"),
		"license":              strings.Join(append([]string{r.license}, nonEmpty(r.licenseRaw)...), "\n"),
		"open_type":            fmt.Sprintf("%s\n%t\n%s", r.openType, r.openMapped, r.accessRaw),
		"update.frequency":     r.freqRaw,
		"update.last_modified": r.modified,
		"issued":               r.issued,
		"temporal":             temporal,
	}
	out := make(map[string]string, len(values))
	for k, v := range values {
		sum := sha256.Sum256([]byte(k + "\x00" + v))
		out[k] = hex.EncodeToString(sum[:6])
	}
	return out
}

// update brings the dataset d, imported before from r's source record, up to date:
// the fields whose hash changed are rewritten from r, everything else stays as the
// catalog has it; the version grows as lint.DatasetBump says, with a changelog
// entry, and origin records the new hashes.
func (b *builder) update(d *load.Doc[model.Dataset], r *record) {
	st := &b.res.Stats
	var old map[string]string
	if d.V.Origin != nil {
		old = d.V.Origin.Hashes
		r.source = d.V.Origin.Source // the record stays in the source it was first imported from
	}
	now := r.hashes()
	var changed []string
	for _, k := range ownedFields {
		if old[k] != now[k] {
			changed = append(changed, k)
		}
	}
	if len(changed) == 0 {
		st.Unchanged++
		return
	}
	fail := func(why string) {
		b.fail(Error{File: r.input, Line: r.line, Col: 1, Record: r.where,
			Message: fmt.Sprintf("cannot update %s: %s; update it by hand from the source, or delete it and import again", d.Path, why)})
	}
	scratch := Stats{Fields: map[string]int{}, Todo: map[string]int{}}
	nb := b.blocks(r, d.V.ID, d.V.Department, &scratch, d.V)
	open := r.openType
	if open == "" {
		open = model.OpenUnconditional
	}
	ed := newEditor(d.Src)
	for _, k := range changed {
		switch k {
		case "title", "description", "keywords", "issued", "temporal":
			ed.set(k, blockOf(nb, k))
		case "license":
			if t := blockOf(nb, "license"); t != "" {
				ed.set("license", t)
			}
		case "open_type":
			ed.set("open_type", blockOf(nb, "open_type"))
			for _, need := range []string{"license", "rights", "access"} {
				if t := blockOf(nb, need); t != "" && !ed.has(need) {
					ed.set(need, t)
				}
			}
		case "update.frequency", "update.last_modified":
			sub := strings.TrimPrefix(k, "update.")
			if err := ed.setChild("update", sub, childText(blockOf(nb, "update"), sub)); err != nil {
				ed.set("update", mergeUpdate(blockOf(nb, "update"), d.V.Update, changed))
			}
		}
	}
	ed.set("origin", blockOf(nb, "origin"))
	cur, why := b.check(d.Path, ed)
	if cur == nil {
		fail(why)
		return
	}
	var listed []string
	for _, k := range changed {
		if !refreshFields[k] {
			listed = append(listed, k)
		}
	}
	note := "refreshed " + strings.Join(changed, ", ") + " (the version rules ask for no new version)"
	if bump := lint.DatasetBump(d, cur); bump != lint.BumpNone {
		next := lint.NextVersion(d.V.Version, bump)
		what := strings.Join(listed, "、")
		summary := fmt.Sprintf("{zh: %s, en: %s}", yamlString(fmt.Sprintf("从 %s（%s）更新：%s", r.source, b.format, what)),
			yamlString(fmt.Sprintf("Updated from %s (%s): %s", r.source, b.format, strings.Join(listed, ", "))))
		if why := b.newVersion(ed, next, b.changeDate(r), summary); why != "" {
			fail(why)
			return
		}
		if cur, why = b.check(d.Path, ed); cur == nil {
			fail(why)
			return
		}
		note = fmt.Sprintf("%s → %s (%s): %s", d.V.Version, next, bump, strings.Join(changed, ", "))
	}
	b.res.Files = append(b.res.Files, File{Path: d.Path, Kind: model.KindDataset, Data: ed.bytes(), Action: ActionUpdate, Note: note, rec: r})
	st.Updated++
	if len(r.missing) > 0 {
		st.Lenient++
	}
}

// mergeUpdate renders the update block of a file whose update mapping is written
// on one line: the changed subfields from the source's rendering, the others as
// the catalog holds them.
func mergeUpdate(rendered string, cur model.DatasetUpdate, changed []string) string {
	has := func(k string) bool {
		for _, c := range changed {
			if c == "update."+k {
				return true
			}
		}
		return false
	}
	out := "update:\n"
	if has("frequency") {
		out += childText(rendered, "frequency")
	} else {
		out += fmt.Sprintf("  frequency: %s\n", cur.Frequency)
	}
	if has("last_modified") {
		out += childText(rendered, "last_modified")
	} else if cur.LastModified != "" {
		out += fmt.Sprintf("  last_modified: %s\n", cur.LastModified)
	}
	return out
}

// newVersion sets the file's version to next and puts a changelog entry for it
// first; it returns why it could not.
func (b *builder) newVersion(ed *editor, next, date, summary string) string {
	if _, _, ok := ed.span("version"); !ok {
		return "it has no version"
	}
	ed.set("version", "version: "+next+"\n")
	item := fmt.Sprintf("- version: %s\n  date: %s\n  summary: %s\n", next, date, summary)
	if err := ed.prependListItem("changelog", item); err != nil {
		return "its changelog cannot take a new entry (" + err.Error() + ")"
	}
	return ""
}

// check validates an edited dataset file as lint's yaml and schema rules would.
func (b *builder) check(p string, ed *editor) (*load.Doc[model.Dataset], string) {
	if b.validator == nil {
		v, err := load.NewValidator()
		if err != nil {
			return nil, err.Error()
		}
		b.validator = v
	}
	cur, fds := b.validator.Dataset(p, ed.bytes())
	if len(fds) > 0 {
		return nil, fmt.Sprintf("the updated file would fail the schema (%s at line %d: %s)", fds[0].Rule, fds[0].Line, fds[0].Message)
	}
	return cur, ""
}

// withdraw reports every dataset imported before from a source this session read
// in full whose record was not there any more, as CKAN's harvesters do with the
// guids of a harvest source missing from a new harvest. CKAN deletes those datasets
// softly (package_delete: the record stays and can be restored); here a published
// dataset is marked status: deprecated, with a new version and changelog entry, so
// consumers see it; a draft, never published, is only reported; one already
// deprecated or retired is left as it is. Retiring a dataset (no more extracts)
// stays a reviewer's decision.
func (b *builder) withdraw() {
	if !b.opts.Update || b.opts.Catalog == nil {
		return
	}
	st := &b.res.Stats
	for _, d := range b.opts.Catalog.Datasets {
		o := d.V.Origin
		if o == nil || o.Format != b.format || !b.sources[o.Source] || b.met[d] {
			continue
		}
		st.Withdrawn++
		f := File{Path: d.Path, Kind: model.KindDataset, Action: ActionWithdraw}
		switch d.V.Status {
		case "draft":
			f.Note = fmt.Sprintf("record %q is no longer in %s; the dataset is a draft, left as it is: delete the file if it is not wanted", o.ID, o.Source)
		case "deprecated", "retired":
			f.Note = fmt.Sprintf("record %q is no longer in %s; the dataset is already %s", o.ID, o.Source, d.V.Status)
		default:
			ed := newEditor(d.Src)
			ed.set("status", fmt.Sprintf("status: deprecated   # the source record left %s (shuyuan import --update); set retired to stop publishing it\n", yamlComment(o.Source)))
			summary := fmt.Sprintf("{zh: %s, en: %s}", yamlString(fmt.Sprintf("源记录已从 %s（%s）撤下，数据集标记为已弃用", o.Source, o.Format)),
				yamlString(fmt.Sprintf("The source record was withdrawn from %s (%s); the dataset is deprecated", o.Source, o.Format)))
			cur, why := b.check(d.Path, ed)
			next := d.V.Version
			if cur != nil {
				next = lint.NextVersion(d.V.Version, max(lint.DatasetBump(d, cur), lint.BumpMinor))
				why = b.newVersion(ed, next, b.opts.Now.Format("2006-01-02"), summary)
			}
			if why == "" {
				_, why = b.check(d.Path, ed)
			}
			if why != "" {
				b.res.Errors = append(b.res.Errors, Error{File: d.Path, Line: 1, Col: 1,
					Message: fmt.Sprintf("the source record %q is no longer in %s, but the dataset cannot be marked deprecated: %s; mark it by hand", o.ID, o.Source, why)})
				continue
			}
			f.Data = ed.bytes()
			f.Note = fmt.Sprintf("record %q is no longer in %s: status deprecated, %s → %s", o.ID, o.Source, d.V.Version, next)
		}
		b.res.Files = append(b.res.Files, f)
	}
}

// Input is what one command-line argument names: a file, a folder, or a JKAN site.
type Input struct {
	// Source is the harvest source's name (Origin.Source): the base name of the
	// file or folder, or of the JKAN site root.
	Source string
	// Files are the paths of the files to read, in order (a JKAN site's
	// organization pages before its dataset pages).
	Files []string
}

// sourceName is the harvest source name of a path: its cleaned base name.
func sourceName(p string) string {
	return path.Base(strings.ReplaceAll(p, "\\", "/"))
}
