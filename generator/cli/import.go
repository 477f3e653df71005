package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/shuyuan-project/shuyuan/generator/importer"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

func newImportCmd(env Env) *cobra.Command {
	var catalog, department string
	var dryRun bool
	var now string
	cmd := &cobra.Command{
		Use:   "import ckan|datajson|jkan FILE... [--catalog DIR] [--department DEPT] [--dry-run]",
		Short: "Convert CKAN, Project Open Data (data.json) or JKAN metadata into catalog files",
		Long: `Convert existing metadata into catalog files: CKAN package_show or package_search
responses (ckan), Project Open Data v1.1 catalogs (datajson), JKAN dataset pages
(jkan; organization pages become department stubs).

Mapped: title, description (HTML cleaned to Markdown), publisher → department (a
stub is written for each new one), keywords, licence → SPDX, temporal coverage,
update frequency (ISO 8601 R/P1M… or free text such as 每月, 每季度, 當有需要時,
毎月, 1か月ごと), access level → open type. What cannot be mapped — columns, grade,
levels, theme — is left as TODO(author) markers; shuyuan lint lists each (rule
todo). Datasets are written as drafts; existing files are never overwritten.

Records that are not valid in their format are reported with file:line and
skipped; the exit status is then 1.`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			format := args[0]
			if !slices.Contains(importer.Formats, format) {
				return usageError("unknown format %q: use %s", format, strings.Join(importer.Formats, ", "))
			}
			day, err := parseNow(now)
			if err != nil {
				return err
			}
			return runImport(env, format, args[1:], catalog, department, dryRun, day)
		},
	}
	f := cmd.Flags()
	f.StringVar(&catalog, "catalog", "catalog", "the catalog directory to write into")
	f.StringVar(&department, "department", "", "put every dataset under this existing department instead of one per publisher")
	f.BoolVar(&dryRun, "dry-run", false, "print what would be written, write nothing")
	f.StringVar(&now, "now", "", "the date of the changelog entry when the source has none, `YYYY-MM-DD` (default today); fix it for byte-identical reruns")
	return cmd
}

func runImport(env Env, format string, files []string, catalog, department string, dryRun bool, now time.Time) error {
	opts := importer.Options{Department: department, Now: now}
	if info, err := os.Stat(catalog); err == nil && info.IsDir() {
		cat, err := load.Load(catalog)
		if err != nil {
			return withCode(ExitUsage, err)
		}
		if cat.Portal != nil {
			opts.ThemeText = map[string]string{}
			for _, t := range cat.Portal.V.Themes {
				opts.Themes = append(opts.Themes, t.ID)
				text := t.Name.Zh + " " + t.Name.En
				if t.Description != nil {
					text += " " + t.Description.Zh + " " + t.Description.En
				}
				opts.ThemeText[t.ID] = text
			}
			if len(opts.Themes) > 0 {
				opts.Theme = opts.Themes[0]
			}
		}
		if department != "" && cat.Department(department) == nil {
			return usageError("--department %q does not exist in %s: create it with shuyuan new department %s", department, catalog, department)
		}
	} else if department != "" {
		return usageError("--department %q: catalog %s does not exist", department, catalog)
	}
	written := map[string]bool{}
	exists := func(p string) bool {
		if written[p] {
			return true
		}
		_, err := os.Stat(filepath.Join(catalog, filepath.FromSlash(p)))
		return err == nil
	}
	var total importer.Stats
	total.Fields, total.Todo = map[string]int{}, map[string]int{}
	var nErrors int
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			return withCode(ExitUsage, fmt.Errorf("reading %s: %w", name, err))
		}
		res, err := importer.Import(format, name, src, opts, exists)
		if err != nil {
			fmt.Fprintf(env.Stderr, "%v\n", err)
			nErrors++
			continue
		}
		for _, e := range res.Errors {
			fmt.Fprintf(env.Stderr, "%v\n", e)
			nErrors++
		}
		for _, f := range res.Files {
			written[f.Path] = true
			if dryRun {
				fmt.Fprintf(env.Stdout, "would write %s\n", filepath.Join(catalog, filepath.FromSlash(f.Path)))
				continue
			}
			if err := writeNew(catalog, f); err != nil {
				return withCode(ExitUsage, err)
			}
			fmt.Fprintf(env.Stdout, "%s\n", filepath.Join(catalog, filepath.FromSlash(f.Path)))
		}
		total.Records += res.Stats.Records
		total.Imported += res.Stats.Imported
		total.Failed += res.Stats.Failed
		total.Departments += res.Stats.Departments
		for k, v := range res.Stats.Fields {
			total.Fields[k] += v
		}
		for k, v := range res.Stats.Todo {
			total.Todo[k] += v
		}
	}
	fmt.Fprintf(env.Stderr, "shuyuan import: %d files, %d records: %d datasets imported, %d rejected, %d department stubs; mapped %s; left TODO(author) %s\n",
		len(files), total.Records, total.Imported, total.Failed, total.Departments, countList(total.Fields), countList(total.Todo))
	if nErrors > 0 {
		return withCode(ExitFindings, nil)
	}
	return nil
}

// writeNew writes an imported file, refusing to overwrite.
func writeNew(catalog string, f importer.File) error {
	p := filepath.Join(catalog, filepath.FromSlash(f.Path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: import never overwrites", p)
	}
	if err != nil {
		return err
	}
	if _, err := out.Write(f.Data); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func countList(m map[string]int) string {
	if len(m) == 0 {
		return "nothing"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
