// Package lint checks a loaded catalog against the rules of checks.md. Each rule is
// a value (id, category, severity, one-line summary, check function) declared in its
// own file rule_<id>.go and listed once in registry.go; the engine runs every rule
// over the catalog and returns all findings, sorted.
package lint
