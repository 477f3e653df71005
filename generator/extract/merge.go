package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// MergeOptions configure Merge.
type MergeOptions struct {
	// OutDir is the site directory the shares are merged into (its data/).
	OutDir string
	// Plan is the plan the shares were extracted from; every dataset of it must be
	// in exactly one share.
	Plan *Plan
	// Key signs the merged SHA256SUMS; nil leaves it unsigned.
	Key *minisign.PrivateKey
}

// Merge joins the outputs of `shuyuan extract --shard I/N` (each a site directory
// whose data/ holds its datasets and its own SHA256SUMS) into one data/: it checks
// every share (each file against the share's SHA256SUMS, no file unlisted, each
// dataset's datapackage.json against its files), that no dataset is in two shares or
// differs from the plan, and that none of the plan is missing; then it copies the
// files and writes and signs one SHA256SUMS. It returns the datasets merged, sorted.
func Merge(parts []string, opts MergeOptions) ([]string, error) {
	if opts.Plan == nil {
		return nil, errors.New("merge: no plan")
	}
	want := map[string]PlannedDataset{}
	for _, d := range opts.Plan.Datasets {
		want[d.ID] = d
	}
	from := map[string]string{} // dataset id → share directory
	var problems []string
	type file struct{ src, rel, sum string }
	var files []file
	top := map[string]string{} // top-level file → its checksum
	for _, part := range parts {
		data := filepath.Join(part, "data")
		rep, err := sign.Verify(data, nil)
		if err != nil {
			return nil, fmt.Errorf("merge: share %s: %w", part, err)
		}
		if len(rep.Mismatch)+len(rep.Missing)+len(rep.Unlisted)+len(rep.Problems) > 0 {
			var why []string
			for _, l := range [][]string{rep.Mismatch, rep.Missing, rep.Unlisted, rep.Problems} {
				why = append(why, l...)
			}
			problems = append(problems, fmt.Sprintf("share %s does not verify against its data/%s: %s", part, sign.SumsFile, strings.Join(why, "; ")))
			continue
		}
		sums, err := readSums(filepath.Join(data, sign.SumsFile))
		if err != nil {
			return nil, fmt.Errorf("merge: share %s: %w", part, err)
		}
		datasets := map[string]string{} // id → version
		for _, rel := range slices.Sorted(maps.Keys(sums)) {
			segs := strings.Split(rel, "/")
			if len(segs) == 1 {
				if prev, ok := top[rel]; ok && prev != sums[rel] {
					problems = append(problems, fmt.Sprintf("share %s: data/%s differs from another share's", part, rel))
				}
				top[rel] = sums[rel]
				files = append(files, file{filepath.Join(data, rel), rel, sums[rel]})
				continue
			}
			if len(segs) != 3 {
				problems = append(problems, fmt.Sprintf("share %s: data/%s is not data/<dataset>/<version>/<file>", part, rel))
				continue
			}
			if v, ok := datasets[segs[0]]; ok && v != segs[1] {
				problems = append(problems, fmt.Sprintf("share %s: dataset %s has two versions (%s, %s)", part, segs[0], v, segs[1]))
			}
			datasets[segs[0]] = segs[1]
			files = append(files, file{filepath.Join(data, filepath.FromSlash(rel)), rel, sums[rel]})
		}
		for id, version := range datasets {
			p, ok := want[id]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("share %s: dataset %s is not in the plan", part, id))
			case p.Version != version:
				problems = append(problems, fmt.Sprintf("share %s: dataset %s is version %s, the plan says %s", part, id, version, p.Version))
			}
			if other, dup := from[id]; dup {
				problems = append(problems, fmt.Sprintf("dataset %s is in two shares: %s and %s", id, other, part))
			}
			from[id] = part
			if err := checkShareDataPackage(data, id, version, sums); err != nil {
				problems = append(problems, fmt.Sprintf("share %s: %v", part, err))
			}
		}
	}
	for _, d := range opts.Plan.Datasets {
		if _, ok := from[d.ID]; !ok {
			problems = append(problems, fmt.Sprintf("dataset %s (share %d/%d of the plan) is in no share: did extract --shard %d/%d fail?", d.ID, d.Shard, opts.Plan.Shards, d.Shard, opts.Plan.Shards))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return nil, fmt.Errorf("merge: nothing was written:\n  %s", strings.Join(problems, "\n  "))
	}
	dataDir := filepath.Join(opts.OutDir, "data")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	if err := removeWork(dataDir); err != nil {
		return nil, err
	}
	known := map[string]string{}
	for id := range from {
		if err := os.RemoveAll(filepath.Join(dataDir, id)); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		dst := filepath.Join(dataDir, filepath.FromSlash(f.rel))
		if err := copyFile(f.src, dst); err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		known[f.rel] = f.sum
	}
	if err := sign.Publish(dataDir, opts.Key, known); err != nil {
		return nil, fmt.Errorf("merge: writing data/%s: %w", sign.SumsFile, err)
	}
	return slices.Sorted(maps.Keys(from)), nil
}

