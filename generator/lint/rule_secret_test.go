package lint

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestScanSecrets checks what the secret rule finds on single lines, and where.
func TestScanSecrets(t *testing.T) {
	cases := []struct {
		line string
		want string // "col-endCol kind" of each finding, space separated; "" for none
	}{
		{"id: 11010519000101001X", "5-23 resident"},
		{"id: 110105190001010010", ""},               // wrong check character
		{"身份证号11010519000101001X。", "5-23 resident"}, // CJK neighbours are boundaries
		{"x11010519000101001X", ""},                  // inside a longer token
		{"card: 6222020000000007", "7-23 card"},
		{"card: 6222-0200-0000-0007", "7-26 card"},
		{"card: 6222020000000008", ""}, // Luhn fails
		{"card: 1234567812345670", ""}, // Luhn-valid, but no card network starts with 1
		{"tel: 13800000000", "6-17 mobile"},
		{"tel: +86 138 0000 0000", "6-23 mobile"},
		{"on 2026-10-31 13800000000", "15-26 mobile"}, // inside a grouped run
		{"tel: 12800000000", ""},
		{"tel: 138xxxx0000", ""},
		{"see https://example.gov.cn/detail?id=5428620045090816", ""},
		{"-----BEGIN RSA PRIVATE KEY-----", "1-32 private"},
		{"-----BEGIN PUBLIC KEY-----", ""},
		{"untrusted comment: minisign secret key", "1-39 minisign"},
		{"untrusted comment: minisign public key E7620F1842B4E81F", ""},
		{"RWRTY0IyQU1pbmlzaWduU2VjcmV0S2V5RXhhbXBsZUJ5dGVzMDEyMzQ1Njc4OWFiY2RlZg==", "1-71 minisign"},
		{"hmac_key: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "11-75 key"},
		{`api_token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA"`, "14-60 key"},
		{"RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQL5Rb7upwEXKCw", "1-87 minisign"},
		{"untrusted comment: minisign encrypted secret key", "1-49 minisign"},
		{"key: env:SHUYUAN_KEY_TRANSPORT", ""},
		{"public_key: RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3", ""},
		{"sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
		{"keywords_description_placeholder_text_long: abcdefghijabcdefghijabcdefghijabcdefghij", ""},
		{"version 2.1.0, 52310 entries, order 20261031000123", ""},
		{"电话：１３８００００００００", "4-15 mobile"},                                    // full-width digits
		{"id: 110105190001010", ""},                                          // a legacy id has no check character
		{"ids 11010519000101001X 13800000000", "5-23 resident 24-35 mobile"}, // two on a line
		{"path: data/13800000000.csv", ""},
	}
	for _, c := range cases {
		t.Run(c.line, func(t *testing.T) {
			var got []string
			scanSecrets([]byte("first line\n"+c.line+"\n"), true, func(line, col, endCol int, what string) {
				if line != 2 {
					t.Errorf("finding on line %d, want 2", line)
				}
				kind := ""
				for _, k := range []string{"resident", "card", "mobile", "private", "minisign", "key"} {
					if strings.Contains(what, k) {
						kind = k
						break
					}
				}
				got = append(got, fmt.Sprintf("%d-%d %s", col, endCol, kind))
			})
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("got %q, want %q", g, c.want)
			}
		})
	}
}

// BenchmarkScanSecrets measures the secret scan of the base case's dataset file.
func BenchmarkScanSecrets(b *testing.B) {
	a, err := txtar.ParseFile("testdata/base.txtar")
	if err != nil {
		b.Fatal(err)
	}
	var src []byte
	for _, f := range a.Files {
		if f.Name == "datasets/sh-transport/metro-ridership.yaml" {
			src = f.Data
		}
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		scanSecrets(src, true, func(int, int, int, string) {})
	}
}

// FuzzScanSecrets checks that the scanner never panics and reports positions inside
// the input.
func FuzzScanSecrets(f *testing.F) {
	for _, s := range []string{"id: 11010519000101001X\n", "tel: +86 138-0000-0000", "-----BEGIN PRIVATE KEY-----", "hmac_key: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "\xff\xfe1380000000013800000000"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := strings.Split(string(src), "\n")
		scanSecrets(src, true, func(line, col, endCol int, what string) {
			if line < 1 || line > len(lines) || col < 1 || endCol <= col || endCol > utf8.RuneCountInString(lines[line-1])+1 {
				t.Fatalf("position %d:%d-%d outside the input", line, col, endCol)
			}
		})
	})
}
