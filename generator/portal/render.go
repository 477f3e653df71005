package portal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/license"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/markdown"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/place"
	"github.com/shuyuan-project/shuyuan/generator/pricing"
	"github.com/shuyuan-project/shuyuan/schemas"
	"github.com/shuyuan-project/shuyuan/templates"
)

// job is one page to render in every language.
type job struct {
	// path is the page's directory below the language root ("" for home, "datasets/x/"),
	// or a file name ("404.html").
	path string
	// tmpl names the page template.
	tmpl string
	// title returns the page title in lang.
	title func(lang string) string
	// data is the page's own data.
	data any
	// search marks pages with the search box, which load the search script.
	search bool
}

// Tx returns localized text in the page's language.
func (p *Page) Tx(t model.Text) string { return t.In(p.Lang) }

// TxP returns optional localized text, "" when absent.
func (p *Page) TxP(t *model.Text) string {
	if t == nil {
		return ""
	}
	return t.In(p.Lang)
}

// MD renders localized Markdown.
func (p *Page) MD(t model.Text) template.HTML {
	return p.Site.md[ld{p.Lang, p.depth}].Render(t.In(p.Lang))
}

// MDP renders optional localized Markdown.
func (p *Page) MDP(t *model.Text) template.HTML {
	if t == nil {
		return ""
	}
	return p.MD(*t)
}

// U is the relative URL of a page given by its path below the language root.
func (p *Page) U(pathBelowLang string) string {
	if u := p.LRoot + pathBelowLang; u != "" {
		return u
	}
	return "./"
}

// PricingJSON is the pricing policies as the calculator script reads them, as JSON safe
// inside a <script> element (encoding/json escapes <, > and &).
func (p *Page) PricingJSON() template.JS {
	type tier struct {
		UpTo     *int64 `json:"up_to"`
		PriceFen int64  `json:"price_fen"`
	}
	type discount struct {
		Label   string  `json:"label"`
		Percent float64 `json:"percent"`
	}
	type policy struct {
		ID        string     `json:"id"`
		Name      string     `json:"name"`
		Scheme    string     `json:"scheme"`
		Tiers     []tier     `json:"tiers"`
		CapFen    *int64     `json:"cap_fen"`
		FreeQuota int64      `json:"free_quota"`
		Discounts []discount `json:"discounts"`
	}
	out := []policy{}
	for _, pp := range p.Site.Pricing {
		v := policy{ID: pp.ID, Name: pp.Name.In(p.Lang), Scheme: pp.Scheme, FreeQuota: pp.FreeQuota, Tiers: []tier{}, Discounts: []discount{}}
		for _, t := range pp.Tiers {
			v.Tiers = append(v.Tiers, tier{UpTo: t.UpTo, PriceFen: t.PriceFen})
		}
		if pp.Cap != nil {
			v.CapFen = &pp.Cap.PriceFen
		}
		for _, d := range pp.Discounts {
			v.Discounts = append(v.Discounts, discount{Label: d.Scenario.In(p.Lang), Percent: d.Percent})
		}
		out = append(out, v)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "[]"
	}
	return template.JS(b)
}

// ElementName names a data element by id.
func (p *Page) ElementName(id string) string {
	if e := p.Site.elemByID[id]; e != nil {
		return e.Name.In(p.Lang)
	}
	return id
}

// Clip shortens a preview value to n runes.
func (p *Page) Clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// ThemeName names a theme by id.
func (p *Page) ThemeName(id string) string {
	if t := p.Site.themeByID[id]; t != nil {
		return t.Name.In(p.Lang)
	}
	return id
}

// GuideHTML renders a guide page's Markdown body.
// A body that opens with its own level-1 heading loses it: the page's <h1> is the
// front matter's title, and a page has one <h1>.
func (p *Page) GuideHTML(g *load.Guide) template.HTML {
	return p.Site.md[ld{p.Lang, p.depth}].Render(dropTitle(string(g.Body)))
}

// dropTitle removes a leading "# Title" line from Markdown.
func dropTitle(md string) string {
	rest := strings.TrimLeft(md, "\r\n\t ")
	if !strings.HasPrefix(rest, "# ") {
		return md
	}
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		return rest[i+1:]
	}
	return ""
}

