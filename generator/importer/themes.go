package importer

import (
	"strings"
	"unicode"
)

// themeTokens splits text into comparable tokens: pairs of adjacent Han, kana or
// Hangul characters, and lowercased Latin words of four letters or more (a plural
// s removed).
func themeTokens(s string) map[string]bool {
	out := map[string]bool{}
	var prev rune
	var word strings.Builder
	flush := func() {
		w := strings.TrimSuffix(word.String(), "s")
		if len(w) >= 4 {
			out[w] = true
		}
		word.Reset()
	}
	for _, r := range strings.ToLower(s) {
		cjk := unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
		if cjk && prev != 0 {
			out[string([]rune{prev, r})] = true
		}
		if cjk {
			prev = r
		} else {
			prev = 0
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			word.WriteRune(r)
		} else {
			flush()
		}
	}
	flush()
	return out
}

// suggestTheme picks the portal theme whose names and description share the most
// tokens with the source's categories and keywords; "" when none shares any. Ties
// go to the theme listed first.
func suggestTheme(source []string, ids []string, text map[string]string) string {
	src := themeTokens(strings.Join(source, " "))
	best, bestScore := "", 0
	for _, id := range ids {
		score := 0
		for tok := range themeTokens(text[id]) {
			if src[tok] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = id, score
		}
	}
	return best
}
