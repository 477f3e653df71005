package sign

import (
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/internal/cputime"
)

func writeSet(t *testing.T, signed bool) (dir string, pub minisign.PublicKey) {
	t.Helper()
	dir = t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a", "1.0.0"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "1.0.0", "a.parquet"), []byte("PAR1 data PAR1"), 0o644)
	os.WriteFile(filepath.Join(dir, "a", "1.0.0", "datapackage.json"), []byte("{}\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".tmp-x"), 0o755) // work directories are not published
	os.WriteFile(filepath.Join(dir, ".tmp-x", "junk"), []byte("x"), 0o644)
	pub, priv := DemoKey()
	var key *minisign.PrivateKey
	if signed {
		key = &priv
	}
	if err := Publish(dir, key, nil); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, ".tmp-x")) // a finished extract removes its work directory
	return dir, pub
}

func TestPublishFormat(t *testing.T) {
	dir, _ := writeSet(t, true)
	b, _ := os.ReadFile(filepath.Join(dir, SumsFile))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "  a/1.0.0/a.parquet") || !strings.HasSuffix(lines[1], "  a/1.0.0/datapackage.json") {
		t.Errorf("SHA256SUMS:\n%s", b)
	}
	sig1, _ := os.ReadFile(filepath.Join(dir, SigFile))
	if err := Publish(dir, func() *minisign.PrivateKey { _, k := DemoKey(); return &k }(), nil); err != nil {
		t.Fatal(err)
	}
	sig2, _ := os.ReadFile(filepath.Join(dir, SigFile))
	if string(sig1) != string(sig2) {
		t.Errorf("signature is not deterministic")
	}
}

