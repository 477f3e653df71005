package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/shuyuan-project/shuyuan/generator/load"
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
(rule todo) until it is gone. An existing file is never overwritten.

A dataset or element needs its department (--department): on a terminal shuyuan
asks for it, listing the catalog's departments; elsewhere a missing --department
is an error. No department is ever picked for you.`,
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
			day, err := parseNow(env, now)
			if err != nil {
				return err
			}
			if department == "" && (kind == scaffold.KindDataset || kind == scaffold.KindElement) && interactive(env) {
				if department, err = askDepartment(env.Stdin, env.Stderr, catalog); err != nil {
					return withCode(ExitUsage, err)
				}
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
	cmd.Flags().StringVar(&department, "department", "", "the owning department's id (dataset and element; asked for on a terminal when missing)")
	cmd.Flags().StringVar(&now, "now", "", "the date of the first changelog entry, `YYYY-MM-DD` (default: the day of SOURCE_DATE_EPOCH when set, else today)")
	return cmd
}

// interactive reports whether the command may ask questions: stdin and stderr are
// terminals and CI is not set.
func interactive(env Env) bool {
	if env.Getenv != nil && env.Getenv("CI") == "true" {
		return false
	}
	in, ok := env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return false
	}
	return progressWriter(env, env.Stderr) != nil
}

// askDepartment lists the catalog's departments on out and reads the answer from
// in: an id or the number of a listed line. It asks again after a wrong answer and
// gives up at the end of input.
func askDepartment(in io.Reader, out io.Writer, catalog string) (string, error) {
	cat, err := load.Load(catalog)
	if err != nil {
		return "", err
	}
	lines := scaffold.Departments(cat)
	if len(lines) == 0 {
		return "", fmt.Errorf("%s has no departments: create one first with `shuyuan new department ID`", catalog)
	}
	ids := make([]string, len(lines))
	fmt.Fprintf(out, "Which department answers for it? The catalog's departments:\n")
	for i, l := range lines {
		ids[i], _, _ = strings.Cut(l, " ")
		fmt.Fprintf(out, "  %2d  %s\n", i+1, l)
	}
	sc := bufio.NewScanner(in)
	for {
		fmt.Fprintf(out, "department (number or id): ")
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				return "", err
			}
			fmt.Fprintln(out)
			return "", errors.New("no department given: pass --department DEPT")
		}
		answer := strings.TrimSpace(sc.Text())
		if n, err := strconv.Atoi(answer); err == nil && n >= 1 && n <= len(ids) {
			return ids[n-1], nil
		}
		for _, id := range ids {
			if id == answer {
				return id, nil
			}
		}
		if answer != "" {
			fmt.Fprintf(out, "%q is not one of the departments listed above.\n", answer)
		}
	}
}
