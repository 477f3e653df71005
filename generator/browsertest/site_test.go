package browsertest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/shuyuan-project/shuyuan/generator/build"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// probeID is the dataset added to the default catalog whose text tries to inject markup.
const probeID = "xss-probe"

// probeYAML is the hostile dataset; %DEPT% and %THEME% are filled in from the catalog.
const probeYAML = `kind: Dataset
id: xss-probe
version: 1.0.0
title: {zh: '注入探针数据集<img src=x onerror=alert(4)>', en: 'Injection probe <img src=x onerror=alert(4)>'}
description:
  zh: |
    注入探针：<script>alert(1)</script> 这段说明故意包含脚本、[危险链接](javascript:alert(2))、
    <img src=x onerror="alert(3)"> 与 <a href="javascript:alert(5)" onclick="alert(6)">带属性的链接</a>，
    以及自动链接 <javascript:alert(7)>，页面必须把它们全部当作无害文本。
  en: |
    Injection probe: <script>alert(1)</script> this text deliberately holds a script, a [bad link](javascript:alert(2)),
    <img src=x onerror="alert(3)"> and <a href="javascript:alert(5)" onclick="alert(6)">a link with attributes</a>,
    and an autolink <javascript:alert(7)>; the page must keep all of it inert.
department: %DEPT%
themes: [%THEME%]
keywords: ['<svg onload=alert(8)>', 注入探针]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: yearly, last_modified: 2026-01-01}
issued: 2026-01-01
source: {format: csv, path: sources/xss-probe.csv}
columns:
  - name: value
    title: {zh: '值<script>alert(9)</script>', en: 'Value<script>alert(9)</script>'}
    description: {zh: '<b onmouseover=alert(10)>说明</b>'}
    type: integer
    level: 1
    personal_info: none
    role: insensitive
changelog:
  - {version: 1.0.0, date: 2026-01-01, summary: {zh: '首次发布<script>alert(11)</script>', en: 'First release'}}
`

// repoRoot is the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// copyCatalog copies the default catalog into dst.
func copyCatalog(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// builtSite is the default catalog plus the probe dataset, built into a directory.
type builtSite struct {
	dir string
	cat *load.Catalog
}

func buildSite(t testing.TB) builtSite {
	t.Helper()
	root := repoRoot(t)
	catDir := filepath.Join(t.TempDir(), "catalog")
	copyCatalog(t, filepath.Join(root, "catalog"), catDir)
	cat, err := load.Load(catDir)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Portal == nil || len(cat.Departments) == 0 || len(cat.Portal.V.Themes) == 0 || len(cat.Datasets) == 0 {
		t.Fatalf("the default catalog in %s has no portal, department, theme or dataset", root)
	}
	dept := cat.Departments[0].V.ID
	probe := strings.NewReplacer("%DEPT%", dept, "%THEME%", cat.Portal.V.Themes[0].ID).Replace(probeYAML)
	p := filepath.Join(catDir, "datasets", dept, probeID+".yaml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(probe), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(catDir, "sources", probeID+".csv"), []byte("value\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// the whole build, gate included, as `shuyuan build --no-extract` runs it
	out := filepath.Join(t.TempDir(), "site")
	var warn strings.Builder
	res, err := build.Run(context.Background(), build.Options{Catalog: catDir, Out: out, NoExtract: true, Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Warn: &warn})
	if err != nil {
		t.Fatalf("%v\n%s", err, warn.String())
	}
	if res.Catalog.Dataset(probeID) == nil {
		t.Fatalf("the probe dataset did not load: %v", res.Catalog.Findings)
	}
	return builtSite{dir: out, cat: res.Catalog}
}

// searchTarget picks a dataset and a two-character Chinese query from its title that
// as few other datasets as possible contain, so the result is specific.
func searchTarget(cat *load.Catalog) (id, query string) {
	best := -1
	for _, d := range cat.Datasets {
		if d.V.ID == probeID || d.V.Status == "draft" {
			continue
		}
		title := []rune(d.V.Title.Zh)
		for i := 0; i+1 < len(title); i++ {
			if !unicode.Is(unicode.Han, title[i]) || !unicode.Is(unicode.Han, title[i+1]) {
				continue
			}
			q := string(title[i : i+2])
			n := 0
			for _, o := range cat.Datasets {
				if strings.Contains(o.V.Title.Zh+o.V.Description.Zh+strings.Join(o.V.KeywordsIn("zh"), " "), q) {
					n++
				}
			}
			if best < 0 || n < best {
				best, id, query = n, d.V.ID, q
			}
		}
	}
	return id, query
}
