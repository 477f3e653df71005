package lint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// catalogFS answers whether catalog-relative paths name files inside the catalog.
// One is made per rule run; it resolves the root once and remembers each answer,
// since many datasets share a few source files.
type catalogFS struct {
	root     string
	realRoot string
	rootErr  error
	seen     map[string]statResult
}

type statResult struct {
	info fs.FileInfo
	err  error
}

func newCatalogFS(root string) *catalogFS {
	real, err := filepath.EvalSymlinks(root)
	return &catalogFS{root: root, realRoot: real, rootErr: err, seen: map[string]statResult{}}
}

// fileInfo stats the catalog-relative, cleaned path rel and makes sure that it,
// after following symbolic links, stays inside the catalog directory.
func (c *catalogFS) fileInfo(rel string) (fs.FileInfo, error) {
	if r, ok := c.seen[rel]; ok {
		return r.info, r.err
	}
	info, err := c.stat(rel)
	c.seen[rel] = statResult{info, err}
	return info, err
}

func (c *catalogFS) stat(rel string) (fs.FileInfo, error) {
	full := filepath.Join(c.root, filepath.FromSlash(rel))
	if _, err := os.Lstat(full); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("does not exist; check the spelling, or add the file")
		}
		return nil, errors.New("cannot be read: " + err.Error())
	}
	if c.rootErr != nil {
		return nil, errors.New("cannot be resolved: " + c.rootErr.Error())
	}
	realFull, err := filepath.EvalSymlinks(full)
	if err != nil {
		return nil, errors.New("is a broken symbolic link; point it at a file inside the catalog")
	}
	r, err := filepath.Rel(c.realRoot, realFull)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return nil, errors.New("is a symbolic link that leaves the catalog directory; copy the file into the catalog instead")
	}
	return os.Stat(realFull)
}
