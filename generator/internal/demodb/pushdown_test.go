package demodb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// TestPushdownMatchesLocalOnTheDemoTables extracts every dataset of the default catalog
// read from the demo's PostgreSQL databases twice: from the raw rows (--pushdown=off)
// and with the column policy run by the database (--pushdown=require). The two folders,
// SHA256SUMS included, must be byte-identical.
func TestPushdownMatchesLocalOnTheDemoTables(t *testing.T) {
	c := pg.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dbEnv, err := Load(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"SHUYUAN_KEY_DEMO": makeVar(t, "SHUYUAN_KEY_DEMO")}
	for k, v := range dbEnv {
		vars[k] = v
	}
	getenv := func(k string) string { return vars[k] }
	cat, err := load.Load(filepath.Join(repoRoot, "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range cat.Datasets {
		if s := d.V.Source; s != nil && s.Format == model.FormatPostgres && d.V.OpenType != model.OpenNonOpen {
			ids = append(ids, d.V.ID)
		}
	}
	sort.Strings(ids)
	if len(ids) < 8 {
		t.Fatalf("only %d datasets of the default catalog read PostgreSQL", len(ids))
	}
	run := func(mode string) string {
		out := t.TempDir()
		var warn bytes.Buffer
		if _, err := extract.Run(ctx, cat, extract.Options{OutDir: out, Datasets: ids, Getenv: getenv, Pushdown: mode, Warn: &warn, NoSign: true}); err != nil {
			t.Fatalf("--pushdown=%s: %v\n%s", mode, err, warn.String())
		}
		return out
	}
	local, pushed := run(extract.PushdownOff), run(extract.PushdownRequire)
	a, b := hashes(t, local), hashes(t, pushed)
	if len(a) < 4*len(ids) {
		t.Fatalf("the local extract wrote %d files for %d datasets", len(a), len(ids))
	}
	for p, h := range a {
		if b[p] != h {
			t.Errorf("%s differs between the local path and the pushdown", p)
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			t.Errorf("the pushdown wrote %s, the local path did not", p)
		}
	}
	t.Logf("%d datasets, %d files byte-identical", len(ids), len(a))
}

// hashes is the SHA-256 of every file under dir, by slash path.
func hashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
