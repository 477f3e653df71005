package pii

import (
	"errors"
	"unsafe"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// Match is one identifier, or one look-alike, found in a text.
type Match struct {
	// Kind is what was found.
	Kind Kind
	// Start and End are the byte offsets of the identifier in the text given to
	// Find, with its +86 prefix and its separators (138 1234 5678).
	Start, End int
	// Valid is false for a look-alike: a run with the shape of an identifier that
	// has a check (resident id, mobile, bank card) but fails it.
	Valid bool
	// Checksum is true when the identifier passed a check character or digit: an
	// 18-character resident id (MOD 11-2) or a bank card (Luhn). Legacy 15-digit
	// ids, mobiles, e-mail addresses, passports and plates have none.
	Checksum bool
	check    check
}

// Scanner finds personal identifiers in text (see the package documentation for
// what it finds). It reuses buffers between calls, so each goroutine needs its own;
// the zero Scanner finds every kind.
type Scanner struct {
	// Kinds limits what Find reports; 0 means All.
	Kinds Set

	matches []Match
	buf     []byte  // the folded text
	off     []int32 // the offset in the original text of each folded byte, and its length
	groups  []group
	digits  [maxDigits + 1]byte
}

// group is a run of digits [start, end) of a grouped number, and whether the
// resident-id check character X follows it.
type group struct {
	start, end int
	x          bool
}

// maxDigits is the longest identifier made of digits: a 19-digit bank card.
const maxDigits = 19

// Byte classes.
const (
	fDigit = 1 << iota
	fUpper
	fLower
	fAt
	fHigh     // a non-ASCII byte
	fFold     // the lead byte of a character fold may change
	fScan     // a byte scan looks at: digits, letters, @, + and the lead bytes of CJK characters
	fGroup    // a byte that may continue a grouped number: space, hyphen, +, X
	fNeedFold // (in textStats only) a character fold changes
)

var class = func() (t [256]uint16) {
	for c := range 256 {
		switch {
		case c >= '0' && c <= '9':
			t[c] = fDigit
		case c >= 'A' && c <= 'Z':
			t[c] = fUpper
		case c >= 'a' && c <= 'z':
			t[c] = fLower
		case c == '@':
			t[c] = fAt
		case c == 0xC2 || c == 0xE2 || c == 0xE3 || c == 0xEF:
			t[c] = fHigh | fFold
		case c >= 0x80:
			t[c] = fHigh
		}
		if t[c]&(fDigit|fUpper|fLower|fAt) != 0 || c == '+' || c >= 0xE4 && c <= 0xE9 {
			t[c] |= fScan
		}
		if c == ' ' || c == '-' || c == '+' || c == 'X' || c == 'x' {
			t[c] |= fGroup
		}
	}
	return t
}()

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool { return class[c]&(fDigit|fUpper|fLower) != 0 }

// Find returns the identifiers and look-alikes in text, in the order they were
// found (left to right, except that an e-mail address is found at its @). The slice
// is reused by the next call.
func (s *Scanner) Find(text string) []Match {
	s.matches = s.matches[:0]
	if len(text) < 6 {
		return nil // shorter than the shortest identifier, an address like a@b.cn
	}
	kinds := s.Kinds
	if kinds == 0 {
		kinds = All
	}
	st := stats(text)
	t, folded := text, false
	if st.flags&fNeedFold != 0 {
		if t, folded = s.fold(text); folded {
			st = stats(t)
		}
	}
	// What the shortest identifiers need: an address an @; a passport a capital and
	// seven digits in a row; a plate a Chinese character, a capital and two digits;
	// the rest eleven digits, maybe grouped.
	if !(st.flags&fAt != 0 && kinds.Has(Email) ||
		st.grouped >= 11 ||
		st.run >= 7 && st.flags&fUpper != 0 && kinds.Has(Passport) ||
		st.digits >= 2 && st.flags&(fHigh|fUpper) == fHigh|fUpper && kinds.Has(Plate)) {
		return nil
	}
	s.scan(t, kinds)
	if folded {
		for i := range s.matches {
			m := &s.matches[i]
			m.Start, m.End = int(s.off[m.Start]), int(s.off[m.End])
		}
	}
	return s.matches
}

// textStats is what Find learns of a text in one pass, to skip texts that cannot
// hold an identifier.
type textStats struct {
	flags   uint16 // the classes of its bytes, and fNeedFold
	digits  int    // ASCII digits
	run     int    // the longest run of digits
	grouped int    // the most digits in a run of digits, spaces, hyphens, + and X
}

func stats(t string) (st textStats) {
	run, grouped := 0, 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		cl := class[c]
		st.flags |= cl
		if cl&fDigit != 0 {
			st.digits++
			run++
			grouped++
			st.run = max(st.run, run)
			st.grouped = max(st.grouped, grouped)
			continue
		}
		run = 0
		if cl&fGroup == 0 {
			grouped = 0
		}
		if cl&fFold != 0 && needsFold(t, i) {
			st.flags |= fNeedFold
		}
	}
	return st
}

