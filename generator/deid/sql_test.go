package deid_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
)

var shared pgtest.Shared

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, &shared)) }

// TestTokenSQLMatchesTokenize: the bytes pgcrypto's hmac() computes in a real
// PostgreSQL server, encoded by Token, are the tokens tokenize publishes, for every
// token length and for text in any script.
func TestTokenSQLMatchesTokenize(t *testing.T) {
	c := shared.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	r := rand.New(rand.NewPCG(1, 15))
	chars := []rune("0123456789abcXYZ -_.@王李张沪京０１é😀")
	var in []string
	for i := 0; i < 500; i++ {
		s := make([]rune, r.IntN(24))
		for j := range s {
			s[j] = chars[r.IntN(len(chars))]
		}
		in = append(in, string(s))
	}
	key := "token-sql-test-key-0123456789-王"
	for _, bits := range []int{0, 128, 130, 131, 160, 255, 256} {
		rows, err := conn.Query(ctx, fmt.Sprintf("select %s from unnest($1::text[]) with ordinality as u(v, n) order by n", deid.TokenSQL("v", "$2", bits)), in, key)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for rows.Next() {
			var sum []byte
			if err := rows.Scan(&sum); err != nil {
				t.Fatal(err)
			}
			m := hmac.New(sha256.New, []byte(key))
			m.Write([]byte(in[i]))
			if got, want := deid.Token(sum, bits), deid.Token(m.Sum(nil), bits); got != want {
				t.Errorf("bits %d, %q: SQL token %s, tokenize %s", bits, in[i], got, want)
			}
			i++
		}
		rows.Close()
		if err := rows.Err(); err != nil || i != len(in) {
			t.Fatalf("bits %d: %d rows, %v", bits, i, err)
		}
	}
}
