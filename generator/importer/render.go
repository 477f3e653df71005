package importer

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/schema"
)

// block is one top-level part of a dataset file as the importer writes it: the
// lines of a key and its value, or comment lines (key "").
type block struct{ key, text string }

func joinBlocks(bs []block) string {
	var w strings.Builder
	for _, b := range bs {
		w.WriteString(b.text)
	}
	return w.String()
}

// blockOf returns the text of the block of key, "" when the file has none.
func blockOf(bs []block, key string) string {
	for _, b := range bs {
		if b.key == key {
			return b.text
		}
	}
	return ""
}

// blockOrder is the order of the top-level keys of an imported dataset file; an
// update inserts a key the file lacks after the nearest key before it here.
var blockOrder = []string{"kind", "id", "version", "status", "title", "description", "department", "themes", "keywords",
	"open_type", "license", "rights", "grade", "level", "update", "issued", "temporal", "columns", "access", "changelog", "origin"}

func departmentStub(id, name, from string) []byte {
	var w strings.Builder
	fmt.Fprintf(&w, "# yaml-language-server: $schema=%s%s\n", schema.BaseURL, schema.FileFor(model.KindDepartment))
	fmt.Fprintf(&w, "# Department stub written by `shuyuan import` for the publisher of %s.\n", yamlComment(from))
	w.WriteString("# Every value to fill in carries a TODO marker; shuyuan lint lists each one (rule todo).\n")
	w.WriteString("kind: Department\n")
	fmt.Fprintf(&w, "id: %s\n", yamlString(id))
	switch lang := language(name); {
	case name == unknownPublisher:
		fmt.Fprintf(&w, "name:\n  zh: %s   # the source names no publishing organisation\n", yamlString(marker+": 部门名称"))
	case lang == "zh":
		fmt.Fprintf(&w, "name:\n  zh: %s\n", yamlString(name))
		fmt.Fprintf(&w, "  en: %s   # %s: English name\n", yamlString(name), marker)
	case lang == "en":
		fmt.Fprintf(&w, "name:\n  zh: %s   # %s: Chinese name\n", yamlString(name), marker)
		fmt.Fprintf(&w, "  en: %s\n", yamlString(name))
	default:
		text, _ := localized("name", name, nil)
		w.WriteString(text)
	}
	fmt.Fprintf(&w, "level: city                    # %s: city or district (a district also needs district: \"<GB/T 2260 code>\")\n", marker)
	fmt.Fprintf(&w, "contact: data@example.gov.cn   # %s: the department's role mailbox (contact persons are not imported)\n", marker)
	return []byte(w.String())
}

// localized renders the localized text field key from the source's text s:
// Chinese to zh; English to en, copied into zh with a marker asking for a
// translation; any other language to untranslated, with a placeholder in zh. cur
// is the field as the catalog holds it (an update), nil for a new file: a
// translation written there is kept, with a marker asking to check it against the
// changed source. translate reports that a translation is asked for.
func localized(key, s string, cur *model.Text) (text string, translate bool) {
	var w strings.Builder
	lang := language(s)
	translated := func(t string) bool { return t != "" && !strings.Contains(t, marker) }
	switch {
	case lang == "zh" && cur != nil && cur.En != "":
		fmt.Fprintf(&w, "%s:   # %s: the source changed the Chinese text: check that en still says the same\n  zh: %s\n  en: %s\n",
			key, marker, yamlBlock(s, "  "), yamlBlock(cur.En, "  "))
	case lang == "zh":
		fmt.Fprintf(&w, "%s:\n  zh: %s\n", key, yamlBlock(s, "  "))
	case lang == "en" && cur != nil && translated(cur.Zh) && cur.Zh != cur.En:
		fmt.Fprintf(&w, "%s:   # %s: the source changed the English text: check that zh still says the same\n  zh: %s\n  en: %s\n",
			key, marker, yamlBlock(cur.Zh, "  "), yamlBlock(s, "  "))
	case lang == "en":
		fmt.Fprintf(&w, "%s:   # %s: translate into Chinese (zh)\n  zh: %s\n  en: %s\n", key, marker, yamlBlock(s, "  "), yamlBlock(s, "  "))
		translate = true
	case cur != nil && translated(cur.Zh):
		fmt.Fprintf(&w, "%s:   # %s: the source changed the original (untranslated): check that the translation still says the same\n  zh: %s\n",
			key, marker, yamlBlock(cur.Zh, "  "))
		if cur.En != "" {
			fmt.Fprintf(&w, "  en: %s\n", yamlBlock(cur.En, "  "))
		}
		fmt.Fprintf(&w, "  untranslated:\n    lang: %s\n    text: %s\n", lang, yamlBlock(s, "    "))
	default:
		fmt.Fprintf(&w, "%s:   # the source is in %s: translate untranslated.text into zh and en, then delete untranslated (rule untranslated)\n", key, languageName(lang))
		fmt.Fprintf(&w, "  zh: %s\n  untranslated:\n    lang: %s\n    text: %s\n", yamlString(marker+": 中文译文"), lang, yamlBlock(s, "    "))
		translate = true
	}
	return w.String(), translate
}

