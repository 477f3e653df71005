package validator

// usccChars is the GB 32100 character set: digits and capitals without I, O, Z, S, V.
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the GB 32100 weights of the first 17 characters.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

func usccValue(c byte) int {
	for i := 0; i < len(usccChars); i++ {
		if usccChars[i] == c {
			return i
		}
	}
	return -1
}

// USCCCheckChar computes the GB 32100 check character of the first 17 characters of
// a unified social credit code; ok is false when a character is outside the set.
func USCCCheckChar(first17 string) (c byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := usccValue(first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	return usccChars[(31-sum%31)%31], true
}

// ValidUSCC reports whether s is a unified social credit code (统一社会信用代码,
// GB 32100-2015): 18 characters from the code set, an administrative division code in
// characters 3–8, and a matching check character.
func ValidUSCC(s string) bool {
	if len(s) != 18 || !isDigits(s[2:8]) {
		return false
	}
	c, ok := USCCCheckChar(s[:17])
	return ok && c == s[17]
}
