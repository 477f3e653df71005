package load

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xstrings"
	"github.com/shuyuan-project/shuyuan/generator/schema"
	"github.com/shuyuan-project/shuyuan/generator/validator"
	"github.com/shuyuan-project/shuyuan/schemas"
)

// Validator checks decoded files against the committed JSON Schemas.
type Validator struct {
	byKind map[string]*jsonschema.Schema
	quick  map[string]*quickSchema // the quick verdict of each kind (quickschema.go)
}

// NewValidator compiles the embedded schemas.
func NewValidator() (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "uscc", Validate: validateUSCC})
	c.RegisterFormat(&jsonschema.Format{Name: "gbt2260", Validate: validateDivision})
	v := &Validator{byKind: map[string]*jsonschema.Schema{}, quick: map[string]*quickSchema{}}
	for _, k := range schema.Kinds {
		b, err := schemas.FS.ReadFile(k.File)
		if err != nil {
			return nil, fmt.Errorf("embedded schema %s: %w", k.File, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("embedded schema %s: %w", k.File, err)
		}
		url := schema.BaseURL + k.File
		if err := c.AddResource(url, doc); err != nil {
			return nil, err
		}
		s, err := c.Compile(url)
		if err != nil {
			return nil, fmt.Errorf("compiling %s: %w", k.File, err)
		}
		v.byKind[k.Name] = s
		if v.quick[k.Name], _, err = compileQuickJSON(b); err != nil {
			return nil, fmt.Errorf("embedded schema %s: %w", k.File, err)
		}
	}
	return v, nil
}

// Validate checks f against the schema of f.Kind and returns `schema` findings,
// each pointing at the offending key or value. A file the quick verdict finds
// certainly valid is not given to santhosh-tekuri.
func (v *Validator) Validate(f *File) []diag.Finding {
	fds, _, _ := v.validate(f)
	return fds
}

// validate is Validate that also says where the file is wrong: the paths (joined
// by pathKey) of every value the schema rejects and every required field that is
// missing, for decodePartial. partial is false when the file cannot be decoded in
// part (it is of another kind, or the validator failed).
func (v *Validator) validate(f *File) (out []diag.Finding, invalid map[string]bool, partial bool) {
	s := v.byKind[f.Kind]
	if s == nil || f.Data == nil {
		return nil, nil, false
	}
	if m, ok := f.Data.(map[string]any); ok {
		if k, ok := m["kind"].(string); ok && k != f.Kind {
			return []diag.Finding{{File: f.Path, Pos: f.Pos("kind"), Rule: "schema", Severity: diag.Error,
				Message: fmt.Sprintf("kind is %q but files in this folder are %s: move the file or write `kind: %s`", k, f.Kind, f.Kind)}}, nil, false
		}
	}
	if v.quick[f.Kind].valid(f.Data) {
		return nil, nil, false
	}
	err := s.Validate(f.Data)
	if err == nil {
		return nil, nil, false
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []diag.Finding{{File: f.Path, Pos: f.Pos(), Rule: "schema", Severity: diag.Error, Message: err.Error()}}, nil, false
	}
	_, isMap := f.Data.(map[string]any)
	invalid = map[string]bool{}
	seen := map[string]bool{}
	for _, leaf := range leaves(ve) {
		fd := v.finding(f, leaf)
		key := fmt.Sprint(fd.Line, fd.Col, fd.Message)
		if !seen[key] {
			seen[key] = true
			out = append(out, fd)
		}
		switch k := leaf.ErrorKind.(type) {
		case *kind.AdditionalProperties:
			// an unknown field is not decoded anyway
		case *kind.Required:
			for _, name := range k.Missing {
				invalid[pathKey(append(slices.Clip(leaf.InstanceLocation), name))] = true
			}
		default:
			invalid[pathKey(leaf.InstanceLocation)] = true
		}
	}
	diag.Sort(out)
	return out, invalid, isMap && !invalid[""]
}

