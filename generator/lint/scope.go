package lint

import (
	"fmt"
	"path"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// TouchedFiles returns the catalog files a change touches, given the paths it
// changed (gitrev.ChangedPaths): the changed files themselves, and every dataset
// whose source file changed, since new data is a change to the dataset.
func TouchedFiles(cat *load.Catalog, changed []string) map[string]bool {
	touched := make(map[string]bool, len(changed))
	for _, p := range changed {
		touched[p] = true
	}
	for _, d := range cat.WithPartial().Datasets {
		if s := d.V.Source; s != nil && s.Path != "" && touched[path.Clean(strings.TrimPrefix(s.Path, "./"))] {
			touched[d.Path] = true
		}
	}
	return touched
}

// Scope scopes findings to a change, as code review does (lint --base): a finding
// in a file the change touches keeps its severity; so does one in an untouched
// file that the catalog at the base revision does not have, because the change
// caused it (a department renamed breaks the references of datasets nobody
// edited). What is left, a finding in an untouched file that was already there
// before the change, becomes a notice: it is someone else's to fix and never
// fails the run. Time-dependent findings (stale) that were there before are
// notices too, whatever the date.
//
// atBase lints the base revision (with the same date and sources); it is called
// at most once, and only when some finding lies in an untouched file.
func Scope(findings []diag.Finding, touched map[string]bool, atBase func() []diag.Finding) []diag.Finding {
	var before map[string]bool
	out := make([]diag.Finding, len(findings))
	for i, f := range findings {
		out[i] = f
		if touched[f.File] || f.Severity == diag.Notice {
			continue
		}
		if before == nil {
			before = map[string]bool{}
			for _, b := range atBase() {
				before[scopeKey(b)] = true
			}
		}
		if before[scopeKey(f)] {
			out[i].Severity = diag.Notice
		}
	}
	return out
}

// scopeKey identifies a finding in a file across the two runs of Scope: the file
// is the same bytes in both, so its positions are too.
func scopeKey(f diag.Finding) string {
	return fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s", f.File, f.Line, f.Col, f.Rule, f.Message)
}
