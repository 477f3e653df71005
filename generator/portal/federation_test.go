package portal

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// TestFederatedLevel builds a city catalog that includes a district catalog and checks
// that each dataset page says which level publishes it.
func TestFederatedLevel(t *testing.T) {
	dir := writeCatalog(t, "")
	portalYAML := filepath.Join(dir, "portal.yaml")
	b, err := os.ReadFile(portalYAML)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, "federation:\n  - {id: pudong, path: federation/pudong}\n"...)
	member := map[string]string{
		"portal.yaml": "",
		"departments/pudong-transport.yaml": `kind: Department
id: pudong-transport
name: {zh: 浦东新区建设和交通委, en: Pudong Construction and Transport Commission}
level: district
district: "310115"
contact: data@pudong.example.gov.cn
`,
		"datasets/pudong-transport/pudong-bus-stops.yaml": `kind: Dataset
id: pudong-bus-stops
version: 1.0.0
title: {zh: 浦东新区公交站点, en: Pudong bus stops}
description:
  zh: 浦东新区全部公交站点的名称、途经线路和地理位置，由区建设和交通委按月更新，可用于出行规划、公交可达性研究和城市规划分析。
  en: Names, routes and locations of bus stops in Pudong, updated monthly, for trip planning and accessibility research.
department: pudong-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: monthly, last_modified: 2026-10-15}
source: {format: csv, path: sources/stops.csv}
columns:
  - {name: stop, title: {zh: 站点, en: Stop}, type: string, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.0.0, date: 2026-10-15, summary: {zh: 首次发布, en: First release}}
`,
		"sources/stops.csv": "stop\n世纪大道\n",
	}
	if err := os.WriteFile(portalYAML, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, data := range member {
		if data == "" {
			continue
		}
		p := filepath.Join(dir, "federation", "pudong", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := load.LoadFederated(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cat.Findings {
		t.Fatalf("federated test catalog does not load cleanly: %s", f)
	}
	s, err := NewSite(cat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := s.Render(context.Background(), out, nil); err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string]string{
		"datasets/pudong-bus-stops/index.html":    "区级（pudong）",
		"en/datasets/pudong-bus-stops/index.html": "District (pudong)",
		"datasets/metro-ridership/index.html":     "<dd>市级</dd>",
	} {
		if got := read(t, out, page); !strings.Contains(got, want) {
			t.Errorf("%s does not say %q", page, want)
		}
	}
}
