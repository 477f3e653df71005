package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

var (
	tagRe        = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)\s*>|<[^>]*>`)
	anchorRe     = regexp.MustCompile(`(?is)<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a\s*>`)
	breakRe      = regexp.MustCompile(`(?i)<br\s*/?>|</p\s*>|</div\s*>|</h[1-6]\s*>|</tr\s*>`)
	itemRe       = regexp.MustCompile(`(?i)<li[^>]*>`)
	blankLinesRe = regexp.MustCompile(`\n{3,}`)
	hasHTMLRe    = regexp.MustCompile(`(?i)</?(p|br|div|span|a|li|ul|ol|b|i|strong|em|h[1-6]|table|tr|td|font)\b[^>]*>`)
)

// cleanText turns a description from HTML or Markdown into plain Markdown: links
// kept as [text](url), block tags as line breaks, other tags removed, entities
// decoded, CRLF normalized, blank runs and trailing spaces trimmed.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if hasHTMLRe.MatchString(s) {
		s = anchorRe.ReplaceAllStringFunc(s, func(m string) string {
			g := anchorRe.FindStringSubmatch(m)
			text := strings.TrimSpace(tagRe.ReplaceAllString(g[2], ""))
			if text == "" || text == g[1] {
				return g[1]
			}
			return "[" + text + "](" + g[1] + ")"
		})
		s = breakRe.ReplaceAllString(s, "\n")
		s = itemRe.ReplaceAllString(s, "\n- ")
		s = tagRe.ReplaceAllString(s, "")
	}
	s = html.UnescapeString(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\u00a0':
			return ' '
		case unicode.IsControl(r) || r == '\ufeff':
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	s = blankLinesRe.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.TrimSpace(s)
}

// oneLine cleans a title or keyword: plain text on one line.
func oneLine(s string) string {
	s = cleanText(s)
	return strings.Join(strings.Fields(s), " ")
}

// slugify makes a catalog id from a name: lowercase ASCII letters and digits
// separated by single hyphens, at most max characters; "" when nothing is left.
func slugify(s string, max int) string {
	s = norm.NFKD.String(strings.ToLower(s))
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// accents dropped: é → e
		default:
			hyphen = true
		}
	}
	out := b.String()
	for len(out) > max {
		i := strings.LastIndexByte(out[:max], '-')
		if i <= 0 {
			out = out[:max]
			break
		}
		out = out[:i]
	}
	return strings.Trim(out, "-")
}

// hashID returns prefix plus a short stable hash of s, for names with no ASCII.
func hashID(prefix, s string) string {
	sum := sha256.Sum256([]byte(s))
	return prefix + hex.EncodeToString(sum[:4])
}

// date returns the YYYY-MM-DD date at the start of s (ISO 8601 date or
// timestamp), or "" when s does not start with a valid one.
func date(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, s[:10]); err != nil {
		return ""
	}
	return s[:10]
}

var yearRe = regexp.MustCompile(`^\d{4}$`)
var yearRangeRe = regexp.MustCompile(`^\s*(\d{4})\s*(?:-|–|to|~|/)\s*(\d{4}|present|current|now)?\s*$`)

// temporal parses an ISO 8601 interval (start/end, dates or years) or a year range
// such as "2009 - 2012"; ok is false when nothing usable is found.
func temporal(s string) (t model.Temporal, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return t, false
	}
	if m := yearRangeRe.FindStringSubmatch(s); m != nil {
		t.Start = model.Date(m[1] + "-01-01")
		if yearRe.MatchString(m[2]) {
			t.End = model.Date(m[2] + "-12-31")
		}
		return t, true
	}
	start, end, found := strings.Cut(s, "/")
	if !found {
		if d := date(s); d != "" {
			return model.Temporal{Start: model.Date(d)}, true
		}
		if yearRe.MatchString(s) {
			return model.Temporal{Start: model.Date(s + "-01-01"), End: model.Date(s + "-12-31")}, true
		}
		return t, false
	}
	if d := date(start); d != "" {
		t.Start = model.Date(d)
	} else if yearRe.MatchString(strings.TrimSpace(start)) {
		t.Start = model.Date(strings.TrimSpace(start) + "-01-01")
	}
	if d := date(end); d != "" {
		t.End = model.Date(d)
	} else if yearRe.MatchString(strings.TrimSpace(end)) {
		t.End = model.Date(strings.TrimSpace(end) + "-12-31")
	}
	if t.Start != "" && t.End != "" && t.End < t.Start {
		return model.Temporal{}, false
	}
	return t, t.Start != "" || t.End != ""
}

// licenses maps lowercased CKAN licence ids, POD licence URLs (without scheme and
// trailing slash) and JKAN licence names to SPDX identifiers. US federal works are
// in the public domain, which SPDX has no id for: they get a LicenseRef.
var licenses = map[string]string{
	"cc-by": "CC-BY-4.0", "cc-by-4.0": "CC-BY-4.0", "cc-by-3.0": "CC-BY-3.0",
	"cc-by-sa": "CC-BY-SA-4.0", "cc-by-sa-4.0": "CC-BY-SA-4.0",
	"cc-nc": "CC-BY-NC-4.0", "cc-by-nc-4.0": "CC-BY-NC-4.0",
	"cc-zero": "CC0-1.0", "cc0": "CC0-1.0", "cc0-1.0": "CC0-1.0",
	"odc-by": "ODC-By-1.0", "odc-odbl": "ODbL-1.0", "odbl": "ODbL-1.0", "odc-pddl": "PDDL-1.0",
	"uk-ogl": "OGL-UK-3.0", "ogl-uk-3.0": "OGL-UK-3.0", "gfdl": "GFDL-1.3-or-later",
	"creativecommons.org/licenses/by/4.0":            "CC-BY-4.0",
	"creativecommons.org/licenses/by/4.0/deed.ja":    "CC-BY-4.0",
	"creativecommons.org/licenses/by/4.0/deed.zh":    "CC-BY-4.0",
	"creativecommons.org/licenses/by/3.0":            "CC-BY-3.0",
	"creativecommons.org/licenses/by-sa/4.0":         "CC-BY-SA-4.0",
	"creativecommons.org/publicdomain/zero/1.0":      "CC0-1.0",
	"opendefinition.org/licenses/cc-zero":            "CC0-1.0",
	"opendefinition.org/licenses/cc-by":              "CC-BY-4.0",
	"opendatacommons.org/licenses/by/1.0":            "ODC-By-1.0",
	"opendatacommons.org/licenses/odbl/1.0":          "ODbL-1.0",
	"opendatacommons.org/licenses/pddl/1.0":          "PDDL-1.0",
	"www.usa.gov/publicdomain/label/1.0":             "LicenseRef-US-Government-Public-Domain",
	"usa.gov/publicdomain/label/1.0":                 "LicenseRef-US-Government-Public-Domain",
	"www.usa.gov/government-works":                   "LicenseRef-US-Government-Public-Domain",
	"creative commons cc zero":                       "CC0-1.0",
	"creative commons 4.0":                           "CC-BY-4.0",
	"creative commons attribution":                   "CC-BY-4.0",
	"creative commons attribution 4.0":               "CC-BY-4.0",
	"creative commons attribution share-alike":       "CC-BY-SA-4.0",
	"クリエイティブ・コモンズ 表示（cc by）":                         "CC-BY-4.0",
	"open data commons open database license (odbl)": "ODbL-1.0",
}

// spdx maps a licence id, URL or name to an SPDX id; "" when unknown.
func spdx(candidates ...string) string {
	for _, c := range candidates {
		k := strings.ToLower(strings.TrimSpace(c))
		k = strings.TrimPrefix(strings.TrimPrefix(k, "https://"), "http://")
		k = strings.TrimSuffix(k, "/")
		if k == "" {
			continue
		}
		if v, ok := licenses[k]; ok {
			return v
		}
	}
	return ""
}

// openType maps a POD accessLevel to an open type.
func openType(accessLevel string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(accessLevel)) {
	case "public":
		return model.OpenUnconditional, true
	case "restricted public":
		return model.OpenConditional, true
	case "non-public":
		return model.OpenNonOpen, true
	}
	return model.OpenNonOpen, false
}

var isoFreqRe = regexp.MustCompile(`^R/P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// frequency maps an update frequency (ISO 8601 accrualPeriodicity such as R/P1M, or
// free text in Chinese, Japanese or English such as 每月, 每季度, 當有需要時, 毎月,
// 1か月ごと, 年4回, "As needed") to a catalog frequency. exact is false when the
// mapping is an approximation (every six months → yearly) or unknown (irregular).
func frequency(raw string) (freq string, exact bool) {
	s := strings.ToLower(norm.NFKC.String(strings.TrimSpace(raw)))
	s = strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(s, "update frequency:")), "更新頻度:")
	if s == "" {
		return "", false
	}
	if m := isoFreqRe.FindStringSubmatch(strings.ToUpper(s)); m != nil {
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		y, mo, w, d, h, mi, sec := n(1), n(2), n(3), n(4), n(5), n(6), n(7)
		switch {
		case y == 0 && mo == 0 && w == 0 && d == 0 && h == 0 && (mi > 0 || sec > 0):
			return model.FreqRealtime, true
		case y == 0 && mo == 0 && w == 0 && d == 0 && h > 0:
			return model.FreqHourly, h == 1
		case y == 0 && mo == 0 && w == 0 && d > 0:
			if d == 1 {
				return model.FreqDaily, true
			}
			return model.FreqWeekly, d == 7
		case y == 0 && mo == 0 && w > 0:
			if w == 1 {
				return model.FreqWeekly, true
			}
			return model.FreqMonthly, false
		case y == 0 && mo > 0:
			switch {
			case mo == 1:
				return model.FreqMonthly, true
			case mo <= 3:
				return model.FreqQuarterly, mo == 3
			case mo <= 12:
				return model.FreqYearly, mo == 12
			}
		case y == 1 && mo == 0:
			return model.FreqYearly, true
		}
		return model.FreqIrregular, false
	}
	// The word that comes first decides: 每小时 / 预测：每日 … 当有需要时 is hourly.
	best, bestAt, bestExact := "", len(s)+1, false
	for _, kw := range freqWords {
		for _, w := range kw.words {
			if i := strings.Index(s, w); i >= 0 && i < bestAt {
				best, bestAt, bestExact = kw.freq, i, kw.exact
			}
		}
	}
	if best != "" {
		return best, bestExact
	}
	for _, p := range freqPatterns {
		if m := p.re.FindStringSubmatch(s); m != nil {
			v, _ := strconv.Atoi(m[1])
			if f, exact := p.fn(v); f != "" {
				return f, exact
			}
		}
	}
	return model.FreqIrregular, false
}

