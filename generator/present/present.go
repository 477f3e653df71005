// Package present turns the catalog's internal values into the words a reader sees,
// in Chinese or in English: enumerated values (open types, grades, frequencies, …),
// security levels with what they mean, ISO 8601 durations ("P7D" → "7 天" / "7 days"),
// quality thresholds as percentages, pricing bands, counts with their nouns, list
// separators and punctuation (full-width on Chinese pages).
//
// The words live in one message file per language, templates/i18n/<lang>.yaml,
// embedded in the binary: translators edit YAML, not Go. The files have four sections
// (punct, ui, words, meaning, format; see zh.yaml); a test checks that both files have
// the same keys and the same {placeholders}. Plain YAML read with the YAML library the
// loader already uses is enough here: the portal needs no plural rules beyond
// English's one/other (a key ending in _one) and no message formatting beyond named
// placeholders, which golang.org/x/text/message would bring with a code generator.
package present

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pricing"
	"github.com/shuyuan-project/shuyuan/templates"
)

// Words are the words of one language. They are read-only once loaded.
type Words struct {
	// Lang is the language ("zh", "en").
	Lang string
	// UI is the interface text, by key (the templates' .T).
	UI map[string]string
	// Punct holds the punctuation and separators (colon, list, semicolon, open, close,
	// period, range).
	Punct   map[string]string
	words   map[string]map[string]string
	meaning map[string]map[string]string
	format  map[string]string
}

// file is the shape of a message file.
type file struct {
	Punct   map[string]string            `yaml:"punct"`
	UI      map[string]string            `yaml:"ui"`
	Words   map[string]map[string]string `yaml:"words"`
	Meaning map[string]map[string]string `yaml:"meaning"`
	Format  map[string]string            `yaml:"format"`
}

var all = sync.OnceValues(func() (map[string]*Words, error) { return Parse(templates.I18N) })

// Parse reads every i18n/<lang>.yaml of fsys.
func Parse(fsys fs.FS) (map[string]*Words, error) {
	names, err := fs.Glob(fsys, "i18n/*.yaml")
	if err != nil {
		return nil, err
	}
	out := map[string]*Words{}
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		var f file
		if err := yaml.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("templates/%s: %w", n, err)
		}
		lang := strings.TrimSuffix(path.Base(n), ".yaml")
		out[lang] = &Words{Lang: lang, UI: f.UI, Punct: f.Punct, words: f.Words, meaning: f.Meaning, format: f.Format}
	}
	return out, nil
}

// For returns the words of lang.
func For(lang string) (*Words, error) {
	m, err := all()
	if err != nil {
		return nil, err
	}
	w := m[lang]
	if w == nil {
		return nil, fmt.Errorf("no message file templates/i18n/%s.yaml", lang)
	}
	return w, nil
}

// Languages lists the languages that have a message file.
func Languages() []string {
	m, _ := all()
	var out []string
	for l := range m {
		out = append(out, l)
	}
	return out
}

// Word names an enumerated value of a field (words.<field>.<value>), e.g.
// Word("open_type", "non-open") = "不予开放". An unknown value is returned as it is.
func (w *Words) Word(field, value string) string {
	if s, ok := w.words[field][value]; ok {
		return s
	}
	return value
}

// Words names each value of a list, joined with the language's list separator.
func (w *Words) Words(field string, values []string) string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = w.Word(field, v)
	}
	return w.List(out)
}

// Meaning says what a value means (meaning.<field>.<value>), "" when nothing is said.
func (w *Words) Meaning(field, value string) string { return w.meaning[field][value] }

// List joins items with the language's separator ("、" in Chinese, ", " in English).
func (w *Words) List(items []string) string { return strings.Join(items, w.Punct["list"]) }

// Colon is the colon that follows a label ("：" or ": ").
func (w *Words) Colon() string { return w.Punct["colon"] }

// Paren puts s in the language's parentheses ("（s）" or " (s)").
func (w *Words) Paren(s string) string { return w.Punct["open"] + s + w.Punct["close"] }

// F fills the phrase format.<key> with placeholders given as name, value pairs.
func (w *Words) F(key string, pairs ...string) string {
	s, ok := w.format[key]
	if !ok {
		return key
	}
	return fill(s, pairs...)
}

func fill(s string, pairs ...string) string {
	if len(pairs) == 0 {
		return s
	}
	r := make([]string, 0, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		r = append(r, "{"+pairs[i]+"}", pairs[i+1])
	}
	return strings.NewReplacer(r...).Replace(s)
}

// Count is format.<key> for n, its _one form when n is 1 and the language has one:
// Count("count_datasets", 3) = "3 个数据集" / "3 datasets".
func (w *Words) Count(key string, n int) string {
	if n == 1 {
		if s, ok := w.format[key+"_one"]; ok {
			return fill(s, "n", strconv.Itoa(n))
		}
	}
	return w.F(key, "n", strconv.Itoa(n))
}

