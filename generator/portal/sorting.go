package portal

import (
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/mozillazg/go-pinyin"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// pinyinArgs spell a Han character in pinyin with its tone number ("zhong1"), so that
// keys sort by syllable, then by tone, as Chinese indexes do.
var pinyinArgs = pinyin.Args{Style: pinyin.Tone3}

// pinyinKey is the sort key of a Chinese title: each Han character as its pinyin
// syllable followed by a space, every other character lower-cased as it is. Titles
// then sort as a reader of a Chinese index expects (交通 before 卫生), which the
// characters' code points do not give.
func pinyinKey(title string) string {
	var b strings.Builder
	for _, r := range title {
		if unicode.Is(unicode.Han, r) {
			if py := pinyin.SinglePinyin(r, pinyinArgs); len(py) > 0 {
				b.WriteString(py[0])
				b.WriteByte(' ')
				continue
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// extractFormats are the formats of an extract's data files, in a fixed order.
func extractFormats(e *Extract) []string {
	if e == nil {
		return nil
	}
	var out []string
	for _, f := range []string{"parquet", "csv"} {
		for _, file := range e.Files {
			if strings.EqualFold(path.Ext(file.Path), "."+f) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// updatedBuckets is the "updated" filter a dataset last modified on lm falls in,
// against asOf: within a month, one to three months, three to twelve months, or
// older (disjoint, so that each dataset is listed once). A dataset without a date is
// in none.
func updatedBuckets(asOf time.Time, lm model.Date) []string {
	t, err := time.Parse(time.DateOnly, string(lm))
	if err != nil || asOf.IsZero() {
		return nil
	}
	var out []string
	switch {
	case !t.Before(asOf.AddDate(0, -1, 0)):
		out = append(out, "month")
	case !t.Before(asOf.AddDate(0, -3, 0)):
		out = append(out, "quarter")
	case !t.Before(asOf.AddDate(-1, 0, 0)):
		out = append(out, "year")
	default:
		out = append(out, "older")
	}
	return out
}
