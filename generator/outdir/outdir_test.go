package outdir

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree lists every path under dir with its content (directories end in /, links
// show their target), so a test sees any change at all.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			l, err := os.Readlink(p)
			out[rel] = "-> " + l
			return err
		case d.IsDir():
			out[rel+"/"] = ""
		default:
			b, err := os.ReadFile(p)
			out[rel] = string(b)
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckRefuses(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	catalog := filepath.Join(repo, "catalog")
	write(t, filepath.Join(repo, ".git", "HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(catalog, "portal.yaml"), "kind: Portal\n")
	write(t, filepath.Join(repo, "notes.txt"), "notes\n")
	write(t, filepath.Join(repo, "docs", "a.md"), "a\n")
	write(t, filepath.Join(repo, "marked", Marker), markerText)
	if err := os.Mkdir(filepath.Join(repo, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(repo, "docs"), filepath.Join(repo, "docslink")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(repo, filepath.Join(root, "repolink")); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(root, "elsewhere")
	if err := os.Mkdir(elsewhere, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, cwd, out string
		want           string // "" when allowed
	}{
		{"dot in the repository", repo, ".", "is the git repository"},
		{"the catalog", repo, "catalog", "is the catalog directory"},
		{"the catalog from elsewhere", elsewhere, catalog, "is the catalog directory"},
		{"the repository from elsewhere", elsewhere, repo, "is the git repository"},
		{"the repository through a link", elsewhere, filepath.Join(root, "repolink"), "is the git repository"},
		{"the catalog through a link", elsewhere, filepath.Join(root, "repolink", "catalog"), "is the catalog directory"},
		{"the repository's parent", elsewhere, root, "contains the catalog directory"},
		{"root", elsewhere, "/", "is the root directory"},
		{"root by dots", repo, "../../../../../../../../../..", "is the root directory"},
		{"a file", repo, "notes.txt", "is a file"},
		{"inside the catalog", repo, "catalog/site", "is inside the catalog directory"},
		{"a foreign directory", repo, "docs", "shuyuan did not write (it holds a.md and no .shuyuan-site)"},
		{"a foreign link", repo, "docslink", "is a symbolic link to"},
		{"the current directory", filepath.Join(repo, "empty"), ".", "is the current directory"},
		{"the current directory's parent", filepath.Join(repo, "empty"), "..", "is the git repository"},
		{"a builds directory", repo, ".site.builds/x", "where shuyuan keeps its builds"},
		{"empty", repo, "", "is empty"},
		{"absent", repo, "site", ""},
		{"absent in an absent parent", repo, "out/site", ""},
		{"an empty directory", repo, "empty", ""},
		{"a marked directory", repo, "marked", ""},
		{"absent elsewhere", repo, filepath.Join(elsewhere, "site"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(tc.cwd)
			before := tree(t, root)
			err := Check(tc.out, catalog)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
			} else {
				var ue *UnsafeError
				if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want an *UnsafeError saying %q", err, tc.want)
				}
				// Begin and Claim refuse the same, and touch nothing
				if _, err := Begin(tc.out, catalog); !errors.As(err, &ue) {
					t.Errorf("Begin: err = %v, want an *UnsafeError", err)
				}
				if err := Claim(tc.out, catalog); !errors.As(err, &ue) {
					t.Errorf("Claim: err = %v, want an *UnsafeError", err)
				}
			}
			after := tree(t, root)
			if fmt.Sprint(before) != fmt.Sprint(after) {
				t.Errorf("Check changed the file system")
			}
		})
	}
}

// publish builds a site holding one file with content and commits it.
func publish(t *testing.T, out, content string) {
	t.Helper()
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(st.Dir(), "index.html"), content)
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// builds lists the builds directory beside out.
func builds(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(buildsDir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestPublish(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	publish(t, out, "one")
	if got := read(t, filepath.Join(out, "index.html")); got != "one" {
		t.Fatalf("index.html = %q", got)
	}
	if got := read(t, filepath.Join(out, Marker)); got != markerText {
		t.Errorf("marker = %q", got)
	}
	info, err := os.Lstat(out)
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("--out is not a symbolic link: %v %v", info, err)
	}
	first, _ := os.Readlink(out)
	if strings.HasPrefix(first, "/") {
		t.Errorf("link %q is absolute: the site could not be moved", first)
	}

	publish(t, out, "two")
	if got := read(t, filepath.Join(out, "index.html")); got != "two" {
		t.Fatalf("second build: index.html = %q", got)
	}
	second, _ := os.Readlink(out)
	if got := builds(t, out); !slices.Equal(got, []string{lockName, filepath.Base(second)}) {
		t.Errorf("builds after two builds: %v, want the lock and %s (the first, %s, removed)", got, second, first)
	}

	// an aborted build leaves the live site and removes its own directory
	st, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(st.Dir(), "index.html"), "three")
	st.Abort()
	if got := read(t, filepath.Join(out, "index.html")); got != "two" {
		t.Errorf("after an aborted build: index.html = %q", got)
	}
	if got := builds(t, out); len(got) != 2 {
		t.Errorf("an aborted build left %v", got)
	}

	// two builds of one --out at once: the second is refused while the first runs
	st, err = Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(out); err == nil || !strings.Contains(err.Error(), "another shuyuan build") {
		t.Errorf("a second concurrent build: err = %v", err)
	}
	st.Abort()
}

func TestPublishMigratesRealDirectory(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	// what an older shuyuan left: a real directory with the marker, and the
	// temporary directories of killed builds beside it
	write(t, filepath.Join(out, Marker), markerText)
	write(t, filepath.Join(out, "index.html"), "old")
	write(t, filepath.Join(dir, ".site.build-123456", "index.html"), "half")
	write(t, filepath.Join(dir, ".site.old-42", "site", "index.html"), "older")
	write(t, filepath.Join(dir, ".other.build-1", "keep"), "not ours")
	publish(t, out, "new")
	if got := read(t, filepath.Join(out, "index.html")); got != "new" {
		t.Fatalf("index.html = %q", got)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".other.build-1", ".site.builds", "site"}; !slices.Equal(names, want) {
		t.Errorf("beside the site: %v, want %v", names, want)
	}
	if got := builds(t, out); len(got) != 2 {
		t.Errorf("builds: %v, want the lock and the live build", got)
	}

	// an empty directory (mktemp -d) is published the same way
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	publish(t, empty, "e")
	if got := read(t, filepath.Join(empty, "index.html")); got != "e" {
		t.Fatalf("index.html = %q", got)
	}
}

func TestClaim(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x", "site")
	if err := Claim(out); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, Marker)); got != markerText {
		t.Errorf("marker = %q", got)
	}
	write(t, filepath.Join(out, "data", "SHA256SUMS"), "")
	if err := Claim(out); err != nil {
		t.Errorf("a second extract into the marked directory: %v", err)
	}
	// a built site (the link) is claimed too: extract writes into the live build
	built := filepath.Join(t.TempDir(), "site")
	publish(t, built, "x")
	if err := Claim(built); err != nil {
		t.Errorf("extract into a built site: %v", err)
	}
}

// TestKilledBuild kills a build process at its most delicate moments — while the
// site is written, and between making the new link and renaming it over --out —
// and checks that the previous site stays live and the next build removes what
// the killed one left.
func TestKilledBuild(t *testing.T) {
	for _, stage := range []string{"writing", "swapping"} {
		t.Run(stage, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			publish(t, out, "previous")
			killBuild(t, out, stage)
			if got := read(t, filepath.Join(out, "index.html")); got != "previous" {
				t.Fatalf("after the kill: index.html = %q, want the previous site", got)
			}
			if got := builds(t, out); len(got) < 3 {
				t.Fatalf("the killed build left nothing to clean (%v): the test did not kill it in time", got)
			}
			publish(t, out, "next")
			live, _ := os.Readlink(out)
			if got := builds(t, out); !slices.Equal(got, []string{lockName, filepath.Base(live)}) {
				t.Errorf("after the next build: %v, want only the lock and the live build", got)
			}
		})
	}
}

// killBuild runs a build of out in a child process (this test binary, see
// TestMain) that stops at stage, and kills it with SIGKILL.
func killBuild(t *testing.T, out, stage string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "OUTDIR_TEST_CHILD="+stage, "OUTDIR_TEST_OUT="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan error, 1)
	go func() {
		b := make([]byte, 5)
		_, err := stdout.Read(b)
		if err == nil && string(b) != "ready" {
			err = fmt.Errorf("child said %q", b)
		}
		ready <- err
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the child build did not reach its stage")
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
}

func TestMain(m *testing.M) {
	if stage := os.Getenv("OUTDIR_TEST_CHILD"); stage != "" {
		os.Exit(child(stage, os.Getenv("OUTDIR_TEST_OUT")))
	}
	os.Exit(m.Run())
}

// child builds a site into out and waits, to be killed, at stage.
func child(stage, out string) int {
	st, err := Begin(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := os.WriteFile(filepath.Join(st.Dir(), "index.html"), []byte("killed"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	wait := func() {
		os.Stdout.WriteString("ready")
		time.Sleep(time.Minute)
	}
	if stage == "writing" {
		wait()
	}
	st.beforeSwap = wait
	if err := st.Commit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
