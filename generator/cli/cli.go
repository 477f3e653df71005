// Package cli implements the shuyuan command line: it parses flags, calls the
// generator packages (package build runs a whole build, package serve the preview
// loop of serve) and maps outcomes to exit codes. It holds no catalog logic of its own, so tests can run any
// command in-process through Main.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/version"
)

// Exit codes.
const (
	ExitOK       = 0 // success
	ExitFindings = 1 // lint findings or a verification failure
	ExitUsage    = 2 // usage or I/O error
	ExitInternal = 3 // a bug in shuyuan
)

// Env is what a command may use of its process: streams, environment and args.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads an environment variable.
	Getenv func(string) string
	// Now is the wall clock; nil means time.Now. Tests set it to build on other days.
	Now func() time.Time
}

// OSEnv returns the process's real environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
}

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// withCode wraps err so that Main exits with code; a nil err exits silently.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// usageError reports a usage problem (exit 2).
func usageError(format string, args ...any) error {
	return withCode(ExitUsage, fmt.Errorf(format, args...))
}

// Main runs shuyuan with args (without the program name) and returns the exit code.
func Main(env Env, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "shuyuan: internal error: %v\nThis is a bug in shuyuan; please report it with the command you ran.\n", r)
			code = ExitInternal
		}
	}()
	root := newRoot(env)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(env.Stderr, "shuyuan: %v\n", ee.err)
		}
		return ee.code
	}
	// Errors cobra raises itself are flag and argument problems.
	fmt.Fprintf(env.Stderr, "shuyuan: %v\nRun 'shuyuan --help' for usage.\n", err)
	return ExitUsage
}

func newRoot(env Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "shuyuan",
		Short: "Publish a city's public-data catalog as a validated open-data portal",
		Long: `shuyuan turns a public-data catalog kept as YAML in git (数源目录, open datasets,
pricing and application guides) into a validated, de-identified, static open-data portal.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.CompletionOptions.DisableDefaultCmd = true
	root.Version = version.Read().String()
	root.SetVersionTemplate("{{.Version}}\n")
	for _, c := range commands {
		root.AddCommand(c(env))
	}
	return root
}

// commands lists the constructors of every subcommand, one per file of this package.
var commands = []func(Env) *cobra.Command{
	newSchemaCmd,
	newRulesCmd,
	newLintCmd,
	newExtractCmd,
	newPlanCmd,
	newMergeCmd,
	newVerifyCmd,
	newFetchCmd,
	newKeygenCmd,
	newBuildCmd,
	newServeCmd,
	newChangedCmd,
	newCodeownersCmd,
	newNewCmd,
	newImportCmd,
	newOverdueCmd,
	newVersionCmd,
}
