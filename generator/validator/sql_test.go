package validator_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

var shared pgtest.Shared

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &shared)) }

// seeds are valid values of each validator (and near misses), mutated by inputs.
var seeds = map[string][]string{
	"gbt2260":        {"310104", "310000", "310100", "110105", "999999", "31010", "3101040"},
	"uscc":           {"91310000MA1FL4T12X", "91310104MA1FL2KQ2W", "12310000425001226Q", "52310104MJ5033432P"},
	"cn-resident-id": {"11010519491231002X", "11010519491231002x", "440524188001010014", "310104870605123", "31010419870605123X", "110105200002291234"},
	"cn-mobile":      {"13812345678", "+8613812345678", "008613812345678", "8613812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "12812345678"},
	"bank-card":      {"6222021234567890123", "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5500000000000004", "378282246310005"},
	"email":          {"a.b@example.com", "user+tag@mail.example.cn", "x@y.io", "bad..dot@example.com", ".a@b.cn", "a@b", "a@-b.cn", "a@b.c1"},
	"cn-plate":       {"沪A12345", "沪A·12345", "沪A-1234挂", "粤BD12345", "京A12345F", "沪A 12345", "沪AI2345", "沪A1234"},
	"ipv4":           {"192.168.1.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3"},
}

// alphabet holds the characters the mutations insert.
var alphabet = []rune("0123456789XxABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz+-. @·•沪京粤挂学０１２")

// inputs returns the seeds and random mutations of them (a character replaced,
// inserted or deleted, up to three times), plus the mutations of valid values made
// on the fly (for the checksums: a random digit replaced keeps the shape).
func inputs(r *rand.Rand, seeds []string, n int) []string {
	out := append([]string{"", " ", "x"}, seeds...)
	for len(out) < n {
		s := []rune(seeds[r.IntN(len(seeds))])
		for k := r.IntN(3) + 1; k > 0; k-- {
			switch op := r.IntN(4); {
			case op == 0 && len(s) > 0:
				s = append(s[:r.IntN(len(s))], s[r.IntN(len(s)):]...)[:len(s)-1]
			case op == 1:
				i := r.IntN(len(s) + 1)
				s = append(s[:i], append([]rune{alphabet[r.IntN(len(alphabet))]}, s[i:]...)...)
			case len(s) > 0:
				i := r.IntN(len(s))
				if s[i] >= '0' && s[i] <= '9' {
					s[i] = '0' + rune(r.IntN(10))
				} else {
					s[i] = alphabet[r.IntN(len(alphabet))]
				}
			}
		}
		out = append(out, string(s))
	}
	return out
}

// TestSQLMatchesGo checks each validator's SQL form against the Go function on the
// same inputs, in a real PostgreSQL server: valid values, near misses and thousands
// of random mutations must get the same verdict.
func TestSQLMatchesGo(t *testing.T) {
	c := shared.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	r := rand.New(rand.NewPCG(15, 2026))
	// real resident ids from the synthetic people generator
	for _, p := range pgtest.People(50, 3) {
		seeds["cn-resident-id"] = append(seeds["cn-resident-id"], p.ResidentID, strings.ToLower(p.ResidentID))
		seeds["cn-mobile"] = append(seeds["cn-mobile"], p.Phone)
	}
	for _, name := range validator.Names() {
		t.Run(name, func(t *testing.T) {
			expr, ok := validator.SQL(name, "v")
			if !ok {
				t.Fatalf("validator %s has no SQL form", name)
			}
			ss, ok := seeds[name]
			if !ok {
				t.Fatalf("no seeds for validator %s", name)
			}
			in := inputs(r, ss, 4000)
			for i := range in {
				in[i] = strings.TrimSpace(in[i]) // as the extract's checks call validators
			}
			rows, err := conn.Query(ctx, fmt.Sprintf("select v, coalesce(%s, false) from unnest($1::text[]) with ordinality as u(v, n) order by n", expr), in)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			f := validator.Get(name)
			valid, i := 0, 0
			for rows.Next() {
				var v string
				var got bool
				if err := rows.Scan(&v, &got); err != nil {
					t.Fatal(err)
				}
				if want := f(v); got != want {
					t.Errorf("%s(%q): SQL says %v, Go says %v", name, v, got, want)
				}
				if got {
					valid++
				}
				i++
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if i != len(in) || valid == 0 || valid == len(in) {
				t.Fatalf("%d rows, %d valid: the inputs must hold both verdicts", i, valid)
			}
		})
	}
}
