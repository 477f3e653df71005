package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/xfilepath"
)

// csvReader reads a CSV source.
type csvReader struct {
	ctx       context.Context
	f         *os.File
	count     *countingReader
	size      int64
	snap      snapshot
	r         *csv.Reader
	idx       []int // field index of each name
	nulls     map[string]bool
	nfields   int
	checkUTF8 bool
	onlyEmpty bool
	n         int64
}

// openFile opens a csv or jsonl source file inside the catalog, refusing binary
// files (Excel workbooks saved with a .csv name are common in portal downloads).
func openFile(cat *load.Catalog, ds *load.Doc[model.Dataset]) (*os.File, snapshot, error) {
	rel := ds.V.Source.Path
	if rel == "" {
		return nil, snapshot{}, fmt.Errorf("%s: source.path is required for format %s", pos(ds, "source"), ds.V.Source.Format)
	}
	p, err := xfilepath.InsideRoot(cat.Root, rel)
	if err != nil {
		return nil, snapshot{}, fmt.Errorf("%s: %v", pos(ds, "source", "path"), err)
	}
	f, err := os.Open(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, snapshot{}, fmt.Errorf("%s: source file %s does not exist", pos(ds, "source", "path"), rel)
		}
		return nil, snapshot{}, fmt.Errorf("%s: cannot open source %s: %v", pos(ds, "source", "path"), rel, err)
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, snapshot{}, fmt.Errorf("%s: source %s is not a regular file", pos(ds, "source", "path"), rel)
	}
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		f.Close()
		return nil, snapshot{}, fmt.Errorf("%s: source %s is an Excel 97-2003 workbook (XLS), not CSV; open it in a spreadsheet and save it as CSV", pos(ds, "source", "path"), rel)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		f.Close()
		return nil, snapshot{}, fmt.Errorf("%s: source %s is a ZIP archive (probably an XLSX workbook), not CSV; save it as CSV", pos(ds, "source", "path"), rel)
	case bytes.IndexByte(head, 0) >= 0 && !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		f.Close()
		return nil, snapshot{}, fmt.Errorf("%s: source %s is a binary file, not text", pos(ds, "source", "path"), rel)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		f.Close()
		return nil, snapshot{}, fmt.Errorf("%s: source %s is UTF-16; save it as UTF-8 or GBK", pos(ds, "source", "path"), rel)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, snapshot{}, err
	}
	return f, snapshot{path: p, rel: rel, info: st}, nil
}

// bufSize is the read buffer for a source of size bytes: 256 KiB, or less for a
// smaller file (lint samples thousands of small sources; a 256 KiB buffer each
// was most of the sampling time).
func bufSize(size int64) int {
	const max = 256 << 10
	if size >= max {
		return max
	}
	return int(size) + 16 // bufio's minimum is 16 bytes
}

// decoded wraps r, a source of size bytes, in the decoder of the declared encoding;
// UTF-8 drops a BOM.
func decoded(ds *load.Doc[model.Dataset], r io.Reader, size int64) (io.Reader, bool, error) {
	switch strings.ToLower(ds.V.Source.Encoding) {
	case "", "utf-8", "utf8":
		br := bufio.NewReaderSize(r, bufSize(size))
		if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
			br.Discard(3)
		}
		return br, true, nil
	case "gbk":
		return transform.NewReader(bufio.NewReaderSize(r, bufSize(size)), simplifiedchinese.GBK.NewDecoder()), false, nil
	case "gb18030":
		return transform.NewReader(bufio.NewReaderSize(r, bufSize(size)), simplifiedchinese.GB18030.NewDecoder()), false, nil
	}
	return nil, false, fmt.Errorf("%s: unknown encoding %q (utf-8, gbk or gb18030)", pos(ds, "source", "encoding"), ds.V.Source.Encoding)
}

// NormalizeHeader trims what spreadsheets leave around header names: spaces
// (also full-width), BOMs and zero-width spaces.
func NormalizeHeader(h string) string {
	return strings.TrimFunc(h, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '\u3000' || r == '\ufeff' || r == '\u200b'
	})
}

