// Package sign writes and checks the checksums of published downloads:
// data/SHA256SUMS in the format of `sha256sum -c` (relative paths, sorted) and its
// minisign signature data/SHA256SUMS.minisig, which researchers check with the
// standard `minisign -Vm SHA256SUMS -p portal.pub`.
package sign

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"aead.dev/minisign"
)

// File names of the checksum list and its signature.
const (
	SumsFile = "SHA256SUMS"
	SigFile  = "SHA256SUMS.minisig"
	// PubFile is the portal's public key, published beside the signed checksums
	// (data/minisign.pub). Publish lists it when present; Verify does not require
	// it to be listed (sets published before it was listed still verify).
	PubFile = "minisign.pub"
)

// DemoSeed is the public, fixed seed of the demonstration signing key that `make run`
// uses so the default catalog builds on a fresh machine. It is NOT secret: anyone can
// sign with it. Real portals set SHUYUAN_SIGNING_KEY from a CI secret.
const DemoSeed = "shuyuan demo signing key - PUBLIC, NOT SECRET - never use it for a real portal"

// DemoKey returns the demonstration key pair derived from DemoSeed.
func DemoKey() (minisign.PublicKey, minisign.PrivateKey) {
	seed := sha256.Sum256([]byte(DemoSeed))
	pub, priv, err := minisign.GenerateKey(bytes.NewReader(seed[:]))
	if err != nil {
		panic(err) // cannot happen: the reader always has 32 bytes
	}
	return pub, priv
}

// LoadPrivateKey reads a minisign secret key given as its text (the contents of a
// minisign .key file) or as file:PATH. An encrypted key is decrypted with the
// password in SHUYUAN_SIGNING_KEY_PASSWORD. Errors never include key material.
func LoadPrivateKey(spec string, getenv func(string) string) (minisign.PrivateKey, error) {
	text := []byte(spec)
	if p, ok := strings.CutPrefix(spec, "file:"); ok {
		b, err := os.ReadFile(p)
		if err != nil {
			return minisign.PrivateKey{}, fmt.Errorf("signing key file:%s: %w", p, err)
		}
		text = b
	}
	text = bytes.TrimSpace(text)
	if !bytes.HasPrefix(text, []byte("untrusted comment:")) {
		text = append([]byte("untrusted comment: minisign secret key\n"), text...)
	}
	if minisign.IsEncrypted(text) {
		pw := ""
		if getenv != nil {
			pw = getenv("SHUYUAN_SIGNING_KEY_PASSWORD")
		}
		if pw == "" {
			return minisign.PrivateKey{}, errors.New("the signing key is password-protected: set SHUYUAN_SIGNING_KEY_PASSWORD, or use a key made with `minisign -G -W`")
		}
		k, err := minisign.DecryptKey(pw, text)
		if err != nil {
			return minisign.PrivateKey{}, errors.New("cannot decrypt the signing key: wrong SHUYUAN_SIGNING_KEY_PASSWORD?")
		}
		return k, nil
	}
	var k minisign.PrivateKey
	if err := k.UnmarshalText(text); err != nil {
		return minisign.PrivateKey{}, errors.New("the signing key is not a minisign secret key (expected the contents of a minisign .key file, or file:PATH)")
	}
	return k, nil
}

