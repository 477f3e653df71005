package lint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// fileInfo stats the catalog-relative, cleaned path rel and makes sure that it,
// after following symbolic links, stays inside the catalog directory.
func (c *Context) fileInfo(rel string) (fs.FileInfo, error) {
	root := c.Catalog.Root
	full := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Lstat(full); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("does not exist; check the spelling, or add the file")
		}
		return nil, errors.New("cannot be read: " + err.Error())
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, errors.New("cannot be resolved: " + err.Error())
	}
	realFull, err := filepath.EvalSymlinks(full)
	if err != nil {
		return nil, errors.New("is a broken symbolic link; point it at a file inside the catalog")
	}
	r, err := filepath.Rel(realRoot, realFull)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return nil, errors.New("is a symbolic link that leaves the catalog directory; copy the file into the catalog instead")
	}
	return os.Stat(realFull)
}
