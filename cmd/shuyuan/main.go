// Command shuyuan publishes a public-data catalog as a validated open-data portal.
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/shuyuan-project/shuyuan/generator/cli"
)

func main() {
	os.Exit(run())
}

// run runs the CLI. When SHUYUAN_CPUPROFILE names a file, a CPU profile of the whole
// run is written there (for `go tool pprof`; the benchmarks in bench/ use it).
func run() int {
	if p := os.Getenv("SHUYUAN_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			fmt.Fprintf(os.Stderr, "shuyuan: SHUYUAN_CPUPROFILE: %v\n", err)
			return cli.ExitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(os.Stderr, "shuyuan: SHUYUAN_CPUPROFILE: %v\n", err)
			return cli.ExitUsage
		}
		defer pprof.StopCPUProfile()
	}
	return cli.Main(cli.OSEnv(), os.Args[1:])
}
