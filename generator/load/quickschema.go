package load

import (
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The quick verdict. Almost every catalog file is valid, and santhosh-tekuri's
// validator spends about a thousand allocations on a dataset file to say so.
// quickSchema is the same JSON Schema compiled into a small tree of checks that
// answers one question cheaply: is this document certainly valid? It says yes only
// when santhosh-tekuri (draft 2020-12, formats asserted) certainly accepts the
// document; whenever it cannot be sure (a keyword it does not know, a float where
// an integer is wanted, an unusual email address) it says unsure, and Validate
// falls through to santhosh-tekuri, which also writes the positioned findings.

// verdict is the quick validator's answer for one value against one subschema.
type verdict uint8

const (
	unsure  verdict = iota // only santhosh-tekuri can tell
	invalid                // santhosh-tekuri certainly rejects the value
	valid                  // santhosh-tekuri certainly accepts the value
)

// exact turns a decided condition into valid or invalid.
func exact(ok bool) verdict {
	if ok {
		return valid
	}
	return invalid
}

// JSON types as bits, for the type keyword and the classification of a value.
const (
	tObject uint8 = 1 << iota
	tArray
	tString
	tBoolean
	tNull
	tNumber
	tInteger
)

var typeBits = map[string]uint8{
	"object": tObject, "array": tArray, "string": tString, "boolean": tBoolean,
	"null": tNull, "number": tNumber, "integer": tInteger,
}

// classify gives the JSON type bits of v. ok is false for values santhosh-tekuri
// treats specially or rejects (NaN, infinities, Go types the decoders never
// produce). A float64 is not classed as an integer even when it has no fraction.
func classify(v any) (bits uint8, ok bool) {
	switch x := v.(type) {
	case map[string]any:
		return tObject, true
	case []any:
		return tArray, true
	case string:
		return tString, true
	case bool:
		return tBoolean, true
	case nil:
		return tNull, true
	case uint64, int64:
		return tNumber | tInteger, true
	case float64:
		return tNumber, !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	return 0, false
}

// quickSchema is one subschema compiled for the quick verdict: a check for each
// of its keywords, all of which must hold. A check is given any value and, like
// santhosh-tekuri, ignores values of types its keyword does not apply to.
type quickSchema struct {
	checks []func(v any) verdict
}

// valid reports whether v is certainly valid against s; a nil s knows nothing.
func (s *quickSchema) valid(v any) bool { return s != nil && s.check(v) == valid }

// check decides v against s. It returns at the first check that does not say
// valid: invalid when that keyword certainly fails (so that a oneOf branch can be
// ruled out), otherwise unsure.
func (s *quickSchema) check(v any) verdict {
	if _, ok := classify(v); !ok {
		return unsure
	}
	for _, c := range s.checks {
		if r := c(v); r != valid {
			return r
		}
	}
	return valid
}

// alwaysUnsure is the compiled form of a subschema using a keyword the quick
// compiler does not handle.
var alwaysUnsure = &quickSchema{checks: []func(any) verdict{func(any) verdict { return unsure }}}

// compileQuickJSON compiles a schema file's bytes, the same bytes NewValidator
// gives santhosh-tekuri. unknown lists where the schema uses keywords (or forms
// of them) the quick compiler does not handle; those subschemas are always unsure.
func compileQuickJSON(b []byte) (s *quickSchema, unknown []string, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, nil, err
	}
	c := &quickCompiler{}
	return c.compile(raw, "#"), c.unknown, nil
}

// quickCompiler compiles decoded JSON Schemas into quickSchemas.
type quickCompiler struct {
	unknown []string // the JSON pointers of the keywords it does not handle
}

// compile compiles the subschema raw found at where.
func (c *quickCompiler) compile(raw any, where string) *quickSchema {
	obj, ok := raw.(map[string]any)
	if !ok {
		c.unknown = append(c.unknown, where+" (a boolean schema)")
		return alwaysUnsure
	}
	s := &quickSchema{}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		check, known := c.keyword(obj, k, where+"/"+k)
		if !known {
			c.unknown = append(c.unknown, where+"/"+k)
			return alwaysUnsure
		}
		if check != nil {
			s.checks = append(s.checks, check)
		}
	}
	if obj["if"] != nil && obj["then"] != nil {
		ifS, thenS := c.compile(obj["if"], where+"/if"), c.compile(obj["then"], where+"/then")
		s.checks = append(s.checks, func(v any) verdict {
			switch ifS.check(v) {
			case unsure:
				return unsure
			case valid:
				return thenS.check(v)
			}
			return valid
		})
	}
	return s
}

