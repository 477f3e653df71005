package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

var testOpts = Options{Theme: "transport", Themes: []string{"transport"}, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}

// figures are the import figures of one corpus folder.
type figures struct {
	files, fileErrors, records, imported, failed, departments int
	fields, todo                                              map[string]int
}

// importFolder imports every file of a corpus folder into one temporary catalog,
// checks that every written file passes the yaml and schema rules and that the key
// fields round-trip, and returns the figures.
func importFolder(t *testing.T, format, dir string) figures {
	cat := t.TempDir()
	fg := figures{fields: map[string]int{}, todo: map[string]int{}}
	var written []File
	exists := func(p string) bool {
		_, err := os.Stat(filepath.Join(cat, filepath.FromSlash(p)))
		return err == nil
	}
	corpus := fixture.Corpus(t, "")
	for _, p := range fixture.Files(t, dir) {
		fg.files++
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.ToSlash(strings.TrimPrefix(p, corpus+string(filepath.Separator)))
		res, err := Import(format, name, src, testOpts, exists)
		if err != nil {
			var e Error
			if !errors.As(err, &e) || e.File != name || e.Message == "" {
				t.Errorf("%s: error without a position: %v", name, err)
			}
			fg.fileErrors++
			t.Logf("rejected file: %v", err)
			continue
		}
		for _, e := range res.Errors {
			if e.File != name || e.Line < 1 || e.Message == "" {
				t.Errorf("record error without file:line: %v", e)
			}
			t.Logf("rejected record: %v", e)
		}
		fg.records += res.Stats.Records
		fg.imported += res.Stats.Added
		fg.failed += res.Stats.Failed
		fg.departments += res.Stats.Departments
		for k, v := range res.Stats.Fields {
			fg.fields[k] += v
		}
		for k, v := range res.Stats.Todo {
			fg.todo[k] += v
		}
		for _, f := range res.Files {
			dst := filepath.Join(cat, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			written = append(written, f)
		}
	}
	loaded, err := load.Load(cat)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range loaded.Findings {
		t.Errorf("imported file fails %s: %s", f.Rule, f)
	}
	for _, f := range written {
		if f.rec == nil {
			continue
		}
		d := loaded.Dataset(strings.TrimSuffix(filepath.Base(f.Path), ".yaml"))
		if d == nil {
			t.Errorf("%s: not loaded as a dataset", f.Path)
			continue
		}
		checkRoundTrip(t, f, d.V)
	}
	return fg
}

func checkRoundTrip(t *testing.T, f File, d *model.Dataset) {
	t.Helper()
	r := f.rec
	// The source's text is in zh (Chinese), en (English) or untranslated (another
	// language: never in zh, which then holds a placeholder).
	roundTrip := func(field string, got model.Text, want string) {
		switch lang := language(want); {
		case lang == "zh" && got.Zh == want && got.Untranslated == nil:
		case lang == "en" && got.En == want && got.Untranslated == nil:
		case lang != "zh" && lang != "en" && got.Untranslated != nil && got.Untranslated.Text == want && got.Untranslated.Lang == lang &&
			strings.Contains(got.Zh, "TODO(author)"):
		default:
			t.Errorf("%s: %s (%s) did not round-trip:\n got %+v\nwant %q", f.Path, field, lang, got, want)
		}
	}
	roundTrip("title", d.Title, r.title)
	if r.description != "" {
		roundTrip("description", d.Description, r.description)
	}
	if strings.Join(d.KeywordsIn("zh"), "\x00") != strings.Join(r.keywords, "\x00") {
		t.Errorf("%s: keywords %q, want %q", f.Path, d.KeywordsIn("zh"), r.keywords)
	}
	if r.license != "" && d.OpenType == model.OpenUnconditional && d.License != r.license {
		t.Errorf("%s: license %q, want %q", f.Path, d.License, r.license)
	}
}

func TestImportCorpus(t *testing.T) {
	for _, tc := range []struct{ format, dir string }{
		{"ckan", "ckan"},
		{"datajson", "pod-v1.1/real-catalogs"},
		{"jkan", "jkan"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			fg := importFolder(t, tc.format, tc.dir)
			if fg.imported == 0 {
				t.Fatal("nothing imported")
			}
			var fields []string
			for k, v := range fg.fields {
				fields = append(fields, fmt.Sprintf("%s %d", k, v))
			}
			sort.Strings(fields)
			var todos []string
			for k, v := range fg.todo {
				todos = append(todos, fmt.Sprintf("%s %d", k, v))
			}
			sort.Strings(todos)
			t.Logf("FIGURES %s: files %d (rejected %d), records %d, imported %d, failed %d, department stubs %d\n  mapped: %s\n  TODO: %s",
				tc.dir, fg.files, fg.fileErrors, fg.records, fg.imported, fg.failed, fg.departments, strings.Join(fields, ", "), strings.Join(todos, ", "))
		})
	}
}

