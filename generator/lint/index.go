package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// elementIndex returns a lookup of the catalog's elements by id, built once, that
// answers as Catalog.Element does (the first element with the id) without a scan
// of every element per column.
func elementIndex(c *load.Catalog) func(id string) *load.Doc[model.DataElement] {
	m := make(map[string]*load.Doc[model.DataElement], len(c.Elements))
	for _, e := range c.Elements {
		if _, dup := m[e.V.ID]; !dup {
			m[e.V.ID] = e
		}
	}
	return func(id string) *load.Doc[model.DataElement] { return m[id] }
}
