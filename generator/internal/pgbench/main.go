// Command pgbench measures `shuyuan extract` from PostgreSQL, with the column policy run
// by the database (--pushdown=require) and from the raw rows (--pushdown=off), side by
// side in one run: it starts a throwaway cluster (pgtest), loads N synthetic people and N
// synthetic outpatient visits (a wide table: names, addresses, free text the policy
// drops), writes a catalog with one dataset per source, then runs the CLI under
// /usr/bin/time -v for each and reports wall time, rows/s, the bytes the server sent to
// shuyuan (through a counting proxy), peak memory (maximum resident set) and the CPU
// seconds of shuyuan and of the server, and the ratios pushdown/local of each pair.
// The headline pairs run with the defaults a user gets (--db-parallel 0: connections
// from the table's size, for a dataset with a key); the others on one connection.
// Every run of one dataset must publish the same bytes.
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

	"github.com/jackc/pgx/v5"

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

	// the runs: the headline pairs first, with the defaults a user gets; -runs picks
	runs := []benchRun{
		{"people key, default conns, local", "people-pgkey", "off", ""},
		{"people key, default conns, push", "people-pgkey", "require", ""},
		{"visits, default conns, local", "visits-pg", "off", ""},
		{"visits, default conns, push", "visits-pg", "require", ""},
		{"people no key, 1 conn, local", "people-pg", "off", ""},
		{"people no key, 1 conn, push", "people-pg", "require", ""},
		{"people key, 1 conn, local", "people-pgkey", "off", "1"},
		{"people key, 1 conn, push", "people-pgkey", "require", "1"},
		{"visits, 1 conn, local", "visits-pg", "off", "1"},
		{"visits, 1 conn, push", "visits-pg", "require", "1"},
		{"people csv", "people-csv", "auto", ""},
	}
	var chosen []benchRun
	for i, r := range runs {
		if only == "" || slices.Contains(strings.Split(only, ","), strconv.Itoa(i+1)) {
			chosen = append(chosen, r)
		}
	}
	uses := func(prefix string) bool {
		return slices.ContainsFunc(chosen, func(r benchRun) bool { return strings.HasPrefix(r.id, prefix) })
	}

	conn, err := c.Connect(ctx, "")
	if err != nil {
		return err
	}
	cat := filepath.Join(work, "catalog")
	dsDir := filepath.Join(cat, "datasets", "sh-data")
	if err := os.MkdirAll(filepath.Join(cat, "sources"), 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(dsDir, 0o755); err != nil {
		return err
	}
	var csvSize int64
	if uses("people") {
		t0 := time.Now()
		if _, err := pgtest.LoadPeople(ctx, conn, "people", n, 2026); err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, "vacuum analyze people"); err != nil {
			return err
		}
		fmt.Printf("loaded %d synthetic people into PostgreSQL in %s (%s)\n", n, time.Since(t0).Round(time.Millisecond), tableSize(ctx, conn, "people"))
	}
	if uses("people-csv") {
		csvPath := filepath.Join(cat, "sources", "people.csv")
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
		st, _ := os.Stat(csvPath)
		csvSize = st.Size()
	}
	if uses("visits") {
		t0 := time.Now()
		if _, err := pgtest.LoadVisits(ctx, conn, "visits", n, 2026); err != nil {
			return err
		}
		if _, err := conn.Exec(ctx, "vacuum analyze visits"); err != nil {
			return err
		}
		fmt.Printf("loaded %d synthetic outpatient visits into PostgreSQL in %s (%s)\n", n, time.Since(t0).Round(time.Millisecond), tableSize(ctx, conn, "visits"))
	}
	conn.Close(ctx)

	people := pgtest.PeopleColumnsYAML("SHUYUAN_KEY_BENCH")
	datasets := map[string][2]string{
		"people-pg":    {fmt.Sprintf("{format: postgres, dsn_env: SHUYUAN_PG_BENCH, query: %q}", "select "+pgtest.PeopleSelect+" from people"), people},
		"people-csv":   {"{format: csv, path: sources/people.csv}", people},
		"people-pgkey": {fmt.Sprintf("{format: postgres, dsn_env: SHUYUAN_PG_BENCH, key: id, query: %q}", "select "+pgtest.PeopleSelect+" from people"), people},
		// no source.key: the unique visit_id is the key, as for a user's table
		"visits-pg": {fmt.Sprintf("{format: postgres, dsn_env: SHUYUAN_PG_BENCH, query: %q}", "select "+pgtest.VisitsSelect+" from visits"), pgtest.VisitsColumnsYAML("SHUYUAN_KEY_BENCH")},
	}
	for id, d := range datasets {
		yaml := fmt.Sprintf(datasetYAML, id, d[0], d[1])
		if strings.HasPrefix(id, "visits") {
			yaml = strings.Replace(yaml, peopleTitle, visitsTitle, 1)
		}
		if err := os.WriteFile(filepath.Join(dsDir, id+".yaml"), []byte(yaml), 0o644); err != nil {
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
	fmt.Printf("\n%d rows a table, de-identified to Parquet: people (tokenize x2, derive, generalize x3, bucket, drop),\n"+
		"visits (tokenize x2, drop x4 of names, mobile, address, free text, age band, district, quarter, cost band; k 5, l 3)\n", n)
	load0, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("load average at the start: %s\n", strings.Join(strings.Fields(string(load0))[:3], " "))
	fmt.Printf("%-34s %8s %9s %13s %7s %8s %10s %9s\n", "run", "wall s", "rows/s", "received MiB", "B/row", "RSS MiB", "shuyuan s", "server s")
	sums, outs := map[string]string{}, map[string]string{}
	results := map[string]benchResult{}
	for _, run := range chosen {
		id := run.id
		out := filepath.Join(work, "site-"+strings.NewReplacer(" ", "-", ",", "").Replace(run.label))
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
		counts := rowCounts.FindString(stdout.String())
		if counts == "" || !strings.HasPrefix(counts, fmt.Sprintf("rows in %d, written %d,", n, n)) {
			return fmt.Errorf("%s: expected \"rows in %d, written %d\" in the output:\n%s", run.label, n, n, stdout.String())
		}
		if prev, ok := outs[id]; ok && prev != counts {
			return fmt.Errorf("%s: %q, but an earlier run of %s: %q", run.label, counts, id, prev)
		}
		outs[id] = counts
		wall := parseElapsed(field(stderr.String(), "Elapsed (wall clock) time (h:mm:ss or m:ss)"))
		rss, _ := strconv.ParseFloat(field(stderr.String(), "Maximum resident set size (kbytes)"), 64)
		user, _ := strconv.ParseFloat(field(stderr.String(), "User time (seconds)"), 64)
		sys, _ := strconv.ParseFloat(field(stderr.String(), "System time (seconds)"), 64)
		res := benchResult{wall, float64(received), rss / 1024, user + sys, server}
		results[run.label] = res
		fmt.Printf("%-34s %8.2f %9.0f %13.1f %7.1f %8.1f %10.2f %9.2f\n", run.label, wall, float64(n)/wall,
			res.received/(1<<20), res.received/float64(n), res.rss, res.shuyuan, server)
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
		if !keep {
			os.RemoveAll(out)
		}
	}
	load1, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("load average at the end: %s\n", strings.Join(strings.Fields(string(load1))[:3], " "))
	fmt.Printf("\n%-34s %8s %10s %8s %10s %9s\n", "pushdown / local", "wall", "received", "RSS", "shuyuan", "server")
	for _, run := range chosen {
		local, ok1 := results[run.label]
		push, ok2 := results[strings.TrimSuffix(run.label, "local")+"push"]
		if !strings.HasSuffix(run.label, "local") || !ok1 || !ok2 {
			continue
		}
		ratio := func(a, b float64) string {
			if b == 0 {
				return "-"
			}
			return fmt.Sprintf("%.2f×", a/b)
		}
		fmt.Printf("%-34s %8s %10s %8s %10s %9s\n", strings.TrimSuffix(run.label, ", local"), ratio(push.wall, local.wall), ratio(push.received, local.received),
			ratio(push.rss, local.rss), ratio(push.shuyuan, local.shuyuan), ratio(push.server, local.server))
	}
	fmt.Println("\n(every run of one dataset, local or pushdown, over any number of connections, published the same SHA256SUMS)")
	if csvSize > 0 {
		fmt.Printf("(people CSV file: %.1f MiB)\n", float64(csvSize)/(1<<20))
	}
	fmt.Printf("(PostgreSQL %s server on the same machine; received = bytes the server sent to shuyuan;\n"+
		" shuyuan s = its user+system CPU seconds; server s = CPU seconds of the server's processes; GOMAXPROCS default)\n", serverVersion(c))
	return nil
}

type benchRun struct{ label, id, pushdown, parallel string }

type benchResult struct{ wall, received, rss, shuyuan, server float64 }

var rowCounts = regexp.MustCompile(`rows in [0-9]+, written [0-9]+, suppressed [0-9]+, rejected [0-9]+`)

const (
	peopleTitle = "title: {zh: 合成人员登记（基准测试）, en: Synthetic residents (benchmark)}\ndescription:\n  zh: 基准测试用的合成人员登记数据，全部为程序生成的虚构人员，不对应任何真实的人，用于比较数据源的抽取速度和内存。"
	visitsTitle = "title: {zh: 合成门诊就诊记录（基准测试）, en: Synthetic outpatient visits (benchmark)}\ndescription:\n  zh: 基准测试用的合成社区卫生服务中心门诊就诊记录，全部为程序生成的虚构患者和就诊，不对应任何真实的人，用于比较数据源的抽取速度和内存。"
)

// tableSize is the table's size on disk, as PostgreSQL prints it.
func tableSize(ctx context.Context, conn *pgx.Conn, table string) string {
	var s string
	if err := conn.QueryRow(ctx, "select pg_size_pretty(pg_total_relation_size($1::regclass))", table).Scan(&s); err != nil {
		return "size unknown"
	}
	return s
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
