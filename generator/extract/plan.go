package extract

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/xfilepath"
)

// DatabaseSizeEstimate is the size a plan assumes for a dataset read from a
// database: the catalog alone cannot tell how big a table is.
const DatabaseSizeEstimate = 64 << 20

// Plan is the work of an extract split into shares for a CI matrix (`shuyuan plan`):
// every dataset to extract, the share that extracts it, and the matrix entries.
type Plan struct {
	// Shards is the number of shares.
	Shards int `json:"shards"`
	// Datasets are the datasets to extract, sorted by id.
	Datasets []PlannedDataset `json:"datasets"`
	// Matrix is the GitHub Actions matrix: one "I/N" per share.
	Matrix PlanMatrix `json:"matrix"`
}

// PlanMatrix is the `strategy.matrix` of a sharded extract job.
type PlanMatrix struct {
	Shard []string `json:"shard"`
}

// PlannedDataset is one dataset of a plan.
type PlannedDataset struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	// Shard is the 1-based share that extracts it.
	Shard int `json:"shard"`
	// Size is the estimated size of its source in bytes: the file's size, or
	// DatabaseSizeEstimate for a database.
	Size int64 `json:"size"`
}

// MakePlan splits the datasets into n shares balanced by estimated size: the
// largest first, each to the share with the least so far (the lowest share on a
// tie), so the same datasets always give the same plan.
func MakePlan(cat *load.Catalog, docs []*load.Doc[model.Dataset], n int) *Plan {
	if n < 1 {
		n = 1
	}
	p := &Plan{Shards: n}
	for _, d := range docs {
		p.Datasets = append(p.Datasets, PlannedDataset{ID: d.V.ID, Version: d.V.Version, Size: estimateSize(cat, d.V)})
	}
	order := make([]int, len(p.Datasets))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(p.Datasets[b].Size, p.Datasets[a].Size); c != 0 {
			return c
		}
		return strings.Compare(p.Datasets[a].ID, p.Datasets[b].ID)
	})
	load := make([]int64, n)
	for _, i := range order {
		best := 0
		for s := 1; s < n; s++ {
			if load[s] < load[best] {
				best = s
			}
		}
		load[best] += max(p.Datasets[i].Size, 1)
		p.Datasets[i].Shard = best + 1
	}
	slices.SortFunc(p.Datasets, func(a, b PlannedDataset) int { return strings.Compare(a.ID, b.ID) })
	for s := 1; s <= n; s++ {
		p.Matrix.Shard = append(p.Matrix.Shard, fmt.Sprintf("%d/%d", s, n))
	}
	return p
}

func estimateSize(cat *load.Catalog, ds *model.Dataset) int64 {
	src := ds.Source
	if src == nil || !src.FromFile() {
		return DatabaseSizeEstimate
	}
	p, err := xfilepath.InsideRoot(cat.Root, src.Path)
	if err != nil {
		return 0
	}
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

// Share returns the ids of the datasets share i (1-based) extracts, sorted.
func (p *Plan) Share(i int) []string {
	var ids []string
	for _, d := range p.Datasets {
		if d.Shard == i {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// ParseShard reads "I/N" (1 <= I <= N).
func ParseShard(s string) (i, n int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("--shard %q: write I/N with 1 <= I <= N, for example --shard 2/3", s)
	}
	return i, n, nil
}

// MarshalPlan returns the plan as indented JSON with a final newline.
func MarshalPlan(p *Plan) ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ReadPlan reads a plan written by `shuyuan plan`.
func ReadPlan(path string) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: not a plan written by `shuyuan plan`: %v", path, err)
	}
	if p.Shards < 1 {
		return nil, fmt.Errorf("%s: the plan has no shards", path)
	}
	seen := map[string]bool{}
	for _, d := range p.Datasets {
		if d.Shard < 1 || d.Shard > p.Shards || seen[d.ID] || d.ID == "" || !filepath.IsLocal(d.ID) || strings.ContainsAny(d.ID, `/\`) {
			return nil, fmt.Errorf("%s: dataset %q: bad or repeated entry (shard %d of %d)", path, d.ID, d.Shard, p.Shards)
		}
		seen[d.ID] = true
	}
	return &p, nil
}
