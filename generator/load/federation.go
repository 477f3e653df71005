package load

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Federation (联邦数据治理): a city catalog includes district catalogs listed in its
// portal.yaml,
//
//	federation:
//	  - {id: pudong, path: federation/pudong}
//
// Each member is an ordinary catalog directory (a folder or a git checkout, for
// example a submodule) inside the city catalog: its path is relative, without
// "..", not a folder of the catalog layout, and may not leave the catalog directory
// even through symbolic links. Ids are namespaced by member: every department,
// element, dataset and pricing policy of member pudong has the id pudong or starts
// with "pudong-" (pudong-transport, pudong-bus-stops), so ids stay unique across
// the union and valid in URLs, and a member catalog also lints on its own.
// Member datasets choose themes from the city portal and may reference city
// departments, elements and pricing policies by their plain ids. A member's
// portal.yaml and guide pages stay its own: the union has the city's.
//
// LoadFederated returns the union: every file keeps its path relative to the city
// catalog (federation/pudong/datasets/…), so findings point at the real file;
// member source and key paths are rewritten to that base; Catalog.Origin says
// which member published each file. Lint over the union checks one data, one
// source across city and districts.

// Member is one federation member as loaded on its own.
type Member struct {
	// ID namespaces the member's ids.
	ID string
	// Path is the member directory relative to the city catalog, slash-separated.
	Path string
	// Catalog is the member catalog as loaded on its own (its findings relative to
	// the member directory); its files are shared with the union, so their paths
	// are relative to the city catalog.
	Catalog *Catalog
}

// layoutDirs are folders of the catalog layout a member may not live in.
var layoutDirs = map[string]bool{"departments": true, "elements": true, "datasets": true, "pricing": true, "guide": true, "sources": true, "keys": true}

// LoadFederated loads the catalog in dir and the federation members its portal.yaml
// lists, and returns their union. Without members it is Load.
func LoadFederated(dir string) (*Catalog, error) {
	v, err := NewValidator()
	if err != nil {
		return nil, err
	}
	city, err := v.Load(dir)
	if err != nil {
		return nil, err
	}
	if city.Portal == nil || len(city.Portal.V.Federation) == 0 {
		return city, nil
	}
	city.Origin = map[*File]string{}
	pf := city.Portal.File
	bad := func(rule string, pos diag.Pos, format string, args ...any) {
		city.Findings = append(city.Findings, diag.Finding{File: pf.Path, Pos: pos, Rule: rule, Severity: diag.Error, Message: fmt.Sprintf(format, args...)})
	}
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("reading catalog: %w", err)
	}
	seen := map[string]bool{}
	for i, m := range city.Portal.V.Federation {
		if seen[m.ID] {
			bad("duplicate-id", pf.Pos("federation", i, "id"), "federation member %q is listed twice: give each member its own id", m.ID)
			continue
		}
		seen[m.ID] = true
		rel, msg := memberPath(root, m.Path)
		if msg != "" {
			bad("path", pf.Pos("federation", i, "path"), "federation member %s: %s", m.ID, msg)
			continue
		}
		mc, err := v.Load(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			bad("path", pf.Pos("federation", i, "path"), "federation member %s: %v", m.ID, err)
			continue
		}
		city.Members = append(city.Members, &Member{ID: m.ID, Path: rel, Catalog: mc})
		merge(city, mc, m.ID, rel)
	}
	sortDocs(city)
	diag.Sort(city.Findings)
	return city, nil
}

// memberPath checks a member path from portal.yaml and returns it cleaned, or a
// message saying what is wrong.
func memberPath(root, p string) (string, string) {
	if p == "" || path.IsAbs(p) || filepath.IsAbs(p) || strings.Contains(p, "\\") {
		return "", fmt.Sprintf("path %q must be relative to the catalog, with / separators, e.g. federation/pudong", p)
	}
	clean := path.Clean(p)
	if clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Sprintf("path %q leaves the catalog directory: put the member catalog (or its git checkout) inside it, e.g. federation/pudong", p)
	}
	if layoutDirs[strings.Split(clean, "/")[0]] {
		return "", fmt.Sprintf("path %q is inside the catalog layout folder %s/: use a folder of its own, e.g. federation/pudong", p, strings.Split(clean, "/")[0])
	}
	full := filepath.Join(root, filepath.FromSlash(clean))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		return "", fmt.Sprintf("path %q does not exist: check out the member catalog there", p)
	}
	if r, err := filepath.Rel(root, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Sprintf("path %q leads outside the catalog directory through a symbolic link", p)
	}
	if info, err := os.Stat(real); err != nil || !info.IsDir() {
		return "", fmt.Sprintf("path %q is not a directory", p)
	}
	return clean, ""
}

