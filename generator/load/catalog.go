package load

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Doc is a decoded catalog file of one kind.
type Doc[T any] struct {
	*File
	// V is the decoded value.
	V *T
}

// Guide is a guide page: Markdown with YAML front matter.
type Guide struct {
	// File holds the front matter, with positions in the whole page.
	*File
	// Slug is the page's URL name: the file name without its order prefix and extension.
	Slug string
	// Lang is "zh", or "en" for a page named <nn>-<slug>.en.md.
	Lang string
	// Front is the decoded front matter.
	Front model.GuideFrontMatter
	// Body is the Markdown after the front matter.
	Body []byte
	// BodyLine is the 1-based line the body starts on.
	BodyLine int
}

// Catalog is a loaded catalog directory.
type Catalog struct {
	// Root is the catalog directory.
	Root string
	// Portal is portal.yaml; nil when missing or invalid.
	Portal *Doc[model.Portal]
	// Departments, Elements, Datasets and Pricing are the valid files of each kind,
	// sorted by path.
	Departments []*Doc[model.Department]
	Elements    []*Doc[model.DataElement]
	Datasets    []*Doc[model.Dataset]
	Pricing     []*Doc[model.PricingPolicy]
	// Requests and Objections are the governance records (requests/, objections/),
	// Calendars the working-day calendars (calendar/), sorted by path.
	Requests   []*Doc[model.Request]
	Objections []*Doc[model.Objection]
	Calendars  []*Doc[model.Calendar]
	// Guides are the guide pages with valid front matter, sorted by order then path.
	Guides []*Guide
	// Files is every catalog file read, valid or not, sorted by path.
	Files []*File
	// Findings are the `yaml` and `schema` findings of loading.
	Findings []diag.Finding
	// Origin maps each file of a federation member to the member's id (联邦数据治理);
	// files of the city catalog itself are absent. Nil unless loaded by LoadFederated.
	Origin map[*File]string
	// Members are the federation members, each as loaded on its own; nil unless
	// loaded by LoadFederated.
	Members []*Member

	// partial holds the files that failed the schema, decoded as far as they could
	// be; only WithPartial shows them.
	partial partialDocs

	// The id indexes of Department, Element, Dataset and PricingPolicy.
	deptIndex  idIndex[model.Department]
	elemIndex  idIndex[model.DataElement]
	dsIndex    idIndex[model.Dataset]
	priceIndex idIndex[model.PricingPolicy]
}

// partialDocs are the files of each kind that failed the schema, decoded in part,
// sorted by path.
type partialDocs struct {
	portal      *Doc[model.Portal]
	departments []*Doc[model.Department]
	elements    []*Doc[model.DataElement]
	datasets    []*Doc[model.Dataset]
	pricing     []*Doc[model.PricingPolicy]
	requests    []*Doc[model.Request]
	objections  []*Doc[model.Objection]
	calendars   []*Doc[model.Calendar]
}

// WithPartial returns the catalog with the files that failed the schema among the
// documents, decoded as far as they could be (File.Partial, File.Invalid): the view
// lint's rules that check such files work on, so that a schema error in a file
// does not hide their findings in the rest of it. Nothing that publishes may use
// it: a partly decoded file has zero values where the schema found it wrong.
func (c *Catalog) WithPartial() *Catalog {
	p := &c.partial
	if p.portal == nil && len(p.departments)+len(p.elements)+len(p.datasets)+len(p.pricing)+len(p.requests)+len(p.objections)+len(p.calendars) == 0 {
		return c
	}
	v := &Catalog{Root: c.Root, Portal: c.Portal, Guides: c.Guides, Files: c.Files, Findings: c.Findings, Origin: c.Origin, Members: c.Members,
		Departments: byPath(c.Departments, p.departments), Elements: byPath(c.Elements, p.elements),
		Datasets: byPath(c.Datasets, p.datasets), Pricing: byPath(c.Pricing, p.pricing),
		Requests: byPath(c.Requests, p.requests), Objections: byPath(c.Objections, p.objections), Calendars: byPath(c.Calendars, p.calendars)}
	if v.Portal == nil {
		v.Portal = p.portal
	}
	return v
}