// leaves flattens the error tree into the errors that say something concrete.
// A failed oneOf of localized text is reported once, at its own location.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if _, ok := e.ErrorKind.(*kind.OneOf); ok {
		// Localized text written as a map: report what is wrong inside the map
		// rather than that it is not a string.
		var inner []*jsonschema.ValidationError
		for _, c := range e.Causes {
			if _, isType := c.ErrorKind.(*kind.Type); !isType {
				inner = append(inner, c)
			}
		}
		if len(inner) == 1 {
			return leaves(inner[0])
		}
		return []*jsonschema.ValidationError{e}
	}
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

var printer = message.NewPrinter(language.English)

func (v *Validator) finding(f *File, e *jsonschema.ValidationError) diag.Finding {
	loc := make([]any, len(e.InstanceLocation))
	for i, s := range e.InstanceLocation {
		loc[i] = s
	}
	where := strings.Join(e.InstanceLocation, ".")
	field := where
	if field == "" {
		field = "the top level"
	}
	fd := diag.Finding{File: f.Path, Pos: f.Pos(loc...), Rule: "schema", Severity: diag.Error}
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		name := k.Properties[0]
		fd.Pos = f.KeyPos(append(loc, name)...)
		fd.Message = fmt.Sprintf("unknown field %q in %s%s", name, field, v.knownFields(f, e.InstanceLocation, name))
	case *kind.Required:
		fd.Pos = f.KeyPos(loc...)
		if len(loc) == 0 {
			fd.Pos = diag.Pos{Line: 1 + f.lineOffset, Col: 1}
		}
		fd.Message = fmt.Sprintf("missing required field %s in %s", quoteAll(k.Missing), field)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		fd.Message = fmt.Sprintf("%s is %q; write one of: %s", where, fmt.Sprint(k.Got), strings.Join(want, ", "))
	case *kind.Type:
		fd.Message = fmt.Sprintf("%s should be %s, not %s", where, article(strings.Join(k.Want, " or ")), article(k.Got))
	case *kind.OneOf:
		fd.Message = fmt.Sprintf("%s must be localized text: a string, or a map with `zh` (required) and `en`", where)
	case *kind.MaxLength:
		fd.Message = fmt.Sprintf("%s has %d characters; at most %d are allowed: shorten it", where, k.Got, k.Want)
	case *kind.MinLength:
		fd.Message = fmt.Sprintf("%s has %d characters; write at least %d", where, k.Got, k.Want)
	case *kind.MinItems:
		fd.Message = fmt.Sprintf("%s needs at least %d item(s), has %d", where, k.Want, k.Got)
	case *kind.Format:
		switch k.Want {
		case "uscc", "gbt2260":
			fd.Message = fmt.Sprintf("%s %q %v", where, fmt.Sprint(k.Got), k.Err)
		case "date":
			fd.Message = fmt.Sprintf("%s %q is not a date: write YYYY-MM-DD with two-digit month and day, such as 2026-01-05", where, fmt.Sprint(k.Got))
		case "email":
			fd.Message = fmt.Sprintf("%s %q is not an email address: write a role mailbox such as data@example.gov.cn", where, fmt.Sprint(k.Got))
		case "uri":
			fd.Message = fmt.Sprintf("%s %q is not an absolute address: write it in full, such as https://example.gov.cn/", where, fmt.Sprint(k.Got))
		default:
			fd.Message = fmt.Sprintf("%s: %s", field, e.ErrorKind.LocalizedString(printer))
		}
	case *kind.Maximum:
		fd.Message = fmt.Sprintf("%s is %s; the largest allowed is %s", where, ratString(k.Got), ratString(k.Want))
	case *kind.Minimum:
		fd.Message = fmt.Sprintf("%s is %s; the smallest allowed is %s", where, ratString(k.Got), ratString(k.Want))
	case *kind.Pattern:
		if strings.HasPrefix(k.Want, webURLPattern) {
			ending := ""
			if strings.HasSuffix(k.Want, "/$") {
				ending = " ending in /"
			}
			fd.Message = fmt.Sprintf("%s %q is not a web address%s: write it in full with https:// (or http://), such as https://example.gov.cn/; other schemes (javascript:, data:, file:) are refused", where, k.Got, ending)
			break
		}
		fd.Message = fmt.Sprintf("%s %q does not match the required form %s%s", where, k.Got, k.Want, patternHint(k.Want))
	default:
		fd.Message = fmt.Sprintf("%s: %s", field, e.ErrorKind.LocalizedString(printer))
	}
	return fd
}

