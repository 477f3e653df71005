package portal

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/forge"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/markdown"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/opsreport"
	"github.com/shuyuan-project/shuyuan/generator/present"
	"github.com/shuyuan-project/shuyuan/generator/search"
	"github.com/shuyuan-project/shuyuan/generator/version"
)

// Site is the catalog arranged for rendering: lookups, sorted lists and the
// per-dataset facts every page needs. It is read-only once built.
type Site struct {
	cat  *load.Catalog
	opts Options
	repo forge.Repo // portal.yaml's repository, for the links package forge makes
	// Portal is portal.yaml.
	Portal *model.Portal
	// Langs are the site languages; the first is at the root, the others under <lang>/.
	Langs []string
	// AsOf is the date freshness is measured against.
	AsOf string
	// Version is the shuyuan that built the site (version.Info.Short), shown in
	// every page's footer.
	Version string
	// Datasets, Departments, Elements, Pricing and Guides are sorted by id (guides by order).
	Datasets    []*DS
	Departments []*Dept
	Elements    []*Elem
	Pricing     []*model.PricingPolicy
	Guides      []*GuidePage
	// Themes are the portal's themes with their datasets.
	Themes []*ThemeView

	dsByID    map[string]*DS
	elemByID  map[string]*Elem
	deptByID  map[string]*Dept
	themeByID map[string]*ThemeView
	guideSlug map[string]*GuidePage
	md        map[ld]*markdown.Renderer // by lang and page depth
	items     map[string][]itemSlot     // rendered list item bodies, by lang
	words     map[string]*present.Words // by lang
	images    []*siteImage              // the logo and favicon
	// FacetGroups are the dataset list's filters with their values.
	FacetGroups []FacetGroup
	chromeMu    sync.Mutex
	chromes     map[string]*Chrome // by lang and root
	jobsOnce    sync.Once
	jobList     []job
	objection   string            // slug of the data-objection guide page
	keyID       string            // the signing key's ID when the downloads are signed
	ops         *opsreport.Report // the operations report, computed once
	fastCount   atomic.Int64      // pages written by pageWriter (fastpage.go)
}

// DS is one dataset with what its pages show.
type DS struct {
	*model.Dataset
	// File is the catalog-relative path of the dataset's YAML.
	File string
	// Dept is the responsible department, nil when the id names none.
	Dept *Dept
	// PublishedBy is the catalog that publishes the dataset: "city", or the id of the
	// district catalog (federation member) it comes from. (The embedded Dataset's
	// Level is the security level 1–4.)
	PublishedBy string
	// ThemeList are the dataset's themes that the portal defines.
	ThemeList []*ThemeView
	// Policies are the pricing policies that apply.
	Policies []*model.PricingPolicy
	// Price is "free" or "charged".
	Price string
	// Fresh is "current", "overdue" or "unknown".
	Fresh string
	// Extract is the published extract of the current version (else of the newest
	// version published), nil when there is none.
	Extract *Extract
	// Versions are every changelog entry and published version, newest first.
	Versions []*Version
	// Formats are the file formats of the extract's data files ("parquet", "csv").
	Formats []string
	// Updated are the "updated" filter buckets the dataset is in ("month", "quarter",
	// "year", "older"), by its last_modified against the site's as-of date.
	Updated []string
	// titleKey sorts the dataset by title in each language: the Chinese title in
	// pinyin, the English title in lower case.
	titleKey map[string]string

	idx int // position in Site.Datasets, for the list-item cache
}

// Dept is a department with its datasets and elements.
type Dept struct {
	*model.Department
	Datasets []*DS
	Elements []*Elem
}

// Elem is a data element with the datasets that carry it.
type Elem struct {
	*model.DataElement
	File     string
	Dept     *Dept
	Datasets []*DS
}

// ThemeView is a portal theme with its datasets.
type ThemeView struct {
	model.Theme
	Datasets []*DS
}

