// Package cputime measures work by the CPU time it takes rather than the wall
// clock, for tests that guard against slow (superlinear, unbounded) behaviour: on a
// machine shared with other jobs the wall clock of the same work varies tenfold,
// its CPU time hardly at all.
package cputime

import (
	"time"

	"golang.org/x/sys/unix"
)

// Self is the CPU time (user and system, all threads) this process has used so far.
func Self() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// Children is the CPU time (user and system) used so far by the child processes
// this process has waited for, and by those they waited for.
func Children() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_CHILDREN, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Of runs f and returns the CPU time this process used meanwhile.
func Of(f func()) time.Duration {
	start := Self()
	f()
	return Self() - start
}

// PerRun is the CPU time one run of f takes: f runs repeatedly until the runs
// have used at least min in all, and the least of three such averages is
// returned, so that a short f is measured above the clock's resolution and a
// run slowed by a collection or a migration does not count.
func PerRun(min time.Duration, f func()) time.Duration {
	best := time.Duration(-1)
	for range 3 {
		var used time.Duration
		n := 0
		for used < min || n == 0 {
			used += Of(f)
			n++
		}
		if per := used / time.Duration(n); best < 0 || per < best {
			best = per
		}
	}
	return best
}
