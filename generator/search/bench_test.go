package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchDocs makes n dataset-like docs per language with Chinese and English text.
func benchDocs(n int) []Doc {
	r := rand.New(rand.NewPCG(1, 2))
	han := []rune("数据交通公交地铁客流医院床位教育学校就业旅游景区酒店农业农产品质量检测信用企业登记税务采购合同民政婚姻养老空间地理规划城市运行停车充电环境空气水质")
	words := []string{"metro", "bus", "ridership", "hospital", "beds", "school", "employment", "tourism", "hotel", "agriculture", "quality", "inspection", "credit", "enterprise", "tax", "procurement", "civil", "planning", "parking", "air", "water"}
	zh := func(k int) string {
		b := make([]rune, k)
		for i := range b {
			b[i] = han[r.IntN(len(han))]
		}
		return string(b)
	}
	en := func(k int) string {
		s := ""
		for i := 0; i < k; i++ {
			s += words[r.IntN(len(words))] + " "
		}
		return s
	}
	var docs []Doc
	for i := 0; i < n; i++ {
		f := map[string]string{"department": zh(5), "open_type": "无条件开放"}
		docs = append(docs,
			Doc{URL: fmt.Sprintf("datasets/d%06d/", i), Lang: "zh", Title: zh(10), Text: zh(200), Keywords: []string{zh(2), zh(2)}, Facets: f},
			Doc{URL: fmt.Sprintf("en/datasets/d%06d/", i), Lang: "en", Title: en(4), Text: en(60), Keywords: []string{en(1)}, Facets: f})
	}
	return docs
}

// BenchmarkWrite10k indexes 10,000 datasets in two languages (make bench).
func BenchmarkWrite10k(b *testing.B) {
	docs := benchDocs(10_000)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(context.Background(), dir, docs); err != nil {
			b.Fatal(err)
		}
	}
}
