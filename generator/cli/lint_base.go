package cli

import "github.com/shuyuan-project/shuyuan/generator/load"

// loadBase loads the catalog at git revision rev for the version rules.
func loadBase(catalog, rev string) (*load.Catalog, error) {
	return nil, usageError("--base %s: comparing against a git revision is not supported yet (generator/gitrev is missing)", rev)
}
