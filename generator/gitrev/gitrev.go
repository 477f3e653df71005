// Package gitrev reads a catalog as it was at a git revision, for the version rules
// of `shuyuan lint --base REV`. It lists the catalog's files at the revision with
// `git ls-tree`, reads them with one `git cat-file --batch`, writes them into a
// temporary directory and loads that with load.Load. It never checks anything out,
// so the working tree and the index are left alone.
package gitrev

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// LoadCatalog loads the catalog directory catalogDir as it was at git revision rev.
// repoDir is the directory relative paths are resolved against and git runs in; ""
// means the current directory. The catalog may sit anywhere inside the repository
// (for example catalog/ at the root). When the catalog did not exist at rev, the
// result is an empty catalog, so every file counts as new. Federation members inside the
// catalog directory are loaded too (load.LoadFederated); members kept as git
// submodules are not read from the revision.
//
// The returned cleanup removes the temporary copy; call it when done with the
// catalog (its Files keep their bytes in memory, so positions stay valid).
// Only the files the loader reads (YAML and Markdown, no sources/ or keys/) are
// copied, so large source files never leave git.
func LoadCatalog(repoDir, rev, catalogDir string) (*load.Catalog, func(), error) {
	nop := func() {}
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return nil, nop, fmt.Errorf("--base %q is not a git revision: pass a branch, tag or commit such as origin/main", rev)
	}
	dir := catalogDir
	if !filepath.IsAbs(dir) && repoDir != "" {
		dir = filepath.Join(repoDir, dir)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, nop, fmt.Errorf("--base: catalog directory %s does not exist", dir)
	}
	top, err := git(dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nop, fmt.Errorf("--base: %s is not inside a git repository (%v): run lint --base in a git checkout", dir, err)
	}
	prefix, err := git(dir, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, nop, fmt.Errorf("--base: %v", err)
	}
	root := strings.TrimSpace(string(top))
	prefix = bytes.TrimSpace(prefix)
	commit, err := git(root, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, nop, fmt.Errorf("--base %s: no such commit in %s; in CI fetch the history first (actions/checkout with fetch-depth: 0)", rev, root)
	}
	id := strings.TrimSpace(string(commit))
	files, err := listFiles(root, id, string(prefix))
	if err != nil {
		return nil, nop, fmt.Errorf("--base %s: %v", rev, err)
	}
	tmp, err := os.MkdirTemp("", "shuyuan-base-")
	if err != nil {
		return nil, nop, fmt.Errorf("--base: %v", err)
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if err := writeBlobs(root, tmp, files); err != nil {
		cleanup()
		return nil, nop, fmt.Errorf("--base %s: %v", rev, err)
	}
	cat, err := load.LoadFederated(tmp)
	if err != nil {
		cleanup()
		return nil, nop, fmt.Errorf("--base %s: %v", rev, err)
	}
	return cat, cleanup, nil
}

// blob is one file of the catalog at the revision.
type blob struct {
	rel, object string
}

// listFiles lists the regular files under prefix at commit that the loader reads.
func listFiles(root, commit, prefix string) ([]blob, error) {
	args := []string{"ls-tree", "-r", "-z", "--full-tree", commit}
	if prefix != "" {
		args = append(args, "--", prefix)
	}
	out, err := git(root, nil, args...)
	if err != nil {
		return nil, err
	}
	var files []blob
	for _, rec := range bytes.Split(out, []byte{0}) {
		// <mode> SP <type> SP <object> TAB <path>
		meta, name, ok := bytes.Cut(rec, []byte{'\t'})
		if !ok {
			continue
		}
		f := strings.Fields(string(meta))
		if len(f) != 3 || f[1] != "blob" || (f[0] != "100644" && f[0] != "100755") {
			continue // trees of submodules, symbolic links
		}
		rel := strings.TrimPrefix(string(name), prefix)
		if !wanted(rel) {
			continue
		}
		files = append(files, blob{rel: rel, object: f[2]})
	}
	return files, nil
}

// wanted reports whether the loader would read the catalog-relative path rel.
func wanted(rel string) bool {
	if rel == "" || path.IsAbs(rel) || strings.Contains("/"+rel+"/", "/../") {
		return false
	}
	for _, part := range strings.Split(path.Dir(rel), "/") {
		if part == "sources" || part == "keys" || strings.HasPrefix(part, ".") && part != "." {
			return false
		}
	}
	switch path.Ext(rel) {
	case ".yaml", ".yml", ".md":
		return true
	}
	return false
}