// LoadPublicKey reads a minisign public key file (or its one-line base64 form).
func LoadPublicKey(path string) (minisign.PublicKey, error) {
	st, err := os.Stat(path)
	if err != nil {
		return minisign.PublicKey{}, err
	}
	if !st.Mode().IsRegular() || st.Size() > maxSig {
		return minisign.PublicKey{}, fmt.Errorf("%s is not a minisign public key file", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return minisign.PublicKey{}, err
	}
	return parsePublicKey(b, path)
}

// parsePublicKey reads the text of a minisign public key file named name.
func parsePublicKey(b []byte, path string) (minisign.PublicKey, error) {
	var pub minisign.PublicKey
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if err := pub.UnmarshalText([]byte(strings.TrimSpace(lines[len(lines)-1]))); err != nil {
		return minisign.PublicKey{}, fmt.Errorf("%s is not a minisign public key", path)
	}
	return pub, nil
}

// PublicKeyText returns the contents of a minisign public key file.
func PublicKeyText(pub minisign.PublicKey, comment string) []byte {
	return []byte(fmt.Sprintf("untrusted comment: %s %s\n%s\n", comment, strings.ToUpper(strconv.FormatUint(pub.ID(), 16)), pub.String()))
}

// SecretKeyText returns the contents of an unencrypted minisign secret key file.
func SecretKeyText(priv minisign.PrivateKey) []byte {
	b, _ := priv.MarshalText()
	return append(b, '\n')
}

// listFiles returns every file Publish lists under dir (slash paths relative to
// dir), sorted: every regular file but the checksum files and the work
// directories of extracts in progress (.tmp-*) and of writeAtomic. Anything else
// that is not a directory or a regular file (a link, a FIFO, a device) is an
// error: it cannot be published.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if workName(rel, d.IsDir()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is %s, not a regular file: it cannot be published; remove it", p, kindOf(d.Type()))
		}
		if rel == SumsFile || rel == SigFile || rel == PubFile {
			return nil
		}
		out = append(out, rel)
		return nil
	})
	sort.Strings(out)
	return out, err
}

// workName reports whether rel (relative to the set's directory) is a work file of
// shuyuan: an extract's temporary directory or a checksum file being replaced.
func workName(rel string, dir bool) bool {
	if strings.Contains(rel, "/") {
		return false
	}
	if dir {
		return strings.HasPrefix(rel, ".tmp-")
	}
	return strings.HasPrefix(rel, "."+SumsFile+".tmp-") || strings.HasPrefix(rel, "."+SigFile+".tmp-")
}

// setEntries returns every entry under dir that is not a directory, dot-files and
// links and FIFOs included (slash paths relative to dir, sorted), but the checksum
// files themselves: what Verify requires SHA256SUMS to list.
func setEntries(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." || d.IsDir() {
			return nil
		}
		if rel == SumsFile || rel == SigFile || rel == PubFile {
			return nil
		}
		out = append(out, rel)
		return nil
	})
	sort.Strings(out)
	return out, err
}

// kindOf names a file mode that is not a regular file, for messages.
func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	default:
		return "not a regular file"
	}
}

// NotRegularError is a file of a checksum set that Verify refuses to read: not a
// regular file (a FIFO, a device, a directory), or a symbolic link that leads out
// of the set's directory.
type NotRegularError struct {
	Path string
	What string
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s; refusing to read it", e.Path, e.What)
}

// OpenRegular opens rel (slash-separated) under root for reading, refusing
// anything but a regular file with a *NotRegularError: it never blocks on a FIFO
// (opened non-blocking, then checked) and never follows a link out of root.
func OpenRegular(root *os.Root, rel string) (*os.File, error) {
	name := filepath.FromSlash(rel)
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if li, lerr := root.Lstat(name); lerr == nil && li.Mode()&fs.ModeSymlink != 0 {
			target, _ := root.Readlink(name)
			return nil, &NotRegularError{Path: rel, What: fmt.Sprintf("a symbolic link to %s, outside the set", target)}
		}
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &NotRegularError{Path: rel, What: kindOf(st.Mode())}
	}
	return f, nil
}

