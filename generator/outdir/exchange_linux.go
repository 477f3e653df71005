package outdir

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps the entries at a and b atomically (renameat2 RENAME_EXCHANGE).
// Where the file system cannot, it falls back to two renames.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return exchangeByRenames(a, b)
	}
	return err
}
