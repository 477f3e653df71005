// Package lint checks a loaded catalog against the rules of checks.md. Each rule is
// a value (id, category, severity, one-line summary, check function) declared in its
// own file rule_<id>.go and listed once in registry.go; the engine runs every rule
// over the catalog and returns all findings, sorted.
//
// A file with schema errors does not hide the rest of its findings: the rules
// marked Partial also check it, decoded as far as it could be
// (load.Catalog.WithPartial), and leave alone the values the schema rejected
// (load.File.Invalid). TestRulesOnPartialFiles breaks a dataset in every place to
// hold them to that; the other rules see only the files that passed the schema.
package lint
