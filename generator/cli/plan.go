package cli

import (
	"fmt"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

func newPlanCmd(env Env) *cobra.Command {
	var catalog, base, out string
	var shards int
	cmd := &cobra.Command{
		Use:   "plan [--catalog DIR] [--base REV] [--shards N] [--out FILE]",
		Short: "Split the datasets to extract into shares for a CI matrix (JSON)",
		Long: `Print, as JSON, the datasets an extract covers (every dataset the open portal
publishes a download of, or with --base only those of them whose YAML or source file
changed since git revision REV; a dataset read from PostgreSQL whose connection
variable is not set is left out, as a build leaves it out), each assigned to one of N shares balanced by the
estimated size of its source (the file's size; 64 MiB for a database table), and a
"matrix" object to feed a GitHub Actions matrix:

  strategy: {matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}}

Each matrix job runs ` + "`shuyuan extract --plan FILE --shard I/N --out DIR`" + ` for its share, and
` + "`shuyuan merge --plan FILE --out SITE DIR…`" + ` joins the shares. The same catalog always
gives the same plan. With --out the plan is also written to FILE, and standard output
carries only the matrix (one line, for $GITHUB_OUTPUT).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if shards < 1 {
				return usageError("--shards must be at least 1")
			}
			cat, err := loadCatalog(catalog)
			if err != nil {
				return err
			}
			// a database whose connection variable is unset here is left out, as a
			// build leaves it out (published without a download)
			docs, skipped := extract.Selection{Getenv: env.Getenv}.Choose(cat)
			if len(skipped) > 0 {
				fmt.Fprintf(env.Stderr, "plan: %d datasets left out: their PostgreSQL connection variable is not set (first: %s)\n", len(skipped), skipped[0].Reason)
			}
			if base != "" {
				ids, _, err := changedDatasets(env, catalog, base, false)
				if err != nil {
					return err
				}
				docs = slices.DeleteFunc(docs, func(d *load.Doc[model.Dataset]) bool { return !slices.Contains(ids, d.V.ID) })
			}
			p := extract.MakePlan(cat, docs, shards)
			b, err := extract.MarshalPlan(p)
			if err != nil {
				return err
			}
			if out == "" {
				_, err = env.Stdout.Write(b)
				return err
			}
			if err := os.WriteFile(out, b, 0o644); err != nil {
				return withCode(ExitUsage, err)
			}
			fmt.Fprintf(env.Stdout, "{\"shard\":[")
			for i, s := range p.Matrix.Shard {
				if i > 0 {
					fmt.Fprint(env.Stdout, ",")
				}
				fmt.Fprintf(env.Stdout, "%q", s)
			}
			fmt.Fprintln(env.Stdout, "]}")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&catalog, "catalog", "catalog", "the catalog directory")
	f.StringVar(&base, "base", "", "only the datasets changed since this git revision (default: all)")
	f.IntVar(&shards, "shards", 4, "the number of shares")
	f.StringVar(&out, "out", "", "also write the plan to `FILE`; standard output then carries only the matrix")
	return cmd
}
