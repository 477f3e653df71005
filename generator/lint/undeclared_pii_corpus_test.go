package lint

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/source"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// beijingCorpus holds raw files of the Beijing public-data portal, under the
// repository's testdata/corpus (see its cn-raw/SOURCES.md).
const beijingCorpus = "cn-raw/beijing-opendata"

// TestUndeclaredPIIOnRealData declares every column of three real Beijing open-data
// files personal_info: none and checks which ones undeclared-pii reports: only the
// column of project managers' phone numbers. Taxpayer numbers (13% of them pass a bare
// Luhn check) and a column where 0.5% of values are individual traders' resident ids
// stay silent.
func TestUndeclaredPIIOnRealData(t *testing.T) {
	corpus := fixture.Corpus(t, beijingCorpus)
	cases := []struct {
		file, id string
		skipRows int
		want     []string // headers of the columns reported
		seen     string   // a recognizer that must match some sampled values, below 1%
	}{
		{"2022已通过过期施工现场备案.csv", "site-filings", 0, []string{"项目经理电话"}, ""},
		{"企业欠税公告信息.csv", "tax-arrears", 0, nil, ""},
		{"平谷城管执法局检查单公示（2021年第一季度）.csv", "pinggu-inspections", 1, nil, "cn-resident-id"},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			src, header := utf8CSV(t, filepath.Join(corpus, c.file), c.skipRows)
			var cols strings.Builder
			for i, h := range header {
				if h == "" {
					continue
				}
				fmt.Fprintf(&cols, "  - {name: c%d, header: %q, type: string, level: 1, personal_info: none, role: insensitive}\n", i, h)
			}
			dir := writeCase(t, filepath.Join("testdata", "base.txtar"))
			ds := fmt.Sprintf(`kind: Dataset
id: %s
version: 1.0.0
title: {zh: 真实数据, en: Real data}
description: {zh: 测试, en: Test}
department: sh-transport
themes: [transport]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: monthly}
source: {format: csv, path: sources/%s.csv}
columns:
%schangelog:
  - {version: 1.0.0, date: 2021-06-01, summary: {zh: 首次发布}}
`, c.id, c.id, cols.String())
			writeFile(t, filepath.Join(dir, "datasets", "sh-transport", c.id+".yaml"), []byte(ds))
			writeFile(t, filepath.Join(dir, "sources", c.id+".csv"), src)
			cat, err := load.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(cat.Findings) > 0 {
				t.Fatalf("the generated dataset does not load: %v", cat.Findings)
			}
			values, ok, err := source.NewSampler().Sample(cat, cat.Dataset(c.id), sampleSize)
			if err != nil || !ok {
				t.Fatalf("sampling: %v %v", ok, err)
			}
			if c.seen != "" {
				n := 0
				for _, vs := range values {
					for _, v := range vs {
						if validator.Get(c.seen)(v) {
							n++
						}
					}
				}
				if n == 0 {
					t.Errorf("no sampled value passes %s; the case no longer tests the 1%% threshold", c.seen)
				}
			}
			var got []string
			for _, f := range Run(cat, Options{Now: testNow}) {
				if f.Rule != "undeclared-pii" {
					continue
				}
				for i, h := range header {
					if strings.Contains(f.Message, fmt.Sprintf("column \"c%d\"", i)) {
						got = append(got, h)
					}
				}
				for _, vs := range values {
					for _, v := range vs {
						if len(v) >= 6 && strings.Contains(f.Message, v) {
							t.Errorf("finding echoes the value %q: %s", v, f)
						}
					}
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("undeclared-pii reported %v, want %v", got, c.want)
			}
		})
	}
}

// TestBareLuhnWouldMisfire documents why undeclared-pii and secret test bank cards
// with validator.LikelyBankCard: on real taxpayer numbers a bare Luhn check fires far
// above the 1% threshold.
func TestBareLuhnWouldMisfire(t *testing.T) {
	src, header := utf8CSV(t, fixture.Corpus(t, beijingCorpus+"/企业欠税公告信息.csv"), 0)
	col := -1
	for i, h := range header {
		if h == "纳税人识别号" {
			col = i
		}
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	recs, err := r.ReadAll()
	if err != nil || col < 0 {
		t.Fatalf("reading taxpayer numbers: %v (column %d)", err, col)
	}
	bare, likely, n := 0, 0, 0
	for _, rec := range recs[1:] {
		if col >= len(rec) || strings.TrimSpace(rec[col]) == "" {
			continue
		}
		n++
		if validator.ValidBankCard(rec[col]) {
			bare++
		}
		if validator.LikelyBankCard(rec[col]) {
			likely++
		}
	}
	if 100*bare <= n || 100*likely > n {
		t.Errorf("of %d taxpayer numbers %d pass bare Luhn and %d LikelyBankCard; want >1%% and ≤1%%", n, bare, likely)
	}
}

// utf8CSV reads a corpus CSV as UTF-8 (decoding GBK), drops skipRows title lines
// and returns it with its header row.
func utf8CSV(t *testing.T, path string, skipRows int) ([]byte, []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		if b, err = simplifiedchinese.GBK.NewDecoder().Bytes(b); err != nil {
			t.Fatal(err)
		}
	}
	for range skipRows {
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	return b, header
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
