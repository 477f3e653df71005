package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewCommand(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "catalog"), dir)
	var stdout, stderr bytes.Buffer
	env := Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := Main(env, []string{"new", "department", "sh-test-bureau", "--catalog", dir}); code != ExitOK {
		t.Fatalf("new department: exit %d: %s", code, stderr.String())
	}
	if code := Main(env, []string{"new", "dataset", "test-dataset", "--catalog", dir, "--department", "sh-test-bureau"}); code != ExitOK {
		t.Fatalf("new dataset: exit %d: %s", code, stderr.String())
	}
	p := filepath.Join(dir, "datasets", "sh-test-bureau", "test-dataset.yaml")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("dataset not written at %s: %v", p, err)
	}
	stderr.Reset()
	if code := Main(env, []string{"new", "dataset", "test-dataset", "--catalog", dir, "--department", "sh-test-bureau"}); code != ExitUsage || !strings.Contains(stderr.String(), "already exists") {
		t.Errorf("overwrite: exit %d, %s", code, stderr.String())
	}
	if code := Main(env, []string{"new", "pricing", "x", "--catalog", dir}); code != ExitUsage {
		t.Errorf("unknown kind: exit %d", code)
	}
	// The new files fail lint only through their placeholders.
	stdout.Reset()
	if code := Main(env, []string{"lint", "--catalog", dir, "--now", "2026-11-01"}); code != ExitFindings {
		t.Errorf("lint with placeholders: exit %d, want %d", code, ExitFindings)
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.Contains(line, "sh-test-bureau") && !strings.Contains(line, "[todo]") {
			t.Errorf("finding other than todo in a new file: %s", line)
		}
	}
}
