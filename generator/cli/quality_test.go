package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

const qualityDataset = `kind: Dataset
id: licences
version: 1.0.0
title: {zh: 许可, en: Licences}
description: {zh: 测试用的许可记录。, en: Test licences.}
department: sh-market-regulation
themes: [economy]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 1
update: {frequency: daily, last_modified: 2026-11-01}
source: {format: csv, path: sources/licences.csv}
columns:
  - {name: licence_no, type: string, level: 1, personal_info: none, role: insensitive, constraints: {required: true, unique: true}}
  - {name: holder_uscc, type: string, level: 1, personal_info: none, role: insensitive, detector: uscc}
  - {name: issued, type: date, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.0.0, date: 2026-11-01, summary: 首次}
`

func uscc(seq int) string {
	s := fmt.Sprintf("91310000MA1K%05d", seq)
	c, ok := validator.USCCCheckChar(s)
	if !ok {
		panic(s)
	}
	return s + string(c)
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[rel] = string(b)
		}
		return nil
	})
	return m
}

// TestQualityFailuresKeepOutput: a repeat in a unique column, a credit code with a
// wrong check character and a source whose rows are all rejected each fail the extract
// with exit 1, naming dataset, column and line, and leave the published files and
// SHA256SUMS byte-identical.
func TestQualityFailuresKeepOutput(t *testing.T) {
	cat := t.TempDir()
	os.MkdirAll(filepath.Join(cat, "datasets", "sh-market-regulation"), 0o755)
	os.MkdirAll(filepath.Join(cat, "sources"), 0o755)
	os.WriteFile(filepath.Join(cat, "datasets", "sh-market-regulation", "licences.yaml"), []byte(qualityDataset), 0o644)
	good := "licence_no,holder_uscc,issued\n"
	for i := 1; i <= 6; i++ {
		good += fmt.Sprintf("L%03d,%s,2026-10-0%d\n", i, uscc(i), i)
	}
	src := filepath.Join(cat, "sources", "licences.csv")
	os.WriteFile(src, []byte(good), 0o644)
	keys := t.TempDir()
	secret := filepath.Join(keys, "k.key")
	if code, _, errs := runCLI(t, nil, "keygen", "--demo", "--secret", secret, "--public", filepath.Join(keys, "k.pub")); code != 0 {
		t.Fatalf("keygen: %d %s", code, errs)
	}
	site := t.TempDir()
	if code, out, errs := runCLI(t, nil, "extract", "--catalog", cat, "--out", site, "--sign-key", secret); code != 0 || !strings.Contains(out, "rows in 6, written 6") {
		t.Fatalf("first extract: exit %d\n%s%s", code, out, errs)
	}
	before := snapshot(t, site)
	if _, ok := before[filepath.Join("data", "licences", "1.0.0", "quality.json")]; !ok {
		t.Fatalf("no quality.json: %v", before)
	}
	if !strings.Contains(before[filepath.Join("data", "SHA256SUMS")], "licences/1.0.0/quality.json") {
		t.Errorf("quality.json is not in SHA256SUMS")
	}
	bad := uscc(7)
	bad = bad[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", bad[17])+1)%31])
	for _, c := range []struct {
		name, csv string
		want      []string
	}{
		{"unique repeat", good + "L003," + uscc(8) + ",2026-10-08\n", []string{"dataset licences", "line 8 column licence_no: repeats the value of line 4 (constraints.unique)", "1 of 7 source rows rejected"}},
		{"bad check character", good + "L009," + bad + ",2026-10-09\n", []string{"dataset licences", "line 8 column holder_uscc: not a valid uscc", "1 of 7 source rows rejected"}},
		{"all rejected", "licence_no,holder_uscc,issued\nL001,x,2026-10-01\n,y,2026-10-02\n", []string{"dataset licences: all 2 source rows were rejected", "line 2 column holder_uscc", "line 3 column licence_no: value is required"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.WriteFile(src, []byte(c.csv), 0o644)
			code, out, errs := runCLI(t, nil, "extract", "--catalog", cat, "--out", site, "--sign-key", secret)
			if code != ExitFindings {
				t.Errorf("exit %d, want %d\n%s%s", code, ExitFindings, out, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("message lacks %q:\n%s", w, errs)
				}
			}
			after := snapshot(t, site)
			if len(after) != len(before) {
				t.Errorf("files changed: %d before, %d after", len(before), len(after))
			}
			for name, b := range before {
				if after[name] != b {
					t.Errorf("%s changed", name)
				}
			}
		})
	}
}
