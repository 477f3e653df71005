package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/version"
)

func newVersionCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print shuyuan's version, the git revision it was built from and its Go version",
		Long: `Print one line: shuyuan's release version, the git revision the binary was built
from (with +modified when the work tree had changes) and the Go toolchain, for
example "shuyuan 0.1.0 (build 0123456789ab, go1.26.8)". The same version is
written into every Parquet file's created_by, into SARIF's tool version and into
every page's footer.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(env.Stdout, version.Read().String())
			return err
		},
	}
}
