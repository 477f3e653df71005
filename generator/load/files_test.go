package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/cputime"
)

// TestUnreadableCatalogFiles: a symbolic link, a FIFO, an oversized file or a guide
// page that is not UTF-8 is reported with a finding at its file and never loaded
// (so never published), and the load does not block or read a file whole.
func TestUnreadableCatalogFiles(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	guide := "---\ntitle: {zh: 指南, en: Guide}\norder: 10\n---\n"
	write("guide/10-ok.md", guide+"正文。\n")
	write("guide/20-gbk.md", guide+"第一行\n\xd6\xd0\xce\xc4\n")         // 中文 in GBK
	write("guide/30-big.md", guide+strings.Repeat("很长的指南。\n", 20000)) // 371 KiB
	write("guide/40-ctl.md", guide+"a\x1b[31mred\n")
	os.WriteFile(filepath.Join(outside, "d.yaml"), []byte("kind: Department\nid: d\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "departments"), 0o755)
	if err := os.Symlink(filepath.Join(outside, "d.yaml"), filepath.Join(dir, "departments", "linked.yaml")); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "datasets"), 0o755)
	if err := os.Symlink(outside, filepath.Join(dir, "datasets", "sh-linked")); err != nil {
		t.Fatal(err)
	}
	fifo := true
	if err := syscall.Mkfifo(filepath.Join(dir, "departments", "pipe.yaml"), 0o644); err != nil {
		fifo = false
		t.Log("mkfifo:", err)
	}
	big, err := os.Create(filepath.Join(dir, "departments", "huge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(8 << 30); err != nil { // sparse: 8 GiB that must not be read
		t.Fatal(err)
	}
	big.Close()

	// Reading the 8 GiB file would take seconds of CPU; blocking on the FIFO would
	// hang the test. CPU time, not the wall clock: other jobs on the machine do not count.
	var cat *Catalog
	if d := cputime.Of(func() { cat, err = Load(dir) }); d > 2*time.Second {
		t.Errorf("load took %v of CPU", d)
	}
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range cat.Findings {
		got[f.File] += f.String() + "\n"
	}
	for file, want := range map[string]string{
		"guide/20-gbk.md":         "guide/20-gbk.md:6:1: error [yaml] guide page is not valid UTF-8",
		"guide/30-big.md":         "guide/30-big.md:1:1: error [yaml] guide page is 371 KiB; a guide page may be at most 256 KiB",
		"guide/40-ctl.md":         "guide/40-ctl.md:5:2: error [yaml] guide page contains the control character U+001B",
		"departments/linked.yaml": "departments/linked.yaml:1:1: error [path] is a symbolic link (to " + outside,
		"datasets/sh-linked":      "datasets/sh-linked:1:1: error [path] is a symbolic link",
		"departments/huge.yaml":   "departments/huge.yaml:1:1: error [yaml] file is 8192.0 MiB; catalog files may be at most 1 MiB",
		"departments/pipe.yaml":   "departments/pipe.yaml:1:1: error [yaml] is not a regular file",
	} {
		if file == "departments/pipe.yaml" && !fifo {
			continue
		}
		if !strings.Contains(got[file], want) {
			t.Errorf("%s: findings %q, want %q", file, got[file], want)
		}
	}
	if len(cat.Guides) != 1 || cat.Guides[0].Path != "guide/10-ok.md" {
		var paths []string
		for _, g := range cat.Guides {
			paths = append(paths, g.Path)
		}
		t.Errorf("guides loaded: %v, want only guide/10-ok.md", paths)
	}
	if len(cat.Departments) != 0 {
		t.Errorf("a department was loaded through a link, a FIFO or from 8 GiB: %d", len(cat.Departments))
	}
}
