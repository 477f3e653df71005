package portal

import (
	"cmp"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/cite"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/present"
	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/versionqr"
)

// Version is one version of a dataset: a changelog entry, the files published for
// it, or both. Each has a page, datasets/<id>/<version>/, with its files, its QR
// code (datasets/<id>/<version>/qr.svg) and its citation.
type Version struct {
	DS *DS
	// Version is the semantic version; Date the changelog entry's date ("" when
	// none); Summary the entry's text, nil when there is none.
	Version, Date string
	Summary       *model.Text
	// Extract is what is published for this version, nil when nothing is.
	Extract *Extract
	// Size is the total size of its files; Digest the version digest
	// (sign.VersionDigest), "" without files.
	Size   int64
	Digest string
	// Current is true for the dataset's current version.
	Current bool
}

// Path is the version page's directory below the language root.
func (v *Version) Path() string { return "datasets/" + v.DS.ID + "/" + v.Version + "/" }

// compareVersions orders semantic versions numerically (1.10.0 after 1.9.0).
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, errX := strconv.Atoi(pa[i])
		y, errY := strconv.Atoi(pb[i])
		if errX != nil || errY != nil {
			if c := cmp.Compare(pa[i], pb[i]); c != 0 {
				return c
			}
			continue
		}
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

// datasetVersions are ds's versions, newest first: every changelog entry and every
// published extract, joined by version.
func datasetVersions(ds *DS, exts []*Extract) []*Version {
	byV := map[string]*Version{}
	get := func(ver string) *Version {
		v := byV[ver]
		if v == nil {
			v = &Version{DS: ds, Version: ver, Current: ver == ds.Version}
			byV[ver] = v
		}
		return v
	}
	for i := range ds.Changelog {
		c := &ds.Changelog[i]
		v := get(c.Version)
		if v.Summary == nil {
			v.Date, v.Summary = string(c.Date), &c.Summary
		}
	}
	for _, e := range exts {
		v := get(e.Version)
		v.Extract = e
		entries := make([]sign.Entry, len(e.Files))
		for i, f := range e.Files {
			v.Size += f.Size
			entries[i] = sign.Entry{SHA256: f.SHA256, Path: strings.TrimPrefix(f.Path, "data/")}
		}
		v.Digest, _ = sign.VersionDigest(entries, ds.ID+"/"+e.Version+"/")
	}
	out := make([]*Version, 0, len(byV))
	for _, v := range byV {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *Version) int { return compareVersions(b.Version, a.Version) })
	return out
}

// KeyID is the minisign key ID of the portal's signing key when the downloads are
// signed, else "".
func (s *Site) KeyID() string { return s.keyID }

// keyIDOf reads the key ID of a public key file's text, "" when it is none.
func keyIDOf(pub []byte) string {
	if pub == nil {
		return ""
	}
	k, err := sign.ParsePublicKey(pub, sign.PubFile)
	if err != nil {
		return ""
	}
	return sign.KeyID(k)
}

// payload is what v's QR code encodes.
func (s *Site) payload(v *Version) versionqr.Payload {
	p := versionqr.Payload{BaseURL: s.BaseURL(), Dataset: v.DS.ID, Version: v.Version, SHA256: v.Digest}
	if s.Signed() {
		p.KeyID = s.keyID
	}
	return p
}

// writeQRCodes writes datasets/<id>/<version>/qr.svg for every version with files.
func (s *Site) writeQRCodes(dir string) error {
	for _, ds := range s.Datasets {
		for _, v := range ds.Versions {
			if v.Digest == "" {
				continue
			}
			svg, err := versionqr.SVG(s.payload(v))
			if err != nil {
				return err
			}
			out := filepath.Join(dir, filepath.FromSlash(v.Path()), "qr.svg")
			if err := mkdir(filepath.Dir(out)); err != nil {
				return err
			}
			if err := os.WriteFile(out, svg, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// versionRow is one row of the dataset page's version table.
type versionRow struct {
	URL, Version, Date, Summary, Size, Digest string
	Current                                   bool
}

// versionRows are the rows of ds's version table for page p.
func (p *Page) versionRows(ds *DS) []versionRow {
	rows := make([]versionRow, len(ds.Versions))
	for i, v := range ds.Versions {
		r := versionRow{URL: v.Version + "/", Version: v.Version, Date: v.Date, Summary: p.TxP(v.Summary), Digest: v.Digest, Current: v.Current}
		if v.Extract != nil {
			r.Size = present.Size(v.Size)
		}
		rows[i] = r
	}
	return rows
}

// versionView is what a version page shows.
type versionView struct {
	Title, Version, Date, Summary string
	// DatasetURL is the dataset's page; CurrentVersion and CurrentURL its current
	// version and that version's page.
	DatasetURL, CurrentVersion, CurrentURL string
	Current                                bool
	Dept                                   string
	// Files are the published files, nil when none; Size their total, Digest the
	// version digest.
	Files        []fileView
	Size, Digest string
	// Canonical is the version's canonical URL; Payload the text of its QR code and
	// QR the URL of qr.svg.
	Canonical, Payload, QR string
	// CiteText, CiteBibTeX and CiteCSL are the citation's three forms.
	CiteText, CiteBibTeX, CiteCSL string
	// ObjectionURL opens the data-objection form pre-filled with the dataset and this
	// version; ObjectionGuide is the guide page (either may be "").
	ObjectionURL, ObjectionGuide string
}

// versionView is the version page's view of v for page p.
func (p *Page) versionView(v *Version) *versionView {
	ds, l := v.DS, p.Lang
	vv := &versionView{
		Title: ds.Title.In(l), Version: v.Version, Date: v.Date, Summary: p.TxP(v.Summary),
		DatasetURL: p.U("datasets/" + ds.ID + "/"), CurrentVersion: ds.Version,
		CurrentURL: p.U("datasets/" + ds.ID + "/" + ds.Version + "/"), Current: v.Current,
		Dept: ds.Department, Canonical: p.Site.BaseURL() + v.Path(),
		ObjectionURL: p.Site.datasetObjection(ds, l, v.Version, ""), ObjectionGuide: p.ObjectionURL(),
	}
	if ds.Dept != nil {
		vv.Dept = ds.Dept.Name.In(l)
	}
	if e := v.Extract; e != nil {
		for _, f := range e.Files {
			vv.Files = append(vv.Files, fileView{URL: p.Asset(f.Path), Base: path.Base(f.Path), Size: present.Size(f.Size), SHA256: f.SHA256})
		}
		vv.Size, vv.Digest = present.Size(v.Size), v.Digest
		vv.Payload = p.Site.payload(v).String()
		vv.QR = p.Asset(v.Path() + "qr.svg")
		w := cite.Work{Key: ds.ID + "-" + v.Version, Author: vv.Dept, Publisher: p.Site.Portal.Title.In(l),
			Title: vv.Title, Version: v.Version, Date: v.Date, URL: vv.Canonical, SHA256: v.Digest, Lang: l}
		vv.CiteText, vv.CiteBibTeX, vv.CiteCSL = w.Text(), w.BibTeX(), w.CSLJSON()
	}
	return vv
}
