// Package license knows which licence identifiers a catalog may declare: an id of
// the SPDX License List (embedded and pinned, see SOURCES.md) or a custom licence
// that portal.yaml declares under `licenses:` with an id LicenseRef-…, its name
// and the address of its text. It answers where a licence's text is published.
package license

import (
	_ "embed"
	"net/url"
	"strings"
	"sync"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

//go:embed spdx-ids.txt
var idsText string

//go:embed spdx-deprecated.txt
var deprecatedText string

// ListVersion names the embedded list, for messages and docs.
const ListVersion = "SPDX License List (spdx-license-ids 3.0.24)"

// CustomPrefix starts the id of every custom licence (the SPDX convention).
const CustomPrefix = "LicenseRef-"

type lists struct {
	ids        map[string]bool
	deprecated map[string]bool
	byFold     map[string]string // lowercased id -> the id as SPDX spells it
	all        []string          // current ids, for suggestions
}

var spdx = sync.OnceValue(func() *lists {
	l := &lists{ids: map[string]bool{}, deprecated: map[string]bool{}, byFold: map[string]string{}}
	for id := range strings.FieldsSeq(idsText) {
		l.ids[id] = true
		l.byFold[strings.ToLower(id)] = id
		l.all = append(l.all, id)
	}
	for id := range strings.FieldsSeq(deprecatedText) {
		l.deprecated[id] = true
		if _, ok := l.byFold[strings.ToLower(id)]; !ok {
			l.byFold[strings.ToLower(id)] = id
		}
	}
	return l
})

// IDs returns the current (not deprecated) SPDX identifiers, sorted as the list is.
func IDs() []string { return append([]string(nil), spdx().all...) }

// Check says what is wrong with the licence id, or "" when it is a current SPDX id
// or a custom licence declared in custom. The message says what to write instead.
func Check(id string, custom []model.CustomLicense) string {
	l := spdx()
	switch {
	case l.ids[id]:
		return ""
	case strings.HasPrefix(id, CustomPrefix):
		if Custom(id, custom) != nil {
			return ""
		}
		return "is a custom licence that portal.yaml does not declare: add it under `licenses:` with its id, name and url, or use an SPDX id such as CC-BY-4.0"
	case l.deprecated[id]:
		if gnu := strings.TrimSuffix(strings.TrimSuffix(id, "+"), "-only"); strings.Contains(id, "GPL") || strings.HasPrefix(id, "GFDL") {
			return "is a deprecated SPDX id: write " + gnu + "-only or " + gnu + "-or-later"
		}
		return "is a deprecated SPDX id: write the current one (see https://spdx.org/licenses/)"
	}
	if canon, ok := l.byFold[strings.ToLower(id)]; ok {
		return "is spelled differently in the SPDX list: write " + canon
	}
	return "is not an SPDX licence id (" + ListVersion + "): write one such as CC-BY-4.0, CC0-1.0 or ODbL-1.0, or declare a custom licence LicenseRef-… under `licenses:` in portal.yaml"
}

// Custom returns the custom licence with id, or nil.
func Custom(id string, custom []model.CustomLicense) *model.CustomLicense {
	for i := range custom {
		if custom[i].ID == id {
			return &custom[i]
		}
	}
	return nil
}

// URL is where the licence's text is published: the custom licence's url, or its
// page on spdx.org.
func URL(id string, custom []model.CustomLicense) string {
	if c := Custom(id, custom); c != nil {
		return c.URL
	}
	return "https://spdx.org/licenses/" + url.PathEscape(id) + ".html"
}
