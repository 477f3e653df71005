package cite

import (
	"encoding/json"
	"strings"
	"testing"
)

var work = Work{
	Key: "metro-ridership-1.1.0", Author: "Municipal Transportation Commission", Publisher: "Test Open Data Portal",
	Title: "Metro station ridership", Version: "1.1.0", Date: "2026-10-20",
	URL: "https://data.example.gov.cn/datasets/metro-ridership/1.1.0/", SHA256: strings.Repeat("ab", 32), Lang: "en",
}

func TestText(t *testing.T) {
	want := "Municipal Transportation Commission. (2026). Metro station ridership (Version 1.1.0) [Data set]. Test Open Data Portal. https://data.example.gov.cn/datasets/metro-ridership/1.1.0/ SHA-256: " + work.SHA256
	if got := work.Text(); got != want {
		t.Errorf("Text()\n got %s\nwant %s", got, want)
	}
	zh := work
	zh.Lang, zh.Author, zh.Title, zh.Publisher = "zh", "市交通委", "轨道交通站点客流", "测试开放平台"
	want = "市交通委. 轨道交通站点客流（版本 1.1.0）[DS]. 测试开放平台, 2026. https://data.example.gov.cn/datasets/metro-ridership/1.1.0/. SHA-256: " + work.SHA256
	if got := zh.Text(); got != want {
		t.Errorf("Text() zh\n got %s\nwant %s", got, want)
	}
	nd := work
	nd.Date = ""
	if got := nd.Text(); !strings.Contains(got, "(n.d.)") {
		t.Errorf("undated: %s", got)
	}
}

func TestBibTeX(t *testing.T) {
	want := `@misc{metro-ridership-1.1.0,
  author       = {{Municipal Transportation Commission}},
  title        = {{Metro station ridership}},
  year         = {2026},
  date         = {2026-10-20},
  version      = {1.1.0},
  publisher    = {Test Open Data Portal},
  howpublished = {\url{https://data.example.gov.cn/datasets/metro-ridership/1.1.0/}},
  url          = {https://data.example.gov.cn/datasets/metro-ridership/1.1.0/},
  note         = {SHA-256: ` + work.SHA256 + `},
}
`
	if got := work.BibTeX(); got != want {
		t.Errorf("BibTeX()\n%s\nwant\n%s", got, want)
	}
	// catalog text is untrusted: nothing in it can close a field or run a macro
	evil := work
	evil.Title = `}, note = {pwned} \input{/etc/passwd} 50% & $x$ #1 a_b ^ ~`
	evil.URL = "https://x/}{"
	got := evil.BibTeX()
	depth := 0
	for i, c := range got {
		switch {
		case c == '\\' && i+1 < len(got) && (got[i+1] == '{' || got[i+1] == '}'):
			continue
		case c == '{' && (i == 0 || got[i-1] != '\\'):
			depth++
		case c == '}' && (i == 0 || got[i-1] != '\\'):
			depth--
		}
		if depth < 0 {
			t.Fatalf("unbalanced braces at %d:\n%s", i, got)
		}
	}
	for _, bad := range []string{`\input`, "pwned}", " 50% ", "$x$"} {
		if strings.Contains(got, bad) {
			t.Errorf("BibTeX carries %q unescaped:\n%s", bad, got)
		}
	}
}

func TestCSLJSON(t *testing.T) {
	var items []map[string]any
	if err := json.Unmarshal([]byte(work.CSLJSON()), &items); err != nil || len(items) != 1 {
		t.Fatalf("%v %v", items, err)
	}
	it := items[0]
	for k, v := range map[string]any{"id": "metro-ridership-1.1.0", "type": "dataset", "version": "1.1.0", "URL": work.URL, "note": "SHA-256: " + work.SHA256, "publisher": "Test Open Data Portal"} {
		if it[k] != v {
			t.Errorf("%s = %v, want %v", k, it[k], v)
		}
	}
	if got, _ := json.Marshal(it["issued"]); string(got) != `{"date-parts":[[2026,10,20]]}` {
		t.Errorf("issued = %s", got)
	}
	if got, _ := json.Marshal(it["author"]); string(got) != `[{"literal":"Municipal Transportation Commission"}]` {
		t.Errorf("author = %s", got)
	}
}
