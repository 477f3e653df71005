package extract

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/validator"
	"github.com/shuyuan-project/shuyuan/generator/version"
)

const testKey = "test-key-0123456789abcdef-not-secret"

// residentID returns a checksum-valid synthetic resident id.
func residentID(region, birth string, seq int) string {
	s := fmt.Sprintf("%s%s%03d", region, birth, seq)
	c, ok := validator.ResidentIDCheckChar(s)
	if !ok {
		panic(s)
	}
	return s + string(c)
}

type person struct {
	id, name, phone, visit, checkin, cost, insured, address, doctor string
}

// people are the canary rows: every personal value is unique and searched for in
// the output. Two people share birth year, sex and province so they form a class of
// 2; the last valid person is alone in its class and is suppressed (k=2).
func people() []person {
	return []person{
		{residentID("310115", "19800101", 11), "金丝雀甲", "13900000001", "2026-01-15", "2026-01-15 08:30:00", "123.4", "是", "上海市浦东新区金丝雀路1号", "张医生"},
		{residentID("310104", "19800505", 13), "金丝雀乙", "13900000002", "2026/2/3", "2026-02-03T09:00:00+08:00", "1,250", "否", "上海市徐汇区\n金丝雀路2号", "李医生"},
		{residentID("110105", "19900303", 22), "金丝雀丙", "13900000003", "2026年3月4日", "2026-03-04 10:00:00", "88", "1", "北京市朝阳区金丝雀路3号", "王医生"},
		{residentID("110101", "19901111", 24), "金丝雀丁", "13900000004", "2026-3-5", "2026-03-05 11:00", "99.5", "0", "北京市东城区金丝雀路4号", "赵医生"},
		{residentID("440305", "20010709", 35), "金丝雀戊", "13900000005", "2026-04-01", "2026-04-01 12:00:00", "10", "true", "深圳市南山区金丝雀路5号", "钱医生"},
	}
}

// makeCatalog copies testdata/people into a temporary directory and writes its GBK,
// CRLF source with the canary rows and two bad rows.
func makeCatalog(t *testing.T) (dir string, canaries []string) {
	t.Helper()
	dir = t.TempDir()
	yml, err := os.ReadFile("testdata/people/datasets/sh-health/patients.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "datasets", "sh-health"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "datasets", "sh-health", "patients.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("身份证号,姓名,手机,就诊日期,挂号时间,费用,医保,住址,医生\r\n")
	row := func(p person) {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,\"%s\",%s,\"%s\",%s\r\n", p.id, p.name, p.phone, p.visit, p.checkin, p.cost, p.insured, p.address, p.doctor)
	}
	ps := people()
	for i, p := range ps {
		row(p)
		canaries = append(canaries, p.id, p.name, p.phone, p.address, p.doctor)
		if i == 1 {
			// line 5 (the quoted address of the row before spans two lines): a bad date
			bad := person{residentID("310101", "19700101", 41), "金丝雀坏日", "13900000006", "2026-13-45", "2026-01-01 00:00:00", "1", "是", "上海市黄浦区金丝雀路6号", "孙医生"}
			row(bad)
			canaries = append(canaries, bad.id, bad.name, bad.phone, bad.address)
		}
	}
	// line 9: an id that is not a valid resident id (derive fails); line 10: required id missing
	fmt.Fprintf(&b, "110105199013032291,金丝雀无效,13900000007,2026-01-01,2026-01-01 00:00:00,1,是,上海市金丝雀路7号,周医生\r\n")
	fmt.Fprintf(&b, "NULL,金丝雀空号,13900000008,2026-01-01,2026-01-01 00:00:00,1,是,上海市金丝雀路8号,吴医生\r\n")
	canaries = append(canaries, "金丝雀无效", "13900000007", "金丝雀空号", "13900000008", "110105199013032291")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sources", "patients.csv"), []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, canaries
}

