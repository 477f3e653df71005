package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/truststore"
	"github.com/shuyuan-project/shuyuan/generator/versionqr"
)

// verifyFlags are the flags of `shuyuan verify`.
type verifyFlags struct {
	pubkey, qr, trust string
	allowUntrusted    bool
}

func newVerifyCmd(env Env) *cobra.Command {
	var fl verifyFlags
	cmd := &cobra.Command{
		Use:   "verify FILE|DIR [--pubkey FILE] [--qr PAYLOAD] [--allow-untrusted] | verify --trust KEYFILE",
		Short: "Check the checksums and signature of downloaded extracts",
		Long: `Check SHA256SUMS: every listed file must be present with its checksum, and in a
directory every file must be listed (dot-files too). Only regular files inside the
set are read: a FIFO, a device or a symbolic link leading out of the set is
reported and never opened. DIR is a directory holding SHA256SUMS (or
data/SHA256SUMS, e.g. a site) or a directory inside such a set (data/<id>/<version>:
the files under it are checked); FILE is SHA256SUMS itself or one downloaded file
whose SHA256SUMS lies beside it (a flat download) or in a parent directory.

Trust comes from a key you trust, never from the download itself: whoever can
replace the files can replace SHA256SUMS, its signature and the minisign.pub beside
them too. The signature SHA256SUMS.minisig is checked with --pubkey FILE (the
portal's minisign public key, which the set must then be signed with), else with
the key of your trust store that has the signer's key ID. Add the portal's key to
the store once with --trust KEYFILE (after checking its key ID against the one the
portal's pages show); the store is $XDG_CONFIG_HOME/shuyuan/trusted-keys/
(~/.config/shuyuan/trusted-keys/; $SHUYUAN_CONFIG_DIR/trusted-keys/ when set).

--qr PAYLOAD is the text of the QR code on a dataset version's page (its URL with
sha256= and key=): the files of that version must match its digest, which needs
no key at all, and the set, when signed, must be signed by the key ID it names.

The same checks can be made with the standard tools:

  sha256sum -c SHA256SUMS
  minisign -Vm SHA256SUMS -p portal.pub

Exit status: 0 when every checksum matches and the set is vouched for by a key you
trust or by --qr, or is unsigned (said plainly: then anyone could have written
it); 1 on any mismatch, a bad signature, or a signed set whose signer you do not
trust (unless --allow-untrusted); 2 on usage or I/O errors.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if fl.trust != "" {
				return cobra.MaximumNArgs(1)(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(env, fl, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.pubkey, "pubkey", "", "minisign public key `FILE` the set must be signed with")
	f.StringVar(&fl.qr, "qr", "", "the `PAYLOAD` of a dataset version's QR code: its files must match the digest it names")
	f.StringVar(&fl.trust, "trust", "", "add the minisign public key `KEYFILE` to your trust store (then verify FILE|DIR when given)")
	f.BoolVar(&fl.allowUntrusted, "allow-untrusted", false, "accept a signed set whose signer you do not trust when its checksums match (exit 0; says so)")
	return cmd
}

func runVerify(env Env, fl verifyFlags, args []string) error {
	w := env.Stdout
	store := truststore.Dir(env.Getenv)
	if fl.trust != "" {
		k, added, err := truststore.Add(store, fl.trust)
		if err != nil {
			return withCode(ExitUsage, fmt.Errorf("--trust: %v", err))
		}
		if added {
			fmt.Fprintf(w, "trusted key %s added: %s\n", sign.KeyID(k.Pub), k.File)
		} else {
			fmt.Fprintf(w, "key %s is already trusted: %s\n", sign.KeyID(k.Pub), k.File)
		}
		if len(args) == 0 {
			return nil
		}
	}
	var opts sign.Options
	if fl.pubkey != "" {
		k, err := sign.LoadPublicKey(fl.pubkey)
		if err != nil {
			return withCode(ExitUsage, fmt.Errorf("--pubkey: %v", err))
		}
		opts.Pinned = &k
	}
	trusted, err := truststore.Load(store)
	if err != nil {
		return withCode(ExitUsage, err)
	}
	opts.Trusted = truststore.Keys(trusted)
	var payload versionqr.Payload
	if fl.qr != "" {
		if payload, err = versionqr.Parse(fl.qr); err != nil {
			return withCode(ExitUsage, fmt.Errorf("--qr: %v", err))
		}
		opts.Version = &sign.VersionPin{Prefix: payload.Prefix(), Digest: payload.SHA256, KeyID: payload.KeyID}
	}
	rep, err := sign.VerifyWith(args[0], opts)
	if err != nil {
		return withCode(ExitUsage, err)
	}
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
	printSignature(w, rep, fl, trusted)
	if v := rep.Version; v != nil {
		printVersion(w, v, payload, rep)
	}
	if rep.Failed() {
		if rep.Checked == 0 && len(rep.Mismatch)+len(rep.Missing)+len(rep.Unlisted)+len(rep.Problems) == 0 {
			fmt.Fprintf(w, "FAILED: no file was checked\n")
		}
		return withCode(ExitFindings, nil)
	}
	switch {
	case rep.Trusted():
		fmt.Fprintln(w, "OK")
	case !rep.Signed:
		fmt.Fprintln(w, "OK (unsigned: only the checksums were checked; the signer was not checked)")
	case fl.allowUntrusted:
		fmt.Fprintln(w, "OK (--allow-untrusted: the checksums match, but the signer was NOT checked)")
	default:
		fmt.Fprintln(w, "FAILED: the signer was not checked: the checksums match, but whoever replaced the files could have replaced SHA256SUMS and its signature too; trust the portal's key (--trust or --pubkey), use --qr, or pass --allow-untrusted to accept the checksums alone")
		return withCode(ExitFindings, nil)
	}
	return nil
}

// printSignature says what the signature check found.
func printSignature(w io.Writer, rep *sign.Report, fl verifyFlags, trusted []truststore.Key) {
	signer := rep.SignerKeyID
	if signer == "" {
		signer = "(unreadable)"
	}
	keyFile := fl.pubkey
	if keyFile == "" {
		for _, k := range trusted {
			if sign.KeyID(k.Pub) == rep.TrustedKeyID {
				keyFile = k.File
			}
		}
	}
	switch {
	case fl.pubkey != "" && !rep.Signed:
		fmt.Fprintf(w, "FAILED: signature: the set is unsigned (no %s) but --pubkey was given\n", sign.SigFile)
	case rep.SignatureChecked && !rep.SignatureOK && fl.pubkey != "" && rep.SignerKeyID != rep.TrustedKeyID:
		fmt.Fprintf(w, "FAILED: signature: the set is signed by key %s, not by the key %s of %s\n", signer, rep.TrustedKeyID, fl.pubkey)
	case rep.SignatureChecked && !rep.SignatureOK:
		fmt.Fprintf(w, "FAILED: signature: %s is not a valid signature of %s by the trusted key %s (%s)\n", sign.SigFile, sign.SumsFile, rep.TrustedKeyID, keyFile)
	case rep.SignatureChecked:
		fmt.Fprintf(w, "signature: OK, by key %s, which you trust (%s)\n", rep.TrustedKeyID, keyFile)
	case rep.PubKeyBeside != "" && !rep.BesideOK:
		fmt.Fprintf(w, "FAILED: signature: %s is not a valid signature of %s by the public key %s beside it (damaged or forged)\n", sign.SigFile, sign.SumsFile, rep.PubKeyBeside)
	case rep.Signed:
		fmt.Fprintf(w, "signature: signed by key %s, which you do not trust: the signer was NOT checked (a key published beside the files proves nothing). Compare the key ID with the one the portal's pages show, then `shuyuan verify --trust minisign.pub`, or pass --pubkey with the portal's key\n", signer)
	default:
		fmt.Fprintf(w, "signature: none: the set is UNSIGNED (no %s); only the checksums were checked, so anyone could have written these files and their %s\n", sign.SigFile, sign.SumsFile)
	}
}

// printVersion says what the check against a QR payload found.
func printVersion(w io.Writer, v *sign.VersionReport, p versionqr.Payload, rep *sign.Report) {
	name := p.Dataset + " " + p.Version
	switch {
	case v.Listed == 0:
		fmt.Fprintf(w, "FAILED: QR code: %s lists no file of %s (data/%s)\n", rep.Sums, name, v.Prefix)
	case v.Got != v.Want:
		fmt.Fprintf(w, "FAILED: QR code: the %d files %s lists for %s have the digest %s, not %s: they are not the files the portal published\n", v.Listed, rep.Sums, name, v.Got, v.Want)
	case v.KeyIDMismatch:
		fmt.Fprintf(w, "FAILED: QR code: the set is signed by key %s, not by the portal's key %s\n", rep.SignerKeyID, p.KeyID)
	case !v.Covers:
		fmt.Fprintf(w, "QR code: OK for the %d files of %s; the other checked files are not covered by it\n", v.Listed, name)
	default:
		fmt.Fprintf(w, "QR code: OK, the files of %s match the digest %s\n", name, v.Want)
	}
}
