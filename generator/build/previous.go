package build

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/portal"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// Every published version stays published: a build reads the data/ of the site it
// replaces (the current --out, or --previous DIR where CI restored the last
// deployment), checks it against that site's signed SHA256SUMS and carries every
// dataset version forward unchanged. A version this build extracts again keeps
// its published bytes when the new extract holds the same data
// (extract.SameContent), and fails the build when it does not: a version's files
// are never rewritten once published.

// PreviousError is a previous site whose published data cannot be trusted: a
// signature that does not check out with the portal's key, or a file that does
// not match its checksum. Nothing was published.
type PreviousError struct {
	// Dir is the previous site's data/ folder.
	Dir string
	// Reason says what is wrong and what to do.
	Reason string
}

func (e *PreviousError) Error() string {
	return fmt.Sprintf("build: the published data in %s cannot be carried forward: %s; the previous site was left as it was", e.Dir, e.Reason)
}

// RewriteError is a dataset version that was published before and whose new
// extract holds different data: its files may not be rewritten.
type RewriteError struct {
	// Pos is the dataset file and the position of its version, "file:line:col".
	Pos string
	// Dataset and Version name the version; Diff says what differs.
	Dataset, Version, Diff string
}

func (e *RewriteError) Error() string {
	return fmt.Sprintf("%s: %s %s is published and its files are never rewritten, but this build's extract differs (%s); bump version (for example to %s) and add a changelog entry that says what changed", e.Pos, e.Dataset, e.Version, e.Diff, nextPatch(e.Version))
}

// nextPatch is version with its patch number raised.
func nextPatch(v string) string {
	p := strings.Split(v, ".")
	if len(p) != 3 {
		return v
	}
	n, _ := strconv.Atoi(p[2])
	return p[0] + "." + p[1] + "." + strconv.Itoa(n+1)
}

// publishedVersion is one dataset version of the previous site.
type publishedVersion struct {
	dataset, version string
	// files are its SHA256SUMS entries, paths relative to data/.
	files []sign.Entry
}

// previousSite is the checked data/ of the site a build replaces.
type previousSite struct {
	// data is the previous site's data/ folder.
	data string
	// versions are keyed by "<id>/<version>/".
	versions map[string]*publishedVersion
}

var versionDir = regexp.MustCompile(`^([a-z0-9]+(?:-[a-z0-9]+)*)/((?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*))/[^/]+$`)

// readPrevious reads and checks the data/ of the site at dir. keys are the keys
// its signature may be checked with (the portal's pinned key, else the key this
// build signs with); signing says whether this build signs. A site without data/
// gives nil.
func readPrevious(dir string, keys []minisign.PublicKey, signing bool) (*previousSite, error) {
	data := filepath.Join(dir, "data")
	if _, err := os.Stat(data); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	refuse := func(format string, args ...any) error {
		return &PreviousError{Dir: data, Reason: fmt.Sprintf(format, args...)}
	}
	root, err := os.OpenRoot(data)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	content, err := sign.ReadRegular(root, sign.SumsFile, 64<<20)
	if errors.Is(err, fs.ErrNotExist) {
		// a site built before any extract has no SHA256SUMS; a data/ with dataset
		// versions but none cannot be checked
		entries, _ := os.ReadDir(data)
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				return nil, refuse("it has no %s to check its files against; restore the published %s", sign.SumsFile, sign.SumsFile)
			}
		}
		return nil, nil
	}
	if err != nil {
		return nil, refuse("%v", err)
	}
	sig, err := sign.ReadRegular(root, sign.SigFile, 64<<10)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if signing {
			return nil, refuse("its %s is unsigned, and this build signs: files nobody signed would be signed now; build into a new --out to publish without the earlier versions, or restore the signed deployment", sign.SumsFile)
		}
	case err != nil:
		return nil, refuse("%v", err)
	default:
		signer, _ := sign.SignatureKeyID(sig)
		if len(keys) == 0 {
			return nil, refuse("it is signed (key %s) but the build has no key to check that with: name the portal's public key in portal.yaml (signing.public_key) or give the signing key", signer)
		}
		ok := false
		for _, k := range keys {
			ok = ok || minisign.Verify(k, content, sig)
		}
		if !ok {
			ids := make([]string, len(keys))
			for i, k := range keys {
				ids[i] = sign.KeyID(k)
			}
			return nil, refuse("%s is not a valid signature of %s by the portal's key %s (the signature names key %s): the published data was changed, or signed by another key; restore the published files from the last deployment", sign.SigFile, sign.SumsFile, strings.Join(ids, " or "), signer)
		}
	}
	entries, problems := sign.ParseSums(filepath.Join(data, sign.SumsFile), content)
	if len(problems) > 0 {
		return nil, refuse("%s", strings.Join(problems, "; "))
	}
	prev := &previousSite{data: data, versions: map[string]*publishedVersion{}}
	for _, e := range entries {
		m := versionDir.FindStringSubmatch(e.Path)
		if m == nil {
			continue // minisign.pub, or a file outside any version: not carried
		}
		key := m[1] + "/" + m[2] + "/"
		v := prev.versions[key]
		if v == nil {
			v = &publishedVersion{dataset: m[1], version: m[2]}
			prev.versions[key] = v
		}
		v.files = append(v.files, e)
	}
	return prev, nil
}

