// Package place describes the GB/T 2260 administrative divisions that datasets name in
// `spatial`: their names in Chinese (from generator/validator's division table) and
// English, and a bounding box for the harvest files and the portal's schema.org data.
//
// The boxes and English names are in places.tsv (embedded; origin in SOURCES.md):
// Shanghai and each of its districts, and every mainland province-level division. A
// division without a row of its own takes the box of the nearest enclosing division
// that has one (its prefecture, then its province), which contains it; a code of a
// province without a row has no box.
package place

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

//go:embed places.tsv
var placesTSV string

// BBox is a bounding box in WGS 84 degrees.
type BBox struct {
	West, South, East, North float64
}

// WKT is the box as a Well-Known Text polygon in longitude-latitude order (CRS84, the
// default of GeoSPARQL's wktLiteral), as DCAT's dcat:bbox takes it.
func (b BBox) WKT() string {
	w, s, e, n := f(b.West), f(b.South), f(b.East), f(b.North)
	return "POLYGON((" + w + " " + s + ", " + e + " " + s + ", " + e + " " + n + ", " + w + " " + n + ", " + w + " " + s + "))"
}

// SchemaBox is the box as schema.org's GeoShape box: the lower corner then the upper,
// each as latitude and longitude.
func (b BBox) SchemaBox() string {
	return f(b.South) + " " + f(b.West) + " " + f(b.North) + " " + f(b.East)
}

func f(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Place is a division with its names and, when known, a bounding box.
type Place struct {
	// Code is the six-digit GB/T 2260 code.
	Code string
	// Name is the full name (上海市徐汇区, "Xuhui District, Shanghai"); En is empty
	// when places.tsv has no English name for the division.
	Name model.Text
	// BBox is the division's box, or its nearest enclosing division's; nil when none
	// is known.
	BBox *BBox
	// BBoxOf is the code of the division whose box BBox is.
	BBoxOf string
}

type row struct {
	en   string
	bbox BBox
}

var table = sync.OnceValues(func() (map[string]row, error) { return parse(placesTSV) })

// parse reads places.tsv: comment lines start with #, rows are code, English name,
// west, south, east, north, separated by tabs.
func parse(src string) (map[string]row, error) {
	out := map[string]row{}
	for i, line := range strings.Split(src, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 6 {
			return nil, fmt.Errorf("places.tsv:%d: %d columns, want 6", i+1, len(cols))
		}
		if !validator.ValidDivision(cols[0]) {
			return nil, fmt.Errorf("places.tsv:%d: %q is not a GB/T 2260 division code", i+1, cols[0])
		}
		var v [4]float64
		for j := range v {
			x, err := strconv.ParseFloat(cols[2+j], 64)
			if err != nil {
				return nil, fmt.Errorf("places.tsv:%d: %v", i+1, err)
			}
			v[j] = x
		}
		b := BBox{West: v[0], South: v[1], East: v[2], North: v[3]}
		if !(b.West < b.East && b.South < b.North && b.West >= -180 && b.East <= 180 && b.South >= -90 && b.North <= 90) {
			return nil, fmt.Errorf("places.tsv:%d: %v is not a box", i+1, b)
		}
		out[cols[0]] = row{en: cols[1], bbox: b}
	}
	return out, nil
}

// Lookup describes the division with code; false when code is not a GB/T 2260
// division code.
func Lookup(code string) (Place, bool) {
	zh, ok := validator.FullName(code)
	if !ok {
		return Place{}, false
	}
	rows, err := table()
	if err != nil {
		panic(err) // the embedded table is checked by TestTable
	}
	p := Place{Code: code, Name: model.Text{Zh: zh}}
	prov, _ := validator.Province(code)
	if r, ok := rows[code]; ok && r.en != "" {
		p.Name.En = r.en
		if pr, ok := rows[prov]; ok && prov != code {
			p.Name.En += ", " + pr.en
		}
	}
	for _, c := range []string{code, code[:4] + "00", prov} {
		if r, ok := rows[c]; ok {
			b := r.bbox
			p.BBox, p.BBoxOf = &b, c
			break
		}
	}
	return p, true
}
