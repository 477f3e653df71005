package synth

import (
	"fmt"
	"strings"
	"time"
)

// residentIDWeights are the GB 11643-1999 weights of the first 17 digits.
var residentIDWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// residentIDCheck returns the MOD 11-2 check character of the first 17 digits.
func residentIDCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * residentIDWeights[i]
	}
	return "10X98765432"[sum%11]
}

// residentID builds an 18-character resident identity number: area code, birth date,
// a sequence whose last digit is odd for men and even for women, and the check character.
func residentID(r *rng, area string, birth time.Time, male bool) string {
	seq := r.intn(100)*10 + r.intn(5)*2
	if male {
		seq++
	}
	first := fmt.Sprintf("%s%s%03d", area, birth.Format("20060102"), seq)
	return first + string(residentIDCheck(first))
}

// validResidentID reports whether id is 18 characters with a correct check character.
func validResidentID(id string) bool {
	if len(id) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return id[17] == residentIDCheck(id[:17])
}

// mobilePrefixes are number segments of the three mainland carriers.
var mobilePrefixes = []string{
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
	"153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181",
	"182", "183", "185", "186", "187", "188", "189", "191", "198", "199",
}

// mobile returns an 11-digit mainland mobile number with a random subscriber part.
func mobile(r *rng) string {
	return fmt.Sprintf("%s%08d", pick(r, mobilePrefixes), r.intn(100000000))
}

// usccChars is the GB 32100 character set: digits and capitals without I, O, S, V, Z.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^i mod 31 for the first 17 positions.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgCodeCheck returns the GB 11714 check character of an 8-character organization code.
func orgCodeCheck(code string) byte {
	w := [8]int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := code[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

// usccCheck returns the GB 32100 check character of the first 17 characters.
func usccCheck(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccChars, first17[i]) * usccWeights[i]
	}
	return usccChars[(31-sum%31)%31]
}

// uscc builds a unified social credit code: registration authority and organization type
// (for example "91" for a company registered by market regulation), a GB/T 2260 division
// code, a random 9-character organization code with its GB 11714 check character, and the
// GB 32100 check character.
func uscc(r *rng, kind, division string) string {
	var b strings.Builder
	b.WriteString("MA")
	for b.Len() < 8 {
		b.WriteByte(usccChars[r.intn(len(usccChars))])
	}
	org := b.String()
	first := kind + division + org + string(orgCodeCheck(org))
	return first + string(usccCheck(first))
}

// legacyUSCC is uscc for organizations registered before 2015, whose code embeds the
// all-digit organization code they already had.
func legacyUSCC(r *rng, kind, division string) string {
	org := fmt.Sprintf("%08d", r.intn(100000000))
	first := kind + division + org + string(orgCodeCheck(org))
	return first + string(usccCheck(first))
}

// validUSCC reports whether code is 18 characters of the GB 32100 set with a correct
// check character.
func validUSCC(code string) bool {
	if len(code) != 18 {
		return false
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(usccChars, code[i]) < 0 {
			return false
		}
	}
	return code[17] == usccCheck(code[:17])
}