// needsFold reports whether the character at t[i] is one fold changes and that
// matters to an identifier: a full-width digit, letter, @, +, hyphen or full stop,
// or a space or hyphen of another kind. Full-width punctuation such as ，and ：
// is a boundary either way.
func needsFold(t string, i int) bool {
	if i+1 >= len(t) {
		return false
	}
	b1 := t[i+1]
	if t[i] == 0xC2 {
		return b1 == 0xA0
	}
	if i+2 >= len(t) {
		return false
	}
	b2 := t[i+2]
	switch t[i] {
	case 0xEF:
		return b1 == 0xBC && (b2 == 0x8B || b2 == 0x8D || b2 == 0x8E || b2 >= 0x90 && b2 <= 0x99 || b2 >= 0xA0 && b2 <= 0xBA) ||
			b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A
	case 0xE3:
		return b1 == 0x80 && b2 == 0x80
	case 0xE2:
		return b1 == 0x80 && (b2 == 0x89 || b2 >= 0x90 && b2 <= 0x93 || b2 == 0xAF) || b1 == 0x88 && b2 == 0x92
	}
	return false
}

// fold turns the full-width forms of ASCII characters (U+FF01–FF5E) into ASCII, the
// ideographic, no-break and thin spaces into a space and the Unicode hyphens (U+2010–
// 2013) and minus (U+2212) into a hyphen, recording where each byte came from. It
// returns the folded text, or text and false when there was nothing to fold.
func (s *Scanner) fold(text string) (string, bool) {
	buf, off := s.buf[:0], s.off[:0]
	changed := false
	for i := 0; i < len(text); {
		c := text[i]
		if class[c]&fFold != 0 && i+1 < len(text) {
			var r byte
			w := 0
			b1 := text[i+1]
			switch {
			case c == 0xC2:
				if b1 == 0xA0 {
					r, w = ' ', 2
				}
			case i+2 >= len(text):
			case c == 0xEF:
				b2 := text[i+2]
				if b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF {
					r, w = b2-0x60, 3
				} else if b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E {
					r, w = b2-0x20, 3
				}
			case c == 0xE3:
				if b1 == 0x80 && text[i+2] == 0x80 {
					r, w = ' ', 3
				}
			case c == 0xE2:
				b2 := text[i+2]
				switch {
				case b1 == 0x80 && b2 >= 0x90 && b2 <= 0x93, b1 == 0x88 && b2 == 0x92:
					r, w = '-', 3
				case b1 == 0x80 && (b2 == 0x89 || b2 == 0xAF):
					r, w = ' ', 3
				}
			}
			if w > 0 {
				buf = append(buf, r)
				off = append(off, int32(i))
				i += w
				changed = true
				continue
			}
		}
		buf = append(buf, c)
		off = append(off, int32(i))
		i++
	}
	off = append(off, int32(len(text)))
	s.buf, s.off = buf, off
	if !changed {
		return text, false
	}
	return unsafe.String(unsafe.SliceData(buf), len(buf)), true
}

// scan finds the identifiers of t, which is folded.
func (s *Scanner) scan(t string, kinds Set) {
	n := len(t)
	// Invariant: at the top of the loop, the byte before i (if any) is not an ASCII
	// letter or digit, or i is inside a run of bytes that are neither.
	for i := 0; i < n; {
		c := t[i]
		cl := class[c]
		if cl&fScan == 0 {
			i++
			continue
		}
		switch {
		case cl&fDigit != 0:
			i = s.number(t, i, kinds)
		case c == '+':
			if i+1 < n && isDigit(t[i+1]) {
				i = s.number(t, i, kinds)
			} else {
				i++
			}
		case cl&(fUpper|fLower) != 0:
			j := i + 1
			for j < n && isAlnum(t[j]) {
				j++
			}
			if j-i == 9 && kinds.Has(Passport) && (j == n || t[j] != '@') {
				s.passport(t, i, j)
			}
			i = j
		case c == '@':
			i = s.email(t, i, kinds)
		case c >= 0xE4 && c <= 0xE9 && i+3 < n && class[t[i+3]]&fUpper != 0 && kinds.Has(Plate):
			if e := s.plate(t, i); e > i {
				i = e
			} else {
				i++
			}
		default:
			i++
		}
	}
}

