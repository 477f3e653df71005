package extract_test

// Pushdown tests: the column policy compiled to SQL and run by a real PostgreSQL server
// must publish exactly the files of the local path (byte for byte, SHA256SUMS included),
// and with pushdown on no raw identifier may cross the connection.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// visitsDDL is a table with several rows per person: every operator, every check and
// k-anonymity with ℓ-diversity have something to do on it.
const visitsDDL = `create table visits (
	visit_id bigint primary key,
	person_id text,
	name text,
	resident_id text,
	phone text,
	birth_date date,
	district text,
	district_code integer,
	visited_on date,
	visited_at timestamptz,
	seen_at timestamp,
	diagnosis text,
	cost numeric(12,2),
	score double precision,
	age integer,
	weight real,
	ticket text,
	email text,
	verified boolean,
	note char(12)
)`

// visitsYAML is the dataset over visits; %q is the query.
const visitsYAML = `kind: Dataset
id: pg-visits
version: 1.0.0
status: active
title: {zh: 合成就诊记录, en: Synthetic visits}
description:
  zh: 用于检验下推查询与本地抽取逐字节一致的合成就诊记录，全部为程序生成的虚构人员，不对应任何真实的人。
department: sh-data
themes: [health]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 3
update: {frequency: monthly, last_modified: 2026-10-15}
source:
  format: postgres
  dsn_env: SHUYUAN_PG_PGTEST
  query: %q
  key: visit_id
privacy: {k: 2, subject: person_id, l_diversity: {l: 2, column: diagnosis}, max_suppression: 0.9}
quality: {max_rejected: 0.5}
columns:
  - {name: visit_id, type: integer, level: 1, personal_info: none, role: insensitive, constraints: {required: true, unique: true}}
  - {name: person_id, type: string, level: 3, personal_info: personal, role: direct-identifier, deid: {op: tokenize, key: 'env:SHUYUAN_KEY_PGTEST', length: 160}}
  - {name: name, type: string, level: 2, personal_info: personal, role: direct-identifier, deid: {op: drop}}
  - {name: resident_id, type: string, level: 3, personal_info: sensitive, role: direct-identifier, detector: cn-resident-id, deid: {op: replace, value: "已隐去"}}
  - {name: birth_year, header: resident_id, type: integer, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: derive, from: cn-resident-id, field: birth-year}}
  - {name: sex, header: resident_id, type: string, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: derive, from: cn-resident-id, field: sex}}
  - {name: home_city, header: resident_id, type: string, level: 2, personal_info: personal, role: insensitive, deid: {op: derive, from: cn-resident-id, field: region, to: city}}
  - {name: phone, type: string, level: 3, personal_info: personal, role: direct-identifier, detector: cn-mobile, deid: {op: tokenize, key: 'env:SHUYUAN_KEY_PGTEST'}}
  - {name: phone_tail, header: phone, type: string, level: 2, personal_info: personal, role: insensitive, deid: {op: mask, keep_suffix: 2, char: "＊"}}
  - {name: birth_date, type: date, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: age-band, width: 20}}
  - {name: birth_quarter, header: birth_date, type: date, level: 2, personal_info: personal, role: insensitive, deid: {op: generalize, to: quarter}}
  - {name: district, type: string, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: province}}
  - {name: district_city, header: district, type: string, level: 2, personal_info: personal, role: insensitive, deid: {op: generalize, to: city}}
  - {name: district_code, type: integer, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: district}}
  - {name: visited_on, type: date, level: 2, personal_info: personal, role: insensitive, constraints: {required: true}, deid: {op: date-shift, max_days: 30, by: person_id, key: 'env:SHUYUAN_KEY_PGTEST'}}
  - {name: visited_month, header: visited_on, type: date, level: 2, personal_info: personal, role: insensitive, deid: {op: generalize, to: month}}
  - {name: visited_at, type: datetime, level: 2, personal_info: personal, role: insensitive, deid: {op: date-shift, max_days: 400, by: person_id, key: 'env:SHUYUAN_KEY_PGTEST'}}
  - {name: visited_year, header: visited_at, type: datetime, level: 2, personal_info: personal, role: insensitive, deid: {op: generalize, to: year}}
  - {name: seen_at, type: datetime, level: 2, personal_info: personal, role: insensitive, deid: {op: generalize, to: month}}
  - {name: diagnosis, type: string, level: 2, personal_info: sensitive, role: sensitive, deid: {op: keep, why: the published measure}, constraints: {enum: [flu, cold, fracture, asthma, other]}}
  - {name: cost, type: number, level: 2, personal_info: personal, role: sensitive, constraints: {minimum: 0, maximum: 90000}, deid: {op: bucket, width: 250, lower: 0, upper: 2000}}
  - {name: cost_band, header: cost, type: number, level: 2, personal_info: personal, role: insensitive, deid: {op: bucket, bands: [{max: 100, label: low}, {max: 1000, label: mid}, {max: 5000, label: high}]}}
  - {name: score, type: number, level: 2, personal_info: personal, role: insensitive, deid: {op: round, digits: 1}}
  - {name: age, type: integer, level: 2, personal_info: personal, role: insensitive, constraints: {minimum: 0, maximum: 120}, deid: {op: round, digits: -1}}
  - {name: age_band, header: age, type: integer, level: 2, personal_info: personal, role: insensitive, deid: {op: generalize, to: age-band, width: 10}}
  - {name: weight, type: number, level: 2, personal_info: personal, role: insensitive, deid: {op: generalize, to: age-band, width: 1}}
  - {name: ticket_token, header: ticket, type: string, level: 2, personal_info: personal, role: insensitive, constraints: {unique: true}, deid: {op: tokenize, key: 'env:SHUYUAN_KEY_PGTEST'}}
  - {name: ticket, type: string, level: 2, personal_info: personal, role: insensitive, constraints: {unique: true}, deid: {op: mask, keep_prefix: 3, keep_suffix: 1}}
  - {name: email, type: string, level: 2, personal_info: personal, role: insensitive, detector: email, deid: {op: drop}}
  - {name: verified, type: boolean, level: 1, personal_info: none, role: insensitive}
  - {name: note, type: string, level: 1, personal_info: personal, role: insensitive, deid: {op: mask, keep_prefix: 1}}
changelog:
  - {version: 1.0.0, date: 2026-10-15, summary: {zh: 首次发布}}
`

