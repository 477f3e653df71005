package harvest

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

// TestElementsFiles: elements.json and elements.csv hold every published element
// (never a draft) with its five attributes, its flags and the published datasets
// that use it; the CSV opens in a spreadsheet (UTF-8 BOM, CRLF) and reads back.
func TestElementsFiles(t *testing.T) {
	dir := t.TempDir()
	if err := Write(context.Background(), dir, testcat.Load(t, fixture), input); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Elements []struct {
			ID                    string
			ResponsibleDepartment struct{ ID string }                  `json:"responsible_department"`
			SourceSystem          struct{ System struct{ Zh string } } `json:"source_system"`
			UpdateMechanism       struct{ Frequency string }           `json:"update_mechanism"`
			QualityStandard       *struct{ Standards []string }        `json:"quality_standard"`
			UsageMethod           *struct{ Channels []string }         `json:"usage_method"`
			HighFrequency         *bool                                `json:"high_frequency"`
			ExemptFromFilling     *bool                                `json:"exempt_from_filling"`
			Datasets              []struct{ ID string }
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, ElementsJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("elements.json: %v", err)
	}
	got := map[string]string{}
	for _, e := range doc.Elements {
		if e.ResponsibleDepartment.ID == "" || e.SourceSystem.System.Zh == "" || e.UpdateMechanism.Frequency == "" ||
			e.QualityStandard == nil || e.UsageMethod == nil || e.HighFrequency == nil || e.ExemptFromFilling == nil {
			t.Errorf("%s: an attribute or flag is missing: %+v", e.ID, e)
			continue
		}
		var ds []string
		for _, d := range e.Datasets {
			ds = append(ds, d.ID)
		}
		got[e.ID] = strings.Join(ds, ",") + map[bool]string{true: " high-frequency", false: ""}[*e.HighFrequency] +
			map[bool]string{true: " exempt", false: ""}[*e.ExemptFromFilling]
	}
	// draft-element is never published; draft-thing (a draft dataset) uses district-code
	want := map[string]string{"district-code": "taxi-trips exempt", "metro-station": "metro-ridership high-frequency"}
	if len(got) != len(want) {
		t.Errorf("elements.json lists %v, want %v", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("elements.json: %s is %q, want %q", id, got[id], w)
		}
	}

	c, err := os.ReadFile(filepath.Join(dir, ElementsCSV))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(c, []byte("\ufeffid,")) || !bytes.HasSuffix(c, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(c, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("elements.csv is not UTF-8 with a BOM and CRLF records: %q", c[:min(len(c), 80)])
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(c, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("elements.csv does not read back: %v", err)
	}
	if len(rows) != 1+len(want) {
		t.Fatalf("elements.csv has %d records, want a header and %d", len(rows), len(want))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		if r[col["id"]] == "metro-station" {
			if r[col["name_zh"]] != `轨道交通站点名称, "官方"` || r[col["high_frequency"]] != "true" || r[col["exempt_from_filling"]] != "false" ||
				r[col["datasets"]] != "metro-ridership" || r[col["quality_rules"]] != "completeness>=1; validity(gbt2260)>=0.999" {
				t.Errorf("elements.csv, metro-station: %q", r)
			}
		}
		if r[col["id"]] == "district-code" && (r[col["exempt_from_filling"]] != "true" || r[col["datasets"]] != "taxi-trips") {
			t.Errorf("elements.csv, district-code: %q", r)
		}
	}
	for _, f := range []string{"catalog.jsonld", "data.json"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		for _, u := range []string{"https://data.example.gov.cn/elements.json", "https://data.example.gov.cn/elements.csv"} {
			if !bytes.Contains(b, []byte(`"`+u+`"`)) {
				t.Errorf("%s does not list %s", f, u)
			}
		}
	}
}
