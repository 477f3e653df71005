// Package load reads a catalog directory: it finds every file the catalog layout
// names, parses YAML keeping the position of every key and value, rejects what is
// unsafe or ambiguous (oversized files, invalid UTF-8, anchors, aliases, tags,
// duplicate keys), validates each file against its kind's JSON Schema and decodes
// the valid ones into the model types. Problems are returned as positioned
// findings; Load itself fails only when the catalog directory cannot be read.
//
// YAML is read one way, yaml.v3's (internal/yamlread): a single-pass scanner takes
// the plain files catalogs are made of and declines anything it cannot read exactly
// as yaml.v3 does, which then reads the file and reports its problems. Either way a
// file gives the same plain values (File.Data) and the same position tree, and one
// decoder (decode.go) fills the model types from the plain values. Likewise
// quickschema.go answers "valid" for most files before santhosh-tekuri's validator,
// which writes the schema findings, is needed. Load drops the plain values of the
// files it decodes and builds the position tree on first use; File.Value reads the
// values again when wanted.
package load
