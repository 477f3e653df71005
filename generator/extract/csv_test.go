package extract

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

func TestCSVValue(t *testing.T) {
	// datetimes are written in UTC whatever the machine's zone
	local := time.Local
	time.Local = time.FixedZone("UTC+8", 8*3600)
	defer func() { time.Local = local }()
	for _, tc := range []struct {
		v    deid.Value
		typ  string
		want string
	}{
		{deid.Value{}, model.TypeString, ``},
		{deid.StringValue(""), model.TypeString, `""`},
		{deid.StringValue("上海市徐汇区"), model.TypeString, `上海市徐汇区`},
		{deid.StringValue("a,b"), model.TypeString, `"a,b"`},
		{deid.StringValue(`说"好"`), model.TypeString, `"说""好"""`},
		{deid.StringValue("两行\r\n文本"), model.TypeString, "\"两行\r\n文本\""},
		{deid.StringValue(" 前后空格 "), model.TypeString, ` 前后空格 `},
		{deid.StringValue(","), model.TypeString, `","`},
		{deid.StringValue("\n"), model.TypeString, "\"\n\""},
		{deid.StringValue("a\rb"), model.TypeString, "\"a\rb\""},
		{deid.StringValue("第一,第二,第三"), model.TypeString, `"第一,第二,第三"`},
		{deid.StringValue("王**"), model.TypeString, `王**`},
		{deid.IntValue(-42), model.TypeInteger, `-42`},
		{deid.IntValue(12), model.TypeNumber, `12`},
		{deid.FloatValue(0.1), model.TypeNumber, `0.1`},
		{deid.FloatValue(1e-7), model.TypeNumber, `0.0000001`},
		{deid.FloatValue(2.5e21), model.TypeNumber, `2500000000000000000000`},
		{deid.BoolValue(true), model.TypeBoolean, `true`},
		{deid.BoolValue(false), model.TypeBoolean, `false`},
		{deid.DateOf(2026, 10, 31), model.TypeDate, `2026-10-31`},
		{deid.DateValue(-1), model.TypeDate, `1969-12-31`},
		{deid.TimeValue(1_790_000_000_000_000), model.TypeDatetime, `2026-09-21T14:13:20Z`},
		{deid.TimeValue(1_790_000_000_000_250), model.TypeDatetime, `2026-09-21T14:13:20.00025Z`},
	} {
		if got := string(appendCSVValue(nil, tc.v, tc.typ)); got != tc.want {
			t.Errorf("%v as %s: got %q, want %q", tc.v, tc.typ, got, tc.want)
		}
	}
}

// TestCSVMatchesParquet extracts the people catalog through both pipelines (one pass,
// and two passes through the spill file under k-anonymity) and in parts, then reads
// every Parquet file with Apache Arrow and its CSV twin with encoding/csv: the CSV
// starts with a byte-order mark, its header is the published names, and it holds the
// same rows with the same values.
func TestCSVMatchesParquet(t *testing.T) {
	for _, tc := range []struct {
		name     string
		privacy  bool
		partRows int64
	}{
		{"one pass", false, 0},
		{"spill pass", true, 0},
		{"parts", false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, canaries := makeCatalog(t)
			if !tc.privacy {
				p := filepath.Join(dir, "datasets", "sh-health", "patients.yaml")
				b, _ := os.ReadFile(p)
				os.WriteFile(p, bytes.Replace(b, []byte("privacy: {subject: patient_id, k: 2, max_suppression: 0.5}"), nil, 1), 0o644)
			}
			out := t.TempDir()
			r := runPeopleParts(t, dir, out, tc.partRows)
			var pq, cs []string
			for _, f := range r.Files {
				switch filepath.Ext(f.Path) {
				case ".parquet":
					pq = append(pq, filepath.Join(out, filepath.FromSlash(f.Path)))
				case ".csv":
					cs = append(cs, filepath.Join(out, filepath.FromSlash(f.Path)))
				}
			}
			if len(pq) == 0 || len(pq) != len(cs) {
				t.Fatalf("%d Parquet files, %d CSV files: %+v", len(pq), len(cs), r.Files)
			}
			if tc.partRows > 0 && len(pq) < 2 {
				t.Fatalf("want parts, got %v", pq)
			}
			var rows int64
			for i := range pq {
				if strings.TrimSuffix(pq[i], ".parquet") != strings.TrimSuffix(cs[i], ".csv") {
					t.Errorf("CSV %s is not the twin of %s", cs[i], pq[i])
				}
				rows += compareCSVParquet(t, pq[i], cs[i])
				b, _ := os.ReadFile(cs[i])
				for _, c := range canaries {
					if bytes.Contains(b, []byte(c)) {
						t.Errorf("%s contains canary %q", filepath.Base(cs[i]), c)
					}
				}
			}
			if rows != r.RowsWritten {
				t.Errorf("the CSV files hold %d rows, the extract wrote %d", rows, r.RowsWritten)
			}
		})
	}
}

