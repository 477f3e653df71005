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

// importFlags are the options of shuyuan import.
type importFlags struct {
	catalog, department, now string
	dryRun, update, lenient  bool
}

func newImportCmd(env Env) *cobra.Command {
	var fl importFlags
	cmd := &cobra.Command{
		Use:   "import ckan|datajson|jkan FILE|DIR... [--catalog DIR] [--department DEPT] [--update] [--lenient] [--dry-run]",
		Short: "Convert CKAN, Project Open Data (data.json) or JKAN metadata into catalog files, and keep them in sync",
		Long: `Convert existing metadata into catalog files: CKAN package_show or package_search
responses (ckan), Project Open Data v1.1 catalogs (datajson), JKAN dataset pages
(jkan; organization pages become department stubs). Each argument is a file, a
folder (its .json files, or .md pages for jkan, in every subfolder) or a JKAN
site root (recognized by its _datasets folder; _organizations is read first).

Mapped: title, description (HTML cleaned to Markdown), publisher → department (a
stub is written for each new one), keywords, licence → SPDX, temporal coverage,
update frequency (ISO 8601 R/P1M… or free text such as 每月, 每季度, 當有需要時,
毎月, 1か月ごと), access level → open type. What cannot be mapped — columns, grade,
levels, theme — is left as TODO(author) markers; shuyuan lint lists each (rule
todo). Text in a language other than Chinese or English (Japanese kana, say) is
kept in the field's untranslated part for a translator (rule untranslated), never
passed off as Chinese. New datasets are written as drafts.

Each dataset records its origin: the source (the file, folder or site name), the
record's id there and a hash of each field taken from it. Importing a record again
is an error unless --update is given; then, as a CKAN harvester does, the import
reports every record as added, updated, unchanged or withdrawn. An updated record
has only the fields the source changed rewritten (local edits to columns, grade,
level, themes and every other field survive), a new version as the version rules
require (minor for metadata, major for what the breaking rule reports; none when
only update.last_modified moved) and a changelog entry. A record gone from its
source marks its published dataset deprecated, with a new version; a draft is only
reported.

Records that are not valid in their format are reported with file:line and
skipped; the exit status is then 1. --lenient keeps Project Open Data records
that lack fields POD requires (keyword, modified, publisher, contactPoint, …) with
TODO markers instead.`,
		Example: `  shuyuan import ckan data.gov.hk/                  # a folder of package_show files
  shuyuan import --update ckan data.gov.hk/         # again, later: update what changed
  shuyuan import jkan path/to/jkan-site --dry-run   # print the files it would write
  shuyuan import --lenient datajson data.json`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			format := args[0]
			if !slices.Contains(importer.Formats, format) {
				return usageError("unknown format %q: use %s", format, strings.Join(importer.Formats, ", "))
			}
			day, err := parseNow(env, fl.now)
			if err != nil {
				return err
			}
			return runImport(env, format, args[1:], fl, day)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.catalog, "catalog", "catalog", "the catalog directory to write into")
	f.StringVar(&fl.department, "department", "", "put every new dataset under this existing department instead of one per publisher")
	f.BoolVar(&fl.dryRun, "dry-run", false, "print the files that would be written, with their content; write nothing")
	f.BoolVar(&fl.update, "update", false, "update the records imported before from their source, and report the records that left it")
	f.BoolVar(&fl.lenient, "lenient", false, "keep Project Open Data records that lack fields POD requires, with TODO markers, instead of rejecting them")
	f.StringVar(&fl.now, "now", "", "the date of changelog entries when the source has none, `YYYY-MM-DD` (default: the day of SOURCE_DATE_EPOCH when set, else today); fix it for byte-identical reruns")
	return cmd
}

func runImport(env Env, format string, args []string, fl importFlags, now time.Time) error {
	opts := importer.Options{Department: fl.department, Now: now, Update: fl.update, Lenient: fl.lenient}
	if info, err := os.Stat(fl.catalog); err == nil && info.IsDir() {
		cat, err := load.Load(fl.catalog)
		if err != nil {
			return withCode(ExitUsage, err)
		}
		opts.Catalog = cat
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
		if fl.department != "" && cat.Department(fl.department) == nil {
			return usageError("--department %q does not exist in %s: create it with shuyuan new department %s", fl.department, fl.catalog, fl.department)
		}
	} else if fl.department != "" {
		return usageError("--department %q: catalog %s does not exist", fl.department, fl.catalog)
	}
	exists := func(p string) bool {
		_, err := os.Stat(filepath.Join(fl.catalog, filepath.FromSlash(p)))
		return err == nil
	}
	session, err := importer.NewSession(format, opts, exists)
	if err != nil {
		return withCode(ExitInternal, err)
	}
	for _, arg := range args {
		in, err := importer.OpenInput(format, arg)
		if err != nil {
			return withCode(ExitUsage, err)
		}
		if err := session.AddInput(in); err != nil {
			return withCode(ExitUsage, err)
		}
	}
	res := session.Finish()
	for _, e := range res.Errors {
		fmt.Fprintf(env.Stderr, "%v\n", e)
	}
	// Every file is worked out before the first is written: an error above never
	// leaves half an import behind.
	for _, f := range res.Files {
		p := filepath.Join(fl.catalog, filepath.FromSlash(f.Path))
		if fl.dryRun {
			printDryRun(env, p, f)
			continue
		}
		switch {
		case f.Data == nil:
		case f.Action == importer.ActionAdd:
			err = writeNew(p, f.Data)
		default:
			err = replaceFile(p, f.Data)
		}
		if err != nil {
			return withCode(ExitUsage, err)
		}
		if f.Note != "" {
			fmt.Fprintf(env.Stdout, "%s %s: %s\n", f.Action, p, f.Note)
		} else {
			fmt.Fprintf(env.Stdout, "%s %s\n", f.Action, p)
		}
	}
	st := res.Stats
	var extra string
	if st.Lenient > 0 {
		extra += fmt.Sprintf(", %d kept by --lenient", st.Lenient)
	}
	if st.FileErrors > 0 {
		extra += fmt.Sprintf("; %d files not read as %s", st.FileErrors, format)
	}
	fmt.Fprintf(env.Stderr, "shuyuan import: %d files, %d records: %d added, %d updated, %d unchanged, %d withdrawn, %d rejected%s; %d department stubs; new datasets mapped %s; left TODO(author) %s\n",
		st.Files, st.Records, st.Added, st.Updated, st.Unchanged, st.Withdrawn, st.Failed, extra, st.Departments, countList(st.Fields), countList(st.Todo))
	if len(res.Errors) > 0 {
		return withCode(ExitFindings, nil)
	}
	return nil
}

// printDryRun prints the file f would write at p under a header line naming it,
// as head(1) does for several files.
func printDryRun(env Env, p string, f importer.File) {
	what := "would be " + f.Action
	if f.Note != "" {
		what += ": " + f.Note
	}
	if f.Data == nil {
		fmt.Fprintf(env.Stdout, "==> %s (%s; nothing to write) <==\n\n", p, what)
		return
	}
	fmt.Fprintf(env.Stdout, "==> %s (%s) <==\n%s\n", p, what, f.Data)
}

// writeNew writes a new file, refusing to overwrite.
func writeNew(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: import never overwrites a file it did not write", p)
	}
	if err != nil {
		return err
	}
	if _, err := out.Write(data); err != nil {
		out.Close()
		os.Remove(p)
		return err
	}
	return out.Close()
}

// replaceFile replaces the file at p by data at once: a temporary file in the same
// folder renamed over it, so a reader never sees half of either.
func replaceFile(p string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
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
