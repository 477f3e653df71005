package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// decodeJSON decodes src, reporting a syntax error at its line and column.
func decodeJSON(name string, src []byte, v any) error {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if err := checkUTF8(name, src); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return syntaxError(name, src, se)
		case errors.As(err, &te):
			l, c := lineCol(src, te.Offset)
			return Error{File: name, Line: l, Col: c, Message: fmt.Sprintf("%s is a JSON %s, expected %s", te.Field, te.Value, te.Type)}
		}
		return Error{File: name, Message: "not valid JSON: " + err.Error()}
	}
	return nil
}

// lineCol returns the 1-based line and column (in characters) of byte offset off.
func lineCol(src []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(src)))
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}

// checkUTF8 rejects input that is not UTF-8 (JSON must be), at the first bad byte:
// a GBK or Shift_JIS file would otherwise fail later with a message quoting half a
// character.
func checkUTF8(name string, src []byte) error {
	if utf8.Valid(src) {
		return nil
	}
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	l, c := lineCol(src, int64(off))
	return Error{File: name, Line: l, Col: c, Message: fmt.Sprintf("not UTF-8 (byte 0x%02X): JSON is UTF-8; convert the file first, e.g. iconv -f GB18030 -t UTF-8, or -f SHIFT_JIS for Japanese", src[off])}
}

// syntaxError positions a JSON syntax error at the character it is about and
// quotes that character whole: encoding/json quotes the first byte of a multibyte
// character as if it were Latin-1 ("invalid character 'æ'" for 数).
func syntaxError(name string, src []byte, se *json.SyntaxError) Error {
	msg := se.Error()
	off := se.Offset
	if rest, ok := strings.CutPrefix(msg, "invalid character '"); ok && off > 0 {
		off-- // Offset counts the byte that was read and refused
		if r, _ := utf8.DecodeRune(src[off:]); r >= utf8.RuneSelf && r != utf8.RuneError {
			if i := strings.Index(rest, "' "); i >= 0 {
				msg = fmt.Sprintf("invalid character %q%s", r, rest[i+1:])
			}
		}
	}
	l, c := lineCol(src, off)
	return Error{File: name, Line: l, Col: c, Message: "not valid JSON: " + msg}
}

// elementLines returns the 1-based line of each element of the JSON array found by
// following keys through nested objects from the top level (none: the top level is
// the array), so record errors can name their line. It returns nil when the path
// is not there.
func elementLines(src []byte, keys ...string) []int {
	dec := json.NewDecoder(bytes.NewReader(src))
	for _, want := range keys {
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return nil
		}
		for {
			tok, err := dec.Token()
			if err != nil {
				return nil
			}
			key, ok := tok.(string)
			if !ok {
				return nil // '}': the key is not there
			}
			if key == want {
				break
			}
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil
	}
	var lines []int
	for dec.More() {
		start := dec.InputOffset()
		for start < int64(len(src)) && strings.ContainsRune(" \t\r\n,", rune(src[start])) {
			start++
		}
		l, _ := lineCol(src, start)
		lines = append(lines, l)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return lines
		}
	}
	return lines
}

// str reads a string field of a decoded JSON object; numbers are formatted.
func str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

func list(m map[string]any, key string) []any {
	l, _ := m[key].([]any)
	return l
}

