package portal

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// maxImage is the largest logo or favicon the portal publishes.
const maxImage = 256 << 10

// siteImage is the logo or favicon of portal.yaml, read from the catalog and checked.
type siteImage struct {
	// Path is where the site publishes it ("assets/logo.svg").
	Path string
	Data []byte
}

// readImage reads the image at the catalog-relative path rel for the field key of
// portal.yaml and checks that it is what its extension says and, for SVG, that it
// cannot run script when opened from the portal's own origin.
func readImage(root, key, rel string) (*siteImage, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("portal.yaml: %s %q: %s", key, rel, fmt.Sprintf(format, args...))
	}
	local := filepath.FromSlash(rel)
	if !filepath.IsLocal(local) {
		return nil, bad("must be a path inside the catalog")
	}
	f, err := os.Open(filepath.Join(root, local))
	if err != nil {
		return nil, bad("cannot be read (%v); run `shuyuan lint`", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxImage+1))
	if err != nil {
		return nil, bad("%v", err)
	}
	if len(b) > maxImage {
		return nil, bad("is larger than %d KiB; use a smaller image", maxImage>>10)
	}
	ext := strings.ToLower(path.Ext(rel))
	switch ext {
	case ".png":
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			return nil, bad("is not a PNG image")
		}
	case ".ico":
		if !bytes.HasPrefix(b, []byte{0, 0, 1, 0}) {
			return nil, bad("is not an ICO image")
		}
	case ".svg":
		if err := checkSVG(b); err != nil {
			return nil, bad("%v", err)
		}
	default:
		return nil, bad("must be an .svg, .png or .ico file")
	}
	return &siteImage{Path: "assets/" + key + ext, Data: b}, nil
}

// svgElements are the SVG elements a logo may use: shapes, text, groups and
// gradients, nothing that runs script, loads other documents or embeds HTML.
var svgElements = map[string]bool{
	"svg": true, "g": true, "path": true, "rect": true, "circle": true, "ellipse": true, "line": true,
	"polyline": true, "polygon": true, "text": true, "tspan": true, "title": true, "desc": true, "defs": true,
	"lineargradient": true, "radialgradient": true, "stop": true, "clippath": true, "mask": true,
}

// checkSVG accepts an SVG document made only of svgElements whose attributes are
// neither event handlers nor links (href may only name a fragment).
func checkSVG(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	root := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("is not well-formed SVG: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root && name != "svg" {
				return fmt.Errorf("does not start with an <svg> element")
			}
			root = false
			if !svgElements[name] {
				return fmt.Errorf("has a <%s> element; a logo may only use shapes, text, groups and gradients", t.Name.Local)
			}
			for _, a := range t.Attr {
				an := strings.ToLower(a.Name.Local)
				v := strings.ToLower(strings.TrimSpace(a.Value))
				switch {
				case strings.HasPrefix(an, "on"):
					return fmt.Errorf("has an event handler attribute %s on <%s>", a.Name.Local, t.Name.Local)
				case an == "href" && !strings.HasPrefix(v, "#"):
					return fmt.Errorf("links %q; a logo may only link inside itself", a.Value)
				case strings.Contains(v, "javascript:") || strings.Contains(v, "url(") && !strings.Contains(v, "url(#"):
					return fmt.Errorf("has an attribute %s that loads or runs something", a.Name.Local)
				}
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				return fmt.Errorf("has a processing instruction <?%s?>", t.Target)
			}
		case xml.Directive:
			return fmt.Errorf("has a <!…> declaration (DOCTYPE or ENTITY); remove it")
		}
	}
	if root {
		return fmt.Errorf("is empty")
	}
	return nil
}