func TestVerify(t *testing.T) {
	t.Run("directory inside the set", func(t *testing.T) {
		dir, pub := writeSet(t, true)
		sub := filepath.Join(dir, "a", "1.0.0")
		rep, err := Verify(sub, &pub)
		if err != nil || rep.Failed() || rep.Checked != 2 || !rep.SignatureOK {
			t.Errorf("%+v %v", rep, err)
		}
		os.WriteFile(filepath.Join(sub, "extra.csv"), []byte("x"), 0o644)
		if rep, err := Verify(sub, &pub); err != nil || !rep.Failed() || len(rep.Unlisted) != 1 {
			t.Errorf("unlisted file under the directory not reported: %+v %v", rep, err)
		}
		if _, err := Verify(t.TempDir(), &pub); err == nil {
			t.Errorf("a directory outside any set verified")
		}
	})
	t.Run("flat download", func(t *testing.T) {
		// a researcher downloads one file and SHA256SUMS into one directory
		dir, pub := writeSet(t, true)
		flat := t.TempDir()
		for _, f := range []string{SumsFile, SigFile, "a/1.0.0/a.parquet"} {
			b, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			os.WriteFile(filepath.Join(flat, filepath.Base(f)), b, 0o644)
		}
		rep, err := Verify(filepath.Join(flat, "a.parquet"), &pub)
		if err != nil || rep.Failed() || rep.Checked != 1 || !rep.SignatureOK {
			t.Errorf("flat download: %+v %v", rep, err)
		}
		os.WriteFile(filepath.Join(flat, "a.parquet"), []byte("tampered"), 0o644)
		if rep, err := Verify(filepath.Join(flat, "a.parquet"), &pub); err != nil || !rep.Failed() || len(rep.Mismatch) != 1 {
			t.Errorf("tampered flat download verified: %+v %v", rep, err)
		}
	})
	t.Run("public key beside the set", func(t *testing.T) {
		// the portal publishes data/minisign.pub next to SHA256SUMS; a built site
		// must verify as it is
		dir, pub := writeSet(t, true)
		os.WriteFile(filepath.Join(dir, PubFile), PublicKeyText(pub, "portal"), 0o644)
		rep, err := Verify(dir, &pub)
		if err != nil || rep.Failed() || len(rep.Unlisted) != 0 {
			t.Errorf("%+v %v", rep, err)
		}
		// without --pubkey the signature is checked with that key, for damage only:
		// the key beside the set does not make it trusted
		rep, err = Verify(dir, nil)
		if err != nil || rep.Failed() || !rep.BesideOK || rep.PubKeyBeside == "" || rep.SignatureChecked || rep.Trusted() {
			t.Errorf("key beside: %+v %v", rep, err)
		}
		sig, _ := os.ReadFile(filepath.Join(dir, SigFile))
		sig[len(sig)/2] ^= 1
		os.WriteFile(filepath.Join(dir, SigFile), sig, 0o644)
		if rep, err := Verify(dir, nil); err != nil || !rep.Failed() {
			t.Errorf("a damaged signature passed: %+v %v", rep, err)
		}
		// an unsigned set with the key beside it is still only checksummed
		os.Remove(filepath.Join(dir, SigFile))
		if rep, err := Verify(dir, nil); err != nil || rep.Failed() || rep.Signed || rep.SignatureChecked || rep.PubKeyBeside != "" {
			t.Errorf("unsigned set with a key beside it: %+v %v", rep, err)
		}
	})
	t.Run("ok", func(t *testing.T) {
		dir, pub := writeSet(t, true)
		rep, err := Verify(dir, &pub)
		if err != nil || rep.Failed() || rep.Checked != 2 || !rep.SignatureOK {
			t.Errorf("%+v %v", rep, err)
		}
		// one file, with SHA256SUMS in a parent directory
		rep, err = Verify(filepath.Join(dir, "a", "1.0.0", "a.parquet"), &pub)
		if err != nil || rep.Failed() || rep.Checked != 1 {
			t.Errorf("single file: %+v %v", rep, err)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		dir, pub := writeSet(t, true)
		os.WriteFile(filepath.Join(dir, "a", "1.0.0", "a.parquet"), []byte("PAR1 evil PAR1"), 0o644)
		rep, err := Verify(dir, &pub)
		if err != nil || !rep.Failed() || len(rep.Mismatch) != 1 || rep.Mismatch[0] != "a/1.0.0/a.parquet" {
			t.Errorf("%+v %v", rep, err)
		}
	})
	t.Run("missing and unlisted", func(t *testing.T) {
		dir, pub := writeSet(t, true)
		os.Remove(filepath.Join(dir, "a", "1.0.0", "datapackage.json"))
		os.WriteFile(filepath.Join(dir, "a", "extra.csv"), []byte("x"), 0o644)
		rep, err := Verify(dir, &pub)
		if err != nil || !rep.Failed() || len(rep.Missing) != 1 || len(rep.Unlisted) != 1 || rep.Unlisted[0] != "a/extra.csv" {
			t.Errorf("%+v %v", rep, err)
		}
	})
	t.Run("bad signature", func(t *testing.T) {
		dir, pub := writeSet(t, true)
		sums := filepath.Join(dir, SumsFile)
		b, _ := os.ReadFile(sums)
		os.WriteFile(sums, append(b, []byte("0000000000000000000000000000000000000000000000000000000000000000  a/1.0.0/a.parquet\n")...), 0o644)
		rep, err := Verify(dir, &pub)
		if err != nil || !rep.Failed() || !rep.SignatureChecked || rep.SignatureOK {
			t.Errorf("edited SHA256SUMS: %+v %v", rep, err)
		}
		// another key
		dir, _ = writeSet(t, true)
		other, _, _ := minisign.GenerateKey(nil)
		rep, err = Verify(dir, &other)
		if err != nil || !rep.Failed() || rep.SignatureOK {
			t.Errorf("other key: %+v %v", rep, err)
		}
	})
	t.Run("unsigned", func(t *testing.T) {
		dir, pub := writeSet(t, false)
		rep, err := Verify(dir, nil)
		if err != nil || rep.Failed() || rep.Signed {
			t.Errorf("unsigned without pubkey: %+v %v", rep, err)
		}
		rep, err = Verify(dir, &pub)
		if err != nil || !rep.Failed() {
			t.Errorf("unsigned with pubkey must fail: %+v %v", rep, err)
		}
	})
	t.Run("path escape", func(t *testing.T) {
		dir, _ := writeSet(t, false)
		os.WriteFile(filepath.Join(dir, SumsFile), []byte("0000000000000000000000000000000000000000000000000000000000000000  ../../etc/passwd\n"), 0o644)
		rep, err := Verify(dir, nil)
		if err != nil || !rep.Failed() || len(rep.Problems) != 1 {
			t.Errorf("%+v %v", rep, err)
		}
	})
}

// TestVerifyReadsOnlyRegularFiles: verify never blocks on a FIFO or a link to
// /dev/zero in the set and never reads outside it; it reports each with a clear
// problem, and every entry of the set must be listed, dot-files included.
func TestVerifyReadsOnlyRegularFiles(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("secret"), 0o644)
	for _, tc := range []struct {
		name  string
		plant func(t *testing.T, dir string) // after Publish
		want  string                         // in Problems or Unlisted
	}{
		{"listed file replaced by a link to /dev/zero", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "a", "1.0.0", "a.parquet")
			os.Remove(p)
			if err := os.Symlink("/dev/zero", p); err != nil {
				t.Fatal(err)
			}
		}, "a/1.0.0/a.parquet is a symbolic link to /dev/zero, outside the set; refusing to read it"},
		{"listed file replaced by a FIFO", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "a", "1.0.0", "a.parquet")
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
		}, "a/1.0.0/a.parquet is a FIFO; refusing to read it"},
		{"listed file replaced by a link outside", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "a", "1.0.0", "a.parquet")
			os.Remove(p)
			if err := os.Symlink(outside, p); err != nil {
				t.Fatal(err)
			}
		}, "outside the set; refusing to read it"},
		{"signature replaced by a FIFO", func(t *testing.T, dir string) {
			p := filepath.Join(dir, SigFile)
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip("mkfifo:", err)
			}
		}, SigFile + " is a FIFO"},
		{"unlisted dot-file", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "a", ".hidden.csv"), []byte("x"), 0o644)
		}, "a/.hidden.csv"},
		{"unlisted dot-directory", func(t *testing.T, dir string) {
			os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
			os.WriteFile(filepath.Join(dir, ".git", "config"), []byte("x"), 0o644)
		}, ".git/config"},
		{"unlisted link to /dev/zero", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero")); err != nil {
				t.Fatal(err)
			}
		}, "zero"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, pub := writeSet(t, true)
			tc.plant(t, dir)
			// CPU time, not the wall clock: other jobs on the machine do not count
			var (
				rep *Report
				err error
			)
			if d := cputime.Of(func() { rep, err = Verify(dir, &pub) }); d > 2*time.Second {
				t.Errorf("verify took %v of CPU", d)
			}
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(append(append([]string(nil), rep.Problems...), rep.Unlisted...), "\n")
			if !rep.Failed() || !strings.Contains(all, tc.want) {
				t.Errorf("report %+v, want a failure naming %q", rep, tc.want)
			}
		})
	}
	t.Run("SHA256SUMS a link to /dev/zero", func(t *testing.T) {
		dir, _ := writeSet(t, false)
		os.Remove(filepath.Join(dir, SumsFile))
		os.Symlink("/dev/zero", filepath.Join(dir, SumsFile))
		if _, err := Verify(dir, nil); err == nil || !strings.Contains(err.Error(), "symbolic link to /dev/zero") {
			t.Errorf("err = %v", err)
		}
		if _, err := Verify(filepath.Join(dir, SumsFile), nil); err == nil {
			t.Error("verify SHA256SUMS -> /dev/zero succeeded")
		}
	})
	t.Run("a FIFO as the argument", func(t *testing.T) {
		dir, _ := writeSet(t, false)
		p := filepath.Join(dir, "pipe")
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("mkfifo:", err)
		}
		if _, err := Verify(p, nil); err == nil || !strings.Contains(err.Error(), "FIFO") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a link inside the set is read", func(t *testing.T) {
		dir, pub := writeSet(t, true)
		p := filepath.Join(dir, "a", "1.0.0", "a.parquet")
		b, _ := os.ReadFile(p)
		os.WriteFile(filepath.Join(dir, "a", "copy"), b, 0o644)
		os.Remove(p)
		os.Symlink("../copy", p)
		rep, err := Verify(filepath.Join(dir, "a", "1.0.0"), &pub)
		if err != nil || rep.Failed() {
			t.Errorf("%+v %v", rep, err)
		}
	})
}

