package importlaw

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/shuyuan-project/shuyuan/"

// layers is the import law, bottom first: a package may import only packages of a
// lower layer (test files are not bound by it; they may use the test helpers of any
// layer). Every package of the repository must be listed.
var layers = [][]string{
	// the types of the catalog: imports nothing of ours
	{"generator/model"},
	// generic helpers that know no catalog
	{"generator/diag", "generator/internal/xsync", "generator/xfilepath", "generator/sign", "generator/outdir",
		"generator/markdown", "generator/validator", "generator/load/internal/yamlread", "templates", "schemas",
		"generator/synth", "generator/internal/golden", "generator/internal/xstrings", "generator/internal/fixture", "generator/internal/pgtest", "generator/internal/servetest", "generator/internal/cputime",
		"generator/versionqr", "generator/cite", "generator/version", "generator/workday",
		"generator/forge"},
	// pieces over the model
	{"generator/schema", "generator/pricing", "generator/place", "generator/deid", "generator/search", "generator/report",
		"generator/pii", "generator/license", "generator/truststore", "generator/fetch",
		"generator/internal/demodb"},
	// reading the catalog; saying its values in words (present, over model and pricing)
	{"generator/load", "generator/pii/internal/corpus", "generator/present"},
	// what reads a loaded catalog
	{"generator/source", "generator/gitrev", "generator/scaffold", "generator/feed", "generator/opsreport",
		"generator/harvest", "generator/internal/testcat"},
	// the checks, the extracts and the pages
	{"generator/lint", "generator/extract", "generator/portal"},
	// a whole build; imports into a catalog (they version what they change as lint's rules say)
	{"generator/build", "generator/importer"},
	// previewing a build: build, serve over HTTP, rebuild on change
	{"generator/serve"},
	// the command line
	{"generator/cli"},
	// programs: the CLI's main, developer tools and benchmarks
	{"cmd/shuyuan", "cmd/synth", "generator/internal/extractbench", "generator/internal/pgbench", "generator/internal/demorun",
		"generator/lint/internal/benchgen", "generator/validator/internal/gendivisions", "generator/browsertest",
		"generator/internal/importlaw", "bench/site/gen", "generator/pii/internal/gencorpus"},
}

// mains may import only these: cmd/ wires, the logic lives in packages tests can call.
var mains = map[string][]string{
	"cmd/shuyuan": {"generator/cli"},
	"cmd/synth":   {"generator/synth"}, // `make sources`: writes the default catalog's synthetic sources
}

// TestImportLaw fails when a package imports one of its own layer or above, when
// cmd/ does more than wire, or when a package is missing from the law.
func TestImportLaw(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	layer := map[string]int{}
	for i, l := range layers {
		for _, p := range l {
			layer[p] = i
		}
	}
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || name == "site" || name == "bin") {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(p, 0)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		at, ok := layer[rel]
		if !ok {
			t.Errorf("%s is not in the import law: give it a layer in importlaw_test.go", rel)
			return nil
		}
		for _, imp := range pkg.Imports {
			dep, ours := strings.CutPrefix(imp, module)
			if !ours {
				continue
			}
			if allowed, ok := mains[rel]; ok && !slices.Contains(allowed, dep) {
				t.Errorf("%s imports %s: a main package only wires %v", rel, dep, allowed)
			}
			dl, ok := layer[dep]
			switch {
			case !ok:
				t.Errorf("%s imports %s, which is not in the import law", rel, dep)
			case dl >= at:
				t.Errorf("%s (layer %d) imports %s (layer %d): imports flow down only", rel, at, dep, dl)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range layer {
		if !seen[p] {
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err != nil {
				t.Errorf("the import law lists %s, which does not exist", p)
			}
		}
	}
	if len(seen) < 30 {
		t.Errorf("only %d packages found under %s", len(seen), root)
	}
}