// TestImportKnownRecords checks mapped values against records read by hand.
func TestImportKnownRecords(t *testing.T) {
	one := func(format, rel string) (*Result, *model.Dataset) {
		t.Helper()
		src := fixture.Read(t, rel)
		res, err := Import(format, rel, src, testOpts, nil)
		if err != nil {
			t.Fatal(err)
		}
		cat := t.TempDir()
		for _, f := range res.Files {
			p := filepath.Join(cat, filepath.FromSlash(f.Path))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, f.Data, 0o644)
		}
		loaded, err := load.Load(cat)
		if err != nil || len(loaded.Findings) > 0 || len(loaded.Datasets) == 0 {
			t.Fatalf("%s: %v %v", rel, err, loaded.Findings)
		}
		return res, loaded.Datasets[0].V
	}
	_, d := one("ckan", "ckan/tokyo-metro-package_show/00160c4e-fe1a-4c63-835f-d53f2cef5beb.json")
	if u := d.Title.Untranslated; u == nil || u.Lang != "ja" || u.Text != "補助第315号線高架橋部土壌汚染対策工事の各種調査結果" || !strings.Contains(d.Title.Zh, "TODO(author)") {
		t.Errorf("tokyo: the Japanese title is not kept as untranslated ja text: %+v %+v", d.Title, u)
	}
	if d.License != "CC-BY-4.0" || d.Update.Frequency != "irregular" ||
		d.Department != "t000013" || d.ID != "t000013d1700000009" || d.OpenType != "unconditional" || d.Update.LastModified != "2019-11-01" {
		t.Errorf("tokyo: %+v", d)
	}
	_, d = one("ckan", "ckan/data.gov.hk-package_show/aahk-team1-flight-info.json")
	if d.Title.Zh != "航班資料" || d.Update.Frequency != "daily" || d.Department != "aahk" {
		t.Errorf("hk: %+v", d)
	}
	res, _ := one("datajson", "pod-v1.1/real-catalogs/opendata.fcc.gov.data.json")
	if res.Stats.Failed != 6 {
		t.Errorf("FCC: %d records rejected, want the 6 invalid ones (no keyword)", res.Stats.Failed)
	}
	for _, e := range res.Errors {
		if !strings.Contains(e.Message, "keyword is missing") {
			t.Errorf("FCC error does not name the missing keyword: %v", e)
		}
	}
	_, d = one("jkan", "jkan/opendataphilly/_datasets/"+firstJKAN(t))
	if d.Title.En == "" || d.Title.Zh != d.Title.En {
		t.Errorf("jkan title: %+v", d.Title)
	}
}

func firstJKAN(t *testing.T) string {
	return filepath.Base(fixture.Files(t, "jkan/opendataphilly/_datasets")[0])
}