func TestPublishRefusesNonRegular(t *testing.T) {
	dir, _ := writeSet(t, false)
	os.Symlink("/dev/zero", filepath.Join(dir, "a", "zero"))
	if err := Publish(dir, nil, nil); err == nil || !strings.Contains(err.Error(), "is a symbolic link, not a regular file") {
		t.Errorf("err = %v", err)
	}
}

func TestLoadPrivateKey(t *testing.T) {
	_, priv := DemoKey()
	text := string(SecretKeyText(priv))
	for _, spec := range []string{text, strings.SplitN(text, "\n", 2)[1]} {
		k, err := LoadPrivateKey(spec, nil)
		if err != nil || !k.Equal(priv) {
			t.Errorf("LoadPrivateKey: %v", err)
		}
	}
	p := filepath.Join(t.TempDir(), "k")
	os.WriteFile(p, []byte(text), 0o600)
	if k, err := LoadPrivateKey("file:"+p, nil); err != nil || !k.Equal(priv) {
		t.Errorf("file: %v", err)
	}
	if _, err := LoadPrivateKey("not a key", nil); err == nil || strings.Contains(err.Error(), "not a key") {
		t.Errorf("bad key: %v", err)
	}
}

// TestStandardTools checks the set with `sha256sum -c` and `minisign -V`, the tools
// researchers use (Debian's coreutils and minisign; `make deps` installs minisign).
func TestStandardTools(t *testing.T) {
	dir, pub := writeSet(t, true)
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skip("sha256sum not installed")
	}
	cmd := exec.Command("sha256sum", "-c", SumsFile)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}
	mini, err := exec.LookPath("minisign")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("minisign is not installed; `make deps` installs it")
		}
		t.Skip("minisign is not installed (Debian package minisign; `make deps` installs it): signature interoperability not checked")
	}
	pk := filepath.Join(t.TempDir(), "portal.pub")
	os.WriteFile(pk, PublicKeyText(pub, "test"), 0o644)
	cmd = exec.Command(mini, "-Vm", SumsFile, "-p", pk)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Signature and comment signature verified") {
		t.Errorf("minisign -V: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(filepath.Join(dir, SumsFile))
	os.WriteFile(filepath.Join(dir, SumsFile), append(b, '\n'), 0o644)
	cmd = exec.Command(mini, "-Vm", SumsFile, "-p", pk)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("minisign accepted a changed SHA256SUMS:\n%s", out)
	}
}

