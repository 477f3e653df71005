package versionqr

import (
	"bytes"
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

var sample = Payload{
	BaseURL: "https://data.sh.example.gov.cn/", Dataset: "metro-station-ridership", Version: "1.10.0",
	SHA256: strings.Repeat("0123456789abcdef", 4), KeyID: "04199DF07820870C",
}

func TestPayloadRoundTrip(t *testing.T) {
	s := sample.String()
	want := "https://data.sh.example.gov.cn/datasets/metro-station-ridership/1.10.0/?sha256=" + sample.SHA256 + "&key=04199DF07820870C"
	if s != want {
		t.Fatalf("String() = %s\nwant       %s", s, want)
	}
	for _, in := range []string{s, strings.ToUpper(s[:8]) + s[8:], " " + s + "\n", strings.Replace(s, "&key=04199DF07820870C", "&key=04199df07820870c", 1)} {
		got, err := Parse(in)
		if err != nil || got != sample {
			t.Errorf("Parse(%q) = %+v, %v", in, got, err)
		}
	}
	unsigned := sample
	unsigned.KeyID = ""
	unsigned.BaseURL = "http://localhost:8080/portal/"
	if got, err := Parse(unsigned.String()); err != nil || got != unsigned || got.Prefix() != "metro-station-ridership/1.10.0/" {
		t.Errorf("unsigned, base with a path: %+v %v", got, err)
	}
}

func TestParseRejects(t *testing.T) {
	for in, want := range map[string]string{
		"not a url at all": "not an http(s) URL",
		"ftp://x/datasets/a/1.0.0/?sha256=" + sample.SHA256:                "not an http(s) URL",
		"https://x/datasets/a/1.0.0?sha256=" + sample.SHA256:               "does not end in datasets/ID/VERSION/",
		"https://x/data/a/1.0.0/?sha256=" + sample.SHA256:                  "does not end in datasets/ID/VERSION/",
		"https://x/datasets/A_b/1.0.0/?sha256=" + sample.SHA256:            "is not a dataset id",
		"https://x/datasets/a/1.0/?sha256=" + sample.SHA256:                "is not a version",
		"https://x/datasets/a/1.0.0/?sha256=abc":                           "sha256 must be 64 hex digits",
		"https://x/datasets/a/1.0.0/":                                      "sha256 must be 64 hex digits",
		"https://x/datasets/a/1.0.0/?sha256=" + sample.SHA256 + "&key=XYZ": "key must be a minisign key ID",
	} {
		if _, err := Parse(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

// TestSVGDecodes: the SVG, drawn to pixels, is read back by an independent decoder
// (ZXing's Go port) as the payload; and the bytes are the same every time.
func TestSVGDecodes(t *testing.T) {
	svg, err := SVG(sample)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := SVG(sample)
	if !bytes.Equal(svg, again) {
		t.Error("two SVGs of one payload differ")
	}
	if !bytes.HasPrefix(svg, []byte("<svg ")) || bytes.Contains(svg, []byte("<script")) {
		t.Errorf("not a bare SVG element:\n%.200s", svg)
	}
	img := rasterize(t, svg, 6)
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("ZXing cannot read the QR code: %v", err)
	}
	if res.GetText() != sample.String() {
		t.Errorf("decoded %q, want %q", res.GetText(), sample.String())
	}
	if _, err := SVG(Payload{}); err == nil {
		t.Error("an empty payload was drawn")
	}
}

// rasterize draws the one even-odd path of the SVG (axis-aligned M, H, V, L
// commands, as the library writes it) into a grey image, scale pixels per unit.
func rasterize(t *testing.T, svg []byte, scale int) image.Image {
	t.Helper()
	vb := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindSubmatch(svg)
	d := regexp.MustCompile(` d="([^"]*)"`).FindSubmatch(svg)
	if vb == nil || d == nil {
		t.Fatalf("no viewBox or path in\n%.300s", svg)
	}
	size, _ := strconv.Atoi(string(vb[1]))
	// vertical edges: x, y0..y1
	type edge struct{ x, y0, y1 int }
	var edges []edge
	var x, y, sx, sy int
	tok := regexp.MustCompile(`([MHVL])(-?\d+)(?:,(-?\d+))?`).FindAllStringSubmatch(string(d[1]), -1)
	for _, m := range tok {
		a, _ := strconv.Atoi(m[2])
		switch m[1] {
		case "M":
			x, y = a, atoi(m[3])
			sx, sy = x, y
		case "H":
			x = a
		case "V":
			edges = append(edges, edge{x, min(y, a), max(y, a)})
			y = a
		case "L":
			nx, ny := a, atoi(m[3])
			if nx == x && ny != y {
				edges = append(edges, edge{x, min(y, ny), max(y, ny)})
			}
			x, y = nx, ny
			_, _ = sx, sy
		}
	}
	img := image.NewGray(image.Rect(0, 0, size*scale, size*scale))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			// even-odd: count the vertical edges right of the module's centre
			n := 0
			for _, e := range edges {
				if float64(e.x) > float64(px)+0.5 && float64(e.y0) < float64(py)+0.5 && float64(py)+0.5 < float64(e.y1) {
					n++
				}
			}
			c := color.Gray{Y: 255}
			if n%2 == 1 {
				c = color.Gray{Y: 0}
			}
			for i := 0; i < scale; i++ {
				for j := 0; j < scale; j++ {
					img.SetGray(px*scale+i, py*scale+j, c)
				}
			}
		}
	}
	return img
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }
