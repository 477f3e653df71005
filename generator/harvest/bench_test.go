package harvest

import (
	"context"
	"fmt"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// BenchmarkWrite10k writes the harvest files of a 10,000-dataset catalog (make bench).
func BenchmarkWrite10k(b *testing.B) {
	cat := testcat.Synthetic(10_000)
	in := Input{Downloads: map[string][]model.Download{}}
	for _, d := range cat.Datasets {
		id := d.V.ID
		in.Pages = append(in.Pages, "datasets/"+id+"/", "en/datasets/"+id+"/")
		in.Downloads[id] = []model.Download{{Path: fmt.Sprintf("data/%s/1.1.0/%s.parquet", id, id), Size: 1 << 20, SHA256: "00"}}
	}
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(context.Background(), dir, cat, in); err != nil {
			b.Fatal(err)
		}
	}
}
