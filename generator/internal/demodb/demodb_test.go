package demodb

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shuyuan-project/shuyuan/generator/cli"
	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/synth"
)

// pg is the PostgreSQL cluster shared by this package's tests.
var pg pgtest.Shared

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &pg)) }

const repoRoot = "../../.."

// TestLoadGivesAReadOnlyRole loads the demo's databases twice (a second load
// replaces the first) and checks through the returned connection strings that every
// table is there with its rows and that the reader role can read and nothing else.
func TestLoadGivesAReadOnlyRole(t *testing.T) {
	c := pg.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := Load(ctx, c); err != nil {
		t.Fatal(err)
	}
	env, err := Load(ctx, c)
	if err != nil {
		t.Fatalf("loading again: %v", err)
	}
	for _, tb := range synth.Tables() {
		dsn := env[tb.Env]
		if dsn == "" || !strings.Contains(dsn, "/"+tb.Database()+"?") || !strings.Contains(dsn, Reader) {
			t.Fatalf("%s: connection string does not name the reader and database %s", tb.Env, tb.Database())
		}
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Fatalf("%s: %v", tb.Env, err)
		}
		name := pgx.Identifier{tb.Schema, tb.Name}.Sanitize()
		var n int
		if err := conn.QueryRow(ctx, "select count(*) from "+name).Scan(&n); err != nil || n != len(tb.Rows) {
			t.Errorf("%s: %d rows (%v), want %d", name, n, err, len(tb.Rows))
		}
		for _, sql := range []string{
			"delete from " + name,
			"create table " + pgx.Identifier{tb.Schema, "intruder"}.Sanitize() + " (x int)",
			"create table public.intruder (x int)",
		} {
			_, err := conn.Exec(ctx, sql)
			var pe *pgconn.PgError
			if !errors.As(err, &pe) || pe.Code != "42501" {
				t.Errorf("%s: %q as the reader: %v, want permission denied (42501)", tb.Env, sql, err)
			}
		}
		conn.Close(ctx)
	}
}

// makeVar reads the default of a variable the Makefile sets with ?=.
func makeVar(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^(?:export )?` + name + ` \?= (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("the Makefile sets no %s", name)
	}
	return string(m[1])
}

// TestMakeRunPublishesEveryOpenDataset builds the default catalog as `make run` does
// (the Makefile's run target: demorun's databases, the demo keys, --now $(NOW), through
// the command line serve shares with build) and checks that every unconditionally open
// dataset has its Parquet and CSV downloads, listed in SHA256SUMS, on its page with
// size and SHA-256, and in data.json and catalog.jsonld (the CSV with the EU file type
// CSV). Every dataset read from PostgreSQL, the conditional ones too, extracts from
// the demo's databases when named.
func TestMakeRunPublishesEveryOpenDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole default catalog")
	}
	mk, err := os.ReadFile(filepath.Join(repoRoot, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^\tSHUYUAN_DEMO=1 \./\$\(DEMORUN\) -- \./\$\(BIN\) serve --catalog \$\(CATALOG\) --out \$\(SITE\) --addr \$\(ADDR\) \$\(NOW_FLAG\)$`).Match(mk) {
		t.Fatal("the Makefile's run target no longer serves through demorun as this test assumes: update the test")
	}
	c := pg.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dbEnv, err := Load(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	_, priv := sign.DemoKey()
	vars := map[string]string{
		"SHUYUAN_DEMO":        "1",
		"SHUYUAN_KEY_DEMO":    makeVar(t, "SHUYUAN_KEY_DEMO"),
		"SHUYUAN_SIGNING_KEY": string(sign.SecretKeyText(priv)),
	}
	for k, v := range dbEnv {
		vars[k] = v
	}
	catalog := filepath.Join(repoRoot, "catalog")
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return vars[k] }}
	if code := cli.Main(env, []string{"build", "--catalog", catalog, "--out", out, "--now", makeVar(t, "NOW")}); code != cli.ExitOK {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "without a download") {
		t.Errorf("the build published datasets without a download:\n%s", stderr.String())
	}

	cat, err := load.Load(catalog)
	if err != nil {
		t.Fatal(err)
	}
	sums := readSums(t, filepath.Join(out, "data", sign.SumsFile))
	dataJSON := readFile(t, filepath.Join(out, "data.json"))
	jsonld := readFile(t, filepath.Join(out, "catalog.jsonld"))
	open, fromPG := 0, 0
	for _, d := range cat.Datasets {
		ds := d.V
		if ds.Source != nil && ds.Source.Format == model.FormatPostgres && ds.OpenType != model.OpenNonOpen {
			fromPG++
		}
		if !extract.Publishes(ds) {
			continue
		}
		open++
		dir := "data/" + ds.ID + "/" + ds.Version + "/"
		page := readFile(t, filepath.Join(out, "datasets", ds.ID, "index.html"))
		for _, ext := range []string{".parquet", ".csv"} {
			rel := dir + ds.ID + ext
			sum, listed := sums[strings.TrimPrefix(rel, "data/")]
			st, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
			switch {
			case err != nil:
				t.Errorf("%s: no %s download: %v", ds.ID, ext, err)
				continue
			case !listed:
				t.Errorf("%s: %s is not in SHA256SUMS", ds.ID, rel)
			case !strings.Contains(page, ds.ID+ext+"</a>") || !strings.Contains(page, sum):
				t.Errorf("%s: the dataset page does not list %s%s with its SHA-256", ds.ID, ds.ID, ext)
			case st.Size() == 0:
				t.Errorf("%s: %s is empty", ds.ID, rel)
			}
			if !strings.Contains(dataJSON, rel+`"`) {
				t.Errorf("%s: data.json has no distribution for %s", ds.ID, rel)
			}
			if !strings.Contains(jsonld, rel+`"`) {
				t.Errorf("%s: catalog.jsonld has no distribution for %s", ds.ID, rel)
			}
		}
	}
	if open < 40 {
		t.Fatalf("only %d unconditionally open datasets with a source in the default catalog", open)
	}
	if !strings.Contains(jsonld, "http://publications.europa.eu/resource/authority/file-type/CSV") {
		t.Error("catalog.jsonld gives no CSV distribution the EU file type CSV")
	}

	// the conditional datasets read from PostgreSQL extract from the demo's databases
	var named []string
	for _, d := range cat.Datasets {
		if s := d.V.Source; s != nil && s.Format == model.FormatPostgres && d.V.OpenType == model.OpenConditional {
			named = append(named, d.V.ID)
		}
	}
	if len(named) == 0 || fromPG < len(named)+3 {
		t.Fatalf("the default catalog reads %d datasets from PostgreSQL, %d of them conditional: want a handful of each", fromPG, len(named))
	}
	stderr.Reset()
	if code := cli.Main(env, append([]string{"extract", "--catalog", catalog, "--out", filepath.Join(t.TempDir(), "private")}, named...)); code != cli.ExitOK {
		t.Fatalf("extract %v: exit %d\n%s", named, code, stderr.String())
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readSums reads a SHA256SUMS file: path → checksum.
func readSums(t *testing.T, p string) map[string]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, path, ok := strings.Cut(sc.Text(), "  ")
		if ok {
			out[path] = sum
		}
	}
	return out
}
