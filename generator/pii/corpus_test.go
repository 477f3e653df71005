package pii_test

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/pii"
	"github.com/shuyuan-project/shuyuan/generator/pii/internal/corpus"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus.csv from its seed")

const corpusFile = "testdata/corpus.csv"

// TestCorpus checks that the committed corpus is what its generator writes, and
// holds the scanner to the goals of the issue on it: at least 99% recall of planted
// checksum-valid identifiers in every kind and form, every planted column flagged,
// at most 1% of innocent columns flagged. make bench-pii prints the same table.
func TestCorpus(t *testing.T) {
	var want bytes.Buffer
	if err := corpus.Write(&want, corpus.Generate(corpus.Seed)); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(corpusFile, want.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(corpusFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("%s differs from what the generator writes for seed %d: run go test ./generator/pii -run TestCorpus -update", corpusFile, corpus.Seed)
	}
	cols, err := corpus.Read(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	rep := corpus.Measure(cols)
	t.Logf("\n%s", rep.Table())
	for _, r := range rep.Rows {
		for form, c := range r.ByForm {
			if c.Recall() < 0.99 {
				t.Errorf("%s in form %s: recall %.2f%% (%d of %d), want at least 99%%", r.Name, form, 100*c.Recall(), c.Found, c.Planted)
			}
		}
	}
	if len(rep.Rows) != 7 {
		t.Errorf("%d recall rows, want 7 (six kinds and legacy resident ids)", len(rep.Rows))
	}
	if rep.PlantedColumns.Found != rep.PlantedColumns.Planted {
		t.Errorf("planted columns not flagged: %v", rep.MissedColumns)
	}
	if rep.IDsAlsoUSCC.Planted == 0 || rep.IDsAlsoUSCC.Found != rep.IDsAlsoUSCC.Planted {
		t.Errorf("resident ids that pass the credit-code check: %d of %d found", rep.IDsAlsoUSCC.Found, rep.IDsAlsoUSCC.Planted)
	}
	if rep.Spurious > 0 {
		t.Errorf("%d valid matches in planted columns overlap no planted identifier", rep.Spurious)
	}
	if in := rep.InnocentColumns; in.Planted < 100 || 100*in.Found > in.Planted {
		t.Errorf("%d of %d innocent columns flagged, want at most 1%%", in.Found, in.Planted)
	}
}

// BenchmarkFind measures Find per cell on the corpus (b.N passes over all of it;
// ns/cell is reported), and on the kinds of cells extracts are mostly made of.
func BenchmarkFind(b *testing.B) {
	raw, err := os.ReadFile(corpusFile)
	if err != nil {
		b.Fatal(err)
	}
	cols, err := corpus.Read(bytes.NewReader(raw))
	if err != nil {
		b.Fatal(err)
	}
	var all, planted, innocent []string
	for _, c := range cols {
		for _, cell := range c.Cells {
			all = append(all, cell.Text)
			if c.Innocent == "" {
				planted = append(planted, cell.Text)
			} else {
				innocent = append(innocent, cell.Text)
			}
		}
	}
	sets := []struct {
		name  string
		cells []string
	}{
		{"corpus", all},
		{"planted", planted},
		{"innocent", innocent},
		{"short-ascii", []string{"310104", "123.45", "42", "true", "2024-03-15", "徐汇区", "A"}},
		{"prose", []string{"材料齐全，已受理，工作日内办结。", "2023年2月4日10时10分执法队员检查至北京市延庆区延庆镇石河营建材城院内工地时发现"}},
	}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			var sc pii.Scanner
			n := 0
			for b.Loop() {
				for _, c := range set.cells {
					sc.Find(c)
				}
				n += len(set.cells)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/cell")
		})
	}
}

// candidates is a regular expression that only finds the candidate tokens Find
// checks (no full-width folding, no checks): the least a regexp-based scanner does
// per cell, for comparison with BenchmarkFind.
var candidates = regexp.MustCompile(`\+?[0-9][0-9 -]{9,}[0-9Xx]|[A-Z]{1,2}[0-9]{7,8}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\p{Han}[A-Z][·• -]?[0-9A-Z]{4,6}`)

// BenchmarkRegexpCandidates measures candidates over the corpus, in ns per cell.
func BenchmarkRegexpCandidates(b *testing.B) {
	raw, err := os.ReadFile(corpusFile)
	if err != nil {
		b.Fatal(err)
	}
	cols, err := corpus.Read(bytes.NewReader(raw))
	if err != nil {
		b.Fatal(err)
	}
	var all []string
	for _, c := range cols {
		for _, cell := range c.Cells {
			all = append(all, cell.Text)
		}
	}
	n := 0
	for b.Loop() {
		for _, c := range all {
			candidates.FindAllStringIndex(c, -1)
		}
		n += len(all)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/cell")
}
