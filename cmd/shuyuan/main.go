// Command shuyuan publishes a public-data catalog as a validated open-data portal.
package main

import (
	"os"

	"github.com/shuyuan-project/shuyuan/generator/cli"
)

func main() {
	os.Exit(cli.Main(cli.OSEnv(), os.Args[1:]))
}
