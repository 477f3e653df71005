package xsync

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestEachVisitsEveryItemOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		seen := make([]atomic.Int32, n)
		if err := Each(context.Background(), n, func(_ context.Context, i int) error {
			seen[i].Add(1)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Errorf("n=%d: item %d ran %d times", n, i, c)
			}
		}
	}
}

// TestNestedEachStaysWithinGOMAXPROCS: pools inside pool tasks (lint's rules and the
// secret rule's files, a build's writers and the search index) share one budget, so
// at most GOMAXPROCS tasks run at once however deep they nest; nested errgroups with
// SetLimit(GOMAXPROCS) each would run GOMAXPROCS².
func TestNestedEachStaysWithinGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var running, peak atomic.Int32
	leaf := func(context.Context, int) error {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		running.Add(-1)
		return nil
	}
	var leaves atomic.Int32
	err := Each(context.Background(), 8, func(ctx context.Context, _ int) error {
		return Each(ctx, 8, func(ctx context.Context, i int) error {
			leaves.Add(1)
			return leaf(ctx, i)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if leaves.Load() != 64 {
		t.Fatalf("%d leaves ran, want 64", leaves.Load())
	}
	if p := peak.Load(); p > 4 {
		t.Errorf("%d tasks ran at once under GOMAXPROCS=4", p)
	}
	if p := peak.Load(); p < 2 {
		t.Errorf("nested tasks never ran in parallel (peak %d)", p)
	}
}

func TestEachError(t *testing.T) {
	boom := errors.New("boom")
	var after atomic.Int32
	err := Each(context.Background(), 1000, func(ctx context.Context, i int) error {
		if i == 3 {
			return boom
		}
		if i > 500 {
			after.Add(1)
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if after.Load() > 400 {
		t.Errorf("%d items ran after the error; it should cancel the rest", after.Load())
	}
}

// recovered runs f and returns what it panicked with.
func recovered(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}

// TestEachPanicReachesCaller: a panic in a helper goroutine is raised again in the
// caller's goroutine (where cli.Main turns it into exit 3) instead of crashing the
// process, with the task's stack, and the lowest item's panic wins.
func TestEachPanicReachesCaller(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, nested := range []bool{false, true} {
		r := recovered(func() {
			f := func(ctx context.Context, i int) error {
				if i >= 5 {
					panic(fmt.Sprintf("item %d", i))
				}
				time.Sleep(time.Millisecond)
				return nil
			}
			if nested {
				_ = Each(context.Background(), 2, func(ctx context.Context, _ int) error { return Each(ctx, 20, f) })
				return
			}
			_ = Each(context.Background(), 20, f)
		})
		p, ok := r.(*Panic)
		if !ok {
			t.Fatalf("nested=%v: recovered %T %v, want *Panic", nested, r, r)
		}
		if p.Value != "item 5" || !strings.Contains(string(p.Stack), "xsync_test") {
			t.Errorf("nested=%v: panic %q with stack\n%s\nwant item 5 and the task's stack", nested, p.Value, p.Stack)
		}
	}
}

func TestGroup(t *testing.T) {
	// The functions run at once: the second feeds the first.
	g, _ := NewGroup(context.Background())
	ch := make(chan int)
	got := 0
	g.Go(func() error {
		got = <-ch
		return nil
	})
	g.Go(func() error {
		ch <- 42
		return nil
	})
	if err := g.Wait(); err != nil || got != 42 {
		t.Fatalf("got %d, %v", got, err)
	}

	boom := errors.New("boom")
	g, ctx := NewGroup(context.Background())
	g.Go(func() error { <-ctx.Done(); return ctx.Err() })
	g.Go(func() error { return boom })
	if err := g.Wait(); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}

	r := recovered(func() {
		g, ctx := NewGroup(context.Background())
		g.Go(func() error { <-ctx.Done(); return nil })
		g.Go(func() error { panic("stage") })
		_ = g.Wait()
	})
	if p, ok := r.(*Panic); !ok || p.Value != "stage" {
		t.Errorf("recovered %v, want the stage's panic", r)
	}
}
