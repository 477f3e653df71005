package lint

import (
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/pii"
)

// ruleSecret reports key material and real-looking personal identifiers written into
// catalog files.
var ruleSecret = &Rule{
	ID: "secret", Category: CategoryPrivacy, Severity: diag.Error,
	Summary: "a YAML or Markdown file contains key material, or a checksum-valid resident id, bank card or mobile number (examples must be synthetic and invalid)",
	Check:   checkSecret,
}

var (
	// pemPrivate is the armour line of any PEM or PGP private key.
	pemPrivate = regexp.MustCompile(`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----`)
	// minisignSecret is the comment line or the base64 body of a minisign secret key
	// (its body starts with the algorithm bytes "Ed", then "Sc" for scrypt or two zero
	// bytes when unencrypted, then "B2" for BLAKE2b).
	minisignSecret = regexp.MustCompile(`untrusted comment:[^\n]*secret key|RW(?:RTY0Iy|QAAEIy)[A-Za-z0-9+/]{40,}`)
	// keyAssign is a key-like name assigned a long token.
	keyAssign = regexp.MustCompile(`(?i)([A-Za-z0-9_.-]*(?:secret|private|token|passw(?:or)?d|pwd|hmac|key|salt)[A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?([A-Za-z0-9+/_=-]{32,})`)
)

func checkSecret(ctx *Context) {
	// The longest-running rule: the files are scanned in parallel, and reported in order.
	type hit struct {
		pos  diag.Pos
		what string
	}
	files := ctx.Catalog.Files
	hits := make([][]hit, len(files))
	_ = xsync.Each(ctx.ctx, len(files), func(_ context.Context, i int) error {
		scanSecrets(files[i].Src, true, func(line, col, endCol int, what string) {
			hits[i] = append(hits[i], hit{diag.Pos{Line: line, Col: col, EndLine: line, EndCol: endCol}, what})
		})
		return nil
	})
	for i, f := range files {
		for _, h := range hits[i] {
			ctx.Report(f, h.pos, "%s", h.what)
		}
	}
	// keys/ holds the portal's public key; a private key next to it would be published
	// with the catalog's repository.
	root := filepath.Join(ctx.Catalog.Root, "keys")
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err != nil || info.Size() > load.MaxFileSize {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(ctx.Catalog.Root, p)
		f := &load.File{Path: filepath.ToSlash(rel), Src: src}
		scanSecrets(src, false, func(line, col, endCol int, what string) {
			ctx.Report(f, diag.Pos{Line: line, Col: col, EndLine: line, EndCol: endCol}, "%s", what)
		})
		return nil
	})
}

// scanSecrets calls report for every piece of key material in src and, when idents
// is true, every real-looking personal identifier, with its 1-based line and rune
// columns. The value itself never appears in the message.
func scanSecrets(src []byte, idents bool, report func(line, col, endCol int, what string)) {
	text := string(src) // one copy; each line is a substring of it
	sc := pii.Scanner{Kinds: pii.Of(pii.ResidentID, pii.BankCard, pii.Mobile)}
	// The armour and comment lines are looked for on a line only when the file holds them.
	pem := strings.Contains(text, "PRIVATE KEY")
	comment := strings.Contains(text, "untrusted comment")
	for n := 0; len(text) > 0 || n == 0; n++ {
		s := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			s, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		s = strings.TrimSuffix(s, "\r")
		at := func(start, end int, what string) {
			report(n+1, utf8.RuneCountInString(s[:start])+1, utf8.RuneCountInString(s[:end])+1, what)
		}
		if pem && strings.Contains(s, "PRIVATE KEY") {
			if loc := pemPrivate.FindStringIndex(s); loc != nil {
				at(loc[0], loc[1], "a private key is written here: remove it, rotate the key, and reference keys with env:SHUYUAN_KEY_NAME or file:PATH outside the catalog")
				continue
			}
		}
		long, digits := tokenStats(s)
		if long >= 40 || (comment && strings.Contains(s, "untrusted comment")) {
			if loc := minisignSecret.FindStringIndex(s); loc != nil {
				at(loc[0], loc[1], "a minisign secret key is written here: remove it, rotate the key, keep the secret key outside the repository (a CI secret) and only the public key (.pub) in the catalog")
				continue
			}
		}
		if long >= 32 {
			checkKeyAssign(s, at)
		}
		if !idents || digits < 11 {
			continue // no identifier has fewer digits
		}
		for _, m := range sc.Find(s) {
			if !m.Valid || m.Kind == pii.ResidentID && !m.Checksum {
				continue // look-alikes, and legacy 15-digit ids, which have no check character
			}
			if m.Start > 0 && wordByte(s[m.Start-1]) || m.End < len(s) && wordByte(s[m.End]) {
				continue // part of a longer token: a hash, a version, a code, a path
			}
			if inURL(s, m.Start) {
				continue // a record id in a link, not a card or phone
			}
			at(m.Start, m.End, identifierWhat[m.Kind])
		}
	}
}

