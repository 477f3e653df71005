// Package truststore keeps the minisign public keys a user trusts to sign
// downloads: one file per key, <config>/shuyuan/trusted-keys/<KEY ID>.pub, filled
// by `shuyuan verify --trust KEYFILE` and read by every `shuyuan verify`.
//
// <config> is $SHUYUAN_CONFIG_DIR when set (then without the shuyuan/ level),
// else $XDG_CONFIG_HOME, else the user's configuration directory under $HOME
// (~/.config on Linux and BSD, ~/Library/Application Support on macOS, %APPDATA%
// on Windows). Keys are found by the key ID a signature names; since anyone can
// give a key any ID, the key itself is what is trusted, and a second key with the
// ID of a trusted one is refused.
package truststore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// Dir returns the trust store's directory, read from the environment through
// getenv; "" when the environment names no configuration directory.
func Dir(getenv func(string) string) string {
	if d := getenv("SHUYUAN_CONFIG_DIR"); d != "" {
		return filepath.Join(d, "trusted-keys")
	}
	base := getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(base) {
		base = ""
	}
	if base == "" {
		switch home := getenv("HOME"); {
		case runtime.GOOS == "windows":
			base = getenv("APPDATA")
		case home == "":
		case runtime.GOOS == "darwin" || runtime.GOOS == "ios":
			base = filepath.Join(home, "Library", "Application Support")
		default:
			base = filepath.Join(home, ".config")
		}
	}
	if base == "" {
		return ""
	}
	return filepath.Join(base, "shuyuan", "trusted-keys")
}

// Key is a trusted key and the file it is kept in.
type Key struct {
	Pub  minisign.PublicKey
	File string
}

// Load reads every key of the store at dir, sorted by key ID. A missing store is
// empty; a file that is not a minisign public key is an error naming it.
func Load(dir string) ([]Key, error) {
	if dir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("trust store %s: %w", dir, err)
	}
	var out []Key
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".pub") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		k, err := sign.LoadPublicKey(p)
		if err != nil {
			return nil, fmt.Errorf("trust store: %w; remove the file or replace it with the key", err)
		}
		out = append(out, Key{Pub: k, File: p})
	}
	slices.SortFunc(out, func(a, b Key) int { return strings.Compare(sign.KeyID(a.Pub), sign.KeyID(b.Pub)) })
	return out, nil
}

// Keys returns the public keys of ks.
func Keys(ks []Key) []minisign.PublicKey {
	out := make([]minisign.PublicKey, len(ks))
	for i, k := range ks {
		out[i] = k.Pub
	}
	return out
}

// Add puts the key read from keyFile into the store at dir and returns it with
// the file it is kept in. added is false when the store held it already. A
// different key with the same key ID is refused.
func Add(dir, keyFile string) (k Key, added bool, err error) {
	if dir == "" {
		return Key{}, false, errors.New("no configuration directory for the trust store: set XDG_CONFIG_HOME or HOME (or SHUYUAN_CONFIG_DIR)")
	}
	pub, err := sign.LoadPublicKey(keyFile)
	if err != nil {
		return Key{}, false, err
	}
	id := sign.KeyID(pub)
	k = Key{Pub: pub, File: filepath.Join(dir, id+".pub")}
	if old, err := sign.LoadPublicKey(k.File); err == nil {
		if old.Equal(pub) {
			return k, false, nil
		}
		return Key{}, false, fmt.Errorf("%s: the trust store already holds a different key with key ID %s (%s); a key ID does not identify a key, so this one is refused — remove that file first if you mean to replace it", keyFile, id, k.File)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Key{}, false, err
	}
	text := sign.PublicKeyText(pub, "trusted by shuyuan verify --trust: minisign public key")
	tmp := k.File + ".tmp"
	if err := os.WriteFile(tmp, text, 0o644); err != nil {
		return Key{}, false, err
	}
	if err := os.Rename(tmp, k.File); err != nil {
		os.Remove(tmp)
		return Key{}, false, err
	}
	return k, true, nil
}
