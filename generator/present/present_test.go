package present

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

func words(t *testing.T, lang string) *Words {
	t.Helper()
	w, err := For(lang)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// TestMessageFilesAgree: both languages have every key, with the same placeholders;
// only English has _one singulars.
func TestMessageFilesAgree(t *testing.T) {
	zh, en := words(t, "zh"), words(t, "en")
	flat := func(w *Words) map[string]string {
		m := map[string]string{}
		for k, v := range w.UI {
			m["ui."+k] = v
		}
		for k, v := range w.Punct {
			m["punct."+k] = v
		}
		for k, v := range w.format {
			m["format."+k] = v
		}
		for f, vs := range w.words {
			for k, v := range vs {
				m["words."+f+"."+k] = v
			}
		}
		for f, vs := range w.meaning {
			for k, v := range vs {
				m["meaning."+f+"."+k] = v
			}
		}
		return m
	}
	z, e := flat(zh), flat(en)
	if len(z) < 300 {
		t.Fatalf("zh.yaml has only %d messages", len(z))
	}
	for k, v := range z {
		ev, ok := e[k]
		if !ok {
			t.Errorf("en.yaml lacks %s", k)
			continue
		}
		if v == "" || ev == "" {
			t.Errorf("%s is empty", k)
		}
		if a, b := placeholder.FindAllString(v, -1), placeholder.FindAllString(ev, -1); !sameSet(a, b) {
			t.Errorf("%s: placeholders differ: zh %v, en %v", k, a, b)
		}
	}
	for k := range e {
		if _, ok := z[k]; !ok && !strings.HasSuffix(k, "_one") {
			t.Errorf("zh.yaml lacks %s", k)
		}
	}
}

func sameSet(a, b []string) bool {
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// TestEveryEnumHasWords: every value the catalog format allows has words in both
// languages.
func TestEveryEnumHasWords(t *testing.T) {
	enums := map[string][]string{
		"open_type": {model.OpenUnconditional, model.OpenConditional, model.OpenNonOpen},
		"frequency": model.Frequencies,
		"type":      {model.TypeString, model.TypeInteger, model.TypeNumber, model.TypeBoolean, model.TypeDate, model.TypeDatetime},
		"personal":  {model.PersonalNone, model.PersonalPersonal, model.PersonalSensitive},
		"grade":     {model.GradeCore, model.GradeImportant, model.GradeGeneral},
		"validator": model.Validators,
		"use_class": {model.UsePublicGovernance, model.UsePublicWelfare, model.UseResearch, model.UseIndustry, model.UseCommercial},
		"level":     {"1", "2", "3", "4"},
	}
	for _, lang := range []string{"zh", "en"} {
		w := words(t, lang)
		for field, values := range enums {
			for _, v := range values {
				if w.Word(field, v) == v {
					t.Errorf("%s: words.%s.%s missing", lang, field, v)
				}
			}
		}
		for _, v := range []string{"1", "2", "3", "4"} {
			if w.Meaning("level", v) == "" {
				t.Errorf("%s: meaning.level.%s missing", lang, v)
			}
		}
	}
}

func TestDuration(t *testing.T) {
	for _, c := range []struct{ in, zh, en string }{
		{"P7D", "7 天", "7 days"},
		{"PT5M", "5 分钟", "5 minutes"},
		{"P1M", "1 个月", "1 month"},
		{"P3M", "3 个月", "3 months"},
		{"P1DT12H", "1 天 12 小时", "1 day 12 hours"},
		{"P1Y", "1 年", "1 year"},
		{"PT1S", "1 秒", "1 second"},
		{"soon", "soon", "soon"},
		{"P", "P", "P"},
	} {
		if got := words(t, "zh").Duration(c.in); got != c.zh {
			t.Errorf("zh Duration(%q) = %q, want %q", c.in, got, c.zh)
		}
		if got := words(t, "en").Duration(c.in); got != c.en {
			t.Errorf("en Duration(%q) = %q, want %q", c.in, got, c.en)
		}
	}
	if got := words(t, "zh").Period("P1M"); got != "每月" {
		t.Errorf("zh Period(P1M) = %q", got)
	}
	if got := words(t, "en").Period("P2W"); got != "every 2 weeks" {
		t.Errorf("en Period(P2W) = %q", got)
	}
}

func TestMetricAndLevel(t *testing.T) {
	zh, en := words(t, "zh"), words(t, "en")
	if got := zh.Metric(model.QualityRule{Kind: "completeness", Threshold: 0.995}); got != "完整性 ≥ 99.5%" {
		t.Errorf("zh metric = %q", got)
	}
	if got := en.Metric(model.QualityRule{Kind: "validity", Validator: "uscc", Threshold: 1}); got != "Validity (unified social credit code check) ≥ 100%" {
		t.Errorf("en metric = %q", got)
	}
	if got := zh.Level(3); !strings.HasPrefix(got, "第三级（较高敏感") || !strings.HasSuffix(got, "）") {
		t.Errorf("zh level = %q", got)
	}
	if got := en.LevelName(2); got != "Level 2" {
		t.Errorf("en level = %q", got)
	}
	if got := zh.List([]string{"甲", "乙"}); got != "甲、乙" {
		t.Errorf("zh list = %q", got)
	}
	if got := en.List([]string{"a", "b"}); got != "a, b" {
		t.Errorf("en list = %q", got)
	}
	if got := en.Count("count_datasets", 1); got != "1 dataset" {
		t.Errorf("en count 1 = %q", got)
	}
	if got := zh.Count("count_datasets", 1); got != "1 个数据集" {
		t.Errorf("zh count 1 = %q", got)
	}
}

func TestBands(t *testing.T) {
	up := func(n int64) *int64 { return &n }
	p := &model.PricingPolicy{Unit: &model.Text{Zh: "万行", En: "10k rows"}, Tiers: []model.Tier{{UpTo: up(100), PriceFen: 500}, {UpTo: up(1000), PriceFen: 300}, {PriceFen: 100}}, FreeQuota: 10}
	zh := words(t, "zh").Bands(p)
	want := []string{"1–100 万行：每万行 5.00 元", "101–1000 万行：每万行 3.00 元", "1001 万行及以上：每万行 1.00 元"}
	if !slices.Equal(zh, want) {
		t.Errorf("zh bands = %q, want %q", zh, want)
	}
	en := words(t, "en").Bands(p)
	if en[2] != "1001 10k rows and more: ¥1.00 per 10k rows" {
		t.Errorf("en bands = %q", en)
	}
	free := &model.PricingPolicy{Tiers: []model.Tier{{PriceFen: 0}}}
	if got := words(t, "zh").Bands(free); !slices.Equal(got, []string{"全部用量：免费"}) {
		t.Errorf("free bands = %q", got)
	}
	if got := words(t, "zh").FreeQuota(p); got != "每期前 10 万行免费" {
		t.Errorf("free quota = %q", got)
	}
}