// visitRows generates n visits of about n/4 people, with the defects every check and
// operator rejects sprinkled in.
func visitRows(n int) [][]any {
	r := rand.New(rand.NewPCG(7, 15))
	diag := []string{"flu", "cold", "fracture", "asthma", "other"}
	var rows [][]any
	for i := 1; i <= n; i++ {
		person := r.IntN(n/4 + 1)
		pr := rand.New(rand.NewPCG(99, uint64(person)))
		birth := time.Date(1940+pr.IntN(70), time.Month(1+pr.IntN(12)), 1+pr.IntN(28), 0, 0, 0, 0, time.UTC)
		district := pgtest.ShanghaiDistricts[pr.IntN(len(pgtest.ShanghaiDistricts))]
		rid := pgtest.ResidentID(district, birth, pr.IntN(1000))
		phone := fmt.Sprintf("1%d%09d", 3+pr.IntN(7), pr.IntN(1_000_000_000))
		visited := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(2000))
		at := visited.Add(time.Duration(r.Int64N(86400e6)) * time.Microsecond)
		row := []any{int64(i), fmt.Sprintf("P%05d", person), "测试者" + fmt.Sprint(person), rid, phone, birth, district,
			districtCode(r), visited, at, at.Add(-time.Hour).Round(time.Second),
			diag[r.IntN(len(diag))], fmt.Sprintf("%d.%02d", r.IntN(6000), r.IntN(100)), r.NormFloat64() * 100,
			int32(2026 - birth.Year()), float32(40 + r.Float64()*80), fmt.Sprintf("T-%06d", i), fmt.Sprintf("p%d@example.cn", person),
			r.IntN(3) != 0, []string{"ab", "", "  spaced ", "汉字注释", "x"}[r.IntN(5)]}
		switch i % 97 {
		case 3:
			row[3] = rid[:17] + "0" // a bad check character: derive rejects, the validator too
			if rid[17] == '0' {
				row[3] = rid[:17] + "1"
			}
		case 5:
			row[8] = nil // required
		case 7:
			row[12] = "99999.00" // above the maximum
		case 11:
			row[11] = "plague" // not in the enum
		case 13:
			row[16] = fmt.Sprintf("T-%06d", i-1) // a repeat (unique)
		case 17:
			row[4] = nil // a null token
			row[1] = nil // no subject
		case 19:
			row[12] = "7000.00" // above the last band
			row[6] = "999999"   // no such province
		case 23:
			row[5] = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) // born after the reference date
		case 29:
			row[7] = int32(310100) // a city, not a district
		case 31:
			row[14] = nil
			row[13] = nil
			row[15] = nil
		}
		rows = append(rows, row)
	}
	return rows
}

