package validator

import (
	"errors"
	"fmt"
)

// ResidentID is a parsed resident identity number (公民身份号码, GB 11643-1999).
type ResidentID struct {
	// Region is the six-digit GB/T 2260 code of the place of first registration.
	Region string
	// Year, Month and Day are the date of birth.
	Year, Month, Day int
	// Female is true when the sequence code is even.
	Female bool
	// Legacy is true for the 15-digit form issued before 1999.
	Legacy bool
}

// BirthDate returns the date of birth as YYYY-MM-DD.
func (r ResidentID) BirthDate() string {
	return fmt.Sprintf("%04d-%02d-%02d", r.Year, r.Month, r.Day)
}

// Sex returns "female" or "male".
func (r ResidentID) Sex() string {
	if r.Female {
		return "female"
	}
	return "male"
}

// residentWeights are the MOD 11-2 weights of the first 17 characters (GB 11643).
var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// Earliest and latest birth years a resident id may carry. The bounds are fixed, not
// taken from the clock, so a check gives the same answer on every day.
const (
	minBirthYear = 1850
	maxBirthYear = 2099
)

// Errors of ParseResidentID.
var (
	ErrResidentIDLength = errors.New("a resident id has 18 characters (or 15 digits in the legacy form)")
	ErrResidentIDChars  = errors.New("a resident id is digits, with X only as the last of 18 characters")
	ErrResidentIDRegion = errors.New("the first two digits of a resident id are not a province code")
	ErrResidentIDBirth  = errors.New("the birth date in a resident id is not a real date between 1850 and 2099")
	ErrResidentIDCheck  = errors.New("the check character of a resident id does not match (GB 11643 MOD 11-2)")
)

// ResidentIDCheckChar computes the GB 11643 MOD 11-2 check character ('0'–'9' or 'X')
// of the first 17 digits of a resident id; ok is false when first17 is not 17 digits.
func ResidentIDCheckChar(first17 string) (c byte, ok bool) {
	if len(first17) != 17 || !isDigits(first17) {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * residentWeights[i]
	}
	v := (12 - sum%11) % 11
	if v == 10 {
		return 'X', true
	}
	return byte('0' + v), true
}

// ParseResidentID parses an 18-character resident id (check character verified; a
// lower-case x is accepted) or a 15-digit legacy one (born 1900–1999, no check
// character). The province must exist and the birth date must be a real date.
func ParseResidentID(s string) (ResidentID, error) {
	var r ResidentID
	switch len(s) {
	case 18:
		if !isDigits(s[:17]) || !(isDigits(s[17:]) || s[17] == 'X' || s[17] == 'x') {
			return r, ErrResidentIDChars
		}
	case 15:
		if !isDigits(s) {
			return r, ErrResidentIDChars
		}
		r.Legacy = true
	default:
		return r, ErrResidentIDLength
	}
	r.Region = s[:6]
	if !knownProvince(s[:2]) {
		return r, ErrResidentIDRegion
	}
	var seq byte
	if r.Legacy {
		r.Year, r.Month, r.Day = 1900+atoi(s[6:8]), atoi(s[8:10]), atoi(s[10:12])
		seq = s[14]
	} else {
		r.Year, r.Month, r.Day = atoi(s[6:10]), atoi(s[10:12]), atoi(s[12:14])
		seq = s[16]
	}
	if !realDate(r.Year, r.Month, r.Day) || r.Year < minBirthYear || r.Year > maxBirthYear {
		return r, ErrResidentIDBirth
	}
	r.Female = (seq-'0')%2 == 0
	if !r.Legacy {
		c, _ := ResidentIDCheckChar(s[:17])
		last := s[17]
		if last == 'x' {
			last = 'X'
		}
		if c != last {
			return r, ErrResidentIDCheck
		}
	}
	return r, nil
}

// ValidResidentID reports whether s is a valid resident id (see ParseResidentID).
func ValidResidentID(s string) bool {
	_, err := ParseResidentID(s)
	return err == nil
}

// UpgradeResidentID turns a valid 15-digit legacy id into its 18-character form
// (century 19 inserted, check character appended); an 18-character id is returned
// unchanged. ok is false when s is not a valid resident id.
func UpgradeResidentID(s string) (string, bool) {
	r, err := ParseResidentID(s)
	if err != nil {
		return "", false
	}
	if !r.Legacy {
		if s[17] == 'x' {
			return s[:17] + "X", true
		}
		return s, true
	}
	first17 := s[:6] + "19" + s[6:]
	c, _ := ResidentIDCheckChar(first17)
	return first17 + string(c), true
}

func realDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
