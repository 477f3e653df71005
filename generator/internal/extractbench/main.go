// Command extractbench measures `shuyuan extract` against DuckDB doing the same
// transform: a generated CSV of N rows and 12 columns, one row per visit of N/10 people
// (a person has many rows); quality measured on every row (the resident id's GB 11643
// check character, a mobile pattern, numeric ranges, an enum); person-level
// k-anonymity with k=10 over two quasi-identifiers (birth year, district) counting
// distinct resident ids per group, smaller groups suppressed; an HMAC-SHA-256 token of
// the id, masks of name, phone and e-mail, the visit date generalized to the month;
// the published columns not declared personal scanned for undeclared identifiers;
// zstd Parquet and CSV out. Both tools must publish the same number of rows.
// DuckDB has no HMAC, so its SQL uses the standard construction
// sha256((key⊕opad) ‖ sha256((key⊕ipad) ‖ msg)), checked here against Go's crypto/hmac.
// Both run under /usr/bin/time -v; wall time, peak RSS and output size are printed side
// by side, best of -runs alternating runs. Run it with `make bench-extract`
// (EXTRACT_BENCH_ROWS, default 5M).
package main

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

const benchKey = "bench-key-NOT-SECRET-0123456789abcdef"

func main() {
	rows := flag.Int("rows", 5_000_000, "rows to generate")
	bin := flag.String("bin", "bin/shuyuan", "the shuyuan binary")
	dir := flag.String("dir", "bench/out/extract", "work directory (git-ignored)")
	duck := flag.String("duckdb", ".cache/npm-duckdb", "npm prefix where @duckdb/node-api is installed")
	duckVersion := flag.String("duckdb-version", "1.5.6-r.1", "@duckdb/node-api version to install")
	runs := flag.Int("runs", 3, "runs of each tool (alternating); the fastest counts, peak RSS is the highest")
	flag.Parse()
	if err := run(*rows, *runs, *bin, *dir, *duck, *duckVersion); err != nil {
		fmt.Fprintln(os.Stderr, "extractbench:", err)
		os.Exit(1)
	}
}

