package lint

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// This file holds what the version rules (breaking, version-bump, changelog,
// downgrade) share: pairing each dataset and element with its copy in the --base
// catalog, and semantic versions (how strongly each de-identification operator hides a value is
// deid's operator table).

// verPair is a file in the working tree and the same file (by kind and id) at --base.
type verPair[T any] struct {
	cur, base *load.Doc[T]
}

// verDatasets pairs every dataset of the catalog with its base copy (nil when new).
func verDatasets(c *Context) []verPair[model.Dataset] {
	var out []verPair[model.Dataset]
	for _, d := range c.Catalog.Datasets {
		out = append(out, verPair[model.Dataset]{cur: d, base: c.Base.Dataset(d.V.ID)})
	}
	return out
}

// verElements pairs every element of the catalog with its base copy (nil when new).
func verElements(c *Context) []verPair[model.DataElement] {
	var out []verPair[model.DataElement]
	for _, d := range c.Catalog.Elements {
		out = append(out, verPair[model.DataElement]{cur: d, base: c.Base.Element(d.V.ID)})
	}
	return out
}

// verParse splits a semantic version into its three numbers; ok is false when v is
// not one (the schema rule reports that).
func verParse(v string) (parts [3]int, ok bool) {
	f := strings.Split(v, ".")
	if len(f) != 3 {
		return parts, false
	}
	for i, s := range f {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return parts, false
		}
		parts[i] = n
	}
	return parts, true
}

// verCompare compares two semantic versions: -1, 0 or +1; 0 when either is invalid.
func verCompare(a, b string) int {
	pa, okA := verParse(a)
	pb, okB := verParse(b)
	if !okA || !okB {
		return 0
	}
	for i := range pa {
		switch {
		case pa[i] < pb[i]:
			return -1
		case pa[i] > pb[i]:
			return 1
		}
	}
	return 0
}

// verMajorBumped reports whether cur is in a higher major version than base.
func verMajorBumped(base, cur string) bool {
	pb, okB := verParse(base)
	pc, okC := verParse(cur)
	return okB && okC && pc[0] > pb[0]
}

// verNextMajor returns the first version of the next major after v.
func verNextMajor(v string) string {
	p, ok := verParse(v)
	if !ok {
		return "a new major version"
	}
	return fmt.Sprintf("%d.0.0", p[0]+1)
}

// verNextMinor returns the next minor version after v.
func verNextMinor(v string) string {
	p, ok := verParse(v)
	if !ok {
		return "a higher version"
	}
	return fmt.Sprintf("%d.%d.0", p[0], p[1]+1)
}

// verUnpublished reports whether a dataset at base was never published (a draft).
func verUnpublished(d *model.Dataset) bool { return d.Status == model.StatusDraft }

// verChangelogEntry returns the changelog entry for version, or nil.
func verChangelogEntry(d *model.Dataset, version string) *model.ChangelogEntry {
	for i := range d.Changelog {
		if d.Changelog[i].Version == version {
			return &d.Changelog[i]
		}
	}
	return nil
}

// verVolatile lists the fields that record a data refresh rather than a change of
// the definition; version-bump ignores them, so refreshing data needs no new version.
var verVolatile = [][]string{
	{"update", "last_modified"}, // datasets
	{"update", "last_updated"},  // elements
	{"temporal", "end"},         // the covered period grows with each refresh
	{"origin", "hashes"},        // shuyuan import's record of the source, refreshed with it
}

// verContent returns the file's decoded content without the volatile fields, for
// comparing two versions of a file regardless of comments and layout.
func verContent(f *load.File) any {
	data := f.Value()
	m, ok := data.(map[string]any)
	if !ok {
		return data
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	for _, p := range verVolatile {
		inner, ok := out[p[0]].(map[string]any)
		if !ok {
			continue
		}
		cp := make(map[string]any, len(inner))
		for k, v := range inner {
			if k != p[1] {
				cp[k] = v
			}
		}
		out[p[0]] = cp
	}
	return out
}

// verSameContent reports whether two files hold the same content, ignoring
// comments, layout, key order and the volatile fields.
func verSameContent(a, b *load.File) bool {
	return reflect.DeepEqual(verNormalize(verContent(a)), verNormalize(verContent(b)))
}

// verNormalize makes decoded YAML comparable: every integer becomes an int64 (the loader
// decodes positive integers as uint64 and negative ones as int64).
func verNormalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = verNormalize(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = verNormalize(x)
		}
		return out
	case uint64:
		return int64(t)
	case int:
		return int64(t)
	}
	return v
}

// verOp returns a column's effective de-identification: keep when none is written.
func verOp(col *model.Column) model.Deid { return deid.Effective(*col) }

// Bump is how much a dataset's version must grow for a change, by the version rules.
type Bump int

// The bumps, smallest first.
const (
	// BumpNone: only comments, layout or the refresh fields changed (version-bump
	// asks for nothing).
	BumpNone Bump = iota
	// BumpMinor: the content changed without breaking consumers.
	BumpMinor
	// BumpMajor: the change is one the breaking rule reports.
	BumpMajor
)

// String names the bump as the changelog and reports do.
func (b Bump) String() string {
	switch b {
	case BumpMajor:
		return "major"
	case BumpMinor:
		return "minor"
	}
	return "none"
}

// DatasetBump returns the bump the version rules require to go from base to cur,
// ignoring the versions both carry: major when the breaking rule would report the
// change, minor when version-bump would (the content changed), none otherwise.
// Tools that change datasets themselves (shuyuan import --update) call it so their
// versions follow the same rules as a reviewer's.
func DatasetBump(base, cur *load.Doc[model.Dataset]) Bump {
	if verSameContent(cur.File, base.File) {
		return BumpNone
	}
	// Judge cur as if it kept base's version, so a bump already made does not hide the break.
	same := *cur.V
	same.Version = base.V.Version
	breaks := false
	datasetBreaks(&load.Doc[model.Dataset]{File: cur.File, V: &same}, base, func(diag.Pos, string, ...any) { breaks = true })
	if breaks {
		return BumpMajor
	}
	return BumpMinor
}

// NextVersion returns version v grown by b: 1.4.2 becomes 2.0.0 (major), 1.5.0
// (minor) or stays 1.4.2 (none). An invalid v is returned as it is.
func NextVersion(v string, b Bump) string {
	switch b {
	case BumpMajor:
		if _, ok := verParse(v); ok {
			return verNextMajor(v)
		}
	case BumpMinor:
		if _, ok := verParse(v); ok {
			return verNextMinor(v)
		}
	}
	return v
}
