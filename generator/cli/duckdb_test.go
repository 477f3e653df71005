package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// duckdbRunner runs SQL statements in DuckDB (@duckdb/node-api, installed by
// `make duckdb-deps`) and prints each result's column names and rows as JSON, every
// value as text.
const duckdbRunner = `const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const out = [];
  for (const sql of JSON.parse(process.argv[2])) {
    const r = await c.runAndReadAll(sql);
    out.push({columns: r.columnNames(), rows: r.getRowsJS().map(row => row.map(v => v === null ? null : String(v)))});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { process.stderr.write(String(e && e.message || e)); process.exit(1); });
`

type duckResult struct {
	Columns []string    `json:"columns"`
	Rows    [][]*string `json:"rows"`
}

// runDuckDB runs statements in DuckDB with dir as the working directory. Without
// Node or the package it skips, or fails under CI=true.
func runDuckDB(t *testing.T, dir string, statements []string) []duckResult {
	t.Helper()
	need := func(what string, err error) {
		if err == nil {
			return
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v (CI=true: not skipping; run `make duckdb-deps`)", what, err)
		}
		t.Skipf("%s: %v; run `make duckdb-deps`", what, err)
	}
	node, err := exec.LookPath("node")
	need("node not found", err)
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	modules := filepath.Join(root, ".cache", "npm-duckdb", "node_modules")
	_, err = os.Stat(filepath.Join(modules, "@duckdb", "node-api", "package.json"))
	need("DuckDB (@duckdb/node-api) is not installed", err)
	script := filepath.Join(t.TempDir(), "run.cjs")
	if err := os.WriteFile(script, []byte(duckdbRunner), 0o644); err != nil {
		t.Fatal(err)
	}
	arg, _ := json.Marshal(statements)
	cmd := exec.Command(node, script, string(arg))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("DuckDB: %v: %s\nstatements: %q", err, stderr.String(), statements)
	}
	var res []duckResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("DuckDB output %q: %v", out, err)
	}
	return res
}

var duckdbBlock = regexp.MustCompile(`(?s)<h3>DuckDB</h3>\s*<pre[^>]*><code>(.*?)</code></pre>`)
var readParquet = regexp.MustCompile(`read_parquet\('([^']*)'\)`)

// TestInterfacesDuckDBExample runs the DuckDB example of the "open data interfaces"
// page in DuckDB against the Parquet file the build extracted. The statement "from
// the downloaded file" runs exactly as the page shows it, in the directory the page's
// curl commands download into, and must count the extract's rows; the statement that
// reads the file over HTTP runs with the URL replaced by that file (INSTALL httpfs
// downloads the extension, which a test cannot) and must return the first ten rows
// with the published columns, the values the CSV download has.
func TestInterfacesDuckDBExample(t *testing.T) {
	cat := writeSiteCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := Main(testEnv(&stdout, &stderr, map[string]string{"SHUYUAN_DEMO": "1"}), []string{"build", "--now", "2026-11-01", "--catalog", cat, "--out", out}); code != ExitOK {
		t.Fatalf("build: exit %d: %s", code, stderr.String())
	}
	page, err := os.ReadFile(filepath.Join(out, "en", "interfaces", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	m := duckdbBlock.FindSubmatch(page)
	if m == nil {
		t.Fatal("the interfaces page has no DuckDB example")
	}
	var statements []string
	for _, s := range strings.Split(html.UnescapeString(string(m[1])), ";") {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "--") {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			statements = append(statements, strings.Join(lines, "\n"))
		}
	}
	if len(statements) != 4 || statements[0] != "INSTALL httpfs" || statements[1] != "LOAD httpfs" {
		t.Fatalf("DuckDB example is %q; want INSTALL httpfs, LOAD httpfs, a remote and a local query", statements)
	}
	remote, local := statements[2], statements[3]
	rm, lm := readParquet.FindStringSubmatch(remote), readParquet.FindStringSubmatch(local)
	if rm == nil || lm == nil {
		t.Fatalf("queries %q and %q do not read a Parquet file", remote, local)
	}
	// The page's curl commands write the file at its path below data/ (--create-dirs -o).
	dataDir := filepath.Join(out, "data")
	file := filepath.Join(dataDir, filepath.FromSlash(lm[1]))
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("the local query reads %s, which the build did not write: %v", lm[1], err)
	}
	if want := "data/" + lm[1]; !strings.HasSuffix(rm[1], "/"+want) {
		t.Fatalf("the remote query reads %s, not the file the local query reads (%s)", rm[1], want)
	}

	// The CSV download holds the same rows, and is what a reader would compare with.
	csvPath := strings.TrimSuffix(file, ".parquet") + ".csv"
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil || len(records) < 2 {
		t.Fatalf("%s: %d records, %v", csvPath, len(records), err)
	}
	header, rows := records[0], records[1:]

	res := runDuckDB(t, dataDir, []string{local, strings.Replace(remote, rm[1], file, 1)})
	if got := res[0].Rows; len(got) != 1 || len(got[0]) != 1 || got[0][0] == nil || *got[0][0] != strconv.Itoa(len(rows)) {
		t.Errorf("%s returns %s, the extract has %d rows", local, rowsText(got), len(rows))
	}
	first := res[1]
	if strings.Join(first.Columns, ",") != strings.Join(header, ",") {
		t.Errorf("the remote query's columns are %q, the published columns %q", first.Columns, header)
	}
	if len(first.Rows) != min(10, len(rows)) {
		t.Fatalf("the remote query returns %d rows, want %d (LIMIT 10 of %d)", len(first.Rows), min(10, len(rows)), len(rows))
	}
	for i, row := range first.Rows {
		for j, v := range row {
			got := ""
			if v != nil {
				got = *v
			}
			if j < len(rows[i]) && got != rows[i][j] && !sameNumber(got, rows[i][j]) {
				t.Errorf("row %d column %s: DuckDB reads %q, the CSV download has %q", i+1, header[j], got, rows[i][j])
			}
		}
	}
}

// rowsText writes DuckDB's rows for a message.
func rowsText(rows [][]*string) string {
	var b strings.Builder
	for _, r := range rows {
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			if v == nil {
				b.WriteString("NULL")
			} else {
				b.WriteString(*v)
			}
		}
		b.WriteString("; ")
	}
	return b.String()
}

// sameNumber reports whether a and b are one number written two ways ("1" and "1.0").
func sameNumber(a, b string) bool {
	var x, y float64
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return x == y
}
