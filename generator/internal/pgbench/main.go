// Command pgbench measures `shuyuan extract` from PostgreSQL, with the column policy run
// by the database (--pushdown=require) and from the raw rows (--pushdown=off), side by
// side in one run, and from the same rows in a CSV file: it starts a throwaway cluster
// (pgtest), loads N synthetic people, exports the same table to CSV, writes a catalog with
// one dataset per source, then runs the CLI under /usr/bin/time -v for each and reports
// wall time, rows/s, the bytes the server sent to shuyuan (through a counting proxy),
// peak memory (maximum resident set) and the CPU seconds of shuyuan and of the server.
// The PostgreSQL dataset runs as written (no key: one connection, the query's order) and
// with source.key: id over --db-parallel 1, 4 and (last) 2 connections; every run of one dataset
// must publish the same bytes.
//
//	go run ./generator/internal/pgbench -rows 5000000 -bin bin/shuyuan
//
// `make bench-pg` runs it.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
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
	only := flag.String("runs", "", "run only these runs, by number from 1 (e.g. 1,2,5,6); all when empty")
	flag.Parse()
	if err := run(*rows, *bin, *keep, *only); err != nil {
		fmt.Fprintln(os.Stderr, "pgbench:", err)
		os.Exit(1)
	}
}

func run(n int, bin string, keep bool, only string) error {
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

	// shuyuan connects through a proxy that counts the bytes the server sends: what
	// crosses the connection with and without pushdown.
	proxy, err := newCountingProxy(fmt.Sprintf("127.0.0.1:%d", c.Port))
	if err != nil {
		return err
	}
	defer proxy.Close()
	dsn := strings.Replace(c.DSN(""), fmt.Sprintf("127.0.0.1:%d", c.Port), proxy.Addr(), 1)

	// The process environment minus shuyuan's and libpq's variables (make exports demo
	// signing keys): the runs sign nothing and connect only through SHUYUAN_PG_BENCH.
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SHUYUAN_") && !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	env = append(env, "CI=true", "SHUYUAN_PG_BENCH="+dsn,
		"SHUYUAN_KEY_BENCH=benchmark-key-not-secret-0123456789")
	fmt.Printf("\n%d rows, de-identified to Parquet (tokenize x2, derive, generalize x3, bucket, drop)\n", n)
	fmt.Printf("%-28s %8s %9s %13s %7s %8s %10s %9s\n", "run", "wall s", "rows/s", "received MiB", "B/row", "RSS MiB", "shuyuan s", "server s")
	runs := []struct{ label, id, pushdown, parallel string }{
		{"postgres, local", "people-pg", "off", ""},
		{"postgres, pushdown", "people-pg", "require", ""},
		{"postgres key, 1 conn, local", "people-pgkey", "off", "1"},
		{"postgres key, 1 conn, push", "people-pgkey", "require", "1"},
		{"postgres key, 4 conns, local", "people-pgkey", "off", "4"},
		{"postgres key, 4 conns, push", "people-pgkey", "require", "4"},
		{"csv", "people-csv", "auto", ""},
		// last, so that the numbers -only takes stay those of the runs above
		{"postgres key, 2 conns, local", "people-pgkey", "off", "2"},
		{"postgres key, 2 conns, push", "people-pgkey", "require", "2"},
	}
	sums := map[string]string{}
	for i, run := range runs {
		if only != "" && !slices.Contains(strings.Split(only, ","), strconv.Itoa(i+1)) {
			continue
		}
		id := run.id
		out := filepath.Join(work, fmt.Sprintf("site-%d", i))
		args := []string{"-v", bin, "extract", "--catalog", cat, "--out", out, "--pushdown", run.pushdown, id}
		if run.parallel != "" {
			args = append(args, "--db-parallel", run.parallel)
		}
		cmd := exec.Command("/usr/bin/time", args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		proxy.Reset()
		cpu0 := serverCPU(c)
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %v\n%s%s", run.label, err, stdout.String(), stderr.String())
		}
		time.Sleep(500 * time.Millisecond) // the backends exit and are reaped after shuyuan
		received, server := proxy.Received(), serverCPU(c)-cpu0
		want := fmt.Sprintf("rows in %d, written %d, suppressed 0, rejected 0", n, n)
		if !strings.Contains(stdout.String(), want) {
			return fmt.Errorf("%s: expected %q in the output:\n%s", run.label, want, stdout.String())
		}
		wall := parseElapsed(field(stderr.String(), "Elapsed (wall clock) time (h:mm:ss or m:ss)"))
		rss, _ := strconv.ParseFloat(field(stderr.String(), "Maximum resident set size (kbytes)"), 64)
		user, _ := strconv.ParseFloat(field(stderr.String(), "User time (seconds)"), 64)
		sys, _ := strconv.ParseFloat(field(stderr.String(), "System time (seconds)"), 64)
		fmt.Printf("%-28s %8.2f %9.0f %13.1f %7.1f %8.1f %10.2f %9.2f\n", run.label, wall, float64(n)/wall,
			float64(received)/(1<<20), float64(received)/float64(n), rss/1024, user+sys, server)
		if id != "people-csv" {
			b, err := os.ReadFile(filepath.Join(out, "data", "SHA256SUMS"))
			if err != nil {
				return err
			}
			if prev, ok := sums[id]; ok && prev != string(b) {
				return fmt.Errorf("%s published other files than the first run of %s:\n%s\n%s", run.label, id, b, prev)
			}
			sums[id] = string(b)
		}
	}
	fmt.Println("(every run of one dataset, local or pushdown, over 1, 2 or 4 connections, published the same SHA256SUMS)")
	fmt.Printf("(CSV file: %.1f MiB; PostgreSQL %s server on the same machine; received = bytes the server sent to shuyuan;\n"+
		" shuyuan s = its user+system CPU seconds; server s = CPU seconds of the server's processes; GOMAXPROCS default)\n", float64(st.Size())/(1<<20), serverVersion(c))
	return nil
}

