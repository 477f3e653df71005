package pii

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// TestWilsonThreshold pins the smallest number of cells that make a column hold a
// kind, as the package documentation states them.
func TestWilsonThreshold(t *testing.T) {
	for n, want := range map[int]int{100: 3, 1000: 17, 10000: 120} {
		x := 0
		for WilsonLower(float64(x), float64(n)) <= MinShare {
			x++
		}
		if x != want {
			t.Errorf("of %d cells, %d are needed; the documentation says %d", n, x, want)
		}
	}
}

// column tallies the cells of a column and judges it.
func column(cells []string) []Finding {
	var sc Scanner
	var tl Tally
	for i, c := range cells {
		tl.Add(&sc, int64(i+2), c)
	}
	return tl.Judge()
}

// TestJudge checks which columns are judged to hold identifiers.
func TestJudge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		if b[0] == '0' {
			b[0] = '1'
		}
		return string(b)
	}
	fill := func(n int, f func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	cases := []struct {
		name  string
		cells []string
		want  string
	}{
		{"random 16-digit order numbers", fill(5000, func(int) string { return digits(16) }), "[]"},
		{"random 19-digit order numbers", fill(5000, func(int) string { return digits(19) }), "[]"},
		{"random 11-digit numbers", fill(5000, func(int) string { return digits(11) }), "[]"},
		{"2 mobiles in 100", fill(100, func(i int) string {
			if i%50 == 7 {
				return "13812345678"
			}
			return "无"
		}), "[]"},
		{"3 mobiles in 100", fill(100, func(i int) string {
			if i%34 == 7 {
				return "电话 13812345678"
			}
			return "无"
		}), "[3 of 100 non-empty values hold mobile numbers (cn-mobile), first at source lines 9, 43 and 77]"},
		{"cards among order numbers", fill(2000, func(i int) string {
			if i%10 == 0 {
				return card("62220212345" + digits(4))
			}
			return digits(16)
		}), "bank-card"},
		{"ids and cards", fill(200, func(i int) string {
			return id("110105199003071"+fmt.Sprintf("%02d", i%100)) + "；" + card("4111"+digits(11))
		}), "cn-resident-id bank-card"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := column(c.cells)
			if strings.HasPrefix(c.want, "[") {
				if fmt.Sprint(got) != c.want {
					t.Errorf("got %v, want %s", got, c.want)
				}
				return
			}
			var kinds []string
			for _, f := range got {
				kinds = append(kinds, f.Kind.String())
			}
			if strings.Join(kinds, " ") != c.want {
				t.Errorf("got %v, want kinds %s", got, c.want)
			}
		})
	}
}

// TestMerge checks that merged tallies count like one, with the first lines.
func TestMerge(t *testing.T) {
	var sc Scanner
	var whole, a, b Tally
	cells := []string{"无", "13812345678", "13812345679", "无", "13812345670", "13812345671"}
	for i, c := range cells {
		whole.Add(&sc, int64(i+1), c)
		if i < 3 {
			a.Add(&sc, int64(i+1), c)
		} else {
			b.Add(&sc, int64(i+1), c)
		}
	}
	a.Merge(&b)
	if a != whole {
		t.Errorf("merged %+v, want %+v", a, whole)
	}
	if f := whole.Judge(); len(f) != 1 || fmt.Sprint(f[0].Lines) != "[2 3 5]" || f[0].Hits != 4 || f[0].Cells != 6 {
		t.Errorf("Judge() = %+v", f)
	}
}

// TestScanned checks which columns the scans look at.
func TestScanned(t *testing.T) {
	cases := []struct {
		col  model.Column
		want bool
	}{
		{model.Column{Type: "string", PersonalInfo: "none"}, true},
		{model.Column{Type: "integer", PersonalInfo: "none", Deid: &model.Deid{Op: "keep"}}, true},
		{model.Column{Type: "number", PersonalInfo: "none"}, true},
		{model.Column{Type: "date", PersonalInfo: "none"}, false},
		{model.Column{Type: "boolean", PersonalInfo: "none"}, false},
		{model.Column{Type: "string", PersonalInfo: "personal"}, false},
		{model.Column{Type: "string", PersonalInfo: "none", Deid: &model.Deid{Op: "drop"}}, false},
		{model.Column{Type: "string", PersonalInfo: "none", Deid: &model.Deid{Op: "mask"}}, false},
	}
	for _, c := range cases {
		if got := Scanned(c.col); got != c.want {
			t.Errorf("Scanned(%+v) = %v, want %v", c.col, got, c.want)
		}
	}
}
