package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMakeBuildSaysFirstBuild: `make build` (which `make run` runs first) prints a
// progress line when the binary does not exist yet, and stays quiet once it does.
// GO=true stands in for the compiler, so the test checks the Makefile, not go.
func TestMakeBuildSaysFirstBuild(t *testing.T) {
	mk, err := exec.LookPath("make")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("make is not installed")
		}
		t.Skip("make is not installed")
	}
	bin := filepath.Join(t.TempDir(), "shuyuan")
	run := func() string {
		var stderr bytes.Buffer
		cmd := exec.Command(mk, "--no-print-directory", "-C", repoRoot, "build", "GO=true", "BIN="+bin)
		cmd.Stderr = &stderr
		if out, err := cmd.Output(); err != nil {
			t.Fatalf("make build: %v\n%s%s", err, out, stderr.String())
		}
		return stderr.String()
	}
	if got := run(); !strings.Contains(got, "building "+bin+" for the first time") {
		t.Errorf("first build: stderr %q, want a progress line naming %s", got, bin)
	}
	if err := os.WriteFile(bin, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := run(); got != "" {
		t.Errorf("rebuild: stderr %q, want nothing", got)
	}
}
