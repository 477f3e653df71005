package model

import (
	"fmt"

	"github.com/invopop/jsonschema"
	orderedmap "github.com/pb33f/ordered-map/v2"
)

// Text is localized text: in YAML either a plain string (Chinese) or a map {zh: …, en: …}.
type Text struct {
	// Zh is the Chinese text; always present.
	Zh string `yaml:"zh" json:"zh"`
	// En is the English text; recommended.
	En string `yaml:"en,omitempty" json:"en,omitempty"`
}

// UnmarshalYAML accepts either a string or a {zh, en} map.
func (t *Text) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err == nil {
		*t = Text{Zh: s}
		return nil
	}
	var m struct {
		Zh string `yaml:"zh"`
		En string `yaml:"en"`
	}
	if err := unmarshal(&m); err != nil {
		return fmt.Errorf("localized text must be a string or a {zh, en} map: %w", err)
	}
	*t = Text{Zh: m.Zh, En: m.En}
	return nil
}

// In returns the text in lang ("zh" or "en"), falling back to Chinese when the
// English text is missing.
func (t Text) In(lang string) string {
	if lang == "en" && t.En != "" {
		return t.En
	}
	return t.Zh
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool { return t.Zh == "" && t.En == "" }

// JSONSchema describes localized text as a string or a {zh, en} object.
func (Text) JSONSchema() *jsonschema.Schema {
	props := orderedmap.New[string, *jsonschema.Schema]()
	props.Set("zh", &jsonschema.Schema{Type: "string", MinLength: ptr(uint64(1)), Description: "Chinese text (required)."})
	props.Set("en", &jsonschema.Schema{Type: "string", Description: "English text (recommended)."})
	return &jsonschema.Schema{
		Description: "Localized text: a plain Chinese string, or a map {zh: …, en: …}.",
		OneOf: []*jsonschema.Schema{
			{Type: "string", MinLength: ptr(uint64(1))},
			{Type: "object", Properties: props, Required: []string{"zh"}, AdditionalProperties: jsonschema.FalseSchema},
		},
	}
}

func ptr[T any](v T) *T { return &v }

// Date is a calendar date written YYYY-MM-DD.
type Date string

// JSONSchema describes a YYYY-MM-DD date.
func (Date) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Format: "date", Pattern: `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, Description: "A date written YYYY-MM-DD."}
}
