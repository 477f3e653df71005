package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// uniqueCol is a column item declared constraints.unique (the default split key).
func uniqueCol(name, typ string) string {
	return fmt.Sprintf("  - {name: %s, type: %s, level: 1, personal_info: none, role: insensitive, constraints: {unique: true}}\n", name, typ)
}

// readWith reads a dataset's rows over n connections (0: the default) and counts the
// extract's backends while the reader is open.
func readWith(t *testing.T, c *pgtest.Cluster, cat *load.Catalog, ds *load.Doc[model.Dataset], n int) ([]Record, int) {
	t.Helper()
	// The backends of readers closed just before may still be ending on the server, and
	// a caller may hold a reader open: count only the backends this reader adds.
	before := backendsGone(t, c)
	r, err := Open(WithDBParallel(envCtx(c.DSN("")), n), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	backends := countBackends(t, c) - before
	recs, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	return recs, backends
}

// countBackends counts the server's connections of `shuyuan extract`.
func countBackends(t *testing.T, c *pgtest.Cluster) int {
	t.Helper()
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `select count(*) from pg_stat_activity where application_name = 'shuyuan extract'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// backendsGone waits up to 5 seconds for the server to end the backends of closed
// connections and returns how many are left.
func backendsGone(t *testing.T, c *pgtest.Cluster) int {
	t.Helper()
	n := 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if n = countBackends(t, c); n == 0 {
			break
		}
	}
	return n
}

func TestPostgresParallelReadsTheRowsOfOneConnection(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const rows = 60_000
	if _, err := pgtest.LoadPeople(ctx, conn, "par_people", rows, 11); err != nil {
		t.Fatal(err)
	}
	// a text key with one NULL (it sorts last) and no index: each range scans the table
	if _, err := conn.Exec(ctx, `drop table if exists par_text;
		create table par_text as select md5(id::text) as k, name, birth_date from par_people;
		update par_text set k = null where k = (select min(k) from par_text);
		analyze par_people; analyze par_text`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query, source, cols string
		keyType                   string
	}{
		// the primary key, declared unique: many small ranges read through its index
		{"bigint primary key", "select id, name, birth_date, income from par_people", "",
			uniqueCol("id", "integer") + col("name", "string") + col("birth_date", "date") + col("income", "number"), "integer"},
		// source.key names a column that is not published as unique; the query orders
		// otherwise, which the key's order replaces
		{"uuid source.key", "select uid::text as uid, name, registered from par_people order by name", "  key: uid\n",
			col("uid", "string") + col("name", "string") + col("registered", "datetime"), "string"},
		{"text key with a null", "select k, name, birth_date from par_text", "",
			uniqueCol("k", "string") + col("name", "string") + col("birth_date", "date"), "string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cat, ds := pgDatasetSource(t, tc.query, tc.source, tc.cols)
			one, b1 := readWith(t, c, cat, ds, 1)
			four, b4 := readWith(t, c, cat, ds, 4)
			if len(one) != rows {
				t.Fatalf("one connection read %d rows, want %d", len(one), rows)
			}
			if b1 != 1 || b4 != 4 {
				t.Errorf("backends while reading: %d with --db-parallel 1, %d with 4; want 1 and 4", b1, b4)
			}
			if !reflect.DeepEqual(one, four) {
				for i := range min(len(one), len(four)) {
					if !reflect.DeepEqual(one[i], four[i]) {
						t.Fatalf("row %d differs: one connection %+v, four %+v", i+1, one[i], four[i])
					}
				}
				t.Fatalf("one connection read %d rows, four read %d", len(one), len(four))
			}
			// key order, NULL last
			for i := 1; i < len(one); i++ {
				a, b := one[i-1].Values[0], one[i].Values[0]
				if a.Null || (!b.Null && keyLess(b.Typed, a.Typed)) {
					t.Fatalf("rows %d and %d are not in key order: %v, %v", i, i+1, a, b)
				}
			}
			if got := backendsGone(t, c); got != 0 {
				t.Errorf("%d backends left after Close", got)
			}
		})
	}
}

func keyLess(a, b any) bool {
	switch a := a.(type) {
	case int64:
		return a < b.(int64)
	case string:
		return a < b.(string)
	}
	panic(fmt.Sprintf("key of type %T", a))
}

func TestPostgresParallelRangesAreBalanced(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	// a skewed key without an index: squares, so equal-width ranges of the values would
	// put most rows in the first range
	if err := c.Exec(ctx, "", `drop table if exists skewed; create table skewed as select (g::bigint * g) as k from generate_series(1, 80000) g; analyze skewed`); err != nil {
		t.Fatal(err)
	}
	cat, ds := pgDatasetSource(t, "select k from skewed", "", uniqueCol("k", "integer"))
	r, err := Open(WithDBParallel(envCtx(c.DSN("")), 4), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p := r.(*pgReader).par
	if p == nil || len(p.ranges) != 4 {
		t.Fatalf("want 4 ranges (one per connection: no index), got %+v", p)
	}
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for i, g := range p.ranges {
		where, params, _ := rangeWhere("k", g, 0)
		args := make([]any, len(params))
		for j, b := range params {
			args[j] = string(b)
		}
		var n int
		sql := strings.NewReplacer("$1", "$1::bigint", "$2", "$2::bigint").Replace("select count(*) from skewed" + where)
		if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		// quantiles of a sample of 10,000: each range within 10% of a quarter
		if n < 18000 || n > 22000 {
			t.Errorf("range %d (%s) holds %d of 80,000 rows; want about 20,000", i+1, where, n)
		}
	}
}

func TestPostgresParallelReadsOneSnapshot(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const rows = 200_000
	if _, err := pgtest.LoadPeople(ctx, conn, "snap_people", rows, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "analyze snap_people"); err != nil {
		t.Fatal(err)
	}
	cat, ds := pgDataset(t, "select id, name, phone from snap_people", uniqueCol("id", "integer")+col("name", "string")+col("phone", "string"))
	before, _ := readWith(t, c, cat, ds, 1)

	// A first writer commits after the first connection took its snapshot and before the
	// second connection starts its transaction.
	hook := func() {
		if _, err := conn.Exec(ctx, `update snap_people set phone = '13800000000' where id % 2 = 1`); err != nil {
			t.Error(err)
		}
	}
	r, err := Open(context.WithValue(WithDBParallel(envCtx(c.DSN("")), 2), snapshotHookKey{}, hook), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if p := r.(*pgReader).par; p == nil || len(p.ranges) < 6 {
		t.Fatalf("want at least 6 ranges read through the index, got %+v", p)
	}
	var got []Record
	for len(got) < 100 {
		var rec Record
		if err := r.Next(&rec); err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	// A second writer commits while the reader is in its first range; the later ranges'
	// cursors are not even declared yet (each connection holds at most pgAhead batches).
	if _, err := conn.Exec(ctx, `update snap_people set name = '改过' where id % 7 = 0;
		delete from snap_people where id > 150000 and id % 3 = 0;
		insert into snap_people (id, name, resident_id, phone) select g, '新来', '110101199001011234', '13900000000' from generate_series(200001, 201000) g`); err != nil {
		t.Fatal(err)
	}
	rest, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, rest...)
	if !reflect.DeepEqual(got, before) {
		t.Fatalf("the rows read over 2 connections while a writer committed differ from the rows before (%d rows, want %d): the connections did not share one snapshot", len(got), len(before))
	}
	after, _ := readWith(t, c, cat, ds, 2)
	if len(after) == len(before) {
		t.Fatal("the writer's changes do not show in a new read; the test proves nothing")
	}
}

// A worker hands its batches to the reader, which puts each back in the pool once read;
// another worker may take it and reset it while the worker that sent it has not looked at
// it again. Under CPU load that happened between a worker's send of the last batch of a
// range and its check whether that batch was the last: it then fetched from the cursor it
// had just closed ("cursor "shuyuan_extract" does not exist", SQLSTATE 34000). The hook
// holds both workers right after a handoff until the reader has released connection 1's
// last batch of its first range, and resets that batch as the pool's next taker does.
func TestPostgresParallelBatchReusedAfterHandoff(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	if err := c.Exec(ctx, "", `drop table if exists par_reuse; create table par_reuse as select g as id, md5(g::text) as v from generate_series(1, 60000) g;
		alter table par_reuse add primary key (id); analyze par_reuse`); err != nil {
		t.Fatal(err)
	}
	cat, ds := pgDataset(t, "select id, v from par_reuse", uniqueCol("id", "integer")+col("v", "string"))
	want, _ := readWith(t, c, cat, ds, 1)

	held := make(chan *pgRows, 1)    // connection 1's last batch of its first range
	parked := make(chan struct{}, 1) // connection 2 sent its first batch
	resume := make(chan struct{})
	var first0, first1 sync.Once
	hook := func(w int, last bool, b *pgRows) {
		hold := false
		switch {
		case w == 0 && last:
			first0.Do(func() { hold = true; held <- b })
		case w == 1:
			first1.Do(func() { hold = true; parked <- struct{}{} })
		}
		if hold {
			<-resume
		}
	}
	r, err := Open(context.WithValue(WithDBParallel(envCtx(c.DSN("")), 2), handoffHookKey{}, hook), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var once sync.Once
	release := func() { once.Do(func() { close(resume) }) }
	defer release() // before Close: a held worker would keep Close waiting
	p := r.(*pgReader).par
	if p == nil || len(p.ranges) < 4 {
		t.Fatalf("want at least 4 ranges read through the index, got %+v", p)
	}
	var got []Record
	for p.cur == 0 { // until the reader returns the first row of the second range
		var rec Record
		if err := r.Next(&rec); err != nil {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	b := <-held
	<-parked
	// The reader has put b back in the pool. If connection 2 took it for its first batch
	// (the reader's current one), it reset b.last itself; else reset b as its next taker
	// will.
	if b != p.b {
		b.buf, b.ends, b.rows, b.last = b.buf[:0], b.ends[:0], 0, false
	}
	release()
	rest, err := readAll(t, r)
	if err != nil {
		t.Fatalf("after %d rows: %v", len(got), err)
	}
	got = append(got, rest...)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read %d rows over 2 connections, want the %d of one connection", len(got), len(want))
	}
}

func TestPostgresParallelKilledBackend(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `drop table if exists par_big; create table par_big as select g as id, md5(g::text) as v from generate_series(1, 300000) g; alter table par_big add primary key (id); analyze par_big`); err != nil {
		t.Fatal(err)
	}
	cat, ds := pgDataset(t, "select id, v from par_big", uniqueCol("id", "integer")+col("v", "string"))
	r, err := Open(WithDBParallel(envCtx(c.DSN("")), 4), cat, ds)
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
	// kill one connection that is not the reader's first
	var killed int
	if err := conn.QueryRow(ctx, `select count(pg_terminate_backend(pid)) from (select pid from pg_stat_activity
		where application_name = 'shuyuan extract' order by backend_start desc limit 1) p`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d backends (err %v), want 1", killed, err)
	}
	n := 0
	start := time.Now()
	for {
		if err = r.Next(&rec); err != nil {
			break
		}
		n++
	}
	if err.Error() == "EOF" {
		t.Fatalf("the read ended cleanly after %d more rows; a killed connection must be an error", n)
	}
	wantIn(t, err, "connection was lost", "nothing was published")
	if strings.Contains(err.Error(), c.Password) {
		t.Errorf("error leaks the password: %s", err)
	}
	if time.Since(start) > 20*time.Second {
		t.Errorf("the error took %s to surface", time.Since(start))
	}
	r.Close()
	if got := backendsGone(t, c); got != 0 {
		t.Errorf("%d backends left after the error and Close; every connection must be closed", got)
	}
}

func TestPostgresParallelKeyErrors(t *testing.T) {
	c := pg.Require(t)
	ctx := WithDBParallel(envCtx(c.DSN("")), 4)
	t.Run("not a result column", func(t *testing.T) {
		cat, ds := pgDatasetSource(t, "select 1 as a", "  key: id\n", col("a", "integer"))
		_, err := Open(ctx, cat, ds)
		wantAt(t, ds, err, []any{"source", "key"}, `source.key "id" is not a column of the query's result; its columns are: "a"`)
	})
	t.Run("no ordering", func(t *testing.T) {
		cat, ds := pgDatasetSource(t, `select '{}'::json as j, g as a from generate_series(1, 10) g`, "  key: j\n", col("a", "integer"))
		_, err := Open(ctx, cat, ds)
		wantAt(t, ds, err, []any{"source", "key"}, `source.key "j" cannot split the rows`, "(json)")
	})
	t.Run("flag range", func(t *testing.T) {
		if CheckDBParallel(0) != nil || CheckDBParallel(64) != nil || CheckDBParallel(65) == nil || CheckDBParallel(-1) == nil {
			t.Fatal("--db-parallel accepts 0..64 only")
		}
	})
}