func loadCat(t *testing.T, dir string) *load.Catalog {
	t.Helper()
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cat.Findings {
		t.Fatalf("catalog does not load: %s", f)
	}
	return cat
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func runPeople(t *testing.T, dir, out string) Result {
	t.Helper()
	return runPeopleParts(t, dir, out, 0)
}

// runPeopleParts is runPeople with partRows rows per Parquet part (0: MaxRowsPerPart).
func runPeopleParts(t *testing.T, dir, out string, partRows int64) Result {
	t.Helper()
	_, priv := sign.DemoKey()
	res, err := Run(context.Background(), loadCat(t, dir), Options{
		OutDir: out, Getenv: env(map[string]string{"SHUYUAN_KEY_TEST": testKey}),
		SignKey:  string(sign.SecretKeyText(priv)),
		partRows: partRows,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(res) != 1 {
		t.Fatalf("got %d results, want 1", len(res))
	}
	return res[0]
}

func TestExtractPeople(t *testing.T) {
	dir, canaries := makeCatalog(t)
	out := t.TempDir()
	r := runPeople(t, dir, out)

	// rows in = written + suppressed + rejected, with the rejected lines
	if r.RowsIn != 8 || r.RowsRejected != 3 || r.RowsSuppressed != 1 || r.RowsWritten != 4 || r.K != 2 {
		t.Errorf("counts: in %d written %d suppressed %d rejected %d k %d; want 8/4/1/3/2", r.RowsIn, r.RowsWritten, r.RowsSuppressed, r.RowsRejected, r.K)
	}
	wantRej := []Rejection{
		{Line: 5, Column: "visit_date", Reason: "not a date (YYYY-MM-DD, YYYY/M/D, YYYY-M-D or YYYY年M月D日)"},
		{Line: 9, Column: "birth_year", Reason: "cannot derive birth-year: the source is not a valid resident id"},
		{Line: 10, Column: "patient_id", Reason: "value is required (constraints.required) but empty"},
	}
	if fmt.Sprint(r.Rejected) != fmt.Sprint(wantRej) {
		t.Errorf("rejections:\n got %v\nwant %v", r.Rejected, wantRej)
	}
	for _, rj := range r.Rejected {
		for _, c := range canaries {
			if strings.Contains(rj.Reason, c) {
				t.Errorf("rejection reason leaks %q", c)
			}
		}
	}

	// canaries: in no output byte, in no decoded value
	var files []string
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 6 { // parquet, csv, datapackage.json, quality.json, SHA256SUMS, SHA256SUMS.minisig
		t.Errorf("output files: %v", files)
	}
	pq := filepath.Join(out, "data", "patients", "1.0.0", "patients.parquet")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, c := range canaries {
			g, _ := simplifiedchinese.GBK.NewEncoder().String(c)
			if bytes.Contains(b, []byte(c)) || bytes.Contains(b, []byte(g)) {
				t.Errorf("%s contains canary %q", f, c)
			}
		}
	}
	header, rows, err := Preview(pq, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, v := range row {
			for _, c := range canaries {
				if strings.Contains(v, c) {
					t.Errorf("decoded value %q contains canary %q", v, c)
				}
			}
		}
	}
	wantHeader := "[patient_id phone birth_year sex region visit_date visit_month checkin cost cost_band insured address doctor]"
	if fmt.Sprint(header) != wantHeader {
		t.Errorf("header %v, want %s", header, wantHeader)
	}
	if len(rows) != 4 {
		t.Fatalf("preview has %d rows", len(rows))
	}
	tok := deid.Token(hmacSum(testKey, people()[0].id), 128)
	if rows[0][0] != tok || len(rows[0][0]) != 26 || len(rows[0][1]) != 32 {
		t.Errorf("tokens: %q (want %q), phone token %q", rows[0][0], tok, rows[0][1])
	}
	if got := strings.Join(rows[0][2:], "|"); !strings.HasPrefix(got, "1980|male|310000|2026-01-") ||
		!strings.HasSuffix(got, "|2026-01|2026-01-15T00:30:00Z|123|[100,200)|true|上海市**********|医生") {
		t.Errorf("row 0 = %s", got)
	}
	if got := strings.Join(rows[1][8:], "|"); got != "1250|>=1000|false|上海市**********|医生" {
		t.Errorf("row 1 = %s", got)
	}

	// an independent reader: Apache Arrow's Go Parquet reader
	checkArrow(t, pq, r)

	// datapackage.json is a valid Frictionless descriptor with the file's hash
	checkDataPackage(t, filepath.Join(out, "data", "patients", "1.0.0", "datapackage.json"), r)

	// checksums and signature verify
	pub, _ := sign.DemoKey()
	rep, err := sign.Verify(out, &pub)
	if err != nil || rep.Failed() || rep.Checked != 4 || !rep.SignatureOK {
		t.Errorf("verify: %+v %v", rep, err)
	}

	// byte-identical rerun
	out2 := t.TempDir()
	runPeople(t, dir, out2)
	for _, f := range files {
		rel, _ := filepath.Rel(out, f)
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(out2, rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", rel)
		}
	}
	// rerun into the same directory replaces the files in place
	runPeople(t, dir, out)
	if rep, err := sign.Verify(out, &pub); err != nil || rep.Failed() {
		t.Errorf("verify after rerun: %+v %v", rep, err)
	}
}

func checkArrow(t *testing.T, path string, r Result) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	kv := rdr.MetaData().KeyValueMetadata()
	for k, want := range map[string]string{
		"shuyuan.dataset": "patients", "shuyuan.version": "1.0.0", "shuyuan.rows_in": "8",
		"shuyuan.rows_suppressed": "1", "shuyuan.rows_rejected": "3", "shuyuan.rows_written": "4", "shuyuan.k": "2",
	} {
		if v := kv.FindValue(k); v == nil || *v != want {
			t.Errorf("metadata %s = %v, want %s", k, deref(v), want)
		}
	}
	if v := kv.FindValue("shuyuan.policy_sha256"); v == nil || len(*v) != 64 {
		t.Errorf("policy_sha256 = %v", v)
	}
	if cb := rdr.MetaData().GetCreatedBy(); cb != CreatedBy() || !strings.HasPrefix(cb, "shuyuan version "+Version+" (build ") || !strings.HasSuffix(cb, ")") {
		t.Errorf("created_by %q", cb)
	}
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	if tbl.NumRows() != r.RowsWritten {
		t.Errorf("arrow reads %d rows, want %d", tbl.NumRows(), r.RowsWritten)
	}
	want := map[string]string{
		"patient_id": "utf8", "phone": "utf8", "birth_year": "int64", "sex": "utf8", "region": "utf8",
		"visit_date": "date32", "visit_month": "utf8", "checkin": "timestamp[us, tz=UTC]", "cost": "float64",
		"cost_band": "utf8", "insured": "bool", "address": "utf8", "doctor": "utf8",
	}
	for i, f := range tbl.Schema().Fields() {
		typ := f.Type.String()
		if d, ok := f.Type.(*arrow.DictionaryType); ok {
			typ = d.ValueType.String()
		}
		if want[f.Name] != typ {
			t.Errorf("column %d %s: arrow type %s, want %s", i, f.Name, typ, want[f.Name])
		}
		if f.Name == "patient_id" && f.Nullable {
			t.Errorf("patient_id is required but nullable")
		}
		if f.Name == "phone" && !f.Nullable {
			t.Errorf("phone should be optional")
		}
	}
	col := tbl.Column(2).Data().Chunk(0).(*array.Int64)
	if col.Value(0) != 1980 || col.Value(2) != 1990 {
		t.Errorf("birth_year values %v", col)
	}
	d := tbl.Column(5).Data().Chunk(0).(*array.Date32)
	if got := d.Value(0).ToTime(); got.Year() != 2026 || got.Sub(must("2026-01-15")).Hours() > 240 || must("2026-01-15").Sub(got).Hours() > 240 {
		t.Errorf("date-shift out of range: %v", got)
	}
}

func must(s string) (t0 timeT) { t0, _ = parseTime(s); return }

func checkDataPackage(t *testing.T, path string, r Result) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(ecmaRegexp) // the profiles use lookahead, which Go's regexp lacks
	sch, err := c.Compile(fixture.Corpus(t, "frictionless/profiles/1.0/datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("datapackage.json does not validate: %v", err)
	}
	var dp dataPackage
	json.Unmarshal(b, &dp)
	if len(dp.Resources) != 2 || dp.Resources[0].Hash != "sha256:"+r.Files[0].SHA256 || dp.Resources[0].Bytes != r.Files[0].Size {
		t.Errorf("resources: %+v, files %+v", dp.Resources, r.Files)
	}
	if c := dp.Resources[1]; c.Name != "patients-csv" || c.Path != "patients.csv" || c.Format != "csv" || c.Mediatype != "text/csv" ||
		c.Encoding != "utf-8" || c.Dialect == nil || c.Hash != "sha256:"+r.Files[1].SHA256 || c.Bytes != r.Files[1].Size || len(c.Schema.Fields) != 13 {
		t.Errorf("CSV resource: %+v, file %+v", c, r.Files[1])
	}
	if len(dp.Resources[0].Schema.Fields) != 13 || dp.Resources[0].Schema.Fields[2].Type != "integer" {
		t.Errorf("schema: %+v", dp.Resources[0].Schema)
	}
}

func TestMissingKey(t *testing.T) {
	dir, _ := makeCatalog(t)
	out := t.TempDir()
	_, err := Run(context.Background(), loadCat(t, dir), Options{OutDir: out, Getenv: env(nil)})
	var xe *Error
	if !errors.As(err, &xe) || xe.IO {
		t.Fatalf("want a dataset error, got %v", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "env:SHUYUAN_KEY_TEST") || !strings.Contains(msg, "patients.yaml:25:31:") {
		t.Errorf("message does not name the key reference and its position: %s", msg)
	}
	if _, err := os.Stat(filepath.Join(out, "data", "patients")); err == nil {
		t.Errorf("a failed extract left files behind")
	}
	// a short key is refused and never echoed
	_, err = Run(context.Background(), loadCat(t, dir), Options{OutDir: out, Getenv: env(map[string]string{"SHUYUAN_KEY_TEST": "short-secret"})})
	if err == nil || strings.Contains(err.Error(), "short-secret") {
		t.Errorf("short key: %v", err)
	}
}

func TestDeriveFromDetector(t *testing.T) {
	// catalog-format.md: derive `from: cn-resident-id` — without deid.source the
	// identifier is the column whose detector is cn-resident-id
	dir, _ := makeCatalog(t)
	p := filepath.Join(dir, "datasets", "sh-health", "patients.yaml")
	b, _ := os.ReadFile(p)
	b = bytes.Replace(b, []byte("field: birth-year, source: patient_id}"), []byte("field: birth-year}"), 1)
	b = bytes.Replace(b, []byte("    header: 身份证号\n"), []byte("    header: 身份证号\n    detector: cn-resident-id\n"), 1)
	os.WriteFile(p, b, 0o644)
	r := runPeople(t, dir, t.TempDir())
	if r.RowsIn != 8 || r.RowsRejected != 3 || r.RowsWritten != 4 {
		t.Fatalf("counts: in %d written %d rejected %d; want 8/4/3 (%v)", r.RowsIn, r.RowsWritten, r.RowsRejected, r.Rejected)
	}
	out := t.TempDir()
	r = runPeople(t, dir, out)
	_, rows, err := Preview(filepath.Join(out, filepath.FromSlash(r.Files[0].Path)), 1)
	if err != nil || len(rows) != 1 || rows[0][2] != "1980" {
		t.Errorf("birth_year derived from the detector column: %v %v", rows, err)
	}
}

func TestBadSigningKeyNamesItsSource(t *testing.T) {
	dir, _ := makeCatalog(t)
	for _, c := range []struct {
		opts Options
		want string
	}{
		{Options{Getenv: env(map[string]string{"SHUYUAN_SIGNING_KEY": "not-a-key-SECRETISH"})}, "extract: SHUYUAN_SIGNING_KEY: "},
		{Options{SignKey: "file:" + filepath.Join(dir, "missing.key"), Getenv: env(nil)}, "extract: --sign-key: signing key file:"},
	} {
		c.opts.OutDir = t.TempDir()
		_, err := Run(context.Background(), loadCat(t, dir), c.opts)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "SECRETISH") {
			t.Errorf("error %v, want it to start with %q and not echo the key", err, c.want)
		}
	}
}

func TestKAnonymityFails(t *testing.T) {
	dir, _ := makeCatalog(t)
	p := filepath.Join(dir, "datasets", "sh-health", "patients.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("privacy: {subject: patient_id, k: 2, max_suppression: 0.5}"), []byte("privacy: {subject: patient_id, k: 3, max_suppression: 0.1}"), 1), 0o644)
	out := t.TempDir()
	// publish once with the old policy, then check that a failing run keeps those files
	_, err := Run(context.Background(), loadCat(t, dir), Options{OutDir: out, Getenv: env(map[string]string{"SHUYUAN_KEY_TEST": testKey})})
	var xe *Error
	if !errors.As(err, &xe) || xe.IO || !strings.Contains(err.Error(), "k-anonymity with k=3") || !strings.Contains(err.Error(), "would suppress 5 of 5 rows") {
		t.Fatalf("want a k-anonymity failure, got %v", err)
	}
}

func TestFailureKeepsPublishedFiles(t *testing.T) {
	dir, _ := makeCatalog(t)
	out := t.TempDir()
	runPeople(t, dir, out)
	pq := filepath.Join(out, "data", "patients", "1.0.0", "patients.parquet")
	before, _ := os.ReadFile(pq)
	os.WriteFile(filepath.Join(dir, "sources", "patients.csv"), []byte("身份证号\r\n"), 0o644) // header lacks columns
	_, err := Run(context.Background(), loadCat(t, dir), Options{OutDir: out, Getenv: env(map[string]string{"SHUYUAN_KEY_TEST": testKey})})
	if err == nil || !strings.Contains(err.Error(), "has no column") {
		t.Fatalf("want a source error, got %v", err)
	}
	after, _ := os.ReadFile(pq)
	if !bytes.Equal(before, after) {
		t.Errorf("the published file changed after a failed run")
	}
	entries, _ := os.ReadDir(filepath.Join(out, "data"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary %s left behind", e.Name())
		}
	}
}

func TestParts(t *testing.T) {
	dir, _ := makeCatalog(t)
	p := filepath.Join(dir, "datasets", "sh-health", "patients.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("privacy: {subject: patient_id, k: 2, max_suppression: 0.5}"), nil, 1), 0o644)
	out := t.TempDir()
	r := runPeopleParts(t, dir, out, 3)
	if r.RowsWritten != 5 || len(r.Files) != 6 || !strings.HasSuffix(r.Files[0].Path, "/patients-00000.parquet") || !strings.HasSuffix(r.Files[1].Path, "/patients-00001.parquet") ||
		!strings.HasSuffix(r.Files[2].Path, "/patients-00000.csv") || !strings.HasSuffix(r.Files[3].Path, "/patients-00001.csv") {
		t.Fatalf("files %+v, written %d", r.Files, r.RowsWritten)
	}
	// every file's size and SHA-256 are those of the bytes on disk (the CSV parts
	// are hashed as they are written, the Parquet parts after their footers are patched)
	for _, f := range r.Files {
		sum, size, err := sign.HashFile(filepath.Join(out, filepath.FromSlash(f.Path)))
		if err != nil || sum != f.SHA256 || size != f.Size {
			t.Errorf("%s: listed as %d bytes, SHA-256 %s; on disk %d bytes, %s (%v)", f.Path, f.Size, f.SHA256, size, sum, err)
		}
	}
	var total int
	for i, f := range r.Files[:2] {
		_, rows, err := Preview(filepath.Join(out, filepath.FromSlash(f.Path)), 10)
		if err != nil {
			t.Fatal(err)
		}
		total += len(rows)
		rdr, err := file.OpenParquetFile(filepath.Join(out, filepath.FromSlash(f.Path)), false)
		if err != nil {
			t.Fatal(err)
		}
		kv := rdr.MetaData().KeyValueMetadata()
		if v := kv.FindValue("shuyuan.part"); v == nil || *v != fmt.Sprintf("%d/2", i+1) {
			t.Errorf("part %d: shuyuan.part %v", i, deref(v))
		}
		if v := kv.FindValue("shuyuan.rows_written"); v == nil || *v != "5" {
			t.Errorf("part %d: rows_written %v", i, deref(v))
		}
		rdr.Close()
	}
	if total != 5 {
		t.Errorf("parts hold %d rows", total)
	}
}

func TestSpillRoundTrip(t *testing.T) {
	row := []deid.Value{deid.StringValue("甲"), deid.IntValue(-5), deid.FloatValue(2.5), deid.BoolValue(true), deid.DateValue(-3), deid.TimeValue(1e12), {}}
	h := newClassHasher([]int{0, 1})
	k, _ := h.key(row, nil)
	full := spillHeader{class: k, line: 12345, subj: 7, lval: lTag | 9}
	for _, lay := range []spillLayout{{}, {priv: true}, {priv: true, l: true}} {
		// a record holds the header fields of its layout, the others read back as 0
		hd := spillHeader{line: full.line}
		if lay.priv {
			hd.class, hd.subj = full.class, full.subj
		}
		if lay.l {
			hd.lval = full.lval
		}
		b := appendSpill(nil, lay, full, row)
		b = appendSpill(b, lay, full, row)
		// a record larger than the reader's buffer is read into a buffer of its own
		big := append([]deid.Value{deid.StringValue(strings.Repeat("长", 40))}, row...)
		b = appendSpill(b, lay, full, big)
		sr := &spillReader{r: bufio.NewReaderSize(bytes.NewReader(b), 128), lay: lay}
		for i, want := range [][]deid.Value{row, row, big} {
			got := make([]deid.Value, len(want))
			k2, err := sr.next(got)
			if err != nil || k2 != hd || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%+v: round trip %d: %v %v %v", lay, i, got, k2, err)
			}
		}
		if _, err := sr.next(make([]deid.Value, len(row))); err != io.EOF {
			t.Errorf("%+v: want EOF, got %v", lay, err)
		}
		// a truncated spill is an error, never a panic
		for _, cut := range []int{3, 30} {
			sr = &spillReader{r: bufio.NewReader(bytes.NewReader(b[:len(b)-cut])), lay: lay}
			sr.next(make([]deid.Value, len(row)))
			sr.next(make([]deid.Value, len(row)))
			if _, err := sr.next(make([]deid.Value, len(big))); err == nil || err == io.EOF {
				t.Errorf("%+v: spill cut by %d bytes: %v", lay, cut, err)
			}
		}
	}
}

func TestEmptySource(t *testing.T) {
	dir, _ := makeCatalog(t)
	os.WriteFile(filepath.Join(dir, "sources", "patients.csv"), mustGBK("身份证号,姓名,手机,就诊日期,挂号时间,费用,医保,住址,医生\r\n"), 0o644)
	out := t.TempDir()
	r := runPeople(t, dir, out)
	if r.RowsIn != 0 || r.RowsWritten != 0 || len(r.Files) != 4 {
		t.Fatalf("%+v", r)
	}
	header, rows, err := Preview(filepath.Join(out, filepath.FromSlash(r.Files[0].Path)), 5)
	if err != nil || len(header) != 13 || len(rows) != 0 {
		t.Errorf("preview of an empty extract: %v %v %v", header, rows, err)
	}
}

func mustGBK(s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return []byte(b)
}

func TestCreatedByFormat(t *testing.T) {
	// parquet-mr's form, which readers parse: "<app> version <semver> (build <rev>)"
	if got := (version.Info{Number: Version, Revision: "0123456789ab"}).CreatedBy(); got != "shuyuan version "+Version+" (build 0123456789ab)" {
		t.Errorf("created_by %q", got)
	}
}