// freqWords are the frequency words; where several occur, the earliest decides.
var freqWords = []struct {
	freq  string
	exact bool
	words []string
}{
	{model.FreqIrregular, true, []string{"不定期", "随時", "隨時", "随时", "當有需要時", "当有需要时", "有需要時", "按需", "変更の都度", "公開時のみ", "更新無", "更新予定なし", "不更新", "无更新", "無更新", "as needed", "never", "irregular"}},
	{model.FreqRealtime, true, []string{"实时", "實時", "即時", "即时", "リアルタイム", "real-time", "realtime", "continuous", "每分鐘", "每分钟"}},
	{model.FreqHourly, true, []string{"每小时", "每小時", "毎時", "hourly"}},
	{model.FreqDaily, true, []string{"每日", "每天", "毎日", "日次", "daily"}},
	{model.FreqWeekly, true, []string{"每周", "每週", "毎週", "週次", "每星期", "逢星期", "weekly"}},
	{model.FreqQuarterly, true, []string{"每季度", "每季", "季度", "四半期", "每三個月", "每三个月", "quarterly"}},
	{model.FreqYearly, false, []string{"每半年", "半年", "semiannual", "semi-annual", "biannual"}},
	{model.FreqMonthly, true, []string{"每月", "毎月", "月次", "monthly"}},
	{model.FreqYearly, true, []string{"每年", "毎年", "年度", "年次", "一年ごと", "年一回", "每年一次", "annual", "yearly", "annually"}},
}

