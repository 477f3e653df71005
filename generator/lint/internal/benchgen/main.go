// Command benchgen writes a synthetic catalog for the lint benchmark: a portal,
// departments, data elements, pricing policies, source files and N datasets (10,000
// by default) that pass every rule, so the benchmark measures a full clean run. The
// output depends only on the flags. Dates are quoted so that YAML 1.1 readers such
// as js-yaml (used by ajv-cli) see strings, as the JSON Schema expects.
//
//	go run ./generator/lint/internal/benchgen -out bench/out/catalog -n 10000
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	out := flag.String("out", "bench/out/catalog", "directory to write the catalog into (replaced)")
	n := flag.Int("n", 10000, "number of dataset files")
	flag.Parse()
	if err := generate(*out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

var departments = []struct{ id, zh, en string }{
	{"sh-transport", "市交通委", "Municipal Transportation Commission"},
	{"sh-health", "市卫生健康委", "Municipal Health Commission"},
	{"sh-education", "市教委", "Municipal Education Commission"},
	{"sh-culture-tourism", "市文化旅游局", "Municipal Culture and Tourism Administration"},
	{"sh-civil-affairs", "市民政局", "Municipal Civil Affairs Bureau"},
	{"sh-market-regulation", "市市场监管局", "Municipal Market Regulation Administration"},
	{"sh-housing", "市住房城乡建设管理委", "Municipal Housing and Construction Commission"},
	{"sh-water", "市水务局", "Municipal Water Authority"},
	{"sh-ecology", "市生态环境局", "Municipal Ecology and Environment Bureau"},
	{"sh-planning", "市规划资源局", "Municipal Planning and Natural Resources Bureau"},
	{"sh-tax", "市税务局", "Municipal Tax Service"},
	{"sh-data", "市大数据中心", "Municipal Big Data Center"},
}

var themes = []struct{ id, zh, en string }{
	{"transport", "交通出行", "Transport"},
	{"health", "卫生健康", "Health"},
	{"education", "教育就业", "Education and employment"},
	{"culture", "文化旅游", "Culture and tourism"},
	{"civil", "民生服务", "Civil affairs"},
	{"credit", "信用服务", "Credit"},
	{"urban", "城市运行", "Urban operations"},
	{"geo", "空间地理", "Spatial geography"},
}

var columnTypes = []string{"string", "integer", "number", "date", "boolean", "datetime"}

var frequencies = []struct{ name, last string }{
	{"daily", "2026-10-31"}, {"weekly", "2026-10-25"}, {"monthly", "2026-10-15"},
	{"quarterly", "2026-09-30"}, {"yearly", "2026-01-01"}, {"irregular", "2024-03-01"},
}

// sourceCSV is every department's source file: a header with every column name
// the datasets use and two rows of plain values.
var sourceCSV = func() string {
	var b strings.Builder
	for row := range 3 {
		for c := range 12 {
			if c > 0 {
				b.WriteByte(',')
			}
			if row == 0 {
				fmt.Fprintf(&b, "field_%d", c)
			} else {
				fmt.Fprintf(&b, "%d", row*100+c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}()

func write(root, rel, content string) error {
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(content), 0o644)
}

func generate(root string, n int) error {
	if err := os.RemoveAll(root); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("kind: Portal\nid: portal\ntitle: {zh: 基准测试开放平台, en: Benchmark Open Data Portal}\n" +
		"base_url: https://data.example.gov.cn/\nlanguages: [zh, en]\npublisher: sh-data\ncontact: opendata@example.gov.cn\nthemes:\n")
	for _, t := range themes {
		fmt.Fprintf(&b, "  - {id: %s, name: {zh: %s, en: %s}}\n", t.id, t.zh, t.en)
	}
	if err := write(root, "portal.yaml", b.String()); err != nil {
		return err
	}
	for _, d := range departments {
		if err := write(root, "departments/"+d.id+".yaml", fmt.Sprintf(
			"kind: Department\nid: %s\nname: {zh: %s, en: %s}\nlevel: city\ncontact: data@%s.example.gov.cn\nhomepage: https://%s.example.gov.cn/\n",
			d.id, d.zh, d.en, d.id, d.id)); err != nil {
			return err
		}
		if err := write(root, "sources/"+d.id+".csv", sourceCSV); err != nil {
			return err
		}
		id := d.id + "-code"
		if err := write(root, "elements/"+d.id+"/"+id+".yaml", fmt.Sprintf(`kind: DataElement
id: %s
version: 1.0.0
status: active
name: {zh: %s业务编码, en: %s business code}
definition: {zh: %s业务系统中的业务编码。, en: The business code in the systems of the %s.}
department: %s
source:
  system: {zh: %s业务系统, en: Business system}
  collection: business
value: {type: string, standard: DB31/T 1000-2026}
update: {frequency: daily, mode: incremental, last_updated: 2026-10-31}
quality:
  rules:
    - {kind: completeness, threshold: 0.99}
usage:
  channels: [share-api]
  guide: {zh: 通过共享接口申请使用。, en: Apply through the sharing API.}
classification: {grade: general, level: 1, personal_info: none, open_type: unconditional}
`, id, d.zh, d.en, d.zh, d.en, d.id, d.zh)); err != nil {
			return err
		}
	}
	if err := write(root, "pricing/research-free.yaml", `kind: PricingPolicy
id: research-free
name: {zh: 科研使用·免费, en: "Research use, free"}
product: download
use_classes: [research, public-welfare]
basis: per-product
scheme: progressive
tiers:
  - {price_fen: 0}
settlement: {billing: post-paid, period: P1M}
`); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		d := departments[i%len(departments)]
		t := themes[r.IntN(len(themes))]
		f := frequencies[r.IntN(len(frequencies))]
		id := fmt.Sprintf("dataset-%05d", i)
		b.Reset()
		fmt.Fprintf(&b, `kind: Dataset
id: %s
version: 1.%d.0
status: active
title: {zh: %s统计数据第%d号, en: %s statistics no. %d}
description:
  zh: %s按日汇总的业务统计数据第%d号，含站点、区域、日期与数量等字段，每%s更新，可用于城市运行分析、公共服务规划和学术研究。
  en: Statistics no. %d of the %s, summarized by day with site, district, date and count fields, for urban operations analysis, public service planning and research.
department: %s
themes: [%s]
keywords: [%s, 统计, 开放数据]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: %s, last_modified: "%s"}
issued: "2021-06-01"
temporal: {start: "2021-01-01", end: "2026-10-31"}
spatial: "310000"
source: {format: csv, path: sources/%s.csv, encoding: utf-8}
columns:
`, id, i%10, d.zh, i, d.en, i, d.zh, i, f.name, i, d.en, d.id, t.id, t.zh, f.name, f.last, d.id)
		cols := 6 + r.IntN(6)
		for c := range cols {
			ty := columnTypes[r.IntN(len(columnTypes))]
			if c == 0 {
				ty = "string" // the type of the element it carries
			}
			fmt.Fprintf(&b, "  - name: field_%d\n    title: {zh: 字段%d, en: Field %d}\n    description: {zh: 第%d个字段的取值。, en: The value of field %d.}\n    type: %s\n    level: 1\n    personal_info: none\n    role: insensitive\n",
				c, c, c, c, c, ty)
			if c == 0 {
				fmt.Fprintf(&b, "    element: %s-code\n    constraints: {required: true}\n", d.id)
			}
		}
		b.WriteString("access:\n  pricing: [research-free]\nchangelog:\n")
		fmt.Fprintf(&b, "  - {version: 1.%d.0, date: \"2026-10-01\", summary: {zh: 更新字段说明, en: Clarified the fields}}\n", i%10)
		if err := write(root, "datasets/"+d.id+"/"+id+".yaml", b.String()); err != nil {
			return err
		}
	}
	return nil
}