// GuidePage is one guide page in every language it is written in.
type GuidePage struct {
	Slug  string
	Order int
	ByLng map[string]*load.Guide
}

// In returns the page's version in lang, falling back to Chinese.
func (g *GuidePage) In(lang string) *load.Guide {
	if p, ok := g.ByLng[lang]; ok {
		return p
	}
	if p, ok := g.ByLng["zh"]; ok {
		return p
	}
	for _, l := range []string{"en"} {
		if p, ok := g.ByLng[l]; ok {
			return p
		}
	}
	return nil
}

func newSite(cat *load.Catalog, opts Options) (*Site, error) {
	p := cat.Portal.V
	s := &Site{
		cat: cat, opts: opts, Portal: p, Version: version.Read().Short(),
		dsByID: map[string]*DS{}, deptByID: map[string]*Dept{}, themeByID: map[string]*ThemeView{},
		guideSlug: map[string]*GuidePage{}, md: map[ld]*markdown.Renderer{}, items: map[string][]itemSlot{},
		words: map[string]*present.Words{}, repo: forge.ParseRepo(p.Repository),
	}
	for _, l := range p.Languages {
		if l == "zh" || l == "en" {
			s.Langs = append(s.Langs, l)
		}
	}
	if len(s.Langs) == 0 {
		s.Langs = []string{"zh"}
	}
	for _, l := range s.Langs {
		w, err := present.For(l)
		if err != nil {
			return nil, err
		}
		s.words[l] = w
	}
	for _, img := range []struct{ key, path string }{{"logo", p.Logo}, {"favicon", p.Favicon}} {
		if img.path == "" {
			continue
		}
		im, err := readImage(cat.Root, img.key, img.path)
		if err != nil {
			return nil, err
		}
		s.images = append(s.images, im)
	}
	for _, t := range p.Themes {
		tv := &ThemeView{Theme: t}
		s.Themes = append(s.Themes, tv)
		s.themeByID[t.ID] = tv
	}
	for _, d := range cat.Departments {
		dp := &Dept{Department: d.V}
		s.Departments = append(s.Departments, dp)
		s.deptByID[d.V.ID] = dp
	}
	slices.SortFunc(s.Departments, func(a, b *Dept) int { return cmp.Compare(a.ID, b.ID) })
	for _, pp := range cat.Pricing {
		s.Pricing = append(s.Pricing, pp.V)
	}
	slices.SortFunc(s.Pricing, func(a, b *model.PricingPolicy) int { return cmp.Compare(a.ID, b.ID) })
	priceByID := map[string]*model.PricingPolicy{}
	for _, pp := range s.Pricing {
		priceByID[pp.ID] = pp
	}
	extsByID := map[string][]*Extract{}
	for i := range opts.Extracts {
		e := &opts.Extracts[i]
		extsByID[e.Dataset] = append(extsByID[e.Dataset], e)
	}
	// the extract a dataset's page shows: its current version's, else the newest
	current := func(ds *model.Dataset) *Extract {
		var best *Extract
		for _, e := range extsByID[ds.ID] {
			switch {
			case e.Version == ds.Version:
				return e
			case best == nil || compareVersions(e.Version, best.Version) > 0:
				best = e
			}
		}
		return best
	}
	if s.Signed() {
		s.keyID = keyIDOf(opts.PublicKey)
	}

	asOf := opts.AsOf
	for _, d := range cat.Datasets {
		if d.V.Status == model.StatusDraft {
			continue // drafts are never published: no page, list, search entry or count
		}
		ds := &DS{Dataset: d.V, File: d.Path, Dept: s.deptByID[d.V.Department], PublishedBy: cat.Level(d.File), Extract: current(d.V), Price: "free"}
		ds.Versions = datasetVersions(ds, extsByID[d.V.ID])
		if reservedID(ds.ID) {
			return nil, fmt.Errorf("%s: dataset id %q names a directory of the dataset list pages; choose another id", d.Path, ds.ID)
		}
		if _, dup := s.dsByID[ds.ID]; dup {
			return nil, fmt.Errorf("%s: dataset id %q is used twice; run `shuyuan lint`", d.Path, ds.ID)
		}
		s.dsByID[ds.ID] = ds
		s.Datasets = append(s.Datasets, ds)
		for _, t := range d.V.Themes {
			if tv := s.themeByID[t]; tv != nil {
				ds.ThemeList = append(ds.ThemeList, tv)
			}
		}
		if d.V.Access != nil {
			for _, id := range d.V.Access.Pricing {
				if pp := priceByID[id]; pp != nil {
					ds.Policies = append(ds.Policies, pp)
					for _, t := range pp.Tiers {
						if t.PriceFen > 0 {
							ds.Price = "charged"
						}
					}
				}
			}
		}
		if opts.AsOf == "" {
			for _, dt := range []model.Date{d.V.Update.LastModified, d.V.Issued} {
				asOf = max(asOf, string(dt))
			}
			for _, c := range d.V.Changelog {
				asOf = max(asOf, string(c.Date))
			}
		}
	}
	slices.SortFunc(s.Datasets, func(a, b *DS) int { return cmp.Compare(a.ID, b.ID) })
	for i, ds := range s.Datasets {
		ds.idx = i
	}
	for _, e := range cat.Elements {
		if e.V.Status == model.StatusDraft {
			continue
		}
		el := &Elem{DataElement: e.V, File: e.Path, Dept: s.deptByID[e.V.Department]}
		s.Elements = append(s.Elements, el)
		if opts.AsOf == "" {
			asOf = max(asOf, string(e.V.Update.LastUpdated))
		}
	}
	slices.SortFunc(s.Elements, func(a, b *Elem) int { return cmp.Compare(a.ID, b.ID) })
	elByID := map[string]*Elem{}
	s.elemByID = elByID
	for _, el := range s.Elements {
		elByID[el.ID] = el
		if el.Dept != nil {
			el.Dept.Elements = append(el.Dept.Elements, el)
		}
	}
	s.AsOf = asOf
	asOfT, _ := time.Parse(time.DateOnly, asOf)
	for _, ds := range s.Datasets {
		if ds.Dept != nil {
			ds.Dept.Datasets = append(ds.Dept.Datasets, ds)
		}
		for _, tv := range ds.ThemeList {
			tv.Datasets = append(tv.Datasets, ds)
		}
		seen := map[string]bool{}
		for _, c := range ds.Columns {
			if el := elByID[c.Element]; el != nil && !seen[el.ID] {
				seen[el.ID] = true
				el.Datasets = append(el.Datasets, ds)
			}
		}
		ds.Formats = extractFormats(ds.Extract)
		ds.Updated = updatedBuckets(asOfT, ds.Update.LastModified)
		ds.titleKey = map[string]string{"zh": pinyinKey(ds.Title.In("zh")), "en": strings.ToLower(ds.Title.In("en"))}
		// overdue exactly when lint's stale rule says so (model.Overdue)
		ds.Fresh = "unknown"
		if overdue, known, _ := model.Overdue(ds.Update.LastModified, ds.Update.Frequency, asOfT); known && !asOfT.IsZero() {
			ds.Fresh = "current"
			if overdue {
				ds.Fresh = "overdue"
			}
		}
	}

	for _, g := range cat.Guides {
		gp := s.guideSlug[g.Slug]
		if gp == nil {
			gp = &GuidePage{Slug: g.Slug, Order: g.Front.Order, ByLng: map[string]*load.Guide{}}
			s.guideSlug[g.Slug] = gp
			s.Guides = append(s.Guides, gp)
		}
		if g.Lang == "zh" {
			gp.Order = g.Front.Order
		}
		gp.ByLng[g.Lang] = g
	}
	slices.SortFunc(s.Guides, func(a, b *GuidePage) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Slug, b.Slug))
	})
	for _, g := range s.Guides {
		if strings.Contains(g.Slug, "objection") {
			s.objection = g.Slug
			break
		}
	}
	for _, lang := range s.Langs {
		for depth := 0; depth <= 3; depth++ {
			s.md[ld{lang, depth}] = markdown.New(s.guideResolver(lang, depth))
		}
		s.items[lang] = make([]itemSlot, len(s.Datasets))
	}
	s.ops = s.opsReport()
	return s, nil
}