// ckanPackages finds the packages in a CKAN API response: package_show (one),
// package_search (result.results) or a bare package or list of packages.
func ckanPackages(name string, src []byte) ([]map[string]any, []int, error) {
	var top any
	if err := decodeJSON(name, src, &top); err != nil {
		return nil, nil, err
	}
	asPkgs := func(l []any) []map[string]any {
		var out []map[string]any
		for _, x := range l {
			m, _ := x.(map[string]any)
			out = append(out, m)
		}
		return out
	}
	switch t := top.(type) {
	case []any:
		return asPkgs(t), elementLines(src), nil
	case map[string]any:
		if _, ok := t["success"]; ok {
			if t["success"] != true {
				msg := "the API call failed"
				if e := obj(t, "error"); e != nil {
					msg += ": " + str(e, "message")
				}
				return nil, nil, Error{File: name, Line: 1, Col: 1, Message: "a CKAN error response, not package metadata (" + msg + ")"}
			}
			switch r := t["result"].(type) {
			case map[string]any:
				if res, ok := r["results"].([]any); ok {
					return asPkgs(res), elementLines(src, "result", "results"), nil
				}
				return []map[string]any{r}, []int{1}, nil
			case []any:
				if len(r) > 0 {
					if _, isName := r[0].(string); isName {
						return nil, nil, Error{File: name, Line: 1, Col: 1, Message: "a CKAN package_list response holds only dataset names, no metadata: fetch package_show (or package_search) for them and import that"}
					}
				}
				return asPkgs(r), elementLines(src, "result"), nil
			}
			return nil, nil, Error{File: name, Line: 1, Col: 1, Message: "a CKAN response without a result object"}
		}
		if _, ok := t["name"]; ok {
			return []map[string]any{t}, []int{1}, nil
		}
	}
	return nil, nil, Error{File: name, Line: 1, Col: 1, Message: "not CKAN package metadata: expected a package_show or package_search response ({\"success\": true, \"result\": …})"}
}

// ckanFrequencyKeys are the extras and fields portals use for the update frequency.
var ckanFrequencyKeys = []string{"update_frequency", "frequency", "accrual_periodicity", "accrualPeriodicity", "更新頻度", "更新频率", "更新頻率", "update frequency"}

func importCKAN(b *builder, source, name string, src []byte) error {
	pkgs, lines, err := ckanPackages(name, src)
	if err != nil {
		return err
	}
	for i, p := range pkgs {
		b.res.Stats.Records++
		where := fmt.Sprintf("package %d", i+1)
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		if p == nil {
			b.fail(Error{File: name, Line: line, Col: 1, Record: where, Message: "not a JSON object"})
			continue
		}
		if n := str(p, "name"); n != "" {
			where = "package " + n
		}
		title := oneLine(str(p, "title"))
		if title == "" {
			title = oneLine(str(p, "name"))
		}
		if title == "" {
			b.fail(Error{File: name, Line: line, Col: 1, Record: where, Message: "the package has neither title nor name: nothing identifies it"})
			continue
		}
		r := record{file: path.Base(name), input: name, line: line, where: where, name: str(p, "name"), title: title,
			description: cleanText(str(p, "notes")), landingPage: str(p, "url"),
			source: source, sourceID: firstNonEmpty(str(p, "id"), str(p, "name"))}
		if org := obj(p, "organization"); org != nil {
			r.publisher, r.publisherID = oneLine(str(org, "title")), str(org, "name")
		}
		// author and maintainer are usually people: they are not imported.
		var tags []string
		for _, t := range list(p, "tags") {
			if m, ok := t.(map[string]any); ok {
				tags = append(tags, firstNonEmpty(str(m, "display_name"), str(m, "name")))
			} else if s, ok := t.(string); ok {
				tags = append(tags, s)
			}
		}
		r.keywords = keywords(tags)
		for _, g := range list(p, "groups") {
			if m, ok := g.(map[string]any); ok {
				r.groups = append(r.groups, oneLine(firstNonEmpty(str(m, "display_name"), str(m, "title"), str(m, "name"))))
			}
		}
		r.licenseRaw = []string{str(p, "license_id"), str(p, "license_url"), str(p, "license_title")}
		extras := map[string]string{}
		for _, e := range list(p, "extras") {
			if m, ok := e.(map[string]any); ok {
				extras[str(m, "key")] = str(m, "value")
			}
		}
		for _, k := range ckanFrequencyKeys {
			if v := firstNonEmpty(str(p, k), extras[k]); v != "" {
				r.freqRaw = v
				break
			}
		}
		if t, ok := temporal(firstNonEmpty(extras["temporal"], str(p, "temporal"))); ok {
			r.temporal = &t
		} else {
			start, end := date(firstNonEmpty(extras["temporal_start"], str(p, "temporal_start"))), date(firstNonEmpty(extras["temporal_end"], str(p, "temporal_end")))
			if start != "" || end != "" {
				r.temporal = &model.Temporal{Start: model.Date(start), End: model.Date(end)}
			}
		}
		r.issued = date(str(p, "metadata_created"))
		r.modified = date(str(p, "metadata_modified"))
		if pr, ok := p["private"].(bool); ok && pr {
			r.openType, r.openMapped, r.accessRaw = "non-open", true, "private"
		} else if _, ok := p["private"]; ok {
			r.openType, r.openMapped, r.accessRaw = "unconditional", true, "public"
		}
		for _, res := range list(p, "resources") {
			if m, ok := res.(map[string]any); ok {
				r.resources = append(r.resources, resourceLabel(str(m, "name"), str(m, "format")))
			}
		}
		b.add(r)
	}
	return nil
}

