package cli

import (
	"github.com/shuyuan-project/shuyuan/generator/gitrev"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// loadBase loads the catalog at git revision rev for the version rules. The
// returned cleanup removes the temporary copy.
func loadBase(catalog, rev string) (*load.Catalog, func(), error) {
	cat, cleanup, err := gitrev.LoadCatalog("", rev, catalog)
	if err != nil {
		return nil, cleanup, usageError("%v", err)
	}
	return cat, cleanup, nil
}
