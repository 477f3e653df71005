package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/gitrev"
	"github.com/shuyuan-project/shuyuan/generator/lint"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

func newChangedCmd(env Env) *cobra.Command {
	var catalog, base string
	var keys, extractable bool
	cmd := &cobra.Command{
		Use:   "changed --base REV [--catalog DIR] [--keys]",
		Short: "List the datasets whose definition or source changed since a git revision",
		Long: `Print, one per line, the id of every dataset whose YAML file or source file
differs between git revision REV and the working tree (new datasets included,
deleted ones left out). The pull-request workflow extracts exactly these
(make extract-changed BASE=origin/main).

With --keys, print instead the names of the environment variables those datasets
read their de-identification keys from (env:SHUYUAN_KEY_NAME references): names only, never
values.

With --extractable, only the datasets a pull-request check can extract are
listed: open (unconditional or conditional) with a source file (csv or jsonl);
the others are named on standard error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if base == "" {
				return usageError("changed needs --base REV, for example --base origin/main")
			}
			ids, names, err := changedDatasets(env, catalog, base, extractable)
			if err != nil {
				return err
			}
			out := ids
			if keys {
				out = names
			}
			for _, s := range out {
				fmt.Fprintln(env.Stdout, s)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&catalog, "catalog", "catalog", "the catalog directory")
	f.StringVar(&base, "base", "", "the git revision to compare with, for example origin/main")
	f.BoolVar(&keys, "keys", false, "print the env: key names the changed datasets use instead of their ids")
	f.BoolVar(&extractable, "extractable", false, "only datasets with a source file that may be extracted (not non-open, not postgres)")
	return cmd
}

// changedDatasets returns the ids of the datasets changed since rev, and the sorted
// env: key names they reference.
func changedDatasets(env Env, catalog, rev string, extractable bool) (ids, keyNames []string, err error) {
	paths, err := gitrev.ChangedPaths("", rev, catalog)
	if err != nil {
		return nil, nil, withCode(ExitUsage, err)
	}
	cat, err := load.LoadFederated(catalog)
	if err != nil {
		return nil, nil, withCode(ExitUsage, err)
	}
	// a dataset changes with its file or its source file
	touched := lint.TouchedFiles(cat, paths)
	var hits []string
	for _, d := range cat.Datasets {
		if touched[d.Path] {
			hits = append(hits, d.V.ID)
		}
	}
	var chosen []*load.Doc[model.Dataset]
	if extractable {
		// what `shuyuan extract` accepts by name, read from the catalog's files only
		var skipped []extract.Skip
		chosen, skipped = extract.Selection{IDs: hits, FilesOnly: true}.Choose(cat)
		for _, s := range skipped {
			fmt.Fprintf(env.Stderr, "changed: %s\n", s.Reason)
		}
	} else {
		for _, id := range hits {
			chosen = append(chosen, cat.Dataset(id))
		}
	}
	names := map[string]bool{}
	for _, d := range chosen {
		ids = append(ids, d.V.ID)
		for _, c := range d.V.Columns {
			if c.Deid != nil && strings.HasPrefix(c.Deid.Key, "env:") {
				names[strings.TrimPrefix(c.Deid.Key, "env:")] = true
			}
		}
		if s := d.V.Source; s != nil && s.DSNEnv != "" {
			names[s.DSNEnv] = true
		}
	}
	for n := range names {
		keyNames = append(keyNames, n)
	}
	slices.Sort(ids)
	slices.Sort(keyNames)
	return ids, keyNames, nil
}