// Rooted returns the catalog with another root directory: its files as loaded,
// while what lies beside them (sources, keys, the targets of Markdown links) is
// read from root. lint --base checks the catalog of the base revision, copied
// without its sources, against the working tree's sources this way.
func (c *Catalog) Rooted(root string) *Catalog {
	return &Catalog{Root: root, Portal: c.Portal, Departments: c.Departments, Elements: c.Elements, Datasets: c.Datasets,
		Pricing: c.Pricing, Requests: c.Requests, Objections: c.Objections, Calendars: c.Calendars, Guides: c.Guides, Files: c.Files, Findings: c.Findings, Origin: c.Origin, Members: c.Members,
		partial: c.partial}
}

// byPath merges two lists of documents sorted by path.
func byPath[T any](a, b []*Doc[T]) []*Doc[T] {
	if len(b) == 0 {
		return a
	}
	out := make([]*Doc[T], 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Department returns the (first) department with id, or nil.
func (c *Catalog) Department(id string) *Doc[model.Department] {
	return c.deptIndex.find(c.Departments, id, deptID)
}

// Element returns the (first) data element with id, or nil.
func (c *Catalog) Element(id string) *Doc[model.DataElement] {
	return c.elemIndex.find(c.Elements, id, elemID)
}

// Dataset returns the (first) dataset with id, or nil.
func (c *Catalog) Dataset(id string) *Doc[model.Dataset] {
	return c.dsIndex.find(c.Datasets, id, dsID)
}

// PricingPolicy returns the (first) pricing policy with id, or nil.
func (c *Catalog) PricingPolicy(id string) *Doc[model.PricingPolicy] {
	return c.priceIndex.find(c.Pricing, id, priceID)
}

// idIndex maps ids to documents for the lookups above, so that a command that looks
// up every dataset (extract, the version rules) takes linear time, not quadratic. It
// is built on first use and again whenever the list it indexes is another slice or
// has another length (appended, replaced); lookups may run concurrently.
type idIndex[T any] struct {
	p atomic.Pointer[idSnapshot[T]]
}

type idSnapshot[T any] struct {
	docs []*Doc[T] // the list indexed, to notice a changed one
	m    map[string]*Doc[T]
}

func (x *idIndex[T]) find(docs []*Doc[T], id string, idOf func(*T) string) *Doc[T] {
	snap := x.p.Load()
	if snap == nil || !sameList(snap.docs, docs) {
		snap = &idSnapshot[T]{docs: docs, m: make(map[string]*Doc[T], len(docs))}
		for _, d := range docs {
			if k := idOf(d.V); snap.m[k] == nil {
				snap.m[k] = d // the first wins, as a scan would find it
			}
		}
		x.p.Store(snap)
	}
	if d := snap.m[id]; d != nil && idOf(d.V) == id {
		return d
	}
	return nil
}

// sameList reports whether a and b are the same slice (same array, same length).
func sameList[T any](a, b []*T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func deptID(d *model.Department) string     { return d.ID }
func elemID(d *model.DataElement) string    { return d.ID }
func dsID(d *model.Dataset) string          { return d.ID }
func priceID(d *model.PricingPolicy) string { return d.ID }

// entry is one file found by the walk. problem, when set, says why the file is
// not read (a symbolic link, not a regular file, too large), under rule.
type entry struct {
	rel, kind string
	rule      string
	problem   string
}

// Load reads the catalog in dir.
func Load(dir string) (*Catalog, error) {
	v, err := NewValidator()
	if err != nil {
		return nil, err
	}
	return v.Load(dir)
}

// Load reads the catalog in dir with this validator.
func (v *Validator) Load(dir string) (*Catalog, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("reading catalog: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("reading catalog: %s is not a directory", dir)
	}
	entries, err := walk(dir)
	if err != nil {
		return nil, err
	}
	c := &Catalog{Root: dir}
	type result struct {
		file     *File
		guide    *Guide
		doc      any
		partial  any // the document decoded in part, for a file that failed the schema
		findings []diag.Finding
	}
	results := make([]result, len(entries))
	_ = xsync.Each(context.Background(), len(entries), func(_ context.Context, i int) error {
		e := entries[i]
		if e.problem != "" {
			results[i].findings = []diag.Finding{{File: e.rel, Pos: diag.Pos{Line: 1, Col: 1}, Rule: e.rule, Severity: diag.Error, Message: e.problem}}
			return nil
		}
		src, err := readLimited(filepath.Join(dir, filepath.FromSlash(e.rel)), maxSize(e.kind))
		if err != nil {
			results[i].findings = []diag.Finding{{File: e.rel, Pos: diag.Pos{Line: 1, Col: 1}, Rule: "yaml", Severity: diag.Error, Message: fmt.Sprintf("cannot read file: %v", err)}}
			return nil
		}
		if e.kind == "Guide" {
			g, f, fds := v.parseGuide(e.rel, src)
			results[i] = result{file: f, guide: g, findings: fds}
			return nil
		}
		f, fds := Parse(e.rel, e.kind, src)
		var doc, partial any
		if len(fds) == 0 {
			var invalid map[string]bool
			var decodable bool
			fds, invalid, decodable = v.validate(f)
			switch {
			case len(fds) == 0:
				doc, fds = decode(f)
				if doc != nil {
					f.release()
				}
			case decodable:
				partial = decodeInPart(f, invalid)
			}
		}
		results[i] = result{file: f, doc: doc, partial: partial, findings: fds}
		return nil
	})
	for _, r := range results {
		if r.file != nil {
			c.Files = append(c.Files, r.file)
		}
		c.Findings = append(c.Findings, r.findings...)
		if r.guide != nil {
			c.Guides = append(c.Guides, r.guide)
		}
		switch d := r.partial.(type) {
		case *Doc[model.Portal]:
			if c.partial.portal == nil {
				c.partial.portal = d
			}
		case *Doc[model.Department]:
			c.partial.departments = append(c.partial.departments, d)
		case *Doc[model.DataElement]:
			c.partial.elements = append(c.partial.elements, d)
		case *Doc[model.Dataset]:
			c.partial.datasets = append(c.partial.datasets, d)
		case *Doc[model.PricingPolicy]:
			c.partial.pricing = append(c.partial.pricing, d)
		case *Doc[model.Request]:
			c.partial.requests = append(c.partial.requests, d)
		case *Doc[model.Objection]:
			c.partial.objections = append(c.partial.objections, d)
		case *Doc[model.Calendar]:
			c.partial.calendars = append(c.partial.calendars, d)
		}
		switch d := r.doc.(type) {
		case *Doc[model.Portal]:
			if c.Portal == nil {
				c.Portal = d
			}
		case *Doc[model.Department]:
			c.Departments = append(c.Departments, d)
		case *Doc[model.DataElement]:
			c.Elements = append(c.Elements, d)
		case *Doc[model.Dataset]:
			c.Datasets = append(c.Datasets, d)
		case *Doc[model.PricingPolicy]:
			c.Pricing = append(c.Pricing, d)
		case *Doc[model.Request]:
			c.Requests = append(c.Requests, d)
		case *Doc[model.Objection]:
			c.Objections = append(c.Objections, d)
		case *Doc[model.Calendar]:
			c.Calendars = append(c.Calendars, d)
		}
	}
	sort.SliceStable(c.Guides, func(i, j int) bool {
		if c.Guides[i].Front.Order != c.Guides[j].Front.Order {
			return c.Guides[i].Front.Order < c.Guides[j].Front.Order
		}
		return c.Guides[i].Path < c.Guides[j].Path
	})
	diag.Sort(c.Findings)
	return c, nil
}

// Dataset parses, validates and decodes one dataset file held in memory (a file a
// tool is about to write, such as shuyuan import --update), as Load does each file
// of a directory; path is catalog-relative. The findings are those lint would report
// for the file under the rules yaml and schema; the Doc is nil when there are any.
func (v *Validator) Dataset(path string, src []byte) (*Doc[model.Dataset], []diag.Finding) {
	f, fds := Parse(path, model.KindDataset, src)
	if len(fds) == 0 {
		fds = v.Validate(f)
	}
	if len(fds) > 0 {
		return nil, fds
	}
	doc, fds := decode(f)
	if len(fds) > 0 {
		return nil, fds
	}
	return doc.(*Doc[model.Dataset]), nil
}

// newDoc returns an empty Doc for f's kind and the value inside it to decode into,
// or nils for a kind that has none: the one list of the kinds that decode to a Doc.
func newDoc(f *File) (doc, v any) {
	switch f.Kind {
	case model.KindPortal:
		return docOf[model.Portal](f)
	case model.KindDepartment:
		return docOf[model.Department](f)
	case model.KindDataElement:
		return docOf[model.DataElement](f)
	case model.KindDataset:
		return docOf[model.Dataset](f)
	case model.KindPricingPolicy:
		return docOf[model.PricingPolicy](f)
	case model.KindRequest:
		return docOf[model.Request](f)
	case model.KindObjection:
		return docOf[model.Objection](f)
	case model.KindCalendar:
		return docOf[model.Calendar](f)
	}
	return nil, nil
}

func docOf[T any](f *File) (doc, v any) {
	d := &Doc[T]{File: f, V: new(T)}
	return d, d.V
}

func decode(f *File) (any, []diag.Finding) {
	doc, v := newDoc(f)
	if doc == nil {
		return nil, nil
	}
	if err := f.Decode(v); err != nil {
		return nil, []diag.Finding{{File: f.Path, Pos: f.Pos(), Rule: "schema", Severity: diag.Error, Message: fmt.Sprintf("cannot decode file: %v", err)}}
	}
	return doc, nil
}

// decodeInPart decodes a file that failed the schema as far as it can
// (decodePartial) and marks it partial, with the paths left zero: those the schema
// rejected (invalid) and those that did not fit their type. It returns the Doc, or
// nil for a kind that has none.
func decodeInPart(f *File, invalid map[string]bool) any {
	doc, v := newDoc(f)
	if doc == nil {
		return nil
	}
	for _, p := range decodePartial(f.Data, v, invalid) {
		invalid[p] = true
	}
	f.invalid = invalid
	return doc
}

// walk lists the catalog files by the layout of catalog-format.md, sorted by path.
// It does not descend into sources/ and does not follow symbolic links.
func walk(dir string) ([]entry, error) {
	var out []entry
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || rel == "sources" || rel == "keys") {
				return filepath.SkipDir
			}
			return nil
		}
		k := kindAt(rel)
		if d.Type()&fs.ModeSymlink != 0 {
			// reported, never followed: a link can lead out of the catalog, and its
			// target is not what reviewers see in the pull request
			if k != "" || inLayout(rel) {
				target, _ := os.Readlink(p)
				out = append(out, entry{rel: rel, kind: k, rule: "path", problem: fmt.Sprintf(
					"is a symbolic link (to %s); catalog files must be regular files in the repository: replace the link with the file itself", target)})
			}
			return nil
		}
		if k == "" {
			return nil
		}
		if !d.Type().IsRegular() {
			out = append(out, entry{rel: rel, kind: k, rule: "yaml", problem: "is not a regular file (a FIFO, a device or a socket); a catalog file must be a regular file"})
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() > maxSize(k) {
			out = append(out, entry{rel: rel, kind: k, rule: "yaml", problem: tooLarge(k, info.Size())})
			return nil
		}
		out = append(out, entry{rel: rel, kind: k})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading catalog: %w", err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

// inLayout reports whether rel lies in a folder of the catalog layout whose files
// are catalog files (not sources/ or keys/).
func inLayout(rel string) bool {
	top, _, _ := strings.Cut(rel, "/")
	switch top {
	case "departments", "elements", "datasets", "pricing", "guide", "requests", "objections", "calendar":
		return true
	}
	return false
}

// MaxGuideSize is the largest guide page the loader reads: prose for people, well
// within the Markdown renderer's time budget.
const MaxGuideSize = 256 << 10

// maxSize is the size limit of a file of kind k.
func maxSize(k string) int64 {
	if k == "Guide" {
		return MaxGuideSize
	}
	return MaxFileSize
}

// tooLarge is the finding message of a file of kind k and size n over its limit.
func tooLarge(k string, n int64) string {
	if k == "Guide" {
		return fmt.Sprintf("guide page is %d KiB; a guide page may be at most %d KiB: split it into several pages", n>>10, MaxGuideSize>>10)
	}
	return fmt.Sprintf("file is %.1f MiB; catalog files may be at most %d MiB: move data into sources/", float64(n)/(1<<20), MaxFileSize>>20)
}

// readLimited reads the file at p, at most limit+1 bytes, so that a file that grew
// after the walk is never read whole.
func readLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// kindAt returns the kind the layout expects at a catalog-relative path, or "".
func kindAt(rel string) string {
	parts := strings.Split(rel, "/")
	ext := path.Ext(rel)
	yamlFile := ext == ".yaml" || ext == ".yml"
	switch {
	case rel == "portal.yaml" || rel == "portal.yml":
		return model.KindPortal
	case len(parts) == 2 && parts[0] == "departments" && yamlFile:
		return model.KindDepartment
	case len(parts) == 3 && parts[0] == "elements" && yamlFile:
		return model.KindDataElement
	case len(parts) == 3 && parts[0] == "datasets" && yamlFile:
		return model.KindDataset
	case len(parts) == 2 && parts[0] == "pricing" && yamlFile:
		return model.KindPricingPolicy
	case len(parts) == 2 && parts[0] == "requests" && yamlFile:
		return model.KindRequest
	case len(parts) == 2 && parts[0] == "objections" && yamlFile:
		return model.KindObjection
	case len(parts) == 2 && parts[0] == "calendar" && yamlFile:
		return model.KindCalendar
	case len(parts) == 2 && parts[0] == "guide" && ext == ".md":
		return "Guide"
	}
	return ""
}

// parseGuide splits a guide page into front matter and body.
func (v *Validator) parseGuide(rel string, src []byte) (*Guide, *File, []diag.Finding) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	// the whole page, body included, is checked as a YAML file is: it is never
	// published when too large, not UTF-8 or holding control characters
	bad := func(line, col int, format string, args ...any) (*Guide, *File, []diag.Finding) {
		return nil, &File{Path: rel, Kind: "Guide", Src: src}, []diag.Finding{{File: rel, Pos: diag.Pos{Line: line, Col: col}, Rule: "yaml", Severity: diag.Error, Message: fmt.Sprintf(format, args...)}}
	}
	if int64(len(src)) > MaxGuideSize {
		return bad(1, 1, "%s", tooLarge("Guide", int64(len(src))))
	}
	if !utf8.Valid(src) {
		line, col := invalidUTF8At(src)
		return bad(line, col, "guide page is not valid UTF-8; save it as UTF-8 (without GBK or other legacy encodings)")
	}
	if line, col, r, ok := controlCharAt(src); ok {
		return bad(line, col, "guide page contains the control character U+%04X; remove it (only tab, line feed and carriage return are allowed)", r)
	}
	name := strings.TrimSuffix(path.Base(rel), ".md")
	lang := "zh"
	if strings.HasSuffix(name, ".en") {
		lang, name = "en", strings.TrimSuffix(name, ".en")
	}
	slug := name
	if i := strings.IndexByte(name, '-'); i > 0 && strings.Trim(name[:i], "0123456789") == "" {
		slug = name[i+1:]
	}
	normalized := bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(normalized, []byte("---\n")) {
		f := &File{Path: rel, Kind: "Guide", Src: src}
		return nil, f, []diag.Finding{{File: rel, Pos: diag.Pos{Line: 1, Col: 1}, Rule: "yaml", Severity: diag.Error,
			Message: "a guide page starts with YAML front matter: a line `---`, `title:` and `order:`, then `---`"}}
	}
	rest := normalized[4:]
	end := bytes.Index(rest, []byte("\n---\n"))
	bodyStart := end + 5
	if end < 0 {
		if bytes.HasSuffix(rest, []byte("\n---")) {
			end, bodyStart = len(rest)-4, len(rest)
		} else {
			f := &File{Path: rel, Kind: "Guide", Src: src}
			return nil, f, []diag.Finding{{File: rel, Pos: diag.Pos{Line: 1, Col: 1}, Rule: "yaml", Severity: diag.Error,
				Message: "the front matter is not closed: add a line `---` after it"}}
		}
	}
	front := rest[:end+1]
	f, fds := parseAt(rel, "Guide", front, 1)
	f.Src, f.front = src, f.Src
	if len(fds) == 0 {
		fds = v.Validate(f)
	}
	if len(fds) > 0 {
		return nil, f, fds
	}
	g := &Guide{File: f, Slug: slug, Lang: lang, Body: rest[bodyStart:], BodyLine: bytes.Count(normalized[:4+bodyStart], []byte("\n")) + 1}
	if err := f.Decode(&g.Front); err != nil {
		return nil, f, []diag.Finding{{File: rel, Pos: f.Pos(), Rule: "schema", Severity: diag.Error, Message: fmt.Sprintf("cannot decode front matter: %v", err)}}
	}
	return g, f, nil
}
