package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const extractDataset = `kind: Dataset
id: visits
version: 1.0.0
title: {zh: 就诊记录, en: Visits}
description: {zh: 命令行测试用的合成就诊记录，检查导出、校验和签名的退出码与输出。, en: Synthetic visits.}
department: sh-health
themes: [health]
open_type: unconditional
license: CC-BY-4.0
grade: general
level: 3
update: {frequency: daily, last_modified: 2026-11-01}
source: {format: csv, path: sources/visits.csv}
quality: {max_rejected: 0.5}
columns:
  - {name: pid, type: string, level: 3, personal_info: personal, role: direct-identifier, deid: {op: tokenize, key: "env:SHUYUAN_KEY_CLI_TEST"}}
  - {name: day, type: date, level: 1, personal_info: none, role: insensitive}
changelog:
  - {version: 1.0.0, date: 2026-11-01, summary: 首次}
`

func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Getenv: func(k string) string { return env[k] }}, args)
	return code, out.String(), errb.String()
}

func TestExtractAndVerify(t *testing.T) {
	cat := t.TempDir()
	os.MkdirAll(filepath.Join(cat, "datasets", "sh-health"), 0o755)
	os.MkdirAll(filepath.Join(cat, "sources"), 0o755)
	os.WriteFile(filepath.Join(cat, "datasets", "sh-health", "visits.yaml"), []byte(extractDataset), 0o644)
	os.WriteFile(filepath.Join(cat, "sources", "visits.csv"), []byte("pid,day\nA-1,2026-01-02\nA-2,2026年1月3日\nA-3,yesterday\n"), 0o644)
	site := t.TempDir()
	keys := t.TempDir()
	secret, pub := filepath.Join(keys, "k.key"), filepath.Join(keys, "k.pub")
	if code, _, errs := runCLI(t, nil, "keygen", "--demo", "--secret", secret, "--public", pub); code != 0 {
		t.Fatalf("keygen: %d %s", code, errs)
	}

	// a missing key: exit 1, the reference named
	code, _, errs := runCLI(t, nil, "extract", "--catalog", cat, "--out", site)
	if code != ExitFindings || !strings.Contains(errs, "env:SHUYUAN_KEY_CLI_TEST") {
		t.Errorf("missing key: exit %d, %s", code, errs)
	}
	env := map[string]string{"SHUYUAN_KEY_CLI_TEST": "cli-test-key-0123456789"}
	code, out, errs := runCLI(t, env, "extract", "--catalog", cat, "--out", site, "--sign-key", secret)
	if code != 0 || !strings.Contains(out, "visits 1.0.0: rows in 3, written 2, suppressed 0, rejected 1, k 0") ||
		!strings.Contains(out, "rejected line 4: column day: not a date") {
		t.Errorf("extract: exit %d\n%s%s", code, out, errs)
	}
	if strings.Contains(out+errs, "cli-test-key") || strings.Contains(out+errs, "A-1") {
		t.Errorf("output leaks a key or a personal value:\n%s%s", out, errs)
	}
	if code, out, _ := runCLI(t, nil, "verify", site, "--pubkey", pub); code != 0 || !strings.Contains(out, "signature: OK") {
		t.Errorf("verify: %d %s", code, out)
	}
	// the committed demo public key checks the same signature
	if code, out, _ := runCLI(t, nil, "verify", filepath.Join(site, "data", "visits", "1.0.0", "visits.parquet"), "--pubkey", "../../catalog/keys/portal.pub"); code != 0 {
		t.Errorf("verify one file with catalog/keys/portal.pub: %d %s", code, out)
	}
	os.WriteFile(filepath.Join(site, "data", "visits", "1.0.0", "datapackage.json"), []byte("{}"), 0o644)
	if code, out, _ := runCLI(t, nil, "verify", site, "--pubkey", pub); code != ExitFindings || !strings.Contains(out, "FAILED: visits/1.0.0/datapackage.json: checksum does not match") {
		t.Errorf("tampered: %d %s", code, out)
	}
	if code, _, _ := runCLI(t, nil, "verify"); code != ExitUsage {
		t.Errorf("verify without args: exit %d", code)
	}
	// unknown dataset: usage
	if code, _, errs := runCLI(t, env, "extract", "--catalog", cat, "--out", site, "nope"); code != ExitUsage {
		t.Errorf("unknown dataset: exit %d %s", code, errs)
	}
}

// TestExtractBrokenDataset: a dataset whose file does not load (here a key named
// by a variable without the SHUYUAN_KEY_ prefix) is reported with its findings,
// by name or not, never as "no dataset"; a failed extract into an empty folder
// leaves no SHA256SUMS there (no signed, empty list).
func TestExtractBrokenDataset(t *testing.T) {
	cat := t.TempDir()
	os.MkdirAll(filepath.Join(cat, "datasets", "sh-health"), 0o755)
	os.MkdirAll(filepath.Join(cat, "sources"), 0o755)
	broken := strings.Replace(extractDataset, "env:SHUYUAN_KEY_CLI_TEST", "env:PATH", 1)
	os.WriteFile(filepath.Join(cat, "datasets", "sh-health", "visits.yaml"), []byte(broken), 0o644)
	os.WriteFile(filepath.Join(cat, "sources", "visits.csv"), []byte("pid,day\nA-1,2026-01-02\n"), 0o644)
	env := map[string]string{"PATH": "/usr/bin:/bin", "SHUYUAN_KEY_CLI_TEST": "cli-test-key-0123456789"}
	for _, args := range [][]string{{"visits"}, nil} {
		site := filepath.Join(t.TempDir(), "site")
		code, out, errs := runCLI(t, env, append([]string{"extract", "--catalog", cat, "--out", site}, args...)...)
		if code != ExitFindings || !strings.Contains(errs, `datasets/sh-health/visits.yaml:16:117: error [schema]`) ||
			!strings.Contains(errs, `columns.0.deid.key "env:PATH"`) || strings.Contains(errs, "no dataset") {
			t.Errorf("extract %v: exit %d, want %d with the schema finding\n%s%s", args, code, ExitFindings, out, errs)
		}
		if _, err := os.Stat(filepath.Join(site, "data")); err == nil {
			t.Errorf("extract %v: a failed extract wrote data/ into an empty folder", args)
		}
	}
	// a source that fails: nothing published, so no SHA256SUMS
	os.WriteFile(filepath.Join(cat, "datasets", "sh-health", "visits.yaml"), []byte(extractDataset), 0o644)
	site := t.TempDir()
	if code, _, errs := runCLI(t, nil, "extract", "--catalog", cat, "--out", site); code != ExitFindings {
		t.Fatalf("missing key: exit %d %s", code, errs)
	}
	if entries, _ := os.ReadDir(site); len(entries) != 1 || entries[0].Name() != ".shuyuan-site" {
		t.Errorf("a failed extract into an empty folder left %v", entries)
	}
}
