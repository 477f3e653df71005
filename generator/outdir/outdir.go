// Package outdir guards and publishes the output directory (--out) of build, serve
// and extract, so that no typo in --out can lose data and no killed build can leave
// the site missing or half-written.
//
// Guard: --out must be absent, an empty directory, or a directory shuyuan wrote (it
// holds the Marker file); it may not be a file, `/`, the current directory, the
// catalog or a directory inside it, or a git repository (any directory holding
// .git that encloses the catalog or the current directory), nor contain any of
// these. Check says why a path is refused, before anything is written.
//
// Publish: a build writes into a fresh directory .<name>.builds/<id> beside --out
// (Begin) and Commit makes --out a symbolic link to it with one atomic rename of a
// new link over the old one, so readers (a web server, `shuyuan serve`) see the old
// site or the new one, never neither. A real directory left by an older shuyuan
// (it carries the Marker) is exchanged for the link atomically (renameat2
// RENAME_EXCHANGE on Linux). Builds of one --out take a lock, and each Begin
// removes the build directories that killed builds left behind.
package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Marker is the file every directory shuyuan writes carries at its root.
const Marker = ".shuyuan-site"

// markerText is the Marker's content: the same bytes in every site.
const markerText = "This directory was written by shuyuan (build, serve or extract).\n" +
	"The next build replaces all of it: keep nothing else here.\n"

// buildsSuffix names the directory beside --out that holds the builds:
// site → .site.builds/.
const buildsSuffix = ".builds"

// lockName is the lock file inside the builds directory.
const lockName = ".lock"

// UnsafeError says why --out is refused. Nothing was written.
type UnsafeError struct {
	// Out is --out as given.
	Out string
	// Reason says what --out is and what to do instead.
	Reason string
}

func (e *UnsafeError) Error() string {
	return fmt.Sprintf("--out %s: %s; nothing was written", e.Out, e.Reason)
}

// Check reports, as an *UnsafeError, why out may not be written, or nil when it may.
// protect are directories that must survive (the catalog): out may not equal or
// contain them, nor lie inside them, nor equal or contain a git repository that
// encloses them or the current directory. Check writes nothing.
func Check(out string, protect ...string) error {
	_, err := check(out, protect)
	return err
}

// target is a checked --out.
type target struct {
	abs    string // absolute, cleaned --out
	builds string // the builds directory beside it
	live   string // name of the live build under builds when out is our link, else ""
	isDir  bool   // out is a real directory (empty or marked)
}

