package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/schemas"
)

func newSchemaCmd(env Env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "schema [--out DIR]",
		Short: "Write the JSON Schema of every catalog kind",
		Long: `Write one JSON Schema per catalog kind into DIR (default ./schemas), for editors
(yaml-language-server) and other validators. The schemas are generated from the Go
model types; the copies in this binary are the ones committed with it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := os.MkdirAll(out, 0o755); err != nil {
				return withCode(ExitUsage, err)
			}
			entries, err := fs.Glob(schemas.FS, "*.schema.json")
			if err != nil {
				return withCode(ExitInternal, err)
			}
			for _, name := range entries {
				b, err := schemas.FS.ReadFile(name)
				if err != nil {
					return withCode(ExitInternal, err)
				}
				if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
					return withCode(ExitUsage, err)
				}
				fmt.Fprintf(env.Stdout, "wrote %s\n", filepath.Join(out, name))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "schemas", "directory to write the schemas into")
	return cmd
}