// freqPatterns read counted forms such as 1か月ごと, 年4回, 月1回, 1回/年, 1年ごと.
var freqPatterns = []struct {
	re *regexp.Regexp
	fn func(n int) (string, bool)
}{
	{regexp.MustCompile(`(\d+)\s*(?:か月|カ月|ヶ月|ケ月|ヵ月|个月|個月|月)\s*(?:ごと|毎|每|に1回|一次)`), func(n int) (string, bool) {
		switch {
		case n == 1:
			return model.FreqMonthly, true
		case n <= 3:
			return model.FreqQuarterly, n == 3
		case n <= 12:
			return model.FreqYearly, n == 12
		}
		return model.FreqIrregular, false
	}},
	{regexp.MustCompile(`(\d+)\s*(?:週間|周|週)\s*(?:ごと|毎|每|に1回|一次)`), func(n int) (string, bool) {
		if n == 1 {
			return model.FreqWeekly, true
		}
		return model.FreqMonthly, false
	}},
	{regexp.MustCompile(`(\d+)\s*日\s*(?:ごと|毎|每)`), func(n int) (string, bool) {
		if n == 1 {
			return model.FreqDaily, true
		}
		return model.FreqWeekly, n == 7
	}},
	{regexp.MustCompile(`(?:年|1年に)\s*(\d+)\s*(?:回|次)`), timesAYear},
	{regexp.MustCompile(`(\d+)\s*回\s*/\s*年`), timesAYear},
	{regexp.MustCompile(`1\s*回\s*/\s*(\d+)\s*年`), func(n int) (string, bool) {
		if n == 1 {
			return model.FreqYearly, true
		}
		return model.FreqIrregular, false
	}},
	{regexp.MustCompile(`月\s*(\d+)\s*(?:回|次)`), func(n int) (string, bool) {
		if n >= 4 {
			return model.FreqWeekly, n == 4
		}
		return model.FreqMonthly, n == 1
	}},
	{regexp.MustCompile(`(\d+)\s*年\s*(?:ごと|毎|每|に1回)`), func(n int) (string, bool) {
		if n == 1 {
			return model.FreqYearly, true
		}
		return model.FreqIrregular, false
	}},
	{regexp.MustCompile(`^(\d+)\s*年$`), func(n int) (string, bool) {
		if n == 1 {
			return model.FreqYearly, true
		}
		return model.FreqIrregular, false
	}},
}