// resign replaces a set as an attacker would: new file contents, SHA256SUMS, its
// signature and minisign.pub, all made with the attacker's key, which has the key
// ID id when id is not zero.
func resign(t *testing.T, dir string, id uint64) minisign.PublicKey {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	if id != 0 {
		// a key ID is chosen, not derived: an attacker can copy the portal's
		pub, priv = withID(t, pub, priv, id)
	}
	os.WriteFile(filepath.Join(dir, "a", "1.0.0", "a.parquet"), []byte("PAR1 forged PAR1"), 0o644)
	os.WriteFile(filepath.Join(dir, PubFile), PublicKeyText(pub, "attacker"), 0o644)
	if err := Publish(dir, &priv, nil); err != nil {
		t.Fatal(err)
	}
	return pub
}

// withID returns the key pair with its key ID replaced by id (the ID is stored
// beside the key bytes in both encodings).
func withID(t *testing.T, pub minisign.PublicKey, priv minisign.PrivateKey, id uint64) (minisign.PublicKey, minisign.PrivateKey) {
	t.Helper()
	setID := func(b []byte, off int) {
		for i := 0; i < 8; i++ {
			b[off+i] = byte(id >> (8 * i))
		}
	}
	pb, _ := base64.StdEncoding.DecodeString(pub.String())
	setID(pb, 2)
	var p2 minisign.PublicKey
	if err := p2.UnmarshalText([]byte(base64.StdEncoding.EncodeToString(pb))); err != nil {
		t.Fatal(err)
	}
	text, _ := priv.MarshalText()
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	kb, _ := base64.StdEncoding.DecodeString(lines[len(lines)-1])
	// unencrypted secret key: alg(2) kdf(2) hash-alg(2) salt(32) ops(8) mem(8), then
	// key ID(8) key(64) checksum(32), which is not checked when unencrypted
	setID(kb, 54)
	lines[len(lines)-1] = base64.StdEncoding.EncodeToString(kb)
	var k2 minisign.PrivateKey
	if err := k2.UnmarshalText([]byte(strings.Join(lines, "\n"))); err != nil {
		t.Fatal(err)
	}
	return p2, k2
}

