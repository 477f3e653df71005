package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// BenchmarkDecode fills a model.Dataset from a scanned benchmark file's data, and,
// for comparison, from yaml.v3's parse tree.
func BenchmarkDecode(b *testing.B) {
	src, err := os.ReadFile(filepath.Join("testdata", "bench", "dataset-00000.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	data, _, _ := scanYAML(src, false)
	root, _, _ := parseFast(src)
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
			if err := root.Decode(&d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
