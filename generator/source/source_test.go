package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/pii"
)

func fileCatalog(t testing.TB, src string, data []byte) *load.Catalog {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "datasets", "d"), 0o755)
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	y := fmt.Sprintf(`kind: Dataset
id: t
version: 1.0.0
title: 测试
description: 测试数据集，用于检查源文件读取：编码、标题行、分隔符、空值标记和行号。
department: d
themes: [x]
open_type: unconditional
license: CC0-1.0
grade: general
level: 1
update: {frequency: daily}
source: %s
columns:
  - {name: a, header: 甲, type: string, level: 1, personal_info: none, role: insensitive}
  - {name: b, header: 乙, type: string, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.0.0, date: 2026-01-01, summary: 首次}
`, src)
	os.WriteFile(filepath.Join(dir, "datasets", "d", "t.yaml"), []byte(y), 0o644)
	os.WriteFile(filepath.Join(dir, "sources", "s"), data, 0o644)
	cat, err := load.Load(dir)
	if err != nil || len(cat.Findings) > 0 || len(cat.Datasets) != 1 {
		t.Fatalf("load: %v %v", err, cat.Findings)
	}
	return cat
}

func dumpAll(t *testing.T, cat *load.Catalog) (string, error) {
	t.Helper()
	r, err := Open(context.Background(), cat, cat.Datasets[0])
	if err != nil {
		return "", err
	}
	defer r.Close()
	var b strings.Builder
	var rec Record
	for {
		err := r.Next(&rec)
		if err == io.EOF {
			return b.String(), nil
		}
		var re *RecordError
		if errors.As(err, &re) {
			fmt.Fprintf(&b, "%d:reject;", re.Line)
			continue
		}
		if err != nil {
			return b.String(), err
		}
		fmt.Fprintf(&b, "%d:", rec.Line)
		for _, v := range rec.Values {
			if v.Null {
				b.WriteString("<null>,")
			} else {
				b.WriteString(v.Text + ",")
			}
		}
		b.WriteString(";")
	}
}

func TestCSV(t *testing.T) {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("标题行,,\r\n乙,丙,甲\r\n二,x,一\r\n\"多\r\n行\",x,NULL\r\n只有一格\r\n,x, - \r\n")
	for _, c := range []struct {
		name, src string
		data      []byte
		want      string
	}{
		{"gbk title row crlf", `{format: csv, path: sources/s, encoding: gbk, skip_rows: 1, "null": ["", "NULL", "-"]}`, []byte(gbk),
			"3:一,二,;4:<null>,多\n行,;6:reject;7:<null>,<null>,;"},
		{"utf-8 bom zwsp semicolon", `{format: csv, path: sources/s, delimiter: ";"}`, []byte("\ufeff\u200b甲;乙\n1;2\n;\n"),
			"2:1,2,;3:<null>,<null>,;"},
		{"gb18030", `{format: csv, path: sources/s, encoding: gb18030}`, func() []byte {
			s, _ := simplifiedchinese.GB18030.NewEncoder().String("甲,乙\n𠀀,x\n")
			return []byte(s)
		}(), "2:𠀀,x,;"},
		{"bad utf-8 row rejected", `{format: csv, path: sources/s}`, []byte("甲,乙\n\xff\xfe,x\nok,y\n"), "2:reject;3:ok,y,;"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := dumpAll(t, fileCatalog(t, c.src, c.data))
			if err != nil || got != c.want {
				t.Errorf("got %q, %v\nwant %q", got, err, c.want)
			}
		})
	}
}

func TestCSVErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		data      []byte
		want      string
	}{
		{"missing header", `{format: csv, path: sources/s}`, []byte("甲,丙\n"), `has no column "乙"`},
		{"xlsx", `{format: csv, path: sources/s}`, []byte("PK\x03\x04rest"), "XLSX"},
		{"xls", `{format: csv, path: sources/s}`, []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0}, "XLS"},
		{"gbk without encoding", `{format: csv, path: sources/s}`, func() []byte { s, _ := simplifiedchinese.GBK.NewEncoder().String("甲,乙\n"); return []byte(s) }(), "encoding: gbk"},
		{"escape", `{format: csv, path: ../outside.csv}`, nil, "leaves the catalog"},
		{"missing file", `{format: csv, path: sources/none.csv}`, nil, "does not exist"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := dumpAll(t, fileCatalog(t, c.src, c.data))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "datasets/d/t.yaml:") {
				t.Errorf("got %v, want %q with a position", err, c.want)
			}
		})
	}
}

func TestJSONL(t *testing.T) {
	data := []byte("{\"甲\": \"一\", \"乙\": 2}\n\n{\"甲\": null}\nnot json\n{\"乙\": true, \"丙\": 1}\n{\"甲\": [1]}\n")
	got, err := dumpAll(t, fileCatalog(t, `{format: jsonl, path: sources/s}`, data))
	want := "1:一,2,;3:<null>,<null>,;4:reject;5:<null>,true,;6:reject;"
	if err != nil || got != want {
		t.Errorf("got %q, %v\nwant %q", got, err, want)
	}
}

