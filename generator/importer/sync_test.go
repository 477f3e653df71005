package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// podCatalog returns a Project Open Data catalog holding the records.
func podCatalog(t *testing.T, records ...map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"dataset": records})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// podRecord is a valid POD record; fields overrides or adds fields.
func podRecord(fields map[string]any) map[string]any {
	r := map[string]any{
		"title": "Street trees", "description": "Every street tree of the city with species, trunk size and planting date, updated monthly.",
		"keyword": []any{"trees", "parks"}, "modified": "2026-10-01", "publisher": map[string]any{"name": "Parks Department"},
		"contactPoint": map[string]any{}, "identifier": "street-trees", "accessLevel": "public",
		"license": "https://creativecommons.org/publicdomain/zero/1.0/", "accrualPeriodicity": "R/P1M",
	}
	for k, v := range fields {
		r[k] = v
	}
	return r
}

// syncRun imports src (a data.json named catalog.json) into the catalog directory
// dir with --update and writes the result, as the command does.
func syncRun(t *testing.T, dir string, src []byte) *Result {
	t.Helper()
	var cat *load.Catalog
	if _, err := os.Stat(dir); err == nil {
		c, err := load.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		cat = c
	}
	opts := testOpts
	opts.Update, opts.Catalog = true, cat
	s, err := NewSession("datajson", opts, func(p string) bool {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		return err == nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Add("catalog.json", "catalog.json", src)
	res := s.Finish()
	for _, e := range res.Errors {
		t.Errorf("import error: %v", e)
	}
	for _, f := range res.Files {
		if f.Data == nil {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// datasetFile returns the path of the one dataset file of res.
func datasetFile(t *testing.T, dir string, res *Result) string {
	t.Helper()
	for _, f := range res.Files {
		if strings.HasPrefix(f.Path, "datasets/") {
			return filepath.Join(dir, filepath.FromSlash(f.Path))
		}
	}
	t.Fatalf("no dataset among %v", res.Files)
	return ""
}

// TestUpdateKeepsLocalEdits: an update rewrites only the fields whose source value
// changed. Local edits to fields the source did not change (a keyword list, the
// update frequency), to fields the source never carries (grade), and a Chinese
// translation of an English title all survive; the translation gets a marker to
// check it against the new English.
func TestUpdateKeepsLocalEdits(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	res := syncRun(t, dir, podCatalog(t, podRecord(nil)))
	if res.Stats.Added != 1 {
		t.Fatalf("first run: %+v", res.Stats)
	}
	p := datasetFile(t, dir, res)
	data, _ := os.ReadFile(p)
	local := string(data)
	for from, to := range map[string]string{
		"  zh: \"Street trees\"\n":              "  zh: \"行道树\"\n",
		"  - \"parks\"\n":                       "  - \"parks\"\n  - \"绿化\"\n",
		"  frequency: monthly   # from R/P1M\n": "  frequency: weekly   # measured by the department\n",
		"grade: general   # TODO(author): core | important | general (GB/T 43697)\n": "grade: important\n",
	} {
		if !strings.Contains(local, from) {
			t.Fatalf("the imported file lacks %q:\n%s", from, local)
		}
		local = strings.Replace(local, from, to, 1)
	}
	if err := os.WriteFile(p, []byte(local), 0o644); err != nil {
		t.Fatal(err)
	}

	res = syncRun(t, dir, podCatalog(t, podRecord(map[string]any{"title": "Street trees of the city", "modified": "2026-11-01"})))
	if res.Stats.Updated != 1 || res.Stats.Unchanged != 0 || len(res.Files) != 1 {
		t.Fatalf("second run: %+v %v", res.Stats, res.Files)
	}
	if want := "1.0.0 → 1.1.0 (minor): title, update.last_modified"; res.Files[0].Note != want {
		t.Errorf("note %q, want %q", res.Files[0].Note, want)
	}
	data, _ = os.ReadFile(p)
	got := string(data)
	for _, want := range []string{
		"title:   # TODO(author): the source changed the English text: check that zh still says the same\n  zh: \"行道树\"\n  en: \"Street trees of the city\"\n",
		"  - \"parks\"\n  - \"绿化\"\n",
		"  frequency: weekly   # measured by the department\n  last_modified: 2026-11-01\n",
		"grade: important\n",
		"version: 1.1.0\n",
		"changelog:\n  - version: 1.1.0\n    date: 2026-11-01\n    summary: {zh: \"从 catalog.json（datajson）更新：title\", en: \"Updated from catalog.json (datajson): title\"}\n  - version: 1.0.0\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("updated file lacks\n%s\n---\n%s", want, got)
		}
	}
	// Only the refresh field moves: the file is refreshed, the version stays.
	res = syncRun(t, dir, podCatalog(t, podRecord(map[string]any{"title": "Street trees of the city", "modified": "2026-12-01"})))
	if res.Stats.Updated != 1 || !strings.Contains(res.Files[0].Note, "no new version") {
		t.Fatalf("refresh: %+v %v", res.Stats, res.Files)
	}
	data, _ = os.ReadFile(p)
	if !strings.Contains(string(data), "version: 1.1.0\n") || !strings.Contains(string(data), "last_modified: 2026-12-01\n") {
		t.Errorf("refresh changed the version or missed the date:\n%s", data)
	}
}

// TestUpdateUntranslated: a Japanese title is kept in untranslated with a
// placeholder in zh; once translated, a change of the Japanese keeps the
// translation and asks to check it.
func TestUpdateUntranslated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	rec := func(title string) []byte {
		return podCatalog(t, podRecord(map[string]any{"title": title, "identifier": "jp-1"}))
	}
	path := datasetFile(t, dir, syncRun(t, dir, rec("都営バスの停留所一覧")))
	data, _ := os.ReadFile(path)
	want := "title:   # the source is in Japanese (ja): translate untranslated.text into zh and en, then delete untranslated (rule untranslated)\n" +
		"  zh: \"TODO(author): 中文译文\"\n  untranslated:\n    lang: ja\n    text: \"都営バスの停留所一覧\"\n"
	if !strings.Contains(string(data), want) {
		t.Fatalf("new file lacks\n%s\n---\n%s", want, data)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), `zh: "TODO(author): 中文译文"`, `zh: 都营巴士站点一览`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	syncRun(t, dir, rec("都営バスの停留所一覧（令和8年度）"))
	data, _ = os.ReadFile(path)
	want = "title:   # TODO(author): the source changed the original (untranslated): check that the translation still says the same\n" +
		"  zh: \"都营巴士站点一览\"\n  untranslated:\n    lang: ja\n    text: \"都営バスの停留所一覧（令和8年度）\"\n"
	if !strings.Contains(string(data), want) {
		t.Errorf("updated file lacks\n%s\n---\n%s", want, data)
	}
}

// TestUpdateFlowStyle: a file whose update mapping a department rewrote on one line
// is still updated, with the unchanged frequency kept.
func TestUpdateFlowStyle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	res := syncRun(t, dir, podCatalog(t, podRecord(nil)))
	p := datasetFile(t, dir, res)
	data, _ := os.ReadFile(p)
	flow := strings.Replace(string(data), "update:\n  frequency: monthly   # from R/P1M\n  last_modified: 2026-10-01\n", "update: {frequency: weekly, last_modified: 2026-10-01}\n", 1)
	if flow == string(data) {
		t.Fatalf("no update block to rewrite:\n%s", data)
	}
	if err := os.WriteFile(p, []byte(flow), 0o644); err != nil {
		t.Fatal(err)
	}
	syncRun(t, dir, podCatalog(t, podRecord(map[string]any{"modified": "2026-11-02"})))
	data, _ = os.ReadFile(p)
	if !strings.Contains(string(data), "update:\n  frequency: weekly\n  last_modified: 2026-11-02\n") {
		t.Errorf("flow-style update not merged:\n%s", data)
	}
}

func TestEditor(t *testing.T) {
	const src = `# head
kind: Dataset
version: 1.0.0
title:   # a comment
  zh: 标题
  # inside
  en: Title
keywords:
- a
- b
# before update
update:
  frequency: daily   # keep me
  last_modified: 2026-01-01
columns:
  - name: x
changelog:
  - {version: 1.0.0, date: 2026-01-01, summary: {zh: 首次}}
`
	for _, tc := range []struct {
		name string
		edit func(e *editor) error
		want string
	}{
		{"replace a block", func(e *editor) error { e.set("title", "title:\n  zh: 新\n"); return nil },
			strings.Replace(src, "title:   # a comment\n  zh: 标题\n  # inside\n  en: Title\n", "title:\n  zh: 新\n", 1)},
		{"a sequence at column 1", func(e *editor) error { e.set("keywords", "keywords:\n  - c\n"); return nil },
			strings.Replace(src, "keywords:\n- a\n- b\n", "keywords:\n  - c\n", 1)},
		{"delete", func(e *editor) error { e.set("keywords", ""); return nil },
			strings.Replace(src, "keywords:\n- a\n- b\n", "", 1)},
		{"insert after the key before it", func(e *editor) error { e.set("issued", "issued: 2020-01-01\n"); return nil },
			strings.Replace(src, "  last_modified: 2026-01-01\n", "  last_modified: 2026-01-01\nissued: 2020-01-01\n", 1)},
		{"child", func(e *editor) error { return e.setChild("update", "last_modified", "last_modified: 2026-02-02\n") },
			strings.Replace(src, "2026-01-01\ncolumns", "2026-02-02\ncolumns", 1)},
		{"new child", func(e *editor) error {
			return e.setChild("title", "untranslated", "untranslated: {lang: ja, text: え}\n")
		},
			strings.Replace(src, "  en: Title\n", "  en: Title\n  untranslated: {lang: ja, text: え}\n", 1)},
		{"changelog entry", func(e *editor) error {
			return e.prependListItem("changelog", "- version: 1.1.0\n  date: 2026-02-02\n  summary: {zh: 更新}\n")
		}, strings.Replace(src, "changelog:\n", "changelog:\n  - version: 1.1.0\n    date: 2026-02-02\n    summary: {zh: 更新}\n", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEditor([]byte(src))
			if err := tc.edit(e); err != nil {
				t.Fatal(err)
			}
			if got := string(e.bytes()); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	e := newEditor([]byte("update: {frequency: daily}\nchangelog: [{version: 1.0.0}]\n"))
	if err := e.setChild("update", "frequency", "frequency: weekly\n"); err == nil {
		t.Error("setChild on a flow mapping did not fail")
	}
	if err := e.prependListItem("changelog", "- version: 2.0.0\n"); err == nil {
		t.Error("prependListItem on a flow sequence did not fail")
	}
}

func TestLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"航班資料": "zh", "公交线路 2024": "zh", "Street trees": "en", "2024": "en", "": "en",
		"補助第315号線高架橋部土壌汚染対策工事の各種調査結果": "ja", "東京都": "zh", "データ": "ja",
		"버스 정류장": "ko", "Городские деревья": "und-Cyrl", "Δέντρα": "el", "ต้นไม้": "th", "ሰላም": "und",
	} {
		if got := language(in); got != want {
			t.Errorf("language(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNoWithdrawnFromBrokenSource: when a file of a source cannot be read, its
// records are not taken for withdrawn (CKAN's harvesters delete nothing after a
// failed gather either).
func TestNoWithdrawnFromBrokenSource(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "catalog")
	syncRun(t, dir, podCatalog(t, podRecord(nil)))
	cat, err := load.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts := testOpts
	opts.Update, opts.Catalog = true, cat
	s, err := NewSession("datajson", opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Add("catalog.json", "catalog.json", []byte(`{"dataset": [`))
	res := s.Finish()
	if res.Stats.Withdrawn != 0 || len(res.Files) != 0 {
		t.Errorf("withdrawn %d, files %v: a source that could not be read lost its records", res.Stats.Withdrawn, res.Files)
	}
	if len(res.Errors) != 2 || !strings.Contains(res.Errors[1].Message, "not looking for withdrawn records") {
		t.Errorf("errors: %v", res.Errors)
	}
	// Read in full and empty, the source has withdrawn its record.
	s, _ = NewSession("datajson", opts, nil)
	s.Add("catalog.json", "catalog.json", []byte(`{"dataset": []}`))
	if res := s.Finish(); res.Stats.Withdrawn != 1 || len(res.Files) != 1 || res.Files[0].Data != nil || !strings.Contains(res.Files[0].Note, "a draft, left as it is") {
		t.Errorf("empty source: %+v %v", res.Stats, res.Files)
	}
}