// keyword compiles keyword k of the subschema obj. known is false when the quick
// verdict does not handle k or this form of its value; check is nil for keywords
// that assert nothing on their own.
func (c *quickCompiler) keyword(obj map[string]any, k, where string) (check func(v any) verdict, known bool) {
	val := obj[k]
	switch k {
	case "description", "title", "$id", "if", "then": // if and then are compiled together, in compile
		return nil, true
	case "$schema":
		return nil, val == "https://json-schema.org/draft/2020-12/schema"
	case "type":
		name, _ := val.(string)
		t := typeBits[name]
		return func(v any) verdict {
			bits, _ := classify(v)
			if bits&t == 0 && t == tInteger && bits == tNumber {
				return unsure // a float64 with zero fraction is an integer to santhosh-tekuri
			}
			return exact(bits&t != 0)
		}, t != 0
	case "properties":
		m, ok := val.(map[string]any)
		props := make(map[string]*quickSchema, len(m))
		for name, sub := range m {
			props[name] = c.compile(sub, where+"/"+name)
		}
		closed := obj["additionalProperties"] == false
		return func(v any) verdict {
			m, _ := v.(map[string]any)
			for name, x := range m {
				if p := props[name]; p != nil {
					if r := p.check(x); r != valid {
						return r
					}
				} else if closed {
					return invalid
				}
			}
			return valid
		}, ok
	case "additionalProperties":
		if val == false { // applied with properties
			return nil, obj["properties"] != nil
		}
		sub, isSchema := val.(map[string]any)
		declared, _ := obj["properties"].(map[string]any)
		extra := c.compile(sub, where)
		return func(v any) verdict {
			m, _ := v.(map[string]any)
			for name, x := range m {
				if _, ok := declared[name]; ok {
					continue
				}
				if r := extra.check(x); r != valid {
					return r
				}
			}
			return valid
		}, isSchema
	case "required":
		names, ok := stringList(val)
		return func(v any) verdict {
			m, isObject := v.(map[string]any)
			for _, name := range names {
				if _, has := m[name]; isObject && !has {
					return invalid
				}
			}
			return valid
		}, ok
	case "enum":
		list, ok := stringList(val)
		return func(v any) verdict {
			s, isString := v.(string)
			return exact(isString && slices.Contains(list, s))
		}, ok
	case "const":
		want, ok := val.(string)
		return func(v any) verdict {
			s, isString := v.(string)
			return exact(isString && s == want)
		}, ok
	case "oneOf":
		list, ok := val.([]any)
		var branches []*quickSchema
		for i, sub := range list {
			branches = append(branches, c.compile(sub, where+"/"+strconv.Itoa(i)))
		}
		return func(v any) verdict { return oneOf(branches, v) }, ok && len(list) > 0
	case "pattern":
		p, isString := val.(string)
		re, err := regexp.Compile(p) // santhosh-tekuri's default engine is Go's regexp
		return stringCheck(func(s string) bool { return re.MatchString(s) }), isString && err == nil
	case "minLength", "maxLength":
		n, ok := bound(val)
		return stringCheck(func(s string) bool {
			l := int64(utf8.RuneCountInString(s)) // code points, as santhosh-tekuri counts
			return k == "minLength" && l >= n || k == "maxLength" && l <= n
		}), ok && n >= 0
	case "minimum", "maximum", "exclusiveMinimum":
		b, ok := bound(val)
		return func(v any) verdict {
			switch v.(type) {
			case uint64, int64, float64:
				c := compare(v, b)
				return exact(k == "minimum" && c >= 0 || k == "maximum" && c <= 0 || k == "exclusiveMinimum" && c > 0)
			}
			return valid
		}, ok
	case "minItems":
		n, ok := bound(val)
		return func(v any) verdict {
			a, isArray := v.([]any)
			return exact(!isArray || int64(len(a)) >= n)
		}, ok && n >= 0
	case "uniqueItems":
		unique, ok := val.(bool)
		if !unique {
			return nil, ok
		}
		return func(v any) verdict {
			a, _ := v.([]any)
			return uniqueStrings(a)
		}, true
	case "items":
		items := c.compile(val, where)
		return func(v any) verdict {
			a, _ := v.([]any)
			for _, x := range a {
				if r := items.check(x); r != valid {
					return r
				}
			}
			return valid
		}, true
	case "format":
		name, _ := val.(string)
		f := quickFormats[name]
		return func(v any) verdict {
			if _, isString := v.(string); isString {
				return f(v)
			}
			return valid
		}, f != nil
	}
	return nil, false
}

