package portal

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestColumnRowsMatchTemplate: the data dictionary rows columnRows writes are byte
// for byte those of the template, on the default catalog and on columns full of
// characters that need escaping.
func TestColumnRowsMatchTemplate(t *testing.T) {
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
	for name, dir := range map[string]string{"overlay": writeCatalog(t, overlay), "default": filepath.Join("..", "..", "catalog")} {
		fast := build(t, dir, Options{})
		slow := build(t, dir, Options{templateRows: true})
		pages := 0
		_ = filepath.WalkDir(slow, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			rel, _ := filepath.Rel(slow, p)
			want, _ := os.ReadFile(p)
			got, err := os.ReadFile(filepath.Join(fast, rel))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from the template's rows (%v)", name, rel, err)
			}
			if strings.Contains(rel, "datasets") {
				pages++
			}
			return nil
		})
		if pages < 3 {
			t.Errorf("%s: only %d dataset pages compared", name, pages)
		}
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
