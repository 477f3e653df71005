package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/extract"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/portal"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// previewRows is how many rows of an extract a dataset page shows.
const previewRows = 5

// extractStage extracts the datasets the portal publishes into dir, signs them and
// fills in what the pages show of them: the files, the preview rows, the public key
// and whether the checksums are signed.
func extractStage(ctx context.Context, cat *load.Catalog, dir string, opts Options, po *portal.Options, logf func(string, ...any)) error {
	// A dataset whose PostgreSQL connection variable is unset (the demonstration has
	// no department databases) is published as metadata only, with a warning; every
	// other extract failure fails the build.
	chosen, skipped := extract.Selection{Getenv: opts.Getenv}.Choose(cat)
	if opts.Extracted != "" {
		// the extracts were made elsewhere (a CI matrix with the connection strings):
		// publish those that are there
		chosen, skipped = extracted(cat, filepath.Join(opts.Extracted, "data"))
	}
	warnUnset(opts.Warn, skipped, opts.Verbose)
	if len(chosen) == 0 {
		return nil
	}
	logf("extracting %d datasets", len(chosen))
	// The public key is published as data/minisign.pub; written first, it is listed
	// in SHA256SUMS with every other published file of data/.
	if key := publicKey(cat); key != nil {
		if err := writePublicKey(dir, key); err != nil {
			return err
		}
		po.PublicKey = key
	}
	ids := make([]string, len(chosen))
	for i, d := range chosen {
		ids[i] = d.V.ID
	}
	var results []extract.Result
	var err error
	if opts.Extracted != "" {
		results, err = useExtracted(cat, chosen, dir, opts)
	} else {
		results, err = extract.Run(ctx, cat, extract.Options{
			OutDir: dir, Datasets: ids, Getenv: opts.Getenv, SignKey: opts.SignKey,
			Warn: opts.Warn, Progress: opts.Progress, DBParallel: opts.DBParallel, Pushdown: opts.Pushdown,
		})
	}
	if err != nil {
		return err
	}
	po.Extracts = make([]portal.Extract, 0, len(results))
	for _, r := range results {
		e := portal.Extract{Dataset: r.Dataset, Version: r.Version, Files: r.Files, RowsIn: r.RowsIn, RowsWritten: r.RowsWritten,
			RowsSuppressed: r.RowsSuppressed, RowsRejected: r.RowsRejected, K: r.K, L: r.L, SubjectsSuppressed: r.SubjectsSuppressed}
		if q := r.Quality; q != nil {
			if q.Privacy != nil {
				e.Subject = q.Privacy.Subject
			}
			for _, c := range q.Columns {
				for _, t := range c.Thresholds {
					if t.Passed != nil {
						e.Checks++
						if *t.Passed {
							e.ChecksPassed++
						}
					}
				}
			}
		}
		for _, f := range r.Files {
			if e.Header == nil && strings.HasSuffix(f.Path, ".parquet") {
				h, rows, err := extract.Preview(filepath.Join(dir, filepath.FromSlash(f.Path)), previewRows)
				if err != nil {
					return fmt.Errorf("preview of %s: %w", f.Path, err)
				}
				e.Header, e.Rows = h, rows
			}
		}
		po.Extracts = append(po.Extracts, e)
	}
	_, err = os.Stat(filepath.Join(dir, "data", sign.SigFile))
	po.Signed = err == nil
	return nil
}

// CatalogFault reports whether a build failed because of the catalog, not the
// machine: lint errors, datasets that cannot be extracted as defined
// (k-anonymity not reachable, a missing key), or a published version whose data
// changed without a new version (*RewriteError). `shuyuan build` exits 1 for these
// and 2 for the rest.
func CatalogFault(err error) bool {
	var ge *GateError
	var re *RewriteError
	if errors.As(err, &ge) || errors.As(err, &re) {
		return true
	}
	return onlyDatasetFailures(err)
}

