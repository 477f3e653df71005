// Package schemas embeds the committed JSON Schemas of the catalog kinds, generated
// from generator/model by `go run ./cmd/shuyuan schema` (see generator/schema).
package schemas

import "embed"

// FS holds every *.schema.json file of this folder.
//
//go:embed *.schema.json
var FS embed.FS