// countingProxy forwards TCP connections to a backend and counts the bytes the backend
// sends back.
type countingProxy struct {
	ln       net.Listener
	received atomic.Int64
}

func newCountingProxy(backend string) (*countingProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &countingProxy{ln: ln}
	go func() {
		for {
			cl, err := ln.Accept()
			if err != nil {
				return
			}
			srv, err := net.Dial("tcp", backend)
			if err != nil {
				cl.Close()
				continue
			}
			go func() { io.Copy(srv, cl); srv.Close() }()
			go func() {
				buf := make([]byte, 256<<10)
				for {
					n, err := srv.Read(buf)
					p.received.Add(int64(n))
					if n > 0 {
						if _, werr := cl.Write(buf[:n]); werr != nil {
							err = werr
						}
					}
					if err != nil {
						cl.Close()
						srv.Close()
						return
					}
				}
			}()
		}
	}()
	return p, nil
}

func (p *countingProxy) Addr() string    { return p.ln.Addr().String() }
func (p *countingProxy) Reset()          { p.received.Store(0) }
func (p *countingProxy) Received() int64 { return p.received.Load() }
func (p *countingProxy) Close() error    { return p.ln.Close() }

// serverCPU is the CPU seconds the server's postmaster and its reaped children (the
// backends of closed connections) have used.
func serverCPU(c *pgtest.Cluster) float64 {
	b, err := os.ReadFile(filepath.Join(c.Dir, "data", "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid := strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0])
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// the fields after the command name in parentheses: utime is the 12th of them
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+2:]))
	total := 0.0
	for _, i := range []int{11, 12, 13, 14} { // utime, stime, cutime, cstime
		v, _ := strconv.ParseFloat(f[i], 64)
		total += v
	}
	return total / 100 // USER_HZ
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