func TestAutoDBParallel(t *testing.T) {
	for rows, want := range map[float64]int{0: 1, 999_999: 1, 1_000_000: 1, 1_000_001: 2, 3_500_000: 4, 5e9: 4} {
		if got := AutoDBParallel(rows); got != want {
			t.Errorf("AutoDBParallel(%.0f) = %d, want %d", rows, got, want)
		}
	}
}

// BenchmarkPostgresParallelRead measures the reader alone over 1, 2 and 4 connections on a
// keyed people table (PG_PAR_BENCH_ROWS, default 500,000): the columns as stored, and the
// same with two HMACs computed by the database per row, as a pushed-down token does:
//
//	go test ./generator/source -run '^$' -bench PostgresParallelRead -benchtime 1x
func BenchmarkPostgresParallelRead(b *testing.B) {
	c := pg.Require(b)
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	n := 500_000
	if v := os.Getenv("PG_PAR_BENCH_ROWS"); v != "" {
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := pgtest.LoadPeople(ctx, conn, "people_parbench", n, 5); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "vacuum analyze people_parbench"); err != nil {
		b.Fatal(err)
	}
	conn.Close(ctx)
	cols := uniqueCol("id", "integer") + col("name", "string") + col("resident_id", "string") + col("phone", "string") +
		col("birth_date", "date") + col("district", "string") + col("income", "number") + col("verified", "boolean") + col("registered", "datetime")
	for _, q := range []struct{ name, query string }{
		{"stored", "select id, name, resident_id, phone, birth_date, district, income, verified, registered from people_parbench"},
		{"hmac-in-sql", "select id, name, encode(hmac(resident_id, 'bench-key', 'sha256'), 'hex') as resident_id, encode(hmac(phone, 'bench-key', 'sha256'), 'hex') as phone, birth_date, district, income, verified, registered from people_parbench"},
	} {
		cat, ds := pgDataset(b, q.query, cols)
		for _, par := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("%s/conns=%d", q.name, par), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					r, err := Open(WithDBParallel(envCtx(c.DSN("")), par), cat, ds)
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
						b.Fatalf("read %d rows, want %d", rows, n)
					}
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