// TestJSONLNullAndDuplicates: a line that is JSON but not an object (null, a
// number, an array) and an object with a key twice are rejected with their line,
// never read as a record of nulls or as the last of the duplicates.
func TestJSONLNullAndDuplicates(t *testing.T) {
	data := []byte("{\"甲\": \"一\"}\nnull\n  null  \n42\n[1]\n\"x\"\n{\"甲\": \"a\", \"甲\": \"b\"}\n" +
		"{\"甲\": \"{\\\"乙\\\": 1, \\\"乙\\\": 2}\", \"乙\": {\"x\": 1, \"x\": 2}}\n{\"乙\": \"ok\", \"甲\\u0000\": 1}\n")
	cat := fileCatalog(t, `{format: jsonl, path: sources/s}`, data)
	got, err := dumpAll(t, cat)
	want := "1:一,<null>,;2:reject;3:reject;4:reject;5:reject;6:reject;7:reject;8:reject;9:<null>,ok,;"
	if err != nil || got != want {
		t.Errorf("got %q, %v\nwant %q", got, err, want)
	}
	r, err := Open(context.Background(), cat, cat.Datasets[0])
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var reasons []string
	var rec Record
	for {
		err := r.Next(&rec)
		if err == io.EOF {
			break
		}
		var re *RecordError
		if errors.As(err, &re) {
			reasons = append(reasons, fmt.Sprintf("%d: %s", re.Line, re.Reason))
		}
	}
	all := strings.Join(reasons, "\n")
	for _, want := range []string{"2: not a JSON object", "7: key \"甲\" appears twice"} {
		if !strings.Contains(all, want) {
			t.Errorf("reasons:\n%s\nwant %q", all, want)
		}
	}
}

func TestSampler(t *testing.T) {
	cat := fileCatalog(t, `{format: csv, path: sources/s}`, []byte("甲,乙\n1,a\n2,\n3,c\n"))
	vals, ok, err := Sampler{}.Sample(cat, cat.Datasets[0], 2)
	if err != nil || !ok || strings.Join(vals["甲"], ",") != "1,2" || strings.Join(vals["乙"], ",") != "a,c" {
		t.Errorf("%v %v %v", vals, ok, err)
	}
}

func TestSamplerCache(t *testing.T) {
	cat := fileCatalog(t, `{format: csv, path: sources/s}`, []byte("甲,乙\n1,a\n2,\n3,c\n"))
	s := NewSampler()
	for i := range 2 { // the second call is answered from the cache
		vals, ok, err := s.Sample(cat, cat.Datasets[0], 2)
		if err != nil || !ok || strings.Join(vals["甲"], ",") != "1,2" || strings.Join(vals["乙"], ",") != "a,c" {
			t.Errorf("call %d: %v %v %v", i, vals, ok, err)
		}
	}
	if vals, _, _ := s.Sample(cat, cat.Datasets[0], 1); strings.Join(vals["甲"], ",") != "1" {
		t.Errorf("n is part of the key: got %v", vals)
	}
	bad := fileCatalog(t, `{format: csv, path: sources/none.csv}`, nil)
	for range 2 {
		if _, _, err := s.Sample(bad, bad.Datasets[0], 2); err == nil || !strings.Contains(err.Error(), "datasets/d/t.yaml:") {
			t.Errorf("got %v, want the error with the dataset's position", err)
		}
	}
}

// TestSamplerScanPII: the scan reads at most maxRows records and tallies every name,
// with the source lines (a quoted cell spans two lines), and answers a
// repeated call from the cache.
func TestSamplerScanPII(t *testing.T) {
	data := []byte("甲,乙\n电话13800000001,x\n\"多行\n13800000002\",13800000009\n无,\n13800000003,y\n")
	cat := fileCatalog(t, `{format: csv, path: sources/s}`, data)
	s := NewSampler()
	for i := range 2 {
		tl, ok, err := s.ScanPII(cat, cat.Datasets[0], 3)
		if err != nil || !ok || len(tl) != 2 || tl["甲"] == nil || tl["乙"].Hits(pii.Mobile) != 1 {
			t.Fatalf("call %d: %v %v %v", i, tl, ok, err)
		}
		f := tl["甲"].Judge()
		if len(f) != 1 || f[0].String() != "2 of 3 non-empty values hold mobile numbers (cn-mobile), first at source lines 2 and 3" {
			t.Errorf("call %d: %v", i, f)
		}
	}
	if tl, _, _ := (Sampler{}).ScanPII(cat, cat.Datasets[0], 10); tl["甲"].Cells != 4 || tl["甲"].Hits(pii.Mobile) != 3 {
		t.Errorf("all rows: %+v", tl["甲"])
	}
}

// BenchmarkScanPII measures undeclared-pii's read of a source: 20,000 CSV records of
// two columns (a free-text remark and a 16-digit order number) read and scanned.
func BenchmarkScanPII(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("甲,乙\n")
	for i := range 20000 {
		fmt.Fprintf(&sb, "第%d号办件材料齐全，已受理，联系电话021-6432%04d,%016d\n", i, i, 4000_0000_0000_0000+i*7919)
	}
	cat := fileCatalog(b, `{format: csv, path: sources/s}`, []byte(sb.String()))
	for b.Loop() {
		if _, ok, err := (Sampler{}).ScanPII(cat, cat.Datasets[0], 20000); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
