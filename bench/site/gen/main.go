// Command gen writes the benchmark inputs of `make bench-site`: a shuyuan catalog of
// N generated datasets and a Hugo site that renders the same dataset pages (both
// languages, the data dictionary, the Markdown description, department and theme
// lists) from the same data, as Hugo content files with front matter.
//
//	go run ./bench/site/gen -n 10000 -out /dev/shm/shuyuan-bench
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const depts = 30

var themes = []struct{ id, zh, en string }{
	{"transport", "交通出行", "Transport"}, {"health", "卫生健康", "Health"}, {"education", "教育就业", "Education"},
	{"culture", "文化旅游", "Culture and tourism"}, {"finance", "普惠金融", "Inclusive finance"},
	{"agriculture", "农业农村", "Agriculture"}, {"procurement", "政府采购", "Procurement"},
	{"civil", "民政服务", "Civil affairs"}, {"geo", "空间地理", "Spatial geography"}, {"credit", "信用服务", "Credit"},
}

var freqs = []string{"daily", "weekly", "monthly", "quarterly", "yearly"}
var opens = []string{"unconditional", "conditional", "non-open"}

func main() {
	n := flag.Int("n", 10000, "number of datasets")
	out := flag.String("out", "", "output directory (gets catalog/ and hugo/)")
	flag.Parse()
	if *out == "" {
		log.Fatal("gen: -out DIR is required")
	}
	cat := filepath.Join(*out, "catalog")
	hugo := filepath.Join(*out, "hugo")
	for _, d := range []string{cat, hugo} {
		if err := os.RemoveAll(d); err != nil {
			log.Fatal(err)
		}
	}
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	var th strings.Builder
	for _, t := range themes {
		fmt.Fprintf(&th, "  - {id: %s, name: {zh: %s, en: %s}}\n", t.id, t.zh, t.en)
	}
	write(filepath.Join(cat, "portal.yaml"), `kind: Portal
id: portal
title: {zh: 基准测试开放平台, en: Benchmark Open Data Portal}
base_url: https://data.example.gov.cn/
languages: [zh, en]
publisher: dept-00
contact: opendata@example.gov.cn
themes:
`+th.String())
	write(filepath.Join(cat, "pricing", "research-free.yaml"), `kind: PricingPolicy
id: research-free
name: {zh: 科研使用·免费, en: "Research use, free"}
product: download
use_classes: [research, public-welfare]
basis: per-product
scheme: progressive
tiers:
  - {price_fen: 0}
settlement: {billing: post-paid, period: P1M}
`)
	write(filepath.Join(cat, "sources", "rows.csv"), "field_0,field_1,field_2,field_3,field_4,field_5,field_6,field_7\n人民广场,1,2026-01-02,1.5,徐家汇,2,2026-01-03,2.5\n")
	for d := 0; d < depts; d++ {
		write(filepath.Join(cat, "departments", fmt.Sprintf("dept-%02d.yaml", d)), fmt.Sprintf(`kind: Department
id: dept-%02d
name: {zh: 第%d委办局, en: Bureau %d}
level: city
contact: data%02d@example.gov.cn
`, d, d, d, d))
	}

	write(filepath.Join(hugo, "hugo.toml"), `baseURL = "https://data.example.gov.cn/"
title = "基准测试开放平台"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = false
disableKinds = ["RSS"]
[taxonomies]
  department = "departments"
  theme = "themes"
  open_type = "open-types"
  frequency = "frequencies"
[languages.zh]
  contentDir = "content/zh"
  languageCode = "zh-CN"
  weight = 1
[languages.en]
  contentDir = "content/en"
  languageCode = "en"
  weight = 2
[markup.goldmark.renderer]
  unsafe = false
`)
	write(filepath.Join(hugo, "layouts", "_default", "baseof.html"), `<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}"></head>
<body><a href="#main">skip</a><header><nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>
`)
	write(filepath.Join(hugo, "layouts", "_default", "single.html"), `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Params.open_type }} · {{ .Params.version }}</p>
<div>{{ .Content }}</div>
<dl><dt>department</dt><dd>{{ range .GetTerms "departments" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>themes</dt><dd>{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>frequency</dt><dd>{{ .Params.frequency }}</dd><dt>modified</dt><dd>{{ .Params.last_modified }}</dd></dl>
<table><thead><tr><th>name</th><th>title</th><th>type</th><th>level</th><th>personal</th><th>deid</th></tr></thead><tbody>
{{ range .Params.columns }}<tr><th><code>{{ .name }}</code></th><td>{{ .title }}</td><td>{{ .type }}</td><td>{{ .level }}</td><td>{{ .personal_info }}</td><td>{{ .deid }}</td></tr>{{ end }}
</tbody></table>
<table><tbody>{{ range .Params.changelog }}<tr><td>{{ .version }}</td><td>{{ .date }}</td><td>{{ .summary }}</td></tr>{{ end }}</tbody></table>
<script type="application/ld+json">{{ dict "@context" "https://schema.org/" "@type" "Dataset" "name" .Title "identifier" .File.BaseFileName "dateModified" .Params.last_modified | jsonify | safeJS }}</script>
</article>{{ end }}
`)
	write(filepath.Join(hugo, "layouts", "_default", "list.html"), `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.open_type }} · {{ .Params.frequency }} · {{ .Params.last_modified }}<p>{{ .Summary | plainify | truncate 120 }}</p></li>{{ end }}</ul>{{ end }}
`)
	write(filepath.Join(hugo, "layouts", "_default", "terms.html"), `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
`)
	write(filepath.Join(hugo, "layouts", "index.html"), `{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>
{{ range first 10 (where .Site.RegularPages "Section" "datasets").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`)
	css, err := os.ReadFile("templates/assets/style.css")
	if err != nil {
		log.Fatal("gen: run from the repository root: ", err)
	}
	write(filepath.Join(hugo, "static", "assets", "style.css"), string(css))
	for _, lang := range []string{"zh", "en"} {
		write(filepath.Join(hugo, "content", lang, "datasets", "_index.md"), "---\ntitle: datasets\n---\n")
	}

	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	for i := 0; i < *n; i++ {
		id := fmt.Sprintf("dataset-%06d", i)
		dept := fmt.Sprintf("dept-%02d", i%depts)
		t1, t2 := themes[i%len(themes)], themes[(i/7)%len(themes)]
		tl := t1.id
		if t2.id != t1.id {
			tl += ", " + t2.id
		}
		freq := freqs[i%len(freqs)]
		open := opens[i%len(opens)]
		// Yesterday: the stale rule measures against today, and even daily data is current.
		modified := yesterday
		issued := fmt.Sprintf("%d-%02d-%02d", 2015+i%11, 1+i%12, 1+i%28)
		zhDesc := fmt.Sprintf("## 数据说明\n\n第 %d 号数据集：本市各区按%s统计的业务数据，含区划、日期与数量，可用于研究与公共服务改进。\n\n| 字段 | 含义 |\n|---|---|\n| district | 区划代码 |\n| amount | 数量 |\n\n使用前请阅读**数据字典**。", i, freq)
		enDesc := fmt.Sprintf("## About\n\nDataset number %d: %s counts by district and date, for research and public-service improvement.\n\n| Field | Meaning |\n|---|---|\n| district | Division code |\n| amount | Count |\n\nRead the **data dictionary** first.", i, freq)
		extra := "license: CC-BY-4.0\n"
		src := "source: {format: csv, path: sources/rows.csv}\n"
		switch open {
		case "conditional":
			extra = "rights: {zh: 仅限科研用途, en: Research use only}\naccess:\n  pricing: [research-free]\n  application:\n    eligible: {zh: 高校与科研院所, en: Universities}\n    purpose_required: true\n    review_days: 5\n    delivery: download\n"
		case "non-open":
			extra = "rights: {zh: 不予开放, en: Not open}\n"
			src = ""
		}
		var cols, hcols strings.Builder
		for c := 0; c < 8; c++ {
			fmt.Fprintf(&cols, "  - name: field_%d\n    title: {zh: 字段%d, en: Field %d}\n    type: %s\n    level: 1\n    personal_info: none\n    role: insensitive\n", c, c, c, []string{"string", "integer", "date", "number"}[c%4])
			fmt.Fprintf(&hcols, "  - {name: field_%d, title: 字段%d, type: %s, level: 1, personal_info: none, deid: 原样发布}\n", c, c, []string{"string", "integer", "date", "number"}[c%4])
		}
		write(filepath.Join(cat, "datasets", dept, id+".yaml"), fmt.Sprintf(`kind: Dataset
id: %s
version: 1.0.0
title: {zh: 数据集%d（%s）, en: Dataset %d (%s)}
description:
  zh: |
%s
  en: |
%s
department: %s
themes: [%s]
keywords: [基准, 数据%d]
open_type: %s
%sgrade: general
level: 1
update: {frequency: %s, last_modified: %s}
issued: %s
%scolumns:
%schangelog:
  - {version: 1.0.0, date: %s, summary: {zh: 首次发布, en: First release}}
`, id, i, t1.zh, i, t1.en, indent(zhDesc), indent(enDesc), dept, tl, i, open, extra, freq, modified, issued, src, cols.String(), issued))
		for _, lang := range []string{"zh", "en"} {
			title, desc, tname := fmt.Sprintf("数据集%d（%s）", i, t1.zh), zhDesc, t1.zh
			if lang == "en" {
				title, desc, tname = fmt.Sprintf("Dataset %d (%s)", i, t1.en), enDesc, t1.en
			}
			_ = tname
			write(filepath.Join(hugo, "content", lang, "datasets", id+".md"), fmt.Sprintf(`---
title: %q
translationKey: %s
date: %s
version: 1.0.0
open_type: %s
frequency: %s
last_modified: %s
departments: [%s]
themes: [%s]
columns:
%schangelog:
  - {version: 1.0.0, date: %s, summary: first release}
---
%s
`, title, id, issued, open, freq, modified, dept, tl, hcols.String(), issued, desc))
		}
	}
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n")
}