func (s *Scanner) emit(k Kind, ck check, start, end int, valid bool) {
	s.matches = append(s.matches, Match{Kind: k, Start: start, End: end, Valid: valid,
		Checksum: valid && (ck == checkID18 || ck == checkCard), check: ck})
}

// number reads the run of digit groups at i (a digit, or + and a digit), finds the
// identifiers in it and returns where the run ends.
func (s *Scanner) number(t string, i int, kinds Set) int {
	n := len(t)
	start := i
	plus := t[i] == '+'
	if plus {
		i++
	}
	gs := s.groups[:0]
	for {
		a := i
		for i < n && isDigit(t[i]) {
			i++
		}
		g := group{start: a, end: i}
		if i < n && (t[i] == 'X' || t[i] == 'x') && (i+1 == n || !isAlnum(t[i+1])) {
			g.x = true
			i++
			gs = append(gs, g)
			break
		}
		gs = append(gs, g)
		if i+1 < n && (t[i] == ' ' || t[i] == '-') && isDigit(t[i+1]) {
			i++
			continue
		}
		break
	}
	end := i
	if end < n {
		// Glued to a letter (123abc), an @ (the local part of an address) or a
		// decimal point and digits (the integer part of 123.45): the last group is
		// part of a longer token.
		if c := t[end]; isAlnum(c) || c == '@' || c == '.' && end+1 < n && isDigit(t[end+1]) {
			gs = gs[:len(gs)-1]
			for end < n && isAlnum(t[end]) {
				end++
			}
		}
	}
	if len(gs) > 0 && start > 0 {
		// The fraction of a decimal number (3.14159…) or digits glued to an @.
		if p := t[start-1]; p == '@' || p == '.' && start >= 2 && isDigit(t[start-2]) {
			gs = gs[1:]
			plus = false
		}
	}
	s.groups = gs
	s.segment(t, gs, plus, start, kinds)
	return end
}

// segment finds identifiers in a run of digit groups: from each group, the longest
// run of whole groups that is an identifier, else the longest that is a look-alike.
// plus is true when the first group follows a "+" at plusAt.
func (s *Scanner) segment(t string, gs []group, plus bool, plusAt int, kinds Set) {
	for a := 0; a < len(gs); {
		best, look := -1, -1
		var bestCheck, lookCheck check
		nd := 0
		for b := a; b < len(gs); b++ {
			g := gs[b]
			l := g.end - g.start
			if g.x {
				l++
			}
			if nd+l > maxDigits {
				break
			}
			copy(s.digits[nd:], t[g.start:g.end])
			nd += g.end - g.start
			if g.x {
				s.digits[nd] = 'X'
				nd++
			}
			d := unsafe.String(&s.digits[0], nd)
			if ck, valid, shaped := classify(d, plus && a == 0, kinds); valid {
				best, bestCheck = b, ck
			} else if shaped {
				look, lookCheck = b, ck
			}
			if g.x {
				break
			}
		}
		from := gs[a].start
		if plus && a == 0 {
			from = plusAt
		}
		switch {
		case best >= 0:
			s.emit(checkKind[bestCheck], bestCheck, from, groupEnd(gs[best]), true)
			a = best + 1
		case look >= 0:
			s.emit(checkKind[lookCheck], lookCheck, from, groupEnd(gs[look]), false)
			a = look + 1
		default:
			a++
		}
	}
}

func groupEnd(g group) int {
	if g.x {
		return g.end + 1
	}
	return g.end
}

// classify tests a run of digits (with a final X): which check applies, whether it
// passes, and whether it has the check's shape. After a "+" only an 86 mobile counts.
func classify(d string, plus bool, kinds Set) (ck check, valid, shaped bool) {
	if d[len(d)-1] == 'X' && len(d) != 18 {
		return // only an 18-character resident id ends in X
	}
	switch len(d) {
	case 11:
		if !plus && kinds.Has(Mobile) && d[0] == '1' {
			return checkMobile, d[1] >= '3', true
		}
	case 13:
		if kinds.Has(Mobile) && d[0] == '8' && d[1] == '6' && d[2] == '1' {
			return checkMobile, d[3] >= '3', true
		}
	case 15:
		if plus {
			return
		}
		if d[:4] == "0086" && d[4] == '1' && kinds.Has(Mobile) {
			return checkMobile, d[5] >= '3', true
		}
		if kinds.Has(ResidentID) && validator.ValidDivision(d[:6]) {
			r, err := validator.ParseResidentID(d)
			return checkID15, err == nil && r.Legacy, true
		}
	case 16, 17, 18, 19:
		if plus {
			return
		}
		if len(d) == 18 {
			// Structure first: a province and a real birth date make an 18-character
			// run a resident id (valid or not), never a card or a credit code.
			_, err := validator.ParseResidentID(d)
			switch {
			case err == nil:
				return checkID18, kinds.Has(ResidentID), kinds.Has(ResidentID)
			case errors.Is(err, validator.ErrResidentIDCheck):
				return checkID18, false, kinds.Has(ResidentID)
			}
		}
		if d[len(d)-1] == 'X' || !kinds.Has(BankCard) || !cardShaped(d) {
			return
		}
		valid = validator.Luhn(d) && !(len(d) == 18 && validator.ValidUSCC(d) && validator.ValidDivision(d[2:8]))
		return checkCard, valid, true
	}
	return
}

