// Command demorun runs a command with the default catalog's department databases
// (package demodb): it starts a throwaway PostgreSQL cluster on loopback (package
// pgtest), loads the demo's tables, runs the command with every connection variable
// set (one already set in the environment is kept), and stops and removes the cluster
// when the command ends. `make run` serves the demonstration through it:
//
//	go run ./generator/internal/demorun -- bin/shuyuan serve --catalog catalog
//
// Without PostgreSQL (`make pg-deps` installs Debian's), or when the cluster cannot
// start, it says why on stderr and runs the command without the databases: the
// datasets that read them are then published without a download, as the build warns.
// Signals it receives go to the command; its exit status is the command's.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/demodb"
	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/synth"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: demorun [--] COMMAND [ARG…]   run COMMAND with the demo's department databases")
		os.Exit(2)
	}
	os.Exit(run(args, start, os.Stderr))
}

// run runs the command with the databases start gives, reporting to stderr, and
// returns the command's exit status.
func run(args []string, start func() (*pgtest.Cluster, map[string]string, error), stderr io.Writer) int {
	// from here on, a Ctrl-C reaches the command (the terminal sends it to the whole
	// process group) and this process waits for it to end before stopping the cluster
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)

	env := os.Environ()
	c, vars, err := start()
	switch {
	case errors.Is(err, pgtest.ErrUnavailable):
		fmt.Fprintf(stderr, "demorun: %v.\ndemorun: without it, the datasets read from the demo's department databases (%s) are published without a download.\n", err, strings.Join(neededVars(), ", "))
	case err != nil:
		fmt.Fprintf(stderr, "demorun: the demo's department databases could not be started, so the datasets read from them are published without a download: %v\n", err)
	default:
		defer c.Stop()
		names := make([]string, 0, len(vars))
		for k := range vars {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if os.Getenv(k) == "" {
				env = append(env, k+"="+vars[k]) // never printed: it holds the reader's password
			}
		}
		fmt.Fprintf(stderr, "demorun: the demo's department databases run on a throwaway PostgreSQL at 127.0.0.1:%d (%s); stopped when the command ends\n", c.Port, strings.Join(names, ", "))
	}

	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env, cmd.Stdin, cmd.Stdout, cmd.Stderr = env, os.Stdin, os.Stdout, stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "demorun: %v\n", err)
		return 2
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case s := <-sigs:
			_ = cmd.Process.Signal(s)
		case err := <-done:
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				if code := ee.ExitCode(); code >= 0 {
					return code
				}
				return 1 // ended by a signal
			}
			if err != nil {
				fmt.Fprintf(stderr, "demorun: %v\n", err)
				return 2
			}
			return 0
		}
	}
}

// start starts the cluster and loads the demo's databases into it.
func start() (*pgtest.Cluster, map[string]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pgtest.Start(ctx)
	if err != nil {
		return nil, nil, err
	}
	vars, err := demodb.Load(ctx, c)
	if err != nil {
		c.Stop()
		return nil, nil, err
	}
	return c, vars, nil
}

// neededVars lists the connection variables of the demo's databases.
func neededVars() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range synth.Tables() {
		if !seen[t.Env] {
			seen[t.Env] = true
			out = append(out, t.Env)
		}
	}
	sort.Strings(out)
	return out
}
