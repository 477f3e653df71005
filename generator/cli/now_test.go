package cli

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

// TestSourceDateEpoch: outputs.md "Reproducible builds". Without --now a build is
// dated by SOURCE_DATE_EPOCH when it is set, so two builds of the same catalog with
// the same SOURCE_DATE_EPOCH on different days are byte-identical; --now overrides
// it; without either the wall clock's day shows in the site; a malformed value is a
// usage error naming the variable.
func TestSourceDateEpoch(t *testing.T) {
	cat := writeSiteCatalog(t)
	epoch := fmt.Sprint(time.Date(2026, 11, 1, 23, 30, 0, 0, time.UTC).Unix())
	build := func(vars map[string]string, clock time.Time, args ...string) map[string][]byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		env := testEnv(&stdout, &stderr, vars)
		env.Now = func() time.Time { return clock }
		out := filepath.Join(t.TempDir(), "site")
		if code := Main(env, append([]string{"build", "--catalog", cat, "--out", out}, args...)); code != ExitOK {
			t.Fatalf("build %v with %v on %s: exit %d: %s", args, vars, clock.Format(time.DateOnly), code, stderr.String())
		}
		return testcat.Tree(t, out)
	}
	differs := func(a, b map[string][]byte) []string {
		var d []string
		for p, data := range a {
			if !bytes.Equal(data, b[p]) {
				d = append(d, p)
			}
		}
		for p := range b {
			if _, ok := a[p]; !ok {
				d = append(d, p)
			}
		}
		return d
	}
	sde := map[string]string{"SOURCE_DATE_EPOCH": epoch}
	jan := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	feb := time.Date(2027, 2, 20, 18, 0, 0, 0, time.UTC)

	first := build(sde, jan)
	if d := differs(first, build(sde, feb)); len(d) > 0 {
		t.Errorf("same SOURCE_DATE_EPOCH, built on %s and on %s: %d files differ, first %s", jan.Format(time.DateOnly), feb.Format(time.DateOnly), len(d), d[0])
	}
	// --now wins over SOURCE_DATE_EPOCH; the epoch's date is its UTC day
	if d := differs(first, build(map[string]string{"SOURCE_DATE_EPOCH": "1800000000"}, feb, "--now", "2026-11-01")); len(d) > 0 {
		t.Errorf("--now 2026-11-01 with another SOURCE_DATE_EPOCH differs from SOURCE_DATE_EPOCH=%s: %d files, first %s", epoch, len(d), d[0])
	}
	// without it the day of the clock is the date: the equality above is not vacuous
	if d := differs(first, build(nil, feb)); len(d) == 0 {
		t.Errorf("a build on %s without SOURCE_DATE_EPOCH is identical to one dated 2026-11-01: the clock did not reach the pages", feb.Format(time.DateOnly))
	}

	for _, bad := range []string{"yesterday", "-5", "1.5e9", "+1764547200"} {
		var stdout, stderr bytes.Buffer
		code := Main(testEnv(&stdout, &stderr, map[string]string{"SOURCE_DATE_EPOCH": bad}), []string{"build", "--catalog", cat, "--out", filepath.Join(t.TempDir(), "site")})
		if code != ExitUsage || !strings.Contains(stderr.String(), "SOURCE_DATE_EPOCH") {
			t.Errorf("SOURCE_DATE_EPOCH=%q: exit %d, %s; want 2 naming the variable", bad, code, stderr.String())
		}
	}
}
