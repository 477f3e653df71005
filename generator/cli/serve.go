package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/serve"
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
			return runServe(ctx, env, fl)
		},
	}
	addBuildFlags(cmd, &fl.buildFlags)
	f := cmd.Flags()
	f.StringVar(&fl.out, "out", "site", "the site `DIR` to build into and serve")
	f.StringVar(&fl.addr, "addr", "127.0.0.1:8080", "loopback `HOST:PORT` to listen on (port 0 picks a free one)")
	f.DurationVar(&fl.interval, "interval", time.Second, "how often to look for catalog changes")
	return cmd
}

// runServe checks the address, then hands the build and the server to package serve.
func runServe(ctx context.Context, env Env, fl serveFlags) error {
	if err := serve.CheckAddr(fl.addr); err != nil {
		return usageError("%v", err)
	}
	opts, err := buildOptions(env, fl.buildFlags)
	if err != nil {
		return err
	}
	return buildExit(serve.Run(ctx, serve.Options{
		Build: opts, Addr: fl.addr, Interval: fl.interval,
		Stdout: env.Stdout, Stderr: env.Stderr,
	}))
}
