package xfilepath

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInsideRoot(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "escape")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "k"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rel string
		ok  bool
	}{
		{"sources/a.csv", true},
		{"./keys/../sources/a.csv", true},
		{"", false},
		{"/etc/passwd", false},
		{"../x", false},
		{"sources/../../x", false},
		{`sources\a.csv`, false},
		{"escape/k", false},
	} {
		_, err := InsideRoot(root, tc.rel)
		if (err == nil) != tc.ok {
			t.Errorf("InsideRoot(%q) error = %v, want ok=%v", tc.rel, err, tc.ok)
		}
	}
}
