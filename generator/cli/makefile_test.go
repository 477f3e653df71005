package cli

import (
	"bytes"
	"fmt"
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
	mk := lookMake(t)
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

// TestMakeFuzzRunsEveryListedTarget: `make fuzz` fuzzes every target that
// `go test -list '^Fuzz' ./...` names, each in its own package for FUZZTIME, so a
// new Fuzz function is never left out; it fails when go lists none or the listing
// fails. A script stands in for go and records how it is called.
func TestMakeFuzzRunsEveryListedTarget(t *testing.T) {
	mk := lookMake(t)
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls")
	fakeGo := func(list string, status int) string {
		p := filepath.Join(dir, "go")
		script := "#!/usr/bin/env bash\n" +
			"if [ \"$2\" = -list ]; then printf '%s' '" + list + "'; exit " + string(rune('0'+status)) + "; fi\n" +
			"echo \"$*\" >>" + calls + "\n"
		if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		os.Remove(calls)
		return p
	}
	// run returns go's recorded calls, and make's error with its output
	run := func(goBin string) (string, error) {
		cmd := exec.Command(mk, "--no-print-directory", "-C", repoRoot, "fuzz", "GO="+goBin, "FUZZTIME=2s")
		out, err := cmd.CombinedOutput()
		got, _ := os.ReadFile(calls)
		if err != nil {
			err = fmt.Errorf("%w: %s", err, out)
		}
		return string(got), err
	}

	list := "FuzzA\nFuzzB\nok  \texample.com/p\t0.01s\n?   \texample.com/none\t[no test files]\n" +
		"ok  \texample.com/empty\t0.01s\nFuzzC\nok  \texample.com/q\t0.02s\n"
	got, err := run(fakeGo(list, 0))
	want := "test example.com/p -run ^$ -fuzz ^FuzzA$ -fuzztime 2s\n" +
		"test example.com/p -run ^$ -fuzz ^FuzzB$ -fuzztime 2s\n" +
		"test example.com/q -run ^$ -fuzz ^FuzzC$ -fuzztime 2s\n"
	if got != want {
		t.Errorf("make fuzz ran go as\n%s\nwant\n%s\n(%v)", got, want, err)
	}

	if got, err := run(fakeGo("ok  \texample.com/p\t0.01s\n", 0)); err == nil || !strings.Contains(err.Error(), "found no Fuzz target") || got != "" {
		t.Errorf("no targets listed: make fuzz ran %q, err %v; want a failure naming the cause", got, err)
	}
	if got, err := run(fakeGo("FuzzA\n", 2)); err == nil || got != "" {
		t.Errorf("listing failed: make fuzz ran %q, err %v; want a failure", got, err)
	}
}

// TestCIRunsMakeTest: .ci/run, the CI entry point the README names, is an
// executable script that runs `make test` from the repository root, whatever the
// directory it is called from. A script on PATH stands in for make.
func TestCIRunsMakeTest(t *testing.T) {
	script := filepath.Join(repoRoot, ".ci", "run")
	st, err := os.Stat(script)
	if err != nil || st.Mode()&0o111 == 0 {
		t.Fatalf(".ci/run is missing or not executable: %v", err)
	}
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	calls := filepath.Join(bin, "calls")
	fake := "#!/usr/bin/env bash\necho \"$PWD $*\" >>" + calls + "\n"
	if err := os.WriteFile(filepath.Join(bin, "make"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(root, ".ci", "run"))
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf(".ci/run: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(calls)
	if want := root + " test\n"; string(got) != want {
		t.Errorf(".ci/run ran make as %q, want %q", got, want)
	}
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"make run", "make test", "`.ci/run`"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md does not mention %s", want)
		}
	}
}

// lookMake returns the path of make; without it the test skips, or fails under CI=true.
func lookMake(t *testing.T) string {
	t.Helper()
	mk, err := exec.LookPath("make")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("make is not installed")
		}
		t.Skip("make is not installed")
	}
	return mk
}
