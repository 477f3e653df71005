package validator

import (
	"net/netip"
	"strings"
)

// NormalizeMobile returns the 11 digits of a mainland mobile number, dropping an
// optional +86, 0086 or 86 prefix and the spaces or hyphens people group digits with;
// ok is false when s is not a mobile number.
func NormalizeMobile(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 24 {
		return "", false
	}
	var b [24]byte
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			b[n] = c
			n++
		case (c == ' ' || c == '-') && n > 0 && i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '-':
		case c == '+' && i == 0:
		default:
			return "", false
		}
	}
	d := string(b[:n])
	plus := strings.HasPrefix(s, "+")
	switch {
	case plus && strings.HasPrefix(d, "86"):
		d = d[2:]
	case plus:
		return "", false
	case len(d) == 15 && strings.HasPrefix(d, "0086"):
		d = d[4:]
	case len(d) == 13 && strings.HasPrefix(d, "86"):
		d = d[2:]
	}
	if len(d) != 11 || d[0] != '1' || d[1] < '3' {
		return "", false
	}
	return d, true
}

// ValidMobile reports whether s is a mainland China mobile number: 1, then 3–9, then
// 9 digits, optionally after +86, 0086 or 86, with spaces or hyphens between groups.
func ValidMobile(s string) bool {
	_, ok := NormalizeMobile(s)
	return ok
}

// Luhn reports whether the digit string s passes the Luhn (mod 10) check.
func Luhn(s string) bool {
	if !isDigits(s) {
		return false
	}
	sum := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// cardDigits drops single spaces or hyphens between digit groups.
func cardDigits(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, " -") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == ' ' || c == '-') && i > 0 && i+1 < len(s) && s[i-1] >= '0' && s[i-1] <= '9' && s[i+1] >= '0' && s[i+1] <= '9' {
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ValidBankCard reports whether s is a payment card number: 12–19 digits (single
// spaces or hyphens between groups allowed) passing the Luhn check.
func ValidBankCard(s string) bool {
	d := cardDigits(s)
	return len(d) >= 12 && len(d) <= 19 && Luhn(d)
}

// LikelyBankCard is the stricter test the scanning rules use to keep false positives
// down: 16–19 digits, Luhn-valid, and an issuer prefix of a card network that issues
// cards in China (UnionPay 62, Visa 4, Mastercard 51–55 and 2221–2720, American
// Express 34/37, JCB 3528–3589, and the domestic 9 prefixes of older debit cards).
func LikelyBankCard(s string) bool {
	d := cardDigits(s)
	if len(d) < 16 || len(d) > 19 || !Luhn(d) {
		return false
	}
	p2, p4 := atoi(d[:2]), atoi(d[:4])
	switch {
	case d[0] == '4', p2 == 62, p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720,
		p2 == 34 || p2 == 37, p4 >= 3528 && p4 <= 3589, d[0] == '9' && len(d) == 19:
		return true
	}
	return false
}

// ValidEmail reports whether s is an e-mail address addr-spec: a dot-atom local part
// of at most 64 characters, "@", and a domain of at least two labels of letters,
// digits and inner hyphens, ending in an alphabetic top-level label.
func ValidEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at > 64 || len(s) > 254 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(alnum(c) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0) {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !alnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !(tld[i] >= 'a' && tld[i] <= 'z' || tld[i] >= 'A' && tld[i] <= 'Z') {
			return false
		}
	}
	return true
}

func alnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// ValidIPv4 reports whether s is an IPv4 address in dotted-decimal form without
// leading zeros.
func ValidIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}
