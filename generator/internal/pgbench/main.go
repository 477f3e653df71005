// Command pgbench measures `shuyuan extract` from PostgreSQL against the same rows from a
// CSV file: it starts a throwaway cluster (pgtest), loads N synthetic people, exports the
// same table to CSV, writes a catalog with one dataset per source, then runs the CLI under
// /usr/bin/time -v for each and reports rows/s and peak memory (maximum resident set).
// The PostgreSQL dataset runs as written (no key: one connection, the query's order) and
// with source.key: id over --db-parallel 1, 2 and 4 connections, whose published files
// must be the same bytes.
//
//	go run ./generator/internal/pgbench -rows 1000000 -bin bin/shuyuan
//
// `make bench-pg` runs it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
)

// datasetYAML is the benchmark dataset; %[1]s is its id, %[2]s its source, %[3]s its columns.
const datasetYAML = `kind: Dataset
id: %[1]s
version: 1.0.0
status: active
title: {zh: 合成人员登记（基准测试）, en: Synthetic residents (benchmark)}
description:
  zh: 基准测试用的合成人员登记数据，全部为程序生成的虚构人员，不对应任何真实的人，用于比较数据源的抽取速度和内存。
department: sh-data
themes: [society]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 3
update: {frequency: monthly, last_modified: 2026-10-15}
source: %[2]s
%[3]schangelog:
  - {version: 1.0.0, date: 2026-10-15, summary: {zh: 首次发布}}
`

func main() {
	rows := flag.Int("rows", 1_000_000, "number of synthetic people")
	bin := flag.String("bin", "bin/shuyuan", "the shuyuan binary")
	keep := flag.Bool("keep", false, "keep the work directory (catalog, CSV, extracts)")
	flag.Parse()
	if err := run(*rows, *bin, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "pgbench:", err)
		os.Exit(1)
	}
}