// ld is a language and a page depth: the key of the caches that depend on both.
type ld struct {
	lang  string
	depth int
}

// prefix is the directory of lang's pages: "" for the first language, "en/" for English.
func (s *Site) prefix(lang string) string {
	if lang == s.Langs[0] {
		return ""
	}
	return lang + "/"
}

// toRoot is the relative path from a page at depth below lang's root to the site root.
func (s *Site) toRoot(lang string, depth int) string {
	if s.prefix(lang) != "" {
		depth++
	}
	return strings.Repeat("../", depth)
}

var guideFile = regexp.MustCompile(`^[0-9]+-([a-z0-9]+(?:-[a-z0-9]+)*)(\.en)?\.md$`)

// guideResolver rewrites links to guide Markdown files into page URLs relative to a
// page at depth below lang's root.
func (s *Site) guideResolver(lang string, depth int) markdown.Resolver {
	return func(dest string) (string, bool) {
		frag := ""
		if i := strings.IndexByte(dest, '#'); i >= 0 {
			dest, frag = dest[:i], dest[i:]
		}
		m := guideFile.FindStringSubmatch(path.Base(dest))
		if m == nil || s.guideSlug[m[1]] == nil {
			return "", false
		}
		target := lang
		if m[2] == ".en" && slices.Contains(s.Langs, "en") {
			target = "en"
		}
		if target == lang {
			return strings.Repeat("../", depth) + "guide/" + m[1] + "/" + frag, true
		}
		return s.toRoot(lang, depth) + s.prefix(target) + "guide/" + m[1] + "/" + frag, true
	}
}

