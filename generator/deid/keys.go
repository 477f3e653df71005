package deid

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// MinKeyBytes is the shortest key tokenize and date-shift accept.
const MinKeyBytes = 16

// KeyError is a key that cannot be used. It names the reference, never the key.
type KeyError struct {
	// Ref is the reference as written in YAML, e.g. env:SHUYUAN_KEY_TRANSPORT.
	Ref string
	// Msg says what is wrong and what to do.
	Msg string
}

func (e *KeyError) Error() string { return fmt.Sprintf("key %s: %s", e.Ref, e.Msg) }

// ResolveKey reads the key a reference names: env:NAME from getenv, file:PATH from a
// file inside the catalog directory root (trailing newlines removed). A missing,
// empty or short key is a *KeyError naming the reference; key bytes never appear in
// an error.
func ResolveKey(ref string, getenv func(string) string, root string) ([]byte, error) {
	kind, name, ok := strings.Cut(ref, ":")
	if !ok || name == "" {
		return nil, &KeyError{Ref: ref, Msg: "a key reference is env:NAME or file:PATH"}
	}
	var key []byte
	switch kind {
	case "env":
		if getenv == nil {
			getenv = func(string) string { return "" }
		}
		v := getenv(name)
		if v == "" {
			return nil, &KeyError{Ref: ref, Msg: fmt.Sprintf("environment variable %s is not set; set it to the secret key (at least %d bytes) before extracting", name, MinKeyBytes)}
		}
		key = []byte(v)
	case "file":
		p, err := InsideRoot(root, name)
		if err != nil {
			return nil, &KeyError{Ref: ref, Msg: err.Error()}
		}
		b, err := os.ReadFile(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, &KeyError{Ref: ref, Msg: "the key file does not exist; create it (it must not be committed)"}
			}
			return nil, &KeyError{Ref: ref, Msg: "cannot read the key file: " + err.(*os.PathError).Err.Error()}
		}
		key = []byte(strings.TrimRight(string(b), "\r\n"))
	default:
		return nil, &KeyError{Ref: ref, Msg: "a key reference is env:NAME or file:PATH"}
	}
	if len(key) < MinKeyBytes {
		return nil, &KeyError{Ref: ref, Msg: fmt.Sprintf("the key is shorter than %d bytes; use a long random key", MinKeyBytes)}
	}
	return key, nil
}

// InsideRoot resolves a slash-separated, root-relative path and fails when it (or a
// symbolic link on the way) leaves root.
func InsideRoot(root, rel string) (string, error) {
	if rel == "" || filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("path %q must be relative to the catalog directory", rel)
	}
	clean := filepath.Clean(filepath.FromSlash(rel))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("path %q leaves the catalog directory", rel)
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	p := filepath.Join(absRoot, clean)
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		if r, err := filepath.Rel(realRoot, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return "", fmt.Errorf("path %q leaves the catalog directory through a symbolic link", rel)
		}
	}
	return p, nil
}
