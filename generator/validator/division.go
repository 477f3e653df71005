package validator

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed divisions.txt
var divisionsTxt string

var (
	divisionsOnce sync.Once
	divisions     map[string]string
)

// divisionTable parses divisions.txt once; it is read-only afterwards.
func divisionTable() map[string]string {
	divisionsOnce.Do(func() {
		divisions = make(map[string]string, 3400)
		for _, line := range strings.Split(divisionsTxt, "\n") {
			code, name, ok := strings.Cut(line, "\t")
			if ok && !strings.HasPrefix(line, "#") {
				divisions[code] = name
			}
		}
	})
	return divisions
}

// DivisionCodes returns every code of the division table, sorted.
func DivisionCodes() []string {
	t := divisionTable()
	codes := make([]string, 0, len(t))
	for c := range t {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// extraProvinces are province-level codes used on resident ids and residence permits
// that the statistical division list does not carry: Taiwan, Hong Kong, Macao and
// the Taiwan residence-permit prefix.
var extraProvinces = map[string]string{"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区", "83": "台湾居民"}

var (
	provincesOnce sync.Once
	provinces     [100]bool // by the two digits of the code
)

// knownProvince reports whether p, two digits, is a province-level code of the
// division table or of extraProvinces. It is called for every resident id an extract
// checks, so it looks up a table of the hundred two-digit codes instead of building
// p+"0000" and hashing it into the division map.
func knownProvince(p string) bool {
	provincesOnce.Do(func() {
		for code := range divisionTable() {
			if len(code) == 6 && strings.HasSuffix(code, "0000") && isDigits(code) {
				provinces[(code[0]-'0')*10+code[1]-'0'] = true
			}
		}
		for code := range extraProvinces {
			provinces[(code[0]-'0')*10+code[1]-'0'] = true
		}
	})
	return len(p) == 2 && isDigits(p) && provinces[(p[0]-'0')*10+p[1]-'0']
}

// ValidDivision reports whether s is a current GB/T 2260 administrative division code:
// six digits naming a province, prefecture or county-level division in the table.
func ValidDivision(s string) bool {
	if len(s) != 6 || !isDigits(s) {
		return false
	}
	_, ok := divisionTable()[s]
	return ok
}

// DivisionName returns the name of the division with code (e.g. "徐汇区" for 310104),
// or false when the code is not in the table.
func DivisionName(code string) (string, bool) {
	if len(code) != 6 {
		return "", false
	}
	n, ok := divisionTable()[code]
	return n, ok
}

// Province returns the province-level code of a six-digit division code (310104 →
// 310000), or false when no such province exists.
func Province(code string) (string, bool) {
	if len(code) != 6 || !isDigits(code) {
		return "", false
	}
	p := code[:2] + "0000"
	if _, ok := divisionTable()[p]; !ok {
		return "", false
	}
	return p, true
}

// City returns the prefecture-level code of a six-digit division code (310104 →
// 310100, whose name is 市辖区 for the municipalities), or false when there is none;
// a province code has no city.
func City(code string) (string, bool) {
	if len(code) != 6 || !isDigits(code) || code[2:] == "0000" {
		return "", false
	}
	c := code[:4] + "00"
	if _, ok := divisionTable()[c]; !ok {
		return "", false
	}
	return c, true
}

// District returns code itself when it names a county-level division (310104), or
// false for province and prefecture codes and unknown codes.
func District(code string) (string, bool) {
	if len(code) != 6 || code[4:] == "00" {
		return "", false
	}
	if _, ok := divisionTable()[code]; !ok {
		return "", false
	}
	return code, true
}

// Generalize maps a division code to its province, city or district ("province",
// "city", "district"), as the deid generalize operator does; false when the code has
// no division at that level.
func Generalize(code, to string) (string, bool) {
	switch to {
	case "province":
		return Province(code)
	case "city":
		return City(code)
	case "district":
		return District(code)
	}
	return "", false
}

// FullName returns the name of a division with its parents, leaving out the
// placeholder levels 市辖区, 县 and 省直辖县级行政区划 (310104 → 上海市徐汇区); false when the
// code is unknown.
func FullName(code string) (string, bool) {
	name, ok := DivisionName(code)
	if !ok {
		return "", false
	}
	var b strings.Builder
	if p, ok := Province(code); ok && p != code {
		b.WriteString(divisionTable()[p])
	}
	if c, ok := City(code); ok && c != code {
		if n := divisionTable()[c]; !placeholderCity(n) {
			b.WriteString(n)
		}
	}
	if !placeholderCity(name) || b.Len() == 0 {
		b.WriteString(name)
	}
	return b.String(), true
}

func placeholderCity(name string) bool {
	return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" || name == "自治区直辖县级行政区划"
}

var (
	addressOnce  sync.Once
	addressIndex map[string]string // full division name (上海市徐汇区) → code
	addressMax   int               // longest full name, in bytes
)

// GeneralizeAddress maps an address that starts with a full division name
// (上海市徐汇区漕溪北路…) to the full name of its province, city or district ("province",
// "city", "district"; → 上海市, 上海市, 上海市徐汇区), as the deid generalize operator
// does for address columns; false when the address does not start with a known
// division down to that level.
func GeneralizeAddress(addr, to string) (string, bool) {
	addressOnce.Do(func() {
		t := divisionTable()
		codes := make([]string, 0, len(t))
		for c := range t {
			codes = append(codes, c)
		}
		slices.Sort(codes) // a province before its same-named 市辖区: the shorter code wins
		addressIndex = make(map[string]string, len(codes))
		for _, c := range codes {
			if n, ok := FullName(c); ok {
				if _, dup := addressIndex[n]; !dup {
					addressIndex[n] = c
				}
				addressMax = max(addressMax, len(n))
			}
		}
	})
	addr = strings.TrimSpace(addr)
	// the longest known full name the address starts with
	for end := min(len(addr), addressMax); end > 0; end-- {
		if end < len(addr) && !utf8.RuneStart(addr[end]) {
			continue
		}
		code, ok := addressIndex[addr[:end]]
		if !ok {
			continue
		}
		g, ok := Generalize(code, to)
		if !ok {
			return "", false
		}
		return FullName(g)
	}
	return "", false
}
