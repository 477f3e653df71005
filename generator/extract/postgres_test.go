package extract_test

// End-to-end tests of PostgreSQL sources: a real server (pgtest), extract.Run into a
// site directory, then the Parquet output is decoded and searched for canaries, and
// failures (bad credentials, a bad query, a connection dropped mid-stream) must leave the
// previously published files as they were.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// pgPeopleYAML is a dataset over the pgtest people table; %q is the query, %s the columns.
const pgPeopleYAML = `kind: Dataset
id: pg-people
version: 1.0.0
status: active
title: {zh: 合成人员登记, en: Synthetic residents}
description:
  zh: 用于端到端测试 PostgreSQL 数据源的合成人员登记数据，全部为程序生成的虚构人员，不对应任何真实的人。
department: sh-data
themes: [society]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 3
update: {frequency: monthly, last_modified: 2026-10-15}
source:
  format: postgres
  dsn_env: SHUYUAN_PG_PGTEST
  query: %q
%schangelog:
  - {version: 1.0.0, date: 2026-10-15, summary: {zh: 首次发布}}
`

const pgQuery = "select " + pgtest.PeopleSelect + " from people"

// canary is a synthetic person whose personal values must never reach an output byte.
var canary = pgtest.Person{
	ID:         1_000_001,
	Name:       "金丝雀测试员",
	ResidentID: pgtest.ResidentID("310104", time.Date(1987, 6, 5, 0, 0, 0, 0, time.UTC), 123),
	Phone:      "13987654321",
	BirthDate:  time.Date(1987, 6, 5, 0, 0, 0, 0, time.UTC),
	District:   "310104",
	Income:     123456.78,
	Verified:   true,
	Registered: time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC),
}

// canaryStrings are the canary's personal values as text, in the forms they could leak.
func canaryStrings() []string {
	return []string{canary.Name, canary.ResidentID, canary.ResidentID[:17], canary.Phone,
		"1987-06-05", "19870605", "123456.78", "2021-03-04T05:06:07", "2021-03-04 05:06:07"}
}

type pgEnv struct {
	c       *pgtest.Cluster
	cat     *load.Catalog
	out     string
	env     map[string]string
	getenv  func(string) string
	dataset string
}

func newPGEnv(t *testing.T, c *pgtest.Cluster, query string) *pgEnv {
	t.Helper()
	return newPGEnvSource(t, c, query, "")
}

// newPGEnvSource is newPGEnv with more lines of the source block (indented by two spaces).
func newPGEnvSource(t *testing.T, c *pgtest.Cluster, query, source string) *pgEnv {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "datasets", "sh-data", "pg-people.yaml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(fmt.Sprintf(pgPeopleYAML, query, source+pgtest.PeopleColumnsYAML("SHUYUAN_KEY_PGTEST"))), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range cat.Findings {
		t.Fatalf("fixture: %s", f)
	}
	e := &pgEnv{c: c, cat: cat, out: t.TempDir(), dataset: "pg-people", env: map[string]string{
		"SHUYUAN_PG_PGTEST":     c.DSN(""),
		"SHUYUAN_KEY_PGTEST":    "pgtest-key-0123456789abcdef-not-a-real-secret",
		"SHUYUAN_SIGNING_KEY":   "",
		"SHUYUAN_PG_UNUSED_XYZ": "",
	}}
	e.getenv = func(k string) string { return e.env[k] }
	return e
}

func (e *pgEnv) run(ctx context.Context) ([]extract.Result, error) {
	// The DSN is read through Options.Getenv, like the keys: nothing comes from the
	// process environment.
	return extract.Run(ctx, e.cat, extract.Options{OutDir: e.out, Datasets: []string{e.dataset}, Getenv: e.getenv, Workers: 2})
}

// snapshot hashes every file under the site directory.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for p, h := range before {
		if after[p] != h {
			t.Errorf("%s: published file %s changed or vanished", what, p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: new file %s left behind", what, p)
		}
	}
}