// blocks renders a dataset file for r, counting mapped and TODO fields into st.
// cur is the dataset as the catalog holds it (an update), nil for a new file.
func (b *builder) blocks(r *record, id, dept string, st *Stats, cur *model.Dataset) []block {
	mapped := func(field string) { st.Fields[field]++ }
	todo := func(field string) { st.Todo[field]++ }
	var out []block
	add := func(key, format string, args ...any) {
		out = append(out, block{key, fmt.Sprintf(format, args...)})
	}
	var w strings.Builder
	fmt.Fprintf(&w, "# yaml-language-server: $schema=%s%s\n", schema.BaseURL, schema.FileFor(model.KindDataset))
	fmt.Fprintf(&w, "# Imported by `shuyuan import %s` from %s, %s.\n", b.format, yamlComment(r.file), yamlComment(r.where))
	w.WriteString("# Values that could not be mapped carry a TODO marker: fill them in, remove the\n# marker, then run shuyuan lint (rule todo lists each one).\n")
	w.WriteString("# shuyuan import --update rewrites only the fields listed under origin.hashes, when\n# the source changes them; everything else here is yours to edit.\n")
	if r.landingPage != "" {
		fmt.Fprintf(&w, "# Source page: %s\n", yamlComment(r.landingPage))
	}
	for _, m := range r.missing {
		fmt.Fprintf(&w, "# %s: the source record has no %s (imported with --lenient): check the values below\n", marker, m)
		todo("lenient: " + m)
	}
	out = append(out, block{"", w.String()})
	add("kind", "kind: Dataset\n")
	add("id", "id: %s\n", yamlString(id))
	add("version", "version: 1.0.0\n")
	add("status", "status: draft\n")

	var curTitle, curDesc *model.Text
	if cur != nil {
		curTitle, curDesc = &cur.Title, &cur.Description
	}
	title := r.title
	if title == "" {
		title = marker + ": 数据集名称"
		todo("title")
	} else {
		mapped("title")
	}
	text, translate := localized("title", title, curTitle)
	if translate {
		todo("translation")
	}
	add("title", "%s", text)
	desc := r.description
	if desc == "" {
		desc = marker + ": 数据集说明（50 字以上）"
		todo("description")
	} else {
		mapped("description")
	}
	text, _ = localized("description", desc, curDesc)
	add("description", "%s", text)

	add("department", "department: %s\n", yamlString(dept))
	if b.opts.Department == "" && r.publisher != "" {
		mapped("department")
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
	w.Reset()
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
	add("themes", "%s", w.String())
	todo("themes")
	if len(r.keywords) > 0 {
		mapped("keywords")
		w.Reset()
		w.WriteString("keywords:\n")
		for _, k := range r.keywords {
			fmt.Fprintf(&w, "  - %s\n", yamlString(k))
		}
		add("keywords", "%s", w.String())
	}

	open := r.openType
	if open == "" {
		open = model.OpenUnconditional
	}
	if r.openMapped {
		mapped("open_type")
		add("open_type", "open_type: %s   # from access level %s\n", open, yamlComment(r.accessRaw))
	} else {
		todo("open_type")
		add("open_type", "open_type: %s   # %s: confirm (the source publishes it openly)\n", open, marker)
	}
	switch {
	case r.license != "":
		mapped("license")
		if open == model.OpenUnconditional {
			add("license", "license: %s\n", r.license)
		} else {
			add("", "# license: %s (the source's licence; only unconditional data carries one)\n", r.license)
		}
	case open == model.OpenUnconditional:
		todo("license")
		raw := strings.Join(nonEmpty(r.licenseRaw), " / ")
		if raw == "" {
			raw = "none given"
		}
		add("license", "license: %s   # source licence: %s\n", yamlString(marker+": SPDX id"), yamlComment(raw))
	}
	if open != model.OpenUnconditional {
		todo("rights")
		add("rights", "rights:\n  zh: %s\n", yamlString(marker+": 使用条件"))
	}
	add("grade", "grade: general   # %s: core | important | general (GB/T 43697)\n", marker)
	add("level", "level: 1         # %s: 1..4, the highest column level\n", marker)
	todo("grade")
	todo("level")

	freq, exact := frequency(r.freqRaw)
	w.Reset()
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
	add("update", "%s", w.String())
	if r.issued != "" {
		mapped("issued")
		add("issued", "issued: %s\n", r.issued)
	}
	if r.temporal != nil {
		mapped("temporal")
		w.Reset()
		w.WriteString("temporal:\n")
		if r.temporal.Start != "" {
			fmt.Fprintf(&w, "  start: %s\n", r.temporal.Start)
		}
		if r.temporal.End != "" {
			fmt.Fprintf(&w, "  end: %s\n", r.temporal.End)
		}
		add("temporal", "%s", w.String())
	}
	if open != model.OpenNonOpen {
		add("", "# source:   %s: where the raw rows come from, e.g. {format: csv, path: sources/%s/%s.csv}\n", marker, dept, id)
		todo("source")
	}
	w.Reset()
	w.WriteString("columns:\n")
	fmt.Fprintf(&w, "  # %s: the data dictionary cannot be imported: one entry per column, in order.\n", marker)
	if len(r.resources) > 0 {
		fmt.Fprintf(&w, "  # Source files: %s\n", yamlComment(strings.Join(r.resources, "; ")))
	}
	fmt.Fprintf(&w, "  - name: %s\n    type: string\n    level: 1\n    personal_info: none\n    role: insensitive\n", yamlString(marker))
	add("columns", "%s", w.String())
	todo("columns")
	if open == model.OpenConditional {
		todo("access.application")
		add("access", "access:\n  application:\n    eligible:\n      zh: %s\n", yamlString(marker+": 申请条件"))
	}
	add("changelog", "changelog:\n  - version: 1.0.0\n    date: %s\n    summary: {zh: 从 %s 导入, en: Imported from %s}\n", b.changeDate(r), b.format, b.format)
	add("origin", "%s", b.originBlock(r))
	return out
}

// changeDate is the date of a changelog entry for r: the source's modification
// date, else Options.Now.
func (b *builder) changeDate(r *record) string {
	if r.modified != "" {
		return r.modified
	}
	return b.opts.Now.Format(time.DateOnly)
}

// originBlock renders the origin of r with the hash of each field it owns.
func (b *builder) originBlock(r *record) string {
	var w strings.Builder
	w.WriteString("origin:   # written by shuyuan import: how import --update finds this record in its source\n")
	fmt.Fprintf(&w, "  format: %s\n  source: %s\n  id: %s\n  hashes:\n", b.format, yamlString(r.source), yamlString(r.sourceID))
	h := r.hashes()
	for _, k := range ownedFields {
		fmt.Fprintf(&w, "    %s: %s\n", k, yamlString(h[k]))
	}
	return w.String()
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
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return strings.ToValidUTF8(s, "")
}

// sortFiles orders the files by path so output is deterministic.
func sortFiles(fs []File) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Path < fs[j].Path })
}
