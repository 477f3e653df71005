package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	yaml "go.yaml.in/yaml/v3"

	"github.com/shuyuan-project/shuyuan/generator/forge"
	"github.com/shuyuan-project/shuyuan/generator/load"
)

// repoRoot is the repository root seen from this package's directory.
const repoRoot = "../.."

// TestWorkflowsActionlint runs actionlint (as a library, with shellcheck when it is
// on PATH: `make shellcheck-deps` installs it) on every workflow and fails on any
// finding.
func TestWorkflowsActionlint(t *testing.T) {
	var files []string
	for _, name := range workflowNames(t) {
		files = append(files, filepath.Join(repoRoot, ".github", "workflows", name))
	}
	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else if os.Getenv("CI") == "true" {
		t.Fatal("shellcheck is not on PATH: run make shellcheck-deps")
	} else {
		t.Log("shellcheck not found: run scripts are not checked (make shellcheck-deps)")
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s:%d:%d: %s [%s]", e.Filepath, e.Line, e.Column, e.Message, e.Kind)
	}
	// The linter is live: a broken workflow gives findings.
	bad := []byte("on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with: {fetch_depth: 0}\n      - run: echo ${{ github.nope }}\n")
	errs, err = l.Lint("bad.yml", bad, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) == 0 {
		t.Error("actionlint found nothing in a broken workflow")
	}
}

// workflow is the part of a workflow file these tests look at.
type workflow struct {
	On   yaml.Node `yaml:"on"`
	Jobs map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Steps       []workflowStep    `yaml:"steps"`
	} `yaml:"jobs"`
}

// workflowStep is one step of a job.
type workflowStep struct {
	ID   string            `yaml:"id"`
	If   string            `yaml:"if"`
	Run  string            `yaml:"run"`
	Uses string            `yaml:"uses"`
	Env  map[string]string `yaml:"env"`
	With map[string]string `yaml:"with"`
}

// workflowNames lists the workflow files of the repository.
func workflowNames(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.yml"))
	if err != nil || len(files) < 3 {
		t.Fatalf("workflows = %v, %v; want validate.yml, publish.yml and overdue.yml", files, err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f)
	}
	return names
}

func readWorkflow(t *testing.T, name string) workflow {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", name))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(src, &w); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return w
}

