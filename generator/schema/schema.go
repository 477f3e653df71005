// Package schema generates the JSON Schema of every catalog kind from the Go types in
// package model, with descriptions taken from their doc comments.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/invopop/jsonschema"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// BaseURL is where the published schemas live; each schema's $id is BaseURL + file name.
const BaseURL = "https://shuyuan-project.github.io/shuyuan/schemas/"

// ModulePath is the Go module path used to find doc comments.
const ModulePath = "github.com/shuyuan-project/shuyuan"

// Kind pairs a catalog kind with the Go type and the schema file that describes it.
type Kind struct {
	// Name is the value of the kind field ("Guide" for guide front matter).
	Name string
	// File is the schema's file name in schemas/.
	File string
	// Type is a zero value of the model type.
	Type any
}

// Kinds lists every schema shuyuan writes.
var Kinds = []Kind{
	{model.KindPortal, "portal.schema.json", &model.Portal{}},
	{model.KindDepartment, "department.schema.json", &model.Department{}},
	{model.KindDataElement, "data-element.schema.json", &model.DataElement{}},
	{model.KindDataset, "dataset.schema.json", &model.Dataset{}},
	{model.KindPricingPolicy, "pricing-policy.schema.json", &model.PricingPolicy{}},
	{model.KindRequest, "request.schema.json", &model.Request{}},
	{model.KindObjection, "objection.schema.json", &model.Objection{}},
	{model.KindCalendar, "calendar.schema.json", &model.Calendar{}},
	{"Guide", "guide.schema.json", &model.GuideFrontMatter{}},
}

// FileFor returns the schema file name of a kind, or "" for an unknown kind.
func FileFor(kind string) string {
	for _, k := range Kinds {
		if k.Name == kind {
			return k.File
		}
	}
	return ""
}

// Generate builds every schema. moduleRoot is the directory holding go.mod; doc
// comments are read from its generator/model folder, so call it from the module root
// with a path without "..", or descriptions are lost.
func Generate(withComments bool) (map[string][]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: false,
		DoNotReference:             true,
		ExpandedStruct:             true,
	}
	if withComments {
		if err := r.AddGoComments(ModulePath, "./generator/model"); err != nil {
			return nil, fmt.Errorf("reading doc comments: %w", err)
		}
		if len(r.CommentMap) == 0 {
			return nil, fmt.Errorf("no doc comments found: run from the module root")
		}
	}
	out := make(map[string][]byte, len(Kinds))
	for _, k := range Kinds {
		s := r.Reflect(k.Type)
		s.ID = jsonschema.ID(BaseURL + k.File)
		s.Title = k.Name
		if k.Name == "Guide" {
			s.Title = "Guide page front matter"
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(s); err != nil {
			return nil, fmt.Errorf("encoding %s: %w", k.File, err)
		}
		out[k.File] = buf.Bytes()
	}
	return out, nil
}

// typeName is used by tests to list the kinds' Go types.
func typeName(v any) string { return reflect.TypeOf(v).Elem().Name() }
