package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/versionqr"
)

// downloadSet writes what a researcher downloads from data/: one version's files,
// SHA256SUMS, its signature by key and minisign.pub with pub.
func downloadSet(t *testing.T, dir string, content string, pub minisign.PublicKey, key *minisign.PrivateKey) {
	t.Helper()
	v := filepath.Join(dir, "metro", "1.0.0")
	if err := os.MkdirAll(v, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(v, "metro.parquet"), []byte(content), 0o644)
	os.WriteFile(filepath.Join(v, "datapackage.json"), []byte(`{"name":"metro"}`+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, sign.PubFile), sign.PublicKeyText(pub, "minisign public key"), 0o644)
	if err := sign.Publish(dir, key, nil); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyTrustsOnlyPinnedKeys is issue 12's "Must show": a download set
// re-signed with another key (files, SHA256SUMS, signature and minisign.pub all
// replaced) fails `shuyuan verify` with exit 1 unless that key is trusted.
func TestVerifyTrustsOnlyPinnedKeys(t *testing.T) {
	config := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": config}
	portalPub, portalKey := sign.DemoKey()
	portalFile := filepath.Join(t.TempDir(), "portal.pub")
	os.WriteFile(portalFile, sign.PublicKeyText(portalPub, "portal"), 0o644)

	set := t.TempDir()
	downloadSet(t, set, "PAR1 the portal's data PAR1", portalPub, &portalKey)
	sums, _ := os.ReadFile(filepath.Join(set, sign.SumsFile))
	entries, _ := sign.ParseSums(sign.SumsFile, sums)
	digest, _ := sign.VersionDigest(entries, "metro/1.0.0/")
	qr := versionqr.Payload{BaseURL: "https://data.example.gov.cn/", Dataset: "metro", Version: "1.0.0", SHA256: digest, KeyID: sign.KeyID(portalPub)}.String()

	// a genuine set, no key trusted yet: the checksums match but the signer is unknown
	code, out, _ := runCLI(t, env, "verify", set)
	if code != ExitFindings || !strings.Contains(out, "which you do not trust: the signer was NOT checked") || !strings.Contains(out, "FAILED: the signer was not checked") {
		t.Errorf("genuine set, nothing trusted: exit %d\n%s", code, out)
	}
	// the QR payload vouches for the version's files without any key
	if code, out, _ := runCLI(t, env, "verify", filepath.Join(set, "metro", "1.0.0"), "--qr", qr); code != ExitOK || !strings.Contains(out, "QR code: OK") {
		t.Errorf("genuine version with --qr: exit %d\n%s", code, out)
	}
	// trust the portal's key once
	code, out, _ = runCLI(t, env, "verify", "--trust", portalFile)
	if code != ExitOK || !strings.Contains(out, "trusted key "+sign.KeyID(portalPub)+" added: "+filepath.Join(config, "shuyuan", "trusted-keys")) {
		t.Fatalf("--trust: exit %d\n%s", code, out)
	}
	if code, out, _ := runCLI(t, env, "verify", set); code != ExitOK || !strings.Contains(out, "signature: OK, by key "+sign.KeyID(portalPub)+", which you trust") {
		t.Errorf("genuine set, portal trusted: exit %d\n%s", code, out)
	}

	// the attack: every file replaced, re-signed with the attacker's key, whose
	// public key replaces minisign.pub
	attackerPub, attackerKey, _ := minisign.GenerateKey(nil)
	os.RemoveAll(set)
	downloadSet(t, set, "PAR1 forged rows PAR1", attackerPub, &attackerKey)
	attacker := sign.KeyID(attackerPub)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"portal's key trusted", []string{"verify", set}, ExitFindings, "signed by key " + attacker + ", which you do not trust"},
		{"one file", []string{"verify", filepath.Join(set, "metro", "1.0.0", "metro.parquet")}, ExitFindings, "FAILED: the signer was not checked"},
		{"--pubkey the portal's key", []string{"verify", set, "--pubkey", portalFile}, ExitFindings, "FAILED: signature: the set is signed by key " + attacker + ", not by the key " + sign.KeyID(portalPub)},
		{"--qr of the genuine version", []string{"verify", filepath.Join(set, "metro", "1.0.0"), "--qr", qr}, ExitFindings, "they are not the files the portal published"},
		{"--allow-untrusted", []string{"verify", set, "--allow-untrusted"}, ExitOK, "OK (--allow-untrusted: the checksums match, but the signer was NOT checked)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, env, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want %d and %q\n%s%s", code, tc.code, tc.want, out, errs)
			}
			if code == ExitFindings && strings.Contains(out, "signature: OK") {
				t.Errorf("a forged set reported signature: OK\n%s", out)
			}
		})
	}
	// with no store at all, the same
	if code, out, _ := runCLI(t, nil, "verify", set); code != ExitFindings {
		t.Errorf("no trust store: exit %d\n%s", code, out)
	}
	// only when the user trusts the attacker's key does the set pass
	attackerFile := filepath.Join(set, sign.PubFile)
	if code, out, _ := runCLI(t, env, "verify", "--trust", attackerFile, set); code != ExitOK || !strings.Contains(out, "signature: OK, by key "+attacker) {
		t.Errorf("attacker's key trusted: exit %d\n%s", code, out)
	}
}

// TestVerifyUnsignedContract: outputs.md's contract for an unsigned set stands
// (exit 0 when every checksum matches, saying plainly that it is unsigned), and
// --pubkey still refuses one.
func TestVerifyUnsignedContract(t *testing.T) {
	set := t.TempDir()
	pub, _ := sign.DemoKey()
	downloadSet(t, set, "PAR1 x PAR1", pub, nil)
	code, out, _ := runCLI(t, nil, "verify", set)
	if code != ExitOK || !strings.Contains(out, "the set is UNSIGNED") || !strings.Contains(out, "OK (unsigned: only the checksums were checked; the signer was not checked)") {
		t.Errorf("unsigned: exit %d\n%s", code, out)
	}
	os.WriteFile(filepath.Join(set, "metro", "1.0.0", "metro.parquet"), []byte("changed"), 0o644)
	if code, out, _ := runCLI(t, nil, "verify", set); code != ExitFindings {
		t.Errorf("unsigned and changed: exit %d\n%s", code, out)
	}
	keyFile := filepath.Join(t.TempDir(), "k.pub")
	os.WriteFile(keyFile, sign.PublicKeyText(pub, "k"), 0o644)
	if code, out, _ := runCLI(t, nil, "verify", set, "--pubkey", keyFile); code != ExitFindings || !strings.Contains(out, "unsigned (no SHA256SUMS.minisig) but --pubkey was given") {
		t.Errorf("unsigned with --pubkey: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"verify"}, {"verify", set, "--qr", "https://x/datasets/a/1.0.0/?sha256=abc"}, {"verify", "--trust", keyFile}} {
		// --trust without a configuration directory is a usage error too
		if code, _, _ := runCLI(t, nil, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}
