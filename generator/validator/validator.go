package validator

import "sort"

// Func reports whether a value is recognised by a validator.
type Func func(string) bool

// registry maps every validator name of catalog-format.md to its function.
var registry = map[string]Func{
	"cn-resident-id": ValidResidentID,
	"uscc":           ValidUSCC,
	"cn-mobile":      ValidMobile,
	"bank-card":      ValidBankCard,
	"email":          ValidEmail,
	"cn-plate":       ValidPlate,
	"ipv4":           ValidIPv4,
	"gbt2260":        ValidDivision,
}

// Get returns the validator with name, or nil when there is none.
func Get(name string) Func { return registry[name] }

// Names lists every validator name, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Personal returns the names of the validators whose matches are personal
// identifiers. Organisation codes (uscc), division codes (gbt2260) and IPv4 addresses
// are not in the list.
func Personal() []string {
	return []string{"cn-resident-id", "cn-mobile", "bank-card", "email", "cn-plate"}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