// writeBlobs reads every blob with one `git cat-file --batch` and writes it under dir.
func writeBlobs(root, dir string, files []blob) error {
	if len(files) == 0 {
		return nil
	}
	var in bytes.Buffer
	for _, f := range files {
		in.WriteString(f.object + "\n")
	}
	cmd := exec.Command("git", "-C", root, "cat-file", "--batch")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("running git: %v", err)
	}
	r := bufio.NewReader(stdout)
	readErr := func() error {
		for _, f := range files {
			header, err := r.ReadString('\n')
			if err != nil {
				return fmt.Errorf("reading %s from git: %v", f.rel, err)
			}
			fields := strings.Fields(header)
			if len(fields) != 3 || fields[1] != "blob" {
				return fmt.Errorf("reading %s from git: unexpected %q", f.rel, strings.TrimSpace(header))
			}
			size, err := strconv.ParseInt(fields[2], 10, 64)
			if err != nil {
				return fmt.Errorf("reading %s from git: %v", f.rel, err)
			}
			// Keep at most one byte more than the loader accepts, so it still reports
			// the file as too big without holding a huge blob in memory.
			keep := min(size, load.MaxFileSize+1)
			data := make([]byte, keep)
			if _, err := io.ReadFull(r, data); err != nil {
				return fmt.Errorf("reading %s from git: %v", f.rel, err)
			}
			if _, err := io.CopyN(io.Discard, r, size-keep+1); err != nil { // the rest and the LF
				return fmt.Errorf("reading %s from git: %v", f.rel, err)
			}
			p := filepath.Join(dir, filepath.FromSlash(f.rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				return err
			}
		}
		return nil
	}()
	_, _ = io.Copy(io.Discard, r)
	waitErr := cmd.Wait()
	if readErr != nil {
		return readErr
	}
	if waitErr != nil {
		return fmt.Errorf("git cat-file: %v: %s", waitErr, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// git runs git in dir and returns its standard output.
func git(dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Stdin = stdin
	// Never let the user's configuration page, prompt or rewrite output.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg := strings.TrimSpace(stderr.String())
			if msg == "" {
				msg = ee.Error()
			}
			return nil, errors.New(msg)
		}
		return nil, fmt.Errorf("running git: %v", err)
	}
	return out, nil
}

// ChangedPaths lists the catalog-relative paths of the files under catalogDir that
// differ between revision rev and the working tree: modified, added (tracked or
// not, unless git-ignored) and deleted files. repoDir and catalogDir are as for
// LoadCatalog.
func ChangedPaths(repoDir, rev, catalogDir string) ([]string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") || strings.ContainsAny(rev, "\x00\n") {
		return nil, fmt.Errorf("--base %q is not a git revision: pass a branch, tag or commit such as origin/main", rev)
	}
	dir := catalogDir
	if !filepath.IsAbs(dir) && repoDir != "" {
		dir = filepath.Join(repoDir, dir)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("--base: catalog directory %s does not exist", dir)
	}
	top, err := git(dir, nil, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("--base: %s is not inside a git repository (%v)", dir, err)
	}
	prefixOut, err := git(dir, nil, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, fmt.Errorf("--base: %v", err)
	}
	root, prefix := strings.TrimSpace(string(top)), strings.TrimSpace(string(prefixOut))
	commit, err := git(root, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return nil, fmt.Errorf("--base %s: no such commit in %s; in CI fetch the history first (actions/checkout with fetch-depth: 0)", rev, root)
	}
	spec := []string{"--", "."}
	if prefix != "" {
		spec = []string{"--", prefix}
	}
	diff, err := git(root, nil, append([]string{"diff", "--name-only", "-z", "--no-renames", strings.TrimSpace(string(commit))}, spec...)...)
	if err != nil {
		return nil, fmt.Errorf("--base %s: %v", rev, err)
	}
	untracked, err := git(root, nil, append([]string{"ls-files", "-z", "--others", "--exclude-standard", "--full-name"}, spec...)...)
	if err != nil {
		return nil, fmt.Errorf("--base %s: %v", rev, err)
	}
	seen := map[string]bool{}
	var out []string
	for _, b := range bytes.Split(append(append(diff, 0), untracked...), []byte{0}) {
		rel := strings.TrimPrefix(string(b), prefix)
		if len(b) == 0 || rel == string(b) && prefix != "" || seen[rel] {
			continue
		}
		seen[rel] = true
		out = append(out, rel)
	}
	sort.Strings(out)
	return out, nil
}
