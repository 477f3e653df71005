package xstrings

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"department", "description", "open_type", "themes"}
	for _, c := range []struct {
		bad, want string
		ok        bool
	}{
		{"departmnet", "department", true},
		{"theme", "themes", true},
		{"opentype", "open_type", true},
		{"publisher", "", false},
		{"数据", "", false},
	} {
		got, ok := Closest(c.bad, known)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", c.bad, got, ok, c.want, c.ok)
		}
	}
	if _, ok := Closest("x", nil); ok {
		t.Error("a suggestion from no names")
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"数据目录", "数据名录", 1}} {
		if got := Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}