// districtCode is mostly a Shanghai district's code, sometimes a code with no district.
func districtCode(r *rand.Rand) int32 {
	var c int32
	fmt.Sscan(pgtest.ShanghaiDistricts[r.IntN(len(pgtest.ShanghaiDistricts))], &c)
	if r.IntN(50) == 0 {
		c = 310000 + int32(r.IntN(300))
	}
	return c
}

// loadVisits creates and fills the visits table.
func loadVisits(t *testing.T, ctx context.Context, c *pgtest.Cluster, n int) {
	t.Helper()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "drop table if exists visits; "+visitsDDL); err != nil {
		t.Fatal(err)
	}
	cols := []string{"visit_id", "person_id", "name", "resident_id", "phone", "birth_date", "district", "district_code", "visited_on", "visited_at", "seen_at",
		"diagnosis", "cost", "score", "age", "weight", "ticket", "email", "verified", "note"}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"visits"}, cols, pgx.CopyFromRows(visitRows(n))); err != nil {
		t.Fatal(err)
	}
}

// catalogOf writes one dataset file into a new catalog and loads it.
func catalogOf(t *testing.T, id, yaml string) *load.Catalog {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "datasets", "sh-data", id+".yaml")
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
	return cat
}

// extractWith extracts the datasets with a pushdown mode into a new folder; it returns
// the folder, the results and the warnings.
func extractWith(t *testing.T, ctx context.Context, cat *load.Catalog, mode string, getenv func(string) string, ids ...string) (string, []extract.Result, string, error) {
	t.Helper()
	out := t.TempDir()
	var warn bytes.Buffer
	res, err := extract.Run(ctx, cat, extract.Options{OutDir: out, Datasets: ids, Getenv: getenv, Workers: 2, Pushdown: mode, Warn: &warn})
	return out, res, warn.String(), err
}

// sameFiles compares two extract folders byte for byte.
func sameFiles(t *testing.T, what, local, pushed string) {
	t.Helper()
	a, b := snapshot(t, local), snapshot(t, pushed)
	if len(a) == 0 {
		t.Fatalf("%s: the local extract wrote nothing", what)
	}
	for p, h := range a {
		if b[p] != h {
			t.Errorf("%s: %s differs between the local path and the pushdown", what, p)
			if strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".csv") {
				x, _ := os.ReadFile(filepath.Join(local, p))
				y, _ := os.ReadFile(filepath.Join(pushed, p))
				t.Logf("local:\n%.3000s\npushdown:\n%.3000s", x, y)
			}
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			t.Errorf("%s: the pushdown wrote %s, the local path did not", what, p)
		}
	}
}