// onlyDatasetFailures reports whether every error joined in err is a non-I/O
// *extract.Error.
func onlyDatasetFailures(err error) bool {
	if xe, ok := err.(*extract.Error); ok {
		return !xe.IO
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if !onlyDatasetFailures(e) {
				return false
			}
		}
		return true
	}
	if u := errors.Unwrap(err); u != nil {
		return onlyDatasetFailures(u)
	}
	return false
}

// warnUnset warns about the datasets published without a download because their
// PostgreSQL connection variable is not set, in one line: a build runs on every
// change under serve, and the demonstration has no department databases. verbose
// adds a line per variable naming its datasets.
func warnUnset(w io.Writer, skipped []extract.Skip, verbose bool) {
	if len(skipped) == 0 {
		return
	}
	byVar := map[string][]string{}
	for _, s := range skipped {
		byVar[s.UnsetEnv] = append(byVar[s.UnsetEnv], s.ID)
	}
	vars := slices.Sorted(maps.Keys(byVar))
	datasets := "datasets read"
	if len(skipped) == 1 {
		datasets = "dataset reads"
	}
	unset := vars[0] + " is not set"
	if len(vars) > 1 {
		unset = fmt.Sprintf("%d connection variables (%s, …) are not set", len(vars), vars[0])
	}
	more := "; -v lists them"
	if verbose {
		more = ":"
	}
	fmt.Fprintf(w, "warning: %d %s from PostgreSQL, published without a download: %s%s\n", len(skipped), datasets, unset, more)
	if verbose {
		for _, v := range vars {
			fmt.Fprintf(w, "  %s: %s\n", v, strings.Join(byVar[v], ", "))
		}
	}
}

// extracted returns the datasets of the open portal that dataDir holds an extract
// of, and the others as skipped.
func extracted(cat *load.Catalog, dataDir string) (chosen []*load.Doc[model.Dataset], skipped []extract.Skip) {
	all, _ := extract.Selection{}.Choose(cat)
	for _, d := range all {
		if _, err := os.Stat(filepath.Join(dataDir, d.V.ID, d.V.Version, extract.QualityFile)); err == nil {
			chosen = append(chosen, d)
			continue
		}
		env := "(not extracted)"
		if d.V.Source != nil && d.V.Source.DSNEnv != "" {
			env = d.V.Source.DSNEnv
		}
		skipped = append(skipped, extract.Skip{ID: d.V.ID, UnsetEnv: env, Reason: "not in the extracts"})
	}
	return chosen, skipped
}

// useExtracted publishes the extracts of opts.Extracted/data (merged shares) as the
// build's data/: every file is copied, then SHA256SUMS is written over them and the
// public key and signed, exactly as an extract in the build would have.
func useExtracted(cat *load.Catalog, chosen []*load.Doc[model.Dataset], dir string, opts Options) ([]extract.Result, error) {
	src := filepath.Join(opts.Extracted, "data")
	dst := filepath.Join(dir, "data")
	var results []extract.Result
	for _, d := range chosen {
		r, err := extract.LoadResult(src, d.V.ID, d.V.Version)
		if err != nil {
			return nil, fmt.Errorf("--extracted %s: %w", opts.Extracted, err)
		}
		for _, f := range r.Files {
			rel := filepath.FromSlash(strings.TrimPrefix(f.Path, "data/"))
			if err := copyFile(filepath.Join(src, rel), filepath.Join(dst, rel)); err != nil {
				return nil, err
			}
		}
		results = append(results, r)
	}
	key, err := signingKey(opts)
	if err != nil {
		return nil, err
	}
	if key == nil {
		fmt.Fprintf(opts.Warn, "warning: no signing key (SHUYUAN_SIGNING_KEY or --sign-key): data/%s is written unsigned\n", sign.SumsFile)
	}
	if err := sign.Publish(dst, key, nil); err != nil {
		return nil, err
	}
	return results, nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
