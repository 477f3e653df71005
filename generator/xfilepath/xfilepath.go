// Package xfilepath extends path/filepath with the one check every reader of
// catalog-relative paths needs: that a path written in YAML stays inside its root.
package xfilepath

import (
	"fmt"
	"path/filepath"
	"strings"
)

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