func TestImportErrors(t *testing.T) {
	for _, tc := range []struct {
		format, src, want string
	}{
		{"ckan", `{"success": true, "result": ["a", "b"]}`, "package_list"},
		{"ckan", "{\n  \"success\": true,\n  \"result\": {\"name\": \"x\",,}\n}", "in:3:26:"},
		{"ckan", `{"success": false, "error": {"message": "Not found"}}`, "Not found"},
		{"ckan", `[1, 2]`, "not a JSON object"},
		{"datajson", `{"conformsTo": "x"}`, "no \"dataset\" array"},
		{"datajson", `[]`, "JSON object"},
		{"jkan", "no front matter", "front matter"},
		{"jkan", "---\ntitle: a\n\tbad: tab\n---\n", "invalid front matter"},
		{"xml", "<x/>", "unknown format"},
	} {
		res, err := Import(tc.format, "in", []byte(tc.src), testOpts, nil)
		msg := fmt.Sprint(err)
		if err == nil && res != nil && len(res.Errors) > 0 {
			msg = res.Errors[0].Error()
		}
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s %q: got %q, want %q", tc.format, tc.src, msg, tc.want)
		}
	}
}

func TestFrequency(t *testing.T) {
	for in, want := range map[string]string{
		"R/P1D": "daily", "R/P1W": "weekly", "R/P1M": "monthly", "R/P3M": "quarterly", "R/P1Y": "yearly",
		"R/PT1H": "hourly", "R/PT1S": "realtime", "R/P6M": "yearly", "irregular": "irregular",
		"每月": "monthly", "每季度": "quarterly", "每年": "yearly", "每日": "daily", "不定期": "irregular",
		"當有需要時": "irregular", "毎月": "monthly", "1か月ごと": "monthly", "１か月ごと": "monthly", "年４回": "quarterly",
		"年1回(4月）": "yearly", "1年ごと": "yearly", "随時": "irregular", "1回/3年": "irregular", "每星期": "weekly",
		"每小時": "hourly", "每日（更新至前一天）": "daily", "Update Frequency: As Needed": "irregular",
		"空氣質素健康指數： 每小時  /  預測：當有需要時": "hourly", "概ね一年ごと": "yearly", "每三個月": "quarterly",
	} {
		if got, _ := frequency(in); got != want {
			t.Errorf("frequency(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSPDX(t *testing.T) {
	for in, want := range map[string]string{
		"CC-BY-4.0": "CC-BY-4.0", "cc-by": "CC-BY-4.0", "https://creativecommons.org/publicdomain/zero/1.0/": "CC0-1.0",
		"http://www.usa.gov/publicdomain/label/1.0/": "LicenseRef-US-Government-Public-Domain",
		"Creative Commons CC Zero":                   "CC0-1.0", "odc-odbl": "ODbL-1.0", "License Not Specified": "", "other-open": "",
	} {
		if got := spdx(in); got != want {
			t.Errorf("spdx(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Hello <b>world</b></p><p>Second &amp; last</p>": "Hello world\nSecond & last",
		`See <a href="https://x.example/">the site</a>.`:    "See [the site](https://x.example/).",
		"line one\r\n\r\n\r\n\r\nline two  ":                "line one\n\nline two",
		"<ul><li>a</li><li>b</li></ul>":                     "- a\n- b",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := slugify("Consumer Financial Protection Bureau", 64); got != "consumer-financial-protection-bureau" {
		t.Errorf("slugify = %q", got)
	}
	if got := slugify("東京都", 64); got != "" {
		t.Errorf("slugify of CJK = %q, want empty", got)
	}
}

func TestSuggestTheme(t *testing.T) {
	ids := []string{"transport", "health", "education-employment"}
	text := map[string]string{
		"transport":            "交通出行 Transport 道路、公交、轨道交通、停车与出行服务数据。 Roads, buses, metro, parking and travel services.",
		"health":               "卫生健康 Health 医疗机构、医师、诊疗与公共卫生数据。",
		"education-employment": "教育就业 Education and employment 学校、培训机构、就业登记与招聘岗位数据。",
	}
	for in, want := range map[string]string{
		"交通情報":            "transport",
		"教育":              "education-employment",
		"Travel times":    "transport",
		"Employment":      "education-employment",
		"Police Advisory": "",
		"医療・福祉 公共卫生":      "health",
	} {
		if got := suggestTheme([]string{in}, ids, text); got != want {
			t.Errorf("suggestTheme(%q) = %q, want %q", in, got, want)
		}
	}
}