// cardShaped reports whether a run of 16–19 digits starts with the issuer prefix of
// a network that issues cards in China, at a length that network uses.
func cardShaped(d string) bool {
	n := len(d)
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	p4 := p2*100 + int(d[2]-'0')*10 + int(d[3]-'0')
	switch {
	case p2 == 62: // UnionPay
		return true
	case d[0] == '4': // Visa
		return n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		return n == 16
	case p4 >= 3528 && p4 <= 3589: // JCB
		return true
	case d[0] == '9': // domestic debit cards of the 1990s and 2000s
		return n == 19
	}
	return false
}

// passport reports t[i:j], a word of nine ASCII letters and digits, when it is a
// Chinese passport number.
func (s *Scanner) passport(t string, i, j int) {
	w := t[i:j]
	ok := false
	switch {
	case (w[0] == 'E' || w[0] == 'G') && allDigits(w[1:]):
		ok = true
	case w[0] == 'E' && w[1] >= 'A' && w[1] <= 'Z' && w[1] != 'I' && w[1] != 'O' && allDigits(w[2:]):
		ok = true
	case (w[0] == 'D' || w[0] == 'S' || w[0] == 'P') && w[1] == 'E' && allDigits(w[2:]):
		ok = true
	}
	if ok {
		s.emit(Passport, checkPassport, i, j, true)
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// localByte and domainByte are the characters of an address's local part and
// domain that Find accepts (the local part's rarer specials would swallow the
// punctuation around addresses in JSON and prose).
func localByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func domainByte(c byte) bool { return isAlnum(c) || c == '.' || c == '-' }

// email reports the address whose @ is at t[at] and returns where to go on.
func (s *Scanner) email(t string, at int, kinds Set) int {
	if !kinds.Has(Email) {
		return at + 1
	}
	a := at
	for a > 0 && at-a < 64 && localByte(t[a-1]) {
		a--
	}
	if a > 0 && localByte(t[a-1]) {
		return at + 1 // a local part longer than 64 characters
	}
	for a < at && (t[a] == '.' || t[a] == '-' || t[a] == '+') {
		a++
	}
	e := at + 1
	for e < len(t) && e-at <= 255 && domainByte(t[e]) {
		e++
	}
	for e > at+1 && (t[e-1] == '.' || t[e-1] == '-') {
		e--
	}
	if a == at || !validator.ValidEmail(t[a:e]) {
		return at + 1
	}
	s.emit(Email, checkEmail, a, e, true)
	return e
}

// plate reports the vehicle plate starting at t[i], a Chinese character followed
// by a capital letter, and returns where it ends, or -1 when there is none.
func (s *Scanner) plate(t string, i int) int {
	n := len(t)
	j := i + 4 // after the province and the office letter
	switch {
	case j+1 < n && t[j] == 0xC2 && t[j+1] == 0xB7: // ·
		j += 2
	case j+2 < n && t[j] == 0xE2 && t[j+1] == 0x80 && t[j+2] == 0xA2: // •
		j += 3
	case j < n && (t[j] == ' ' || t[j] == '-'):
		j++
	}
	k, digits := j, 0
	for k < n && class[t[k]]&(fDigit|fUpper) != 0 {
		digits += int(class[t[k]] & fDigit)
		k++
	}
	end := k
	switch k - j {
	case 5, 6:
	case 4:
		if k+3 > n || !isPlateSuffix(t[k:k+3]) {
			return -1
		}
		end = k + 3
	default:
		return -1
	}
	if digits < 2 || end < n && isAlnum(t[end]) || !validator.ValidPlate(t[i:end]) {
		return -1
	}
	s.emit(Plate, checkPlate, i, end, true)
	return end
}

// isPlateSuffix reports whether the three bytes are a character that ends a plate
// of special use (挂学警港澳领试超).
func isPlateSuffix(r string) bool {
	switch r {
	case "挂", "学", "警", "港", "澳", "领", "试", "超":
		return true
	}
	return false
}
