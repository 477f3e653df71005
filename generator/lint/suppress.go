package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xstrings"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// Inline suppressions, as linters people know do them (golangci-lint's nolint,
// ESLint's disable comments): a comment names the rules it silences and says why,
//
//	keywords: [地铁]   # shuyuan:ignore[translation] the English title is the brand name
//
// on the line of the finding, or on a line of its own just above it (stacked
// comments all apply to the first line below them that is not a comment). Markdown
// guide pages write it as an HTML comment, <!-- shuyuan:ignore[markdown] reason -->.
// A suppressed finding never fails a run; json and sarif list it with the reason.
// A comment without a reason, without a rule, naming an unknown rule or a rule that
// guards what is published (Structure, Security and privacy) is a bad-ignore error;
// a rule it names that finds nothing there is an unused-ignore error.

// ruleUnusedIgnore reports suppression comments that silence nothing.
var ruleUnusedIgnore = &Rule{
	ID: "unused-ignore", Category: CategoryStructure, Severity: diag.Error,
	Summary: "a `# shuyuan:ignore[RULE] reason` comment (Markdown: `<!-- shuyuan:ignore[RULE] reason -->`) names a rule that finds nothing on its line, or on the line below a comment on its own line: remove it (the version rules are not checked without `--base`, nor `stale`, whose findings come and go with the date)",
}

// ruleBadIgnore reports suppression comments that cannot be applied.
var ruleBadIgnore = &Rule{
	ID: "bad-ignore", Category: CategoryStructure, Severity: diag.Error,
	Summary: "a `shuyuan:ignore` comment without a reason, without a rule, naming a rule that does not exist, or naming a rule that cannot be suppressed (those of Structure and of Security and privacy, which guard what is published)",
}

// Suppressible reports whether an inline shuyuan:ignore comment may silence the
// rule's findings: not those that guard what is published (the Structure and the
// Security and privacy rules), so that no comment can let personal data or a broken
// file through.
func (r *Rule) Suppressible() bool {
	return r.Category != CategoryStructure && r.Category != CategoryPrivacy
}

var (
	// yamlIgnore finds a YAML comment that starts with shuyuan:ignore.
	yamlIgnore = regexp.MustCompile(`(^|[ \t])#[ \t]*shuyuan:ignore`)
	// htmlIgnore finds the Markdown form, an HTML comment.
	htmlIgnore = regexp.MustCompile(`<!--[ \t]*shuyuan:ignore(.*?)-->`)
	// ignoreArgs reads what follows shuyuan:ignore: the rules and the reason.
	ignoreArgs = regexp.MustCompile(`^\[([^\]]*)\](.*)$`)
)

// directive is one shuyuan:ignore comment.
type directive struct {
	file   *load.File
	at     diag.Pos // the comment
	target int      // the line it applies to
	rules  []string
	reason string
	used   map[string]bool
}

// directives reads the shuyuan:ignore comments of f, and the bad-ignore findings
// of those that cannot be applied.
func directives(f *load.File) (ds []*directive, bad []diag.Finding) {
	if !strings.Contains(string(f.Src), "shuyuan:ignore") {
		return nil, nil
	}
	lines := strings.Split(string(f.Src), "\n")
	first, last := f.YAMLLines()
	markdown := strings.HasSuffix(f.Path, ".md")
	inYAML := func(n int) bool { return !markdown || (n >= first && n <= last) }
	// commentOnly reports whether line n holds nothing but a comment (or nothing).
	commentOnly := func(n int) bool {
		l := strings.TrimSpace(strings.TrimSuffix(lines[n-1], "\r"))
		if inYAML(n) {
			return l == "" || strings.HasPrefix(l, "#")
		}
		return l == "" || (strings.HasPrefix(l, "<!--") && strings.HasSuffix(l, "-->"))
	}
	for i, l := range lines {
		n := i + 1
		l = strings.TrimSuffix(l, "\r")
		var start, end int // bytes of the comment on the line
		var args string
		if inYAML(n) {
			m := yamlIgnore.FindStringSubmatchIndex(l)
			if m == nil {
				continue
			}
			start, end = m[3], len(strings.TrimRight(l, " \t"))
			if f.InValue(n, utf8.RuneCountInString(l[:start])+1) {
				continue // a # inside a quoted or block scalar is text
			}
			args = l[m[1]:end]
		} else {
			m := htmlIgnore.FindStringSubmatchIndex(l)
			if m == nil {
				continue
			}
			start, end, args = m[0], m[1], l[m[2]:m[3]]
		}
		at := diag.Pos{Line: n, Col: utf8.RuneCountInString(l[:start]) + 1, EndLine: n, EndCol: utf8.RuneCountInString(l[:end]) + 1}
		d := &directive{file: f, at: at, target: n, used: map[string]bool{}}
		if strings.TrimSpace(l[:start]) == "" {
			// A comment on its own line applies to the first line below that is not
			// a comment.
			d.target = 0
			for j := n + 1; j <= len(lines); j++ {
				if !commentOnly(j) {
					d.target = j
					break
				}
			}
		}
		if msg := d.parse(args, markdown && !inYAML(n)); msg != "" {
			bad = append(bad, diag.Finding{File: f.Path, Pos: at, Rule: ruleBadIgnore.ID, Severity: ruleBadIgnore.Severity, Message: msg})
			continue
		}
		ds = append(ds, d)
	}
	return ds, bad
}

