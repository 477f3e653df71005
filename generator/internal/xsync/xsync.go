// Package xsync runs work in parallel for the whole generator: one pool helper over
// errgroup, sized to GOMAXPROCS, that forwards panics to the caller.
//
// Each runs n independent tasks; Group runs a few long-lived stages (the writers of a
// build, the workers of an extract pipeline) that must all run at once. Both hand
// their tasks a context that carries one goroutine budget: an Each inside a task
// (the secret rule inside lint's rule pool, the search index inside a build's writer)
// borrows helpers from the same budget instead of starting GOMAXPROCS more, and the
// caller always works through the items itself, so nesting never waits for a
// goroutine and never runs GOMAXPROCS² of them.
//
// A panic in a task cancels the others and is raised again, as a *Panic holding the
// task's stack, in the goroutine that called Each or Wait, where cli.Main turns it
// into exit status 3.
package xsync

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// Limit is how many goroutines a pool runs its tasks on: GOMAXPROCS.
func Limit() int { return runtime.GOMAXPROCS(0) }

// Panic is a panic raised in a task, carried to the caller's goroutine.
type Panic struct {
	// Value is what the task panicked with.
	Value any
	// Stack is the task goroutine's stack where it panicked.
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("%v\n\n%s", p.Value, p.Stack) }

// Unwrap returns the panic value when it is an error.
func (p *Panic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// budget is the helper goroutines a tree of pools may run besides its callers: one
// token per running helper.
type budget chan struct{}

type budgetKey struct{}

// budgetOf returns the budget ctx carries, or a new one of Limit()-1 helpers (the
// caller is the first worker) and ctx carrying it.
func budgetOf(ctx context.Context) (budget, context.Context) {
	if b, ok := ctx.Value(budgetKey{}).(budget); ok {
		return b, ctx
	}
	b := make(budget, max(Limit()-1, 0))
	return b, context.WithValue(ctx, budgetKey{}, b)
}

// tryHelper takes a token if one is free.
func (b budget) tryHelper() bool {
	select {
	case b <- struct{}{}:
		return true
	default:
		return false
	}
}

func (b budget) done() { <-b }

// catcher records the panic of the task with the lowest index among a set of
// goroutines, so that the panic raised again does not depend on scheduling.
type catcher struct {
	mu sync.Mutex
	at int
	p  *Panic
}

// recover is deferred by every task (i is its index); it records a panic and
// cancels the others.
func (c *catcher) recover(i int, cancel context.CancelFunc) {
	if r := recover(); r != nil {
		p, ok := r.(*Panic)
		if !ok {
			p = &Panic{Value: r, Stack: debug.Stack()}
		}
		c.mu.Lock()
		if c.p == nil || i < c.at {
			c.p, c.at = p, i
		}
		c.mu.Unlock()
		cancel()
	}
}

// raise re-raises the recorded panic, if any, in the calling goroutine.
func (c *catcher) raise() {
	if c.p != nil {
		panic(c.p)
	}
}

// Each calls f(ctx, i) for every i in [0, n), on the calling goroutine and as many
// helpers as the budget in ctx allows (at most GOMAXPROCS workers in all, nested
// calls included). Items are taken in order, each by whichever worker is free. The
// first error cancels the ctx handed to f and is returned once every worker has
// stopped; a panic in f is raised again here (that of the lowest i when several
// panicked).
func Each(ctx context.Context, n int, f func(ctx context.Context, i int) error) error {
	if n <= 0 {
		return nil
	}
	b, ctx := budgetOf(ctx)
	g, gctx := errgroup.WithContext(ctx)
	gctx, cancel := context.WithCancel(gctx)
	defer cancel()
	e := &each{ctx: gctx, cancel: cancel, n: n, f: f}
	helpers := 0
	helper := func() {
		helpers++
		g.Go(func() error {
			defer b.done()
			return e.loop(nil)
		})
	}
	for helpers < n-1 && b.tryHelper() {
		helper()
	}
	// The caller works through the items too, and starts another helper whenever a
	// token frees up, so that a nested Each that began alone speeds up when its
	// siblings finish.
	err := e.loop(func() {
		if helpers < n-1 && int(e.next.Load()) < n-1 && b.tryHelper() {
			helper()
		}
	})
	if err != nil {
		cancel()
	}
	werr := g.Wait()
	e.c.raise()
	if err != nil {
		return err
	}
	return werr
}

// each is the state the workers of one Each share.
type each struct {
	ctx    context.Context
	cancel context.CancelFunc
	n      int
	f      func(context.Context, int) error
	next   atomic.Int64
	c      catcher
}

// loop takes items until none are left, calling between, when set, after each.
func (e *each) loop(between func()) error {
	for {
		i := int(e.next.Add(1) - 1)
		if i >= e.n {
			return nil
		}
		if err := e.ctx.Err(); err != nil {
			return err
		}
		if err := e.call(i); err != nil {
			return err
		}
		if between != nil {
			between()
		}
	}
}

// call runs item i, recording its panic.
func (e *each) call(i int) error {
	defer e.c.recover(i, e.cancel)
	return e.f(e.ctx, i)
}

// Group runs a few long-lived functions at once, each on its own goroutine, such as
// the stages of a pipeline that feed each other through channels. The first error
// cancels the group's context; Wait returns it, or raises again a panic of any of
// them.
type Group struct {
	g      *errgroup.Group
	cancel context.CancelFunc
	c      catcher
	n      int // functions started, the index of the next
}

// NewGroup returns a group and the context its functions get. The context carries
// the budget of the pools that the functions run (see Each).
func NewGroup(ctx context.Context) (*Group, context.Context) {
	_, ctx = budgetOf(ctx)
	g, gctx := errgroup.WithContext(ctx)
	gctx, cancel := context.WithCancel(gctx)
	return &Group{g: g, cancel: cancel}, gctx
}

// Go runs f on a new goroutine. Call it from one goroutine at a time.
func (g *Group) Go(f func() error) {
	i := g.n
	g.n++
	g.g.Go(func() error {
		defer g.c.recover(i, g.cancel)
		return f()
	})
}

// Wait waits for every function, then raises again the first panic among them or
// returns the first error.
func (g *Group) Wait() error {
	err := g.g.Wait()
	g.cancel()
	g.c.raise()
	return err
}