// merge adds the member catalog mc at rel to city: files get city-relative paths,
// ids are checked against the namespace, paths in sources and keys are rebased.
func merge(city, mc *Catalog, id, rel string) {
	prefix := rel + "/"
	for _, f := range mc.Findings {
		f.File = prefix + f.File
		city.Findings = append(city.Findings, f)
	}
	inNS := func(s string) bool { return s == id || strings.HasPrefix(s, id+"-") }
	nsCheck := func(f *File, docID string) {
		if !inNS(docID) {
			city.Findings = append(city.Findings, diag.Finding{File: f.Path, Pos: f.Pos("id"), Rule: "id-mismatch", Severity: diag.Error,
				Message: fmt.Sprintf("federation member %s namespaces its ids: write `id: %s-%s` (and rename the file), so ids stay unique across the city and its districts", id, id, docID)})
		}
	}
	portalFile := (*File)(nil)
	if mc.Portal != nil {
		portalFile = mc.Portal.File
	}
	guideFiles := map[*File]bool{}
	for _, g := range mc.Guides {
		guideFiles[g.File] = true
	}
	for _, f := range mc.Files {
		f.Path = prefix + f.Path
		if f == portalFile || guideFiles[f] || f.Kind == "Guide" || f.Kind == model.KindPortal {
			continue // the member's own portal and guides are not part of the union
		}
		city.Files = append(city.Files, f)
		city.Origin[f] = id
	}
	for _, d := range mc.Departments {
		nsCheck(d.File, d.V.ID)
		city.Departments = append(city.Departments, d)
	}
	for _, d := range mc.Elements {
		nsCheck(d.File, d.V.ID)
		city.Elements = append(city.Elements, d)
	}
	for _, d := range mc.Datasets {
		nsCheck(d.File, d.V.ID)
		rebaseDataset(d.V, prefix)
		city.Datasets = append(city.Datasets, d)
	}
	for _, d := range mc.Pricing {
		nsCheck(d.File, d.V.ID)
		city.Pricing = append(city.Pricing, d)
	}
	// The member's files that failed the schema, decoded in part, join the city's
	// (the member's own portal stays out, as above).
	p := &mc.partial
	city.partial.departments = append(city.partial.departments, p.departments...)
	city.partial.elements = append(city.partial.elements, p.elements...)
	for _, d := range p.datasets {
		rebaseDataset(d.V, prefix)
		city.partial.datasets = append(city.partial.datasets, d)
	}
	city.partial.pricing = append(city.partial.pricing, p.pricing...)
}

// rebaseDataset rewrites the catalog-relative paths of a member dataset (source
// file, file: keys) to be relative to the city catalog.
func rebaseDataset(d *model.Dataset, prefix string) {
	if d.Source != nil && d.Source.Path != "" && !path.IsAbs(d.Source.Path) {
		d.Source.Path = prefix + d.Source.Path
	}
	for i := range d.Columns {
		if dd := d.Columns[i].Deid; dd != nil && strings.HasPrefix(dd.Key, "file:") && !path.IsAbs(strings.TrimPrefix(dd.Key, "file:")) {
			dd.Key = "file:" + prefix + strings.TrimPrefix(dd.Key, "file:")
		}
	}
}

func sortDocs(c *Catalog) {
	sort.SliceStable(c.Departments, func(i, j int) bool { return c.Departments[i].Path < c.Departments[j].Path })
	sort.SliceStable(c.Elements, func(i, j int) bool { return c.Elements[i].Path < c.Elements[j].Path })
	sort.SliceStable(c.Datasets, func(i, j int) bool { return c.Datasets[i].Path < c.Datasets[j].Path })
	sort.SliceStable(c.Pricing, func(i, j int) bool { return c.Pricing[i].Path < c.Pricing[j].Path })
	sort.SliceStable(c.Files, func(i, j int) bool { return c.Files[i].Path < c.Files[j].Path })
	p := &c.partial
	sort.SliceStable(p.departments, func(i, j int) bool { return p.departments[i].Path < p.departments[j].Path })
	sort.SliceStable(p.elements, func(i, j int) bool { return p.elements[i].Path < p.elements[j].Path })
	sort.SliceStable(p.datasets, func(i, j int) bool { return p.datasets[i].Path < p.datasets[j].Path })
	sort.SliceStable(p.pricing, func(i, j int) bool { return p.pricing[i].Path < p.pricing[j].Path })
}

// Level says who publishes the file in a federated catalog: "city", or the id of the
// federation member (district) it comes from.
func (c *Catalog) Level(f *File) string {
	if id, ok := c.Origin[f]; ok {
		return id
	}
	return "city"
}
