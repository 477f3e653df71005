package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample holds findings that exercise every escaping rule: a message with %, a
// colon, a comma and a newline, a path with a space and CJK characters, a warning,
// and a finding with an end position.
var sample = []diag.Finding{
	{File: "datasets/sh-transport/metro-ridership.yaml", Pos: diag.Pos{Line: 7, Col: 3}, Rule: "description", Severity: diag.Error,
		Message: "description.zh has 12 characters; write at least 50: what the data is, who collects it, how to use it"},
	{File: "datasets/sh-transport/metro-ridership.yaml", Pos: diag.Pos{Line: 12, Col: 10, EndLine: 12, EndCol: 20}, Rule: "translation", Severity: diag.Warning,
		Message: "title has no en: write {zh: …, en: …}"},
	{File: "guide/10 如何申请.md", Pos: diag.Pos{Line: 2, Col: 1}, Rule: "markdown", Severity: diag.Error,
		Message: "100% broken: link \"a,b:c\"\nsecond line\r"},
	{File: "pricing/p.yaml", Pos: diag.Pos{Line: 0, Col: 0}, Rule: "not-in-registry", Severity: diag.Error, Message: "position unknown"},
	{File: "elements/sh-transport/card.yaml", Pos: diag.Pos{Line: 3, Col: 30, EndLine: 3, EndCol: 40}, Rule: "stale", Severity: diag.Notice,
		Message: "update.last_updated is 2024-10-31, more than twice the daily update period before 2026-11-01"},
}

// sampleSuppressed is a finding a shuyuan:ignore comment silenced.
var sampleSuppressed = []diag.Suppressed{{
	Finding: diag.Finding{File: "datasets/sh-transport/metro-ridership.yaml", Pos: diag.Pos{Line: 9, Col: 14, EndLine: 9, EndCol: 20},
		Rule: "description", Severity: diag.Error, Message: "description.en has 6 characters; write at least 50"},
	Reason: "the English description is being written by the translation office", CommentLine: 8,
}}

// sampleSource is the text of the sample files, for the snippets of text.
var sampleSource = map[string]string{
	"datasets/sh-transport/metro-ridership.yaml": "kind: Dataset\nid: metro-ridership\nversion: 1.0.0\ntitle: {zh: 轨道交通站点客流, en: Metro station ridership}\n" +
		"department: sh-transport\nthemes: [transport]\n\tdescription: 地铁站点客流\nlevel: 1\n" +
		"  # shuyuan:ignore[description] the English description is being written by the translation office\n" +
		"description_en: Ridership\nopen_type: unconditional\ntitle2: {zh: 站点客流, en: }\n",
	"elements/sh-transport/card.yaml": "kind: DataElement\nid: card\nupdate: {frequency: daily, last_updated: 2024-10-31}\n",
}

var sampleRules = []Rule{
	{ID: "description", Category: "Metadata quality", Severity: diag.Error, Summary: "description shorter than 50 or longer than 5000 characters"},
	{ID: "translation", Category: "Metadata quality", Severity: diag.Warning, Summary: "a localized field has no en", HelpURI: "https://example.org/rules#translation"},
	{ID: "markdown", Category: "Metadata quality", Severity: diag.Error, Summary: "a Markdown field links to a relative path that does not exist"},
}

func render(t *testing.T, format string, findings []diag.Finding, prefix string) []byte {
	t.Helper()
	var buf bytes.Buffer
	opts := Options{Format: format, PathPrefix: prefix, Rules: sampleRules, ToolVersion: "0.1.0 (0123456789ab)", ToolSemanticVersion: "0.1.0",
		Counts: Counts{Files: 57, Datasets: 40, Elements: 50},
		Source: func(file string) []byte { return []byte(sampleSource[file]) }}
	if findings != nil {
		opts.Suppressed = sampleSuppressed
	}
	err := Write(&buf, findings, opts)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, format := range Formats {
		for _, c := range []struct {
			name     string
			findings []diag.Finding
			prefix   string
		}{{"findings", sample, "catalog"}, {"empty", nil, ""}} {
			t.Run(format+"/"+c.name, func(t *testing.T) {
				got := render(t, format, c.findings, c.prefix)
				golden := filepath.Join("testdata", c.name+"."+format)
				if *update {
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s output differs from %s:\n got:\n%s\nwant:\n%s", format, golden, got, want)
				}
				if again := render(t, format, c.findings, c.prefix); !bytes.Equal(got, again) {
					t.Errorf("%s output is not deterministic", format)
				}
			})
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, nil, Options{Format: "xml"})
	if err == nil || !strings.Contains(err.Error(), "text, github, json, sarif") {
		t.Fatalf("err = %v", err)
	}
}

func TestGitHubEscaping(t *testing.T) {
	out := string(render(t, "github", sample[2:3], ""))
	want := "::error file=guide/10 如何申请.md,line=2,col=1,title=shuyuan [markdown]::100%25 broken: link \"a,b:c\"%0Asecond line%0D\n"
	if out != want {
		t.Errorf("got  %q\nwant %q", out, want)
	}
	if got := escapeProperty("a:b,c%d\n"); got != "a%3Ab%2Cc%25d%0A" {
		t.Errorf("escapeProperty = %q", got)
	}
	// Every line must be exactly one command.
	for _, line := range strings.Split(strings.TrimSuffix(string(render(t, "github", sample, "catalog")), "\n"), "\n") {
		if !strings.HasPrefix(line, "::error file=catalog/") && !strings.HasPrefix(line, "::warning file=catalog/") && !strings.HasPrefix(line, "::notice file=catalog/") {
			t.Errorf("not a workflow command: %q", line)
		}
	}
}

func TestSummary(t *testing.T) {
	c := Count(Counts{Files: 57, Datasets: 1, Elements: 0}, sample[:4], nil)
	if got, want := Summary(c), "3 errors, 1 warning in 57 files (1 dataset, 0 elements)"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
	c = Count(Counts{Files: 57, Datasets: 1, Elements: 0}, sample, sampleSuppressed)
	if got, want := Summary(c), "3 errors, 1 warning, 1 notice, 1 suppressed in 57 files (1 dataset, 0 elements)"; got != want {
		t.Errorf("Summary = %q, want %q", got, want)
	}
}

// TestSARIFSchema validates the SARIF output against the official SARIF 2.1.0
// schema, with findings and without.
func TestSARIFSchema(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(fixture.Read(t, "sarif/sarif-schema-2.1.0.json")))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, fs := range map[string][]diag.Finding{"findings": sample, "empty": nil} {
		out := render(t, "sarif", fs, "catalog")
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s: SARIF output does not validate: %v", name, err)
		}
		var log struct {
			Runs []struct {
				Results json.RawMessage `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(out, &log); err != nil || len(log.Runs) != 1 || string(log.Runs[0].Results) == "null" || log.Runs[0].Results == nil {
			t.Errorf("%s: runs[0].results must be present (GitHub requires it): %s", name, out)
		}
	}
}

// TestSARIFSchemaCatchesErrors makes sure the schema test can fail: a result
// without a message is rejected.
func TestSARIFSchemaCatchesErrors(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(fixture.Read(t, "sarif/sarif-schema-2.1.0.json")))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	_ = c.AddResource("s.json", doc)
	s, err := c.Compile("s.json")
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r"}]}]}`))
	if s.Validate(bad) == nil {
		t.Error("a result without message validated")
	}
}