// hashOpen hashes an open file and closes it.
func hashOpen(f *os.File) (string, error) {
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ReadRegular reads rel (slash-separated) under root as OpenRegular opens it, and
// fails when it holds more than limit bytes.
func ReadRegular(root *os.Root, rel string, limit int64) ([]byte, error) {
	f, err := OpenRegular(root, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes", rel, limit)
	}
	return b, nil
}

// HashFile returns the hex SHA-256 and size of a file.
func HashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// Publish writes dir/SHA256SUMS over every file under dir and, with a key, signs it
// into dir/SHA256SUMS.minisig; without a key a stale signature is removed. known maps
// relative paths to hashes already computed. Both files are replaced atomically.
func Publish(dir string, key *minisign.PrivateKey, known map[string]string) error {
	files, err := listFiles(dir)
	if err != nil {
		return err
	}
	// the public key published beside the set is a published file too: list it, so
	// that every file of data/ has its checksum (Verify does not require it listed)
	if st, err := os.Stat(filepath.Join(dir, PubFile)); err == nil && st.Mode().IsRegular() {
		files = append(files, PubFile)
		sort.Strings(files)
	}
	var b bytes.Buffer
	for _, rel := range files {
		sum, ok := known[rel]
		if !ok {
			if sum, _, err = HashFile(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
				return err
			}
		}
		fmt.Fprintf(&b, "%s  %s\n", sum, rel)
	}
	if err := writeAtomic(filepath.Join(dir, SumsFile), b.Bytes()); err != nil {
		return err
	}
	sigPath := filepath.Join(dir, SigFile)
	if key == nil {
		if err := os.Remove(sigPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	sig := minisign.SignWithComments(*key, b.Bytes(), "shuyuan data/"+SumsFile,
		"signature from shuyuan key "+strings.ToUpper(strconv.FormatUint(key.ID(), 16)))
	return writeAtomic(sigPath, sig)
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Report is the outcome of Verify.
type Report struct {
	// Sums is the SHA256SUMS file checked.
	Sums string
	// Checked counts the files whose checksum was compared; OK those that matched.
	Checked, OK int
	// Mismatch, Missing and Unlisted list relative paths: a checksum differs, a
	// listed file is absent, a file is present but not listed.
	Mismatch, Missing, Unlisted []string
	// Signed is true when SHA256SUMS.minisig exists; SignerKeyID is the key ID the
	// signature names (16 hex digits, "" when it cannot be read). A key ID names a
	// key, it does not prove one: anyone can make a key with any ID.
	Signed      bool
	SignerKeyID string
	// SignatureChecked is true when the signature was checked with a key the caller
	// trusts (Options.Pinned, or the one of Options.Trusted with the signer's key
	// ID); SignatureOK when it is valid for that key. TrustedKeyID is that key's ID.
	SignatureChecked, SignatureOK bool
	TrustedKeyID                  string
	// PubKeyBeside is the public key file beside SHA256SUMS the signature was
	// checked with when no trusted key applies, and BesideOK whether it is valid for
	// it: that catches a damaged signature but says nothing about who signed, since
	// whoever replaced the files can replace that key too.
	PubKeyBeside string
	BesideOK     bool
	// Version is the outcome of Options.Version, nil without one.
	Version *VersionReport
	// Problems are other failures (malformed lines, unsafe paths).
	Problems []string
}

// VersionReport is the check of one dataset version's files against a pinned
// digest (a QR payload).
type VersionReport struct {
	// Prefix is the version's directory relative to data/ ("<id>/<version>/");
	// Want the pinned digest, Got the digest of SHA256SUMS's lines under Prefix.
	Prefix, Want, Got string
	// Listed counts SHA256SUMS's lines under Prefix.
	Listed int
	// Covers is true when every checked file lies under Prefix: the pin then vouches
	// for all of them.
	Covers bool
	// KeyIDMismatch is true when the pin names a key ID and the set is signed by
	// another.
	KeyIDMismatch bool
}

// OK reports whether the version's lines match the pinned digest.
func (v *VersionReport) OK() bool { return v.Listed > 0 && v.Got == v.Want && !v.KeyIDMismatch }

// Failed reports whether anything did not verify: a checksum, a signature checked
// with a trusted key, or a pinned version digest. A signed set whose signer was not
// checked is not a failure here; the caller decides (Trusted).
func (r *Report) Failed() bool {
	return len(r.Mismatch)+len(r.Missing)+len(r.Unlisted)+len(r.Problems) > 0 ||
		(r.SignatureChecked && !r.SignatureOK) || (r.PubKeyBeside != "" && !r.BesideOK) ||
		(r.Version != nil && !r.Version.OK()) || r.Checked == 0
}

// Trusted reports whether what was checked is vouched for by something the
// caller trusts: a valid signature by a trusted key, or a pinned version digest
// that covers every checked file.
func (r *Report) Trusted() bool {
	return r.SignatureChecked && r.SignatureOK || r.Version != nil && r.Version.OK() && r.Version.Covers
}

// Options say what Verify trusts.
type Options struct {
	// Pinned, when set, is the key the set must be signed with (--pubkey): an
	// unsigned set or a set signed by another key fails.
	Pinned *minisign.PublicKey
	// Trusted are further keys the caller trusts (the trust store): a set signed by
	// one of them (found by the signature's key ID) is checked with it.
	Trusted []minisign.PublicKey
	// Version pins one dataset version's files by their digest (a QR payload).
	Version *VersionPin
}

// VersionPin is a dataset version's digest from a source the user trusts.
type VersionPin struct {
	// Prefix is the version's directory relative to data/: "<id>/<version>/".
	Prefix string
	// Digest is the version digest (VersionDigest), lowercase hex.
	Digest string
	// KeyID, when not empty, is the key ID the set must be signed with.
	KeyID string
}

// Verify checks target with pub pinned (Options.Pinned); see VerifyWith.
func Verify(target string, pub *minisign.PublicKey) (*Report, error) {
	return VerifyWith(target, Options{Pinned: pub})
}

// VerifyWith checks target: a directory holding SHA256SUMS (or data/SHA256SUMS), a
// directory inside such a set (then only the files under it are checked), the
// SHA256SUMS file itself, or one downloaded file whose SHA256SUMS is beside it (a
// flat download, matched by name) or in a parent directory (then only that file is
// checked). The signature is checked with opts.Pinned, else with the trusted key
// that has the signer's key ID, else (to catch damage only) with the PubFile
// beside SHA256SUMS.
func VerifyWith(target string, opts Options) (*Report, error) {
	st, err := os.Stat(target)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() && !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: target, What: kindOf(st.Mode())}
	}
	var sums, only, under string
	switch {
	case st.IsDir():
		for _, c := range []string{filepath.Join(target, SumsFile), filepath.Join(target, "data", SumsFile)} {
			if _, err := os.Lstat(c); err == nil {
				sums = c
				break
			}
		}
		if sums == "" {
			// a directory inside the set (data/<id>/<version>): check the files under it
			abs, err := filepath.Abs(target)
			if err != nil {
				return nil, err
			}
			for d := filepath.Dir(abs); filepath.Dir(d) != d; d = filepath.Dir(d) {
				if _, err := os.Lstat(filepath.Join(d, SumsFile)); err == nil {
					sums = filepath.Join(d, SumsFile)
					under, _ = filepath.Rel(d, abs)
					under = filepath.ToSlash(under) + "/"
					break
				}
			}
		}
		if sums == "" {
			return nil, fmt.Errorf("%s holds no %s (nor data/%s), and no parent directory does", target, SumsFile, SumsFile)
		}
	case filepath.Base(target) == SumsFile:
		sums = target
	default:
		abs, err := filepath.Abs(target)
		if err != nil {
			return nil, err
		}
		for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
			if _, err := os.Lstat(filepath.Join(d, SumsFile)); err == nil {
				sums = filepath.Join(d, SumsFile)
				only, _ = filepath.Rel(d, abs)
				only = filepath.ToSlash(only)
				break
			}
			if filepath.Dir(d) == d {
				return nil, fmt.Errorf("no %s found beside %s or in a parent directory", SumsFile, target)
			}
		}
	}
	dir := filepath.Dir(sums)
	// Every file of the set is opened through root: nothing is read outside dir,
	// and only regular files are read (never a FIFO, a device or a link out).
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	content, err := ReadRegular(root, SumsFile, maxSums)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sums, err)
	}
	rep := &Report{Sums: sums}
	var checked []string
	// A single file downloaded flat (beside SHA256SUMS, without the
	// <id>/<version>/ directories) is checked against the one listed entry with
	// its name.
	onlyRel := only
	if only != "" {
		if m := flatMatch(content, only); m != "" {
			only = m
		}
	}
	listed := map[string]bool{}
	entries, problems := ParseSums(sums, content)
	rep.Problems = append(rep.Problems, problems...)
	for _, e := range entries {
		rel := e.Path
		listed[rel] = true
		if only != "" && rel != only || !strings.HasPrefix(rel, under) {
			continue
		}
		file := rel
		if only != "" {
			file = onlyRel
		}
		f, err := OpenRegular(root, file)
		var nr *NotRegularError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.Missing = append(rep.Missing, rel)
			continue
		case errors.As(err, &nr):
			rep.Problems = append(rep.Problems, nr.Error())
			continue
		case err != nil:
			return nil, err
		}
		got, err := hashOpen(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		rep.Checked++
		checked = append(checked, rel)
		if got == e.SHA256 {
			rep.OK++
		} else {
			rep.Mismatch = append(rep.Mismatch, rel)
		}
	}
	if only != "" && !listed[only] {
		rep.Unlisted = append(rep.Unlisted, only)
	}
	if only == "" {
		// every entry of the set must be listed: dot-files, links and FIFOs too
		files, err := setEntries(dir)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if !listed[f] && strings.HasPrefix(f, under) {
				rep.Unlisted = append(rep.Unlisted, f)
			}
		}
	}
	sig, err := ReadRegular(root, SigFile, maxSig)
	var nr *NotRegularError
	switch {
	case err == nil:
		rep.Signed = true
	case errors.As(err, &nr):
		rep.Signed = true
		rep.Problems = append(rep.Problems, nr.Error())
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	if rep.Signed {
		rep.SignerKeyID, _ = SignatureKeyID(sig)
	}
	var key *minisign.PublicKey
	switch {
	case opts.Pinned != nil:
		key = opts.Pinned
	case rep.SignerKeyID != "":
		for i := range opts.Trusted {
			if KeyID(opts.Trusted[i]) == rep.SignerKeyID {
				key = &opts.Trusted[i]
				break
			}
		}
	}
	switch {
	case key != nil:
		rep.SignatureChecked = true
		rep.TrustedKeyID = KeyID(*key)
		rep.SignatureOK = rep.Signed && minisign.Verify(*key, content, sig)
	case rep.Signed:
		// a signed set published with its public key (data/minisign.pub): check the
		// signature with it, so a damaged signature never passes silently; a forged
		// one passes this check, which is why it never makes the set trusted
		if b, err := ReadRegular(root, PubFile, maxSig); err == nil {
			if k, err := parsePublicKey(b, PubFile); err == nil {
				rep.PubKeyBeside = filepath.Join(dir, PubFile)
				rep.BesideOK = minisign.Verify(k, content, sig)
			}
		}
	}
	if pin := opts.Version; pin != nil {
		v := &VersionReport{Prefix: pin.Prefix, Want: strings.ToLower(pin.Digest), Covers: len(checked) > 0}
		v.Got, v.Listed = VersionDigest(entries, pin.Prefix)
		for _, c := range checked {
			v.Covers = v.Covers && strings.HasPrefix(c, pin.Prefix)
		}
		v.KeyIDMismatch = pin.KeyID != "" && rep.Signed && !strings.EqualFold(pin.KeyID, rep.SignerKeyID)
		rep.Version = v
	}
	return rep, nil
}

