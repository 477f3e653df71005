package feed

import (
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

// BenchmarkWrite10k writes every feed of a 10,000-dataset catalog (make bench).
func BenchmarkWrite10k(b *testing.B) {
	cat := testcat.Synthetic(10_000)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(dir, cat, ""); err != nil {
			b.Fatal(err)
		}
	}
}
