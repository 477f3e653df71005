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
	// Untranslated keeps text written in another language (an imported Japanese
	// title, say) until someone translates it into zh and en; lint lists every one
	// (rule untranslated). It is never published.
	Untranslated *Untranslated `yaml:"untranslated,omitempty" json:"untranslated,omitempty"`
}

// Untranslated is text in a language other than Chinese or English, awaiting review.
type Untranslated struct {
	// Lang is the text's BCP 47 language tag, e.g. ja or ko; und when unknown.
	Lang string `yaml:"lang" json:"lang"`
	// Text is the text as the source wrote it.
	Text string `yaml:"text" json:"text"`
}

// UnmarshalYAML accepts either a string or a {zh, en} map.
func (t *Text) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err == nil {
		*t = Text{Zh: s}
		return nil
	}
	var m struct {
		Zh           string        `yaml:"zh"`
		En           string        `yaml:"en"`
		Untranslated *Untranslated `yaml:"untranslated"`
	}
	if err := unmarshal(&m); err != nil {
		return fmt.Errorf("localized text must be a string or a {zh, en} map: %w", err)
	}
	*t = Text{Zh: m.Zh, En: m.En, Untranslated: m.Untranslated}
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
	untr := orderedmap.New[string, *jsonschema.Schema]()
	untr.Set("lang", &jsonschema.Schema{Type: "string", Pattern: LangTagPattern, Description: "BCP 47 language tag of the text, e.g. ja; und when unknown."})
	untr.Set("text", &jsonschema.Schema{Type: "string", MinLength: ptr(uint64(1)), Description: "The text as the source wrote it."})
	props.Set("untranslated", &jsonschema.Schema{
		Type: "object", Properties: untr, Required: []string{"lang", "text"}, AdditionalProperties: jsonschema.FalseSchema,
		Description: "Text in another language (e.g. an imported Japanese title) awaiting translation into zh and en; never published, listed by the lint rule untranslated.",
	})
	return &jsonschema.Schema{
		Description: "Localized text: a plain Chinese string, or a map {zh: …, en: …}.",
		OneOf: []*jsonschema.Schema{
			{Type: "string", MinLength: ptr(uint64(1))},
			{Type: "object", Properties: props, Required: []string{"zh"}, AdditionalProperties: jsonschema.FalseSchema},
		},
	}
}

// LangTagPattern matches the BCP 47 language tags Untranslated.Lang takes: a
// primary language subtag (ja, ko, und, …) and optional subtags (zh-Hant, sr-Latn).
const LangTagPattern = `^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`

func ptr[T any](v T) *T { return &v }

// Date is a calendar date written YYYY-MM-DD.
type Date string

// JSONSchema describes a YYYY-MM-DD date.
func (Date) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Format: "date", Pattern: `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, Description: "A date written YYYY-MM-DD."}
}
