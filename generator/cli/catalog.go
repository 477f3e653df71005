package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// checkCatalogDir gives a usage error when dir is missing or not a directory.
func checkCatalogDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return usageError("catalog directory %q does not exist: run in the repository root or pass --catalog DIR", dir)
	case err != nil:
		return withCode(ExitUsage, fmt.Errorf("reading catalog: %w", err))
	case !info.IsDir():
		return usageError("--catalog %q is a file; pass the catalog directory", dir)
	}
	return nil
}

// loadCatalog loads the catalog in dir together with its federation members (district
// catalogs listed in portal.yaml), so every command sees the same union.
func loadCatalog(dir string) (*load.Catalog, error) {
	if err := checkCatalogDir(dir); err != nil {
		return nil, err
	}
	cat, err := load.LoadFederated(dir)
	if err != nil {
		return nil, withCode(ExitUsage, err)
	}
	return cat, nil
}
