package main

import (
	"bytes"
	"os"
	"testing"
)

// TestTableUpToDate regenerates the division table from the division list kept in
// admin-divisions and compares it with the embedded divisions.txt.
func TestTableUpToDate(t *testing.T) {
	const dir = "admin-divisions"
	var buf bytes.Buffer
	if err := run(&buf, dir); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("../../divisions.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), have) {
		t.Error("divisions.txt differs from the list in admin-divisions: run go generate ./generator/validator")
	}
}
