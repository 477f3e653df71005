package deid

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/xfilepath"
)

// MinKeyBytes is the shortest key tokenize and date-shift accept.
const MinKeyBytes = 16

// KeyEnvPrefix starts the name of every environment variable a key may be read
// from (env:SHUYUAN_KEY_TRANSPORT).
const KeyEnvPrefix = "SHUYUAN_KEY_"

// KeyError is a key that cannot be used. It names the reference, never the key.
type KeyError struct {
	// Ref is the reference as written in YAML, e.g. env:SHUYUAN_KEY_TRANSPORT.
	Ref string
	// Msg says what is wrong and what to do.
	Msg string
}

func (e *KeyError) Error() string { return fmt.Sprintf("key %s: %s", e.Ref, e.Msg) }

// ResolveKey reads the key a reference names: env:SHUYUAN_KEY_NAME from getenv, file:PATH from a
// file inside the catalog directory root (trailing newlines removed). A missing,
// empty or short key is a *KeyError naming the reference; key bytes never appear in
// an error.
func ResolveKey(ref string, getenv func(string) string, root string) ([]byte, error) {
	kind, name, ok := strings.Cut(ref, ":")
	if !ok || name == "" {
		return nil, &KeyError{Ref: ref, Msg: "a key reference is env:SHUYUAN_KEY_NAME or file:PATH"}
	}
	var key []byte
	switch kind {
	case "env":
		if !strings.HasPrefix(name, KeyEnvPrefix) || len(name) == len(KeyEnvPrefix) {
			return nil, &KeyError{Ref: ref, Msg: fmt.Sprintf("a key is read only from an environment variable whose name starts with %s (for example env:%sTRANSPORT), so that no other variable of the build can serve as a key", KeyEnvPrefix, KeyEnvPrefix)}
		}
		if getenv == nil {
			getenv = func(string) string { return "" }
		}
		v := getenv(name)
		if v == "" {
			return nil, &KeyError{Ref: ref, Msg: fmt.Sprintf("environment variable %s is not set; set it to the secret key (at least %d bytes) before extracting", name, MinKeyBytes)}
		}
		key = []byte(v)
	case "file":
		p, err := xfilepath.InsideRoot(root, name)
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
		return nil, &KeyError{Ref: ref, Msg: "a key reference is env:SHUYUAN_KEY_NAME or file:PATH"}
	}
	if len(key) < MinKeyBytes {
		return nil, &KeyError{Ref: ref, Msg: fmt.Sprintf("the key is shorter than %d bytes; use a long random key", MinKeyBytes)}
	}
	return key, nil
}
