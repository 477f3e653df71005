package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"aead.dev/minisign"
	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/fetch"
	"github.com/shuyuan-project/shuyuan/generator/outdir"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

func newFetchCmd(env Env) *cobra.Command {
	var out, pubkey string
	cmd := &cobra.Command{
		Use:   "fetch URL --out DIR [--pubkey FILE]",
		Short: "Download the data/ a portal published, for build --previous",
		Long: `Download the data/ of the portal published at URL (its base URL) into DIR/data:
SHA256SUMS, its signature, minisign.pub and every file SHA256SUMS lists, each
checked against its checksum as it arrives. With --pubkey, SHA256SUMS must be
signed by that key before any other file is downloaded. The publish workflow runs
it to restore the last deployment, then builds with --previous DIR, which checks
the signature again and carries every published version forward.

DIR is guarded like build's --out (absent, empty or written by shuyuan); its data/
is replaced. A portal that publishes no data/SHA256SUMS yet (the first deployment)
leaves DIR without data/ and exits 0.

Exit status: 0 downloaded (or nothing published), 1 a file or the signature does
not match, 2 usage, network or I/O error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var pub *minisign.PublicKey
			if pubkey != "" {
				k, err := sign.LoadPublicKey(pubkey)
				if err != nil {
					return withCode(ExitUsage, fmt.Errorf("--pubkey: %v", err))
				}
				pub = &k
			}
			if err := outdir.Claim(out); err != nil {
				return withCode(ExitUsage, err)
			}
			if err := os.RemoveAll(filepath.Join(out, "data")); err != nil {
				return withCode(ExitUsage, err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			client := &http.Client{Timeout: 30 * time.Minute}
			res, err := fetch.Data(ctx, client, args[0], out, pub)
			var mm *fetch.MismatchError
			switch {
			case errors.Is(err, fetch.ErrNotPublished):
				fmt.Fprintf(env.Stdout, "%s publishes no data/SHA256SUMS yet: nothing to carry forward\n", args[0])
				return nil
			case errors.As(err, &mm):
				return withCode(ExitFindings, fmt.Errorf("fetch: %v", err))
			case err != nil:
				return withCode(ExitUsage, fmt.Errorf("fetch: %v", err))
			}
			signed := "unsigned"
			if res.Signed {
				signed = "signed"
			}
			fmt.Fprintf(env.Stdout, "%d files (%s, %s SHA256SUMS) from %s into %s\n", res.Files, humanBytes(res.Bytes), signed, args[0], filepath.Join(out, "data"))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "previous", "the `DIR` to download into (DIR/data)")
	cmd.Flags().StringVar(&pubkey, "pubkey", "", "minisign public key `FILE` that must have signed SHA256SUMS")
	return cmd
}

// humanBytes formats a byte count.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
