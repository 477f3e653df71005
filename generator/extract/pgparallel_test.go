package extract_test

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
)

// TestPostgresParallelExtract extracts a keyed table over one and over four connections
// (--db-parallel): the published files must be the same bytes, also while a writer
// commits during the extract, and a connection killed mid-extract must leave the
// published files as they were.
func TestPostgresParallelExtract(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	const n = 120_000
	if _, err := pgtest.LoadPeople(ctx, conn, "people_par", n, 21, canary); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "analyze people_par"); err != nil {
		t.Fatal(err)
	}
	e := newPGEnvSource(t, c, strings.Replace(pgQuery, "from people", "from people_par", 1), "  key: id\n")
	runN := func(out string, parallel int) ([]extract.Result, error) {
		return extract.Run(ctx, e.cat, extract.Options{OutDir: out, Datasets: []string{e.dataset}, Getenv: e.getenv, Workers: 2, DBParallel: parallel})
	}
	one := t.TempDir()
	res, err := runN(one, 1)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].RowsWritten != n+1 {
		t.Fatalf("wrote %d rows, want %d", res[0].RowsWritten, n+1)
	}
	published := snapshot(t, one)
	if !hasSuffix(published, ".parquet") || published["data/SHA256SUMS"] == "" {
		t.Fatalf("no Parquet file or SHA256SUMS among %v", published)
	}

	t.Run("four connections publish the same bytes", func(t *testing.T) {
		four := t.TempDir()
		if _, err := runN(four, 4); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(t, four); !maps.Equal(got, published) {
			sameSnapshot(t, "--db-parallel 4 against 1", published, got)
		}
	})

	t.Run("a writer committing during the extract changes nothing", func(t *testing.T) {
		out := t.TempDir()
		done := make(chan error, 1)
		go func() { _, err := runN(out, 4); done <- err }()
		waitBackends(t, c, done, 4, "true")
		if _, err := conn.Exec(ctx, `update people_par set phone = '13800000000', income = 1 where id % 2 = 0;
			delete from people_par where id % 5 = 0;
			insert into people_par select id + 500000, name, resident_id, phone, birth_date, district, income, verified, registered, uid from people_par where id < 1000`); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			t.Fatalf("the extract ended (%v) before the writer committed; the test proves nothing", err)
		default:
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		sameSnapshot(t, "writer during the extract", published, snapshot(t, out))
		// the same extract after the commit does see the writes
		after := t.TempDir()
		if _, err := runN(after, 4); err != nil {
			t.Fatal(err)
		}
		if maps.Equal(snapshot(t, after), published) {
			t.Fatal("an extract after the commit publishes the same bytes; the writes were not seen")
		}
	})

	t.Run("a killed connection keeps the published extract", func(t *testing.T) {
		out := t.TempDir()
		if err := os.CopyFS(out, os.DirFS(one)); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, out)
		ds := e.cat.Dataset(e.dataset)
		old := ds.V.Source.Query
		// slow enough (about 0.5 s of sleeps on each connection) to be killed while streaming
		ds.V.Source.Query = strings.Replace(pgQuery, "from people", "from people_par where case when id % 250 = 0 then pg_sleep(0.005) is not null else true end", 1)
		defer func() { ds.V.Source.Query = old }()
		done := make(chan error, 1)
		go func() { _, err := runN(out, 4); done <- err }()
		// streaming: a connection killed while it still imports the snapshot fails the
		// extract with that message instead, which happened under load
		waitBackends(t, c, done, 4, "query like 'FETCH%'")
		var killed int
		if err := conn.QueryRow(ctx, `select count(pg_terminate_backend(pid)) from (select pid from pg_stat_activity
			where application_name = 'shuyuan extract' order by backend_start desc limit 1) p`).Scan(&killed); err != nil || killed != 1 {
			t.Fatalf("terminated %d backends (err %v)", killed, err)
		}
		err := <-done
		checkFailure(t, err, c, "connection was lost", "nothing was published")
		sameSnapshot(t, "killed connection", before, snapshot(t, out))
		if err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), ".tmp-") {
				t.Errorf("temporary %s left behind", p)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	})
}

func hasSuffix(files map[string]string, suffix string) bool {
	for p := range files {
		if strings.HasSuffix(p, suffix) {
			return true
		}
	}
	return false
}

// waitBackends waits until the extract has want connections open whose pg_stat_activity
// row meets the condition cond.
func waitBackends(t *testing.T, c *pgtest.Cluster, done chan error, want int, cond string) {
	t.Helper()
	ctx := context.Background()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("the extract ended (%v) before %d connections were seen (%s)", err, want, cond)
		default:
		}
		var n int
		if err := conn.QueryRow(ctx, `select count(*) from pg_stat_activity where application_name = 'shuyuan extract' and `+cond).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= want {
			return
		}
	}
	t.Fatalf("never saw %d connections of the extract (%s)", want, cond)
}
