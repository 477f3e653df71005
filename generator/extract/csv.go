package extract

import (
	"bufio"
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
	if s != "" && !strings.ContainsAny(s, ",\"\r\n") {
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

// csvPart is the CSV file of one part.
type csvPart struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

// openCSVPart creates a CSV part and writes its byte-order mark and header.
func openCSVPart(path string, header []byte) (*csvPart, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	p := &csvPart{path: path, f: f, w: bufio.NewWriterSize(f, 1<<20)}
	if _, err := p.w.Write(header); err != nil {
		f.Close()
		return nil, err
	}
	return p, nil
}

// close flushes and closes the part; it is safe to call more than once.
func (p *csvPart) close() error {
	if p == nil || p.f == nil {
		return nil
	}
	f := p.f
	p.f = nil
	if err := p.w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
