package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRulesDocIsCurrent fails when docs/rules.md no longer matches the registry.
func TestRulesDocIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "rules.md")
	want := MarkdownDoc()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run `go test ./generator/lint -run TestRulesDocIsCurrent -update`", err)
	}
	if string(got) != want {
		t.Errorf("docs/rules.md is out of date with the rule registry: run `go test ./generator/lint -run TestRulesDocIsCurrent -update`")
	}
}
