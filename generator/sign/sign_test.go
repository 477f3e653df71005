package sign

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"aead.dev/minisign"
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
		// without --pubkey the signature is checked with that key
		rep, err = Verify(dir, nil)
		if err != nil || rep.Failed() || !rep.SignatureOK || rep.PubKeyBeside == "" {
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
		if rep, err := Verify(dir, nil); err != nil || rep.Failed() || rep.Signed || rep.SignatureChecked {
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
			start := time.Now()
			rep, err := Verify(dir, &pub)
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("verify took %v", d)
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
