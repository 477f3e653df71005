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
	srv := &http.Server{Handler: siteHandler(fl.out), ReadHeaderTimeout: 10 * time.Second}
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

// siteHandler serves dir, with dir/404.html for missing paths. It opens files by
// name on each request, so a site swapped in by a rebuild is served at once.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/")))
		if info, err := os.Stat(p); err != nil || (info.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			if b, err := os.ReadFile(filepath.Join(dir, "404.html")); err == nil {
				_, _ = w.Write(b)
			}
			return
		}
		files.ServeHTTP(w, r)
	})
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

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