// stringCheck is a check that applies ok to strings and passes other values.
func stringCheck(ok func(string) bool) func(any) verdict {
	return func(v any) verdict {
		s, isString := v.(string)
		return exact(!isString || ok(s))
	}
}

// stringList reads a JSON array of strings.
func stringList(val any) ([]string, bool) {
	list, ok := val.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		if out[i], ok = x.(string); !ok {
			return nil, false
		}
	}
	return out, ok
}

// bound reads an integer of at most 2^53 in magnitude, written without fraction
// or exponent. Such a bound is exactly a float64, so comparing a float64 value
// with it in floating point agrees with santhosh-tekuri's comparison of the
// value's shortest decimal form as a big.Rat: rounding is monotonic, and a
// float64 equal to the bound prints as the bound.
func bound(val any) (int64, bool) {
	num, _ := val.(json.Number)
	n, err := strconv.ParseInt(string(num), 10, 64)
	return n, err == nil && n <= 1<<53 && n >= -(1<<53)
}

// compare returns -1, 0 or 1 as the number v (uint64, int64 or finite float64) is
// less than, equal to or greater than b (see bound for why floats are exact).
func compare(v any, b int64) int {
	switch x := v.(type) {
	case uint64:
		if b < 0 {
			return 1
		}
		return cmp.Compare(x, uint64(b))
	case int64:
		return cmp.Compare(x, b)
	}
	return cmp.Compare(v.(float64), float64(b))
}

// oneOf decides oneOf: exactly one branch valid, the others certainly invalid.
func oneOf(branches []*quickSchema, v any) verdict {
	matched := 0
	for _, b := range branches {
		switch b.check(v) {
		case unsure:
			return unsure
		case valid:
			matched++
		}
	}
	return exact(matched == 1)
}

// uniqueStrings decides uniqueItems for a list of at most 64 strings; longer
// lists and lists holding any other value are left unsure.
func uniqueStrings(a []any) verdict {
	if len(a) > 64 {
		return unsure
	}
	for i, x := range a {
		if _, ok := x.(string); !ok {
			return unsure
		}
		if slices.Contains(a[:i], x) {
			return invalid
		}
	}
	return valid
}

// quickFormats are the formats the quick verdict knows, each called with a string.
// uscc and gbt2260 are the very functions registered with santhosh-tekuri; date
// is santhosh-tekuri's own check (time.Parse with layout 2006-01-02); email and
// uri accept only plain forms and are unsure of the rest.
var quickFormats = map[string]func(v any) verdict{
	"uscc":    func(v any) verdict { return exact(validateUSCC(v) == nil) },
	"gbt2260": func(v any) verdict { return exact(validateDivision(v) == nil) },
	"date": func(v any) verdict {
		_, err := time.Parse("2006-01-02", v.(string))
		return exact(err == nil)
	},
	"email": quickEmail,
	"uri":   quickURI,
}

// quickEmail is valid for local@host.tld with a dot-atom local part of letters,
// digits, '_', '+' and '-', and a hostname of letter-digit-hyphen labels, within
// the length limits santhosh-tekuri checks; unsure otherwise.
func quickEmail(v any) verdict {
	s := v.(string)
	local, domain, ok := strings.Cut(s, "@")
	if !ok || len(s) > 254 || len(local) > 64 || len(domain) > 253 || !strings.Contains(domain, ".") ||
		!labels(local, "_+-", false) || !labels(domain, "-", true) {
		return unsure
	}
	return valid
}

// quickURI is valid for http:// or https://, a hostname of letter-digit-hyphen
// labels, an optional port of one to five digits, and a path and query of letters,
// digits and "-._~/?=&"; unsure otherwise.
func quickURI(v any) verdict {
	s := v.(string)
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return unsure
		}
	}
	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	host, port, hasPort := strings.Cut(authority, ":")
	if !labels(host, "-", true) || hasPort && (len(port) < 1 || len(port) > 5 || !isDigits(port)) {
		return unsure
	}
	for i := 0; i < len(tail); i++ {
		if c := tail[i]; !isAlnum(c) && strings.IndexByte("-._~/?=&", c) < 0 {
			return unsure
		}
	}
	return valid
}

// labels reports whether s is one or more non-empty dot-separated labels of ASCII
// letters, digits and the bytes of extra; for a hostname, labels are at most 63
// bytes and neither start nor end with a hyphen.
func labels(s, extra string, hostname bool) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			if !isAlnum(s[i]) && strings.IndexByte(extra, s[i]) < 0 {
				return false
			}
			continue
		}
		l := s[start:i]
		if l == "" || hostname && (len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-') {
			return false
		}
		start = i + 1
	}
	return true
}

// isAlnum reports whether c is an ASCII letter or digit.
func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
