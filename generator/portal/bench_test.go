package portal

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// BenchmarkRender renders every page of a catalog (no writers, no extracts): the
// repository's default catalog, or SHUYUAN_BENCH_CATALOG (for example the generated
// 10,000-dataset catalog of bench/site), into a new directory per iteration below
// SHUYUAN_BENCH_OUT (default a temporary directory; bench/site builds on /dev/shm). It
// reports the wall and CPU time per page.
func BenchmarkRender(b *testing.B) {
	dir := os.Getenv("SHUYUAN_BENCH_CATALOG")
	if dir == "" {
		dir = filepath.Join("..", "..", "catalog")
	}
	if _, err := os.Stat(filepath.Join(dir, "portal.yaml")); err != nil {
		b.Skip("no catalog at " + dir)
	}
	cat, err := load.Load(dir)
	if err != nil {
		b.Fatal(err)
	}
	if cat.Portal == nil {
		b.Fatalf("%s has no valid portal.yaml", dir)
	}
	base := os.Getenv("SHUYUAN_BENCH_OUT")
	if base == "" {
		base = b.TempDir()
	} else {
		var err error
		if base, err = os.MkdirTemp(base, "bench-render-"); err != nil {
			b.Fatal(err)
		}
		defer os.RemoveAll(base)
	}
	pages, i := 0, 0
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		i++
		out := filepath.Join(base, strconv.Itoa(i))
		s, err := newSite(cat, Options{Search: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.render(context.Background(), out, nil); err != nil {
			b.Fatal(err)
		}
		pages = len(s.jobs()) * len(s.Langs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pages), "ns/page")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*pages), "cpu-ns/page")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