func openCSV(ctx context.Context, cat *load.Catalog, ds *load.Doc[model.Dataset]) (Reader, error) {
	f, snap, err := openFile(cat, ds)
	if err != nil {
		return nil, err
	}
	size := snap.info.Size()
	cr := &csvReader{ctx: ctx, f: f, size: size, snap: snap, count: &countingReader{r: f}}
	dec, isUTF8, err := decoded(ds, cr.count, size)
	if err != nil {
		f.Close()
		return nil, err
	}
	cr.checkUTF8 = isUTF8
	r := csv.NewReader(dec)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	if d := ds.V.Source.Delimiter; d != "" {
		c, _ := utf8.DecodeRuneInString(d)
		if d == `\t` {
			c = '\t'
		}
		r.Comma = c
	}
	cr.r = r
	cr.nulls = map[string]bool{}
	if len(ds.V.Source.Null) == 0 {
		cr.nulls[""] = true
	}
	for _, n := range ds.V.Source.Null {
		cr.nulls[strings.TrimSpace(n)] = true
	}
	cr.onlyEmpty = len(cr.nulls) == 1 && cr.nulls[""]
	for i := 0; i < ds.V.Source.SkipRows; i++ {
		if _, err := r.Read(); err != nil {
			f.Close()
			if err == io.EOF {
				return nil, fmt.Errorf("%s: the source has fewer than %d records: nothing after the skipped rows", pos(ds, "source", "skip_rows"), ds.V.Source.SkipRows)
			}
			return nil, fmt.Errorf("%s: reading %s: %v", pos(ds, "source", "path"), ds.V.Source.Path, err)
		}
	}
	header, err := r.Read()
	if err != nil {
		f.Close()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: source %s is empty: it needs a header row", pos(ds, "source", "path"), ds.V.Source.Path)
		}
		return nil, fmt.Errorf("%s: reading the header of %s: %v", pos(ds, "source", "path"), ds.V.Source.Path, err)
	}
	if isUTF8 {
		for _, h := range header {
			if !utf8.ValidString(h) {
				f.Close()
				return nil, fmt.Errorf("%s: the header of %s is not valid UTF-8; if the file is GBK, add `encoding: gbk`", pos(ds, "source"), ds.V.Source.Path)
			}
		}
	}
	at := map[string]int{}
	var list []string
	for i, h := range header {
		h = NormalizeHeader(h)
		if _, dup := at[h]; !dup {
			at[h] = i
		}
		list = append(list, h)
	}
	cr.nfields = len(header)
	for _, name := range Names(ds.V) {
		i, ok := at[NormalizeHeader(name)]
		if !ok {
			f.Close()
			return nil, fmt.Errorf("%s: the source %s has no column %q (header row %d); its headers are: %s — %s",
				columnPos(ds, name), ds.V.Source.Path, name, ds.V.Source.SkipRows+1, strings.Join(quoteAll(list), ", "), headerHint(list, r.Comma))
		}
		cr.idx = append(cr.idx, i)
	}
	return cr, nil
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}

// columnPos is the position of the column that reads source name (its header or
// name), or of the columns list.
func columnPos(ds *load.Doc[model.Dataset], name string) string {
	for i, c := range ds.V.Columns {
		if c.Header == name {
			return pos(ds, "columns", i, "header")
		}
		if c.Name == name {
			return pos(ds, "columns", i, "name")
		}
		if c.Deid != nil && c.Deid.Source == name {
			return pos(ds, "columns", i, "deid", "source")
		}
	}
	return pos(ds, "columns")
}

func (c *csvReader) Next(rec *Record) error {
	c.n++
	if c.n&1023 == 0 && c.ctx.Err() != nil {
		return c.ctx.Err()
	}
	fields, err := c.r.Read()
	if err != nil {
		if err == io.EOF {
			return io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return &RecordError{Line: int64(pe.StartLine), Reason: "malformed CSV: " + pe.Err.Error()}
		}
		return err
	}
	line, _ := c.r.FieldPos(0)
	rec.Line = int64(line)
	if cap(rec.Values) < len(c.idx) {
		rec.Values = make([]Value, len(c.idx))
	}
	rec.Values = rec.Values[:len(c.idx)]
	for j, i := range c.idx {
		if i >= len(fields) {
			return &RecordError{Line: rec.Line, Reason: fmt.Sprintf("the record has %d fields, the header has %d", len(fields), c.nfields)}
		}
		s := fields[i]
		// strings.ContainsRune(s, utf8.RuneError) would decode every rune of the
		// field (it finds invalid bytes too); in valid UTF-8 a U+FFFD is its three
		// bytes, which strings.Contains finds as fast as a byte
		valid := utf8.ValidString(s)
		if c.checkUTF8 && !valid {
			return &RecordError{Line: rec.Line, Reason: "a field is not valid UTF-8 (is the file GBK? set `encoding: gbk`)"}
		}
		if !valid || strings.Contains(s, "\uFFFD") {
			return &RecordError{Line: rec.Line, Reason: replacementReason}
		}
		if c.isNull(s) {
			rec.Values[j] = Value{Null: true}
			continue
		}
		rec.Values[j] = Value{Text: s}
	}
	return nil
}

func (c *csvReader) isNull(s string) bool {
	if len(s) == 0 {
		return c.nulls[""]
	}
	if c.onlyEmpty {
		return isSpace(s[0]) && isSpace(s[len(s)-1]) && strings.TrimSpace(s) == ""
	}
	if c.nulls[s] {
		return true
	}
	return (isSpace(s[0]) || isSpace(s[len(s)-1])) && c.nulls[strings.TrimSpace(s)]
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

func (c *csvReader) Progress() (int64, int64) { return c.count.n, c.size }

func (c *csvReader) Close() error { return c.f.Close() }

// Unchanged implements Stable.
func (c *csvReader) Unchanged() error { return c.snap.unchanged(c.count.n) }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// replacementReason rejects a value holding U+FFFD, the character decoders put in
// place of bytes they could not read: the value has lost data.
const replacementReason = "a field holds U+FFFD (�), the mark of bytes decoded in the wrong encoding: check source.encoding (utf-8, gbk or gb18030) or export the file again from its source"

// headerHint says what to do about a header that lacks a column: a header read as
// one column that holds another separator means the delimiter is wrong.
func headerHint(list []string, comma rune) string {
	if len(list) == 1 {
		for _, d := range []string{";", "\t", "|", ",", "，"} {
			if string(comma) != d && strings.Count(list[0], d) >= 1 {
				shown := d
				if d == "\t" {
					shown = `\t`
				}
				return fmt.Sprintf("the header was read as one column holding %q: the file is probably separated by %q, not %q; set source.delimiter: %q", shown, shown, string(comma), shown)
			}
		}
	}
	return "set the column's `header:` to one of them, or fix skip_rows"
}
