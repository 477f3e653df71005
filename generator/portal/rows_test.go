package portal

import (
	"bytes"
	"flag"
	"html/template"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestDatasetPagesGolden compares the dataset pages of columns full of characters
// that need escaping, and of the test catalog's richest dataset (Markdown, preview
// rows, downloads, pricing, application guide, changelog), with
// testdata/golden/*.html.golden; go test -update rewrites them. The data dictionary
// rows are written without a template call per value (columnRows), so this pins
// them byte for byte.
func TestDatasetPagesGolden(t *testing.T) {
	overlay := `-- datasets/sh-transport/escapes.yaml --
kind: Dataset
id: escapes
version: 1.0.0
title: {zh: 转义, en: Escapes}
description:
  zh: 这个数据集的列名与说明包含需要转义的字符，用来检查数据字典的每一行都与模板写出的一样，一字不差。
department: sh-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: daily, last_modified: 2026-10-01}
source: {format: csv, path: sources/ridership.csv}
columns:
  - name: "a+b<c>&'\""
    title: {zh: "<b>列</b> & 'x' + \"y\"", en: "A+B"}
    description: {zh: "说明 <script>alert(1)</script> &amp; ++", en: "'quoted' & <tags>"}
    type: string
    level: 1
    personal_info: none
    role: insensitive
  - name: plain
    type: integer
    level: 2
    personal_info: none
    role: insensitive
changelog:
  - {version: 1.0.0, date: 2026-10-01, summary: {zh: 首次发布}}
`
	site := build(t, writeCatalog(t, overlay), Options{DemoKeys: true, Extracts: testExtracts()})
	for _, page := range []string{"datasets/escapes/index.html", "en/datasets/escapes/index.html", "datasets/clinic-visits/index.html", "en/datasets/clinic-visits/index.html"} {
		name := strings.ReplaceAll(strings.TrimSuffix(page, "/index.html"), "/", "-") + ".html.golden"
		golden.Check(t, filepath.Join("testdata", "golden", name), []byte(read(t, site, page)), *update)
	}
}

// TestHTMLText: htmlText escapes as html/template does in HTML text, invalid UTF-8
// and NUL included.
func TestHTMLText(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<p>{{.}}</p>`))
	for _, s := range []string{"", "plain", "a+b", `<>&'"`, "\x00nul", "中文＋全角", "\xff\xfe bad utf-8 \xc3", "&amp;", "++''\"\"", "\u2028\ufeff\ufffd"} {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("<p>")
		htmlText(&b, s)
		b.WriteString("</p>")
		if b.String() != want.String() {
			t.Errorf("htmlText(%q) = %q, html/template %q", s, b.String(), want.String())
		}
	}
}
