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
