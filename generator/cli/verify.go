package cli

import (
	"fmt"

	"aead.dev/minisign"
	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/sign"
)

func newVerifyCmd(env Env) *cobra.Command {
	var pubkey string
	cmd := &cobra.Command{
		Use:   "verify FILE|DIR [--pubkey FILE]",
		Short: "Check the checksums and signature of downloaded extracts",
		Long: `Check SHA256SUMS: every listed file must be present with its checksum, and in a
directory every file must be listed (dot-files too). Only regular files inside the
set are read: a FIFO, a device or a symbolic link leading out of the set is
reported and never opened. DIR is a directory holding SHA256SUMS (or
data/SHA256SUMS, e.g. a site) or a directory inside such a set (data/<id>/<version>:
the files under it are checked); FILE is SHA256SUMS itself or one downloaded file
whose SHA256SUMS lies beside it (a flat download) or in a parent directory. With --pubkey (the
portal's minisign public key, keys/portal.pub) SHA256SUMS.minisig must be a valid
signature; without it, a signed set is checked with the minisign.pub published
beside SHA256SUMS when there is one. The same checks can be made with the standard tools:

  sha256sum -c SHA256SUMS
  minisign -Vm SHA256SUMS -p portal.pub

Exit status: 0 when everything matches, 1 on any mismatch, 2 on usage or I/O errors.`,
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
			rep, err := sign.Verify(args[0], pub)
			if err != nil {
				return withCode(ExitUsage, err)
			}
			w := env.Stdout
			for _, p := range rep.Problems {
				fmt.Fprintf(w, "FAILED: %s\n", p)
			}
			for _, p := range rep.Mismatch {
				fmt.Fprintf(w, "FAILED: %s: checksum does not match %s (the file was changed or damaged)\n", p, rep.Sums)
			}
			for _, p := range rep.Missing {
				fmt.Fprintf(w, "FAILED: %s: listed in %s but missing\n", p, rep.Sums)
			}
			for _, p := range rep.Unlisted {
				fmt.Fprintf(w, "FAILED: %s: present but not listed in %s\n", p, rep.Sums)
			}
			fmt.Fprintf(w, "%s: %d of %d checked files match\n", rep.Sums, rep.OK, rep.Checked)
			switch {
			case rep.SignatureChecked && !rep.Signed:
				fmt.Fprintf(w, "FAILED: signature: the set is unsigned (no %s) but --pubkey was given\n", sign.SigFile)
			case rep.SignatureChecked && !rep.SignatureOK && rep.PubKeyBeside != "":
				fmt.Fprintf(w, "FAILED: signature: %s is not a valid signature of %s by the public key %s\n", sign.SigFile, sign.SumsFile, rep.PubKeyBeside)
			case rep.SignatureChecked && !rep.SignatureOK:
				fmt.Fprintf(w, "FAILED: signature: %s is not a valid signature of %s by that public key\n", sign.SigFile, sign.SumsFile)
			case rep.SignatureChecked && rep.PubKeyBeside != "":
				fmt.Fprintf(w, "signature: OK (%s verified with %s published beside it; pass --pubkey with the portal's public key to check who signed)\n", sign.SigFile, rep.PubKeyBeside)
			case rep.SignatureChecked:
				fmt.Fprintf(w, "signature: OK (%s verified with %s)\n", sign.SigFile, pubkey)
			case rep.Signed:
				fmt.Fprintf(w, "signature: present but not checked; pass --pubkey with the portal's public key (keys/portal.pub)\n")
			default:
				fmt.Fprintf(w, "signature: the set is unsigned (no %s); only the checksums were checked\n", sign.SigFile)
			}
			if rep.Failed() {
				if rep.Checked == 0 && len(rep.Mismatch)+len(rep.Missing)+len(rep.Unlisted)+len(rep.Problems) == 0 {
					fmt.Fprintf(w, "FAILED: no file was checked\n")
				}
				return withCode(ExitFindings, nil)
			}
			fmt.Fprintln(w, "OK")
			return nil
		},
	}
	cmd.Flags().StringVar(&pubkey, "pubkey", "", "minisign public key `FILE` to check SHA256SUMS.minisig with")
	return cmd
}
