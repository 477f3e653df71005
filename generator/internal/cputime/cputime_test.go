package cputime

import (
	"testing"
	"time"
)

// spin burns CPU for about d of wall time.
func spin(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

func TestOfCountsWorkNotSleep(t *testing.T) {
	if d := Of(func() { time.Sleep(200 * time.Millisecond) }); d > 100*time.Millisecond {
		t.Errorf("sleeping 200 ms used %v of CPU", d)
	}
	// spinning 200 ms of wall time uses CPU (less than 200 ms when other jobs share it)
	if d := Of(func() { spin(200 * time.Millisecond) }); d < 5*time.Millisecond {
		t.Errorf("spinning 200 ms used only %v of CPU", d)
	}
}

func TestPerRunAveragesShortRuns(t *testing.T) {
	n := 0
	per := PerRun(20*time.Millisecond, func() { n++; spin(time.Millisecond) })
	if n < 3 || per <= 0 || per > 20*time.Millisecond {
		t.Errorf("%d runs of 1 ms, %v a run", n, per)
	}
}