// TestPushdownMatchesLocal: every operator, every check, duplicates, rejected rows and
// k-anonymity with ℓ-diversity over several rows per person give the same files,
// SHA256SUMS included, whether the database or shuyuan de-identifies.
func TestPushdownMatchesLocal(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const n = 6000
	loadVisits(t, ctx, c, n)
	env := map[string]string{"SHUYUAN_PG_PGTEST": c.DSN(""), "SHUYUAN_KEY_PGTEST": "pgtest-key-0123456789abcdef-not-a-real-secret"}
	getenv := func(k string) string { return env[k] }
	// and a unique column published as it is, with repeats: a marker row crosses its
	// run-key HMAC, which shuyuan computes for the other rows from their values
	ticketRef := "  - {name: ticket, type: string, level: 2, personal_info: personal, role: insensitive, constraints: {unique: true}, deid: {op: mask, keep_prefix: 3, keep_suffix: 1}}\n"
	yaml := strings.Replace(fmt.Sprintf(visitsYAML, "select * from visits"), ticketRef,
		ticketRef+"  - {name: ticket_ref, header: ticket, type: string, level: 1, personal_info: none, role: insensitive, constraints: {unique: true}}\n", 1)
	if !strings.Contains(yaml, "ticket_ref") {
		t.Fatal("the fixture has no ticket_ref")
	}
	cat := catalogOf(t, "pg-visits", yaml)

	local, lres, _, err := extractWith(t, ctx, cat, extract.PushdownOff, getenv)
	if err != nil {
		t.Fatal(err)
	}
	// the database decides k and ℓ (on one connection, and over three in one snapshot)
	var pushed string
	var pres []extract.Result
	for _, par := range []int{1, 3} {
		out, res, warn, err := extractOpts(t, ctx, cat, extract.Options{Pushdown: extract.PushdownRequire, Getenv: getenv, DBParallel: par})
		if err != nil {
			t.Fatalf("pushdown, --db-parallel %d: %v\n%s", par, err, warn)
		}
		if strings.Contains(warn, "pushdown:") {
			t.Errorf("pushdown, --db-parallel %d: warned %q", par, warn)
		}
		sameFiles(t, fmt.Sprintf("visits, --db-parallel %d", par), local, out)
		pushed, pres = out, res
	}
	r := lres[0]
	if r.RowsRejected == 0 || r.RowsSuppressed == 0 || r.RowsWritten < n/4 || len(r.Rejected) == 0 {
		t.Fatalf("the fixture should reject and suppress some rows and publish most: in %d, written %d, rejected %d, suppressed %d", r.RowsIn, r.RowsWritten, r.RowsRejected, r.RowsSuppressed)
	}
	reasons := map[string]bool{}
	for _, rj := range r.Rejected {
		reasons[rj.Column+": "+rj.Reason] = true
	}
	t.Logf("local: in %d, written %d, rejected %d, suppressed %d; %d kinds of rejection", r.RowsIn, r.RowsWritten, r.RowsRejected, r.RowsSuppressed, len(reasons))
	if len(reasons) < 8 {
		t.Errorf("the fixture should hit every check and operator that rejects, got only: %v", reasons)
	}
	if p := pres[0]; p.RowsIn != r.RowsIn || p.RowsWritten != r.RowsWritten || p.RowsRejected != r.RowsRejected || p.RowsSuppressed != r.RowsSuppressed || p.K != r.K || p.L != r.L {
		t.Errorf("pushdown result %+v, local %+v", p, r)
	}
	sameFiles(t, "visits", local, pushed)
}

// extractOpts extracts with opts (OutDir, Workers and Warn set here) into a new folder;
// it returns the folder, the results and the warnings.
func extractOpts(t *testing.T, ctx context.Context, cat *load.Catalog, opts extract.Options) (string, []extract.Result, string, error) {
	t.Helper()
	var warn bytes.Buffer
	opts.OutDir, opts.Workers, opts.Warn = t.TempDir(), 2, &warn
	res, err := extract.Run(ctx, cat, opts)
	return opts.OutDir, res, warn.String(), err
}

