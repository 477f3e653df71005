package truststore

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/sign"
)

func TestDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fallback under HOME is checked on Linux")
	}
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SHUYUAN_CONFIG_DIR": "/c", "XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/c/trusted-keys"},
		{map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/x/shuyuan/trusted-keys"},
		{map[string]string{"XDG_CONFIG_HOME": "relative", "HOME": "/h"}, "/h/.config/shuyuan/trusted-keys"},
		{map[string]string{"HOME": "/h"}, "/h/.config/shuyuan/trusted-keys"},
		{map[string]string{}, ""},
	} {
		if got := Dir(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("Dir(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func writeKey(t *testing.T, pub minisign.PublicKey) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "k.pub")
	if err := os.WriteFile(p, sign.PublicKeyText(pub, "test"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAddLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	if ks, err := Load(dir); err != nil || len(ks) != 0 {
		t.Fatalf("missing store: %v %v", ks, err)
	}
	portal, _ := sign.DemoKey()
	k, added, err := Add(dir, writeKey(t, portal))
	if err != nil || !added || filepath.Base(k.File) != sign.KeyID(portal)+".pub" {
		t.Fatalf("Add: %+v %v %v", k, added, err)
	}
	if _, added, err := Add(dir, writeKey(t, portal)); err != nil || added {
		t.Errorf("adding the same key again: added %v, %v", added, err)
	}
	// a different key that copies the portal's key ID
	raw, _ := base64.StdEncoding.DecodeString(portal.String())
	raw[len(raw)-1] ^= 0xff
	var forged minisign.PublicKey
	if err := forged.UnmarshalText([]byte(base64.StdEncoding.EncodeToString(raw))); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Add(dir, writeKey(t, forged)); err == nil || !strings.Contains(err.Error(), "different key with key ID "+sign.KeyID(portal)) {
		t.Errorf("a key with a trusted key's ID was added: %v", err)
	}
	other, _, _ := minisign.GenerateKey(nil)
	if _, _, err := Add(dir, writeKey(t, other)); err != nil {
		t.Fatal(err)
	}
	ks, err := Load(dir)
	if err != nil || len(ks) != 2 {
		t.Fatalf("Load: %v %v", ks, err)
	}
	found := false
	for _, k := range Keys(ks) {
		found = found || k.Equal(portal)
	}
	if !found {
		t.Error("the portal's key is not in the store")
	}
	os.WriteFile(filepath.Join(dir, "junk.pub"), []byte("not a key"), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "junk.pub") {
		t.Errorf("a broken key file: %v", err)
	}
	if _, _, err := Add("", writeKey(t, portal)); err == nil {
		t.Error("Add without a directory succeeded")
	}
}