func run(rows, runs int, bin, dir, duck, duckVersion string) error {
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	bin, dir, duck = abs(bin), abs(dir), abs(duck)
	cat := filepath.Join(dir, "catalog")
	if err := os.MkdirAll(filepath.Join(cat, "sources"), 0o755); err != nil {
		return err
	}
	csvPath := filepath.Join(cat, "sources", "bench.csv")
	if err := generate(csvPath, rows); err != nil {
		return err
	}
	st, _ := os.Stat(csvPath)
	if err := writeCatalog(cat); err != nil {
		return err
	}
	if err := installDuckDB(duck, duckVersion); err != nil {
		return err
	}
	script := filepath.Join(dir, "duck.mjs")
	if err := os.WriteFile(script, []byte(duckScript(duck)), 0o644); err != nil {
		return err
	}
	// the SQL HMAC equals crypto/hmac
	out, err := exec.Command("node", script, "check", csvPath).Output()
	if err != nil {
		return fmt.Errorf("duckdb check: %v", err)
	}
	var checks [][2]string
	if err := json.Unmarshal(out, &checks); err != nil || len(checks) == 0 {
		return fmt.Errorf("duckdb check output %q: %v", out, err)
	}
	for _, c := range checks {
		m := hmac.New(sha256.New, []byte(benchKey))
		m.Write([]byte(c[0]))
		if want := hex.EncodeToString(m.Sum(nil)); want != c[1] {
			return fmt.Errorf("SQL HMAC of %q = %s, crypto/hmac = %s", c[0], c[1], want)
		}
	}
	fmt.Printf("HMAC in DuckDB SQL matches crypto/hmac on %d rows\n", len(checks))

	shuyuanOut := filepath.Join(dir, "site")
	duckOut := filepath.Join(dir, "duckdb.parquet")
	duckCSV := strings.TrimSuffix(duckOut, ".parquet") + ".csv"
	os.RemoveAll(shuyuanOut)
	os.Remove(duckOut)
	os.Remove(duckCSV)
	env := append(os.Environ(), "SHUYUAN_KEY_EXTRACT_BENCH="+benchKey, "CI=true", "SHUYUAN_SIGNING_KEY=")
	// alternate the two tools and keep each one's fastest run, so a burst of load
	// from other processes on the machine does not decide the comparison
	var sy, dk measure
	for i := 0; i < runs; i++ {
		m, err := timed(env, bin, "extract", "--catalog", cat, "--out", shuyuanOut, "bench")
		if err != nil {
			return fmt.Errorf("shuyuan: %v", err)
		}
		sy = best(sy, m)
		m, err = timed(env, "node", script, "run", csvPath, duckOut)
		if err != nil {
			return fmt.Errorf("duckdb: %v", err)
		}
		dk = best(dk, m)
		fmt.Printf("run %d: shuyuan %.2f s, duckdb %.2f s\n", i+1, sy.last.Seconds(), dk.last.Seconds())
	}
	sySize := dirSize(filepath.Join(shuyuanOut, "data", "bench"), ".parquet")
	dkSize := fileSize(duckOut)
	syCSV := dirSize(filepath.Join(shuyuanOut, "data", "bench"), ".csv")
	dkCSV := fileSize(duckCSV)
	fmt.Printf("\ninput: %d rows, 12 columns, %.1f MiB CSV; %d cores\n", rows, float64(st.Size())/(1<<20), nproc())
	load, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("load average (/proc/loadavg) after the runs: %s", load)
	fmt.Printf("best of %d alternating runs each\n", runs)
	fmt.Printf("%-10s %10s %14s %14s %16s %13s\n", "", "wall (s)", "CPU u+s (s)", "peak RSS (MiB)", "Parquet (MiB)", "CSV (MiB)")
	fmt.Printf("%-10s %10.2f %14.2f %14.1f %16.1f %13.1f\n", "shuyuan", sy.wall.Seconds(), sy.cpu.Seconds(), float64(sy.rssKB)/1024, float64(sySize)/(1<<20), float64(syCSV)/(1<<20))
	fmt.Printf("%-10s %10.2f %14.2f %14.1f %16.1f %13.1f\n", "duckdb", dk.wall.Seconds(), dk.cpu.Seconds(), float64(dk.rssKB)/1024, float64(dkSize)/(1<<20), float64(dkCSV)/(1<<20))
	fmt.Printf("ratios shuyuan/duckdb: wall %.2f× (goal ≤ 0.7), CPU %.2f×, output size %.2f× (goal ≤ 1); shuyuan peak RSS %.0f MiB (goal ≤ 160)\n",
		sy.wall.Seconds()/dk.wall.Seconds(), sy.cpu.Seconds()/dk.cpu.Seconds(), float64(sySize)/float64(dkSize), float64(sy.rssKB)/1024)
	fmt.Printf("shuyuan: %s", sy.stdout)
	// an independent reader: DuckDB reads shuyuan's parts back; both tools publish the
	// same rows (the same groups suppressed)
	glob := filepath.Join(shuyuanOut, "data", "bench", "1.0.0", "*.parquet")
	n, err := exec.Command("node", script, "count", glob).Output()
	if err != nil {
		return fmt.Errorf("DuckDB reading shuyuan's output: %v", err)
	}
	d, err := exec.Command("node", script, "count", duckOut).Output()
	if err != nil || strings.TrimSpace(string(n)) != strings.TrimSpace(string(d)) {
		return fmt.Errorf("DuckDB reads %q rows from shuyuan's output and %q from its own: %v", strings.TrimSpace(string(n)), strings.TrimSpace(string(d)), err)
	}
	fmt.Printf("DuckDB's output has %s rows; ", strings.TrimSpace(string(d)))
	fmt.Printf("DuckDB reads %s rows back from shuyuan's Parquet parts\n", strings.TrimSpace(string(n)))
	return nil
}

type measure struct {
	wall, cpu time.Duration
	rssKB     int64
	stdout    string
	last      time.Duration // wall time of the latest run
}

// best keeps the fastest wall time (with its CPU time) and the highest peak RSS.
func best(a, b measure) measure {
	out := a
	if a.wall == 0 || b.wall < a.wall {
		out = b
	}
	out.rssKB = max(a.rssKB, b.rssKB)
	out.last = b.wall
	return out
}

var (
	reWall = regexp.MustCompile(`Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)`)
	reRSS  = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)
	reUser = regexp.MustCompile(`User time \(seconds\): (\S+)`)
	reSys  = regexp.MustCompile(`System time \(seconds\): (\S+)`)
)

