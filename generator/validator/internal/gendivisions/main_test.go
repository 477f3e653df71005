package main

import (
	"bytes"
	"os"
	"testing"
)

// TestTableUpToDate regenerates the division table from the shared corpus and
// compares it with the embedded divisions.txt.
func TestTableUpToDate(t *testing.T) {
	const dir = "../../../../../shared/corpus/cn-reference/admin-divisions"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not on this machine: %v", err)
	}
	var buf bytes.Buffer
	if err := run(&buf, dir); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../divisions.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), have) {
		t.Error("divisions.txt differs from the corpus: run go generate ./generator/validator")
	}
}
