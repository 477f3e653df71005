package extract

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Selection is the one place that decides which datasets an extract covers; `shuyuan
// extract`, `shuyuan build` and `shuyuan changed --extractable` all ask it.
type Selection struct {
	// IDs are the datasets asked for by name; empty means every dataset the open
	// portal publishes a download of (see Publishes).
	IDs []string
	// Getenv, when set, is the environment the extract will run in: a database
	// source whose connection variable (source.dsn_env) it leaves empty is skipped
	// (the build publishes such a dataset as metadata only, with a warning).
	Getenv func(string) string
	// FilesOnly skips the datasets whose source is a database: a pull-request
	// check reads only the files of the catalog.
	FilesOnly bool
}

// Skip is a dataset a Selection leaves out, and why.
type Skip struct {
	// ID is the dataset id as asked for.
	ID string
	// Reason says why, starting with the dataset's file when it exists.
	Reason string
	// Unknown is true when the catalog has no such dataset.
	Unknown bool
	// Named is true when the dataset was asked for by name, so leaving it out is a
	// failure rather than a choice.
	Named bool
	// UnsetEnv is the connection variable that is not set, for a database source
	// skipped for that reason.
	UnsetEnv string
}

// Publishes reports whether the open portal publishes a download of the dataset: it
// is unconditionally open, has a source, and is neither draft nor retired.
// Conditional datasets are delivered to approved applicants, not published on the
// open portal: name them explicitly (to extract into a private directory).
// Non-open datasets are never extracted.
func Publishes(ds *model.Dataset) bool {
	return ds.OpenType == model.OpenUnconditional && ds.Source != nil &&
		ds.Status != model.StatusRetired && ds.Status != model.StatusDraft
}

// Choose returns the datasets to extract, sorted by id, and the ones left out.
func (s Selection) Choose(cat *load.Catalog) (chosen []*load.Doc[model.Dataset], skipped []Skip) {
	keep := func(d *load.Doc[model.Dataset], named bool) {
		src := d.V.Source
		switch {
		case named && d.V.OpenType == model.OpenNonOpen:
			skipped = append(skipped, Skip{ID: d.V.ID, Named: true, Reason: fmt.Sprintf("%s: dataset %s is non-open: it is never extracted", d.Path, d.V.ID)})
		case named && src == nil:
			skipped = append(skipped, Skip{ID: d.V.ID, Named: true, Reason: fmt.Sprintf("%s: dataset %s has no source", d.Path, d.V.ID)})
		case s.FilesOnly && !src.FromFile():
			skipped = append(skipped, Skip{ID: d.V.ID, Named: named, Reason: fmt.Sprintf("%s: dataset %s has no source file (a database source is extracted only at publish time)", d.Path, d.V.ID)})
		case s.Getenv != nil && src.Format == model.FormatPostgres && s.Getenv(src.DSNEnv) == "":
			skipped = append(skipped, Skip{ID: d.V.ID, Named: named, UnsetEnv: src.DSNEnv, Reason: fmt.Sprintf("%s: dataset %s reads PostgreSQL, but %s is not set", d.Path, d.V.ID, src.DSNEnv)})
		default:
			chosen = append(chosen, d)
		}
	}
	if len(s.IDs) == 0 {
		for _, d := range cat.Datasets {
			if Publishes(d.V) {
				keep(d, false)
			}
		}
	} else {
		for _, id := range s.IDs {
			if d := cat.Dataset(id); d != nil {
				keep(d, true)
			} else if fds := LoadFindings(cat, id); len(fds) > 0 {
				// the file is there but does not load: its findings, not "no dataset"
				skipped = append(skipped, Skip{ID: id, Named: true, Reason: fmt.Sprintf("dataset %s does not load, so it cannot be extracted; fix these findings (shuyuan lint lists them all):\n%s", id, findingLines(fds))})
			} else {
				skipped = append(skipped, Skip{ID: id, Named: true, Unknown: true, Reason: fmt.Sprintf("no dataset %q in the catalog", id)})
			}
		}
	}
	sort.Slice(chosen, func(i, j int) bool { return chosen[i].V.ID < chosen[j].V.ID })
	return chosen, skipped
}

// LoadFindings returns the load findings (yaml, schema, path) of the dataset files
// named id (datasets/<department>/<id>.yaml, in the catalog or a federation
// member) that did not load; with id "" those of every dataset file that did not
// load.
func LoadFindings(cat *load.Catalog, id string) []diag.Finding {
	var out []diag.Finding
	for _, f := range cat.Findings {
		if f.Severity != diag.Error || !isDatasetFile(f.File) {
			continue
		}
		base := path.Base(f.File)
		if id == "" || base == id+".yaml" || base == id+".yml" {
			out = append(out, f)
		}
	}
	return out
}

// isDatasetFile reports whether rel (catalog-relative) is where a dataset file lives.
func isDatasetFile(rel string) bool {
	parts := strings.Split(rel, "/")
	n := len(parts)
	return n >= 3 && parts[n-3] == "datasets" && (strings.HasSuffix(rel, ".yaml") || strings.HasSuffix(rel, ".yml"))
}

// findingLines prints findings one per line, indented.
func findingLines(fds []diag.Finding) string {
	var b strings.Builder
	for i, f := range fds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("  " + f.String())
	}
	return b.String()
}
