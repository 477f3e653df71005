package cli

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// serveFlags are the flags of `shuyuan serve`.
type serveFlags struct {
	buildFlags
	addr     string
	interval time.Duration
}

func newServeCmd(env Env) *cobra.Command {
	var fl serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--catalog DIR] [--addr 127.0.0.1:8080]",
		Short: "Build the portal, serve it on loopback and rebuild when the catalog changes",
		Long: `Build the portal into --out, serve it over HTTP on a loopback address and print
its URL. The catalog is watched (polled every --interval); any change rebuilds the
site, which is swapped in atomically, so the server never shows a half-built
site. A build that fails prints why and keeps serving the previous one.
Ctrl-C stops the server.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			fl.demoKeys = fl.demoKeys || env.Getenv("SHUYUAN_DEMO") == "1"
			return runServe(ctx, env, fl, nil)
		},
	}
	addBuildFlags(cmd, &fl.buildFlags)
	f := cmd.Flags()
	f.StringVar(&fl.out, "out", "site", "the site `DIR` to build into and serve")
	f.StringVar(&fl.addr, "addr", "127.0.0.1:8080", "loopback `HOST:PORT` to listen on (port 0 picks a free one)")
	f.DurationVar(&fl.interval, "interval", time.Second, "how often to look for catalog changes")
	return cmd
}

// runServe builds, serves and rebuilds until ctx ends. ready, when set, receives the
// URL once the server listens.
func runServe(ctx context.Context, env Env, fl serveFlags, ready func(url string)) error {
	host, _, err := net.SplitHostPort(fl.addr)
	if err != nil {
		return usageError("--addr %q: %v; write HOST:PORT, for example 127.0.0.1:8080", fl.addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return usageError("--addr %q is not a loopback address: serve is for previewing; use 127.0.0.1 or ::1 and publish the built site with a real web server", fl.addr)
	}
	if fl.interval <= 0 {
		fl.interval = time.Second
	}
	// The fingerprint is taken before the first build, so an edit made while it runs
	// (or before the first tick) is seen and rebuilt.
	last, _ := fingerprint(fl.catalog)
	if err := runBuild(ctx, env, fl.buildFlags); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", fl.addr)
	if err != nil {
		return withCode(ExitUsage, fmt.Errorf("serve: %w", err))
	}
	url := "http://" + ln.Addr().String() + "/"
	srv := &http.Server{Handler: siteHandler(fl.out, loopbackHosts(ln.Addr())), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(env.Stdout, "Serving %s at %s (Ctrl-C stops)\n", fl.out, url)
	if ready != nil {
		ready(url)
	}

	tick := time.NewTicker(fl.interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(shut)
			fmt.Fprintln(env.Stderr, "shuyuan serve: stopped")
			return nil
		case err := <-errc:
			return withCode(ExitUsage, fmt.Errorf("serve: %w", err))
		case <-tick.C:
			fp, err := fingerprint(fl.catalog)
			if err != nil || fp == last {
				continue
			}
			last = fp
			fmt.Fprintln(env.Stderr, "shuyuan serve: catalog changed, rebuilding")
			if err := runBuild(ctx, env, fl.buildFlags); err != nil {
				if ctx.Err() != nil {
					continue
				}
				fmt.Fprintf(env.Stderr, "shuyuan serve: %v; still serving the previous site\n", err)
				continue
			}
			fmt.Fprintf(env.Stdout, "Rebuilt; serving %s\n", url)
		}
	}
}

// siteHandler serves dir to requests whose Host is one of hosts. Every path that
// is missing, a directory without index.html, a dot-file or an attempt to leave dir
// gets the same 404 (dir/404.html), so answers say nothing about files outside the
// site. It opens dir on each request, so a site swapped in by a rebuild is served
// at once.
func siteHandler(dir string, hosts map[string]bool) http.Handler {
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

// loopbackHosts are the Host headers serve answers, for a listener at addr: its
// address and localhost, with the port (and without it on port 80).
func loopbackHosts(addr net.Addr) map[string]bool {
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