// validateUSCC is the JSON Schema format "uscc": a unified social credit code with a
// valid GB 32100 check character. Values of the wrong shape are left to the pattern
// beside the format, so that one mistake gives one finding.
func validateUSCC(v any) error {
	s, ok := v.(string)
	if !ok || !usccShape.MatchString(s) {
		return nil
	}
	if !validator.ValidUSCC(s) {
		if c, ok := validator.USCCCheckChar(s[:17]); ok && isDigits(s[2:8]) {
			return fmt.Errorf("is not a valid unified social credit code: its GB 32100 check character should be %c, not %c; copy the code again from the business licence", c, s[17])
		}
		return errors.New("is not a valid unified social credit code (GB 32100): characters 3 to 8 must be the division code; copy the code again from the business licence")
	}
	return nil
}

// validateDivision is the JSON Schema format "gbt2260": a current GB/T 2260
// administrative division code. Values that are not six digits are left to the pattern.
func validateDivision(v any) error {
	s, ok := v.(string)
	if !ok || len(s) != 6 || !isDigits(s) {
		return nil
	}
	if !validator.ValidDivision(s) {
		return errors.New("is not a GB/T 2260 administrative division code: write the six-digit code of a current province, city or district, such as 310115 for 浦东新区")
	}
	return nil
}

var usccShape = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{18}$`)

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ratString prints a JSON Schema number as written: 5, 1.5.
func ratString(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// webURLPattern starts the pattern of every URL field (homepage, repository,
// base_url): an http or https address.
const webURLPattern = "^https?://"

func patternHint(p string) string {
	switch {
	case strings.HasPrefix(p, "^[a-z0-9]+"):
		return " (lowercase letters, digits and single hyphens, at most 64 characters)"
	case strings.HasPrefix(p, "^(0|[1-9]"):
		return " (a semantic version such as 1.2.0)"
	case strings.HasPrefix(p, "^[0-9]{4}-"):
		return " (a date YYYY-MM-DD)"
	case strings.HasPrefix(p, "^[0-9]{6}"):
		return " (a six-digit GB/T 2260 division code)"
	case strings.HasPrefix(p, "^[0-9A-HJ-NPQRTUWXY]{18}"):
		return " (a unified social credit code: 18 digits and capital letters other than I, O, S, V and Z)"
	case strings.HasPrefix(p, "^(env:"):
		return " (a key reference env:SHUYUAN_KEY_NAME — an environment variable whose name starts with SHUYUAN_KEY_ — or file:PATH, never the key itself)"
	}
	return ""
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func article(t string) string {
	switch t {
	case "object":
		return "a map"
	case "array":
		return "a list"
	case "integer":
		return "an integer"
	case "null":
		return "empty"
	}
	return "a " + t
}

// knownFields suggests the closest known field name and lists them all.
func (v *Validator) knownFields(f *File, loc []string, bad string) string {
	names := propertyNames(v.byKind[f.Kind], loc, f.Data)
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	if best, ok := xstrings.Closest(bad, names); ok {
		return fmt.Sprintf(": did you mean %q?", best)
	}
	return "; known fields: " + strings.Join(names, ", ")
}

// propertyNames finds the properties allowed at loc by walking the compiled schema.
func propertyNames(s *jsonschema.Schema, loc []string, data any) []string {
	for _, seg := range loc {
		if s == nil {
			return nil
		}
		if len(s.OneOf) > 0 {
			s = objectBranch(s.OneOf)
		}
		if _, err := strconv.Atoi(seg); err == nil && s.Items2020 != nil {
			s = s.Items2020
			continue
		}
		s = s.Properties[seg]
	}
	if s == nil {
		return nil
	}
	if len(s.OneOf) > 0 {
		s = objectBranch(s.OneOf)
	}
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	return names
}

func objectBranch(ss []*jsonschema.Schema) *jsonschema.Schema {
	for _, s := range ss {
		if s.Types != nil && slices.Contains(s.Types.ToStrings(), "object") {
			return s
		}
	}
	return nil
}
