package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// pg is the PostgreSQL cluster shared by this package's tests.
var pg pgtest.Shared

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &pg)) }

// pgDataset writes a dataset file with a postgres source and the given columns (YAML list
// items, indented by two spaces) and loads it.
func pgDataset(t testing.TB, query string, columns string) (*load.Catalog, *load.Doc[model.Dataset]) {
	t.Helper()
	return pgDatasetSource(t, query, "", columns)
}

// pgDatasetSource is pgDataset with more lines of the source block (indented by two
// spaces, e.g. "  key: id\n").
func pgDatasetSource(t testing.TB, query, source, columns string) (*load.Catalog, *load.Doc[model.Dataset]) {
	t.Helper()
	dir := t.TempDir()
	yaml := fmt.Sprintf(`kind: Dataset
id: pg-people
version: 1.0.0
status: active
title: {zh: 测试人员, en: Test people}
description:
  zh: 用于测试 PostgreSQL 数据源的合成人员数据，全部为虚构，不对应任何真实的人，仅供自动化测试使用。
department: sh-data
themes: [society]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 2
update: {frequency: monthly, last_modified: 2026-10-15}
source:
  format: postgres
  dsn_env: SHUYUAN_PG_TEST
  query: %q
%scolumns:
%s
changelog:
  - {version: 1.0.0, date: 2026-10-15, summary: {zh: 首次发布}}
`, query, source, columns)
	p := filepath.Join(dir, "datasets", "sh-data", "pg-people.yaml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cat.Findings {
		t.Fatalf("fixture: %s", f)
	}
	ds := cat.Dataset("pg-people")
	if ds == nil {
		t.Fatal("fixture dataset not loaded")
	}
	return cat, ds
}

// col is one column item of a fixture dataset.
func col(name, typ string) string {
	return fmt.Sprintf("  - {name: %s, type: %s, level: 1, personal_info: none, role: insensitive}\n", name, typ)
}

func envCtx(dsn string) context.Context {
	return WithGetenv(context.Background(), func(k string) string {
		if k == "SHUYUAN_PG_TEST" {
			return dsn
		}
		return ""
	})
}

func readAll(t *testing.T, r Reader) ([]Record, error) {
	t.Helper()
	var out []Record
	for {
		var rec Record
		err := r.Next(&rec)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, rec)
	}
}

const typedTable = `
drop table if exists typed;
create table typed (
	t text, v varchar(10), c char(6), i2 smallint, i4 integer, i8 bigint,
	n numeric(12,2), n0 numeric(10,0), f8 double precision, b boolean, d date,
	ts timestamp, tz timestamptz, u uuid);
insert into typed values
	('文本', 'vc', 'ab', -2, 40000, 9000000000, 1234.50, 42, 0.25, true, '2024-02-29',
	 '2024-03-01 12:34:56.789012', '2024-03-01 12:00:00+08', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
	(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
`

func TestPostgresTypedValues(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	if err := c.Exec(ctx, "", typedTable); err != nil {
		t.Fatal(err)
	}
	cols := col("t", "string") + col("v", "string") + col("c", "string") + col("i2", "integer") +
		col("i4", "integer") + col("i8", "integer") + col("n", "number") + col("n0", "integer") +
		col("f8", "number") + col("b", "boolean") + col("d", "date") + col("ts", "datetime") +
		col("tz", "datetime") + col("u", "string") + col("i8n", "number") + col("ns", "string")
	cat, ds := pgDataset(t, "select *, i8 as i8n, n::text as ns from typed order by t nulls last;", cols)
	r, err := Open(envCtx(c.DSN("")), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	recs, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("got %d records, want 2", len(recs))
	}
	want := []any{"文本", "vc", "ab", int64(-2), int64(40000), int64(9000000000), 1234.5, int64(42),
		0.25, true, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 3, 1, 12, 34, 56, 789012000, time.UTC), time.Date(2024, 3, 1, 4, 0, 0, 0, time.UTC),
		"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", float64(9000000000), "1234.50"}
	for i, w := range want {
		got := recs[0].Values[i]
		if got.Null || got.Typed != w {
			t.Errorf("%s: got %#v, want %#v", Names(ds.V)[i], got, w)
		}
		if tm, ok := got.Typed.(time.Time); ok && tm.Location() != time.UTC {
			t.Errorf("%s: time not in UTC: %v", Names(ds.V)[i], tm)
		}
	}
	for i, v := range recs[1].Values {
		if !v.Null || v.Typed != nil {
			t.Errorf("%s: got %#v for NULL", Names(ds.V)[i], v)
		}
	}
	if recs[0].Line != 1 || recs[1].Line != 2 {
		t.Errorf("lines %d, %d; want row numbers 1, 2", recs[0].Line, recs[1].Line)
	}
	if done, total := r.Progress(); done != 2 || total != -1 {
		t.Errorf("Progress() = %d, %d; want 2, -1", done, total)
	}
}