// compareCSVParquet checks one CSV file against its Parquet twin and returns its rows.
func compareCSVParquet(t *testing.T, pqPath, csvPath string) int64 {
	t.Helper()
	raw, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		t.Fatalf("%s does not start with the UTF-8 byte-order mark", filepath.Base(csvPath))
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
		t.Errorf("%s: records do not all end in CRLF", filepath.Base(csvPath))
	}
	cr := csv.NewReader(bytes.NewReader(raw[3:]))
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s is not RFC 4180 CSV: %v", filepath.Base(csvPath), err)
	}

	rdr, err := file.OpenParquetFile(pqPath, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()

	fields := tbl.Schema().Fields()
	if len(recs) == 0 || len(recs[0]) != len(fields) {
		t.Fatalf("%s: header %v, Parquet has %d columns", filepath.Base(csvPath), recs, len(fields))
	}
	for c, f := range fields {
		if recs[0][c] != f.Name {
			t.Errorf("header column %d is %q, Parquet column %q", c, recs[0][c], f.Name)
		}
	}
	if int64(len(recs)-1) != tbl.NumRows() {
		t.Fatalf("%s has %d rows, %s %d", filepath.Base(csvPath), len(recs)-1, filepath.Base(pqPath), tbl.NumRows())
	}
	// quoted empty fields: csv.Reader cannot tell "" from nothing, the raw bytes can
	nulls := nullFields(raw[3:])
	for c, f := range fields {
		col := tbl.Column(c).Data()
		row := 0
		for _, chunk := range col.Chunks() {
			for k := 0; k < chunk.Len(); k, row = k+1, row+1 {
				got := recs[row+1][c]
				if chunk.IsNull(k) {
					if got != "" || !nulls[[2]int{row + 1, c}] {
						t.Errorf("row %d column %s: Parquet null, CSV %q (want an empty unquoted field)", row+1, f.Name, got)
					}
					continue
				}
				if nulls[[2]int{row + 1, c}] {
					t.Errorf("row %d column %s: CSV null, Parquet has a value", row+1, f.Name)
					continue
				}
				if msg := sameValue(chunk, k, got); msg != "" {
					t.Errorf("row %d column %s: %s", row+1, f.Name, msg)
				}
			}
		}
	}
	return tbl.NumRows()
}

// sameValue compares the CSV text of a cell with element k of an Arrow array, read
// back by the array's type; "" when they are the same value.
func sameValue(a arrow.Array, k int, text string) string {
	switch a := a.(type) {
	case *array.Dictionary:
		return sameValue(a.Dictionary(), a.GetValueIndex(k), text)
	case *array.String:
		if a.Value(k) != text {
			return "Parquet " + strconv.Quote(a.Value(k)) + ", CSV " + strconv.Quote(text)
		}
	case *array.Int64:
		if v, err := strconv.ParseInt(text, 10, 64); err != nil || v != a.Value(k) {
			return "Parquet " + strconv.FormatInt(a.Value(k), 10) + ", CSV " + strconv.Quote(text)
		}
	case *array.Float64:
		if v, err := strconv.ParseFloat(text, 64); err != nil || math.Float64bits(v) != math.Float64bits(a.Value(k)) || strings.ContainsAny(text, "eE") {
			return "Parquet " + strconv.FormatFloat(a.Value(k), 'g', -1, 64) + ", CSV " + strconv.Quote(text)
		}
	case *array.Boolean:
		if v, err := strconv.ParseBool(text); err != nil || v != a.Value(k) || (text != "true" && text != "false") {
			return "Parquet " + strconv.FormatBool(a.Value(k)) + ", CSV " + strconv.Quote(text)
		}
	case *array.Date32:
		if d, err := time.Parse(time.DateOnly, text); err != nil || !d.Equal(a.Value(k).ToTime()) {
			return "Parquet " + a.Value(k).ToTime().Format(time.DateOnly) + ", CSV " + strconv.Quote(text)
		}
	case *array.Timestamp:
		want := time.UnixMicro(int64(a.Value(k))).UTC()
		if d, err := time.Parse(time.RFC3339Nano, text); err != nil || !d.Equal(want) || !strings.HasSuffix(text, "Z") {
			return "Parquet " + want.Format(time.RFC3339Nano) + ", CSV " + strconv.Quote(text)
		}
	default:
		return "unexpected Arrow type " + a.DataType().String()
	}
	return ""
}

