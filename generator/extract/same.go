package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// SameContent compares two extracts of one dataset version, the published one in
// oldDir and a new one in newDir (each a data/<id>/<version>/ folder), by what they
// hold rather than by their bytes: the same file names; for each Parquet file the
// same schema, key-value metadata and rows in the same order; datapackage.json the
// same but for the files' sizes and hashes; every other file byte for byte. The
// encoding may differ (a newer shuyuan or parquet-go, another created_by). An
// extract published before shuyuan wrote CSV downloads has no CSV files: the CSV
// files being the Parquet rows again, such a version holds the same data as a new
// extract with them (and keeps its published files, without CSV). It returns ""
// when they hold the same data, else what differs first.
func SameContent(oldDir, newDir string) (string, error) {
	names := func(dir string) ([]string, error) {
		es, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, e := range es {
			if !e.IsDir() {
				out = append(out, e.Name())
			}
		}
		slices.Sort(out)
		return out, nil
	}
	oldNames, err := names(oldDir)
	if err != nil {
		return "", err
	}
	newNames, err := names(newDir)
	if err != nil {
		return "", err
	}
	noCSV := !slices.ContainsFunc(oldNames, isCSV)
	if noCSV {
		newNames = slices.DeleteFunc(newNames, isCSV)
	}
	if !slices.Equal(oldNames, newNames) {
		return fmt.Sprintf("the published files are %s, the new extract's %s", strings.Join(oldNames, ", "), strings.Join(newNames, ", ")), nil
	}
	for _, n := range oldNames {
		a, b := filepath.Join(oldDir, n), filepath.Join(newDir, n)
		var diff string
		switch {
		case strings.HasSuffix(n, ".parquet"):
			diff, err = sameParquet(a, b)
		case n == "datapackage.json":
			diff, err = sameDataPackage(a, b, noCSV)
		default:
			diff, err = sameBytes(a, b)
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", n, err)
		}
		if diff != "" {
			return n + ": " + diff, nil
		}
	}
	return "", nil
}

func sameBytes(a, b string) (string, error) {
	x, err := os.ReadFile(a)
	if err != nil {
		return "", err
	}
	y, err := os.ReadFile(b)
	if err != nil {
		return "", err
	}
	if !bytes.Equal(x, y) {
		return "the contents differ", nil
	}
	return "", nil
}

func isCSV(name string) bool { return strings.HasSuffix(name, ".csv") }

// sameDataPackage compares two datapackage.json files without the resources'
// bytes and hash, which follow the encoding of the Parquet files, and without the
// CSV resources when noCSV.
func sameDataPackage(a, b string, noCSV bool) (string, error) {
	read := func(p string) ([]byte, error) {
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var dp map[string]any
		if err := json.Unmarshal(raw, &dp); err != nil {
			return nil, err
		}
		if rs, ok := dp["resources"].([]any); ok {
			kept := rs[:0]
			for _, r := range rs {
				if m, ok := r.(map[string]any); ok {
					if noCSV && m["format"] == "csv" {
						continue
					}
					delete(m, "bytes")
					delete(m, "hash")
				}
				kept = append(kept, r)
			}
			dp["resources"] = kept
		}
		return json.Marshal(dp)
	}
	x, err := read(a)
	if err != nil {
		return "", err
	}
	y, err := read(b)
	if err != nil {
		return "", err
	}
	if !bytes.Equal(x, y) {
		return "the descriptions differ (title, licence, keywords, schema or row counts)", nil
	}
	return "", nil
}

// sameParquet compares two Parquet files by schema, key-value metadata and rows.
func sameParquet(a, b string) (diff string, err error) {
	defer func() {
		if r := recover(); r != nil { // parquet-go panics on some damaged files
			err = fmt.Errorf("cannot read the Parquet file: %v", r)
		}
	}()
	open := func(p string) (*parquet.File, *os.File, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return pf, f, nil
	}
	x, fx, err := open(a)
	if err != nil {
		return "", err
	}
	defer fx.Close()
	y, fy, err := open(b)
	if err != nil {
		return "", err
	}
	defer fy.Close()
	if x.Schema().String() != y.Schema().String() {
		return "the columns differ", nil
	}
	kv := func(f *parquet.File) map[string]string {
		m := map[string]string{}
		for _, e := range f.Metadata().KeyValueMetadata {
			m[e.Key] = e.Value
		}
		return m
	}
	kx, ky := kv(x), kv(y)
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range kx {
			if !yield(k) {
				return
			}
		}
		for k := range ky {
			if _, ok := kx[k]; !ok && !yield(k) {
				return
			}
		}
	}) {
		if kx[k] != ky[k] {
			return fmt.Sprintf("%s was %q, is now %q", k, kx[k], ky[k]), nil
		}
	}
	if x.NumRows() != y.NumRows() {
		return fmt.Sprintf("%d rows were published, the new extract has %d", x.NumRows(), y.NumRows()), nil
	}
	rx, ry := parquet.NewReader(x), parquet.NewReader(y)
	defer rx.Close()
	defer ry.Close()
	bx, by := make([]parquet.Row, 256), make([]parquet.Row, 256)
	var row int64
	for {
		n, errX := rx.ReadRows(bx)
		m, errY := ry.ReadRows(by[:n])
		if m != n {
			return fmt.Sprintf("the rows differ from row %d", row+int64(min(n, m))+1), nil
		}
		for i := 0; i < n; i++ {
			if !bx[i].Equal(by[i]) {
				return fmt.Sprintf("row %d differs", row+int64(i)+1), nil
			}
		}
		row += int64(n)
		if errors.Is(errX, io.EOF) {
			return "", nil
		}
		if errX != nil {
			return "", errX
		}
		if errY != nil && !errors.Is(errY, io.EOF) {
			return "", errY
		}
	}
}
