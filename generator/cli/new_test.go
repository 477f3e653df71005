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

// TestNewDatasetNeedsDepartment: without --department and without a terminal, new
// dataset fails naming --department and writes nothing; on a terminal the prompt
// takes a number or an id and asks again after a wrong answer.
func TestNewDatasetNeedsDepartment(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "catalog"), dir)
	var stdout, stderr bytes.Buffer
	env := Env{Stdin: strings.NewReader("sh-transport\n"), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := Main(env, []string{"new", "dataset", "orphan-dataset", "--catalog", dir}); code != ExitUsage || !strings.Contains(stderr.String(), "--department") {
		t.Errorf("new dataset without department: exit %d, %s", code, stderr.String())
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "datasets", "*", "orphan-dataset.yaml")); len(m) > 0 {
		t.Errorf("a dataset was written without a department: %v", m)
	}

	var out bytes.Buffer
	got, err := askDepartment(strings.NewReader("nope\n\n2\n"), &out, dir)
	if err != nil || !strings.Contains(out.String(), "\"nope\" is not one of") || !strings.Contains(out.String(), " 2  ") {
		t.Fatalf("askDepartment = %q, %v; prompt:\n%s", got, err, out.String())
	}
	line := strings.Split(out.String(), "\n")[2] // the second department listed
	if id := strings.Fields(line)[1]; got != id {
		t.Errorf("answer 2 chose %q, want %q (listed as %q)", got, id, line)
	}
	if got, err := askDepartment(strings.NewReader(got+"\n"), &out, dir); err != nil || got == "" {
		t.Errorf("answer by id: %q, %v", got, err)
	}
	if _, err := askDepartment(strings.NewReader(""), &out, dir); err == nil || !strings.Contains(err.Error(), "--department") {
		t.Errorf("end of input: %v, want an error naming --department", err)
	}
}
