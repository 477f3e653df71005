package corpus

import (
	"fmt"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// innocent is a type of column that holds no personal identifier.
type innocent struct {
	name, what string
	cell       func(g *gen) string
}

// nonzero is n random digits not starting with 0.
func (g *gen) nonzero(n int) string {
	return string(rune('1'+g.r.IntN(9))) + g.digits(n-1)
}

func (g *gen) date() (y, m, d int) { return 2000 + g.r.IntN(27), 1 + g.r.IntN(12), 1 + g.r.IntN(28) }

// uscc is a unified social credit code of an organisation: registration authority
// and type, a division code, a nine-character organisation code, the check character.
func (g *gen) uscc() string {
	org := g.digits(8)
	if g.r.IntN(3) == 0 {
		org = "MA" + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[g.r.IntN(31)]) + g.digits(5)
	}
	first17 := g.pick([]string{"91", "92", "93", "11", "12", "51", "52", "53", "62", "31"}) + g.pick(g.divisions) + org + string("0123456789X"[g.r.IntN(11)])
	c, _ := validator.USCCCheckChar(first17)
	return first17 + string(c)
}

var innocents = []innocent{
	{"order16", "order numbers, 16 random digits", func(g *gen) string { return g.nonzero(16) }},
	{"order17", "order numbers, 17 random digits", func(g *gen) string { return g.nonzero(17) }},
	{"order18", "order numbers, 18 random digits", func(g *gen) string { return g.nonzero(18) }},
	{"order19", "order numbers, 19 random digits", func(g *gen) string { return g.nonzero(19) }},
	{"order-text", "order numbers of 16–19 digits in a sentence", func(g *gen) string {
		return g.pick([]string{"订单号", "交易流水号：", "单号 "}) + g.nonzero(16+g.r.IntN(4)) + g.pick([]string{"已发货", "，退款处理中", ""})
	}},
	{"case11", "case numbers, 11 random digits", func(g *gen) string { return g.nonzero(11) }},
	{"dates", "dates", func(g *gen) string {
		y, m, d := g.date()
		return fmt.Sprintf(g.pick([]string{"%04d-%02d-%02d", "%04d/%d/%d", "%04d年%d月%d日", "%04d%02d%02d"}), y, m, d)
	}},
	{"timestamps", "timestamps", func(g *gen) string {
		y, m, d := g.date()
		h, mi, s := g.r.IntN(24), g.r.IntN(60), g.r.IntN(60)
		switch g.r.IntN(5) {
		case 0:
			return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d", y, m, d, h, mi, s)
		case 1:
			return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, m, d, h, mi, s)
		case 2:
			return fmt.Sprint(1_500_000_000 + g.r.IntN(300_000_000))
		case 3:
			return fmt.Sprint(1_500_000_000_000 + g.r.Int64N(300_000_000_000))
		}
		return fmt.Sprintf("%04d%02d%02d%02d%02d%02d", y, m, d, h, mi, s)
	}},
	{"amounts", "amounts", func(g *gen) string {
		v := g.r.Float64() * 1e7
		switch g.r.IntN(4) {
		case 0:
			return fmt.Sprintf("%.2f", v)
		case 1:
			return "¥" + thousands(int64(v)) + ".00"
		case 2:
			return thousands(int64(v)) + fmt.Sprintf(".%02d", g.r.IntN(100))
		}
		return fmt.Sprintf("-%.1f", v/1000)
	}},
	{"id-lookalike", "resident-id look-alikes with a wrong check character", func(g *gen) string {
		y, m, d := 1930+g.r.IntN(91), 1+g.r.IntN(12), 1+g.r.IntN(28)
		first17 := fmt.Sprintf("%s%04d%02d%02d%s", g.pick(g.divisions), y, m, d, g.digits(3))
		c, _ := validator.ResidentIDCheckChar(first17)
		wrong := "0123456789X"[g.r.IntN(11)]
		for wrong == c {
			wrong = "0123456789X"[g.r.IntN(11)]
		}
		return first17 + string(wrong)
	}},
	{"card-lookalike", "card-network numbers failing the Luhn check", func(g *gen) string {
		prefix := g.pick([]string{"622202", "436742", "524094", "621700"})
		n := 16 + 3*g.r.IntN(2)
		if prefix[0] != '6' {
			n = 16
		}
		s := luhn(prefix + g.digits(n-len(prefix)-1))
		return s[:n-1] + string('0'+(s[n-1]-'0'+1+byte(g.r.IntN(9)))%10)
	}},
	{"phone-like", "11-digit numbers with prefixes no mobile has (10, 11, 12)", func(g *gen) string {
		return g.pick([]string{"10", "11", "12"}) + g.digits(9)
	}},
	{"uscc", "unified social credit codes of organisations", func(g *gen) string { return g.uscc() }},
	{"divisions", "division codes and addresses", func(g *gen) string {
		c := g.pick(g.divisions)
		if g.r.IntN(2) == 0 {
			return c
		}
		name, _ := validator.FullName(c)
		return fmt.Sprintf("%s%s路%d号", name, g.pick([]string{"人民", "建设", "解放", "中山"}), 1+g.r.IntN(999))
	}},
	{"landlines", "landline numbers", func(g *gen) string {
		area := g.pick([]string{"021", "010", "0755", "020", "0571"})
		switch g.r.IntN(3) {
		case 0:
			return area + "-" + g.nonzero(8)
		case 1:
			return "(" + area + ") " + g.nonzero(4) + " " + g.digits(4)
		}
		return area + "-" + g.nonzero(8) + " 转 " + g.digits(3)
	}},
	{"taxpayer15", "15-digit taxpayer numbers (a division code and nine digits)", func(g *gen) string {
		return g.pick(g.divisions) + g.digits(9)
	}},
	{"prose", "prose with small numbers", func(g *gen) string {
		return fmt.Sprintf("第%d季度共受理%d件，同比增长%.1f%%，办结率%d%%。", 1+g.r.IntN(4), g.r.IntN(5000), g.r.Float64()*20, 80+g.r.IntN(21))
	}},
	{"addresses-web", "IP addresses, versions and links", func(g *gen) string {
		switch g.r.IntN(3) {
		case 0:
			return fmt.Sprintf("192.168.%d.%d", g.r.IntN(256), g.r.IntN(256))
		case 1:
			return fmt.Sprintf("v%d.%d.%d", g.r.IntN(5), g.r.IntN(30), g.r.IntN(100))
		}
		return "https://data.sh.gov.cn/view/detail.html?id=" + g.nonzero(16)
	}},
	{"json", "JSON objects of order numbers, amounts and dates", func(g *gen) string {
		y, m, d := g.date()
		return fmt.Sprintf(`{"order":"%s","amount":%.2f,"date":"%04d-%02d-%02d","items":%d}`, g.nonzero(16+g.r.IntN(4)), g.r.Float64()*1e4, y, m, d, 1+g.r.IntN(9))
	}},
	{"codes", "product and batch codes", func(g *gen) string {
		y, m, d := g.date()
		return fmt.Sprintf(g.pick([]string{"SH%04d%02d%02d%04d", "BJ-%04d-%02d%02d-%04d", "LOT%04d%02d%02d%04d"}), y, m, d, g.r.IntN(10000))
	}},
}

// thousands writes n with comma separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