// parse reads the rules and reason of a directive and returns what is wrong with
// it, or "".
func (d *directive) parse(args string, html bool) string {
	form := "# shuyuan:ignore[RULE] reason"
	if html {
		form = "<!-- shuyuan:ignore[RULE] reason -->"
	}
	m := ignoreArgs.FindStringSubmatch(strings.TrimSpace(args))
	if m == nil {
		return fmt.Sprintf("a suppression names its rules in brackets and says why: write %s", form)
	}
	for _, id := range strings.Split(m[1], ",") {
		if id = strings.TrimSpace(id); id != "" {
			d.rules = append(d.rules, id)
		}
	}
	d.reason = strings.TrimSpace(m[2])
	if len(d.rules) == 0 {
		return fmt.Sprintf("the suppression names no rule: write %s with the rule id the finding shows", form)
	}
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	for _, id := range d.rules {
		r := Lookup(id)
		switch {
		case r == nil:
			hint := ""
			if near, ok := xstrings.Closest(id, ids); ok {
				hint = fmt.Sprintf(": did you mean %q?", near)
			}
			return fmt.Sprintf("shuyuan:ignore names %q, which is not a rule%s (shuyuan rules lists them)", id, hint)
		case !r.Suppressible():
			return fmt.Sprintf("rule %s cannot be suppressed: it guards what is published (%s); fix the finding instead", id, r.Category)
		}
	}
	if d.reason == "" {
		return fmt.Sprintf("the suppression of %s gives no reason: say after the brackets why the finding does not apply, as in %s", strings.Join(d.rules, ", "), form)
	}
	return ""
}

// suppress applies the shuyuan:ignore comments of the catalog's files to the
// findings: it returns the findings left, with the bad-ignore and unused-ignore
// findings added, and the findings suppressed.
func suppress(cat *load.Catalog, opts Options, findings []diag.Finding) ([]diag.Finding, []diag.Suppressed) {
	byFile := map[string][]*directive{}
	var extra []diag.Finding
	for _, f := range cat.Files {
		ds, bad := directives(f)
		extra = append(extra, bad...)
		if len(ds) > 0 {
			byFile[f.Path] = ds
		}
	}
	if len(byFile) == 0 {
		return append(findings, extra...), nil
	}
	var kept []diag.Finding
	var suppressed []diag.Suppressed
	for _, fd := range findings {
		var by *directive
		for _, d := range byFile[fd.File] {
			if d.target == fd.Line && slices.Contains(d.rules, fd.Rule) {
				d.used[fd.Rule] = true
				if by == nil {
					by = d
				}
			}
		}
		if by == nil {
			kept = append(kept, fd)
			continue
		}
		suppressed = append(suppressed, diag.Suppressed{Finding: fd, Reason: by.reason, CommentLine: by.at.Line})
	}
	for _, ds := range byFile {
		for _, d := range ds {
			for _, id := range d.rules {
				r := Lookup(id)
				if d.used[id] || r.TimeDependent || (r.NeedsBase && opts.Base == nil) {
					continue // stale comes and goes with the date; the version rules need --base
				}
				where := fmt.Sprintf("line %d", d.target)
				if d.target == 0 {
					where = "the lines below it (there are none)"
				}
				extra = append(extra, diag.Finding{File: d.file.Path, Pos: d.at, Rule: ruleUnusedIgnore.ID, Severity: ruleUnusedIgnore.Severity,
					Message: fmt.Sprintf("shuyuan:ignore[%s] suppresses nothing: %s has no %s finding on %s; remove it from the comment", id, d.file.Path, id, where)})
			}
		}
	}
	return append(kept, extra...), suppressed
}
