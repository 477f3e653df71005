// Package importlaw holds the test that pins the import law of the repository:
// which of shuyuan's packages may import which (see layers in importlaw_test.go).
// Imports flow one way, generator/model at the bottom, generator/cli at the top,
// cmd/ only wiring; a package may import only packages of lower layers, so there are
// no cycles. A new package must be given its layer there.
package importlaw