// readSums reads a SHA256SUMS file into path → checksum.
func readSums(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if line == "" {
			continue
		}
		sum, rel, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || !filepath.IsLocal(filepath.FromSlash(rel)) {
			return nil, fmt.Errorf("%s: malformed line %q", path, line)
		}
		out[rel] = sum
	}
	return out, nil
}

// checkShareDataPackage checks that a dataset's datapackage.json lists exactly its
// Parquet files with their sizes and checksums.
func checkShareDataPackage(data, id, version string, sums map[string]string) error {
	dir := id + "/" + version + "/"
	b, err := os.ReadFile(filepath.Join(data, id, version, "datapackage.json"))
	if err != nil {
		return fmt.Errorf("dataset %s %s: no datapackage.json", id, version)
	}
	var dp dataPackage
	if err := json.Unmarshal(b, &dp); err != nil {
		return fmt.Errorf("dataset %s %s: datapackage.json: %v", id, version, err)
	}
	listed := map[string]bool{}
	for _, r := range dp.Resources {
		rel := dir + r.Path
		sum, ok := sums[rel]
		if !ok {
			return fmt.Errorf("dataset %s %s: datapackage.json lists %s, which is not in the share", id, version, r.Path)
		}
		if r.Hash != "sha256:"+sum && r.Hash != sum {
			return fmt.Errorf("dataset %s %s: datapackage.json's hash of %s does not match the file", id, version, r.Path)
		}
		listed[rel] = true
	}
	for rel := range sums {
		if strings.HasPrefix(rel, dir) && (strings.HasSuffix(rel, ".parquet") || strings.HasSuffix(rel, ".csv")) && !listed[rel] {
			return fmt.Errorf("dataset %s %s: %s is not listed in datapackage.json", id, version, rel[len(dir):])
		}
	}
	return nil
}

// copyFile copies src to dst (creating its directory), hard-linking when it can.
func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	os.Remove(dst)
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// PublishEmpty writes an empty, unsigned <outDir>/data/SHA256SUMS: the output of a
// share with no datasets.
func PublishEmpty(outDir string) error {
	dataDir := filepath.Join(outDir, "data")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	return sign.Publish(dataDir, nil, nil)
}

// LoadResult reads back the Result of a dataset extracted earlier into dataDir (a
// site's data/, e.g. one written by Merge): its files as listed in SHA256SUMS and
// the counts of its quality.json. Rejected rows are not kept on disk.
func LoadResult(dataDir, id, version string) (Result, error) {
	sums, err := readSums(filepath.Join(dataDir, sign.SumsFile))
	if err != nil {
		return Result{}, err
	}
	b, err := os.ReadFile(filepath.Join(dataDir, id, version, QualityFile))
	if err != nil {
		return Result{}, fmt.Errorf("dataset %s %s was not extracted into %s: %w", id, version, dataDir, err)
	}
	var q QualityReport
	if err := json.Unmarshal(b, &q); err != nil {
		return Result{}, fmt.Errorf("%s/%s/%s: %v", id, version, QualityFile, err)
	}
	res := Result{Dataset: id, Version: version, Quality: &q, RowsIn: q.Rows.In, RowsWritten: q.Rows.Written,
		RowsSuppressed: q.Rows.Suppressed, RowsRejected: q.Rows.Rejected}
	if p := q.Privacy; p != nil {
		res.K, res.L, res.SubjectsSuppressed = p.KAchieved, p.LAchieved, p.SubjectsSuppressed
	}
	dir := id + "/" + version + "/"
	var parquets, csvs, others []model.Download
	for _, rel := range slices.Sorted(maps.Keys(sums)) {
		if !strings.HasPrefix(rel, dir) {
			continue
		}
		st, err := os.Stat(filepath.Join(dataDir, filepath.FromSlash(rel)))
		if err != nil {
			return Result{}, err
		}
		f := model.Download{Path: "data/" + rel, Size: st.Size(), SHA256: sums[rel]}
		switch {
		case strings.HasSuffix(rel, ".parquet"):
			parquets = append(parquets, f)
		case strings.HasSuffix(rel, ".csv"):
			csvs = append(csvs, f)
		default:
			others = append(others, f)
		}
	}
	// the order Run returns: the Parquet files, the CSV files, datapackage.json, quality.json
	slices.SortStableFunc(others, func(a, b model.Download) int {
		return strings.Compare(filepath.Base(a.Path), filepath.Base(b.Path))
	})
	res.Files = append(append(parquets, csvs...), others...)
	return res, nil
}
