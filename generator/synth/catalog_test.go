package synth

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// TestCatalogReadsGeneratedColumns checks that every dataset of the default catalog whose
// source is a generated file names only headers (or JSON keys) the file has, so changing
// the generator or a definition cannot silently break an extract.
func TestCatalogReadsGeneratedColumns(t *testing.T) {
	cat, err := load.Load("../../catalog")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range mustFiles(t) {
		files[f.Path] = f.Data
	}
	used := map[string]bool{}
	for _, ds := range cat.Datasets {
		src := ds.V.Source
		if src == nil || (src.Format != "csv" && src.Format != "jsonl") {
			continue
		}
		data, ok := files[src.Path]
		if !ok {
			continue // a hand-made source, not ours
		}
		used[src.Path] = true
		have := map[string]bool{}
		switch src.Format {
		case "csv":
			if src.Encoding == "gbk" || src.Encoding == "gb18030" {
				if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
					t.Fatalf("%s: %v", src.Path, err)
				}
			}
			data = bytes.TrimPrefix(data, []byte("\ufeff"))
			for i := 0; i < src.SkipRows; i++ {
				data = data[bytes.IndexByte(data, '\n')+1:]
			}
			header, err := csv.NewReader(bytes.NewReader(data)).Read()
			if err != nil {
				t.Fatalf("%s: %v", src.Path, err)
			}
			for _, h := range header {
				have[h] = true
			}
		case "jsonl":
			sc := bufio.NewScanner(bytes.NewReader(data))
			sc.Buffer(nil, 1<<20)
			sc.Scan()
			var rec map[string]any
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatalf("%s: %v", src.Path, err)
			}
			for k := range rec {
				have[k] = true
			}
		}
		for _, col := range ds.V.Columns {
			if !have[col.SourceName()] {
				t.Errorf("%s: column %s reads %q, which %s does not have", ds.Path, col.Name, col.SourceName(), src.Path)
			}
		}
	}
	for p := range files {
		if !used[p] {
			t.Errorf("%s is generated but no dataset reads it", p)
		}
	}
}

// selectFrom reads the columns and the table of a query of the form the default
// catalog's postgres sources use: "select a, b, c from schema.table".
var selectFrom = regexp.MustCompile(`^select (.+) from ([a-z_]+)\.([a-z_]+)$`)

// sqlTypeFits says which PostgreSQL types of a table column a declared column type
// reads (the postgres source decodes these).
func sqlTypeFits(declared, sqlType string) bool {
	base := strings.Fields(sqlType)[0]
	switch declared {
	case "string":
		return strings.HasPrefix(base, "varchar") || strings.HasPrefix(base, "char") || base == "text"
	case "integer":
		return base == "integer" || base == "bigint" || base == "smallint"
	case "number":
		return strings.HasPrefix(base, "numeric") || base == "double" || base == "integer" || base == "bigint"
	case "boolean":
		return base == "boolean"
	case "date":
		return base == "date"
	case "datetime":
		return base == "timestamptz"
	}
	return false
}

// TestCatalogReadsGeneratedTables checks that every dataset of the default catalog
// whose source is a department database reads a table of Tables, in the database of
// its connection variable, selecting only columns the table has, of types its
// declared column types read; and that every table is read by a dataset.
func TestCatalogReadsGeneratedTables(t *testing.T) {
	cat, err := load.Load("../../catalog")
	if err != nil {
		t.Fatal(err)
	}
	tables := map[string]Table{}
	for _, tb := range Tables() {
		tables[tb.Env+" "+tb.Schema+"."+tb.Name] = tb
	}
	used := map[string]bool{}
	n := 0
	for _, d := range cat.Datasets {
		src := d.V.Source
		if src == nil || src.Format != "postgres" {
			continue
		}
		n++
		m := selectFrom.FindStringSubmatch(src.Query)
		if m == nil {
			t.Errorf("%s: query %q is not of the form select …, … from schema.table", d.Path, src.Query)
			continue
		}
		key := src.DSNEnv + " " + m[2] + "." + m[3]
		tb, ok := tables[key]
		if !ok {
			t.Errorf("%s: no generated table %s.%s in the database of %s", d.Path, m[2], m[3], src.DSNEnv)
			continue
		}
		used[key] = true
		types := map[string]string{}
		for _, c := range tb.Columns {
			types[c.Name] = c.Type
		}
		for _, c := range d.V.Columns {
			sqlType, ok := types[c.SourceName()]
			switch {
			case !strings.Contains(", "+m[1]+", ", ", "+c.SourceName()+", "):
				t.Errorf("%s: column %s is not in the select list %q", d.Path, c.Name, m[1])
			case !ok:
				t.Errorf("%s: column %s reads %s, which table %s.%s does not have", d.Path, c.Name, c.SourceName(), m[2], m[3])
			case !sqlTypeFits(c.Type, sqlType) && (c.Deid == nil || c.Deid.Op != "derive"):
				t.Errorf("%s: column %s is %s, the table's %s is %s", d.Path, c.Name, c.Type, c.SourceName(), sqlType)
			}
		}
	}
	if n == 0 {
		t.Fatal("the default catalog has no dataset read from PostgreSQL")
	}
	for key := range tables {
		if !used[key] {
			t.Errorf("table %s is generated but no dataset reads it", key)
		}
	}
}
