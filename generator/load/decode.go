package load

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// decodeData stores the plain value v (File.Data: maps, lists and scalars as the
// fast path makes them) into out, a non-nil pointer to a model value, as yaml.v3
// decodes the same document into it: fields by their yaml tag (or lower-cased
// name), unknown keys ignored, null leaving values unset, pointers allocated,
// numbers converted where they fit, and types with an UnmarshalYAML(func(any)
// error) method (model.Text) asked to decode themselves; an interface takes the
// plain value as it is. It is the one decoder of catalog files, whichever way they
// were read; checkSamePaths compares it with yaml.v3's Node.Decode.
func decodeData(v any, out any) error {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return fmt.Errorf("cannot decode into %T: need a non-nil pointer", out)
	}
	return decodeValue(v, rv.Elem())
}

type obsoleteUnmarshaler interface {
	UnmarshalYAML(unmarshal func(any) error) error
}

var obsoleteType = reflect.TypeFor[obsoleteUnmarshaler]()

func decodeValue(v any, out reflect.Value) error {
	if v == nil {
		if nullable(out.Kind()) {
			out.SetZero()
		}
		return nil
	}
	for out.Kind() == reflect.Pointer {
		if out.IsNil() {
			out.Set(reflect.New(out.Type().Elem()))
		}
		out = out.Elem()
	}
	if out.CanAddr() {
		if t, ok := out.Addr().Interface().(*model.Text); ok && decodeText(v, t) {
			return nil
		}
		if selfDecoding(out.Type()) {
			u := out.Addr().Interface().(obsoleteUnmarshaler)
			return u.UnmarshalYAML(func(x any) error { return decodeData(v, x) })
		}
	}
	switch out.Kind() {
	case reflect.String:
		switch s := v.(type) {
		case string:
			out.SetString(s)
			return nil
		case uint64, int64, float64, bool:
			out.SetString(fmt.Sprint(s)) // yaml.v3 keeps the text; only schema-invalid files get here
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		switch n := v.(type) {
		case int64:
			if !out.OverflowInt(n) {
				out.SetInt(n)
				return nil
			}
		case uint64:
			if n <= math.MaxInt64 && !out.OverflowInt(int64(n)) {
				out.SetInt(int64(n))
				return nil
			}
		case float64:
			if n <= math.MaxInt64 && !out.OverflowInt(int64(n)) {
				out.SetInt(int64(n))
				return nil
			}
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		switch n := v.(type) {
		case int64:
			if n >= 0 && !out.OverflowUint(uint64(n)) {
				out.SetUint(uint64(n))
				return nil
			}
		case uint64:
			if !out.OverflowUint(n) {
				out.SetUint(n)
				return nil
			}
		case float64:
			if n >= 0 && n <= math.MaxUint64 && !out.OverflowUint(uint64(n)) {
				out.SetUint(uint64(n))
				return nil
			}
		}
	case reflect.Float32, reflect.Float64:
		switch n := v.(type) {
		case int64:
			out.SetFloat(float64(n))
			return nil
		case uint64:
			out.SetFloat(float64(n))
			return nil
		case float64:
			out.SetFloat(n)
			return nil
		}
	case reflect.Bool:
		switch b := v.(type) {
		case bool:
			out.SetBool(b)
			return nil
		case string: // yaml.v3 reads YAML 1.1 booleans into a bool
			switch b {
			case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON":
				out.SetBool(true)
				return nil
			case "n", "N", "no", "No", "NO", "off", "Off", "OFF":
				out.SetBool(false)
				return nil
			}
		}
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			break
		}
		s := reflect.MakeSlice(out.Type(), len(items), len(items))
		j := 0
		for _, item := range items {
			if item == nil && !nullable(out.Type().Elem().Kind()) {
				continue // yaml.v3 drops a null item it cannot store
			}
			if err := decodeValue(item, s.Index(j)); err != nil {
				return err
			}
			j++
		}
		out.Set(s.Slice(0, j))
		return nil
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok || out.Type().Key().Kind() != reflect.String {
			break
		}
		if out.IsNil() {
			out.Set(reflect.MakeMapWithSize(out.Type(), len(m)))
		}
		et := out.Type().Elem()
		for k, item := range m {
			e := reflect.New(et).Elem()
			if err := decodeValue(item, e); err != nil {
				return err
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(out.Type().Key()), e)
		}
		return nil
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		plan, err := structPlan(out.Type())
		if err != nil {
			return err
		}
		for k, item := range m {
			if i, ok := plan[k]; ok {
				if err := decodeValue(item, out.Field(i)); err != nil {
					return err
				}
			}
		}
		return nil
	case reflect.Interface:
		if out.NumMethod() == 0 {
			out.Set(reflect.ValueOf(v))
			return nil
		}
	}
	return &typeError{v: v, t: out.Type()}
}

// typeError is a value that does not fit its Go type. It is formatted only when
// printed: model.Text's UnmarshalYAML tries a string first and discards the error
// for every {zh, en} map.
type typeError struct {
	v any
	t reflect.Type
}

func (e *typeError) Error() string {
	return fmt.Sprintf("cannot decode %s into %s", describe(e.v), e.t)
}

var selfDecoders sync.Map // reflect.Type → bool

// selfDecoding reports whether values of t (addressable) decode themselves with
// an UnmarshalYAML(func(any) error) method, as model.Text does.
func selfDecoding(t reflect.Type) bool {
	if u, ok := selfDecoders.Load(t); ok {
		return u.(bool)
	}
	u := reflect.PointerTo(t).Implements(obsoleteType)
	selfDecoders.Store(t, u)
	return u
}

// decodeText stores localized text written the two ways the schema allows, a
// string or a map of strings, as model.Text's UnmarshalYAML does, without its
// round trips through decodeData; anything else (false) goes through UnmarshalYAML.
func decodeText(v any, t *model.Text) bool {
	switch v := v.(type) {
	case string:
		*t = model.Text{Zh: v}
		return true
	case map[string]any:
		zh, okZh := v["zh"].(string)
		en, okEn := v["en"].(string)
		if (!okZh && v["zh"] != nil) || (!okEn && v["en"] != nil) {
			return false
		}
		var untr *model.Untranslated
		if u, ok := v["untranslated"]; ok && u != nil {
			m, ok := u.(map[string]any)
			if !ok {
				return false
			}
			lang, okL := m["lang"].(string)
			text, okT := m["text"].(string)
			if !okL || !okT {
				return false
			}
			untr = &model.Untranslated{Lang: lang, Text: text}
		}
		*t = model.Text{Zh: zh, En: en, Untranslated: untr}
		return true
	}
	return false
}

// nullable reports whether yaml.v3 stores a null in a value of kind k.
func nullable(k reflect.Kind) bool {
	switch k {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return true
	}
	return false
}

func describe(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return "a string"
	}
	return fmt.Sprintf("the value %v", v)
}

var plans sync.Map // reflect.Type → map[string]int

// structPlan maps each YAML key of a struct type to its field index, as yaml.v3
// names fields: the tag's name, or the field name in lower case; "-" skips.
func structPlan(t reflect.Type) (map[string]int, error) {
	if p, ok := plans.Load(t); ok {
		return p.(map[string]int), nil
	}
	p := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous || strings.Contains(opts, "inline") {
			return nil, fmt.Errorf("cannot decode into %s: embedded and inline fields are not supported", t)
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		p[name] = i
	}
	plans.Store(t, p)
	return p, nil
}
