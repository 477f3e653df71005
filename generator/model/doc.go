// Package model defines the Go types of every catalog file kind. These types are
// the single source of truth: the JSON Schemas in schemas/ are generated from them
// and the loader decodes YAML into them. The package imports nothing of shuyuan's.
package model
