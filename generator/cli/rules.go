package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/lint"
)

func newRulesCmd(env Env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules [--format text|json|markdown]",
		Short: "List every lint rule with its id, category, severity and summary",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rules := lint.Rules()
			switch format {
			case "text":
				w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
				for _, r := range rules {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Category, r.Summary)
				}
				return w.Flush()
			case "json":
				type rule struct {
					ID            string `json:"id"`
					Category      string `json:"category"`
					Severity      string `json:"severity"`
					Summary       string `json:"summary"`
					NeedsBase     bool   `json:"needs_base,omitempty"`
					TimeDependent bool   `json:"time_dependent,omitempty"`
					Suppressible  bool   `json:"suppressible"`
				}
				out := make([]rule, len(rules))
				for i, r := range rules {
					out[i] = rule{r.ID, r.Category, string(r.Severity), r.Summary, r.NeedsBase, r.TimeDependent, r.Suppressible()}
				}
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			case "markdown":
				fmt.Fprint(env.Stdout, lint.MarkdownDoc())
				return nil
			}
			return usageError("unknown --format %q: use text, json or markdown", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or markdown")
	return cmd
}
