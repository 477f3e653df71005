package extract

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Frictionless Data Package descriptor (profile data-package v1) with one
// tabular-data-resource per Parquet file and one per CSV file (the same rows; its
// name is the Parquet resource's with "-csv" appended).
type dataPackage struct {
	Profile   string       `json:"profile"`
	Name      string       `json:"name"`
	Title     string       `json:"title,omitempty"`
	Version   string       `json:"version"`
	Licenses  []dpLicense  `json:"licenses,omitempty"`
	Keywords  []string     `json:"keywords,omitempty"`
	Created   string       `json:"created,omitempty"`
	Resources []dpResource `json:"resources"`
	// Rows, Privacy and Quality summarise the extract (custom properties, as the
	// Frictionless specs allow); quality.json beside it has the details.
	Rows    *QualityRows   `json:"shuyuan:rows,omitempty"`
	Privacy *PrivacyReport `json:"shuyuan:privacy,omitempty"`
	Quality string         `json:"shuyuan:quality,omitempty"`
}

type dpLicense struct {
	Name string `json:"name"`
}

type dpResource struct {
	Profile   string     `json:"profile"`
	Name      string     `json:"name"`
	Path      string     `json:"path"`
	Format    string     `json:"format"`
	Mediatype string     `json:"mediatype"`
	Bytes     int64      `json:"bytes"`
	Hash      string     `json:"hash"`
	Encoding  string     `json:"encoding,omitempty"`
	Dialect   *dpDialect `json:"dialect,omitempty"`
	Schema    dpSchema   `json:"schema"`
}

// dpDialect is a CSV Dialect (Frictionless CSV Dialect 1.2) descriptor.
type dpDialect struct {
	Delimiter      string `json:"delimiter"`
	DoubleQuote    bool   `json:"doubleQuote"`
	LineTerminator string `json:"lineTerminator"`
	QuoteChar      string `json:"quoteChar"`
	Header         bool   `json:"header"`
}

// csvDialect describes the CSV downloads (see csv.go).
var csvDialect = dpDialect{Delimiter: ",", DoubleQuote: true, LineTerminator: csvEOL, QuoteChar: `"`, Header: true}

type dpSchema struct {
	Fields []dpField `json:"fields"`
}

type dpField struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Title       string         `json:"title,omitempty"`
	Description string         `json:"description,omitempty"`
	Constraints *dpConstraints `json:"constraints,omitempty"`
	// Deid is the shuyuan de-identification operator that produced the column.
	Deid string `json:"shuyuan:deid,omitempty"`
}

type dpConstraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Minimum  *float64 `json:"minimum,omitempty"`
	Maximum  *float64 `json:"maximum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// publishedConstraints returns the constraints that still hold on a column's published
// values: required always (an empty value is rejected); unique when the values are
// kept or tokenized (an injective keyed hash); minimum, maximum, pattern and enum only
// when the values are kept as they are. nil when none holds.
func publishedConstraints(c model.Column, o deid.Out) *dpConstraints {
	var dc dpConstraints
	dc.Required = o.Required
	if k := c.Constraints; k != nil {
		keep := o.Op == "" || o.Op == model.OpKeep
		dc.Unique = k.Unique && (keep || o.Op == model.OpTokenize)
		if keep {
			dc.Minimum, dc.Maximum, dc.Enum = k.Minimum, k.Maximum, k.Enum
			if k.Pattern != "" {
				// the extract anchors patterns; Frictionless patterns match the whole value
				dc.Pattern = k.Pattern
			}
		}
	}
	if !dc.Required && !dc.Unique && dc.Minimum == nil && dc.Maximum == nil && dc.Pattern == "" && dc.Enum == nil {
		return nil
	}
	return &dc
}

// dataPackageJSON returns the datapackage.json of an extract's files.
func dataPackageJSON(ds *model.Dataset, plan *deid.Plan, files []model.Download, rep *QualityReport) ([]byte, error) {
	dp := dataPackage{Profile: "data-package", Name: ds.ID, Title: ds.Title.Zh, Version: ds.Version, Keywords: ds.KeywordsIn("zh")}
	if rep != nil {
		dp.Rows, dp.Privacy, dp.Quality = &rep.Rows, rep.Privacy, QualityFile
	}
	if ds.Update.LastModified != "" {
		dp.Created = string(ds.Update.LastModified) + "T00:00:00Z"
	}
	if ds.License != "" {
		dp.Licenses = []dpLicense{{Name: ds.License}}
	}
	var schema dpSchema
	for _, o := range plan.Out {
		c := ds.Columns[o.In]
		f := dpField{Name: o.Name, Type: o.Type, Deid: o.Op}
		if c.Title != nil {
			f.Title = c.Title.Zh
		}
		if c.Description != nil {
			f.Description = c.Description.Zh
		}
		f.Constraints = publishedConstraints(c, o)
		schema.Fields = append(schema.Fields, f)
	}
	for _, fi := range files {
		base := path.Base(fi.Path)
		r := dpResource{Profile: "tabular-data-resource", Path: base, Mediatype: fi.MediaType(),
			Bytes: fi.Size, Hash: "sha256:" + fi.SHA256, Schema: schema}
		switch ext := path.Ext(base); ext {
		case ".parquet":
			r.Name, r.Format = strings.TrimSuffix(base, ext), "parquet"
		case ".csv":
			// UTF-8 with a byte-order mark, which Frictionless readers skip
			r.Name, r.Format, r.Encoding, r.Dialect = strings.TrimSuffix(base, ext)+"-csv", "csv", "utf-8", &csvDialect
		default:
			continue
		}
		dp.Resources = append(dp.Resources, r)
	}
	b, err := json.MarshalIndent(dp, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
