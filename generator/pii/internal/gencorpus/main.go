// Command gencorpus writes the PII scanner's corpus (generator/pii/testdata/corpus.csv)
// from its seed, or with -table prints the scanner's recall and false alarms on a
// corpus (the one generated from -seed, or the file -in).
//
//	go run ./generator/pii/internal/gencorpus -out generator/pii/testdata/corpus.csv
//	go run ./generator/pii/internal/gencorpus -in generator/pii/testdata/corpus.csv -table
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/shuyuan-project/shuyuan/generator/pii/internal/corpus"
)

func main() {
	out := flag.String("out", "", "write the corpus to this file")
	seed := flag.Uint64("seed", corpus.Seed, "the corpus seed")
	in := flag.String("in", "", "read the corpus from this file instead of generating it")
	table := flag.Bool("table", false, "print the scanner's recall and false alarms on the corpus")
	flag.Parse()
	var cols []corpus.Column
	if *in != "" {
		f, err := os.Open(*in)
		if err == nil {
			cols, err = corpus.Read(bufio.NewReader(f))
			f.Close()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
	} else {
		cols = corpus.Generate(*seed)
	}
	if *out != "" {
		if err := write(*out, cols); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
	}
	if *table {
		fmt.Print(corpus.Measure(cols).Table())
	}
}

func write(path string, cols []corpus.Column) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := corpus.Write(w, cols); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
