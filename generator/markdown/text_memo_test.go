package markdown

import (
	"strconv"
	"testing"
)

// TestPlainTextMemo: a remembered result is the text parsed afresh, asked again or
// after the memory was forgotten for being full.
func TestPlainTextMemo(t *testing.T) {
	srcs := []string{"# 标题\n\n正文 **粗体** [链接](https://example.org)。", "| a | b |\n|---|---|\n| 1 | 2 |", "", "plain"}
	for _, src := range srcs {
		want := plainText(src)
		for range 2 {
			if got := PlainText(src); got != want {
				t.Errorf("PlainText(%q) = %q, parsed afresh %q", src, got, want)
			}
		}
	}
	for i := range plainMemoSize + 1 {
		PlainText("*" + strconv.Itoa(i) + "*")
	}
	plainMemo.Lock()
	n := len(plainMemo.m)
	plainMemo.Unlock()
	if n > plainMemoSize {
		t.Errorf("the memory holds %d texts, more than %d", n, plainMemoSize)
	}
	for _, src := range srcs {
		if got, want := PlainText(src), plainText(src); got != want {
			t.Errorf("after forgetting: PlainText(%q) = %q, want %q", src, got, want)
		}
	}
}
