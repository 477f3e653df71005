// Package serve previews a built portal on a loopback address: it runs a build
// (package build), serves the site over HTTP, polls the catalog and rebuilds when
// it changes, swapping the new site in atomically so that the server never shows
// a half-built one. The HTTP handler answers only requests for its own loopback
// host (no DNS rebinding) and gives every missing path, dot-file and escape
// attempt the same 404. `shuyuan serve` (generator/cli) parses the flags and maps
// the outcome to an exit code; the work is here.
package serve

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/build"
)

// Options say what to build and where to serve it.
type Options struct {
	// Build is the build to run first and again on every catalog change; its
	// Catalog is watched and its Out is served.
	Build build.Options
	// Addr is the loopback HOST:PORT to listen on; port 0 picks a free one.
	Addr string
	// Interval is how often the catalog is polled for changes; 0 means a second.
	Interval time.Duration
	// Stdout receives the URL served and the rebuilds; Stderr what went wrong.
	Stdout, Stderr io.Writer
	// Ready, when set, receives the URL once the server listens.
	Ready func(url string)
}

// CheckAddr accepts a loopback HOST:PORT (127.0.0.0/8, ::1 or localhost) and
// says what to write instead of anything else: serve is for previewing.
func CheckAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %v; write HOST:PORT, for example 127.0.0.1:8080", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("--addr %q is not a loopback address: serve is for previewing; use 127.0.0.1 or ::1 and publish the built site with a real web server", addr)
	}
	return nil
}

// Run builds, serves and rebuilds until ctx ends, then stops the server and
// returns nil. It returns the first build's error as build.Run returned it, and
// an error when Addr is not a loopback address (CheckAddr) or cannot be
// listened on. A failed rebuild is printed to Stderr and the previous site stays
// served.
func Run(ctx context.Context, opts Options) error {
	if err := CheckAddr(opts.Addr); err != nil {
		return err
	}
	interval := opts.Interval
	if interval <= 0 {
		interval = time.Second
	}
	catalog, out := opts.Build.Catalog, opts.Build.Out
	// The fingerprint is taken before the first build, so an edit made while it runs
	// (or before the first tick) is seen and rebuilt.
	last, _ := fingerprint(catalog)
	if _, err := build.Run(ctx, opts.Build); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	url := "http://" + ln.Addr().String() + "/"
	srv := &http.Server{Handler: Handler(out, LoopbackHosts(ln.Addr())), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(opts.Stdout, "Serving %s at %s (Ctrl-C stops)\n", out, url)
	if opts.Ready != nil {
		opts.Ready(url)
	}

	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(shut)
			fmt.Fprintln(opts.Stderr, "shuyuan serve: stopped")
			return nil
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-tick.C:
			fp, err := fingerprint(catalog)
			if err != nil || fp == last {
				continue
			}
			last = fp
			fmt.Fprintln(opts.Stderr, "shuyuan serve: catalog changed, rebuilding")
			if _, err := build.Run(ctx, opts.Build); err != nil {
				if ctx.Err() != nil {
					continue
				}
				fmt.Fprintf(opts.Stderr, "shuyuan serve: %v; still serving the previous site\n", err)
				continue
			}
			fmt.Fprintf(opts.Stdout, "Rebuilt; serving %s\n", url)
		}
	}
}

// Handler serves dir to requests whose Host is one of hosts. Every path that
// is missing, a directory without index.html, a dot-file or an attempt to leave dir
// gets the same 404 (dir/404.html), so answers say nothing about files outside the
// site. It opens dir on each request, so a site swapped in by a rebuild is served
// at once.
func Handler(dir string, hosts map[string]bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hosts[strings.ToLower(r.Host)] {
			// DNS rebinding: a page of another site that resolves its own name to
			// this address must not read the preview
			http.Error(w, "shuyuan serve answers only requests for "+someHost(hosts), http.StatusMisdirectedRequest)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			http.Error(w, "the site is not built", http.StatusServiceUnavailable)
			return
		}
		defer root.Close()
		rel, ok := sitePath(r.URL.Path)
		if ok {
			info, err := root.Stat(rel)
			ok = err == nil && (info.Mode().IsRegular() || info.IsDir() && isFile(root, rel+"/index.html"))
		}
		if !ok {
			notFound(w, root)
			return
		}
		http.FileServerFS(root.FS()).ServeHTTP(w, r)
	})
}

// sitePath turns a request path into a path inside the site, refusing dot
// segments (.., ., dot-files), empty segments, backslashes and NUL.
func sitePath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	rel := strings.TrimSuffix(p[1:], "/")
	if rel == "" {
		return ".", true
	}
	for seg := range strings.SplitSeq(rel, "/") {
		if seg == "" || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return rel, true
}

// notFound answers 404 with the site's 404.html: the same bytes for every path.
func notFound(w http.ResponseWriter, root *os.Root) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	b, err := root.ReadFile("404.html")
	if err != nil {
		b = []byte("<!doctype html><title>404</title><p>Not found</p>\n")
	}
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(b)
}

func isFile(root *os.Root, p string) bool {
	info, err := root.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// LoopbackHosts are the Host headers serve answers, for a listener at addr: its
// address and localhost, with the port (and without it on port 80).
func LoopbackHosts(addr net.Addr) map[string]bool {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return map[string]bool{}
	}
	hosts := map[string]bool{}
	for _, h := range []string{host, "localhost"} {
		hosts[strings.ToLower(net.JoinHostPort(h, port))] = true
		if port == "80" {
			if strings.Contains(h, ":") {
				h = "[" + h + "]"
			}
			hosts[strings.ToLower(h)] = true
		}
	}
	return hosts
}

// someHost names the first allowed host, for the refusal message.
func someHost(hosts map[string]bool) string {
	best := ""
	for h := range hosts {
		if best == "" || len(h) > len(best) || len(h) == len(best) && h < best {
			best = h
		}
	}
	return "http://" + best + "/"
}

// fingerprint summarises every file of the catalog (path, size, modification time),
// so that a change to any of them changes the result.
func fingerprint(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%v\n", p, info.Size(), info.ModTime().UnixNano(), d.IsDir())
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), err
}
