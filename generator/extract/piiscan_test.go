package extract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// piiCatalog copies testdata/pii into a temporary directory with a source of rows
// rows: random 16-digit order numbers, and remarks that hold a resident id in the
// rows for which hidden returns true (whose ids it returns).
func piiCatalog(t *testing.T, dir string, rows int, hidden func(i int) bool) (ids []string) {
	t.Helper()
	yml, err := os.ReadFile("testdata/pii/datasets/sh-transport/remarks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "datasets", "sh-transport"), 0o755)
	os.MkdirAll(filepath.Join(dir, "sources"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "datasets", "sh-transport", "remarks.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 16))
	var b strings.Builder
	b.WriteString("seq,order_no,remark\n")
	for i := range rows {
		remark := "材料齐全，已受理"
		if hidden(i) {
			id := residentID("310104", fmt.Sprintf("19%02d0%d1%d", 50+i%40, 1+i%9, i%10), i%1000)
			ids = append(ids, id)
			remark = "申请人身份证号:" + id + "，已核验"
		}
		fmt.Fprintf(&b, "%d,%d,%s\n", i+1, 1_000_000_000_000_000+r.Int64N(9_000_000_000_000_000), remark)
	}
	if err := os.WriteFile(filepath.Join(dir, "sources", "remarks.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestExtractScansEveryRow: resident ids hidden in the free text of a column
// declared personal_info: none after the first 20,000 rows (beyond what lint reads)
// fail the extract with the dataset, column, kind, counts and first source lines,
// never a value; the previously published files and SHA256SUMS stay as they were.
// Random 16-digit order numbers do not count as bank cards.
func TestExtractScansEveryRow(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	_, priv := sign.DemoKey()
	opts := Options{OutDir: out, SignKey: string(sign.SecretKeyText(priv))}
	piiCatalog(t, dir, 30000, func(int) bool { return false })
	if _, err := Run(context.Background(), loadCat(t, dir), opts); err != nil {
		t.Fatalf("clean source: %v", err)
	}
	sums := filepath.Join(out, "data", sign.SumsFile)
	pq := filepath.Join(out, "data", "remarks", "1.0.0", "remarks.parquet")
	sumsBefore, _ := os.ReadFile(sums)
	pqBefore, _ := os.ReadFile(pq)

	ids := piiCatalog(t, dir, 30000, func(i int) bool { return i >= 25000 && i%10 == 0 })
	_, err := Run(context.Background(), loadCat(t, dir), opts)
	var xe *Error
	if !errors.As(err, &xe) || xe.IO || xe.Dataset != "remarks" {
		t.Fatalf("want a dataset failure of remarks, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		"extract remarks: datasets/sh-transport/remarks.yaml:28:20: undeclared-pii: column \"remark\"",
		"500 of 30000 non-empty values hold resident id numbers (cn-resident-id), first at source lines 25002, 25012 and 25022",
		"declare personal_info: personal", "nothing is written",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q\nlacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "order_no") || strings.Contains(msg, "bank-card") {
		t.Errorf("random order numbers reported: %s", msg)
	}
	for _, id := range ids {
		if strings.Contains(msg, id) || strings.Contains(msg, id[:10]) {
			t.Fatalf("the error echoes a value: %s", msg)
		}
	}
	if b, _ := os.ReadFile(sums); !bytes.Equal(b, sumsBefore) {
		t.Errorf("SHA256SUMS changed after a failed extract")
	}
	if b, _ := os.ReadFile(pq); !bytes.Equal(b, pqBefore) {
		t.Errorf("the published Parquet changed after a failed extract")
	}

	// Declared personal and dropped, the column no longer blocks.
	p := filepath.Join(dir, "datasets", "sh-transport", "remarks.yaml")
	yml, _ := os.ReadFile(p)
	yml = bytes.Replace(yml, []byte("  - name: remark\n    type: string\n    level: 1\n    personal_info: none\n    role: insensitive\n"),
		[]byte("  - name: remark\n    type: string\n    level: 2\n    personal_info: personal\n    role: sensitive\n    deid: {op: drop}\n"), 1)
	os.WriteFile(p, yml, 0o644)
	if _, err := Run(context.Background(), loadCat(t, dir), opts); err != nil {
		t.Fatalf("declared personal and dropped: %v", err)
	}
}