// carryForward copies every published version into the new site's data/ (dir),
// checking each file against its checksum as it is copied, except the versions
// this build extracted (extracted, keyed like previousSite.versions): those keep
// their published files when the new extract holds the same data, and fail the
// build otherwise. It returns the portal's view of each carried version and the
// checksums of the files now under data/.
func (p *previousSite) carryForward(cat *load.Catalog, dir string, extracted map[string]*portal.Extract) ([]portal.Extract, map[string]string, error) {
	root, err := os.OpenRoot(p.data)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	known := map[string]string{}
	var carried []portal.Extract
	keys := slices.SortedFunc(func(yield func(string) bool) {
		for k := range p.versions {
			if !yield(k) {
				return
			}
		}
	}, cmp.Compare)
	for _, key := range keys {
		v := p.versions[key]
		target := filepath.Join(dir, "data", filepath.FromSlash(key))
		if e := extracted[key]; e != nil {
			// extracted again: compare, then put the published bytes back
			staged := filepath.Join(dir, "data", ".published-"+v.dataset+"-"+v.version)
			files, err := p.copyVersion(root, v, staged)
			if err != nil {
				return nil, nil, err
			}
			diff, err := extract.SameContent(staged, target)
			if err != nil {
				os.RemoveAll(staged)
				return nil, nil, fmt.Errorf("comparing %s %s with its published files: %w", v.dataset, v.version, err)
			}
			if diff != "" {
				os.RemoveAll(staged)
				return nil, nil, &RewriteError{Pos: versionPos(cat, v.dataset), Dataset: v.dataset, Version: v.version, Diff: diff}
			}
			if err := os.RemoveAll(target); err != nil {
				return nil, nil, err
			}
			if err := os.Rename(staged, target); err != nil {
				return nil, nil, err
			}
			// the page shows what is published
			e.Files = files
			for _, f := range files {
				known[strings.TrimPrefix(f.Path, "data/")] = f.SHA256
			}
			continue
		}
		files, err := p.copyVersion(root, v, target)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range files {
			known[strings.TrimPrefix(f.Path, "data/")] = f.SHA256
		}
		carried = append(carried, portal.Extract{Dataset: v.dataset, Version: v.version, Files: files})
	}
	return carried, known, nil
}

// copyVersion copies v's files into target, hashing each as it is copied, and
// fails on any that is missing, not a regular file or not what SHA256SUMS says.
func (p *previousSite) copyVersion(root *os.Root, v *publishedVersion, target string) ([]model.Download, error) {
	if err := os.MkdirAll(target, 0o755); err != nil {
		return nil, err
	}
	var out []model.Download
	for _, e := range v.files {
		size, sum, err := copyHashed(root, e.Path, filepath.Join(target, path.Base(e.Path)))
		if err != nil {
			return nil, &PreviousError{Dir: p.data, Reason: fmt.Sprintf("%s of %s %s, listed in the signed %s: %v; restore the published file from the last deployment", e.Path, v.dataset, v.version, sign.SumsFile, err)}
		}
		if sum != e.SHA256 {
			return nil, &PreviousError{Dir: p.data, Reason: fmt.Sprintf("%s of %s %s does not match its checksum in the signed %s (tampered or damaged: SHA-256 %s, listed %s); restore the published file from the last deployment", e.Path, v.dataset, v.version, sign.SumsFile, sum, e.SHA256)}
		}
		out = append(out, model.Download{Path: "data/" + e.Path, Size: size, SHA256: sum})
	}
	return out, nil
}

