package synth

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// TestCatalogReadsGeneratedColumns checks that every dataset of the default catalog whose
// source is a generated file names only headers (or JSON keys) the file has, so changing
// the generator or a definition cannot silently break an extract.
func TestCatalogReadsGeneratedColumns(t *testing.T) {
	cat, err := load.Load("../../catalog")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range mustFiles(t) {
		files[f.Path] = f.Data
	}
	used := map[string]bool{}
	for _, ds := range cat.Datasets {
		src := ds.V.Source
		if src == nil || (src.Format != "csv" && src.Format != "jsonl") {
			continue
		}
		data, ok := files[src.Path]
		if !ok {
			continue // a hand-made source, not ours
		}
		used[src.Path] = true
		have := map[string]bool{}
		switch src.Format {
		case "csv":
			if src.Encoding == "gbk" || src.Encoding == "gb18030" {
				if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
					t.Fatalf("%s: %v", src.Path, err)
				}
			}
			data = bytes.TrimPrefix(data, []byte("\ufeff"))
			for i := 0; i < src.SkipRows; i++ {
				data = data[bytes.IndexByte(data, '\n')+1:]
			}
			header, err := csv.NewReader(bytes.NewReader(data)).Read()
			if err != nil {
				t.Fatalf("%s: %v", src.Path, err)
			}
			for _, h := range header {
				have[h] = true
			}
		case "jsonl":
			sc := bufio.NewScanner(bytes.NewReader(data))
			sc.Buffer(nil, 1<<20)
			sc.Scan()
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("%s: %v", src.Path, err)
			}
			for k := range rec {
				have[k] = true
			}
		}
		for _, col := range ds.V.Columns {
			if !have[col.SourceName()] {
				t.Errorf("%s: column %s reads %q, which %s does not have", ds.Path, col.Name, col.SourceName(), src.Path)
			}
		}
	}
	for p := range files {
		if !used[p] {
			t.Errorf("%s is generated but no dataset reads it", p)
		}
	}
}
