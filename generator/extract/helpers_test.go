package extract

import (
	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"crypto/hmac"
	"crypto/sha256"
	"time"
)

type timeT = time.Time

func parseTime(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

func hmacSum(key, msg string) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func deref(p *string) string {
	if p == nil {
		return "<missing>"
	}
	return *p
}

type ecma struct{ *regexp2.Regexp }

func (r ecma) MatchString(s string) bool { ok, _ := r.Regexp.MatchString(s); return ok }

func ecmaRegexp(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return ecma{re}, nil
}