// copyHashed copies name under root to dst and returns its size and SHA-256.
func copyHashed(root *os.Root, name, dst string) (int64, string, error) {
	in, err := sign.OpenRegular(root, name)
	if err != nil {
		return 0, "", err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return 0, "", err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, "", err
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// versionPos is the position of a dataset's version field, "file:line:col", or
// the dataset id when the catalog has no such dataset.
func versionPos(cat *load.Catalog, id string) string {
	for _, d := range cat.Datasets {
		if d.V.ID == id {
			p := d.Pos("version")
			return fmt.Sprintf("%s:%d:%d", d.Path, p.Line, p.Col)
		}
	}
	return "dataset " + id
}

// previousStage reads the site the build replaces (opts.Previous, else opts.Out)
// and returns it checked, with the key this build signs with (nil when unsigned).
func previousStage(cat *load.Catalog, opts Options) (*previousSite, *minisign.PrivateKey, error) {
	key, err := signingKey(opts)
	if err != nil {
		return nil, nil, &extract.Error{Dataset: "*", Err: err, IO: true}
	}
	var keys []minisign.PublicKey
	if b := publicKey(cat); b != nil {
		if k, err := sign.ParsePublicKey(b, cat.Portal.V.Signing.PublicKey); err == nil {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 && key != nil {
		keys = append(keys, key.Public().(minisign.PublicKey))
	}
	dir := opts.Previous
	if dir == "" {
		dir = opts.Out
	} else if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, nil, fmt.Errorf("build: --previous %s: not a directory (the restored site, holding data/)", dir)
	}
	prev, err := readPrevious(dir, keys, key != nil)
	return prev, key, err
}

// signingKey loads the key that signs data/SHA256SUMS, as extract does: --sign-key,
// else SHUYUAN_SIGNING_KEY; nil when there is none.
func signingKey(opts Options) (*minisign.PrivateKey, error) {
	spec, from := opts.SignKey, "--sign-key"
	if spec == "" {
		spec, from = opts.Getenv("SHUYUAN_SIGNING_KEY"), "SHUYUAN_SIGNING_KEY"
	}
	if spec == "" {
		return nil, nil
	}
	k, err := sign.LoadPrivateKey(spec, opts.Getenv)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", from, err)
	}
	return &k, nil
}

// carryStage carries the previous site's versions into dir and writes
// data/SHA256SUMS (signed with key) over everything data/ now holds.
func carryStage(cat *load.Catalog, dir string, prev *previousSite, key *minisign.PrivateKey, po *portal.Options) error {
	if len(prev.versions) == 0 {
		return nil
	}
	extracted := map[string]*portal.Extract{}
	for i := range po.Extracts {
		e := &po.Extracts[i]
		extracted[e.Dataset+"/"+e.Version+"/"] = e
	}
	carried, known, err := prev.carryForward(cat, dir, extracted)
	if err != nil {
		return err
	}
	po.Extracts = append(po.Extracts, carried...)
	for _, e := range po.Extracts {
		for _, f := range e.Files {
			known[strings.TrimPrefix(f.Path, "data/")] = f.SHA256
		}
	}
	data := filepath.Join(dir, "data")
	if b := publicKey(cat); b != nil {
		if err := writePublicKey(dir, b); err != nil {
			return err
		}
		po.PublicKey = b
	}
	if err := sign.Publish(data, key, known); err != nil {
		return fmt.Errorf("build: writing data/%s: %w", sign.SumsFile, err)
	}
	_, err = os.Stat(filepath.Join(data, sign.SigFile))
	po.Signed = err == nil
	return nil
}
