package load

import (
	"reflect"
	"strconv"
	"strings"
)

// decodePartial decodes v into out (a non-nil pointer to a model value) as far as
// it can, for a file that failed the schema: the value at each path of skip (where
// the schema found it wrong) and every value that does not fit its Go type are left
// zero, list items keep their index (a null or unfit item is a zero item), and
// nothing is an error. It returns the paths it left zero because they did not fit.
// Paths are keys and list indexes joined by pathKey.
func decodePartial(v any, out any, skip map[string]bool) (unfit []string) {
	rv := reflect.ValueOf(out)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil
	}
	lz := &lenient{skip: skip}
	lz.decode(v, rv.Elem())
	return lz.unfit
}

// pathKey joins the segments of a path (keys, and list indexes as decimal strings,
// as JSON Schema instance locations write them) into one map key.
func pathKey(segs []string) string { return strings.Join(segs, "\x00") }

// lenient is the state of decodePartial: where it is, what to skip, what did not fit.
type lenient struct {
	path  []string
	skip  map[string]bool
	unfit []string
}

// skipBelow reports whether a path to skip lies strictly inside key.
func (lz *lenient) skipBelow(key string) bool {
	for p := range lz.skip {
		if key == "" && p != "" || strings.HasPrefix(p, key+"\x00") {
			return true
		}
	}
	return false
}

func (lz *lenient) decode(v any, out reflect.Value) {
	key := pathKey(lz.path)
	if lz.skip[key] || v == nil {
		return
	}
	if !lz.skipBelow(key) {
		if decodeValue(v, out) == nil {
			return
		}
		out.SetZero()
	}
	target := out
	for target.Kind() == reflect.Pointer {
		if target.IsNil() {
			target.Set(reflect.New(target.Type().Elem()))
		}
		target = target.Elem()
	}
	fits := false
	switch {
	case target.Kind() == reflect.Struct && !selfDecoding(target.Type()):
		m, ok := v.(map[string]any)
		plan, err := structPlan(target.Type())
		if !ok || err != nil {
			break
		}
		fits = true
		for k, item := range m {
			if i, ok := plan[k]; ok {
				lz.path = append(lz.path, k)
				lz.decode(item, target.Field(i))
				lz.path = lz.path[:len(lz.path)-1]
			}
		}
	case target.Kind() == reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			break
		}
		fits = true
		s := reflect.MakeSlice(target.Type(), len(items), len(items))
		for i, item := range items {
			lz.path = append(lz.path, strconv.Itoa(i))
			lz.decode(item, s.Index(i))
			lz.path = lz.path[:len(lz.path)-1]
		}
		target.Set(s)
	case target.Kind() == reflect.Map && target.Type().Key().Kind() == reflect.String:
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		fits = true
		target.Set(reflect.MakeMapWithSize(target.Type(), len(m)))
		for k, item := range m {
			e := reflect.New(target.Type().Elem()).Elem()
			lz.path = append(lz.path, k)
			lz.decode(item, e)
			lz.path = lz.path[:len(lz.path)-1]
			target.SetMapIndex(reflect.ValueOf(k).Convert(target.Type().Key()), e)
		}
	}
	if !fits {
		out.SetZero() // a nil pointer again, not a pointer to a zero value
		lz.unfit = append(lz.unfit, key)
	}
}
