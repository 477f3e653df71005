package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
)

// beijingCorpus holds raw files downloaded from the Beijing public data open platform,
// under the repository's testdata/corpus (see its cn-raw/SOURCES.md).
const beijingCorpus = "cn-raw/beijing-opendata"

// TestBeijingCorpus extracts every CSV of the corpus, each described by a fixture in
// testdata/beijing: GBK and UTF-8 (with BOM, zero-width spaces, CRLF and LF, quoted
// newlines and tabs, title rows), and the two Excel workbooks saved as .csv, which
// must fail with a clear message rather than crash. Every column is declared
// personal_info: none, so the file whose penalty texts name the companies' trucks by
// their plates (bj-24, 法人行政处罚信息) fails the undeclared-PII scan.
func TestBeijingCorpus(t *testing.T) {
	files := fixture.Files(t, beijingCorpus)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/beijing")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "sources", "beijing"), 0o755)
	n := 0
	for _, p := range files {
		if !strings.HasSuffix(p, ".csv") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sources", "beijing", filepath.Base(p)), b, 0o644); err != nil {
			t.Fatal(err)
		}
		n++
	}
	cat := loadCat(t, dir)
	if len(cat.Datasets) != n || n < 33 {
		t.Fatalf("%d fixtures for %d corpus files", len(cat.Datasets), n)
	}
	out := t.TempDir()
	byID := map[string]string{}
	for _, d := range cat.Datasets {
		byID[d.V.ID] = d.V.Source.Path
	}
	res, err := Run(context.Background(), cat, Options{OutDir: out, Getenv: env(map[string]string{"SHUYUAN_KEY_TEST": testKey})})
	// exactly the two workbooks fail, with a message that says what they are
	var failed []string
	if err != nil {
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var xe *Error
			if !errors.As(e, &xe) || xe.IO {
				t.Errorf("unexpected error: %v", e)
				continue
			}
			failed = append(failed, xe.Dataset)
			msg := e.Error()
			if xe.Dataset == "bj-24" {
				if !strings.Contains(msg, `undeclared-pii: column "c07"`) || !strings.Contains(msg, `undeclared-pii: column "c10"`) || !strings.Contains(msg, "vehicle plates (cn-plate)") {
					t.Errorf("%s: %v", xe.Dataset, e)
				}
				continue
			}
			if !strings.Contains(msg, "workbook") {
				t.Errorf("%s: %v", xe.Dataset, e)
			}
		}
	}
	sort.Strings(failed)
	if strings.Join(failed, ",") != "bj-10,bj-23,bj-24" {
		t.Errorf("failed datasets %v, want the two Excel files bj-10, bj-23 and bj-24 (plates in free text)", failed)
	}
	if len(res) != n-3 {
		t.Errorf("%d extracts, want %d", len(res), n-3)
	}
	for _, r := range res {
		if r.RowsIn != r.RowsWritten+r.RowsSuppressed+r.RowsRejected || r.RowsWritten == 0 {
			t.Errorf("%s: in %d written %d suppressed %d rejected %d", r.Dataset, r.RowsIn, r.RowsWritten, r.RowsSuppressed, r.RowsRejected)
		}
		header, rows, err := Preview(filepath.Join(out, filepath.FromSlash(r.Files[0].Path)), 5)
		if err != nil || len(header) == 0 || len(rows) == 0 {
			t.Errorf("%s: preview %v %d rows: %v", r.Dataset, header, len(rows), err)
			continue
		}
		t.Logf("%s %-40.40s in %5d written %5d rejected %4d", r.Dataset, filepath.Base(byID[r.Dataset]), r.RowsIn, r.RowsWritten, r.RowsRejected)
		for _, row := range rows {
			for _, v := range row {
				if strings.ContainsRune(v, '\ufffd') {
					t.Errorf("%s: undecodable text %q", r.Dataset, v)
				}
			}
		}
	}
	// spot checks of decoded Chinese text (GBK and UTF-8 with BOM) and typed values
	check := func(id string, row, col int, want string) {
		t.Helper()
		for _, r := range res {
			if r.Dataset != id {
				continue
			}
			_, rows, _ := Preview(filepath.Join(out, filepath.FromSlash(r.Files[0].Path)), row+1)
			if len(rows) <= row || rows[row][col] != want {
				t.Errorf("%s row %d col %d: got %v, want %q", id, row, col, rows, want)
			}
			return
		}
		t.Errorf("%s not extracted", id)
	}
	check("bj-04", 0, 0, "北京阿森酒家有限责任公司") // GBK
	check("bj-07", 0, 1, "2020-01-02")   // 2020年1月2日 as a DATE
	hanHeader := 0
	for _, d := range cat.Datasets {
		for _, c := range d.V.Columns {
			for _, r := range c.Header {
				if unicode.Is(unicode.Han, r) {
					hanHeader++
					break
				}
			}
		}
	}
	if hanHeader < 200 {
		t.Errorf("only %d Chinese headers matched", hanHeader)
	}
}
