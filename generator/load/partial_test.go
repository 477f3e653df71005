package load

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDecodeInPart: a dataset that fails the schema is decoded as far as it can be;
// the values the schema rejected and those that do not fit are zero and marked
// invalid, list items keep their index, and the rest is decoded.
func TestDecodeInPart(t *testing.T) {
	src := `kind: Dataset
id: visits
version: 1.0.0
title: {zh: 就诊, en: Visits}
description: {zh: 就诊记录, en: Visits}
department: sh-health
themes: [health]
open_type: conditional
level: three
update: {frequency: montly, last_modified: 2026-10-15}
columns:
  - just a string
  - name: resident_id
    type: string
    level: 3
    personal_info: sensitive
    role: direct-identifier
    deid: {op: scramble}
changelog:
  - {version: 1.0.0, date: 2021-06-01, summary: 首次发布}
`
	dir := t.TempDir()
	p := filepath.Join(dir, "datasets", "sh-health", "visits.yaml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Datasets) != 0 {
		t.Fatal("a dataset with schema errors is among the datasets")
	}
	all := cat.WithPartial()
	if len(all.Datasets) != 1 || all.Dataset("visits") == nil {
		t.Fatalf("the partly decoded dataset is not in WithPartial: %d", len(all.Datasets))
	}
	d := all.Dataset("visits")
	v := d.V
	if !d.Partial() || v.Department != "sh-health" || v.OpenType != "conditional" || v.Update.LastModified != "2026-10-15" {
		t.Errorf("decoded in part: %+v", v)
	}
	if v.Level != 0 || v.Update.Frequency != "" || len(v.Columns) != 2 || v.Columns[0].Name != "" || v.Columns[1].Name != "resident_id" || v.Columns[1].Deid == nil || v.Columns[1].Deid.Op != "" {
		t.Errorf("invalid values not left zero, or items moved: level %d, frequency %q, columns %+v", v.Level, v.Update.Frequency, v.Columns)
	}
	for _, c := range []struct {
		path    []any
		invalid bool
	}{
		{[]any{"level"}, true},
		{[]any{"update", "frequency"}, true},
		{[]any{"update"}, true}, // holds an invalid value
		{[]any{"update", "last_modified"}, false},
		{[]any{"grade"}, true}, // required and missing
		{[]any{"columns", 0}, true},
		{[]any{"columns", 1, "deid"}, true},
		{[]any{"columns", 1, "deid", "op"}, true},
		{[]any{"columns", 1, "personal_info"}, false},
		{[]any{"department"}, false},
		{[]any{"title"}, false},
	} {
		if got := d.Invalid(c.path...); got != c.invalid {
			t.Errorf("Invalid%v = %v, want %v", c.path, got, c.invalid)
		}
	}
	for _, f := range cat.Files {
		if f != d.File && (f.Partial() || f.Invalid("id")) {
			t.Errorf("%s: marked partial", f.Path)
		}
	}
}
