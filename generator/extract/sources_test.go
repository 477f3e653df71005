package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// stationsYAML is a small dataset over sources/stations.csv; %SOURCE% is replaced
// by extra source settings.
const stationsYAML = `kind: Dataset
id: stations
version: 1.0.0
title: {zh: 站点客流, en: Station entries}
description: {zh: 测试用的站点客流，检查源文件在导出时被改动或与定义不符时的处理。, en: Test data.}
department: sh-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: daily, last_modified: 2026-11-01}
source: {format: csv, path: sources/stations.csv%SOURCE%}
columns:
  - {name: station, type: string, level: 1, personal_info: none, role: insensitive}
  - {name: day, type: date, level: 1, personal_info: none, role: insensitive}
  - {name: entries, type: integer, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.0.0, date: 2026-11-01, summary: 首次}
`

const stationsCSV = "station,day,entries\n人民广场,2026-01-01,5\n徐家汇,2026-01-01,7\n静安寺,2026-01-02,3\n"

// stationsCatalog writes the dataset and its source into a new catalog directory.
func stationsCatalog(t *testing.T, source string, csv []byte) string {
	t.Helper()
	dir := t.TempDir()
	write := func(rel string, b []byte) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("datasets/sh-transport/stations.yaml", []byte(strings.Replace(stationsYAML, "%SOURCE%", source, 1)))
	write("sources/stations.csv", csv)
	return dir
}

func runStations(dir, out string) error {
	return runStationsAfterRead(dir, out, nil)
}

// runStationsAfterRead is runStations with afterRead run once the source was read.
func runStationsAfterRead(dir, out string, afterRead func(string)) error {
	_, priv := sign.DemoKey()
	cat, err := load.Load(dir)
	if err != nil {
		return err
	}
	if len(cat.Findings) > 0 {
		return fmt.Errorf("catalog does not load: %v", cat.Findings)
	}
	_, err = Run(context.Background(), cat, Options{OutDir: out, SignKey: string(sign.SecretKeyText(priv)), afterRead: afterRead})
	return err
}

// TestSourceChangedWhileRead: a source appended to, truncated, rewritten or
// replaced while the extract reads it fails the dataset (exit 1) and publishes
// nothing: the previous files and SHA256SUMS stay byte-identical.
func TestSourceChangedWhileRead(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(p string)
		want   string
	}{
		{"appended", func(p string) {
			f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			f.WriteString("龙阳路,2026-01-03,9\n")
			f.Close()
		}, "bytes when opened"},
		{"truncated", func(p string) { os.Truncate(p, 30) }, "bytes when opened"},
		{"rewritten in place, same size", func(p string) {
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte("5"), []byte("6"), 1), 0o644)
			later := time.Now().Add(time.Second)
			os.Chtimes(p, later, later)
		}, "was modified while it was read"},
		{"replaced by rename", func(p string) {
			os.WriteFile(p+".new", []byte(stationsCSV), 0o644)
			os.Rename(p+".new", p)
		}, "replaced by another file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := stationsCatalog(t, "", []byte(stationsCSV))
			out := t.TempDir()
			if err := runStations(dir, out); err != nil {
				t.Fatal(err)
			}
			before := testcat.Tree(t, out)
			err := runStationsAfterRead(dir, out, func(string) { tc.change(filepath.Join(dir, "sources", "stations.csv")) })
			var xe *Error
			if !errors.As(err, &xe) || xe.IO || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), "datasets/sh-transport/stations.yaml:13:") || !strings.Contains(err.Error(), "nothing of stations was published") {
				t.Fatalf("err = %v, want a dataset failure saying %q at source.path", err, tc.want)
			}
			after := testcat.Tree(t, out)
			if len(after) != len(before) {
				t.Errorf("%d files before, %d after", len(before), len(after))
			}
			for p, b := range before {
				if !bytes.Equal(b, after[p]) {
					t.Errorf("%s changed although the extract failed", p)
				}
			}
		})
	}
}

