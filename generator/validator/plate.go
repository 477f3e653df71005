package validator

import (
	"strings"
	"unicode/utf8"
)

// plateProvinces are the one-character abbreviations that start a civilian plate.
const plateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

// plateSuffixes end plates of special use: trailer, driving school, police, Hong Kong,
// Macao, consulate, test and over-limit vehicles.
const plateSuffixes = "挂学警港澳领试超"

// plateLetter reports whether c may appear on a plate: digits and capitals except I, O.
func plateLetter(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && c != 'I' && c != 'O'
}

// ValidPlate reports whether s is a mainland vehicle registration plate (GA 36): a
// province abbreviation, the issuing office's letter, then five characters (the last
// may be 挂/学/警/港/澳/领/试/超), or six on a new-energy plate (an energy letter
// D, F, A–C, E, G, H, J or K first on small cars, last on large ones). A "·", space or
// hyphen after the office letter is accepted.
func ValidPlate(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if size < 2 || !strings.ContainsRune(plateProvinces, r) {
		return false
	}
	rest := s[size:]
	if rest == "" || rest[0] < 'A' || rest[0] > 'Z' || rest[0] == 'I' || rest[0] == 'O' {
		return false
	}
	rest = rest[1:]
	for _, sep := range []string{"·", " ", "-", "•"} {
		if strings.HasPrefix(rest, sep) {
			rest = rest[len(sep):]
			break
		}
	}
	tail := ""
	if n := len(rest); n > 3 {
		last, lsize := utf8.DecodeLastRuneInString(rest)
		if lsize > 1 {
			if !strings.ContainsRune(plateSuffixes, last) {
				return false
			}
			tail, rest = string(last), rest[:n-lsize]
		}
	}
	for i := 0; i < len(rest); i++ {
		if !plateLetter(rest[i]) {
			return false
		}
	}
	switch {
	case tail != "":
		return len(rest) == 4
	case len(rest) == 5:
		return true
	case len(rest) == 6:
		return energyLetter(rest[0]) && plateLetter(rest[1]) && isDigits(rest[2:]) ||
			isDigits(rest[:5]) && energyLetter(rest[5])
	}
	return false
}

func energyLetter(c byte) bool { return strings.IndexByte("ABCDEFGHJK", c) >= 0 }