// HasPublicKey reports whether the portal's minisign public key is published as
// data/minisign.pub (with the signed checksums beside it).
func (s *Site) HasPublicKey() bool { return s.opts.PublicKey != nil }

// Signed reports whether the extractor wrote data/SHA256SUMS.minisig and the public
// key that checks it is published.
func (s *Site) Signed() bool { return s.opts.Signed && s.opts.PublicKey != nil }

// Logo is the site path of the portal's logo, "" when it has none.
func (s *Site) Logo() string { return s.imagePath("logo") }

// Favicon is the site path of the browser tab icon: the favicon, else the logo, ""
// when there is neither.
func (s *Site) Favicon() string {
	if f := s.imagePath("favicon"); f != "" {
		return f
	}
	return s.Logo()
}

func (s *Site) imagePath(key string) string {
	for _, img := range s.images {
		if strings.HasPrefix(img.Path, "assets/"+key+".") {
			return img.Path
		}
	}
	return ""
}

// HasDownloads reports whether the extractor published files (and
// data/SHA256SUMS with them).
func (s *Site) HasDownloads() bool { return len(s.opts.Extracts) > 0 }

// HasSearch reports whether the build publishes the search index and script.
func (s *Site) HasSearch() bool { return s.opts.Search }

// Catalog is the catalog the site was built from.
func (s *Site) Catalog() *load.Catalog { return s.cat }

// BaseURL is the portal's absolute base URL, ending in "/".
func (s *Site) BaseURL() string {
	b := s.Portal.BaseURL
	if !strings.HasSuffix(b, "/") {
		b += "/"
	}
	return b
}

// PageURLs lists the site-relative URL of every HTML page (directories end in "/"),
// sorted, for the sitemap.
func (s *Site) PageURLs() []string {
	var out []string
	for _, lang := range s.Langs {
		for _, j := range s.jobs() {
			if j.path == "404.html" {
				continue
			}
			out = append(out, s.prefix(lang)+j.path)
		}
	}
	slices.Sort(out)
	return out
}

