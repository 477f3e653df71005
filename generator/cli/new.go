package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/scaffold"
)

func newNewCmd(env Env) *cobra.Command {
	var catalog, department, now string
	cmd := &cobra.Command{
		Use:   "new dataset|element|department ID [--catalog DIR] [--department DEPT]",
		Short: "Scaffold a new catalog file with its schema line",
		Long: `Write the skeleton of a new dataset, data element or department in the folder
the catalog layout requires (datasets/DEPT/ID.yaml, elements/DEPT/ID.yaml,
departments/ID.yaml). The file starts with its yaml-language-server schema line so
that editors complete and check it, explains each field in comments, and marks
every value you must write with TODO(author); shuyuan lint reports each marker
(rule todo) until it is gone. An existing file is never overwritten.`,
		Example: `  shuyuan new department sh-water
  shuyuan new dataset water-quality-daily --department sh-water`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, id := args[0], args[1]
			switch kind {
			case scaffold.KindDataset, scaffold.KindElement, scaffold.KindDepartment:
			default:
				return usageError("unknown kind %q: use dataset, element or department", kind)
			}
			day, err := parseNow(now)
			if err != nil {
				return err
			}
			p, err := scaffold.Write(catalog, scaffold.Request{Kind: kind, ID: id, Department: department, Now: day})
			if err != nil {
				return withCode(ExitUsage, err)
			}
			fmt.Fprintf(env.Stdout, "%s\n", p)
			fmt.Fprintf(env.Stderr, "shuyuan new: wrote %s; fill in the TODO(author) values, then run shuyuan lint --catalog %s\n", p, catalog)
			return nil
		},
	}
	cmd.Flags().StringVar(&catalog, "catalog", "catalog", "the catalog directory")
	cmd.Flags().StringVar(&department, "department", "", "the owning department's id (dataset and element)")
	cmd.Flags().StringVar(&now, "now", "", "the date of the first changelog entry, `YYYY-MM-DD` (default today)")
	return cmd
}
