package extract

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/version"
)

// Limits of the Parquet output.
const (
	// MaxRowsPerPart is the largest number of rows in one Parquet file; larger
	// extracts are split into <id>-00000.parquet, <id>-00001.parquet, …
	MaxRowsPerPart = 1_000_000
	// rowsPerRowGroup bounds the rows buffered in memory before a row group is written.
	rowsPerRowGroup = 128 * 1024
	// Version is shuyuan's release version, as written into created_by
	// (version.Number).
	Version = version.Number
)

// CreatedBy returns the created_by of the Parquet files: "shuyuan version X.Y.Z
// (build <revision>)", the revision read from the binary's build info ("unknown"
// when the binary was built without it, e.g. by go test); see version.CreatedBy.
// Two builds of one revision write identical files.
func CreatedBy() string { return version.Read().CreatedBy() }

// orderedGroup is a Parquet group whose fields keep the declared order
// (parquet.Group is a map and sorts its fields by name).
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

func (g *orderedGroup) Fields() []parquet.Field { return g.fields }

type field struct {
	parquet.Node
	name string
}

func (f *field) Name() string { return f.name }
func (f *field) Value(base reflect.Value) reflect.Value {
	return base.MapIndex(reflect.ValueOf(f.name))
}

// leafNode returns the Parquet node of a published column type.
func leafNode(typ string, required, dict bool, codec *zstdCodec) parquet.Node {
	var n parquet.Node
	switch typ {
	case model.TypeInteger:
		n = parquet.Leaf(parquet.Int64Type)
	case model.TypeNumber:
		n = parquet.Leaf(parquet.DoubleType)
	case model.TypeBoolean:
		n = parquet.Leaf(parquet.BooleanType)
	case model.TypeDate:
		n = parquet.Date()
	case model.TypeDatetime:
		n = parquet.Timestamp(parquet.Microsecond)
	default:
		n = parquet.String()
	}
	if dict && typ != model.TypeBoolean {
		n = parquet.Encoded(n, &parquet.RLEDictionary)
	}
	if codec != nil {
		n = parquet.Compressed(n, codec)
	}
	if required {
		return parquet.Required(n)
	}
	return parquet.Optional(n)
}

// buildSchema returns the Parquet schema of a plan; dict says which columns use
// dictionary encoding.
func buildSchema(name string, plan *deid.Plan, dict []bool, dense *zstdCodec) *parquet.Schema {
	g := &orderedGroup{Group: parquet.Group{}}
	for i, o := range plan.Out {
		var codec *zstdCodec
		if o.HighCardinality {
			codec = dense
		}
		n := leafNode(o.Type, o.Required, dict[i], codec)
		g.Group[o.Name] = n
		g.fields = append(g.fields, &field{Node: n, name: o.Name})
	}
	return parquet.NewSchema(name, g)
}

// toParquet converts a published value to a Parquet value of column col.
func toParquet(v deid.Value, typ string, required bool, col int) parquet.Value {
	def := 1
	if required {
		def = 0
	}
	var pv parquet.Value
	switch v.Kind {
	case deid.Null:
		return parquet.NullValue().Level(0, 0, col)
	case deid.String:
		pv = parquet.ByteArrayValue([]byte(v.S))
	case deid.Int:
		if typ == model.TypeNumber {
			pv = parquet.DoubleValue(float64(v.I))
		} else {
			pv = parquet.Int64Value(v.I)
		}
	case deid.Float:
		pv = parquet.DoubleValue(v.F)
	case deid.Bool:
		pv = parquet.BooleanValue(v.I != 0)
	case deid.Date:
		pv = parquet.Int32Value(int32(v.I))
	case deid.Time:
		pv = parquet.Int64Value(v.I)
	}
	return pv.Level(0, def, col)
}

// part is one Parquet file being written, with its CSV twin.
type part struct {
	path string
	f    *os.File
	w    *parquet.GenericWriter[any]
	rows int64
	csv  *csvPart
	// rg is the row group being written, column by column, rgRows rows so far
	rg     *parquet.ConcurrentRowGroupWriter
	rgRows int64
}

// partWriter writes rows into parts of at most MaxRowsPerPart rows. Every part stays
// open (its row groups already flushed) until finish, so all of them get the final
// row counts in their metadata.
type partWriter struct {
	// maxRows is the part size; MaxRowsPerPart when 0 (tests make it small).
	maxRows int64
	dir, id string
	schema  *parquet.Schema
	codec   *zstdCodec // default codec
	dense   *zstdCodec // codec of high-entropy columns (tokens)
	parts   []*part
	cur     *part
	// createdBy is the files' created_by (CreatedBy; fixed in tests).
	createdBy string
	// csvHeader starts every CSV part (csvHeader of the published names).
	csvHeader []byte
	// ctx carries the goroutine budget of the column writers (xsync.Each).
	ctx context.Context
	// colVals gathers each column's values of the rows being written.
	colVals [][]parquet.Value
}