// TestPushdownKVariantsMatchLocal: the database decides k over a source without a key
// (no unique column: the order does not matter); a rule only shuyuan applies (a
// pattern, RE2) or unique columns without source.key make auto decide k on the client,
// naming the column, and require fail; every variant publishes the local path's files.
func TestPushdownKVariantsMatchLocal(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	loadVisits(t, ctx, c, 3000)
	env := map[string]string{"SHUYUAN_PG_PGTEST": c.DSN(""), "SHUYUAN_KEY_PGTEST": "pgtest-key-0123456789abcdef-not-a-real-secret"}
	getenv := func(k string) string { return env[k] }
	base := fmt.Sprintf(visitsYAML, "select * from visits order by visit_id")
	noKey := strings.Replace(base, "  key: visit_id\n", "", 1)
	for _, v := range []struct {
		name, yaml string
		client     string // the column auto names when the client decides k, "" when the database does
	}{
		{"no key, no unique", strings.NewReplacer("constraints: {required: true, unique: true}", "constraints: {required: true}", "constraints: {unique: true}, ", "").Replace(noKey), ""},
		{"unique without key", noKey, "column visit_id: constraints.unique without source.key"},
		{"pattern", strings.Replace(base, "constraints: {enum: [flu, cold, fracture, asthma, other]}", "constraints: {enum: [flu, cold, fracture, asthma, other], pattern: '[a-z]+'}", 1),
			"column diagnosis: constraints.pattern is not compiled to SQL"},
	} {
		t.Run(v.name, func(t *testing.T) {
			if v.yaml == base {
				t.Fatal("the variant changes nothing")
			}
			cat := catalogOf(t, "pg-visits", v.yaml)
			local, lres, _, err := extractWith(t, ctx, cat, extract.PushdownOff, getenv)
			if err != nil {
				t.Fatal(err)
			}
			if lres[0].RowsSuppressed == 0 || lres[0].RowsRejected == 0 {
				t.Fatalf("the variant should reject and suppress rows: %+v", lres[0])
			}
			pushed, _, warn, err := extractWith(t, ctx, cat, extract.PushdownAuto, getenv)
			if err != nil {
				t.Fatalf("pushdown: %v\n%s", err, warn)
			}
			sameFiles(t, v.name, local, pushed)
			_, _, _, rerr := extractWith(t, ctx, cat, extract.PushdownRequire, getenv)
			if v.client == "" {
				if strings.Contains(warn, "pushdown:") || rerr != nil {
					t.Errorf("the database should decide k: warned %q, require: %v", warn, rerr)
				}
				return
			}
			if !strings.Contains(warn, v.client) || !strings.Contains(warn, "k-anonymity of pg-visits is decided by shuyuan") {
				t.Errorf("auto should say that shuyuan decides k and name the column (%q), warned %q", v.client, warn)
			}
			if rerr == nil || !strings.Contains(rerr.Error(), v.client) || !strings.Contains(rerr.Error(), "k-anonymity cannot be decided in the database") {
				t.Errorf("require should fail naming the column (%q), got %v", v.client, rerr)
			}
		})
	}
}

// TestPushdownRepeatedKeyFallsBack: a unique column that is also the read's key (the one
// unique column, without source.key) and repeats values reads its repeats in no defined
// order, so the database cannot know which one shuyuan rejects: auto extracts locally,
// saying why, and require fails.
func TestPushdownRepeatedKeyFallsBack(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	loadVisits(t, ctx, c, 2000)
	env := map[string]string{"SHUYUAN_PG_PGTEST": c.DSN(""), "SHUYUAN_KEY_PGTEST": "pgtest-key-0123456789abcdef-not-a-real-secret"}
	getenv := func(k string) string { return env[k] }
	yaml := strings.NewReplacer("  key: visit_id\n", "", "constraints: {required: true, unique: true}", "constraints: {required: true}",
		"  - {name: ticket_token, header: ticket, type: string, level: 2, personal_info: personal, role: insensitive, constraints: {unique: true}, deid: {op: tokenize, key: 'env:SHUYUAN_KEY_PGTEST'}}\n", "").
		Replace(fmt.Sprintf(visitsYAML, "select * from visits"))
	cat := catalogOf(t, "pg-visits", yaml)
	const why = "source.key ticket repeats"
	_, res, warn, err := extractWith(t, ctx, cat, extract.PushdownAuto, getenv)
	if err != nil {
		t.Fatalf("auto: %v\n%s", err, warn)
	}
	if !strings.Contains(warn, why) || !strings.Contains(warn, "extracting pg-visits locally") || res[0].RowsSuppressed == 0 {
		t.Errorf("auto should extract locally, saying %q; warned %q, result %+v", why, warn, res[0])
	}
	if _, _, _, err := extractWith(t, ctx, cat, extract.PushdownRequire, getenv); err == nil || !strings.Contains(err.Error(), why) {
		t.Errorf("require should fail saying %q, got %v", why, err)
	}
}

