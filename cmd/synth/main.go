// Command synth rewrites the synthetic source files of a catalog (catalog/sources/…).
//
//	go run ./cmd/synth -catalog catalog
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/shuyuan-project/shuyuan/generator/synth"
)

func main() {
	dir := flag.String("catalog", "catalog", "catalog directory whose sources/ to rewrite")
	flag.Parse()
	if err := synth.Write(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
