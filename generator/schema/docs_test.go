package schema

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
)

// docSections maps each kind to the heading of its section in docs/catalog-format.md.
var docSections = map[string]string{
	"Portal":        "## Portal",
	"Department":    "## Department",
	"DataElement":   "## DataElement",
	"Dataset":       "## Dataset",
	"PricingPolicy": "## PricingPolicy",
	"Request":       "## Request",
	"Objection":     "## Objection",
	"Calendar":      "## Calendar",
	"Guide":         "## Guide pages",
}

// docSection returns the text of the "## " section whose heading line is heading,
// up to the next "## " heading, or "" when there is none.
func docSection(doc, heading string) string {
	lines := strings.Split(doc, "\n")
	for i, l := range lines {
		if l != heading && !strings.HasPrefix(l, heading+" ") {
			continue
		}
		end := len(lines)
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "## ") {
				end = j
				break
			}
		}
		return strings.Join(lines[i+1:end], "\n")
	}
	return ""
}

// field is one property of a schema, by its dotted path ("columns[].deid.op").
type field struct {
	path string
	enum []string
}

// fields lists every property of a schema node, depth first. Localized text (a
// oneOf of a string and a {zh, en} map) is a leaf: it is described once, under
// Conventions.
func fields(node map[string]any, prefix string, out []field) []field {
	props, _ := node["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p, _ := props[name].(map[string]any)
		path := prefix + name
		out = append(out, field{path: path, enum: enumOf(p)})
		if _, text := p["oneOf"]; text {
			continue
		}
		out = fields(p, path+".", out)
		if items, ok := p["items"].(map[string]any); ok {
			if _, text := items["oneOf"]; !text {
				out = fields(items, path+"[].", out)
			}
		}
	}
	return out
}

// enumOf returns the allowed values of a property or of its items.
func enumOf(p map[string]any) []string {
	e, _ := p["enum"].([]any)
	if items, ok := p["items"].(map[string]any); ok && e == nil {
		e, _ = items["enum"].([]any)
	}
	var out []string
	for _, v := range e {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestCatalogFormatDocumentsEveryField: every property of every kind's schema, as
// generated from generator/model, is in the field table of its kind's section of
// docs/catalog-format.md (as `path`), with each allowed value (in the section, or as
// a row of a shared table such as Validators), so a field added to the model cannot
// ship undocumented.
func TestCatalogFormatDocumentsEveryField(t *testing.T) {
	b, err := os.ReadFile(fixture.Path(t, "docs/catalog-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	schemas, err := Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, k := range Kinds {
		heading := docSections[k.Name]
		sec := docSection(doc, heading)
		if heading == "" || sec == "" {
			t.Errorf("docs/catalog-format.md has no section for kind %s", k.Name)
			continue
		}
		var node map[string]any
		if err := json.Unmarshal(schemas[k.File], &node); err != nil {
			t.Fatal(err)
		}
		for _, f := range fields(node, "", nil) {
			total++
			if !strings.Contains(sec, "`"+f.path+"`") {
				t.Errorf("docs/catalog-format.md, %s: field `%s` is not documented", heading, f.path)
			}
			for _, v := range f.enum {
				// values may be listed once for several kinds (## Validators)
				if !strings.Contains(sec, "`"+v+"`") && !strings.Contains(doc, "| `"+v+"` |") {
					t.Errorf("docs/catalog-format.md, %s: value `%s` of `%s` is not documented", heading, v, f.path)
				}
			}
		}
	}
	if total < 150 {
		t.Errorf("only %d fields found in the schemas: the walk is not seeing nested fields", total)
	}
}
