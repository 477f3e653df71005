// Package xstrings holds the string helpers the standard strings package lacks that
// several of shuyuan's packages need: the one "did you mean" of every message that
// suggests a known name for a misspelt one.
package xstrings

// Closest returns the name of known nearest to bad by edit distance (the first of
// equals, so sort known for a stable answer), and whether it is near enough to
// suggest: at most 2 edits, or a third of bad's length.
func Closest(bad string, known []string) (string, bool) {
	best, bestD := "", 1<<30
	for _, k := range known {
		if d := Distance(bad, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best, best != "" && bestD <= max(2, len([]rune(bad))/3)
}

// Distance is the Levenshtein edit distance between a and b, in characters.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
