package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// Stable is a Reader of a file that can tell whether the file changed while it
// was read: a source rewritten, truncated or appended to during an extract would
// publish a mix of two versions, or silently lose rows.
type Stable interface {
	// Unchanged returns an error saying how the file changed since it was opened
	// (replaced, resized, modified, or not read to its end), or nil.
	Unchanged() error
}

// snapshot is what a source file was when it was opened.
type snapshot struct {
	path string // the file's path, for a fresh stat
	rel  string // as the YAML writes it, for messages
	info fs.FileInfo
}

// unchanged compares the file at s.path with the snapshot; read is how many
// bytes the reader consumed, which at the end must be the whole file.
func (s snapshot) unchanged(read int64) error {
	now, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("source %s was removed while it was read", s.rel)
	case err != nil:
		return fmt.Errorf("source %s: %v", s.rel, err)
	case !os.SameFile(now, s.info):
		return fmt.Errorf("source %s was replaced by another file while it was read", s.rel)
	case now.Size() != s.info.Size():
		return fmt.Errorf("source %s changed while it was read: %d bytes when opened, %d now", s.rel, s.info.Size(), now.Size())
	case !now.ModTime().Equal(s.info.ModTime()):
		return fmt.Errorf("source %s was modified while it was read (at %s, opened as of %s)", s.rel, now.ModTime().UTC().Format(time.RFC3339Nano), s.info.ModTime().UTC().Format(time.RFC3339Nano))
	case read != s.info.Size():
		return fmt.Errorf("source %s changed while it was read: %d of its %d bytes were read", s.rel, read, s.info.Size())
	}
	return nil
}
