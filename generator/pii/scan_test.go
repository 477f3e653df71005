package pii

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// id completes 17 digits with their MOD 11-2 check character.
func id(first17 string) string {
	c, ok := validator.ResidentIDCheckChar(first17)
	if !ok {
		panic(first17)
	}
	return first17 + string(c)
}

// badID completes 17 digits with a wrong check character.
func badID(first17 string) string {
	v := id(first17)
	if v[17] == '0' {
		return first17 + "1"
	}
	return first17 + "0"
}

// card completes a prefix with its Luhn digit.
func card(prefix string) string {
	for d := '0'; d <= '9'; d++ {
		if validator.Luhn(prefix + string(d)) {
			return prefix + string(d)
		}
	}
	panic(prefix)
}

// badCard completes a prefix with a digit that fails Luhn.
func badCard(prefix string) string {
	c := card(prefix)
	return prefix + string('0'+(c[len(c)-1]-'0'+1)%10)
}

// fullWidth writes the ASCII letters, digits and @ of s in their full-width forms.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7f {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestFind checks what Find reports in one text, and where.
func TestFind(t *testing.T) {
	idA := id("11010519900307123") // Beijing, born 1990-03-07
	idX := id("11010519491231002") // ends in X
	idG := id("62010219770101001") // Gansu: its prefix 62 is also UnionPay's
	idU := ""                      // a valid id that also passes the credit-code check
	for seq := 100; seq < 999; seq++ {
		if v := id(fmt.Sprintf("31010419850612%03d", seq)); validator.ValidUSCC(v) {
			idU = v
			break
		}
	}
	up16, up19 := card("622202123456789"), card("622848001234567890")
	visa, mc := card("411111111111111"), card("520000000000000")
	cases := []struct {
		name, text string
		want       []string // "kind text" of each valid match, "~kind text" of each look-alike
	}{
		{"id whole", idA, []string{"cn-resident-id " + idA}},
		{"id X", idX, []string{"cn-resident-id " + idX}},
		{"id x", strings.ToLower(idX), []string{"cn-resident-id " + strings.ToLower(idX)}},
		{"id in text", "身份证号:" + idA + "。", []string{"cn-resident-id " + idA}},
		{"id glued to CJK", "身份证号" + idA + "联系", []string{"cn-resident-id " + idA}},
		{"id full-width", "证件" + fullWidth(idX), []string{"cn-resident-id " + fullWidth(idX)}},
		{"id spaced", idA[:6] + " " + idA[6:14] + " " + idA[14:], []string{"cn-resident-id " + idA[:6] + " " + idA[6:14] + " " + idA[14:]}},
		{"id hyphens", idA[:6] + "-" + idA[6:14] + "-" + idA[14:], []string{"cn-resident-id " + idA[:6] + "-" + idA[6:14] + "-" + idA[14:]}},
		{"id wrong check", badID("11010519900307123"), []string{"~cn-resident-id " + badID("11010519900307123")}},
		{"id bad date", id("11010519901307123"), nil},
		{"id bad province", id("99010519900307123"), nil},
		{"id Gansu, not a card", idG, []string{"cn-resident-id " + idG}},
		{"id also a credit code", idU, []string{"cn-resident-id " + idU}},
		{"id glued to letters", "ID" + idA, nil},
		{"id followed by letters", idA + "abc", nil},
		{"id legacy", "110105900307123", []string{"cn-resident-id 110105900307123"}},
		{"id legacy bad date", "110105901307123", []string{"~cn-resident-id 110105901307123"}},
		{"id legacy unknown division", "110199900307123", nil},
		{"mobile", "13812345678", []string{"cn-mobile 13812345678"}},
		{"mobile in text", "联系电话13812345678，谢谢", []string{"cn-mobile 13812345678"}},
		{"mobile spaced", "138 1234 5678", []string{"cn-mobile 138 1234 5678"}},
		{"mobile hyphens", "tel: 138-1234-5678.", []string{"cn-mobile 138-1234-5678"}},
		{"mobile en dash", "138–1234–5678", []string{"cn-mobile 138–1234–5678"}},
		{"mobile +86", "+86 138 1234 5678", []string{"cn-mobile +86 138 1234 5678"}},
		{"mobile +86 glued", "(+8613812345678)", []string{"cn-mobile +8613812345678"}},
		{"mobile 0086", "0086-138-1234-5678", []string{"cn-mobile 0086-138-1234-5678"}},
		{"mobile full-width", "手机：" + fullWidth("13812345678"), []string{"cn-mobile " + fullWidth("13812345678")}},
		{"mobile ideographic space", "138\u30001234\u30005678", []string{"cn-mobile 138\u30001234\u30005678"}},
		{"two mobiles, one space", "13812345678 13987654321", []string{"cn-mobile 13812345678", "cn-mobile 13987654321"}},
		{"two mobiles", "13812345678、13987654321", []string{"cn-mobile 13812345678", "cn-mobile 13987654321"}},
		{"mobile after a date", "2026-10-31 13812345678", []string{"cn-mobile 13812345678"}},
		{"mobile bad prefix", "12812345678", []string{"~cn-mobile 12812345678"}},
		{"mobile not after +1", "+1 4155552671", nil},
		{"landline", "021-6432-1234", nil},
		{"twelve digits", "138123456789", nil},
		{"decimal", "3.13812345678", nil},
		{"decimal integer part", "13812345678.25", nil},
		{"mobile before a full stop", "call 13812345678.", []string{"cn-mobile 13812345678"}},
		{"card UnionPay 16", up16, []string{"bank-card " + up16}},
		{"card UnionPay 19", "卡号" + up19, []string{"bank-card " + up19}},
		{"card spaced", up19[:4] + " " + up19[4:8] + " " + up19[8:12] + " " + up19[12:16] + " " + up19[16:], []string{"bank-card " + up19[:4] + " " + up19[4:8] + " " + up19[8:12] + " " + up19[12:16] + " " + up19[16:]}},
		{"card Visa", visa, []string{"bank-card " + visa}},
		{"card Mastercard", mc, []string{"bank-card " + mc}},
		{"card Luhn fails", badCard("622202123456789"), []string{"~bank-card " + badCard("622202123456789")}},
		{"card no network", card("123456781234567"), nil},
		{"card Mastercard 19 digits", card("520000000000000000"), nil},
		{"card full-width", fullWidth(up16), []string{"bank-card " + fullWidth(up16)}},
		{"email", "zhang.san@example.com", []string{"email zhang.san@example.com"}},
		{"email name", "张三 <zhang.san@example.com.cn>", []string{"email zhang.san@example.com.cn"}},
		{"email in text", "邮箱zhang_san+x@mail.example.org。", []string{"email zhang_san+x@mail.example.org"}},
		{"email full-width", fullWidth("li@example.com"), []string{"email " + fullWidth("li@example.com")}},
		{"email json", `{"email":"li@example.com","id":1}`, []string{"email li@example.com"}},
		{"email mobile local part", "13812345678@example.com", []string{"email 13812345678@example.com"}},
		{"email trailing dot", "write to li@example.com.", []string{"email li@example.com"}},
		{"not an email", "a@b", nil},
		{"passport", "护照E12345678", []string{"passport E12345678"}},
		{"passport EA", "EA1234567", []string{"passport EA1234567"}},
		{"passport G", "G12345678,", []string{"passport G12345678"}},
		{"passport DE", "DE1234567", []string{"passport DE1234567"}},
		{"passport full-width", fullWidth("E12345678"), []string{"passport " + fullWidth("E12345678")}},
		{"passport lower case", "e12345678", nil},
		{"passport too long", "E123456789", nil},
		{"passport EI", "EI1234567", nil},
		{"plate", "沪A12345", []string{"cn-plate 沪A12345"}},
		{"plate in text", "车牌号沪AD12345停放", []string{"cn-plate 沪AD12345"}},
		{"plate dot", "京B·12345", []string{"cn-plate 京B·12345"}},
		{"plate space", "粤B 1234学", []string{"cn-plate 粤B 1234学"}},
		{"plate full-width", "沪" + fullWidth("A12345"), []string{"cn-plate 沪" + fullWidth("A12345")}},
		{"plate one digit", "沪ABCD1E", nil},
		{"plate not a province", "上A12345", nil},
		{"plate too long", "沪A1234567", nil},
		{"json", `{"name":"张三","phone":"13812345678","id":"` + idA + `"}`, []string{"cn-mobile 13812345678", "cn-resident-id " + idA}},
		{"order number", "订单号1234567890123456", nil},
		{"date and time", "2024-03-15 12:30:45", nil},
		{"timestamp ms", "1710498645123", nil},
		{"amount", "¥1,234,567.89", nil},
		{"invalid UTF-8", "\xe4\xb8138 1234 5678\xff", []string{"cn-mobile 138 1234 5678"}},
	}
	var sc Scanner
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, m := range sc.Find(c.text) {
				mark := ""
				if !m.Valid {
					mark = "~"
				}
				got = append(got, mark+m.Kind.String()+" "+c.text[m.Start:m.End])
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("Find(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

// TestFindKinds checks that Scanner.Kinds limits what is reported, and that a
// resident-id structure is never taken for a card when ids are not looked for.
func TestFindKinds(t *testing.T) {
	idG := id("62010219770101001")
	sc := Scanner{Kinds: Of(BankCard)}
	if ms := sc.Find(idG + " 13812345678 li@example.com"); len(ms) != 0 {
		t.Errorf("cards only: got %v", ms)
	}
	sc.Kinds = Of(Mobile)
	if ms := sc.Find(idG + " 13812345678 li@example.com"); len(ms) != 1 || ms[0].Kind != Mobile {
		t.Errorf("mobiles only: got %v", ms)
	}
}

// TestChecksum checks which matches say they passed a check character.
func TestChecksum(t *testing.T) {
	var sc Scanner
	for text, want := range map[string]bool{
		id("11010519900307123"): true, card("622202123456789"): true,
		"110105900307123": false, "13812345678": false, "li@example.com": false,
	} {
		ms := sc.Find(text)
		if len(ms) != 1 || ms[0].Checksum != want {
			t.Errorf("Find(%q) = %+v, want one match with Checksum %v", text, ms, want)
		}
	}
}

// FuzzFind checks that Find never panics, reports spans inside the text in
// increasing order, and finds the same kinds in the full-width form of an ASCII text.
func FuzzFind(f *testing.F) {
	for _, s := range []string{"13812345678", "+86 138-1234-5678", id("11010519900307123"), "li@example.com", "沪A12345", "E12345678", "\xef\xbc", "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var sc Scanner
		var kinds []Kind
		for _, m := range sc.Find(text) {
			if m.Start < 0 || m.End > len(text) || m.Start >= m.End {
				t.Fatalf("match %+v outside %q", m, text)
			}
			if m.Valid {
				kinds = append(kinds, m.Kind)
			}
		}
		ascii := true
		for i := 0; i < len(text); i++ {
			if text[i] >= 0x7f || text[i] < ' ' {
				ascii = false
			}
		}
		if !ascii {
			return
		}
		var wide []Kind
		for _, m := range sc.Find(fullWidth(text)) {
			if m.Valid {
				wide = append(wide, m.Kind)
			}
		}
		if fmt.Sprint(kinds) != fmt.Sprint(wide) {
			t.Fatalf("Find(%q) kinds %v, full-width %v", text, kinds, wide)
		}
	})
}