// Asset is the relative URL of a file given by its path below the site root.
func (p *Page) Asset(pathBelowRoot string) string { return p.Root + pathBelowRoot }

// YuanNum formats fen as a number of yuan ("12.50").
func (p *Page) YuanNum(fen int64) string { return pricing.Yuan(fen) }

// Dept returns the department with id, nil when none.
func (p *Page) Dept(id string) *Dept { return p.Site.deptByID[id] }

var mdPunct = strings.NewReplacer("#", "", "*", "", "`", "", "|", " ", "[", "", "]", "")

// Excerpt is the start of a text, at most n runes, without Markdown punctuation.
func (p *Page) Excerpt(t model.Text, n int) string {
	s := strings.Join(strings.Fields(mdPunct.Replace(t.In(p.Lang))), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// SourceURL links a catalog file in the repository, "" when unknown.
func (p *Page) SourceURL(file string) string { return p.Site.repo.FileURL(file) }

// ObjectionURL links the data-objection guide page, "" when there is none.
func (p *Page) ObjectionURL() string {
	if o := p.Site.objectionPath(); o != "" {
		return p.U(o)
	}
	return ""
}

// ElementObjection links the data-objection issue form pre-filled with element e,
// "" when the repository is not on GitHub.
func (p *Page) ElementObjection(e *Elem) string { return p.Site.elementObjection(e, p.Lang) }

// DemoKeys reports whether the build used the demonstration keys.
func (p *Page) DemoKeys() bool { return p.Site.opts.DemoKeys }

// jsonLD is the schema.org Dataset description of a dataset page. The fields are in
// the order of their names, as encoding/json would sort a map's keys.
type jsonLD struct {
	Context             string       `json:"@context"`
	ID                  string       `json:"@id"`
	Type                string       `json:"@type"`
	Creator             *ldOrg       `json:"creator,omitempty"`
	DateModified        string       `json:"dateModified,omitempty"`
	DatePublished       string       `json:"datePublished,omitempty"`
	Description         string       `json:"description"`
	Distribution        []ldDownload `json:"distribution,omitempty"`
	Identifier          string       `json:"identifier"`
	InLanguage          string       `json:"inLanguage"`
	IsAccessibleForFree bool         `json:"isAccessibleForFree"`
	Keywords            []string     `json:"keywords,omitempty"`
	License             string       `json:"license,omitempty"`
	Name                string       `json:"name"`
	Publisher           *ldPub       `json:"publisher,omitempty"`
	SpatialCoverage     *ldPlace     `json:"spatialCoverage,omitempty"`
	TemporalCoverage    string       `json:"temporalCoverage,omitempty"`
	URL                 string       `json:"url"`
	Version             string       `json:"version"`
}

type ldOrg struct {
	Type  string `json:"@type"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type ldPub struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// ldPlace is a GB/T 2260 division as a schema.org Place: its name, code and, when
// known, its bounding box.
type ldPlace struct {
	Type       string   `json:"@type"`
	Geo        *ldShape `json:"geo,omitempty"`
	Identifier string   `json:"identifier"`
	Name       string   `json:"name"`
}

type ldShape struct {
	Type string `json:"@type"`
	Box  string `json:"box"`
}

type ldDownload struct {
	Type           string `json:"@type"`
	ContentSize    string `json:"contentSize"`
	ContentURL     string `json:"contentUrl"`
	EncodingFormat string `json:"encodingFormat"`
}

// JSONLD is the schema.org Dataset description of a dataset page, as JSON safe to put
// inside a <script> element: encoding/json escapes <, > and &, so "</script>" in any
// catalog text cannot close the element. It carries Google's Dataset rich-result fields
// the dataset has (name, description as plain text, license, distribution with
// contentUrl and encodingFormat, temporalCoverage, spatialCoverage as a Place with a
// geo box, creator). @id is the dataset's IRI, the same in every language and in
// catalog.jsonld; url is the page in this language. isAccessibleForFree is true only
// for unconditionally open data that no pricing policy charges for.
func (p *Page) JSONLD(ds *DS) template.JS {
	base := p.Site.BaseURL()
	pageURL := base + p.Site.prefix(p.Lang) + "datasets/" + ds.ID + "/"
	m := jsonLD{
		Context: "https://schema.org/", Type: "Dataset", ID: base + "datasets/" + ds.ID + "/", URL: pageURL, Identifier: ds.ID,
		Name: ds.Title.In(p.Lang), Description: markdown.PlainText(ds.Description.In(p.Lang)), Version: ds.Version,
		InLanguage:          map[string]string{"zh": "zh-CN", "en": "en"}[p.Lang],
		IsAccessibleForFree: ds.OpenType == model.OpenUnconditional && ds.Price == "free",
		Keywords:            ds.KeywordsIn(p.Lang), DatePublished: string(ds.Issued), DateModified: string(ds.Update.LastModified),
	}
	if lic := ds.License; lic != "" || ds.OpenType == model.OpenUnconditional && p.Site.Portal.License != "" {
		if lic == "" {
			lic = p.Site.Portal.License // unconditionally open data falls under the portal's licence
		}
		m.License = license.URL(lic, p.Site.Portal.Licenses)
	}
	if ds.Dept != nil {
		m.Creator = &ldOrg{Type: "GovernmentOrganization", Name: ds.Dept.Name.In(p.Lang), Email: ds.Dept.Contact}
	}
	if pub := p.Site.deptByID[p.Site.Portal.Publisher]; pub != nil {
		m.Publisher = &ldPub{Type: "GovernmentOrganization", Name: pub.Name.In(p.Lang)}
	}
	if ds.Temporal != nil && ds.Temporal.Start != "" {
		end := string(ds.Temporal.End)
		if end == "" {
			end = ".."
		}
		m.TemporalCoverage = string(ds.Temporal.Start) + "/" + end
	}
	if ds.Spatial != "" {
		m.SpatialCoverage = &ldPlace{Type: "Place", Identifier: ds.Spatial, Name: ds.Spatial}
		if pl, ok := place.Lookup(ds.Spatial); ok {
			m.SpatialCoverage.Name = pl.Name.In(p.Lang)
			if pl.BBox != nil {
				m.SpatialCoverage.Geo = &ldShape{Type: "GeoShape", Box: pl.BBox.SchemaBox()}
			}
		}
	}
	if ds.Extract != nil && len(ds.Extract.Files) > 0 {
		var dist []ldDownload
		for _, f := range ds.Extract.Files {
			dist = append(dist, ldDownload{Type: "DataDownload", ContentURL: base + f.Path, EncodingFormat: f.MediaType(), ContentSize: strconv.FormatInt(f.Size, 10)})
		}
		m.Distribution = dist
	}
	b, err := json.Marshal(&m)
	if err != nil {
		return "{}"
	}
	return template.JS(b)
}

var parsed = sync.OnceValues(parseTemplates)

// funcs are the template functions beyond Page's methods.
var funcs = template.FuncMap{
	"add":  func(a, b int) int { return a + b },
	"itoa": strconv.Itoa,
	"list": func(v ...any) []any { return v },
	"base": path.Base,
}

// parseTemplates parses the embedded templates once: every page template is a clone
// of the base (layout and partials) with its page file added.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templates.FS, "base/*.html")
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	names, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templates.FS, n); err != nil {
			return nil, fmt.Errorf("parsing templates: %w", err)
		}
		out[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return out, nil
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes every page in every language, and the static assets, into dir.
// listsDone, when not nil, is called once the pages with dataset lists are written and
// the list-item cache is dropped.
func (s *Site) render(ctx context.Context, dir string, listsDone func()) error {
	tmpls, err := parsed()
	if err != nil {
		return err
	}
	if err := s.copyAssets(dir); err != nil {
		return err
	}
	if err := s.writeQRCodes(dir); err != nil {
		return err
	}
	jobs := s.jobs()
	// List items first, in parallel: rendered lazily, the first big list page would
	// render every item alone while the other list pages wait for it.
	const chunk = 256
	type itemJob struct {
		p    *Page
		part []*DS
	}
	var itemJobs []itemJob
	for _, lang := range s.Langs {
		p := &Page{Site: s, Lang: lang, W: s.words[lang], T: s.words[lang].UI, depth: 1, tmpl: tmpls["list"]}
		p.Root = s.toRoot(lang, 1)
		p.LRoot = p.Root + s.prefix(lang)
		for i := 0; i < len(s.Datasets); i += chunk {
			itemJobs = append(itemJobs, itemJob{p, s.Datasets[i:min(i+chunk, len(s.Datasets))]})
		}
	}
	if err := xsync.Each(ctx, len(itemJobs), func(_ context.Context, i int) error {
		return s.renderItems(itemJobs[i].p, itemJobs[i].part)
	}); err != nil {
		return err
	}
	// The pages with dataset lists first: they are the list-item cache's only readers,
	// and the cache is dropped before the other pages (most of them the dataset pages)
	// are rendered.
	lists := func(j job) bool {
		switch j.tmpl {
		case "list", "department", "theme", "element":
			return true
		}
		return false
	}
	type pageJob struct {
		lang string
		j    job
	}
	for _, first := range []bool{true, false} {
		var pages []pageJob
		for _, lang := range s.Langs {
			for _, j := range jobs {
				if lists(j) == first {
					pages = append(pages, pageJob{lang, j})
				}
			}
		}
		if err := xsync.Each(ctx, len(pages), func(_ context.Context, i int) error {
			return s.renderPage(tmpls, dir, pages[i].lang, pages[i].j)
		}); err != nil {
			return err
		}
		if first {
			s.items = nil
			if listsDone != nil {
				listsDone()
			}
		}
	}
	return nil
}

func (s *Site) renderPage(tmpls map[string]*template.Template, dir, lang string, j job) error {
	t := tmpls[j.tmpl]
	if t == nil {
		return fmt.Errorf("no template %q", j.tmpl)
	}
	depth := strings.Count(j.path, "/")
	rel := j.path
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	p := &Page{
		Site: s, Lang: lang, W: s.words[lang], T: s.words[lang].UI, Path: j.path, Search: j.search, Data: j.data, depth: depth,
		Root: s.toRoot(lang, depth), Title: j.title(lang), tmpl: t,
	}
	p.LRoot = p.Root + s.prefix(lang)
	if j.path == "404.html" {
		// 404.html is served for any missing path, so its links are absolute.
		p.Root = basePath(s.BaseURL())
		p.LRoot = p.Root + s.prefix(lang)
	}
	for _, l := range s.Langs {
		if l != lang {
			p.Alt = append(p.Alt, AltLink{Lang: l, HrefLang: htmlLang(l), Name: s.words[l].UI["lang_name"], URL: p.Root + s.prefix(l) + j.path})
		}
	}
	if ds, ok := j.data.(*DS); ok && j.tmpl == "dataset" {
		p.Data = p.datasetView(ds)
	}
	if v, ok := j.data.(*Version); ok && j.tmpl == "version" {
		p.Data = p.versionView(v)
	}
	c, err := s.chromeFor(p)
	if err != nil {
		return fmt.Errorf("rendering %s%s: %w", s.prefix(lang), j.path, err)
	}
	p.Chrome = c
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if !s.writeFast(buf, p) {
		buf.Reset()
		if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
			return fmt.Errorf("rendering %s%s: %w", s.prefix(lang), j.path, err)
		}
	}
	out := filepath.Join(dir, filepath.FromSlash(s.prefix(lang)+rel))
	if err := mkdir(filepath.Dir(out)); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// mkdir makes dir and any missing parents. Most pages are alone in a new directory
// whose parent exists, so it tries a single mkdir first (os.MkdirAll would stat the
// directory and its parent before it).
func mkdir(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return nil
	}
	return os.MkdirAll(dir, 0o755)
}

// basePath is the path part of the base URL, e.g. "/" or "/portal/".
func basePath(base string) string {
	i := strings.Index(base, "://")
	if i < 0 {
		return "/"
	}
	rest := base[i+3:]
	j := strings.IndexByte(rest, '/')
	if j < 0 {
		return "/"
	}
	return rest[j:]
}

// copyAssets copies templates/assets into dir/assets, the JSON Schemas into
// dir/schemas (where the $schema lines of scaffolded files point) and the portal's
// logo and favicon into dir/assets.
func (s *Site) copyAssets(dir string) error {
	for _, img := range s.images {
		out := filepath.Join(dir, filepath.FromSlash(img.Path))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(out, img.Data, 0o644); err != nil {
			return err
		}
	}
	if err := fs.WalkDir(schemas.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(schemas.FS, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, "schemas", filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	}); err != nil {
		return err
	}
	return fs.WalkDir(templates.FS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.FS, p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
}