func (pw *partWriter) open() error {
	p := &part{path: filepath.Join(pw.dir, fmt.Sprintf("%s-%05d.parquet", pw.id, len(pw.parts)))}
	f, err := os.Create(p.path)
	if err != nil {
		return err
	}
	p.f = f
	if p.csv, err = openCSVPart(strings.TrimSuffix(p.path, ".parquet")+".csv", pw.csvHeader); err != nil {
		f.Close()
		return err
	}
	p.w = parquet.NewGenericWriter[any](f, pw.schema,
		parquet.Compression(pw.codec),
		parquet.MaxRowsPerRowGroup(rowsPerRowGroup),
		&parquet.WriterConfig{CreatedBy: pw.createdBy},
		parquet.WriteBufferSize(1<<20),
	)
	p.rg = p.w.BeginRowGroup()
	pw.parts = append(pw.parts, p)
	pw.cur = p
	return nil
}

// maxRowsPerWrite is how many rows parquet-go's WriteRows hands its column writers at
// once (a page never splits a row, so it bounds how far a page outgrows its buffer);
// writeRows feeds the column writers the same runs, so the pages and the file are
// what WriteRows writes.
const maxRowsPerWrite = 64

// writeRows writes rows into the part's row groups of rowsPerRowGroup rows. The
// columns are independent, so their writers (encoding, dictionary, compression of
// the full pages) run in parallel, each column in runs of maxRowsPerWrite rows from
// the start of rows, as parquet-go's WriteRows would cut them.
func (pw *partWriter) writeRows(p *part, rows []parquet.Row) error {
	cols := p.rg.ColumnWriters()
	if len(pw.colVals) != len(cols) {
		pw.colVals = make([][]parquet.Value, len(cols))
	}
	ctx := pw.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	for len(rows) > 0 {
		if p.rgRows == rowsPerRowGroup {
			if _, err := p.rg.Commit(); err != nil {
				return err
			}
			p.rgRows = 0
		}
		n := min(int64(len(rows)), rowsPerRowGroup-p.rgRows)
		run := rows[:n]
		err := xsync.Each(ctx, len(cols), func(_ context.Context, c int) error {
			vals := pw.colVals[c]
			for start := 0; start < len(run); start += maxRowsPerWrite {
				vals = vals[:0]
				for _, r := range run[start:min(start+maxRowsPerWrite, len(run))] {
					vals = append(vals, r[c])
				}
				if _, err := cols[c].WriteRowValues(vals); err != nil {
					return err
				}
			}
			clear(vals) // no reference to the rows' bytes stays
			pw.colVals[c] = vals[:0]
			return nil
		})
		if err != nil {
			return err
		}
		p.rgRows += n
		rows = rows[n:]
	}
	return nil
}

// write appends rows to the current part, opening the next one when it is full.
// csv holds the same rows as CSV records, record i ending at csv[ends[i]].
func (pw *partWriter) write(rows []parquet.Row, csv []byte, ends []int) error {
	if pw.maxRows == 0 {
		pw.maxRows = MaxRowsPerPart
	}
	if len(ends) != len(rows) {
		return fmt.Errorf("%d CSV records for %d rows", len(ends), len(rows))
	}
	start := 0 // of the next CSV record in csv
	for len(rows) > 0 {
		if pw.cur == nil || pw.cur.rows >= pw.maxRows {
			if pw.cur != nil {
				// close the full part now so its buffers are freed; the totals known
				// only at the end are patched into its footer by finish
				if err := pw.closePart(pw.cur); err != nil {
					return err
				}
			}
			if err := pw.open(); err != nil {
				return err
			}
		}
		n := min(int64(len(rows)), pw.maxRows-pw.cur.rows)
		if err := pw.writeRows(pw.cur, rows[:n]); err != nil {
			return err
		}
		end := ends[n-1]
		pw.cur.csv.write(csv[start:end])
		start = end
		pw.cur.rows += n
		rows, ends = rows[n:], ends[n:]
	}
	return nil
}

// closePart closes a part's writers and files.
func (pw *partWriter) closePart(p *part) error {
	if err := p.csv.close(); err != nil {
		return err
	}
	if p.w == nil {
		return nil
	}
	w, f := p.w, p.f
	p.w, p.f = nil, nil
	if _, err := p.rg.Commit(); err != nil {
		f.Close()
		return err
	}
	if err := w.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// finish closes the parts, writes meta into every footer and returns the final file
// paths: <id>.parquet and <id>.csv when there is one part, <id>-00000.parquet … and
// <id>-00000.csv … otherwise; and the downloads of the CSV parts (file name, size,
// SHA-256, hashed as they were written).
func (pw *partWriter) finish(meta [][2]string) (parquetPaths, csvPaths []string, csvSums []model.Download, err error) {
	if pw.cur == nil {
		if err := pw.open(); err != nil {
			return nil, nil, nil, err
		}
	}
	var paths, csvs []string
	for i, p := range pw.parts {
		if err := pw.closePart(p); err != nil {
			return nil, nil, nil, err
		}
		kv := append([][2]string(nil), meta...)
		if len(pw.parts) > 1 {
			kv = append(kv, [2]string{"shuyuan.part", fmt.Sprintf("%d/%d", i+1, len(pw.parts))})
		}
		if err := patchFooter(p.path, kv); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", filepath.Base(p.path), err)
		}
		paths = append(paths, p.path)
		csvs = append(csvs, p.csv.path)
		sum, size := p.csv.sum()
		csvSums = append(csvSums, model.Download{Size: size, SHA256: sum})
	}
	pw.parts = nil
	if len(paths) == 1 {
		final := []string{filepath.Join(pw.dir, pw.id+".parquet"), filepath.Join(pw.dir, pw.id+".csv")}
		if err := os.Rename(paths[0], final[0]); err != nil {
			return nil, nil, nil, err
		}
		if err := os.Rename(csvs[0], final[1]); err != nil {
			return nil, nil, nil, err
		}
		paths[0], csvs[0] = final[0], final[1]
	}
	for i := range csvs {
		csvSums[i].Path = filepath.Base(csvs[i])
	}
	return paths, csvs, csvSums, nil
}

