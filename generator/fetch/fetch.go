// Package fetch downloads the data/ of a published portal: SHA256SUMS, its
// signature, the public key beside it and every file SHA256SUMS lists, each checked
// against its checksum as it arrives. The publish workflow uses it to restore the
// last deployment, whose versions the next build carries forward
// (`shuyuan build --previous`), which checks the signature again.
package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// ErrNotPublished is returned when the portal publishes no data/SHA256SUMS (it
// has never published a download).
var ErrNotPublished = errors.New("the portal publishes no data/SHA256SUMS")

// MismatchError is a downloaded file that is not what SHA256SUMS lists, or a
// signature that does not check out.
type MismatchError struct{ Msg string }

func (e *MismatchError) Error() string { return e.Msg }

// Result is what Data downloaded.
type Result struct {
	Files int
	Bytes int64
	// Signed says SHA256SUMS.minisig was published.
	Signed bool
}

// Data downloads base's data/ into dir/data (dir must exist; dir/data must not).
// With pub, SHA256SUMS must be signed by it, checked before any other file is
// downloaded.
func Data(ctx context.Context, client *http.Client, base, dir string, pub *minisign.PublicKey) (*Result, error) {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%s is not an http(s) URL", base)
	}
	get := func(rel string, w io.Writer, limit int64) (int64, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"data/"+rel, nil)
		if err != nil {
			return 0, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			return 0, os.ErrNotExist
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("GET %s: %s", req.URL, resp.Status)
		}
		var r io.Reader = resp.Body
		if limit > 0 {
			r = io.LimitReader(resp.Body, limit+1)
		}
		n, err := io.Copy(w, r)
		if err == nil && limit > 0 && n > limit {
			err = fmt.Errorf("GET %s: larger than %d bytes", req.URL, limit)
		}
		return n, err
	}
	small := func(rel string, limit int64) ([]byte, error) {
		var b strings.Builder
		if _, err := get(rel, &b, limit); err != nil {
			return nil, err
		}
		return []byte(b.String()), nil
	}
	sums, err := small(sign.SumsFile, 64<<20)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotPublished
	}
	if err != nil {
		return nil, err
	}
	res := &Result{}
	sig, err := small(sign.SigFile, 64<<10)
	switch {
	case err == nil:
		res.Signed = true
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	if pub != nil && (!res.Signed || !minisign.Verify(*pub, sums, sig)) {
		return nil, &MismatchError{Msg: fmt.Sprintf("%sdata/%s is not signed by the key %s: refusing to download the files it lists", base, sign.SumsFile, sign.KeyID(*pub))}
	}
	entries, problems := sign.ParseSums(base+"data/"+sign.SumsFile, sums)
	if len(problems) > 0 {
		return nil, &MismatchError{Msg: strings.Join(problems, "; ")}
	}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(data)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	write := func(rel string, b []byte) error {
		return root.WriteFile(rel, b, 0o644)
	}
	if err := write(sign.SumsFile, sums); err != nil {
		return nil, err
	}
	if res.Signed {
		if err := write(sign.SigFile, sig); err != nil {
			return nil, err
		}
	}
	if key, err := small(sign.PubFile, 64<<10); err == nil {
		if err := write(sign.PubFile, key); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if e.Path == sign.PubFile {
			continue
		}
		name := filepath.FromSlash(e.Path)
		if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return nil, err
		}
		f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		n, err := get(escapePath(e.Path), io.MultiWriter(f, h), 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if errors.Is(err, os.ErrNotExist) {
			return nil, &MismatchError{Msg: fmt.Sprintf("%sdata/%s is listed in %s but not published", base, e.Path, sign.SumsFile)}
		}
		if err != nil {
			return nil, err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != e.SHA256 {
			return nil, &MismatchError{Msg: fmt.Sprintf("%sdata/%s does not match its checksum in %s (SHA-256 %s, listed %s)", base, e.Path, sign.SumsFile, got, e.SHA256)}
		}
		res.Files++
		res.Bytes += n
	}
	return res, nil
}

// escapePath escapes each segment of a slash path for a URL.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
