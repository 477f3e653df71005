package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

const rideDataset = `kind: Dataset
id: rides
version: 1.0.0
title: {zh: 出行, en: Rides}
description: {zh: 测试用的出行记录，一人多行。, en: Test rides, many per person.}
department: sh-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 3
update: {frequency: daily, last_modified: 2026-11-01}
source: {format: csv, path: sources/rides.csv}
columns:
  - {name: card, type: string, level: 3, personal_info: personal, role: direct-identifier, deid: {op: tokenize, key: "env:SHUYUAN_KEY_TEST"}}
  - {name: holder, type: string, level: 3, personal_info: personal, role: direct-identifier, deid: {op: drop}}
  - {name: sex, type: string, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: keep, why: 分组变量}}
  - {name: district, type: string, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: keep, why: 分组变量}}
  - {name: purpose, type: string, level: 2, personal_info: personal, role: sensitive, deid: {op: keep, why: 研究变量}}
privacy: {subject: SUBJECT, k: 3, L_DIVERSITY max_suppression: 0.9}
changelog:
  - {version: 1.0.0, date: 2026-11-01, summary: 首次}
`

// writeRides writes a catalog where people have many rows: in group (女, 310104) one
// person has 12 rides and another 4 (16 rows, 2 people); in (男, 310105) three people
// ride once each; in (男, 310104) four people ride with one purpose only; in (女, 310105)
// five people with three purposes. The holder column is dropped but names the person.
func writeRides(t *testing.T, subject, ldiv string) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "datasets", "sh-transport"), 0o755)
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	y := strings.Replace(strings.Replace(rideDataset, "SUBJECT", subject, 1), "L_DIVERSITY", ldiv, 1)
	os.WriteFile(filepath.Join(dir, "datasets", "sh-transport", "rides.yaml"), []byte(y), 0o644)
	var b strings.Builder
	b.WriteString("card,holder,sex,district,purpose\n")
	add := func(person, sex, district, purpose string, n int) {
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "C-%s,H-%s,%s,%s,%s\n", person, person, sex, district, purpose)
		}
	}
	add("a", "女", "310104", "通勤", 12)
	add("b", "女", "310104", "就医", 4)
	for _, p := range []string{"c", "d", "e"} {
		add(p, "男", "310105", "通勤", 1)
	}
	for _, p := range []string{"f", "g", "h", "i"} {
		add(p, "男", "310104", "通勤", 2)
	}
	for i, p := range []string{"j", "k", "l", "m", "n"} {
		add(p, "女", "310105", []string{"通勤", "就医", "购物"}[i%3], 3)
	}
	os.WriteFile(filepath.Join(dir, "sources", "rides.csv"), []byte(b.String()), 0o644)
	return dir
}

// groupsOf decodes the Parquet file with Apache Arrow and returns, per (sex, district)
// group, the distinct card tokens and the distinct purposes.
func groupsOf(t *testing.T, path string) (people, purposes map[string]map[string]bool, kv map[string]string) {
	t.Helper()
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer rdr.Close()
	kv = map[string]string{}
	for _, k := range []string{"shuyuan.k", "shuyuan.subjects_suppressed", "shuyuan.rows_suppressed", "shuyuan.subject", "shuyuan.l"} {
		if v := rdr.MetaData().KeyValueMetadata().FindValue(k); v != nil {
			kv[k] = *v
		}
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
	str := func(col int, row int) string {
		c := tbl.Column(col).Data().Chunk(0)
		if d, ok := c.(*array.Dictionary); ok {
			return d.Dictionary().(*array.String).Value(d.GetValueIndex(row))
		}
		return c.(*array.String).Value(row)
	}
	names := map[string]int{}
	for i, f := range tbl.Schema().Fields() {
		names[f.Name] = i
		if _, ok := f.Type.(*arrow.DictionaryType); !ok && f.Type.ID() != arrow.STRING {
			t.Fatalf("column %s: %s", f.Name, f.Type)
		}
	}
	people, purposes = map[string]map[string]bool{}, map[string]map[string]bool{}
	for r := 0; r < int(tbl.NumRows()); r++ {
		g := str(names["sex"], r) + "/" + str(names["district"], r)
		if people[g] == nil {
			people[g], purposes[g] = map[string]bool{}, map[string]bool{}
		}
		people[g][str(names["card"], r)] = true
		purposes[g][str(names["purpose"], r)] = true
	}
	return people, purposes, kv
}

// TestKCountsPeople: every published group holds at least k distinct subject tokens,
// however many rows one person has; the subject may be a dropped column.
func TestKCountsPeople(t *testing.T) {
	for _, subject := range []string{"card", "holder"} {
		t.Run(subject, func(t *testing.T) {
			dir := writeRides(t, subject, "")
			out := t.TempDir()
			r := runPeople(t, dir, out)
			people, _, kv := groupsOf(t, filepath.Join(out, "data", "rides", "1.0.0", "rides.parquet"))
			for g, p := range people {
				if len(p) < 3 {
					t.Errorf("group %s holds %d people (k=3)", g, len(p))
				}
			}
			if len(people) != 3 || people["女/310104"] != nil {
				t.Errorf("published groups: %v (the 16 rows of 2 people must be suppressed)", people)
			}
			if r.K != 3 || r.RowsSuppressed != 16 || r.SubjectsSuppressed != 2 || r.RowsWritten != 26 {
				t.Errorf("k %d, suppressed %d rows / %d people, written %d; want 3, 16/2, 26", r.K, r.RowsSuppressed, r.SubjectsSuppressed, r.RowsWritten)
			}
			want := map[string]string{"shuyuan.k": "3", "shuyuan.subjects_suppressed": "2", "shuyuan.rows_suppressed": "16", "shuyuan.subject": subject}
			for k, v := range want {
				if kv[k] != v {
					t.Errorf("metadata %s = %q, want %q", k, kv[k], v)
				}
			}
			q, _ := os.ReadFile(filepath.Join(out, "data", "rides", "1.0.0", "quality.json"))
			var rep QualityReport
			if err := json.Unmarshal(q, &rep); err != nil || rep.Privacy == nil || rep.Privacy.KAchieved != 3 || rep.Privacy.GroupsSuppressed != 1 || rep.Privacy.Subjects != 14 {
				t.Errorf("quality.json privacy: %+v %v", rep.Privacy, err)
			}
			dp, _ := os.ReadFile(filepath.Join(out, "data", "rides", "1.0.0", "datapackage.json"))
			if !bytes.Contains(dp, []byte(`"subjects_suppressed": 2`)) || !bytes.Contains(dp, []byte(`"k_achieved": 3`)) {
				t.Errorf("datapackage.json lacks the privacy summary:\n%s", dp)
			}
		})
	}
}

// TestLDiversity: groups with fewer than l distinct sensitive values are suppressed
// even when they hold k people.
func TestLDiversity(t *testing.T) {
	dir := writeRides(t, "card", "l_diversity: {column: purpose, l: 2},")
	out := t.TempDir()
	r := runPeople(t, dir, out)
	people, purposes, kv := groupsOf(t, filepath.Join(out, "data", "rides", "1.0.0", "rides.parquet"))
	if len(people) != 1 || len(purposes["女/310105"]) != 3 {
		t.Errorf("published groups %v purposes %v: only 女/310105 has 3 people and 2+ purposes", people, purposes)
	}
	if r.L != 3 || kv["shuyuan.l"] != "3" || r.K != 5 || r.RowsSuppressed != 42-15 {
		t.Errorf("l %d (%q), k %d, suppressed %d", r.L, kv["shuyuan.l"], r.K, r.RowsSuppressed)
	}
}