func resourceLabel(name, format string) string {
	name = oneLine(name)
	if len([]rune(name)) > 60 {
		name = string([]rune(name)[:60]) + "…"
	}
	if format != "" {
		return fmt.Sprintf("%s (%s)", name, oneLine(format))
	}
	return name
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// podRequired are the dataset fields Project Open Data v1.1 requires of every record.
var podRequired = []string{"title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier", "accessLevel"}

func importDataJSON(b *builder, source, name string, src []byte) error {
	var top map[string]any
	if err := decodeJSON(name, src, &top); err != nil {
		var e Error
		if errors.As(err, &e) && strings.Contains(e.Message, "expected map") {
			e.Message = "a data.json catalog is a JSON object with a dataset array"
			return e
		}
		return err
	}
	dsList, ok := top["dataset"].([]any)
	if !ok {
		return Error{File: name, Line: 1, Col: 1, Message: "not a Project Open Data catalog: no \"dataset\" array at the top level"}
	}
	lines := elementLines(src, "dataset")
	for i, x := range dsList {
		b.res.Stats.Records++
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		d, ok := x.(map[string]any)
		where := fmt.Sprintf("dataset[%d]", i)
		if !ok {
			b.fail(Error{File: name, Line: line, Col: 1, Record: where, Message: "not a JSON object"})
			continue
		}
		if t := oneLine(str(d, "title")); t != "" {
			where += fmt.Sprintf(" %q", t)
		}
		var missing, fields []string
		for _, k := range podRequired {
			n := len(missing)
			switch v := d[k].(type) {
			case nil:
				missing = append(missing, k+" is missing")
			case string:
				if strings.TrimSpace(v) == "" {
					missing = append(missing, k+" is empty")
				}
			case []any:
				if len(v) == 0 {
					missing = append(missing, k+" is an empty list")
				}
			}
			if len(missing) > n {
				fields = append(fields, k)
			}
		}
		if len(missing) > 0 && !b.opts.Lenient {
			b.fail(Error{File: name, Line: line, Col: 1, Record: where,
				Message: "invalid Project Open Data v1.1 record: " + strings.Join(missing, ", ") + " (POD requires " + strings.Join(podRequired, ", ") + "); fix the source record and import again, or pass --lenient to import it with TODO markers"})
			continue
		}
		r := record{file: path.Base(name), input: name, line: line, where: where, name: "", title: oneLine(str(d, "title")),
			description: cleanText(str(d, "description")), landingPage: str(d, "landingPage"),
			source: source, sourceID: firstNonEmpty(str(d, "identifier"), str(d, "landingPage")), missing: fields}
		if pub := obj(d, "publisher"); pub != nil {
			r.publisher = oneLine(str(pub, "name"))
		}
		var kws []string
		for _, k := range list(d, "keyword") {
			if s, ok := k.(string); ok {
				kws = append(kws, s)
			}
		}
		r.keywords = keywords(kws)
		for _, t := range list(d, "theme") {
			if s, ok := t.(string); ok {
				r.groups = append(r.groups, oneLine(s))
			}
		}
		r.licenseRaw = []string{str(d, "license")}
		r.freqRaw = str(d, "accrualPeriodicity")
		if t, ok := temporal(str(d, "temporal")); ok {
			r.temporal = &t
		}
		r.issued = date(str(d, "issued"))
		r.modified = date(str(d, "modified"))
		r.accessRaw = str(d, "accessLevel")
		r.openType, r.openMapped = openType(r.accessRaw)
		for _, dist := range list(d, "distribution") {
			if m, ok := dist.(map[string]any); ok {
				r.resources = append(r.resources, resourceLabel(firstNonEmpty(str(m, "title"), path.Base(firstNonEmpty(str(m, "downloadURL"), str(m, "accessURL")))), firstNonEmpty(str(m, "format"), str(m, "mediaType"))))
			}
		}
		b.add(r)
	}
	return nil
}

func importJKAN(b *builder, source, name string, src []byte) error {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	norm := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(norm, []byte("---\n")) {
		return Error{File: name, Line: 1, Col: 1, Message: "not a JKAN page: a JKAN dataset is Markdown starting with YAML front matter between --- lines"}
	}
	rest := norm[4:]
	end := bytes.Index(rest, []byte("\n---"))
	if end < 0 {
		return Error{File: name, Line: 1, Col: 1, Message: "the front matter is not closed with a --- line"}
	}
	front, body := rest[:end+1], rest[end+4:]
	f, findings := load.Parse(name, "", front)
	if len(findings) > 0 {
		fd := findings[0]
		return Error{File: name, Line: fd.Line + 1, Col: fd.Col, Message: "invalid front matter: " + fd.Message}
	}
	m, _ := f.Data.(map[string]any)
	base := strings.TrimSuffix(path.Base(name), path.Ext(name))
	isCategory := strings.Contains(name, "_dataset_categories/") || m["resources"] == nil && m["title"] == nil && m["name"] != nil
	isOrg := !isCategory && (strings.Contains(name, "_organizations/") || m["resources"] == nil && m["organization"] == nil && m["category"] == nil && m["logo"] != nil)
	switch {
	case isOrg:
		// An organization page becomes a department stub, as its datasets' publisher would.
		title, _ := m["title"].(string)
		if oneLine(title) == "" {
			return Error{File: name, Line: 2, Col: 1, Message: "a JKAN organization page without a title"}
		}
		b.department(record{file: path.Base(name), publisher: oneLine(title), publisherID: base})
		return nil
	case isCategory:
		b.res.Stats.Records++
		b.res.Stats.Failed++
		b.res.Errors = append(b.res.Errors, Error{File: name, Line: 2, Col: 1, Message: "a JKAN category page, not a dataset: categories become portal themes in portal.yaml"})
		return nil
	}
	b.res.Stats.Records++
	get := func(k string) string {
		switch v := m[k].(type) {
		case string:
			return v
		case nil:
			return ""
		default:
			return fmt.Sprint(v)
		}
	}
	title := oneLine(get("title"))
	if title == "" {
		b.res.Stats.Failed++
		pos := f.Pos()
		b.res.Errors = append(b.res.Errors, Error{File: name, Line: pos.Line + 1, Col: 1, Message: "the front matter has no title: JKAN datasets need one"})
		return nil
	}
	desc := cleanText(get("notes"))
	if extra := cleanText(string(body)); extra != "" {
		desc = strings.TrimSpace(desc + "\n\n" + extra)
	}
	r := record{file: path.Base(name), input: name, line: 2, where: "front matter", name: base, title: title, description: desc,
		publisher: oneLine(get("organization")), landingPage: get("source_url"), source: source, sourceID: base}
	var tags []string
	if l, ok := m["tags"].([]any); ok {
		for _, t := range l {
			tags = append(tags, fmt.Sprint(t))
		}
	}
	r.keywords = keywords(tags)
	if l, ok := m["category"].([]any); ok {
		for _, c := range l {
			r.groups = append(r.groups, oneLine(fmt.Sprint(c)))
		}
	}
	r.licenseRaw = []string{get("license")}
	if t, ok := temporal(get("time_period")); ok {
		r.temporal = &t
	}
	r.modified = date(firstNonEmpty(get("modified"), get("metadata_modified")))
	r.issued = date(get("created"))
	if l, ok := m["resources"].([]any); ok {
		for _, res := range l {
			rm, _ := res.(map[string]any)
			if rm == nil {
				continue
			}
			r.resources = append(r.resources, resourceLabel(fmt.Sprint(rm["name"]), fmt.Sprint(rm["format"])))
			if d, _ := rm["description"].(string); r.freqRaw == "" && strings.Contains(strings.ToLower(d), "frequency") {
				r.freqRaw = d
			}
		}
	}
	b.add(r)
	return nil
}