// timesAYear maps "N times a year" to the nearest frequency that is not stricter.
func timesAYear(n int) (string, bool) {
	switch {
	case n <= 0:
		return "", false
	case n == 1:
		return model.FreqYearly, true
	case n < 4:
		return model.FreqYearly, false
	case n < 12:
		return model.FreqQuarterly, n == 4
	case n < 52:
		return model.FreqMonthly, n == 12
	}
	return model.FreqWeekly, n == 52
}

// language tells which language text is written in, by its script: ja when it
// holds kana, ko for Hangul, zh for other Han text, en for Latin letters (or no
// letters at all), and for other scripts the BCP 47 tag of the script's language
// or, where a script serves many languages, und with the script (und-Cyrl).
// Japanese written in kanji alone reads as zh: the script cannot tell them apart.
func language(s string) string {
	var han, latin, unknown int
	others := map[string]int{}
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			return "ja"
		case unicode.Is(unicode.Hangul, r):
			return "ko"
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			unknown++
			for _, sc := range otherScripts {
				if unicode.Is(sc.table, r) {
					others[sc.tag]++
					unknown--
					break
				}
			}
		}
	}
	if han > 0 {
		return "zh"
	}
	best, n := "en", latin
	for _, sc := range otherScripts {
		if others[sc.tag] > n {
			best, n = sc.tag, others[sc.tag]
		}
	}
	if unknown > n {
		return "und" // letters of a script not listed
	}
	return best
}

// otherScripts are the scripts language names, in the order ties are broken.
var otherScripts = []struct {
	table *unicode.RangeTable
	tag   string
}{
	{unicode.Cyrillic, "und-Cyrl"}, {unicode.Arabic, "und-Arab"}, {unicode.Greek, "el"}, {unicode.Hebrew, "he"},
	{unicode.Thai, "th"}, {unicode.Devanagari, "und-Deva"}, {unicode.Tibetan, "bo"}, {unicode.Mongolian, "mn"},
}

// languageName names a language tag of language in English, for comments.
func languageName(tag string) string {
	switch tag {
	case "ja":
		return "Japanese (ja)"
	case "ko":
		return "Korean (ko)"
	}
	return "another language (" + tag + ")"
}
