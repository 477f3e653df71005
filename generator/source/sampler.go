package source

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pii"
)

// Sampler reads sample values of a dataset's CSV or JSON Lines source for the lint
// rules that look at data (refetch), and scans its first rows for personal
// identifiers (undeclared-pii). It implements lint.Sampler and is safe for
// concurrent use. The zero Sampler reads the source on every call; one from
// NewSampler remembers each sample and scan, so datasets that read the same file
// with the same settings and columns (and the rules that sample the same dataset)
// read it once.
type Sampler struct {
	cache *sampleCache
}

// NewSampler returns a Sampler that reads each distinct sample once.
func NewSampler() Sampler {
	return Sampler{cache: &sampleCache{m: map[string]*sampleEntry{}}}
}

type sampleCache struct {
	mu sync.Mutex
	m  map[string]*sampleEntry
}

// sampleEntry is one sample or scan, read by the first caller; the others wait for
// it.
type sampleEntry struct {
	once    sync.Once
	values  map[string][]string
	tallies map[string]*pii.Tally
	ok      bool
	err     error
}

// entry returns the cache entry of key, creating it.
func (s Sampler) entry(key string) *sampleEntry {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	e := s.cache.m[key]
	if e == nil {
		e = &sampleEntry{}
		s.cache.m[key] = e
	}
	return e
}

// sampleKey is everything a sample depends on: the file, how it is read, the
// source names asked for and n.
func sampleKey(cat *load.Catalog, src *model.Source, names []string, n int) string {
	var b strings.Builder
	for _, s := range []string{cat.Root, src.Path, src.Format, src.Encoding, src.Delimiter, strconv.Itoa(src.SkipRows), strconv.Itoa(n)} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	b.WriteString(strconv.Itoa(len(src.Null)))
	for _, s := range src.Null {
		b.WriteByte(0)
		b.WriteString(s)
	}
	b.WriteByte(1)
	for _, s := range names {
		b.WriteByte(0)
		b.WriteString(s)
	}
	return b.String()
}

// Sample returns up to n non-null values of each source name (header or JSON key) of
// the dataset, from the first records. ok is false when the dataset has no file
// source (postgres sources are not sampled by lint: that would need credentials).
// The map may be shared with other callers: do not modify it.
func (s Sampler) Sample(cat *load.Catalog, ds *load.Doc[model.Dataset], n int) (map[string][]string, bool, error) {
	src := ds.V.Source
	if !src.FromFile() {
		return nil, false, nil
	}
	if s.cache == nil {
		return sample(cat, ds, n)
	}
	e := s.entry(sampleKey(cat, src, Names(ds.V), n))
	e.once.Do(func() { e.values, e.ok, e.err = sample(cat, ds, n) })
	if e.err != nil {
		// Errors name the dataset file that was read first: read again for this one.
		return sample(cat, ds, n)
	}
	return e.values, e.ok, nil
}

// sample reads the sample of a csv or jsonl source: it stops at n values of every
// name, or after 10n records.
func sample(cat *load.Catalog, ds *load.Doc[model.Dataset], n int) (map[string][]string, bool, error) {
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

// ScanPII scans the non-null values of the first maxRows records of the dataset's
// csv or jsonl source with the PII scanner and returns a tally per source name (see
// Names), with source lines. ok is false when the dataset has no file source. Every
// name is scanned, so datasets that read the same file with the same columns share
// one read; the tallies may be shared with other callers: do not modify them.
func (s Sampler) ScanPII(cat *load.Catalog, ds *load.Doc[model.Dataset], maxRows int) (map[string]*pii.Tally, bool, error) {
	src := ds.V.Source
	if src == nil || (src.Format != "csv" && src.Format != "jsonl") {
		return nil, false, nil
	}
	if s.cache == nil {
		return scanPII(cat, ds, maxRows)
	}
	e := s.entry("pii\x00" + sampleKey(cat, src, Names(ds.V), maxRows))
	e.once.Do(func() { e.tallies, e.ok, e.err = scanPII(cat, ds, maxRows) })
	if e.err != nil {
		return scanPII(cat, ds, maxRows) // errors name this dataset's file
	}
	return e.tallies, e.ok, nil
}

func scanPII(cat *load.Catalog, ds *load.Doc[model.Dataset], maxRows int) (map[string]*pii.Tally, bool, error) {
	r, err := Open(context.Background(), cat, ds)
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	names := Names(ds.V)
	tallies := make([]pii.Tally, len(names))
	var (
		sc  pii.Scanner
		rec Record
	)
	for read := 0; read < maxRows; read++ {
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
		for i, v := range rec.Values {
			if !v.Null {
				tallies[i].Add(&sc, rec.Line, v.Text)
			}
		}
	}
	out := make(map[string]*pii.Tally, len(names))
	for i, n := range names {
		out[n] = &tallies[i]
	}
	return out, true, nil
}