// Entry is one line of SHA256SUMS.
type Entry struct {
	// SHA256 is the lowercase hex digest; Path is relative to the directory of
	// SHA256SUMS, with forward slashes.
	SHA256, Path string
	// Line is the 1-based line number.
	Line int
}

// ParseSums reads the lines of a SHA256SUMS file named name. Lines that are not
// `sha256  path`, and paths that would leave the directory, are returned as
// problems (name:line: what is wrong) and left out.
func ParseSums(name string, content []byte) ([]Entry, []string) {
	var (
		out      []Entry
		problems []string
	)
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" {
			continue
		}
		sum, rel, ok := strings.Cut(line, " ")
		rel = strings.TrimPrefix(strings.TrimPrefix(rel, " "), "*")
		if !ok || len(sum) != 64 || rel == "" || !isHex(sum) {
			problems = append(problems, fmt.Sprintf("%s:%d: not a `sha256  path` line", name, ln))
			continue
		}
		if strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || rel == ".." || strings.HasPrefix(rel, "../") || strings.Contains(rel, "/../") {
			problems = append(problems, fmt.Sprintf("%s:%d: path %q leaves the directory; refusing to read it", name, ln, rel))
			continue
		}
		out = append(out, Entry{SHA256: strings.ToLower(sum), Path: rel, Line: ln})
	}
	return out, problems
}