func TestPostgresRejectsBadValuesAndGoesOn(t *testing.T) {
	c := pg.Require(t)
	cat, ds := pgDataset(t, "select x::numeric as n, y::float8 as f from (values ('1.5', '1'), ('7', 'NaN'), ('8.000', '2')) v(x, y)",
		col("n", "integer")+col("f", "number"))
	r, err := Open(envCtx(c.DSN("")), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var rec Record
	var got []string
	for {
		err := r.Next(&rec)
		if err == io.EOF {
			break
		}
		var re *RecordError
		if errors.As(err, &re) {
			got = append(got, re.Error())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("ok %d %v %v", rec.Line, rec.Values[0].Typed, rec.Values[1].Typed))
	}
	want := []string{`line 1: query column "n": not a whole number`, `line 2: query column "f": not a finite number`, "ok 3 8 2"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// wantAt checks that err starts with the position of path in the dataset file.
func wantAt(t *testing.T, ds *load.Doc[model.Dataset], err error, path []any, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	p := ds.Pos(path...)
	prefix := fmt.Sprintf("%s:%d:%d: ", ds.Path, p.Line, p.Col)
	if p.Line == 0 || !strings.HasPrefix(err.Error(), prefix) {
		t.Errorf("error %q\ndoes not start with %q", err, prefix)
	}
	for _, s := range contains {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q\ndoes not contain %q", err, s)
		}
	}
}

// wantIn checks that err carries every text.
func wantIn(t *testing.T, err error, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	for _, s := range contains {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q\ndoes not contain %q", err, s)
		}
	}
}

func TestPostgresDeclaredTypeMismatch(t *testing.T) {
	c := pg.Require(t)
	ctx := envCtx(c.DSN(""))
	for _, tc := range []struct {
		name, query, cols string
		at                []any
		contains          []string
	}{
		{"text as integer", "select 'a'::text as a, 1 as b", col("b", "integer") + col("a", "integer"),
			[]any{"columns", 1, "type"}, []string{`column "a" is declared integer but the query returns "a" as text`, "a::bigint AS a"}},
		{"numeric with scale as integer", "select 1.5::numeric(4,1) as n", col("n", "integer"),
			[]any{"columns", 0, "type"}, []string{"numeric(4,1)", "declared type to number"}},
		{"timestamp as date", "select now() as d", col("d", "date"),
			[]any{"columns", 0, "type"}, []string{"timestamp with time zone"}},
		{"json as string", `select '{}'::jsonb as j`, col("j", "string"),
			[]any{"columns", 0, "type"}, []string{`returns "j" as jsonb; cast in the query (j::text AS j)`}},
		{"boolean as string", `select true as b`, col("b", "string"),
			[]any{"columns", 0, "type"}, []string{"as boolean; change the declared type to boolean, or cast"}},
		{"derive from a date", `select current_date as id`, "  - {name: by, header: id, type: integer, level: 1, personal_info: none, role: insensitive, deid: {op: derive, from: cn-resident-id, field: birth-year}}\n",
			[]any{"columns", 0, "deid", "op"}, []string{`column "by" derives from "id", which must be text but the query returns "id" as date; cast in the query (id::text AS id)`}},
		{"missing column", "select 1 as a", col("a", "integer") + col("b", "integer"),
			[]any{"columns", 1, "name"}, []string{`no column "b"`, `"a"`}},
		{"case folded", `select 1 as Station`, col("Station", "integer"),
			[]any{"columns", 0, "name"}, []string{"folds unquoted names to lower case"}},
		{"duplicate column", "select 1 as a, 2 as a", col("a", "integer"),
			[]any{"columns", 0, "name"}, []string{"more than one column"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat, ds := pgDataset(t, tc.query, tc.cols)
			r, err := Open(ctx, cat, ds)
			if err == nil {
				r.Close()
			}
			wantAt(t, ds, err, tc.at, tc.contains...)
		})
	}
}

func TestPostgresWrongQuery(t *testing.T) {
	c := pg.Require(t)
	ctx := envCtx(c.DSN(""))
	if err := c.Exec(context.Background(), "", "drop table if exists keepme; create table keepme (a int); insert into keepme values (1); drop sequence if exists keepseq; create sequence keepseq"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, query, contains string }{
		{"missing table", "select a from no_such_table", `relation "no_such_table" does not exist at character 15 of the query (near "no_such_table")`},
		{"syntax", "selec a from keepme", `syntax error at or near "selec"`},
		{"parameters", "select a from keepme where a = $1", "parameters"},
		{"two statements", "select a from keepme; delete from keepme", "multiple commands"},
		{"writes in with", "with d as (delete from keepme returning a) select a from d", "data-modifying"},
		{"writes in a function", "select nextval('keepseq')::int as a", "read-only transaction"},
		{"not a select", "delete from keepme", "returns no columns"},
		{"bad cast of a personal value", "select phone::int as a from (select '13987654321'::text as phone from keepme) p", `"…" is out of range for type integer (SQLSTATE 22003)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat, ds := pgDataset(t, tc.query, col("a", "integer"))
			r, err := Open(ctx, cat, ds)
			if err == nil { // some errors only show when the rows are read
				_, err = readAll(t, r)
				r.Close()
				wantIn(t, err, tc.contains, "PostgreSQL stopped the query (source.query)")
			} else {
				wantAt(t, ds, err, []any{"source", "query"}, tc.contains)
			}
			if strings.Contains(err.Error(), "13987654321") {
				t.Errorf("error leaks a data value: %v", err)
			}
		})
	}
	conn, err := c.Connect(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "select count(*) from keepme").Scan(&n); err != nil || n != 1 {
		t.Fatalf("keepme has %d rows (err %v); a query changed data", n, err)
	}
	if err := conn.QueryRow(context.Background(), "select nextval('keepseq')").Scan(&n); err != nil || n != 1 {
		t.Fatalf("keepseq moved to %d (err %v); a query changed data", n, err)
	}
}

func TestPostgresConnectionErrorsHideTheDSN(t *testing.T) {
	c := pg.Require(t)
	const wrong = "Wr0ng-S3cret-Passw0rd"
	closedPort := func() int { // a port nobody listens on
		p, _ := pgtest.FreePort()
		return p
	}()
	for _, tc := range []struct {
		name, dsn string
		secrets   []string
		contains  string
	}{
		{"wrong password url", c.DSNFor(pgtest.SuperUser, wrong, ""), []string{wrong}, "password authentication failed"},
		{"wrong password keywords", fmt.Sprintf("host=127.0.0.1 port=%d user=%s password='%s' dbname=postgres sslmode=disable", c.Port, pgtest.SuperUser, wrong), []string{wrong}, "password authentication failed"},
		{"unknown database", c.DSN("no_such_db"), []string{c.Password}, `database "no_such_db" does not exist`},
		{"nobody listening", fmt.Sprintf("postgres://u:%s@127.0.0.1:%d/db?sslmode=disable&connect_timeout=5", wrong, closedPort), []string{wrong}, "cannot connect"},
		{"unparsable", "postgres://u:" + wrong + "@127.0.0.1:notaport/db", []string{wrong}, "not hold a valid PostgreSQL connection string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat, ds := pgDataset(t, "select 1 as a", col("a", "integer"))
			r, err := Open(envCtx(tc.dsn), cat, ds)
			if err == nil {
				r.Close()
			}
			wantAt(t, ds, err, []any{"source", "dsn_env"}, tc.contains, "SHUYUAN_PG_TEST")
			for _, s := range append(tc.secrets, tc.dsn) {
				if strings.Contains(err.Error(), s) {
					t.Errorf("error leaks a secret %q: %s", s, err)
				}
			}
		})
	}
	t.Run("unset", func(t *testing.T) {
		cat, ds := pgDataset(t, "select 1 as a", col("a", "integer"))
		_, err := Open(envCtx(""), cat, ds)
		wantAt(t, ds, err, []any{"source", "dsn_env"}, "environment variable SHUYUAN_PG_TEST is not set")
	})
}

func TestMaskDSN(t *testing.T) {
	for _, dsn := range []string{
		"postgres://alice:s3cr%40t@db.example:5432/x",
		"postgresql://alice:s3cr@t@db.example/x",
		"host=db user=alice password=s3cr@t dbname=x",
		"host=db user=alice password = 's3cr@t' dbname=x",
	} {
		mask := maskDSN(dsn, nil)
		msg := mask("failed: " + dsn + " and again s3cr@t, s3cr%40t, password=s3cr@t postgres://bob:other@h/x")
		for _, leak := range []string{"s3cr@t", "s3cr%40t", "other", dsn} {
			if strings.Contains(msg, leak) {
				t.Errorf("%s: masked message %q still contains %q", dsn, msg, leak)
			}
		}
		if !strings.Contains(msg, "failed: (connection string)") {
			t.Errorf("%s: the connection string was not replaced: %q", dsn, msg)
		}
	}
}

func TestPostgresStreamsInBatches(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	n := 3*pgBatch + 17
	if _, err := pgtest.LoadPeople(ctx, conn, "people_batches", n, 3); err != nil {
		t.Fatal(err)
	}
	cat, ds := pgDataset(t, "select id, resident_id, birth_date from people_batches order by id",
		col("id", "integer")+col("resident_id", "string")+col("birth_date", "date"))
	r, err := Open(envCtx(c.DSN("")), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var rec Record
	for i := 1; ; i++ {
		err := r.Next(&rec)
		if err == io.EOF {
			if i-1 != n {
				t.Fatalf("read %d rows, want %d", i-1, n)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p := pgtest.MakePerson(int64(i), 3)
		if rec.Line != int64(i) || rec.Values[0].Typed != int64(i) || rec.Values[1].Typed != p.ResidentID || rec.Values[2].Typed != p.BirthDate {
			t.Fatalf("row %d: got %+v, want %d %s %s", i, rec, i, p.ResidentID, p.BirthDate)
		}
	}
	if err := r.Next(&rec); err != io.EOF {
		t.Fatalf("Next after the end: %v, want io.EOF", err)
	}
}

func TestPostgresDroppedConnection(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `drop table if exists big; create table big as select g as id, md5(g::text) as v from generate_series(1, 200000) g`); err != nil {
		t.Fatal(err)
	}
	cat, ds := pgDataset(t, "select id, v from big", col("id", "integer")+col("v", "string"))
	r, err := Open(envCtx(c.DSN("")), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var rec Record
	for i := 0; i < 1000; i++ {
		if err := r.Next(&rec); err != nil {
			t.Fatal(err)
		}
	}
	var killed int
	if err := conn.QueryRow(ctx, `select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = 'shuyuan extract'`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d backends (err %v), want 1", killed, err)
	}
	var n int
	for {
		err = r.Next(&rec)
		if err != nil {
			break
		}
		n++
	}
	if err == io.EOF {
		t.Fatalf("the stream ended cleanly after %d more rows; a dropped connection must be an error", n)
	}
	wantIn(t, err, "connection was lost", "nothing was published")
	if strings.Contains(err.Error(), c.Password) {
		t.Errorf("error leaks the password: %s", err)
	}
}

func TestPostgresMemoryStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 300,000 rows")
	}
	c := pg.Require(t)
	ctx := context.Background()
	if err := c.Exec(ctx, "", `drop table if exists wide; create table wide as
		select g as id, md5(g::text) || md5((g+1)::text) as a, repeat('x', 100) as b, g * 0.5 as n
		from generate_series(1, 300000) g`); err != nil {
		t.Fatal(err)
	}
	cat, ds := pgDataset(t, "select id, a, b, n from wide", col("id", "integer")+col("a", "string")+col("b", "string")+col("n", "number"))
	r, err := Open(envCtx(c.DSN("")), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse
	}
	var rec Record
	var first, peak uint64
	for i := 1; ; i++ {
		err := r.Next(&rec)
		if err == io.EOF {
			if i-1 != 300000 {
				t.Fatalf("read %d rows", i-1)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i%50000 == 0 {
			h := heap()
			if first == 0 {
				first = h
			}
			peak = max(peak, h)
		}
	}
	// 300,000 rows of about 180 bytes are 54 MB; a streaming reader holds one batch.
	if peak > first+16<<20 {
		t.Fatalf("heap grew from %d to %d bytes while streaming; rows are being kept", first, peak)
	}
}

// BenchmarkPostgresRead measures the reader alone over the people table (200,000 rows
// per iteration): go test ./generator/source -run '^$' -bench PostgresRead.
func BenchmarkPostgresRead(b *testing.B) {
	c := pg.Require(b)
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	const n = 200_000
	if _, err := pgtest.LoadPeople(ctx, conn, "people_bench", n, 5); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "vacuum analyze people_bench"); err != nil {
		b.Fatal(err)
	}
	conn.Close(ctx)
	cat, ds := pgDataset(b, "select id, name, resident_id, phone, birth_date, district, income, verified, registered from people_bench",
		col("id", "integer")+col("name", "string")+col("resident_id", "string")+col("phone", "string")+col("birth_date", "date")+
			col("district", "string")+col("income", "number")+col("verified", "boolean")+col("registered", "datetime"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Open(envCtx(c.DSN("")), cat, ds)
		if err != nil {
			b.Fatal(err)
		}
		var rec Record
		rows := 0
		for {
			if err := r.Next(&rec); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		r.Close()
		if rows != n {
			b.Fatalf("read %d rows", rows)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}