// nullFields returns the (record, field) positions of the empty unquoted fields of
// an RFC 4180 text: the nulls.
func nullFields(b []byte) map[[2]int]bool {
	out := map[[2]int]bool{}
	rec, field := 0, 0
	start := true // at the start of a field
	quoted := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if quoted {
			if c == '"' {
				if i+1 < len(b) && b[i+1] == '"' {
					i++
				} else {
					quoted = false
				}
			}
			continue
		}
		switch c {
		case '"':
			quoted, start = true, false
		case ',', '\r':
			if start {
				out[[2]int{rec, field}] = true
			}
			if c == ',' {
				field++
			}
			start = c == ','
			if c == '\r' {
				i++ // \n
				rec, field, start = rec+1, 0, true
			}
		default:
			start = false
		}
	}
	return out
}

// TestLoadResultKeepsRunsOrder reads an extract back as a merged build does: the files
// come in the order Run returned them (Parquet, CSV, datapackage.json, quality.json),
// so the pages of a merged build list the downloads as a single-process build does.
func TestLoadResultKeepsRunsOrder(t *testing.T) {
	dir, _ := makeCatalog(t)
	out := t.TempDir()
	r := runPeople(t, dir, out)
	got, err := LoadResult(filepath.Join(out, "data"), r.Dataset, r.Version)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Files) != fmt.Sprint(r.Files) {
		t.Errorf("LoadResult files:\n%v\nRun returned:\n%v", got.Files, r.Files)
	}
}

// TestSameContentWithoutPublishedCSV: a version published before shuyuan wrote CSV
// downloads holds the same data as its new extract, which has them; a version whose
// published CSV differs does not.
func TestSameContentWithoutPublishedCSV(t *testing.T) {
	dir, _ := makeCatalog(t)
	out := t.TempDir()
	r := runPeople(t, dir, out)
	newDir := filepath.Join(out, "data", r.Dataset, r.Version)
	old := t.TempDir()
	for _, n := range []string{"patients.parquet", "quality.json"} {
		b, _ := os.ReadFile(filepath.Join(newDir, n))
		os.WriteFile(filepath.Join(old, n), b, 0o644)
	}
	// the datapackage.json of that time: the Parquet resource only
	var dp map[string]any
	b, _ := os.ReadFile(filepath.Join(newDir, "datapackage.json"))
	if err := json.Unmarshal(b, &dp); err != nil {
		t.Fatal(err)
	}
	dp["resources"] = dp["resources"].([]any)[:1]
	b, _ = json.MarshalIndent(dp, "", "  ")
	os.WriteFile(filepath.Join(old, "datapackage.json"), b, 0o644)
	if diff, err := SameContent(old, newDir); err != nil || diff != "" {
		t.Errorf("a version published without CSV: diff %q, %v; want the same content", diff, err)
	}
	// published with a CSV that says something else: not the same
	csvB, _ := os.ReadFile(filepath.Join(newDir, "patients.csv"))
	os.WriteFile(filepath.Join(old, "patients.csv"), bytes.Replace(csvB, []byte("true"), []byte("false"), 1), 0o644)
	b, _ = os.ReadFile(filepath.Join(newDir, "datapackage.json"))
	os.WriteFile(filepath.Join(old, "datapackage.json"), b, 0o644)
	if diff, err := SameContent(old, newDir); err != nil || !strings.Contains(diff, "patients.csv") {
		t.Errorf("a version published with another CSV: diff %q, %v; want patients.csv named", diff, err)
	}
}
