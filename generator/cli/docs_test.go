package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// outputsDoc returns docs/outputs.md, the reference of the command line and of
// everything shuyuan writes.
func outputsDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(fixture.Path(t, "docs/outputs.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// section returns the text under the first heading line that starts with heading, up
// to the next heading of the same or a higher level, or "" when there is none.
func section(doc, heading string) string {
	level := strings.IndexByte(heading, ' ')
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, heading) {
			continue
		}
		var out []string
		for _, m := range lines[i+1:] {
			if n := strings.IndexByte(m, ' '); n > 0 && n <= level && strings.Trim(m[:n], "#") == "" {
				break
			}
			out = append(out, m)
		}
		return strings.Join(out, "\n")
	}
	return ""
}

// TestOutputsDocNamesEveryCommand: docs/outputs.md has a section for every command
// of the CLI that names each of its flags, and the synopsis lists every command, so a
// new command or flag cannot ship undocumented.
func TestOutputsDocNamesEveryCommand(t *testing.T) {
	doc := outputsDoc(t)
	synopsis := section(doc, "## Command line")
	if synopsis == "" {
		t.Fatal("docs/outputs.md has no \"## Command line\" section")
	}
	root := newRoot(Env{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }})
	n := 0
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		n++
		name := "shuyuan " + c.Name()
		if !strings.Contains(synopsis, name+" ") {
			t.Errorf("the synopsis of docs/outputs.md does not list %q", name)
		}
		sec := section(doc, "### `"+name)
		if sec == "" {
			t.Errorf("docs/outputs.md has no section \"### `%s`\"", name)
			continue
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name != "help" && !f.Hidden && !strings.Contains(sec, "`--"+f.Name) {
				t.Errorf("docs/outputs.md, section %s, does not describe --%s (%s)", name, f.Name, f.Usage)
			}
		})
	}
	if n < 12 {
		t.Fatalf("only %d commands found", n)
	}
}

// shapeRules turn a path written by a build into the pattern docs/outputs.md lists:
// catalog ids become <id> (guide pages <slug>), versions <version>, search shards <nn>.
var shapeRules = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`), "<version>"},
	{regexp.MustCompile(`^[0-9]{2}\.json$`), "<nn>.json"},
	{regexp.MustCompile(`^d[0-9]+\.json$`), "d<n>.json"},
	{regexp.MustCompile(`^build-[0-9]+$`), "<build>"},
}

// partRe matches the part number of a split extract, <id>-00000.parquet.
var partRe = regexp.MustCompile(`^-[0-9]{5}$`)

// shape returns the documented pattern of a site-relative path, given the ids of
// the catalog the site was built from (id → placeholder).
func shape(rel string, ids map[string]string) string {
	segs := strings.Split(rel, "/")
	for i, s := range segs {
		for _, r := range shapeRules {
			if r.re.MatchString(s) {
				segs[i] = r.re.ReplaceAllString(s, r.repl)
			}
		}
		if slices.Contains(model.Frequencies, s) && i > 0 && segs[i-1] == "frequency" {
			segs[i] = "<frequency>"
		}
		if i > 0 && segs[i-1] == "open-type" {
			segs[i] = "<open-type>"
		}
		if i > 0 && segs[i-1] == "page" {
			segs[i] = "<n>"
		}
		if i > 0 && segs[i-1] == "sort" {
			segs[i] = "<order>"
		}
		if i > 1 && segs[i-2] == "datasets" && (segs[i-1] == "format" || segs[i-1] == "updated") {
			segs[i] = "<" + segs[i-1] + ">"
		}
		if i == 1 && segs[0] == "schemas" {
			segs[i] = "<kind>.schema.json"
		}
		base, ext := s, ""
		if j := strings.IndexByte(s, '.'); j > 0 {
			base, ext = s[:j], s[j:]
		}
		if p := ids[base]; p != "" {
			segs[i] = p + ext
		} else if k := strings.LastIndexByte(base, '-'); k > 0 && ids[base[:k]] != "" && partRe.MatchString(base[k:]) {
			segs[i] = ids[base[:k]] + "-<part>" + ext
		}
	}
	return strings.Join(segs, "/")
}

// TestOutputsDocListsEveryFile builds the default catalog with extracts and a signing
// key and checks that every file written has its pattern in the site layout of
// docs/outputs.md, so the outputs reference cannot fall behind the build.
func TestOutputsDocListsEveryFile(t *testing.T) {
	doc := outputsDoc(t)
	layout := section(doc, "## Site layout")
	documented := map[string]bool{}
	inBlock := false
	for _, l := range strings.Split(layout, "\n") {
		if strings.HasPrefix(l, "```") {
			inBlock = !inBlock
			continue
		}
		if f := strings.Fields(l); inBlock && len(f) > 0 {
			documented[f[0]] = true
		}
	}
	if len(documented) < 20 {
		t.Fatalf("docs/outputs.md \"## Site layout\" lists %d paths in its code block", len(documented))
	}

	catDir := fixture.Path(t, "catalog")
	cat, err := load.Load(catDir)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, d := range cat.Datasets {
		ids[d.V.ID] = "<id>"
	}
	for _, d := range cat.Departments {
		ids[d.V.ID] = "<id>"
	}
	for _, d := range cat.Elements {
		ids[d.V.ID] = "<id>"
	}
	for _, d := range cat.Pricing {
		ids[d.V.ID] = "<id>"
	}
	for _, g := range cat.Guides {
		ids[g.Slug] = "<slug>"
	}
	for _, th := range cat.Portal.V.Themes {
		ids[th.ID] = "<id>"
	}

	_, priv := sign.DemoKey()
	keyFile := filepath.Join(t.TempDir(), "portal.key")
	if err := os.WriteFile(keyFile, sign.SecretKeyText(priv), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	env := testEnv(&stdout, &stderr, map[string]string{"SHUYUAN_KEY_DEMO": "shuyuan-demo-key-PUBLIC-NOT-SECRET-do-not-use-in-production"})
	if code := Main(env, []string{"build", "--catalog", catDir, "--out", out, "--now", "2026-11-24", "--sign-key", keyFile, "--demo-keys"}); code != ExitOK {
		t.Fatalf("build of the default catalog: exit %d: %s", code, stderr.String())
	}
	site, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatal(err)
	}
	shapes := map[string]bool{}
	err = filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		if en, ok := strings.CutPrefix(rel, "en/"); ok {
			if !documented["en/…"] {
				t.Errorf("the build writes %s but docs/outputs.md does not list en/…", rel)
			}
			rel = en
		}
		shapes[shape(rel, ids)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for s := range shapes {
		if !documented[s] {
			t.Errorf("the build writes %s, which the site layout of docs/outputs.md does not list", s)
		}
	}
	if len(shapes) < 20 {
		t.Errorf("only %d kinds of file written", len(shapes))
	}
	for _, want := range []string{"data/<id>/<version>/<id>.parquet", "data/SHA256SUMS.minisig", "datasets/<id>/index.html"} {
		if !shapes[want] {
			t.Errorf("the build wrote no %s: the test no longer covers extracts and signatures", want)
		}
	}
}
