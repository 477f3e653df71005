package search

import (
	"testing"
	"unicode/utf8"
)

// FuzzTerms checks the tokenizer's invariants on any input: terms are non-empty valid
// UTF-8, every query term is also an index term of the same text (so a page always
// finds itself), and shards are in range.
func FuzzTerms(f *testing.F) {
	for _, s := range []string{"轨道交通站点客流 Metro ridership", "ＡＢＣ数据2026年", "status buses 𠀀", "İ\u0130ß", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		index := map[string]bool{}
		for _, term := range Terms(s) {
			if term == "" || !utf8.ValidString(term) {
				t.Fatalf("bad index term %q from %q", term, s)
			}
			if n := Shard(term); n < 0 || n >= Shards {
				t.Fatalf("shard %d", n)
			}
			index[term] = true
		}
		for _, term := range QueryTerms(s) {
			if !index[term] {
				t.Fatalf("query term %q of %q is not an index term of the same text", term, s)
			}
		}
	})
}