func timed(env []string, name string, args ...string) (measure, error) {
	cmd := exec.Command("/usr/bin/time", append([]string{"-v", name}, args...)...)
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%v\n%s%s", err, stdout.String(), stderr.String())
	}
	m := measure{stdout: stdout.String()}
	if s := reWall.FindStringSubmatch(stderr.String()); s != nil {
		m.wall = parseClock(s[1])
	}
	for _, re := range []*regexp.Regexp{reUser, reSys} {
		if s := re.FindStringSubmatch(stderr.String()); s != nil {
			f, _ := strconv.ParseFloat(s[1], 64)
			m.cpu += time.Duration(f * float64(time.Second))
		}
	}
	if s := reRSS.FindStringSubmatch(stderr.String()); s != nil {
		m.rssKB, _ = strconv.ParseInt(s[1], 10, 64)
	}
	return m, nil
}

func parseClock(s string) time.Duration {
	var total float64
	for _, p := range strings.Split(s, ":") {
		f, _ := strconv.ParseFloat(p, 64)
		total = total*60 + f
	}
	return time.Duration(total * float64(time.Second))
}

func nproc() int {
	out, err := exec.Command("nproc").Output()
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

func dirSize(dir, ext string) int64 {
	var n int64
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(p, ext) {
			n += info.Size()
		}
		return nil
	})
	return n
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
	cats     = []string{"门诊", "急诊", "住院", "体检", "复诊", "转诊"}
	dists    = []string{"310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310114", "310115", "310116", "310117", "310118", "310120", "310151"}
	notes    = []string{"常规检查", "复查结果正常", "建议随访", "需要进一步检查", "已完成治疗", "转上级医院", "无异常", "按时服药"}
)

// benchPerson is one person of the benchmark population.
type benchPerson struct {
	id, district string
	birth        time.Time
}

