// Package servetest holds the checks of `shuyuan serve`'s HTTP handler that the
// tests of generator/serve and the adversarial scripts of generator/cli share.
package servetest

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// TB is what the checks need of a test: a *testing.T, or a script's.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// raw sends one HTTP/1.1 request line as written (no client cleans the path) with
// the Host header host, and returns the status code, the headers that matter and
// the body.
func raw(t TB, base, target, host string) (int, string, string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%v", err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	h := resp.Header.Clone()
	h.Del("Date")
	return resp.StatusCode, fmt.Sprint(h), string(b)
}

// CheckOracle checks the server at base (http://HOST:PORT/, serving a built site
// that has datasets/clinic-visits/): it answers every missing path and every
// attempt to leave the site with the same 404 (no existence oracle), hides
// dot-files, and answers only its own loopback host (no DNS rebinding).
func CheckOracle(t TB, base string) {
	t.Helper()
	host := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	code, wantHeader, wantBody := raw(t, base, "/no/such/page", host)
	if code != 404 {
		t.Fatalf("missing page: %d", code)
	}
	for _, target := range []string{
		"/../../../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
		"/datasets/../../../etc/hostname", "/.shuyuan-site", "/data/.tmp", "/..", "/datasets/..%5c..%5cetc",
		"//etc/passwd", "/index.html%00", "/no-such-dir/", "/datasets/clinic-visits/../../../go.mod",
	} {
		code, header, body := raw(t, base, target, host)
		if code != 404 || header != wantHeader || body != wantBody {
			t.Errorf("GET %s: %d %s (%d bytes), want the same 404 as a missing page: %s (%d bytes)", target, code, header, len(body), wantHeader, len(wantBody))
		}
	}
	port := host[strings.LastIndex(host, ":"):]
	for _, h := range []string{host, "localhost" + port} {
		if code, _, _ := raw(t, base, "/", h); code != 200 {
			t.Errorf("Host %s: %d, want 200", h, code)
		}
	}
	for _, h := range []string{"evil.example" + port, "evil.example", "127.0.0.1.nip.io" + port, "", "127.0.0.2" + port} {
		if code, _, body := raw(t, base, "/", h); code != http.StatusMisdirectedRequest || strings.Contains(body, "<html") {
			t.Errorf("Host %q: %d, want %d without the site", h, code, http.StatusMisdirectedRequest)
		}
	}
}
