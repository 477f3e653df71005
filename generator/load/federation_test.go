package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// cityCatalog writes the lint test base catalog with a federation list in portal.yaml.
func cityCatalog(t *testing.T, federation string) string {
	t.Helper()
	dir := t.TempDir()
	a, err := txtar.ParseFile(filepath.Join("..", "lint", "testdata", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	files["portal.yaml"] += federation
	writeFiles(t, dir, files)
	return dir
}

const pudongDept = `kind: Department
id: pudong-transport
name: {zh: 浦东新区建设和交通委, en: Pudong Construction and Transport Commission}
level: district
district: "310115"
parent: sh-transport
contact: data@pudong.example.gov.cn
`

const pudongDataset = `kind: Dataset
id: pudong-bus-stops
version: 1.0.0
status: active
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
`

const memberPortal = `kind: Portal
id: portal
title: {zh: 浦东新区公共数据开放, en: Pudong Open Data}
base_url: https://pudong.example.gov.cn/
languages: [zh, en]
publisher: pudong-transport
themes:
  - {id: transport, name: {zh: 交通出行, en: Transport}}
`

func TestLoadFederatedUnion(t *testing.T) {
	dir := cityCatalog(t, "federation:\n  - {id: pudong, path: federation/pudong}\n")
	writeFiles(t, filepath.Join(dir, "federation", "pudong"), map[string]string{
		"departments/pudong-transport.yaml":               pudongDept,
		"datasets/pudong-transport/pudong-bus-stops.yaml": pudongDataset,
		"sources/stops.csv":                               "stop\n世纪大道\n",
		"portal.yaml":                                     memberPortal, // the member's own portal is not merged
	})
	cat, err := load.LoadFederated(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Findings) != 0 {
		t.Fatalf("findings: %v", cat.Findings)
	}
	ds := cat.Dataset("pudong-bus-stops")
	if ds == nil || cat.Dataset("metro-ridership") == nil {
		t.Fatal("the union lacks the city's or the member's dataset")
	}
	if ds.Path != "federation/pudong/datasets/pudong-transport/pudong-bus-stops.yaml" {
		t.Errorf("member path = %q", ds.Path)
	}
	if ds.V.Source.Path != "federation/pudong/sources/stops.csv" {
		t.Errorf("source path not rebased: %q", ds.V.Source.Path)
	}
	if cat.Level(ds.File) != "pudong" || cat.Level(cat.Dataset("metro-ridership").File) != "city" {
		t.Errorf("levels: %q, %q", cat.Level(ds.File), cat.Level(cat.Dataset("metro-ridership").File))
	}
	if len(cat.Members) != 1 || cat.Members[0].ID != "pudong" {
		t.Errorf("members = %+v", cat.Members)
	}
	for _, f := range cat.Files {
		if f.Kind == "Portal" && f.Path != "portal.yaml" {
			t.Errorf("member portal merged: %s", f.Path)
		}
	}
	// Lint runs over the union cleanly: refs to city departments and themes resolve,
	// member source paths exist.
	for _, f := range lint.Run(cat, lint.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}) {
		t.Errorf("union lint: %s", f)
	}
	// Without federation the same directory is the city alone.
	plain, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Dataset("pudong-bus-stops") != nil {
		t.Error("load.Load merged the federation")
	}
}

// TestFederatedOneSource: a district that catalogs an element the city already has
// breaks one data, one source, and lint over the union says so.
func TestFederatedOneSource(t *testing.T) {
	dir := cityCatalog(t, "federation:\n  - {id: pudong, path: federation/pudong}\n")
	base, err := os.ReadFile(filepath.Join(dir, "elements", "sh-transport", "transit-card-number.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dup := strings.NewReplacer("id: transit-card-number", "id: pudong-transit-card", "department: sh-transport", "department: pudong-transport").Replace(string(base))
	writeFiles(t, filepath.Join(dir, "federation", "pudong"), map[string]string{
		"departments/pudong-transport.yaml":                  pudongDept,
		"elements/pudong-transport/pudong-transit-card.yaml": dup,
	})
	cat, err := load.LoadFederated(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []diag.Finding
	for _, f := range lint.Run(cat, lint.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}) {
		if f.Rule == "one-source" {
			got = append(got, f)
		}
	}
	if len(got) == 0 {
		t.Fatal("no one-source finding for a district element duplicating a city element")
	}
	for _, f := range got {
		t.Logf("%s", f)
	}
}

func TestLoadFederatedRejects(t *testing.T) {
	outside := t.TempDir()
	for _, tc := range []struct {
		name, federation, rule, want string
		setup                        func(dir string)
	}{
		{"parent", "federation:\n  - {id: pudong, path: ../pudong}\n", "path", "leaves the catalog directory", nil},
		{"absolute", "federation:\n  - {id: pudong, path: /etc}\n", "path", "must be relative", nil},
		{"missing", "federation:\n  - {id: pudong, path: federation/nowhere}\n", "path", "does not exist", nil},
		{"layout", "federation:\n  - {id: pudong, path: datasets/pudong}\n", "path", "layout folder", nil},
		{"symlink", "federation:\n  - {id: pudong, path: federation/pudong}\n", "path", "symbolic link", func(dir string) {
			os.MkdirAll(filepath.Join(dir, "federation"), 0o755)
			if err := os.Symlink(outside, filepath.Join(dir, "federation", "pudong")); err != nil {
				t.Skip(err)
			}
		}},
		{"twice", "federation:\n  - {id: pudong, path: federation/pudong}\n  - {id: pudong, path: federation/pudong}\n", "duplicate-id", "listed twice", func(dir string) {
			writeFiles(t, filepath.Join(dir, "federation", "pudong"), map[string]string{"departments/pudong-transport.yaml": pudongDept})
		}},
		{"namespace", "federation:\n  - {id: pudong, path: federation/pudong}\n", "id-mismatch", "write `id: pudong-transport`", func(dir string) {
			writeFiles(t, filepath.Join(dir, "federation", "pudong"), map[string]string{
				"departments/transport.yaml": strings.Replace(pudongDept, "id: pudong-transport", "id: transport", 1)})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := cityCatalog(t, tc.federation)
			if tc.setup != nil {
				tc.setup(dir)
			}
			cat, err := load.LoadFederated(dir)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range cat.Findings {
				if f.Rule == tc.rule && strings.Contains(f.Message, tc.want) && f.Line > 1 {
					found = true
				}
			}
			if !found {
				t.Errorf("want a %s finding with %q and a line; got %v", tc.rule, tc.want, cat.Findings)
			}
		})
	}
}
