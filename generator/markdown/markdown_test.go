package markdown

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	resolve := func(dest string) (string, bool) {
		if strings.HasPrefix(dest, "20-objections.md") {
			return "/guide/objections/" + strings.TrimPrefix(dest, "20-objections.md"), true
		}
		return "", false
	}
	r := New(resolve)
	tests := []struct {
		name, in   string
		want, deny []string
	}{
		{"cjk heading id", "## 申请材料\n\n## 申请材料\n", []string{`<h2 id="申请材料">`, `<h2 id="申请材料-1">`}, nil},
		{"mixed heading id", "# Data 目录 v2\n", []string{`id="data-目录-v2"`}, nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil},
		{"raw html dropped", "hi <script>alert(1)</script> <b onclick=x>b</b>\n\n<div onmouseover=\"x\">y</div>\n", []string{"hi"}, []string{"<script", "onclick", "onmouseover", "<div"}},
		{"javascript link inert", "[click](javascript:alert(1)) [c2](JaVaScRiPt:alert(2)) [c3](java\tscript:x) <javascript:alert(3)>", []string{"click", "c2", `<a href="">javascript:alert(3)</a>`}, []string{`href="javascript`, `href="JaVaScRiPt`, "alert(1)", "alert(2)"}},
		{"data link inert", "[d](data:text/html;base64,PHNjcmlwdD4=) ![i](javascript:x)", []string{"d"}, []string{"data:", "javascript:"}},
		{"external noopener", "[gov](https://www.gov.cn/)", []string{`<a href="https://www.gov.cn/" rel="noopener">gov</a>`}, nil},
		{"guide link rewritten", "[异议](20-objections.md#how)", []string{`href="/guide/objections/#how"`}, nil},
		{"unknown md becomes text", "[x](99-missing.md) [y](other.txt)", []string{"<p>x ", `href="other.txt"`}, []string{"99-missing"}},
		{"attribute syntax off", "# T {onclick=alert(1)}\n", []string{`<h1 id="t-onclick-alert-1">`}, []string{"<h1 onclick"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(r.Render(tt.in))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, d := range tt.deny {
				if strings.Contains(got, d) {
					t.Errorf("output contains %q:\n%s", d, got)
				}
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for dest, want := range map[string]linkClass{
		"a/b.md": linkRelative, "#x": linkRelative, "/datasets/": linkRelative, "a/b:c": linkRelative,
		"https://x": linkExternal, "MAILTO:a@b": linkExternal, "//cdn": linkExternal,
		"javascript:x": linkUnsafe, " javascript:x": linkUnsafe, "vbscript:x": linkUnsafe, "data:x": linkUnsafe,
	} {
		if got := classify(dest); got != want {
			t.Errorf("classify(%q) = %v, want %v", dest, got, want)
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add("# 标题\n[x](javascript:alert(1)) <script>x</script>")
	r := New(nil)
	f.Fuzz(func(t *testing.T, s string) {
		out := string(r.Render(s))
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("script tag in output of %q: %s", s, out)
		}
	})
}
