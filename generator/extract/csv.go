package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// The CSV download: every extract writes its published rows a second time as CSV
// beside the Parquet file (<id>.csv, or <id>-00000.csv … for the same parts), for
// people without Parquet tools. The format is fixed so that spreadsheets open it as
// it is and programs read it back to the Parquet values exactly:
//
//   - UTF-8 with a byte-order mark (Excel then reads Chinese correctly), RFC 4180:
//     records end in CRLF, a field is quoted when it holds a comma, a double quote
//     (doubled), CR or LF, or is an empty string;
//   - the first record is the header, the published column names;
//   - a null is an empty unquoted field and an empty string is "" (as PostgreSQL's
//     COPY … CSV and DuckDB write them);
//   - integers in decimal, numbers as the shortest decimal that reads back to the
//     same double (no exponent), booleans true/false, dates YYYY-MM-DD, datetimes
//     RFC 3339 in UTC with the fraction of a second only when there is one.
const (
	csvBOM = "\ufeff"
	csvEOL = "\r\n"
)

// csvHeader is the start of every CSV part: the byte-order mark and the header record.
func csvHeader(plan *deid.Plan) []byte {
	b := []byte(csvBOM)
	for i, o := range plan.Out {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSVString(b, o.Name)
	}
	return append(b, csvEOL...)
}

// appendCSVRow appends one published row as a CSV record; types are the published
// column types.
func appendCSVRow(dst []byte, row []deid.Value, types []string) []byte {
	for c, v := range row {
		if c > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVValue(dst, v, types[c])
	}
	return append(dst, csvEOL...)
}

// appendCSVValue appends one value of a column of type typ as a CSV field, written
// as the Parquet file holds it (toParquet): an integer in a number column is the
// double it becomes there.
func appendCSVValue(dst []byte, v deid.Value, typ string) []byte {
	switch v.Kind {
	case deid.Null:
		return dst
	case deid.String:
		return appendCSVString(dst, v.S)
	case deid.Int:
		if typ == model.TypeNumber {
			return strconv.AppendFloat(dst, float64(v.I), 'f', -1, 64)
		}
		return strconv.AppendInt(dst, v.I, 10)
	case deid.Float:
		return strconv.AppendFloat(dst, v.F, 'f', -1, 64)
	case deid.Bool:
		return strconv.AppendBool(dst, v.I != 0)
	case deid.Date:
		return time.Unix(v.I*86400, 0).UTC().AppendFormat(dst, time.DateOnly)
	case deid.Time:
		return time.UnixMicro(v.I).UTC().AppendFormat(dst, time.RFC3339Nano)
	}
	return dst
}

// appendCSVString appends s as an RFC 4180 field, quoted when it must be (and when
// it is empty, so that it differs from a null).
func appendCSVString(dst []byte, s string) []byte {
	if s != "" && !csvQuoted(s) {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, '"')
}

// csvSpecial marks the bytes that make a field quoted: comma, double quote, CR, LF.
var csvSpecial = [256]bool{',': true, '"': true, '\r': true, '\n': true}

// csvQuoted reports whether s holds a byte of csvSpecial. They are ASCII, which never
// occurs inside a multi-byte UTF-8 sequence, so a loop over the bytes finds them; it
// is what strings.ContainsAny(s, ",\"\r\n") does for long strings, without its
// rune-decoding loop for strings of up to 8 bytes (most published fields).
func csvQuoted(s string) bool {
	for i := 0; i < len(s); i++ {
		if csvSpecial[s[i]] {
			return true
		}
	}
	return false
}

// csvPart is the CSV file of one part. Its writes go to a goroutine of its own, so
// the system calls that copy the CSV (several times the size of the Parquet file)
// overlap the Parquet encoding of the next rows on the writer's goroutine.
type csvPart struct {
	path string
	f    *os.File
	hash hash.Hash // SHA-256 of what was written, so the part is not read back to hash it
	size int64
	cur  []byte      // filled by write, handed to the goroutine when full
	todo chan []byte // buffers to write, in order
	free chan []byte // written buffers, to fill again
	done chan error  // the goroutine's first write error, once todo is closed
}

// csvChunk is the size of the buffers handed to a part's goroutine; csvBuffers of
// them bound a part's memory.
const (
	csvChunk   = 1 << 20
	csvBuffers = 3
)

// openCSVPart creates a CSV part and writes its byte-order mark and header.
func openCSVPart(path string, header []byte) (*csvPart, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	p := &csvPart{path: path, f: f, hash: sha256.New(), todo: make(chan []byte, csvBuffers), free: make(chan []byte, csvBuffers), done: make(chan error, 1)}
	for range csvBuffers - 1 {
		p.free <- make([]byte, 0, csvChunk)
	}
	p.cur = append(make([]byte, 0, csvChunk), header...)
	go func() {
		var err error
		for b := range p.todo {
			if err == nil {
				_, err = f.Write(b)
				p.hash.Write(b)
				p.size += int64(len(b))
			}
			p.free <- b[:0]
		}
		p.done <- err
	}()
	return p, nil
}

// write appends CSV records to the part.
func (p *csvPart) write(b []byte) {
	for len(b) > 0 {
		n := min(len(b), csvChunk-len(p.cur))
		p.cur = append(p.cur, b[:n]...)
		b = b[n:]
		if len(p.cur) == csvChunk {
			p.todo <- p.cur
			p.cur = <-p.free
		}
	}
}

// close writes what is buffered, waits for the goroutine and closes the file; it
// returns the first write error. It is safe to call more than once.
// Afterwards sum returns the part's SHA-256 and size.
func (p *csvPart) close() error {
	if p == nil || p.f == nil {
		return nil
	}
	f := p.f
	p.f = nil
	if len(p.cur) > 0 {
		p.todo <- p.cur
	}
	p.cur = nil
	close(p.todo)
	if err := <-p.done; err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sum returns the hex SHA-256 and the size of the part's bytes, once close returned
// without an error.
func (p *csvPart) sum() (string, int64) {
	return hex.EncodeToString(p.hash.Sum(nil)), p.size
}