// isoDuration matches an ISO 8601 duration as the catalog writes it.
var isoDuration = regexp.MustCompile(`^P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?$`)

// durationUnits name the groups of isoDuration: date units upper case, time units
// lower case (M is months, m minutes).
var durationUnits = []string{"Y", "M", "W", "D", "h", "m", "s"}

// Duration says an ISO 8601 duration in words: "PT5M" → "5 分钟" / "5 minutes",
// "P1DT12H" → "1 天 12 小时". A value that is not a duration is returned as it is.
func (w *Words) Duration(iso string) string {
	m := isoDuration.FindStringSubmatch(iso)
	if m == nil || iso == "P" || iso == "PT" {
		return iso
	}
	var parts []string
	for i, u := range durationUnits {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.Atoi(m[i+1])
		if err != nil {
			return iso
		}
		parts = append(parts, w.Count("duration_"+u, n))
	}
	if len(parts) == 0 {
		return iso
	}
	return strings.Join(parts, " ")
}

// Period says a billing period: "P1M" → "每月" / "Monthly", "P2W" → "每2 周" /
// "every 2 weeks".
func (w *Words) Period(iso string) string {
	if s, ok := w.format["period_"+iso]; ok {
		return s
	}
	d := w.Duration(iso)
	if d == iso {
		return iso
	}
	return w.F("every", "duration", d)
}

// Percent writes a share from 0 to 1 as a percentage without needless decimals:
// 0.995 → "99.5", 1 → "100".
func Percent(share float64) string {
	return strconv.FormatFloat(math.Round(share*1e6)/1e4, 'f', -1, 64)
}

// Number writes a percentage or amount without needless decimals: 20 → "20", 12.5 → "12.5".
func Number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Metric says a quality rule: "completeness", 0.995 → "完整性 ≥ 99.5%".
func (w *Words) Metric(r model.QualityRule) string {
	kind := w.Word("quality_kind", r.Kind)
	if r.Validator != "" {
		return w.F("metric_validator", "kind", kind, "validator", w.Word("validator", r.Validator), "percent", Percent(r.Threshold))
	}
	return w.F("metric", "kind", kind, "percent", Percent(r.Threshold))
}

// Level names a security level 1–4 with what it means: "第三级（较高敏感：…）".
func (w *Words) Level(n int) string {
	k := strconv.Itoa(n)
	name := w.Word("level", k)
	if m := w.Meaning("level", k); m != "" {
		return w.F("level", "name", name, "meaning", m)
	}
	return name
}

// LevelName names a security level 1–4 without its meaning: "第三级" / "Level 3".
func (w *Words) LevelName(n int) string { return w.Word("level", strconv.Itoa(n)) }

// Yuan writes an amount in fen as yuan: "12.50 元" / "¥12.50".
func (w *Words) Yuan(fen int64) string { return w.F("yuan", "yuan", pricing.Yuan(fen)) }

// Unit is a pricing policy's billed unit in words, the language's default when the
// policy names none.
func (w *Words) Unit(p *model.PricingPolicy) string {
	if p.Unit != nil {
		return p.Unit.In(w.Lang)
	}
	return w.F("default_unit")
}

// Bands says a pricing policy's price bands, one phrase each: "1–100 万行：每万行 5.00
// 元", "1001 万行及以上：每万行 1.00 元"; a free band says so.
func (w *Words) Bands(p *model.PricingPolicy) []string {
	unit := w.Unit(p)
	out := make([]string, 0, len(p.Tiers))
	from := int64(1)
	for _, t := range p.Tiers {
		price := w.Word("price", "free")
		if t.PriceFen > 0 {
			price = w.F("unit_price", "unit", unit, "yuan", pricing.Yuan(t.PriceFen))
		}
		switch {
		case t.UpTo != nil:
			out = append(out, w.F("band", "from", strconv.FormatInt(from, 10), "to", strconv.FormatInt(*t.UpTo, 10), "unit", unit, "price", price))
			from = *t.UpTo + 1
		case len(p.Tiers) == 1:
			out = append(out, w.F("band_all", "price", price))
		default:
			out = append(out, w.F("band_over", "from", strconv.FormatInt(from, 10), "unit", unit, "price", price))
		}
	}
	return out
}

// FreeQuota says a policy's free quota, "" when it has none.
func (w *Words) FreeQuota(p *model.PricingPolicy) string {
	if p.FreeQuota <= 0 {
		return ""
	}
	return w.F("free_quota", "n", strconv.FormatInt(p.FreeQuota, 10), "unit", w.Unit(p))
}

// Size writes a byte count, e.g. 1536 → "1.5 KiB".
func Size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
