package serve

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/build"
	"github.com/shuyuan-project/shuyuan/generator/internal/servetest"
	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
)

// writeSiteCatalog writes the portal package's test catalog into a directory.
func writeSiteCatalog(t *testing.T) string {
	t.Helper()
	return testcat.Write(t, testcat.Overlay(t, testcat.Archive(t, filepath.Join("..", "portal", "testdata", "site.txtar"))))
}

// TestServe: serve builds the site, serves it with one 404 for every missing
// path and only to its own host, rebuilds it when the catalog changes and stops
// when its context ends.
func TestServe(t *testing.T) {
	cat := writeSiteCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	done := make(chan error, 1)
	var stdout, stderr syncBuffer
	go func() {
		done <- Run(ctx, Options{
			Build: build.Options{Catalog: cat, Out: out, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Getenv: func(string) string { return "" }, Warn: &stderr},
			Addr:  "127.0.0.1:0", Interval: 20 * time.Millisecond, Stdout: &stdout, Stderr: &stderr,
			Ready: func(u string) { urls <- u },
		})
	}()
	var base string
	select {
	case base = <-urls:
	case err := <-done:
		t.Fatalf("serve ended early: %v %s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	get := func(p string) (int, string) {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("datasets/clinic-visits/"); code != 200 || !strings.Contains(body, "社区卫生服务中心门诊人次") {
		t.Fatalf("dataset page: %d", code)
	}
	if code, body := get("no/such/page"); code != 404 || !strings.Contains(body, "页面不存在") {
		t.Errorf("missing page: %d, want 404 with 404.html", code)
	}
	servetest.CheckOracle(t, base)
	// Change the catalog: the site is rebuilt.
	p := filepath.Join(cat, "datasets", "sh-health", "clinic-visits.yaml")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, bytes.Replace(b, []byte("社区卫生服务中心门诊人次"), []byte("社区门诊人次（新）"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, body := get("datasets/clinic-visits/"); strings.Contains(body, "社区门诊人次（新）") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("site not rebuilt after a catalog change: %s", stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCheckAddr(t *testing.T) {
	for _, a := range []string{"127.0.0.1:8080", "[::1]:0", "localhost:80", "127.0.0.2:1"} {
		if err := CheckAddr(a); err != nil {
			t.Errorf("%s: %v, want accepted", a, err)
		}
	}
	for _, a := range []string{"0.0.0.0:8080", "192.168.1.2:80", "example.com:80", "127.0.0.1", ":8080"} {
		if err := CheckAddr(a); err == nil || !strings.Contains(err.Error(), a) {
			t.Errorf("%s: %v, want refused naming the address", a, err)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