// identifierWhat says, per kind the secret rule looks for, what was found and what
// to write instead.
var identifierWhat = [pii.NumKinds]string{
	pii.ResidentID: "a checksum-valid resident id number is written here: use a synthetic invalid one in examples (change its check character)",
	pii.BankCard:   "a Luhn-valid bank card number is written here: use a synthetic invalid one in examples (change its last digit)",
	pii.Mobile:     "a mobile phone number is written here: use an invalid placeholder in examples, such as 138xxxx0000, or a role mailbox",
}

// checkKeyAssign reports long random-looking values assigned to key-like names.
func checkKeyAssign(s string, at func(start, end int, what string)) {
	for _, m := range keyAssign.FindAllStringSubmatchIndex(s, -1) {
		name, val := strings.ToLower(s[m[2]:m[3]]), s[m[4]:m[5]]
		if strings.Contains(name, "pub") || !randomLooking(val) {
			continue
		}
		at(m[4], m[5], "a value that looks like key material is assigned to "+strconv.Quote(s[m[2]:m[3]])+": remove it, rotate it, and reference it with env:SHUYUAN_KEY_NAME or file:PATH")
	}
}

// tokenStats returns the length of the longest run of base64 or hex characters in s
// and its number of digits, ASCII or full-width (which the identifier scanner folds),
// so that lines that cannot hold a key or an identifier skip the regular expressions
// and the scanner.
func tokenStats(s string) (longest, digits int) {
	run := 0
	for i := 0; i < len(s); i++ {
		switch tokenClass[s[i]] {
		case classDigit:
			digits++
			fallthrough
		case classToken:
			run++
			longest = max(longest, run)
		case classWide:
			if i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99 { // ０-９
				digits++
			}
			run = 0
		default:
			run = 0
		}
	}
	return longest, digits
}

// The classes of tokenStats: a byte of a token (base64, hex, words), a digit, or the
// lead byte of the full-width block (U+FF00–FFEF).
const (
	classOther = iota
	classToken
	classDigit
	classWide
)

var tokenClass = func() (t [256]uint8) {
	for c := range 256 {
		switch b := byte(c); {
		case b >= '0' && b <= '9':
			t[c] = classDigit
		case alnumByte(b) || b == '+' || b == '/' || b == '_' || b == '=' || b == '-':
			t[c] = classToken
		case b == 0xEF:
			t[c] = classWide
		}
	}
	return t
}()

func alnumByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// inURL reports whether byte i of s lies in a URL: in a run without white space or
// quotes that contains "://".
func inURL(s string, i int) bool {
	stop := func(r rune) bool {
		return r == ' ' || r == '\t' || r == '"' || r == '\'' || r == '(' || r == ')' || r == '<' || r == '>'
	}
	begin := strings.LastIndexFunc(s[:i], stop) + 1
	end := strings.IndexFunc(s[i:], stop)
	if end < 0 {
		end = len(s)
	} else {
		end += i
	}
	return strings.Contains(s[begin:end], "://")
}

// wordByte reports whether c continues an ASCII word or number.
func wordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '_' || c == '/'
}

// randomLooking reports whether a token looks like key material rather than a word:
// 32 or more hex digits, or base64 with letters and digits and high entropy.
func randomLooking(v string) bool {
	v = strings.TrimRight(v, "=")
	if len(v) < 32 {
		return false
	}
	hex, digit, lower, upper := true, false, false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			lower = lower || c >= 'a'
			upper = upper || c <= 'F'
		default:
			hex = false
			lower = lower || c >= 'a' && c <= 'z'
			upper = upper || c >= 'A' && c <= 'Z'
		}
	}
	if hex && digit && shannon(v) >= 3 {
		return true
	}
	return digit && (lower || upper) && shannon(v) >= 4
}

// shannon is the entropy of s in bits per byte.
func shannon(s string) float64 {
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	h := 0.0
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}
