package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// TestRulesDocURL: SARIF's helpUri points at docs/rules.md in the repository
// portal.yaml names, at its branch, else at shuyuan's own.
func TestRulesDocURL(t *testing.T) {
	for _, c := range []struct{ repository, want string }{
		{"https://github.com/shuyuan-project/shuyuan/blob/main/catalog/", "https://github.com/shuyuan-project/shuyuan/blob/main/docs/rules.md"},
		{"https://github.com/city/open-data", "https://github.com/city/open-data/blob/HEAD/docs/rules.md"},
		{"https://github.com/city/open-data.git", "https://github.com/city/open-data/blob/HEAD/docs/rules.md"},
		{"https://gitlab.example.gov.cn/data/catalog/-/blob/release/catalog/", "https://gitlab.example.gov.cn/data/catalog/-/blob/release/docs/rules.md"},
		{"https://gitee.com/city/catalog/tree/master/", "https://gitee.com/city/catalog/blob/master/docs/rules.md"},
		{"https://data.example.gov.cn/", DefaultRulesDoc},
		{"", DefaultRulesDoc},
	} {
		cat := &load.Catalog{Portal: &load.Doc[model.Portal]{V: &model.Portal{Repository: c.repository}}}
		if got := rulesDocURL(cat); got != c.want {
			t.Errorf("repository %q: %q, want %q", c.repository, got, c.want)
		}
	}
	if got := rulesDocURL(&load.Catalog{}); got != DefaultRulesDoc {
		t.Errorf("no portal.yaml: %q", got)
	}
}

// TestRuleHelpAnchors: every rule's helpUri anchor is a heading of docs/rules.md.
func TestRuleHelpAnchors(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	heading := regexp.MustCompile("(?m)^### `([a-z-]+)`$")
	anchors := map[string]bool{}
	for _, m := range heading.FindAllStringSubmatch(string(doc), -1) {
		anchors[m[1]] = true // GitHub's anchor of "### `stale`" is "stale"
	}
	for _, r := range reportRules(DefaultRulesDoc) {
		_, anchor, _ := strings.Cut(r.HelpURI, "#")
		if !anchors[anchor] || lint.Lookup(anchor) == nil {
			t.Errorf("rule %s: helpUri %s has no heading in docs/rules.md", r.ID, r.HelpURI)
		}
	}
}