// TestPushdownMaxSuppressionSameFailure: past privacy.max_suppression the database's
// verdict fails the extract with the local path's message, on one connection and on
// three.
func TestPushdownMaxSuppressionSameFailure(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	loadVisits(t, ctx, c, 3000)
	env := map[string]string{"SHUYUAN_PG_PGTEST": c.DSN(""), "SHUYUAN_KEY_PGTEST": "pgtest-key-0123456789abcdef-not-a-real-secret"}
	getenv := func(k string) string { return env[k] }
	cat := catalogOf(t, "pg-visits", strings.Replace(fmt.Sprintf(visitsYAML, "select * from visits"), "max_suppression: 0.9", "max_suppression: 0.05", 1))
	_, _, _, lerr := extractWith(t, ctx, cat, extract.PushdownOff, getenv)
	if lerr == nil || !strings.Contains(lerr.Error(), "more than privacy.max_suppression 5.00%") {
		t.Fatalf("the local path should fail on max_suppression, got %v", lerr)
	}
	for _, par := range []int{1, 3} {
		_, _, warn, err := extractOpts(t, ctx, cat, extract.Options{Pushdown: extract.PushdownRequire, Getenv: getenv, DBParallel: par})
		if err == nil || err.Error() != lerr.Error() {
			t.Errorf("--db-parallel %d: the pushdown failed with\n%v\nthe local path with\n%v\n%s", par, err, lerr, warn)
		}
	}
}

// TestPushdownSuppressedGroupDoesNotCross captures every byte the server sends while the
// visits table is extracted with a canary visit alone in its quasi-identifier group
// (born 1905: the only one in its age band), which k = 2 suppresses. With the database
// deciding k, neither the canary's raw values nor its de-identified ones (its person,
// phone and ticket tokens as they cross, its masked ticket) reach shuyuan, on one connection
// and on three; when shuyuan decides k (a pattern it alone checks) its de-identified
// values do cross, so the check can fail.
func TestPushdownSuppressedGroupDoesNotCross(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	loadVisits(t, ctx, c, 3000)
	const key = "pgtest-key-0123456789abcdef-not-a-real-secret"
	birth := time.Date(1905, 3, 4, 0, 0, 0, 0, time.UTC)
	rid := pgtest.ResidentID("310104", birth, 7)
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2021, 5, 6, 7, 8, 9, 0, time.UTC)
	if _, err := conn.Exec(ctx, `insert into visits values (999999, 'P-CANARY-9', '金丝雀就诊者', $1, '13811112222', $2, '310104', 310104,
		'2021-05-06', $3, $4, 'asthma', 123.45, 1.5, 100, 70, 'T-QZXJ#K', 'canary@example.cn', true, 'ab')`, rid, birth, at, at); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	token := func(v string, n int) string {
		m := hmac.New(sha256.New, []byte(key))
		m.Write([]byte(v))
		return string(m.Sum(nil)[:n])
	}
	canaryRaw := []string{"P-CANARY-9", "金丝雀就诊者", rid, rid[:17], "13811112222", "T-QZXJ#K", "canary@example.cn"}
	canaryDeid := []string{token("P-CANARY-9", 20), token("13811112222", 16), token("T-QZXJ#K", 16), "T-Q****K"}

	cfg, err := pgx.ParseConfig(c.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(t, fmt.Sprintf("%s:%d", cfg.Host, cfg.Port))
	dsn := strings.Replace(c.DSN(""), fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), rec.ln.Addr().String(), 1)
	env := map[string]string{"SHUYUAN_PG_PGTEST": dsn, "SHUYUAN_KEY_PGTEST": key}
	getenv := func(k string) string { return env[k] }
	inDB := catalogOf(t, "pg-visits", fmt.Sprintf(visitsYAML, "select * from visits"))
	onClient := catalogOf(t, "pg-visits", strings.Replace(fmt.Sprintf(visitsYAML, "select * from visits"),
		"constraints: {enum: [flu, cold, fracture, asthma, other]}", "constraints: {enum: [flu, cold, fracture, asthma, other], pattern: '[a-z]+'}", 1))
	for _, run := range []struct {
		name string
		cat  *load.Catalog
		par  int
	}{{"database decides", inDB, 1}, {"database decides, --db-parallel 3", inDB, 3}, {"shuyuan decides", onClient, 1}} {
		rec.reset()
		_, res, warn, err := extractOpts(t, ctx, run.cat, extract.Options{Pushdown: extract.PushdownAuto, Getenv: getenv, DBParallel: run.par})
		if err != nil {
			t.Fatalf("%s: %v\n%s", run.name, err, warn)
		}
		if res[0].RowsSuppressed == 0 {
			t.Fatalf("%s: nothing suppressed: %+v", run.name, res[0])
		}
		got := rec.received()
		var raw, deid []string
		for _, v := range canaryRaw {
			if bytes.Contains(got, []byte(v)) {
				raw = append(raw, v)
			}
		}
		for _, v := range canaryDeid {
			if bytes.Contains(got, []byte(v)) {
				deid = append(deid, fmt.Sprintf("%q", v))
			}
		}
		if len(raw) > 0 {
			t.Errorf("%s: the server sent the canary's raw %q", run.name, raw)
		}
		if run.cat == inDB && len(deid) > 0 {
			t.Errorf("%s: the canary's group is suppressed, yet the server sent its de-identified %s", run.name, deid)
		}
		if run.cat == onClient && len(deid) < len(canaryDeid) {
			t.Errorf("%s: the canary's de-identified values should cross when shuyuan decides k, the recorder saw only %s: the check is blind", run.name, deid)
		}
		t.Logf("%s: %d bytes from the server, %d rows suppressed", run.name, len(got), res[0].RowsSuppressed)
	}
}