func check(out string, protect []string) (*target, error) {
	refuse := func(format string, args ...any) (*target, error) {
		return nil, &UnsafeError{Out: out, Reason: fmt.Sprintf(format, args...)}
	}
	if out == "" {
		return refuse("is empty; give the directory to write the site into, for example --out site")
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	loc, err := realPath(abs)
	if err != nil {
		return nil, err
	}
	if loc == string(filepath.Separator) || filepath.Dir(loc) == loc {
		return refuse("is the root directory /; write the site into a directory of its own, for example --out site")
	}
	if parent := filepath.Base(filepath.Dir(loc)); strings.HasPrefix(parent, ".") && strings.HasSuffix(parent, buildsSuffix) {
		return refuse("lies in %s, where shuyuan keeps its builds; give the site's own path, for example --out site", filepath.Dir(loc))
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	type guarded struct{ path, what string }
	var keep []guarded
	for _, p := range protect {
		if p == "" {
			continue
		}
		rp, err := fullPath(p)
		if err != nil {
			return nil, err
		}
		if inside(loc, rp) && loc != rp {
			return refuse("is inside the catalog directory %s, whose files the next build would read; write the site beside the catalog, for example --out site", p)
		}
		keep = append(keep, guarded{rp, "the catalog directory " + p})
		for _, repo := range gitRoots(rp) {
			keep = append(keep, guarded{repo, "the git repository " + repo + " that holds the catalog"})
		}
	}
	if rc, err := fullPath(cwd); err == nil {
		keep = append(keep, guarded{rc, "the current directory"})
		for _, repo := range gitRoots(rc) {
			keep = append(keep, guarded{repo, "the git repository " + repo + " you are in"})
		}
	}
	// out as named, and out with a symbolic link at its end followed
	locs := []string{loc}
	if full, err := fullPath(abs); err == nil && full != loc {
		locs = append(locs, full)
	}
	for _, l := range locs {
		for _, g := range keep {
			if g.path == l {
				return refuse("is %s; a build replaces its whole --out, so write the site into a directory of its own, for example --out site", g.what)
			}
		}
	}
	for _, l := range locs {
		for _, g := range keep {
			if inside(g.path, l) {
				return refuse("contains %s; a build replaces its whole --out, so write the site into a directory of its own, for example --out site", g.what)
			}
		}
	}

	t := &target{abs: abs, builds: buildsDir(abs)}
	info, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return t, nil
	case err != nil:
		return nil, err
	case info.Mode()&fs.ModeSymlink != 0:
		link, err := os.Readlink(abs)
		if err != nil {
			return nil, err
		}
		name, ok := ourLink(abs, link)
		if !ok {
			return refuse("is a symbolic link to %s that shuyuan did not make; give a directory of its own, for example --out site", link)
		}
		t.live = name
		return t, nil
	case !info.IsDir():
		return refuse("is a file, not a directory; give a directory of its own, for example --out site")
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, err
	}
	t.isDir = true
	if len(entries) == 0 || marked(abs) {
		return t, nil
	}
	var names []string
	for _, e := range entries {
		if len(names) == 3 {
			names = append(names, "…")
			break
		}
		names = append(names, e.Name())
	}
	return refuse("is a directory that shuyuan did not write (it holds %s and no %s); a build replaces its whole --out, so give an empty or new directory, or delete this one yourself", strings.Join(names, ", "), Marker)
}

// Claim makes out a directory that extract writes into in place: it checks out as
// Check does, creates it when absent and marks it.
func Claim(out string, protect ...string) error {
	t, err := check(out, protect)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(t.abs, 0o755); err != nil {
		return err
	}
	return writeMarker(t.abs)
}

// Staging is a new site being written beside --out; Commit publishes it.
type Staging struct {
	t      *target
	dir    string
	unlock func()
	done   bool
	// beforeSwap is a test hook run between making the new link and renaming it.
	beforeSwap func()
}

// Begin checks out as Check does, locks it against other builds, removes the
// directories that killed builds left behind and returns an empty, marked
// directory to write the new site into.
func Begin(out string, protect ...string) (*Staging, error) {
	if _, err := check(out, protect); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	builds := buildsDir(abs)
	if err := os.MkdirAll(builds, 0o755); err != nil {
		return nil, err
	}
	unlock, err := lock(filepath.Join(builds, lockName))
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", out, err)
	}
	// checked again under the lock: another build may have changed --out meanwhile
	t, err := check(out, protect)
	if err != nil {
		unlock()
		return nil, err
	}
	if err := removeStale(t); err != nil {
		unlock()
		return nil, fmt.Errorf("--out %s: removing what killed builds left: %w", out, err)
	}
	dir, err := os.MkdirTemp(builds, "build-")
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	if err == nil {
		err = writeMarker(dir)
	}
	if err != nil {
		unlock()
		if dir != "" {
			_ = os.RemoveAll(dir)
		}
		return nil, err
	}
	return &Staging{t: t, dir: dir, unlock: unlock}, nil
}

// Dir is the directory to write the new site into.
func (s *Staging) Dir() string { return s.dir }

// Abort removes the unpublished site and releases the lock; after Commit it does
// nothing.
func (s *Staging) Abort() {
	if s.done {
		return
	}
	s.done = true
	_ = os.RemoveAll(s.dir)
	s.unlock()
}

// Commit publishes the new site: --out becomes a symbolic link to it in one atomic
// rename, and the previous site is removed.
func (s *Staging) Commit() error {
	if s.done {
		return errors.New("outdir: Commit after Commit or Abort")
	}
	defer func() {
		if !s.done {
			s.Abort()
		}
	}()
	name := filepath.Base(s.dir)
	link := filepath.Join(s.t.builds, ".link-"+name)
	if err := os.Symlink(linkText(s.t.abs, name), link); err != nil {
		return fmt.Errorf("publishing the site: %w", err)
	}
	if s.beforeSwap != nil {
		s.beforeSwap()
	}
	if s.t.isDir {
		// a real directory (left by an older shuyuan, or empty): exchanged for the
		// link, then removed from the link's old place
		if err := exchange(link, s.t.abs); err != nil {
			_ = os.Remove(link)
			return fmt.Errorf("publishing the site into %s: %w", s.t.abs, err)
		}
		s.done = true
		err := os.RemoveAll(link)
		s.unlock()
		return err
	}
	if err := os.Rename(link, s.t.abs); err != nil {
		_ = os.Remove(link)
		return fmt.Errorf("publishing the site into %s: %w", s.t.abs, err)
	}
	s.done = true
	var err error
	if s.t.live != "" && s.t.live != name {
		err = os.RemoveAll(filepath.Join(s.t.builds, s.t.live))
	}
	s.unlock()
	return err
}