// TestVerifyTrust is issue 12's attack: a download set whose files, SHA256SUMS,
// signature and minisign.pub were all replaced passes every check that reads only
// the download; it is trusted only when a key the user trusts signed it.
func TestVerifyTrust(t *testing.T) {
	portal, _ := DemoKey()
	t.Run("re-signed with another key", func(t *testing.T) {
		dir, _ := writeSet(t, true)
		os.WriteFile(filepath.Join(dir, PubFile), PublicKeyText(portal, "portal"), 0o644)
		attacker := resign(t, dir, 0)
		rep, err := VerifyWith(dir, Options{})
		if err != nil || rep.Failed() || !rep.BesideOK || rep.Trusted() || rep.SignerKeyID != KeyID(attacker) {
			t.Errorf("no trusted key: %+v %v", rep, err)
		}
		rep, err = VerifyWith(dir, Options{Trusted: []minisign.PublicKey{portal}})
		if err != nil || rep.Trusted() || rep.SignatureChecked {
			t.Errorf("trust store with the portal's key: %+v %v", rep, err)
		}
		rep, err = VerifyWith(dir, Options{Pinned: &portal})
		if err != nil || !rep.Failed() || rep.Trusted() {
			t.Errorf("--pubkey portal: %+v %v", rep, err)
		}
		rep, err = VerifyWith(dir, Options{Trusted: []minisign.PublicKey{portal, attacker}})
		if err != nil || rep.Failed() || !rep.Trusted() || rep.TrustedKeyID != KeyID(attacker) {
			t.Errorf("the attacker's key trusted: %+v %v", rep, err)
		}
	})
	t.Run("re-signed with a key that copies the portal's key ID", func(t *testing.T) {
		dir, _ := writeSet(t, true)
		forged := resign(t, dir, portal.ID())
		if KeyID(forged) != KeyID(portal) {
			t.Fatalf("forged key ID %s, want %s", KeyID(forged), KeyID(portal))
		}
		rep, err := VerifyWith(dir, Options{Trusted: []minisign.PublicKey{portal}})
		if err != nil || !rep.Failed() || rep.Trusted() || !rep.SignatureChecked || rep.SignatureOK {
			t.Errorf("same key ID, other key: %+v %v", rep, err)
		}
	})
	t.Run("trust store key", func(t *testing.T) {
		dir, _ := writeSet(t, true)
		rep, err := VerifyWith(dir, Options{Trusted: []minisign.PublicKey{portal}})
		if err != nil || rep.Failed() || !rep.Trusted() {
			t.Errorf("%+v %v", rep, err)
		}
	})
}

