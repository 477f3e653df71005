package place

import (
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

func TestTable(t *testing.T) {
	rows, err := table()
	if err != nil {
		t.Fatal(err)
	}
	sh := rows["310000"].bbox
	districts := 0
	for code, r := range rows {
		if strings.HasPrefix(code, "31") && code != "310000" {
			districts++
			b := r.bbox
			if b.West < sh.West || b.East > sh.East || b.South < sh.South || b.North > sh.North {
				t.Errorf("%s %s: box %v outside Shanghai's %v", code, r.en, b, sh)
			}
		}
		if code[2:] == "0000" && code != "310000" && (r.bbox.West < 73 || r.bbox.East > 136 || r.bbox.South < 18 || r.bbox.North > 54) {
			t.Errorf("%s: box %v outside China", code, r.bbox)
		}
	}
	// Every district of Shanghai in the division table has its own box.
	for _, code := range []string{"310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310114", "310115", "310116", "310117", "310118", "310120", "310151"} {
		if _, ok := validator.District(code); !ok {
			t.Errorf("%s is no longer a district in the division table", code)
		}
		if _, ok := rows[code]; !ok {
			t.Errorf("%s has no box", code)
		}
	}
	if districts != 16 {
		t.Errorf("%d Shanghai districts, want 16", districts)
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{
		"310000\tShanghai\t1\t2\t3\n",
		"999999\tNowhere\t1\t2\t3\t4\n",
		"310000\tShanghai\t122\t30\t121\t31\n",
		"310000\tShanghai\tx\t30\t121\t31\n",
	} {
		if _, err := parse(src); err == nil || !strings.HasPrefix(err.Error(), "places.tsv:1:") {
			t.Errorf("parse(%q) = %v, want an error at line 1", src, err)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, tt := range []struct {
		code, zh, en, bboxOf, wkt string
	}{
		{"310104", "上海市徐汇区", "Xuhui District, Shanghai", "310104", "POLYGON((121.39 31.1, 121.48 31.1, 121.48 31.23, 121.39 31.23, 121.39 31.1))"},
		{"310000", "上海市", "Shanghai", "310000", "POLYGON((120.85 30.67, 122.02 30.67, 122.02 31.88, 120.85 31.88, 120.85 30.67))"},
		// Shanghai's placeholder prefecture takes the city's box.
		{"310100", "上海市", "", "310000", ""},
		// A county of Guangdong without a row of its own takes the province's box.
		{"440106", "广东省广州市天河区", "", "440000", ""},
	} {
		p, ok := Lookup(tt.code)
		if !ok || p.Name.Zh != tt.zh || p.Name.En != tt.en || p.BBox == nil || p.BBoxOf != tt.bboxOf {
			t.Errorf("Lookup(%s) = %+v, %v; want %s / %q / box of %s", tt.code, p, ok, tt.zh, tt.en, tt.bboxOf)
			continue
		}
		if tt.wkt != "" && p.BBox.WKT() != tt.wkt {
			t.Errorf("%s: WKT %s, want %s", tt.code, p.BBox.WKT(), tt.wkt)
		}
	}
	if p, _ := Lookup("310104"); p.BBox.SchemaBox() != "31.1 121.39 31.23 121.48" {
		t.Errorf("schema.org box %q", p.BBox.SchemaBox())
	}
	for _, bad := range []string{"", "31010", "999999", "abcdef"} {
		if _, ok := Lookup(bad); ok {
			t.Errorf("Lookup(%q) succeeded", bad)
		}
	}
}
