package load

import (
	"os"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load/internal/yamlread"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// BenchmarkDecode fills a model.Dataset from a scanned benchmark file's data, and,
// for comparison, with yaml.v3's own decoder from the source.
func BenchmarkDecode(b *testing.B) {
	src, err := os.ReadFile(fixture.Path(b, "generator/load/testdata/bench/dataset-00000.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	data, _, _ := yamlread.Scan(src, false)
	b.Run("data", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var d model.Dataset
			if err := decodeData(data, &d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var d model.Dataset
			if err := yamlread.DecodeYAML(src, &d); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestDatasetUntranslatedAndOrigin: a dataset written by shuyuan import, with text
// awaiting translation and its origin, decodes in full through Validator.Dataset,
// in block and flow style alike.
func TestDatasetUntranslatedAndOrigin(t *testing.T) {
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	const head = "kind: Dataset\nid: x\nversion: 1.0.0\n"
	const rest = `description: {zh: 说明, untranslated: {lang: ja, text: 説明です}}
department: d
themes: [t]
open_type: non-open
rights: {zh: 条件}
grade: general
level: 1
update: {frequency: daily}
columns: [{name: a, type: string, level: 1, personal_info: none, role: insensitive}]
changelog: [{version: 1.0.0, date: 2026-01-01, summary: {zh: 导入}}]
origin:
  format: ckan
  source: data.gov.hk-package_show
  id: 9f17a172
  hashes: {title: 0123456789ab, keywords: ba9876543210}
`
	for _, title := range []string{
		"title:\n  zh: \"TODO(author): 标题\"\n  untranslated:\n    lang: ja\n    text: バス停留所\n",
		"title: {zh: \"TODO(author): 标题\", untranslated: {lang: ja, text: バス停留所}}\n",
	} {
		d, fds := v.Dataset("datasets/d/x.yaml", []byte(head+title+rest))
		if len(fds) > 0 {
			t.Fatalf("%v", fds)
		}
		if u := d.V.Title.Untranslated; u == nil || u.Lang != "ja" || u.Text != "バス停留所" || d.V.Title.Zh != "TODO(author): 标题" {
			t.Errorf("title = %+v (%+v)", d.V.Title, u)
		}
		if u := d.V.Description.Untranslated; u == nil || u.Text != "説明です" {
			t.Errorf("description = %+v", d.V.Description)
		}
		if o := d.V.Origin; o == nil || o.Format != "ckan" || o.ID != "9f17a172" || o.Hashes["keywords"] != "ba9876543210" {
			t.Errorf("origin = %+v", o)
		}
	}
	if _, fds := v.Dataset("datasets/d/x.yaml", []byte(head+"title: {zh: a, untranslated: {lang: JA!, text: b}}\n"+rest)); len(fds) == 0 {
		t.Error("an invalid language tag passes the schema")
	}
}