// generate writes the benchmark CSV once per row count (deterministic): rows/10 people
// with a valid resident id (district, birth date, check character), each with several
// visits; 0.2% of people are born in 1925-1934, so some (birth year, district) groups
// hold fewer than k people and are suppressed.
func generate(path string, rows int) error {
	stamp := path + ".rows"
	if b, err := os.ReadFile(stamp); err == nil && string(b) == "v2 "+strconv.Itoa(rows) {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	people := make([]benchPerson, max(rows/10, 1))
	for i := range people {
		p := &people[i]
		p.district = dists[r.IntN(len(dists))]
		if r.IntN(500) == 0 {
			p.birth = time.Date(1925, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(10*365))
		} else {
			p.birth = time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(80*365))
		}
		first17 := p.district + p.birth.Format("20060102") + fmt.Sprintf("%03d", i%1000)
		c, ok := validator.ResidentIDCheckChar(first17)
		if !ok {
			return fmt.Errorf("bad id %s", first17)
		}
		p.id = first17 + string(c)
	}
	w.WriteString("id,name,phone,email,birth_date,visit_date,district,amount,visits,insured,category,note\n")
	visitBase := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var b []byte
	for i := 0; i < rows; i++ {
		p := &people[r.IntN(len(people))]
		b = append(b[:0], p.id...)
		b = append(b, ',')
		b = append(b, string(surnames[r.IntN(len(surnames))])...)
		b = append(b, string(given[r.IntN(len(given))])...)
		if r.IntN(2) == 0 {
			b = append(b, string(given[r.IntN(len(given))])...)
		}
		b = fmt.Appendf(b, ",1%d%09d,user%d@example.com,", 3+r.IntN(7), r.IntN(1_000_000_000), r.IntN(10_000_000))
		b = p.birth.AppendFormat(b, "2006-01-02")
		b = append(b, ',')
		b = visitBase.AddDate(0, 0, r.IntN(6*365)).AppendFormat(b, "2006-01-02")
		b = fmt.Appendf(b, ",%s,%d.%02d,%d,%t,%s,%s\n", p.district, r.IntN(5000), r.IntN(100), r.IntN(50), r.IntN(3) > 0, cats[r.IntN(len(cats))], notes[r.IntN(len(notes))])
		w.Write(b)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile(stamp, []byte("v2 "+strconv.Itoa(rows)), 0o644)
}

func writeCatalog(cat string) error {
	y := `kind: Dataset
id: bench
version: 1.0.0
title: {zh: 基准测试数据, en: Benchmark data}
description: {zh: 由基准程序生成的合成门诊记录，用于比较 shuyuan 与 DuckDB 的去标识化导出速度。, en: Synthetic rows for the extract benchmark.}
department: bench
themes: [health]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 3
update: {frequency: daily, last_modified: 2026-11-01}
source: {format: csv, path: sources/bench.csv}
columns:
  - {name: id, type: string, level: 3, personal_info: sensitive, role: direct-identifier, detector: cn-resident-id, deid: {op: tokenize, key: "env:SHUYUAN_KEY_EXTRACT_BENCH"}, constraints: {required: true}}
  - {name: name, type: string, level: 3, personal_info: personal, role: sensitive, deid: {op: mask, keep_prefix: 1}}
  - {name: phone, type: string, level: 3, personal_info: personal, role: sensitive, deid: {op: mask, keep_prefix: 3, keep_suffix: 4}, constraints: {pattern: "1[3-9][0-9]{9}"}}
  - {name: email, type: string, level: 3, personal_info: personal, role: sensitive, deid: {op: mask, keep_prefix: 1}}
  - {name: birth_date, type: date, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: year}}
  - {name: visit_date, type: date, level: 2, personal_info: personal, role: sensitive, deid: {op: generalize, to: month}, constraints: {required: true}}
  - {name: district, type: string, level: 1, personal_info: personal, role: quasi-identifier, deid: {op: keep, why: 分组变量}}
  - {name: amount, type: number, level: 1, personal_info: none, role: insensitive, constraints: {minimum: 0, maximum: 5000}}
  - {name: visits, type: integer, level: 1, personal_info: none, role: insensitive, constraints: {minimum: 0}}
  - {name: insured, type: boolean, level: 1, personal_info: none, role: insensitive}
  - {name: category, type: string, level: 1, personal_info: none, role: insensitive, constraints: {enum: [门诊, 急诊, 住院, 体检, 复诊, 转诊]}}
  - {name: note, type: string, level: 1, personal_info: none, role: insensitive}
privacy: {subject: id, k: 10, max_suppression: 0.05}
changelog:
  - {version: 1.0.0, date: 2026-11-01, summary: {zh: 基准}}
`
	if err := os.MkdirAll(filepath.Join(cat, "datasets", "bench"), 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(cat, "datasets", "bench", "bench.yaml"), []byte(y), 0o644)
}

func installDuckDB(prefix, version string) error {
	if _, err := os.Stat(filepath.Join(prefix, "node_modules", "@duckdb", "node-api", "package.json")); err == nil {
		return nil
	}
	fmt.Printf("installing @duckdb/node-api@%s into %s\n", version, prefix)
	cmd := exec.Command("npm", "install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", "@duckdb/node-api@"+version)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// pads returns the HMAC key blocks key⊕ipad and key⊕opad in hex (the key is shorter
// than SHA-256's 64-byte block, so it is zero-padded, as crypto/hmac does).
func pads() (ipad, opad string) {
	var i, o [64]byte
	copy(i[:], benchKey)
	copy(o[:], benchKey)
	for k := range i {
		i[k] ^= 0x36
		o[k] ^= 0x5c
	}
	return hex.EncodeToString(i[:]), hex.EncodeToString(o[:])
}

// qualitySQL is true for a row that passes the checks the catalog declares: the
// resident id is present, well formed and has its GB 11643 check character; the mobile
// pattern, the visit date present, amount and visits in range, the category in its enum.
const qualitySQL = `id IS NOT NULL AND regexp_full_match(id, '[0-9]{17}[0-9X]')
    AND substr('10X98765432', (list_sum(list_transform(range(17), i -> (ascii(substr(id, i + 1, 1)) - 48) * [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2][i + 1])) % 11)::INTEGER + 1, 1) = substr(id, 18, 1)
    AND (phone IS NULL OR regexp_full_match(phone, '1[3-9][0-9]{9}')) AND visit_date IS NOT NULL
    AND (amount IS NULL OR amount BETWEEN 0 AND 5000) AND (visits IS NULL OR visits >= 0)
    AND (category IS NULL OR category IN ('门诊', '急诊', '住院', '体检', '复诊', '转诊'))`

// piiSQL is true for a row where a published column not declared personal (amount,
// visits, category, note) holds something shaped like a personal identifier: shuyuan
// scans every such cell for undeclared personal data (mobile and resident-id digit runs,
// e-mail addresses, passport numbers) and fails the extract when a column holds them.
const piiSQL = `regexp_matches(amount::VARCHAR, '[0-9]{11}') OR regexp_matches(visits::VARCHAR, '[0-9]{11}')
    OR regexp_matches(category, '[0-9]{11}|[^ @]+@[^ @]+[.][a-z]+|[A-Z][0-9]{7}')
    OR regexp_matches(note, '[0-9]{11}|[^ @]+@[^ @]+[.][a-z]+|[A-Z][0-9]{7}')`

func duckScript(prefix string) string {
	ipad, opad := pads()
	hmacSQL := fmt.Sprintf("sha256(unhex('%s') || unhex(sha256(unhex('%s') || encode(id))))", opad, ipad)
	mask := func(col string, pre, suf int) string {
		s := fmt.Sprintf("left(%[1]s, %[2]d) || repeat('*', greatest(length(%[1]s) - %[2]d - %[3]d, 0))", col, pre, suf)
		if suf > 0 {
			s += fmt.Sprintf(" || right(%s, %d)", col, suf)
		}
		return s
	}
	read := `read_csv('${csv}', header=true, columns={'id':'VARCHAR','name':'VARCHAR','phone':'VARCHAR','email':'VARCHAR','birth_date':'DATE','visit_date':'DATE','district':'VARCHAR','amount':'DOUBLE','visits':'BIGINT','insured':'BOOLEAN','category':'VARCHAR','note':'VARCHAR'})`
	return fmt.Sprintf(`import { DuckDBInstance } from '%s/node_modules/@duckdb/node-api/lib/index.js';
const [mode, csv, out] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
if (mode === 'count') {
  const r = await con.runAndReadAll(`+"`"+`SELECT count(*) FROM read_parquet('${csv}')`+"`"+`);
  console.log(String(r.getRows()[0][0]));
} else if (mode === 'check') {
  const r = await con.runAndReadAll(`+"`"+`SELECT id, %[2]s AS h FROM %[3]s LIMIT 5`+"`"+`);
  console.log(JSON.stringify(r.getRows().map(x => [String(x[0]), String(x[1])])));
} else {
  // one scan: person-level groups (distinct ids per birth year and district) and the
  // quality checks; the extract fails on any rejected row or too much suppression
  await con.run(`+"`"+`CREATE TEMP TABLE g AS SELECT year(birth_date) AS y, district, count(DISTINCT id) AS people,
    count(*) AS n, count(*) FILTER (WHERE NOT (%[7]s)) AS bad, count(*) FILTER (WHERE %[8]s) AS pii FROM %[3]s GROUP BY ALL`+"`"+`);
  const q = (await con.runAndReadAll(`+"`"+`SELECT sum(n), sum(bad), sum(n) FILTER (WHERE people < 10), sum(pii) FROM g`+"`"+`)).getRows()[0].map(Number);
  if (q[1] > 0) { console.error('rejected rows: ' + q[1]); process.exit(1); }
  if (q[2] > 0.05 * q[0]) { console.error('suppression over budget: ' + q[2]); process.exit(1); }
  if (q[3] > 0) { console.error('undeclared personal data: ' + q[3]); process.exit(1); }
  // the published rows once, into a temporary table, then written twice: zstd Parquet
  // and CSV (shuyuan writes both from the same rows too)
  await con.run(`+"`"+`CREATE TEMP TABLE o AS SELECT left(%[2]s, 32) AS id, %[4]s AS name, %[5]s AS phone, %[6]s AS email,
    year(birth_date) AS birth_date, strftime(visit_date, '%%Y-%%m') AS visit_date,
    s.district, amount, visits, insured, category, note FROM %[3]s s JOIN g ON year(s.birth_date) = g.y AND s.district = g.district
    WHERE g.people >= 10`+"`"+`);
  await con.run(`+"`"+`COPY o TO '${out}' (FORMAT parquet, COMPRESSION zstd)`+"`"+`);
  await con.run(`+"`"+`COPY o TO '${out.replace(/\.parquet$/, '.csv')}' (FORMAT csv, HEADER true)`+"`"+`);
  console.log('suppressed ' + q[2]);
}
`, prefix, hmacSQL, read, mask("name", 1, 0), mask("phone", 3, 4), mask("email", 1, 0), qualitySQL, piiSQL)
}
