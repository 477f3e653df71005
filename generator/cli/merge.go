package cli

import (
	"fmt"

	"aead.dev/minisign"
	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/outdir"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

func newMergeCmd(env Env) *cobra.Command {
	var planFile, out, signKey string
	cmd := &cobra.Command{
		Use:   "merge --plan FILE [--out DIR] [--sign-key FILE] SHARE…",
		Short: "Join the shares of a sharded extract into one signed data/",
		Long: `Join the site directories written by ` + "`shuyuan extract --plan FILE --shard I/N`" + `
into <out>/data: every share is checked first (each file against the share's
SHA256SUMS, no unlisted file, each datapackage.json against its Parquet files), and
no dataset may be in two shares, differ from the plan's version or be missing; then
the files are copied and one data/SHA256SUMS is written over them and signed with
the minisign key from --sign-key or SHUYUAN_SIGNING_KEY. When a check fails nothing
is written (exit 1). The result is byte for byte what one ` + "`shuyuan extract`" + ` of the
plan's datasets writes.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, parts []string) error {
			if planFile == "" {
				return usageError("merge needs --plan FILE, the plan the shares were extracted from")
			}
			p, err := extract.ReadPlan(planFile)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			if err := outdir.Claim(out); err != nil {
				return withCode(ExitUsage, err)
			}
			getenv := env.Getenv
			if getenv == nil {
				getenv = func(string) string { return "" }
			}
			spec, from := "file:"+signKey, "--sign-key"
			if signKey == "" {
				spec, from = getenv("SHUYUAN_SIGNING_KEY"), "SHUYUAN_SIGNING_KEY"
			}
			var key *minisign.PrivateKey
			if spec != "" {
				k, err := sign.LoadPrivateKey(spec, getenv)
				if err != nil {
					return usageError("%s: %v", from, err)
				}
				key = &k
			} else {
				fmt.Fprintf(env.Stderr, "warning: no signing key (SHUYUAN_SIGNING_KEY or --sign-key): data/%s is written unsigned\n", sign.SumsFile)
			}
			ids, err := extract.Merge(parts, extract.MergeOptions{OutDir: out, Plan: p, Key: key})
			if err != nil {
				return withCode(ExitFindings, err)
			}
			fmt.Fprintf(env.Stdout, "merged %d datasets from %d shares into %s/data\n", len(ids), len(parts), out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&planFile, "plan", "", "the plan `FILE` written by shuyuan plan --out")
	f.StringVar(&out, "out", "site", "the site `DIR` to merge into (absent, empty or written by shuyuan)")
	f.StringVar(&signKey, "sign-key", "", "minisign secret key `FILE` to sign data/SHA256SUMS (default: SHUYUAN_SIGNING_KEY)")
	return cmd
}
