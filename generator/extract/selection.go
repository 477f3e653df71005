package extract

import (
	"fmt"
	"sort"

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
			} else {
				skipped = append(skipped, Skip{ID: id, Named: true, Unknown: true, Reason: fmt.Sprintf("no dataset %q in the catalog", id)})
			}
		}
	}
	sort.Slice(chosen, func(i, j int) bool { return chosen[i].V.ID < chosen[j].V.ID })
	return chosen, skipped
}
