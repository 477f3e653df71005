// Package versionqr defines what the QR code of a published dataset version
// (亮数) says, and draws it as SVG.
//
// The payload is the version's canonical URL with two query parameters:
//
//	https://data.example.gov.cn/datasets/<id>/<version>/?sha256=<digest>&key=<key ID>
//
// sha256 is the version digest (sign.VersionDigest: 64 lowercase hex digits) and key
// the minisign key ID of the portal that signed it (16 uppercase hex digits; left
// out when the portal does not sign). Scanned with a phone it opens the version's
// page (static hosting ignores the query); given to `shuyuan verify --qr` it pins
// the version's files offline. docs/qr-payload.md is the reference.
package versionqr

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	goqr "github.com/piglig/go-qr"
)

// Payload is what a version's QR code encodes.
type Payload struct {
	// BaseURL is the portal's base URL, ending in "/".
	BaseURL string
	// Dataset and Version name the dataset version.
	Dataset, Version string
	// SHA256 is the version digest, lowercase hex.
	SHA256 string
	// KeyID is the signer's minisign key ID (16 uppercase hex digits), "" when the
	// portal does not sign.
	KeyID string
}

// URL is the version's canonical page URL, without the query.
func (p Payload) URL() string {
	return p.BaseURL + "datasets/" + p.Dataset + "/" + p.Version + "/"
}

// Prefix is the version's directory relative to data/: "<id>/<version>/".
func (p Payload) Prefix() string { return p.Dataset + "/" + p.Version + "/" }

// String is the payload text the QR code encodes.
func (p Payload) String() string {
	s := p.URL() + "?sha256=" + p.SHA256
	if p.KeyID != "" {
		s += "&key=" + p.KeyID
	}
	return s
}

var (
	idRe      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	versionRe = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)
	digestRe  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	keyIDRe   = regexp.MustCompile(`^[0-9A-F]{16}$`)
)

// Parse reads a payload as String writes it. Hex digits are accepted in either
// case. The error says what is wrong and what the payload should look like.
func Parse(s string) (Payload, error) {
	bad := func(format string, args ...any) (Payload, error) {
		return Payload{}, fmt.Errorf("QR payload %q: %s; expected https://PORTAL/datasets/ID/VERSION/?sha256=DIGEST&key=KEYID, as the dataset version's page shows it", s, fmt.Sprintf(format, args...))
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return bad("not a URL")
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return bad("not an http(s) URL")
	}
	parts := strings.Split(u.Path, "/")
	// …/datasets/<id>/<version>/ splits into […, "datasets", id, version, ""]
	n := len(parts)
	if n < 5 || parts[n-1] != "" || parts[n-4] != "datasets" {
		return bad("the path does not end in datasets/ID/VERSION/")
	}
	p := Payload{
		BaseURL: u.Scheme + "://" + u.Host + strings.Join(parts[:n-4], "/") + "/",
		Dataset: parts[n-3], Version: parts[n-2],
	}
	if !idRe.MatchString(p.Dataset) {
		return bad("%q is not a dataset id", p.Dataset)
	}
	if !versionRe.MatchString(p.Version) {
		return bad("%q is not a version (MAJOR.MINOR.PATCH)", p.Version)
	}
	q := u.Query()
	p.SHA256 = strings.ToLower(q.Get("sha256"))
	if !digestRe.MatchString(p.SHA256) {
		return bad("sha256 must be 64 hex digits")
	}
	if k := q.Get("key"); k != "" {
		p.KeyID = strings.ToUpper(k)
		if !keyIDRe.MatchString(p.KeyID) {
			return bad("key must be a minisign key ID, 16 hex digits")
		}
	}
	return p, nil
}

// SVG draws the payload as a QR code: error correction level M (15% of the code
// may be damaged), a quiet zone of four modules, one path, no size (it fills its
// container). The same payload gives the same bytes.
func SVG(p Payload) ([]byte, error) {
	if p.Dataset == "" || p.SHA256 == "" {
		return nil, errors.New("versionqr: a payload needs a dataset and a digest")
	}
	code, err := goqr.EncodeText(p.String(), goqr.Medium)
	if err != nil {
		return nil, fmt.Errorf("versionqr: %w", err)
	}
	return code.ToSVGBytes(goqr.NewQrCodeImgConfig(1, 4, goqr.WithOptimalSVG()))
}
