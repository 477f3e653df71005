package extract

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
)

// record is one 32-byte entry of an external sort: a key of three words and a value.
type record struct {
	k0, k1, k2 uint64
	v          uint64
}

func cmpKey(a, b record) int {
	if c := cmp.Compare(a.k0, b.k0); c != 0 {
		return c
	}
	if c := cmp.Compare(a.k1, b.k1); c != 0 {
		return c
	}
	return cmp.Compare(a.k2, b.k2)
}

func cmpRecord(a, b record) int {
	if c := cmpKey(a, b); c != 0 {
		return c
	}
	return cmp.Compare(a.v, b.v)
}

const (
	// sortRunRecords is the number of records sorted in memory at once (8 MiB).
	sortRunRecords = 256 * 1024
	// sortFanIn is the most runs merged at once; more runs are merged in passes.
	sortFanIn  = 64
	recordSize = 32
)

// sorter is an external sort of records in bounded memory: records are buffered up to
// sortRunRecords, sorted (in a background goroutine while the next buffer fills) and
// written to a temporary run file; Finish merges the runs. With combine, records of
// equal key are merged into one whose value is the sum (a count), so a run holds each
// key once; without, every record is kept and equal keys come out ordered by value.
// Memory: two buffers of sortRunRecords records plus 64 KiB per merged run.
type sorter struct {
	dir     string
	combine bool
	buf     []record
	runs    []string
	pending chan error // the run being written in the background, if any
	n       int64
}

func newSorter(dir string, combine bool) *sorter {
	return &sorter{dir: dir, combine: combine}
}

// add appends a record.
func (s *sorter) add(r record) error {
	if s.buf == nil {
		s.buf = make([]record, 0, sortRunRecords)
	}
	s.buf = append(s.buf, r)
	s.n++
	if len(s.buf) == cap(s.buf) {
		return s.flush()
	}
	return nil
}

// sortRun sorts recs in place and, with combine, merges equal keys; it returns the
// records to keep.
func (s *sorter) sortRun(recs []record) []record {
	if !s.combine {
		slices.SortFunc(recs, cmpRecord)
		return recs
	}
	slices.SortFunc(recs, cmpKey)
	out := recs[:0]
	for _, r := range recs {
		if n := len(out); n > 0 && cmpKey(out[n-1], r) == 0 {
			out[n-1].v += r.v
			continue
		}
		out = append(out, r)
	}
	return out
}

// flush sorts the buffer and writes it as a run in the background.
func (s *sorter) flush() error {
	if err := s.wait(); err != nil {
		return err
	}
	recs := s.buf
	s.buf = make([]record, 0, sortRunRecords)
	f, err := os.CreateTemp(s.dir, ".run-")
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f.Name())
	s.pending = make(chan error, 1)
	go func(done chan<- error) {
		done <- writeRun(f, s.sortRun(recs))
	}(s.pending)
	return nil
}

func (s *sorter) wait() error {
	if s.pending == nil {
		return nil
	}
	err := <-s.pending
	s.pending = nil
	return err
}