// patchFooter rewrites the footer of a closed Parquet file with key-value metadata
// added (sorted by key, as parquet-go writes it). Parquet ends with the thrift
// FileMetaData, its 4-byte little-endian length and "PAR1".
func patchFooter(path string, kv [][2]string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	var tail [8]byte
	if st.Size() < 12 {
		return fmt.Errorf("not a Parquet file")
	}
	if _, err := f.ReadAt(tail[:], st.Size()-8); err != nil {
		return err
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if string(tail[4:]) != "PAR1" || n <= 0 || n > st.Size()-12 {
		return fmt.Errorf("not a Parquet file")
	}
	start := st.Size() - 8 - n
	footer := make([]byte, n)
	if _, err := f.ReadAt(footer, start); err != nil {
		return err
	}
	var md format.FileMetaData
	proto := new(thrift.CompactProtocol)
	if err := thrift.Unmarshal(proto, footer, &md); err != nil {
		return err
	}
	keys := map[string]int{}
	for i, e := range md.KeyValueMetadata {
		keys[e.Key] = i
	}
	for _, e := range kv {
		if i, ok := keys[e[0]]; ok {
			md.KeyValueMetadata[i].Value = e[1]
		} else {
			md.KeyValueMetadata = append(md.KeyValueMetadata, format.KeyValue{Key: e[0], Value: e[1]})
		}
	}
	slices.SortFunc(md.KeyValueMetadata, func(a, b format.KeyValue) int { return strings.Compare(a.Key, b.Key) })
	out, err := thrift.Marshal(proto, &md)
	if err != nil {
		return err
	}
	out = binary.LittleEndian.AppendUint32(out, uint32(len(out)))
	out = append(out, "PAR1"...)
	if _, err := f.WriteAt(out, start); err != nil {
		return err
	}
	return f.Truncate(start + int64(len(out)))
}

// abort closes every open part; the temporary directory is removed by the caller.
func (pw *partWriter) abort() {
	for _, p := range pw.parts {
		if p.f != nil {
			p.f.Close()
		}
		p.csv.close()
	}
	pw.parts = nil
}

// Preview reads the first n rows of a Parquet file as display strings: dates
// YYYY-MM-DD, timestamps RFC 3339 in UTC, null as "".
func Preview(path string, n int) (header []string, rows [][]string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: cannot read the Parquet file: %v", path, r)
		}
	}()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	schema := pf.Schema()
	leaves := schema.Fields()
	for _, fl := range leaves {
		header = append(header, fl.Name())
	}
	kinds := make([]string, len(leaves))
	for i, fl := range leaves {
		kinds[i] = displayKind(fl)
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	buf := make([]parquet.Row, 64)
	for len(rows) < n {
		k, err := r.ReadRows(buf[:min(len(buf), n-len(rows))])
		for _, row := range buf[:k] {
			out := make([]string, len(leaves))
			for _, v := range row {
				c := v.Column()
				if c < 0 || c >= len(out) || v.IsNull() {
					continue
				}
				out[c] = displayValue(v, kinds[c])
			}
			rows = append(rows, out)
		}
		if err != nil || k == 0 {
			break
		}
	}
	return header, rows, nil
}

func displayKind(n parquet.Node) string {
	lt := n.Type().LogicalType()
	if lt == nil || lt.Value == nil {
		return ""
	}
	switch lt.Value.(type) {
	case *format.DateType:
		return "date"
	case *format.TimestampType:
		return "timestamp"
	}
	return ""
}

func displayValue(v parquet.Value, kind string) string {
	switch v.Kind() {
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	case parquet.Int32:
		if kind == "date" {
			return time.Unix(int64(v.Int32())*86400, 0).UTC().Format("2006-01-02")
		}
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		if kind == "timestamp" {
			return time.UnixMicro(v.Int64()).UTC().Format(time.RFC3339Nano)
		}
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64)
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'g', -1, 32)
	}
	return string(v.ByteArray())
}