func TestPostgresExtract(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const n = 3000
	if _, err := pgtest.LoadPeople(ctx, conn, "people", n, 11, canary); err != nil {
		t.Fatal(err)
	}

	e := newPGEnv(t, c, pgQuery)
	res, err := e.run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].RowsIn != n+1 || res[0].RowsWritten != n+1 || res[0].RowsRejected != 0 {
		t.Fatalf("results %+v; want %d rows read and written", res, n+1)
	}
	published := snapshot(t, e.out)

	t.Run("no canary in any output byte", func(t *testing.T) {
		for rel := range published {
			b, err := os.ReadFile(filepath.Join(e.out, rel))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range append(canaryStrings(), c.Password) {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("%s contains canary %q", rel, s)
				}
			}
		}
	})

	t.Run("no canary in any decoded Parquet value", func(t *testing.T) {
		rows, names := 0, map[string]bool{}
		for rel := range published {
			if !strings.HasSuffix(rel, ".parquet") {
				continue
			}
			rows += scanParquet(t, filepath.Join(e.out, rel), names)
		}
		if rows != n+1 {
			t.Fatalf("decoded %d rows, want %d", rows, n+1)
		}
		for _, dropped := range []string{"name"} {
			if names[dropped] {
				t.Errorf("dropped column %q is in the Parquet file", dropped)
			}
		}
		for _, kept := range []string{"id", "resident_id", "birth_year", "phone", "birth_date", "district", "income", "verified", "registered"} {
			if !names[kept] {
				t.Errorf("column %q missing from the Parquet file (have %v)", kept, names)
			}
		}
	})

	t.Run("a rerun is byte-identical", func(t *testing.T) {
		if _, err := e.run(ctx); err != nil {
			t.Fatal(err)
		}
		sameSnapshot(t, "rerun", published, snapshot(t, e.out))
	})

	failures := []struct {
		name  string
		setup func(t *testing.T) (undo func())
		want  []string
	}{
		{"wrong password", func(t *testing.T) func() {
			e.env["SHUYUAN_PG_PGTEST"] = c.DSNFor(pgtest.SuperUser, "Wr0ng-Pa55-For-Test", "")
			return func() { e.env["SHUYUAN_PG_PGTEST"] = c.DSN("") }
		}, []string{"cannot connect to PostgreSQL", "password authentication failed"}},
		{"server unreachable", func(t *testing.T) func() {
			port, _ := pgtest.FreePort()
			e.env["SHUYUAN_PG_PGTEST"] = fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=5", pgtest.SuperUser, c.Password, port)
			return func() { e.env["SHUYUAN_PG_PGTEST"] = c.DSN("") }
		}, []string{"cannot connect to PostgreSQL"}},
		{"wrong query", func(t *testing.T) func() {
			ds := e.cat.Dataset(e.dataset)
			old := ds.V.Source.Query
			ds.V.Source.Query = "select * from peeple"
			return func() { ds.V.Source.Query = old }
		}, []string{`relation "peeple" does not exist`}},
		{"declared type does not fit", func(t *testing.T) func() {
			ds := e.cat.Dataset(e.dataset)
			old := ds.V.Source.Query
			ds.V.Source.Query = strings.Replace(pgQuery, "verified", "verified::text as verified", 1)
			return func() { ds.V.Source.Query = old }
		}, []string{`column "verified" is declared boolean but the query returns "verified" as text`}},
	}
	for _, f := range failures {
		t.Run(f.name+" keeps the published extract", func(t *testing.T) {
			undo := f.setup(t)
			defer undo()
			_, err := e.run(ctx)
			checkFailure(t, err, c, f.want...)
			sameSnapshot(t, f.name, published, snapshot(t, e.out))
		})
	}

	t.Run("dropped connection keeps the published extract", func(t *testing.T) {
		if _, err := pgtest.LoadPeople(ctx, conn, "people_big", 60_000, 12); err != nil {
			t.Fatal(err)
		}
		ds := e.cat.Dataset(e.dataset)
		old := ds.V.Source.Query
		// Slow enough (about 1.2 s of sleeps) that the backend is still streaming when
		// it is terminated.
		ds.V.Source.Query = strings.Replace(pgQuery, "from people", "from people_big where case when id % 500 = 0 then pg_sleep(0.01) is not null else true end", 1)
		defer func() { ds.V.Source.Query = old }()
		done := make(chan error, 1)
		go func() { _, err := e.run(ctx); done <- err }()
		killed := 0
		for deadline := time.Now().Add(30 * time.Second); killed == 0 && time.Now().Before(deadline); {
			select {
			case err := <-done:
				t.Fatalf("extract finished before the connection could be dropped: %v", err)
			default:
			}
			if err := conn.QueryRow(ctx, `select count(pg_terminate_backend(pid)) from pg_stat_activity
				where application_name = 'shuyuan extract' and query like 'FETCH%'`).Scan(&killed); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if killed == 0 {
			t.Fatal("never saw the extract's backend fetching rows")
		}
		err := <-done
		checkFailure(t, err, c, "connection was lost")
		// One position, the source's, as for the other readers.
		p := e.cat.Dataset(e.dataset).Pos("source")
		at := fmt.Sprintf("%s:%d:%d: ", e.cat.Dataset(e.dataset).Path, p.Line, p.Col)
		if strings.Count(err.Error(), ".yaml:") != 1 || !strings.Contains(err.Error(), at) {
			t.Errorf("error %q should name %q once", err, at)
		}
		sameSnapshot(t, "dropped connection", published, snapshot(t, e.out))
	})
}

// checkFailure checks that err is an *extract.Error carrying the wanted texts and no secret.
func checkFailure(t *testing.T, err error, c *pgtest.Cluster, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("extract succeeded; want an error")
	}
	var xe *extract.Error
	if !errors.As(err, &xe) {
		t.Errorf("error %T is not an *extract.Error: %v", err, err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q\ndoes not contain %q", err, w)
		}
	}
	for _, secret := range []string{c.Password, "Wr0ng-Pa55-For-Test", c.DSN("")} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error leaks a secret: %v", err)
		}
	}
}

// scanParquet decodes every value of a Parquet file, fails on any canary, records the
// column names, and returns the number of rows.
func scanParquet(t *testing.T, path string, names map[string]bool) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	schema := pf.Schema()
	cols := schema.Columns()
	isDate := make([]bool, len(cols))
	for i, p := range cols {
		names[strings.Join(p, ".")] = true
		if leaf, ok := schema.Lookup(p...); ok {
			if lt := leaf.Node.Type().LogicalType(); lt != nil {
				_, isDate[i] = lt.Value.(*format.DateType)
			}
		}
	}
	canaryDays := int32(canary.BirthDate.Unix() / 86400)
	strs := canaryStrings()
	total := 0
	buf := make([]parquet.Row, 256)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				for _, v := range row {
					if v.IsNull() {
						continue
					}
					s := v.String()
					if v.Kind() == parquet.ByteArray {
						s = string(v.ByteArray())
					}
					for _, cs := range strs {
						if strings.Contains(s, cs) {
							t.Errorf("%s: column %s holds canary %q", filepath.Base(path), strings.Join(cols[v.Column()], "."), cs)
						}
					}
					if isDate[v.Column()] && v.Kind() == parquet.Int32 && v.Int32() == canaryDays {
						t.Errorf("%s: date column %s holds the canary birth date", filepath.Base(path), strings.Join(cols[v.Column()], "."))
					}
				}
			}
			total += n
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
	}
	return total
}
