// Package load reads a catalog directory: it finds every file the catalog layout
// names, parses YAML keeping the position of every key and value, rejects what is
// unsafe or ambiguous (oversized files, invalid UTF-8, anchors, aliases, duplicate
// keys), validates each file against its kind's JSON Schema and decodes the valid
// ones into the model types. Problems are returned as positioned findings; Load
// itself fails only when the catalog directory cannot be read.
package load
