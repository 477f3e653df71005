// Package load reads a catalog directory: it finds every file the catalog layout
// names, parses YAML keeping the position of every key and value, rejects what is
// unsafe or ambiguous (oversized files, invalid UTF-8, anchors, aliases, duplicate
// keys), validates each file against its kind's JSON Schema and decodes the valid
// ones into the model types. Problems are returned as positioned findings; Load
// itself fails only when the catalog directory cannot be read.
//
// A file goes down the fastest path that takes it: scan.go, a single-pass reader
// for the YAML catalog files are written in; then yaml.v3 (fast.go); then goccy,
// which takes everything and writes the findings for every error. The faster paths
// read exactly what the slower ones do, down to each position (scan_test.go,
// fast_test.go, and their fuzz targets). Likewise quickschema.go answers "valid"
// for most files before santhosh-tekuri's validator, which writes the schema
// findings, is needed. Decoded files keep their source and, built on first use, a
// compact position tree; their plain values (File.Data) are dropped and read again
// by File.Value when wanted.
package load
