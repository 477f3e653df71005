package markdown

import "testing"

func TestPlainText(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"plain", "轨道交通客流", "轨道交通客流"},
		{"link becomes its text", "签署[数据安全承诺](guide/30-security-commitment.md)后获取", "签署数据安全承诺后获取"},
		{"emphasis and code", "**有条件开放**数据用 `parquet` 和 *CSV*", "有条件开放数据用 parquet 和 CSV"},
		{"image alt", "![地图](map.png) 见上", "地图 见上"},
		{"autolink", "see <https://example.org/x>", "see https://example.org/x"},
		{"raw html dropped", "a <b>bold</b> <script>alert(1)</script>word", "a bold alert(1)word"},
		{"html block dropped", "<div>x</div>\n\nafter", "after"},
		{"paragraphs", "第一段\n第一段续\n\n第二段", "第一段 第一段续\n\n第二段"},
		{"heading", "# 标题\n正文", "标题\n\n正文"},
		{"list", "说明：\n\n- **无条件开放**数据免费；\n- [申请](x.md)后获取\n\n结尾", "说明：\n\n- 无条件开放数据免费；\n- 申请后获取\n\n结尾"},
		{"ordered list", "3. c\n4. d", "3. c\n4. d"},
		{"table", "| 用量 | 单价 |\n|---|---|\n| 1–100 | 5.00 |\n| 101–1000 | 3.00 |", "用量\t单价\n1–100\t5.00\n101–1000\t3.00"},
		{"code block", "```\nselect 1;\n```", "select 1;"},
		{"hard break", "a  \nb", "a\nb"},
		{"escapes", `1\*2 \[x\]`, "1*2 [x]"},
		{"empty", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlainText(tt.in); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
