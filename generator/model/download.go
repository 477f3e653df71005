package model

import (
	"path"
	"strings"
)

// Download is one file the portal publishes for a dataset (a Parquet part of its
// extract, its datapackage.json), as the extractor wrote it and as the portal pages,
// the harvest catalogs and the feeds list it.
type Download struct {
	// Path is relative to the site directory, with forward slashes
	// (data/<id>/<version>/<file>).
	Path string
	// Size is in bytes.
	Size int64
	// SHA256 is the lowercase hex digest.
	SHA256 string
}

// MediaType is the IANA media type of the file.
func (d Download) MediaType() string { return MediaType(d.Path) }

// MediaType is the IANA media type of a published file, by its name.
func MediaType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".parquet":
		return "application/vnd.apache.parquet"
	case ".json":
		return "application/json"
	case ".csv":
		return "text/csv"
	case ".minisig", ".txt", ".pub":
		return "text/plain"
	}
	if path.Base(name) == "SHA256SUMS" {
		return "text/plain"
	}
	return "application/octet-stream"
}
