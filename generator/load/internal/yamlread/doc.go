// Package yamlread reads the YAML of catalog files into plain values and a tree of
// the position of every key and value, and reports what is wrong with a file as
// positioned problems.
//
// There is one reading: yaml.v3's, as ReadYAML converts it. Read first tries a
// single-pass scanner (scan.go) that reads the plain YAML catalog files are
// written in about ten times faster, and that declines every file it cannot read
// exactly as ReadYAML does: same values, same scalar types, same positions. The
// tests and fuzz targets of this package hold the scanner to that, so a file's
// values and positions do not depend on which of the two read it.
package yamlread