// Downloads maps a dataset id to its published files.
func (s *Site) Downloads() map[string][]model.Download {
	out := map[string][]model.Download{}
	for _, ds := range s.Datasets {
		if ds.Extract != nil {
			out[ds.ID] = ds.Extract.Files
		}
	}
	return out
}

// SearchDocs lists every page a visitor searches for, in every language: datasets,
// data elements, departments and guide pages. Each document also carries the other
// language's title and keywords (Alt), so that a Latin word finds a Chinese page and
// a Chinese word an English one.
func (s *Site) SearchDocs() []search.Doc {
	var out []search.Doc
	other := func(lang string) string {
		if lang == "zh" {
			return "en"
		}
		return "zh"
	}
	alt := func(lang string, t model.Text, extra ...string) string {
		o := other(lang)
		parts := []string{}
		if v := t.In(o); v != t.In(lang) {
			parts = append(parts, v)
		}
		return strings.Join(append(parts, extra...), " ")
	}
	for _, lang := range s.Langs {
		w := s.words[lang]
		for _, ds := range s.Datasets {
			dept := ds.Department
			if ds.Dept != nil {
				dept = ds.Dept.Name.In(lang)
			}
			kw := ds.KeywordsIn(lang)
			for _, t := range ds.ThemeList {
				kw = append(kw, t.Name.In(lang))
			}
			out = append(out, search.Doc{
				URL: s.prefix(lang) + "datasets/" + ds.ID + "/", Lang: lang, Type: w.UI["type_dataset"],
				Title: ds.Title.In(lang), Text: plainExcerpt(ds.Description.In(lang)),
				Keywords: kw, Alt: alt(lang, ds.Title, append(ds.KeywordsIn(other(lang)), strings.ReplaceAll(ds.ID, "-", " "))...),
				Facets: map[string]string{
					"department": dept, "open_type": w.Word("open_type", ds.OpenType),
					"frequency": w.Word("frequency", ds.Update.Frequency), "price": w.Word("price", ds.Price),
				},
			})
		}
		for _, e := range s.Elements {
			f := map[string]string{}
			if e.Dept != nil {
				f["department"] = e.Dept.Name.In(lang)
			}
			out = append(out, search.Doc{
				URL: s.prefix(lang) + "elements/" + e.ID + "/", Lang: lang, Type: w.UI["type_element"],
				Title: e.Name.In(lang), Text: plainExcerpt(e.Definition.In(lang)),
				Keywords: []string{e.Source.System.In(lang)}, Alt: alt(lang, e.Name, strings.ReplaceAll(e.ID, "-", " ")), Facets: f,
			})
		}
		for _, d := range s.Departments {
			out = append(out, search.Doc{
				URL: s.prefix(lang) + "departments/" + d.ID + "/", Lang: lang, Type: w.UI["type_department"],
				Title: d.Name.In(lang), Text: w.Count("count_datasets", len(d.Datasets)) + w.Punct["list"] + w.Count("count_elements", len(d.Elements)),
				Alt: alt(lang, d.Name), Facets: map[string]string{"level": w.Word("dept_level", d.Level)},
			})
		}
		for _, g := range s.Guides {
			gp := g.In(lang)
			if gp == nil {
				continue
			}
			doc := search.Doc{
				URL: s.prefix(lang) + "guide/" + g.Slug + "/", Lang: lang, Type: w.UI["type_guide"],
				Title: gp.Front.Title.In(lang), Text: plainExcerpt(string(gp.Body)), Alt: alt(lang, gp.Front.Title),
			}
			if gp.Front.Summary != nil {
				doc.Keywords = []string{gp.Front.Summary.In(lang)}
			}
			out = append(out, doc)
		}
	}
	return out
}

// plainExcerpt is Markdown text without its punctuation and with its whitespace
// collapsed: good enough to index and to show as a snippet.
func plainExcerpt(md string) string {
	return strings.Join(strings.Fields(mdPunct.Replace(md)), " ")
}