// TestRejectedRowsSayWhy: rejected rows fail the extract (quality.max_rejected is
// 0 by default) with the share, the limit, the first lines and the likely cause;
// a dataset with every row rejected publishes nothing and leaves the previous
// files and SHA256SUMS byte-identical.
func TestRejectedRowsSayWhy(t *testing.T) {
	gbk := append([]byte("station,day,entries\n"), mustGBK("人民广场,2026-01-01,5\n徐家汇,2026-01-01,7\nA,2026-01-02,3\n")...)
	for _, tc := range []struct {
		name, source string
		csv          []byte
		want         []string
	}{
		{"GBK read as UTF-8", "", gbk, []string{"2 of 3 source rows rejected (66.67%), more than quality.max_rejected 0%", "first rejected: line 2: a field is not valid UTF-8", "likely cause: most rejected rows are not valid UTF-8, so the file is probably GBK"}},
		{"replacement characters", "", []byte("station,day,entries\n人民\uFFFD场,2026-01-01,5\n徐\uFFFD汇,2026-01-01,7\nA,2026-01-02,3\n"), []string{"likely cause: most rejected rows hold U+FFFD replacement characters, so the file is not in the encoding declared (utf-8)"}},
		{"wrong delimiter in the rows", "", []byte("station,day,entries\n人民广场;2026-01-01;5\n徐家汇;2026-01-01;7\nA,2026-01-02,3\n"), []string{"line 2: the record has 1 fields, the header has 3", `likely cause: most rejected rows have another number of fields than the header, so the delimiter (",")`}},
		{"wrong delimiter everywhere", "", []byte("station;day;entries\n人民广场;2026-01-01;5\n"), []string{`the header was read as one column holding ";": the file is probably separated by ";", not ","; set source.delimiter: ";"`}},
		{"a column that does not fit", "", []byte("station,day,entries\n人民广场,2026-01-01,n/a\n徐家汇,2026-01-01,-\nA,2026-01-02,3\n"), []string{"likely cause: most rejected rows fail on column entries"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := runStations(stationsCatalog(t, tc.source, tc.csv), t.TempDir())
			var xe *Error
			if !errors.As(err, &xe) || xe.IO {
				t.Fatalf("err = %v, want a dataset failure", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}

	t.Run("a share under quality.max_rejected is published", func(t *testing.T) {
		dir := stationsCatalog(t, "", gbk)
		p := filepath.Join(dir, "datasets", "sh-transport", "stations.yaml")
		b, _ := os.ReadFile(p)
		os.WriteFile(p, bytes.Replace(b, []byte("changelog:"), []byte("quality: {max_rejected: 0.7}\nchangelog:"), 1), 0o644)
		if err := runStations(dir, t.TempDir()); err != nil {
			t.Errorf("2 of 3 rejected under max_rejected 0.7: %v", err)
		}
	})

	t.Run("all rejected", func(t *testing.T) {
		dir := stationsCatalog(t, "", []byte(stationsCSV))
		out := t.TempDir()
		if err := runStations(dir, out); err != nil {
			t.Fatal(err)
		}
		before := testcat.Tree(t, out)
		os.WriteFile(filepath.Join(dir, "sources", "stations.csv"), []byte("station,day,entries\nA,yesterday,1\nB,today,2\n"), 0o644)
		err := runStations(dir, out)
		if err == nil || !strings.Contains(err.Error(), "all 2 source rows were rejected, nothing is published") || !strings.Contains(err.Error(), "likely cause: most rejected rows fail on column day") {
			t.Fatalf("err = %v", err)
		}
		after := testcat.Tree(t, out)
		if len(after) != len(before) || len(before) < 4 {
			t.Errorf("%d files before, %d after", len(before), len(after))
		}
		for p, b := range before {
			if !bytes.Equal(b, after[p]) {
				t.Errorf("%s changed although every row was rejected", p)
			}
		}
	})
}