func isHex(s string) bool {
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// VersionDigest is the digest of one dataset version: the SHA-256 of the lines
// `<sha256>  <file>\n` of every entry under prefix ("<id>/<version>/"), with file
// relative to prefix, sorted by file. It is what `LC_ALL=C sha256sum *` prints in
// the version's directory, hashed: `(cd data/<id>/<version> && LC_ALL=C sha256sum
// -- *) | sha256sum`. It also returns how many entries it covers; with none the
// digest is "".
func VersionDigest(entries []Entry, prefix string) (string, int) {
	type line struct{ file, sum string }
	var lines []line
	for _, e := range entries {
		if f, ok := strings.CutPrefix(e.Path, prefix); ok && f != "" {
			lines = append(lines, line{f, e.SHA256})
		}
	}
	if len(lines) == 0 {
		return "", 0
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].file < lines[j].file })
	h := sha256.New()
	for _, l := range lines {
		fmt.Fprintf(h, "%s  %s\n", l.sum, l.file)
	}
	return hex.EncodeToString(h.Sum(nil)), len(lines)
}

// KeyID is a minisign key's ID as minisign prints it: 16 uppercase hex digits.
func KeyID(pub minisign.PublicKey) string { return fmt.Sprintf("%016X", pub.ID()) }

// SignatureKeyID is the key ID a minisign signature names, as KeyID prints it.
func SignatureKeyID(sig []byte) (string, bool) {
	var s minisign.Signature
	if err := s.UnmarshalText(bytes.TrimSpace(sig)); err != nil {
		return "", false
	}
	return fmt.Sprintf("%016X", s.KeyID), true
}

// ParsePublicKey reads the text of a minisign public key file (or its one-line
// base64 form); name is used in the error.
func ParsePublicKey(b []byte, name string) (minisign.PublicKey, error) {
	return parsePublicKey(b, name)
}

// Size limits of the files Verify reads whole.
const (
	maxSums = 64 << 20 // SHA256SUMS: about 600,000 lines
	maxSig  = 64 << 10 // a minisign signature or public key
)

// flatMatch returns the path listed in SHA256SUMS content for only, a file that is
// not listed under its own relative path but directly beside SHA256SUMS, when
// exactly one listed path has its name; else "".
func flatMatch(content []byte, only string) string {
	if strings.Contains(only, "/") {
		return ""
	}
	match := ""
	for line := range strings.SplitSeq(string(content), "\n") {
		_, rel, ok := strings.Cut(strings.TrimRight(line, "\r"), " ")
		rel = strings.TrimPrefix(strings.TrimPrefix(rel, " "), "*")
		if !ok {
			continue
		}
		if rel == only {
			return ""
		}
		if path.Base(rel) == only {
			if match != "" {
				return ""
			}
			match = rel
		}
	}
	return match
}
