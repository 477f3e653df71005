//go:build !linux

package outdir

// exchange swaps the entries at a and b with two renames: b is missing for a
// moment. Only a directory left by an older shuyuan is published this way, once.
func exchange(a, b string) error { return exchangeByRenames(a, b) }
