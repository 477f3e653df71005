package lint

import (
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// csvSampler is the rule tests' Sampler: it reads the first n rows of a dataset's
// UTF-8 CSV source. The real one, with encodings, JSON lines and PostgreSQL, is
// generator/source's.
type csvSampler struct{}

func init() { testSampler = csvSampler{} }

func (csvSampler) Sample(cat *load.Catalog, ds *load.Doc[model.Dataset], n int) (map[string][]string, bool, error) {
	src := ds.V.Source
	if src == nil || src.Format != "csv" || src.Path == "" {
		return nil, false, nil
	}
	return csvSampler{}.sampleFile(filepath.Join(cat.Root, filepath.FromSlash(src.Path)), n)
}

func (csvSampler) sampleFile(path string, n int) (map[string][]string, bool, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	header, err := r.Read()
	if err != nil {
		return nil, false, err
	}
	out := map[string][]string{}
	for rows := 0; rows < n; rows++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false, err
		}
		for i, v := range rec {
			if i < len(header) {
				out[header[i]] = append(out[header[i]], v)
			}
		}
	}
	return out, true, nil
}