// TestWorkflowCommandsRunLocally: every run step is a make target of the Makefile
// or a shuyuan command, so what CI does can be repeated on a laptop.
func TestWorkflowCommandsRunLocally(t *testing.T) {
	mk, err := os.ReadFile(filepath.Join(repoRoot, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	makeRe := regexp.MustCompile(`^make ([a-z0-9-]+)`)
	shuyuanRe := regexp.MustCompile(`^\./bin/shuyuan ([a-z]+)`)
	known := map[string]bool{}
	for _, c := range commands {
		known[c(Env{}).Name()] = true
	}
	for _, name := range workflowNames(t) {
		for job, j := range readWorkflow(t, name).Jobs {
			for i, s := range j.Steps {
				if s.Run == "" {
					continue
				}
				run := strings.TrimSpace(s.Run)
				switch {
				case makeRe.MatchString(run):
					target := makeRe.FindStringSubmatch(run)[1]
					if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(target) + `:`).Match(mk) {
						t.Errorf("%s job %s step %d runs make %s, which the Makefile lacks", name, job, i+1, target)
					}
				case shuyuanRe.MatchString(run):
					sub := shuyuanRe.FindStringSubmatch(run)[1]
					if !known[sub] && sub != "build" && sub != "extract" { // build and extract land with their issues
						t.Errorf("%s job %s step %d runs shuyuan %s, which is not a command", name, job, i+1, sub)
					}
				default:
					t.Errorf("%s job %s step %d runs %q: use a make target or a shuyuan command", name, job, i+1, run)
				}
			}
		}
	}
}

// TestPublishWorkflowPassesEveryKey: the matrix job that extracts a share gets every
// de-identification key and database DSN the default catalog references, the plan
// job every DSN (it leaves out the datasets whose DSN is unset), and the steps that
// sign (merge, build) the signing key.
func TestPublishWorkflowPassesEveryKey(t *testing.T) {
	cat, err := load.Load(filepath.Join(repoRoot, "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	keys, dsns := map[string]bool{}, map[string]bool{}
	for _, d := range cat.Datasets {
		for _, c := range d.V.Columns {
			if c.Deid != nil && strings.HasPrefix(c.Deid.Key, "env:") {
				keys[strings.TrimPrefix(c.Deid.Key, "env:")] = true
			}
		}
		if d.V.Source != nil && d.V.Source.DSNEnv != "" {
			dsns[d.V.Source.DSNEnv] = true
		}
	}
	steps := map[string]map[string]string{}
	for _, j := range readWorkflow(t, "publish.yml").Jobs {
		for _, s := range j.Steps {
			for _, cmd := range []string{"shuyuan plan", "shuyuan extract", "shuyuan merge", "shuyuan build"} {
				if strings.Contains(s.Run, cmd) {
					steps[cmd] = s.Env
				}
			}
		}
	}
	need := map[string][]map[string]bool{
		"shuyuan plan":    {dsns},
		"shuyuan extract": {keys, dsns},
		"shuyuan merge":   {{"SHUYUAN_SIGNING_KEY": true}},
		"shuyuan build":   {{"SHUYUAN_SIGNING_KEY": true}},
	}
	for cmd, sets := range need {
		have, ok := steps[cmd]
		if !ok {
			t.Errorf("publish.yml: no step runs %s", cmd)
			continue
		}
		var missing []string
		for _, set := range sets {
			for n := range set {
				if have[n] != "${{ secrets."+n+" }}" {
					missing = append(missing, n)
				}
			}
		}
		sort.Strings(missing)
		for _, n := range missing {
			t.Errorf("publish.yml: the step running %s lacks `%s: ${{ secrets.%s }}` in its env", cmd, n, n)
		}
	}
}

func TestCodeownersCurrent(t *testing.T) {
	cat, err := load.LoadFederated(filepath.Join(repoRoot, "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	want := Codeowners(cat, "catalog")
	got, err := os.ReadFile(filepath.Join(repoRoot, ".github", "CODEOWNERS"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf(".github/CODEOWNERS is out of date: run make codeowners\n--- want ---\n%s", want)
	}
}

// TestIssueForms: the issue forms are YAML with the fields GitHub requires, and
// every body element of type other than markdown has a unique id.
func TestIssueForms(t *testing.T) {
	for _, name := range []string{"data-objection.yml", "dataset-request.yml", "data-application.yml"} {
		src, err := os.ReadFile(filepath.Join(repoRoot, ".github", "ISSUE_TEMPLATE", name))
		if err != nil {
			t.Fatal(err)
		}
		var form struct {
			Name        string `yaml:"name"`
			Description string `yaml:"description"`
			Body        []struct {
				Type       string         `yaml:"type"`
				ID         string         `yaml:"id"`
				Attributes map[string]any `yaml:"attributes"`
			} `yaml:"body"`
		}
		if err := yaml.Unmarshal(src, &form); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if form.Name == "" || form.Description == "" || len(form.Body) == 0 {
			t.Errorf("%s: name, description and body are required", name)
		}
		ids := map[string]bool{}
		for i, b := range form.Body {
			switch b.Type {
			case "markdown":
				continue
			case "input", "textarea", "dropdown", "checkboxes":
			default:
				t.Errorf("%s: body[%d] has unknown type %q", name, i, b.Type)
			}
			if b.ID == "" || ids[b.ID] {
				t.Errorf("%s: body[%d] needs a unique id", name, i)
			}
			ids[b.ID] = true
			if _, ok := b.Attributes["label"]; !ok {
				t.Errorf("%s: body[%d] needs attributes.label", name, i)
			}
		}
	}
}

// TestPortalFormFields: the forms the portal's links open exist, have every field
// the links pre-fill, and no field whose id GitHub reads as an issue parameter
// (a field "title" would never be filled: title names the issue's title).
func TestPortalFormFields(t *testing.T) {
	for form, fields := range map[string][]string{
		forge.ApplicationForm: {forge.FieldDataset, forge.FieldVersion},
		forge.ObjectionForm:   {forge.FieldDataset, forge.FieldVersion, forge.FieldColumn, forge.FieldElement},
	} {
		src, err := os.ReadFile(filepath.Join(repoRoot, ".github", "ISSUE_TEMPLATE", form))
		if err != nil {
			t.Fatalf("the portal links %s: %v", form, err)
		}
		var f struct {
			Body []struct {
				Type string `yaml:"type"`
				ID   string `yaml:"id"`
			} `yaml:"body"`
		}
		if err := yaml.Unmarshal(src, &f); err != nil {
			t.Fatalf("%s: %v", form, err)
		}
		ids := map[string]string{}
		for _, b := range f.Body {
			ids[b.ID] = b.Type
			switch b.ID {
			case "template", "title", "body", "labels", "assignees", "milestone", "projects":
				t.Errorf("%s: field id %q is an issue URL parameter; name it otherwise", form, b.ID)
			}
		}
		for _, id := range fields {
			if typ := ids[id]; typ != "input" && typ != "textarea" {
				t.Errorf("%s: the portal pre-fills field %q, which the form lacks (or is a %q, which a URL cannot fill)", form, id, typ)
			}
		}
	}
}

// TestGuidesLinkForms: the guides that tell a reader to apply or object from a
// page link the forms themselves, at the address the portal's buttons use, so a
// reader who arrives at the guide first is not sent round in a circle.
func TestGuidesLinkForms(t *testing.T) {
	cat, err := load.Load(filepath.Join(repoRoot, "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	repo := forge.ParseRepo(cat.Portal.V.Repository)
	for slug, form := range map[string]string{"how-to-apply": forge.ApplicationForm, "data-objection": forge.ObjectionForm} {
		want := "(" + repo.IssueForm(form, "") + ")"
		langs := 0
		for _, g := range cat.Guides {
			if g.Slug != slug {
				continue
			}
			langs++
			if !strings.Contains(string(g.Body), want) {
				t.Errorf("%s: the guide does not link its form %s", g.File.Path, want)
			}
		}
		if langs < 2 {
			t.Errorf("guide %s: found in %d languages, want zh and en", slug, langs)
		}
	}
}

// TestCodeownersFederation: a federation member's departments own their folders in
// the member's catalog.
func TestCodeownersFederation(t *testing.T) {
	dir := t.TempDir()
	writeFile := func(rel, data string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile("portal.yaml", "kind: Portal\nid: portal\ntitle: {zh: 开放平台}\nbase_url: https://data.example.gov.cn/\nlanguages: [zh]\npublisher: sh-data\nthemes:\n  - {id: transport, name: {zh: 交通}}\nfederation:\n  - {id: pudong, path: federation/pudong}\n")
	writeFile("departments/sh-data.yaml", "kind: Department\nid: sh-data\nname: {zh: 市大数据中心}\nlevel: city\ncontact: data@example.gov.cn\nteam: \"@city/data\"\n")
	writeFile("federation/pudong/departments/pudong-data.yaml", "kind: Department\nid: pudong-data\nname: {zh: 浦东新区大数据中心}\nlevel: district\ndistrict: \"310115\"\ncontact: data@pudong.example.gov.cn\nteam: \"@pudong/data\"\n")
	cat, err := load.LoadFederated(dir)
	if err != nil || len(cat.Findings) > 0 {
		t.Fatalf("%v %v", err, cat.Findings)
	}
	got := string(Codeowners(cat, "catalog"))
	for _, want := range []string{
		"/catalog/ @city/data\n",
		"/catalog/departments/sh-data.yaml @city/data\n",
		"/catalog/federation/pudong/datasets/pudong-data/ @pudong/data\n",
		"/catalog/federation/pudong/departments/pudong-data.yaml @pudong/data\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CODEOWNERS lacks %q:\n%s", want, got)
		}
	}
}

// currentMajors are the majors of the actions the workflows use as they are at the
// end of 2026: each runs on Node 24 (Node 20 actions are deprecated), and CodeQL's
// upload v3 is deprecated in December 2026. An action missing here fails the test,
// so a new one is looked up before it is used.
var currentMajors = map[string]int{
	"actions/checkout":                  7,
	"actions/setup-go":                  7,
	"actions/configure-pages":           6,
	"actions/upload-pages-artifact":     5,
	"actions/deploy-pages":              5,
	"actions/upload-artifact":           7,
	"actions/download-artifact":         8,
	"actions/github-script":             9,
	"github/codeql-action/upload-sarif": 4,
}

// TestWorkflowActionMajors: every action is used at its current major or later.
func TestWorkflowActionMajors(t *testing.T) {
	ref := regexp.MustCompile(`^([^@]+)@v(\d+)$`)
	n := 0
	for _, name := range workflowNames(t) {
		for job, j := range readWorkflow(t, name).Jobs {
			for _, st := range j.Steps {
				if st.Uses == "" {
					continue
				}
				n++
				m := ref.FindStringSubmatch(st.Uses)
				if m == nil {
					t.Errorf("%s job %s: %s is not pinned to a major (action@vN)", name, job, st.Uses)
					continue
				}
				want, ok := currentMajors[m[1]]
				if !ok {
					t.Errorf("%s job %s: %s is not in currentMajors: look up its current major and add it", name, job, m[1])
					continue
				}
				if got, _ := strconv.Atoi(m[2]); got < want {
					t.Errorf("%s job %s: %s is behind: use %s@v%d", name, job, st.Uses, m[1], want)
				}
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d actions found", n)
	}
}

// forkGuard is the condition of the SARIF steps: the pull request comes from this
// repository, whose token may write security events.
const forkGuard = "github.event.pull_request.head.repo.full_name == github.repository"

// TestValidateWorkflow: the SARIF upload is skipped, not failed, for pull requests
// from forks (read-only token); codeowners --check and make test run on every pull
// request.
func TestValidateWorkflow(t *testing.T) {
	w := readWorkflow(t, "validate.yml")
	var upload, sarif, codeowners, test bool
	for _, j := range w.Jobs {
		for _, st := range j.Steps {
			switch {
			case strings.HasPrefix(st.Uses, "github/codeql-action/upload-sarif@"):
				upload = true
				if !strings.Contains(st.If, forkGuard) {
					t.Errorf("the SARIF upload runs for pull requests from forks, whose token cannot write: if: %q lacks %q", st.If, forkGuard)
				}
				if j.Permissions["security-events"] != "write" {
					t.Errorf("the job uploading SARIF lacks security-events: write")
				}
			case strings.Contains(st.Run, "--format sarif"):
				sarif = true
				if !strings.Contains(st.If, forkGuard) {
					t.Errorf("the SARIF lint step runs for forks (if: %q)", st.If)
				}
			case strings.Contains(st.Run, "shuyuan codeowners") && strings.Contains(st.Run, "--check"):
				codeowners = true
			case strings.TrimSpace(st.Run) == "make test":
				test = true
			}
		}
	}
	if !upload || !sarif || !codeowners || !test {
		t.Errorf("validate.yml: upload-sarif %v, SARIF lint %v, codeowners --check %v, make test %v; want all", upload, sarif, codeowners, test)
	}
}

// TestPublishWorkflowPages: the portal is built for the address the Pages
// configuration step reports, not portal.yaml's demo base_url, and carries
// forward the versions of the live deployment, restored before it by shuyuan
// fetch from that address.
func TestPublishWorkflowPages(t *testing.T) {
	w := readWorkflow(t, "publish.yml")
	found := false
	for _, j := range w.Jobs {
		pages, restored := "", ""
		for _, st := range j.Steps {
			if strings.HasPrefix(st.Uses, "actions/configure-pages@") {
				pages = st.ID
			}
			if strings.Contains(st.Run, "shuyuan fetch") {
				m := regexp.MustCompile(`--out (\S+)`).FindStringSubmatch(st.Run)
				if m == nil || pages == "" || !strings.Contains(st.Run, `"$PORTAL_URL/"`) || st.Env["PORTAL_URL"] != "${{ steps."+pages+".outputs.base_url }}" {
					t.Errorf("the fetch step must restore the live deployment from the configure-pages base_url: run %q env %v", st.Run, st.Env)
				} else {
					restored = m[1]
				}
			}
			if !strings.Contains(st.Run, "shuyuan build") {
				continue
			}
			found = true
			if restored == "" || !strings.Contains(st.Run, "--previous "+restored) {
				t.Errorf("the build step must carry forward the restored deployment (--previous %q, after shuyuan fetch): %q", restored, st.Run)
			}
			m := regexp.MustCompile(`--base-url "\$([A-Z_]+)"`).FindStringSubmatch(st.Run)
			if pages == "" || m == nil || st.Env[m[1]] != "${{ steps."+pages+".outputs.base_url }}" {
				t.Errorf("the build step must pass --base-url from the configure-pages step's base_url output: run %q env %v (configure-pages id %q)", st.Run, st.Env, pages)
			}
		}
	}
	if !found {
		t.Error("publish.yml has no shuyuan build step")
	}
}

// TestOverdueWorkflow: a scheduled workflow lists the overdue data with shuyuan
// overdue and hands it to the issue script, with the permission to write issues.
func TestOverdueWorkflow(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(repoRoot, ".github", "workflows", "overdue.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^  schedule:\n    - cron: "[^"]+"`).Match(src) {
		t.Error("overdue.yml is not scheduled (on: schedule: - cron)")
	}
	w := readWorkflow(t, "overdue.yml")
	var list, script bool
	for _, j := range w.Jobs {
		for _, st := range j.Steps {
			if strings.Contains(st.Run, "shuyuan overdue") && strings.Contains(st.Run, "--format json") {
				list = true
			}
			if strings.HasPrefix(st.Uses, "actions/github-script@") && strings.Contains(st.With["script"], "require('./.github/scripts/overdue-issues.js')") {
				script = true
				if j.Permissions["issues"] != "write" {
					t.Error("the job opening issues lacks issues: write")
				}
			}
		}
	}
	if !list || !script {
		t.Errorf("overdue.yml: shuyuan overdue --format json %v, github-script with overdue-issues.js %v; want both", list, script)
	}
	if _, err := os.Stat(filepath.Join(repoRoot, ".github", "scripts", "overdue-issues.js")); err != nil {
		t.Error(err)
	}
}
