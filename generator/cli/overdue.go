package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/lint"
)

// overdueDoc is the json output of `shuyuan overdue`: one record per department.
type overdueDoc struct {
	Version int `json:"version"`
	// Now is the date measured against.
	Now string `json:"now"`
	// Catalog is the catalog's path inside its git repository ("" at its root), so
	// that the files can be linked.
	Catalog     string                   `json:"catalog"`
	Departments []lint.OverdueDepartment `json:"departments"`
}

func newOverdueCmd(env Env) *cobra.Command {
	var catalog, now, format string
	cmd := &cobra.Command{
		Use:   "overdue [--catalog DIR] [--now YYYY-MM-DD] [--format text|json]",
		Short: "List the overdue datasets and elements, one record per department",
		Long: `List the datasets and data elements whose data is overdue on --now (more than
twice their update period since the last update: the findings of the stale rule),
grouped by the department that answers for them. text prints one line per
department and one indented line per item; json one document with a record per
department (id, name, team, contact, items), which the scheduled workflow
.github/workflows/overdue.yml turns into one issue per department.

The date never fails a push or a build (lint --base makes stale a notice in files
a change does not touch, build a warning); this command is how late departments
are told. Exit status: 0 (also when something is overdue), 2 on a usage or I/O
error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError("unknown --format %q: use text or json", format)
			}
			at, err := parseNow(env, now)
			if err != nil {
				return err
			}
			cat, err := loadCatalog(catalog)
			if err != nil {
				return err
			}
			depts := lint.Overdue(cat, at)
			if format == "json" {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(overdueDoc{Version: 1, Now: at.Format(time.DateOnly), Catalog: repoRelative(catalog), Departments: depts})
			}
			return writeOverdueText(env.Stdout, depts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&catalog, "catalog", "catalog", "the catalog `DIR`")
	f.StringVar(&now, "now", "", "the date overdue is measured against, `YYYY-MM-DD` (default: the day of SOURCE_DATE_EPOCH when set, else today)")
	f.StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// writeOverdueText prints a line per department and an indented line per item.
func writeOverdueText(w io.Writer, depts []lint.OverdueDepartment) error {
	var b strings.Builder
	for _, d := range depts {
		name := d.Name.Zh
		if d.Name.En != "" {
			name += " / " + d.Name.En
		}
		if name == "" {
			name = "(no department file)"
		}
		team := ""
		if d.Team != "" {
			team = " " + d.Team
		}
		fmt.Fprintf(&b, "%s %s%s: %d overdue\n", d.ID, name, team, len(d.Items))
		for _, it := range d.Items {
			fmt.Fprintf(&b, "  %s %s: %s, last updated %s, due %s (%d days overdue)\n",
				it.Kind, path.Clean(it.File), it.Frequency, it.LastUpdated, it.Due, it.DaysOverdue)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