// removeStale removes everything in the builds directory but the lock and the live
// site, and the temporary directories beside out that shuyuan before the builds
// directory left (.<name>.build-N, .<name>.old-N).
func removeStale(t *target) error {
	entries, err := os.ReadDir(t.builds)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == lockName || e.Name() == t.live {
			continue
		}
		if err := os.RemoveAll(filepath.Join(t.builds, e.Name())); err != nil {
			return err
		}
	}
	legacy := regexp.MustCompile(`^\.` + regexp.QuoteMeta(filepath.Base(t.abs)) + `\.(build|old)-[0-9]+$`)
	parent := filepath.Dir(t.abs)
	entries, err = os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() && legacy.MatchString(e.Name()) {
			if err := os.RemoveAll(filepath.Join(parent, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

// buildsDir is the directory beside out that holds its builds.
func buildsDir(abs string) string {
	return filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+buildsSuffix)
}

// linkText is what the link at out says: a path relative to out's directory.
func linkText(abs, name string) string {
	return "." + filepath.Base(abs) + buildsSuffix + "/" + name
}

// ourLink reports whether link (the text of the symbolic link at abs) is one
// Commit made, and the build it names.
func ourLink(abs, link string) (string, bool) {
	prefix := "." + filepath.Base(abs) + buildsSuffix + "/"
	name, ok := strings.CutPrefix(link, prefix)
	if !ok || name == "" || strings.ContainsRune(name, '/') || name == "." || name == ".." {
		return "", false
	}
	info, err := os.Stat(filepath.Join(buildsDir(abs), name))
	if err != nil || !info.IsDir() || !marked(filepath.Join(buildsDir(abs), name)) {
		return "", false
	}
	return name, true
}

// marked reports whether dir holds the Marker as a regular file.
func marked(dir string) bool {
	info, err := os.Lstat(filepath.Join(dir, Marker))
	return err == nil && info.Mode().IsRegular()
}

func writeMarker(dir string) error {
	p := filepath.Join(dir, Marker)
	if marked(dir) {
		return nil
	}
	return os.WriteFile(p, []byte(markerText), 0o644)
}

// realPath is abs with every symbolic link resolved in its existing directories;
// the last element is kept as is (out itself may be shuyuan's link), as are the
// elements that do not exist yet.
func realPath(abs string) (string, error) {
	dir, base := filepath.Dir(abs), filepath.Base(abs)
	if dir == abs {
		return abs, nil
	}
	var rest []string
	for {
		r, err := filepath.EvalSymlinks(dir)
		if err == nil {
			parts := append([]string{r}, rest...)
			return filepath.Join(append(parts, base)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs, nil
		}
		rest = append([]string{filepath.Base(dir)}, rest...)
		dir = parent
	}
}

// gitRoots lists dir and its parents that hold .git (a repository or a worktree).
func gitRoots(dir string) []string {
	var roots []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			roots = append(roots, d)
		}
		if filepath.Dir(d) == d {
			return roots
		}
	}
}

// inside reports whether p is dir or lies under it.
func inside(p, dir string) bool {
	if p == dir {
		return true
	}
	if !strings.HasSuffix(dir, string(filepath.Separator)) {
		dir += string(filepath.Separator)
	}
	return strings.HasPrefix(p, dir)
}

// fullPath is p absolute with every symbolic link resolved, its last element too.
func fullPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	return realPath(abs)
}

// exchangeByRenames swaps a and b through a third name; b is missing between the
// second and third rename.
func exchangeByRenames(a, b string) error {
	tmp := a + ".swap"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(tmp, b)
		return err
	}
	return os.Rename(tmp, a)
}