func writeRun(f *os.File, recs []record) error {
	w := bufio.NewWriterSize(f, 64<<10)
	var b [recordSize]byte
	for _, r := range recs {
		binary.LittleEndian.PutUint64(b[0:], r.k0)
		binary.LittleEndian.PutUint64(b[8:], r.k1)
		binary.LittleEndian.PutUint64(b[16:], r.k2)
		binary.LittleEndian.PutUint64(b[24:], r.v)
		if _, err := w.Write(b[:]); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// iterator yields sorted records; with combine each key once, its value summed.
type iterator interface {
	next() (record, bool, error)
	close()
}

// finish returns the records in order. The sorter must not be used afterwards.
func (s *sorter) finish() (iterator, error) {
	if len(s.runs) == 0 {
		return &sliceIter{recs: s.sortRun(s.buf)}, nil
	}
	if len(s.buf) > 0 {
		if err := s.flush(); err != nil {
			return nil, err
		}
	}
	if err := s.wait(); err != nil {
		return nil, err
	}
	s.buf = nil
	// merge in passes until at most sortFanIn runs are left
	for len(s.runs) > sortFanIn {
		var next []string
		for i := 0; i < len(s.runs); i += sortFanIn {
			group := s.runs[i:min(i+sortFanIn, len(s.runs))]
			it, err := s.merge(group)
			if err != nil {
				return nil, err
			}
			f, err := os.CreateTemp(s.dir, ".run-")
			if err != nil {
				it.close()
				return nil, err
			}
			err = writeIter(f, it)
			it.close()
			for _, r := range group {
				os.Remove(r)
			}
			if err != nil {
				return nil, err
			}
			next = append(next, f.Name())
		}
		s.runs = next
	}
	return s.merge(s.runs)
}

func writeIter(f *os.File, it iterator) error {
	var recs []record
	for {
		r, ok, err := it.next()
		if err != nil {
			f.Close()
			return err
		}
		if !ok {
			break
		}
		recs = append(recs, r)
		if len(recs) == 4096 {
			if err := appendRecs(f, recs); err != nil {
				return err
			}
			recs = recs[:0]
		}
	}
	if err := appendRecs(f, recs); err != nil {
		return err
	}
	return f.Close()
}

func appendRecs(f *os.File, recs []record) error {
	b := make([]byte, 0, len(recs)*recordSize)
	for _, r := range recs {
		b = binary.LittleEndian.AppendUint64(b, r.k0)
		b = binary.LittleEndian.AppendUint64(b, r.k1)
		b = binary.LittleEndian.AppendUint64(b, r.k2)
		b = binary.LittleEndian.AppendUint64(b, r.v)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return nil
}

type sliceIter struct {
	recs []record
	i    int
}

func (it *sliceIter) next() (record, bool, error) {
	if it.i >= len(it.recs) {
		return record{}, false, nil
	}
	it.i++
	return it.recs[it.i-1], true, nil
}
func (it *sliceIter) close() {}

// runReader reads one run file.
type runReader struct {
	f   *os.File
	r   *bufio.Reader
	cur record
}

func (rr *runReader) advance() (bool, error) {
	var b [recordSize]byte
	if _, err := io.ReadFull(rr.r, b[:]); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, fmt.Errorf("reading a temporary sort run: %w", err)
	}
	rr.cur = record{binary.LittleEndian.Uint64(b[0:]), binary.LittleEndian.Uint64(b[8:]), binary.LittleEndian.Uint64(b[16:]), binary.LittleEndian.Uint64(b[24:])}
	return true, nil
}

// mergeIter merges sorted runs with a heap.
type mergeIter struct {
	combine bool
	h       runHeap
	all     []*runReader
}

type runHeap struct {
	rs  []*runReader
	cmp func(a, b record) int
}

func (h runHeap) Len() int           { return len(h.rs) }
func (h runHeap) Less(i, j int) bool { return h.cmp(h.rs[i].cur, h.rs[j].cur) < 0 }
func (h runHeap) Swap(i, j int)      { h.rs[i], h.rs[j] = h.rs[j], h.rs[i] }
func (h *runHeap) Push(x any)        { h.rs = append(h.rs, x.(*runReader)) }
func (h *runHeap) Pop() any {
	x := h.rs[len(h.rs)-1]
	h.rs = h.rs[:len(h.rs)-1]
	return x
}

func (s *sorter) merge(paths []string) (iterator, error) {
	m := &mergeIter{combine: s.combine, h: runHeap{cmp: cmpRecord}}
	if s.combine {
		m.h.cmp = cmpKey
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			m.close()
			return nil, err
		}
		rr := &runReader{f: f, r: bufio.NewReaderSize(f, 64<<10)}
		m.all = append(m.all, rr)
		ok, err := rr.advance()
		if err != nil {
			m.close()
			return nil, err
		}
		if ok {
			m.h.rs = append(m.h.rs, rr)
		}
	}
	heap.Init(&m.h)
	return m, nil
}

func (m *mergeIter) pop() (record, bool, error) {
	if m.h.Len() == 0 {
		return record{}, false, nil
	}
	rr := m.h.rs[0]
	r := rr.cur
	ok, err := rr.advance()
	if err != nil {
		return record{}, false, err
	}
	if ok {
		heap.Fix(&m.h, 0)
	} else {
		heap.Pop(&m.h)
	}
	return r, true, nil
}

func (m *mergeIter) next() (record, bool, error) {
	r, ok, err := m.pop()
	if !ok || err != nil || !m.combine {
		return r, ok, err
	}
	for m.h.Len() > 0 && cmpKey(m.h.rs[0].cur, r) == 0 {
		x, _, err := m.pop()
		if err != nil {
			return record{}, false, err
		}
		r.v += x.v
	}
	return r, true, nil
}

func (m *mergeIter) close() {
	for _, rr := range m.all {
		rr.f.Close()
		os.Remove(rr.f.Name())
	}
	m.all = nil
}
