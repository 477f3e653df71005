package source

import (
	"context"
	"errors"
	"io"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Sampler reads sample values of a dataset's CSV or JSON Lines source for the lint
// rules that look at data (undeclared-pii). It implements lint.Sampler.
type Sampler struct{}

// Sample returns up to n non-null values of each source name (header or JSON key) of
// the dataset, from the first records. ok is false when the dataset has no file
// source (postgres sources are not sampled by lint: that would need credentials).
func (Sampler) Sample(cat *load.Catalog, ds *load.Doc[model.Dataset], n int) (map[string][]string, bool, error) {
	src := ds.V.Source
	if src == nil || (src.Format != "csv" && src.Format != "jsonl") {
		return nil, false, nil
	}
	r, err := Open(context.Background(), cat, ds)
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	names := Names(ds.V)
	out := make(map[string][]string, len(names))
	var rec Record
	for read := 0; read < 10*n; read++ {
		err := r.Next(&rec)
		if err == io.EOF {
			break
		}
		var re *RecordError
		if errors.As(err, &re) {
			continue
		}
		if err != nil {
			return nil, false, err
		}
		full := true
		for i, v := range rec.Values {
			if !v.Null && len(out[names[i]]) < n {
				out[names[i]] = append(out[names[i]], v.Text)
			}
			if len(out[names[i]]) < n {
				full = false
			}
		}
		if full {
			break
		}
	}
	return out, true, nil
}