func run(n int, bin string, keep bool) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	if _, err := os.Stat("/usr/bin/time"); err != nil {
		return fmt.Errorf("/usr/bin/time is missing (Debian package time): %v", err)
	}
	ctx := context.Background()
	c, err := pgtest.Start(ctx)
	if err != nil {
		return err
	}
	defer c.Stop()
	work, err := os.MkdirTemp("", "shuyuan-pgbench-*")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("work directory:", work)
	} else {
		defer os.RemoveAll(work)
	}

	conn, err := c.Connect(ctx, "")
	if err != nil {
		return err
	}
	t0 := time.Now()
	if _, err := pgtest.LoadPeople(ctx, conn, "people", n, 2026); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "vacuum analyze people"); err != nil {
		return err
	}
	fmt.Printf("loaded %d synthetic people into PostgreSQL in %s\n", n, time.Since(t0).Round(time.Millisecond))

	cat := filepath.Join(work, "catalog")
	csvPath := filepath.Join(cat, "sources", "people.csv")
	if err := os.MkdirAll(filepath.Dir(csvPath), 0o755); err != nil {
		return err
	}
	f, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	// The same rows; datetimes in Beijing time without an offset, as the CSV reader expects.
	copySQL := `copy (select id, name, resident_id, phone, birth_date, district, income, verified,
		to_char(registered at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') as registered
		from people order by id) to stdout with (format csv, header)`
	if _, err := conn.PgConn().CopyTo(ctx, w, copySQL); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	conn.Close(ctx)
	st, _ := os.Stat(csvPath)

	dsDir := filepath.Join(cat, "datasets", "sh-data")
	if err := os.MkdirAll(dsDir, 0o755); err != nil {
		return err
	}
	sources := map[string]string{
		"people-pg":    fmt.Sprintf("{format: postgres, dsn_env: SHUYUAN_PG_BENCH, query: %q}", "select "+pgtest.PeopleSelect+" from people"),
		"people-csv":   "{format: csv, path: sources/people.csv}",
		"people-pgkey": fmt.Sprintf("{format: postgres, dsn_env: SHUYUAN_PG_BENCH, key: id, query: %q}", "select "+pgtest.PeopleSelect+" from people"),
	}
	for id, src := range sources {
		if err := os.WriteFile(filepath.Join(dsDir, id+".yaml"), []byte(fmt.Sprintf(datasetYAML, id, src, pgtest.PeopleColumnsYAML("SHUYUAN_KEY_BENCH"))), 0o644); err != nil {
			return err
		}
	}

	// The process environment minus shuyuan's and libpq's variables (make exports demo
	// signing keys): the runs sign nothing and connect only through SHUYUAN_PG_BENCH.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SHUYUAN_") && !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	env = append(env, "CI=true", "SHUYUAN_PG_BENCH="+c.DSN(""),
		"SHUYUAN_KEY_BENCH=benchmark-key-not-secret-0123456789")
	fmt.Printf("\n%d rows, de-identified to Parquet (tokenize x2, derive, generalize x3, bucket, drop)\n", n)
	fmt.Printf("%-22s %10s %12s %14s %10s\n", "source", "wall s", "rows/s", "peak RSS MiB", "CPU %")
	runs := []struct{ label, id, parallel string }{
		{"postgres", "people-pg", ""},
		{"postgres key, 1 conn", "people-pgkey", "1"},
		{"postgres key, 2 conns", "people-pgkey", "2"},
		{"postgres key, 4 conns", "people-pgkey", "4"},
		{"csv", "people-csv", ""},
	}
	sums := map[string]string{}
	for i, run := range runs {
		id := run.id
		out := filepath.Join(work, fmt.Sprintf("site-%d", i))
		args := []string{"-v", bin, "extract", "--catalog", cat, "--out", out, id}
		if run.parallel != "" {
			args = append(args, "--db-parallel", run.parallel)
		}
		cmd := exec.Command("/usr/bin/time", args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %v\n%s%s", id, err, stdout.String(), stderr.String())
		}
		want := fmt.Sprintf("rows in %d, written %d, suppressed 0, rejected 0", n, n)
		if !strings.Contains(stdout.String(), want) {
			return fmt.Errorf("%s: expected %q in the output:\n%s", id, want, stdout.String())
		}
		wall := parseElapsed(field(stderr.String(), "Elapsed (wall clock) time (h:mm:ss or m:ss)"))
		rss, _ := strconv.ParseFloat(field(stderr.String(), "Maximum resident set size (kbytes)"), 64)
		cpu := field(stderr.String(), "Percent of CPU this job got")
		fmt.Printf("%-22s %10.2f %12.0f %14.1f %10s\n", run.label, wall, float64(n)/wall, rss/1024, cpu)
		if run.parallel != "" {
			b, err := os.ReadFile(filepath.Join(out, "data", "SHA256SUMS"))
			if err != nil {
				return err
			}
			sums[run.parallel] = string(b)
			if sums[run.parallel] != sums["1"] {
				return fmt.Errorf("--db-parallel %s published other files than --db-parallel 1:\n%s\n%s", run.parallel, sums[run.parallel], sums["1"])
			}
		}
	}
	fmt.Println("(--db-parallel 1, 2 and 4 published the same SHA256SUMS)")
	fmt.Printf("(CSV file: %.1f MiB; PostgreSQL %s server on the same machine; GOMAXPROCS default)\n", float64(st.Size())/(1<<20), serverVersion(c))
	return nil
}

// field returns the value of a "  Name: value" line of /usr/bin/time -v.
func field(out, name string) string {
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// parseElapsed reads h:mm:ss or m:ss.ss as seconds.
func parseElapsed(s string) float64 {
	parts := strings.Split(s, ":")
	total := 0.0
	for _, p := range parts {
		v, _ := strconv.ParseFloat(p, 64)
		total = total*60 + v
	}
	return total
}

func serverVersion(c *pgtest.Cluster) string {
	conn, err := c.Connect(context.Background(), "")
	if err != nil {
		return "?"
	}
	defer conn.Close(context.Background())
	var v string
	if err := conn.QueryRow(context.Background(), "show server_version").Scan(&v); err != nil {
		return "?"
	}
	return regexp.MustCompile(`^\S+`).FindString(v)
}
