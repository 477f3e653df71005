//go:build unix

package outdir

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes an exclusive lock on the file at path (created when missing) and
// returns its release. The lock ends with the process, so a killed build never
// leaves it held.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errors.New("another shuyuan build is writing this directory; wait for it to finish, or give another --out")
		}
		return nil, err
	}
	return func() { _ = f.Close() }, nil
}
