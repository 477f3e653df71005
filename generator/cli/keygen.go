package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"aead.dev/minisign"
	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/sign"
)

func newKeygenCmd(env Env) *cobra.Command {
	var secret, public string
	var demo bool
	cmd := &cobra.Command{
		Use:   "keygen --secret FILE --public FILE [--demo]",
		Short: "Make a minisign key pair for signing data/SHA256SUMS",
		Long: `Write an unencrypted minisign secret key (mode 0600) and its public key. Keep the
secret key out of the repository: store it as a CI secret and pass it to extract
and build as SHUYUAN_SIGNING_KEY. The public key goes into the catalog
(portal.yaml signing.public_key) so researchers can check downloads.

--demo writes the fixed demonstration key derived from a public seed: it is NOT
secret, and only for running the default catalog on a fresh machine.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if secret == "" && public == "" {
				return usageError("keygen needs --secret FILE and/or --public FILE")
			}
			var (
				pub     minisign.PublicKey
				priv    minisign.PrivateKey
				comment = "minisign public key of a shuyuan portal"
			)
			if demo {
				pub, priv = sign.DemoKey()
				comment = "shuyuan DEMO key, public seed, NOT SECRET - for the demonstration catalog only"
			} else {
				var err error
				if pub, priv, err = minisign.GenerateKey(nil); err != nil {
					return withCode(ExitUsage, err)
				}
			}
			if secret != "" {
				if err := os.MkdirAll(filepath.Dir(secret), 0o700); err != nil {
					return withCode(ExitUsage, err)
				}
				if err := os.WriteFile(secret, sign.SecretKeyText(priv), 0o600); err != nil {
					return withCode(ExitUsage, err)
				}
				fmt.Fprintf(env.Stdout, "secret key: %s (keep it secret; use SHUYUAN_SIGNING_KEY=file:%s)\n", secret, secret)
			}
			if public != "" {
				if err := os.MkdirAll(filepath.Dir(public), 0o755); err != nil {
					return withCode(ExitUsage, err)
				}
				if err := os.WriteFile(public, sign.PublicKeyText(pub, comment), 0o644); err != nil {
					return withCode(ExitUsage, err)
				}
				fmt.Fprintf(env.Stdout, "public key: %s\n", public)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&secret, "secret", "", "write the secret key to `FILE`")
	f.StringVar(&public, "public", "", "write the public key to `FILE`")
	f.BoolVar(&demo, "demo", false, "the fixed demonstration key (public seed, NOT secret)")
	return cmd
}
