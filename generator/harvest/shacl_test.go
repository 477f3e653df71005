package harvest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	realdata "github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// shaclResult is one SHACL validation result, as testdata/shacl/validate.mjs prints it.
type shaclResult struct {
	Severity, Focus, Path, Value, Component, Shape, Message string
}

// shaclReport is the results of one shapes file.
type shaclReport struct {
	Shapes   string
	Conforms bool
	Results  []shaclResult
}

// shapesFiles are the official DCAT-AP 3.0.1 shapes in testdata/corpus/dcat-ap: every
// constraint, and the range (class) constraints alone.
var shapesFiles = []string{"dcat-ap-SHACL.ttl", "ranges.ttl"}

// validateSHACL validates a JSON-LD document against the DCAT-AP 3.0.1 shapes with
// rdf-validate-shacl in Node (installed by `make shacl-deps`), one report per shapes
// file. Without Node or the packages the test skips, or fails under CI=true.
func validateSHACL(t *testing.T, doc []byte) []shaclReport {
	t.Helper()
	need := func(what string, err error) {
		if err == nil {
			return
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: %v (CI=true: not skipping; run `make shacl-deps`)", what, err)
		}
		t.Skipf("%s: %v; run `make shacl-deps`", what, err)
	}
	node, err := exec.LookPath("node")
	need("node not found", err)
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	modules := filepath.Join(root, ".cache", "npm-shacl", "node_modules")
	_, err = os.Stat(filepath.Join(modules, "rdf-validate-shacl", "package.json"))
	need("the SHACL validator is not installed", err)

	data := filepath.Join(t.TempDir(), "catalog.jsonld")
	if err := os.WriteFile(data, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{filepath.Join("testdata", "shacl", "validate.mjs"), modules, data}
	shapes := realdata.Corpus(t, "dcat-ap/3.0.1/shacl")
	for _, f := range shapesFiles {
		args = append(args, filepath.Join(shapes, f))
	}
	cmd := exec.Command(node, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("SHACL validation did not run: %v\n%s", err, stderr.String())
	}
	var res struct {
		Triples int
		Reports []shaclReport
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("validate.mjs printed %.300q: %v", out, err)
	}
	if res.Triples < 10 || len(res.Reports) != len(shapesFiles) {
		t.Fatalf("validate.mjs read %d triples and wrote %d reports", res.Triples, len(res.Reports))
	}
	return res.Reports
}

// noViolations fails the test with every result of every report.
func noViolations(t *testing.T, reports []shaclReport) {
	t.Helper()
	for _, r := range reports {
		t.Logf("%s: %d results", filepath.Base(r.Shapes), len(r.Results))
		for i, v := range r.Results {
			if i == 20 {
				t.Errorf("… and %d more", len(r.Results)-i)
				break
			}
			t.Errorf("%s: %s on %s %s = %q (%s) %s", filepath.Base(r.Shapes), v.Severity, v.Focus, v.Path, v.Value, v.Component, v.Message)
		}
		if len(r.Results) == 0 && !r.Conforms {
			t.Errorf("%s: no results, yet the data does not conform", r.Shapes)
		}
	}
}

// TestSHACL validates catalog.jsonld of the test catalog and of the default catalog
// (with a Parquet file, its data package, a CSV file and a signature for every
// dataset) against the DCAT-AP 3.0.1 SHACL shapes and range shapes: 0 violations,
// 0 results of any severity. A mutated document shows the engine does find the
// violations of issue 13 (dct:format as text, objects without rdf:type).
func TestSHACL(t *testing.T) {
	t.Run("test catalog", func(t *testing.T) {
		noViolations(t, validateSHACL(t, read(t, build(t), "catalog.jsonld")))
	})
	t.Run("default catalog", func(t *testing.T) {
		cat, err := load.Load(filepath.Join("..", "..", "catalog"))
		if err != nil || cat.Portal == nil {
			t.Fatalf("default catalog: %v", err)
		}
		in := Input{Downloads: map[string][]model.Download{}}
		for _, d := range cat.Datasets {
			dir := "data/" + d.V.ID + "/" + d.V.Version + "/"
			in.Downloads[d.V.ID] = []model.Download{
				{Path: dir + d.V.ID + ".parquet", Size: 1000, SHA256: strings.Repeat("0a", 32)},
				{Path: dir + d.V.ID + ".csv", Size: 2000, SHA256: strings.Repeat("1b", 32)},
				{Path: dir + "datapackage.json", Size: 300, SHA256: strings.Repeat("2c", 32)},
				{Path: dir + d.V.ID + ".parquet.minisig", Size: 200},
			}
		}
		dir := t.TempDir()
		if err := Write(context.Background(), dir, cat, in); err != nil {
			t.Fatal(err)
		}
		noViolations(t, validateSHACL(t, read(t, dir, "catalog.jsonld")))
	})
	t.Run("the engine finds violations", func(t *testing.T) {
		var doc map[string]any
		if err := json.Unmarshal(read(t, build(t), "catalog.jsonld"), &doc); err != nil {
			t.Fatal(err)
		}
		mutated := 0
		for _, d := range doc["dcat:dataset"].([]any) {
			ds := d.(map[string]any)
			delete(ds["dct:accrualPeriodicity"].(map[string]any), "@type")
			dists, _ := ds["dcat:distribution"].([]any)
			for _, x := range dists {
				if dist := x.(map[string]any); dist["dct:format"] != nil {
					dist["dct:format"] = "Parquet"
					mutated++
				}
			}
		}
		if mutated == 0 {
			t.Fatal("no distribution with dct:format to mutate")
		}
		b, _ := json.Marshal(doc)
		for _, r := range validateSHACL(t, b) {
			found := map[string]bool{}
			for _, v := range r.Results {
				found[v.Path+" "+v.Component[strings.LastIndex(v.Component, "#")+1:]] = true
			}
			for _, want := range []string{dctNS + "accrualPeriodicity ClassConstraintComponent", dctNS + "format ClassConstraintComponent"} {
				if !found[want] {
					t.Errorf("%s: no %s violation in %v", filepath.Base(r.Shapes), want, found)
				}
			}
			if strings.HasSuffix(r.Shapes, "dcat-ap-SHACL.ttl") && !found[dctNS+"format NodeKindConstraintComponent"] {
				t.Errorf("dcat-ap-SHACL.ttl: a text dct:format is not reported: %v", found)
			}
		}
	})
}