// recorder is a TCP proxy in front of the server that keeps every byte the server
// sends to the client.
type recorder struct {
	ln      net.Listener
	backend string
	mu      sync.Mutex
	fromSrv bytes.Buffer
	wg      sync.WaitGroup
}

func newRecorder(t *testing.T, backend string) *recorder {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &recorder{ln: ln, backend: backend}
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
			r.wg.Add(2)
			go func() { defer r.wg.Done(); io.Copy(srv, cl); srv.Close() }()
			go func() {
				defer r.wg.Done()
				buf := make([]byte, 64<<10)
				for {
					n, err := srv.Read(buf)
					if n > 0 {
						r.mu.Lock()
						r.fromSrv.Write(buf[:n])
						r.mu.Unlock()
						cl.Write(buf[:n])
					}
					if err != nil {
						cl.Close()
						return
					}
				}
			}()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return r
}

func (r *recorder) received() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return bytes.Clone(r.fromSrv.Bytes())
}

func (r *recorder) reset() {
	r.mu.Lock()
	r.fromSrv.Reset()
	r.mu.Unlock()
}

// TestPushdownSendsNoRawIdentifier captures every byte the server sends during an
// extract of the people table (with a canary person): with pushdown on, none of the
// canary's personal values is among them; with it off they are (the check can fail).
func TestPushdownSendsNoRawIdentifier(t *testing.T) {
	c := pgtest.Run(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pgtest.LoadPeople(ctx, conn, "people", 2000, 11, canary); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)
	cfg, err := pgx.ParseConfig(c.DSN(""))
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(t, fmt.Sprintf("%s:%d", cfg.Host, cfg.Port))
	dsn := strings.Replace(c.DSN(""), fmt.Sprintf("%s:%d", cfg.Host, cfg.Port), rec.ln.Addr().String(), 1)
	if dsn == c.DSN("") {
		t.Fatalf("cannot point the connection string at the recorder: %s", c.DSN(""))
	}
	e := newPGEnv(t, c, pgQuery)
	e.env["SHUYUAN_PG_PGTEST"] = dsn
	canaries := canaryStrings()
	for _, mode := range []string{extract.PushdownRequire, extract.PushdownOff} {
		rec.reset()
		_, res, warn, err := extractWith(t, ctx, e.cat, mode, e.getenv, e.dataset)
		if err != nil {
			t.Fatalf("%s: %v\n%s", mode, err, warn)
		}
		if res[0].RowsWritten != 2001 {
			t.Fatalf("%s: %+v", mode, res[0])
		}
		got := rec.received()
		if len(got) < 2001*20 {
			t.Fatalf("%s: the recorder saw only %d bytes", mode, len(got))
		}
		var leaked []string
		for _, s := range canaries {
			if bytes.Contains(got, []byte(s)) {
				leaked = append(leaked, s)
			}
		}
		switch {
		case mode == extract.PushdownRequire && len(leaked) > 0:
			t.Errorf("with pushdown the server sent the canary's %q (%d bytes in all)", leaked, len(got))
		case mode == extract.PushdownOff && len(leaked) < 4:
			t.Errorf("without pushdown the raw values should cross, the recorder saw only %q: the check is blind", leaked)
		}
		t.Logf("%s: %d bytes from the server", mode, len(got))
	}
}