// TestVersionDigest: the digest is what the documented sha256sum pipeline
// prints, and a pin covers exactly the files of its version.
func TestVersionDigest(t *testing.T) {
	dir, _ := writeSet(t, true)
	os.MkdirAll(filepath.Join(dir, "b", "2.0.0"), 0o755)
	os.WriteFile(filepath.Join(dir, "b", "2.0.0", "b.parquet"), []byte("other"), 0o644)
	_, priv := DemoKey()
	if err := Publish(dir, &priv, nil); err != nil {
		t.Fatal(err)
	}
	content, _ := os.ReadFile(filepath.Join(dir, SumsFile))
	entries, problems := ParseSums(SumsFile, content)
	if len(problems) > 0 || len(entries) != 3 {
		t.Fatalf("%v %v", entries, problems)
	}
	got, n := VersionDigest(entries, "a/1.0.0/")
	if n != 2 || len(got) != 64 {
		t.Fatalf("digest %q over %d files", got, n)
	}
	if _, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command("sh", "-c", "(LC_ALL=C sha256sum -- *) | sha256sum")
		cmd.Dir = filepath.Join(dir, "a", "1.0.0")
		out, err := cmd.Output()
		if err != nil || !strings.HasPrefix(string(out), got+" ") {
			t.Errorf("sha256sum pipeline printed %q (%v), VersionDigest %s", out, err, got)
		}
	}
	pub, _ := DemoKey()
	pin := &VersionPin{Prefix: "a/1.0.0/", Digest: got, KeyID: KeyID(pub)}
	for _, tc := range []struct {
		name          string
		target        string
		pin           VersionPin
		ok, covers    bool
		keyIDMismatch bool
	}{
		{"the version's directory", filepath.Join(dir, "a", "1.0.0"), *pin, true, true, false},
		{"one file of it", filepath.Join(dir, "a", "1.0.0", "a.parquet"), *pin, true, true, false},
		{"the whole set", dir, *pin, true, false, false},
		{"another digest", filepath.Join(dir, "a", "1.0.0"), VersionPin{Prefix: "a/1.0.0/", Digest: strings.Repeat("0", 64)}, false, true, false},
		{"another key ID", filepath.Join(dir, "a", "1.0.0"), VersionPin{Prefix: "a/1.0.0/", Digest: got, KeyID: "0123456789ABCDEF"}, false, true, true},
		{"a version not listed", filepath.Join(dir, "a", "1.0.0"), VersionPin{Prefix: "a/9.0.0/", Digest: got}, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := VerifyWith(tc.target, Options{Version: &tc.pin})
			if err != nil {
				t.Fatal(err)
			}
			v := rep.Version
			if v.OK() != tc.ok || v.Covers != tc.covers || v.KeyIDMismatch != tc.keyIDMismatch || rep.Failed() == tc.ok {
				t.Errorf("%+v %+v", rep, v)
			}
			if rep.Trusted() != (tc.ok && tc.covers) {
				t.Errorf("Trusted() = %v", rep.Trusted())
			}
		})
	}
	// the pin's lines are authentic: a forged file fails however SHA256SUMS is edited
	os.WriteFile(filepath.Join(dir, "a", "1.0.0", "a.parquet"), []byte("forged"), 0o644)
	if err := Publish(dir, nil, nil); err != nil {
		t.Fatal(err)
	}
	rep, err := VerifyWith(filepath.Join(dir, "a", "1.0.0"), Options{Version: pin})
	if err != nil || !rep.Failed() || rep.Trusted() {
		t.Errorf("forged file with recomputed SHA256SUMS: %+v %v", rep, err)
	}
}
