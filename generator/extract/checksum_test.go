package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/thrift/lib/go/thrift"
	"github.com/parquet-go/parquet-go"
)

// pageInfo is one page of a column chunk as an independent reader sees it.
type pageInfo struct {
	column         string
	offset         int64 // of the page body
	size           int64
	crc            int32
	hasCRC, isData bool
}

// readPageHeader decodes the PageHeader fields a checksum check needs (type,
// compressed_page_size, crc) with Apache Thrift's compact protocol, skipping the rest.
func readPageHeader(data []byte) (typ, size, crc int32, hasCRC bool, n int, err error) {
	buf := thrift.NewTMemoryBufferLen(len(data))
	buf.Write(data)
	p := thrift.NewTCompactProtocolConf(buf, &thrift.TConfiguration{})
	ctx := context.Background()
	if _, err = p.ReadStructBegin(ctx); err != nil {
		return
	}
	for {
		var ft thrift.TType
		var id int16
		_, ft, id, err = p.ReadFieldBegin(ctx)
		if err != nil {
			return
		}
		if ft == thrift.STOP {
			break
		}
		switch {
		case id == 1 && ft == thrift.I32:
			typ, err = p.ReadI32(ctx)
		case id == 3 && ft == thrift.I32:
			size, err = p.ReadI32(ctx)
		case id == 4 && ft == thrift.I32:
			crc, err = p.ReadI32(ctx)
			hasCRC = true
		default:
			err = p.Skip(ctx, ft)
		}
		if err != nil {
			return
		}
		if err = p.ReadFieldEnd(ctx); err != nil {
			return
		}
	}
	err = p.ReadStructEnd(ctx)
	n = len(data) - buf.Len()
	return
}

// pagesOf lists every page of every column chunk, locating the chunks with Apache
// Arrow's Parquet metadata and decoding the page headers with Apache Thrift: no code of
// the library that wrote the file.
func pagesOf(t *testing.T, path string) []pageInfo {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	var pages []pageInfo
	md := rdr.MetaData()
	for rg := 0; rg < md.NumRowGroups(); rg++ {
		rgm := md.RowGroup(rg)
		for c := 0; c < rgm.NumColumns(); c++ {
			cc, err := rgm.ColumnChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			start := cc.DataPageOffset()
			if cc.HasDictionaryPage() && cc.DictionaryPageOffset() > 0 && cc.DictionaryPageOffset() < start {
				start = cc.DictionaryPageOffset()
			}
			end := start + cc.TotalCompressedSize()
			for off := start; off < end; {
				typ, size, crc, has, n, err := readPageHeader(data[off:end])
				if err != nil {
					t.Fatalf("column %s: page header at %d: %v", cc.PathInSchema(), off, err)
				}
				body := off + int64(n)
				pages = append(pages, pageInfo{column: cc.PathInSchema().String(), offset: body, size: int64(size), crc: crc, hasCRC: has, isData: typ == 0 || typ == 3})
				off = body + int64(size)
			}
		}
	}
	return pages
}

// verifyPages checks each page's CRC-32 the way the Parquet format defines it (over
// the page body as stored, after compression) and returns the first mismatch.
func verifyPages(data []byte, pages []pageInfo) error {
	for _, p := range pages {
		if !p.hasCRC {
			return fmt.Errorf("column %s: page at %d has no crc", p.column, p.offset)
		}
		if got := crc32.ChecksumIEEE(data[p.offset : p.offset+p.size]); int32(got) != p.crc {
			return fmt.Errorf("column %s: page at %d: crc32 checksum mismatch: header 0x%08X, page 0x%08X", p.column, p.offset, uint32(p.crc), got)
		}
	}
	return nil
}

// TestPageChecksums: every page of an extract carries a CRC-32 that an independent
// reader verifies, and one flipped byte in a data page is reported as a checksum
// error, both by that reader and by a Parquet reader that verifies page CRCs.
func TestPageChecksums(t *testing.T) {
	dir, _ := makeCatalog(t)
	out := t.TempDir()
	runPeople(t, dir, out)
	pq := filepath.Join(out, "data", "patients", "1.0.0", "patients.parquet")
	data, err := os.ReadFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	pages := pagesOf(t, pq)
	var dataPages int
	for _, p := range pages {
		if p.isData {
			dataPages++
		}
	}
	if dataPages < 13 { // at least one per column
		t.Fatalf("%d data pages in %d pages", dataPages, len(pages))
	}
	if err := verifyPages(data, pages); err != nil {
		t.Fatalf("a fresh extract: %v", err)
	}
	if err := readAll(pq); err != nil {
		t.Fatalf("a fresh extract does not read: %v", err)
	}

	// flip one byte in the body of the first data page
	var target pageInfo
	for _, p := range pages {
		if p.isData && p.size > 4 {
			target = p
			break
		}
	}
	bad := bytes.Clone(data)
	bad[target.offset+target.size/2] ^= 0x01
	tampered := filepath.Join(t.TempDir(), "tampered.parquet")
	if err := os.WriteFile(tampered, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verifyPages(bad, pages); err == nil || !strings.Contains(err.Error(), "crc32 checksum mismatch") || !strings.Contains(err.Error(), target.column) {
		t.Errorf("independent check of the tampered file: %v", err)
	}
	err = readAll(tampered)
	if err == nil || !errors.Is(err, parquet.ErrCorrupted) {
		t.Errorf("reading the tampered file: want a checksum error, got %v", err)
	}
}

// readAll reads every row of a Parquet file with parquet-go, which verifies page CRCs.
func readAll(path string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return err
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	buf := make([]parquet.Row, 16)
	for {
		n, err := r.ReadRows(buf)
		if n == 0 || err != nil {
			if err != nil && err.Error() != "EOF" {
				return err
			}
			return nil
		}
	}
}
