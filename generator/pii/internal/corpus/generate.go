package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/pii"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// Sizes of the generated columns.
const (
	PlantedCells  = 300  // cells of a planted column
	SparseCells   = 2000 // cells of a sparse column, 3% of them with an identifier
	InnocentCells = 200  // cells of an innocent column
	Replicates    = 5    // innocent columns of each type, from different draws
)

// gen draws identifiers and filler text.
type gen struct {
	r         *rand.Rand
	divisions []string // county-level division codes
}

// Generate returns the corpus for seed: a planted column for each kind and form
// that applies to it, two sparse columns, and Replicates innocent columns of each
// innocent type.
func Generate(seed uint64) []Column {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	// County-level codes of the division table, drawn by rejection (about 1 in 300
	// six-digit numbers is one); sorted draws keep the corpus deterministic.
	for len(g.divisions) < 300 {
		c := fmt.Sprintf("%06d", 110000+g.r.IntN(550000))
		if c[4:] != "00" && validator.ValidDivision(c) {
			g.divisions = append(g.divisions, c)
		}
	}
	var cols []Column
	for k := range pii.NumKinds {
		for _, form := range Forms {
			if !applies(k, form) {
				continue
			}
			c := Column{Name: k.String() + "/" + form, Form: form, Kind: k}
			n := PlantedCells
			if form == FormSparse {
				n = SparseCells
			}
			for i := range n {
				c.Cells = append(c.Cells, g.planted(k, form, i))
			}
			cols = append(cols, c)
		}
	}
	for _, in := range innocents {
		for rep := range Replicates {
			c := Column{Name: fmt.Sprintf("innocent/%s/%d", in.name, rep+1), Innocent: in.what}
			for range InnocentCells {
				c.Cells = append(c.Cells, Cell{Text: in.cell(g)})
			}
			cols = append(cols, c)
		}
	}
	return cols
}

// applies reports whether a kind is planted in a form: spacing applies to the
// kinds people write grouped (ids, mobiles, cards, plates), Name <email> to
// e-mail addresses, sparse columns to resident ids and mobiles.
func applies(k pii.Kind, form string) bool {
	switch form {
	case FormSpaced:
		return k == pii.ResidentID || k == pii.Mobile || k == pii.BankCard || k == pii.Plate
	case FormNameEmail:
		return k == pii.Email
	case FormSparse:
		return k == pii.ResidentID || k == pii.Mobile
	}
	return true
}

// builder assembles a cell and the spans planted in it.
type builder struct {
	b     strings.Builder
	spans []Span
}

func (b *builder) text(s string) { b.b.WriteString(s) }

func (b *builder) ident(k pii.Kind, s string, legacy, uscc bool) {
	start := b.b.Len()
	b.b.WriteString(s)
	b.spans = append(b.spans, Span{Kind: k, Start: start, End: b.b.Len(), Legacy: legacy, USCC: uscc})
}

func (b *builder) cell() Cell { return Cell{Text: b.b.String(), Spans: b.spans} }

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *gen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	return string(b)
}

// ident is one identifier: its ASCII form, how to group it, and flags.
type ident struct {
	s            string
	groups       []int // group lengths for the spaced form (0: none)
	legacy, uscc bool
	prefix       string // +86 or 0086 of a mobile, written before the groups
}

func (g *gen) residentID() ident {
	region := g.pick(g.divisions)
	if g.r.IntN(10) == 0 { // the legacy 15-digit form, born 1930–1999
		y, m, d := 1930+g.r.IntN(70), 1+g.r.IntN(12), 1+g.r.IntN(28)
		s := fmt.Sprintf("%s%02d%02d%02d%s", region, y%100, m, d, g.digits(3))
		return ident{s: s, groups: []int{6, 6, 3}, legacy: true}
	}
	y, m, d := 1930+g.r.IntN(91), 1+g.r.IntN(12), 1+g.r.IntN(28)
	first17 := fmt.Sprintf("%s%04d%02d%02d%s", region, y, m, d, g.digits(3))
	c, _ := validator.ResidentIDCheckChar(first17)
	s := first17 + string(c)
	if c == 'X' && g.r.IntN(4) == 0 {
		s = first17 + "x"
	}
	return ident{s: s, groups: []int{6, 8, 4}, uscc: validator.ValidUSCC(strings.ToUpper(s))}
}

var mobilePrefixes = strings.Fields("130 131 132 133 134 135 136 137 138 139 145 147 149 150 151 152 153 155 156 157 158 159 162 165 166 167 170 171 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 190 191 192 193 195 196 197 198 199")

func (g *gen) mobile() ident {
	id := ident{s: g.pick(mobilePrefixes) + g.digits(8), groups: []int{3, 4, 4}}
	switch g.r.IntN(10) {
	case 0:
		id.prefix = "+86"
	case 1:
		id.prefix = "0086"
	}
	return id
}

// luhn completes a prefix with its Luhn check digit.
func luhn(prefix string) string {
	for d := byte('0'); d <= '9'; d++ {
		if validator.Luhn(prefix + string(d)) {
			return prefix + string(d)
		}
	}
	panic("unreachable")
}

func (g *gen) bankCard() ident {
	var prefix string
	n := 16
	switch p := g.r.IntN(20); {
	case p < 8: // UnionPay debit and credit, 16 digits
		prefix = g.pick([]string{"622202", "622848", "621700", "622588", "625802", "628288"})
	case p < 14: // UnionPay debit, 19 digits
		prefix, n = g.pick([]string{"622202", "621226", "621700", "623668", "622848", "621661"}), 19
	case p < 16: // Visa
		prefix = g.pick([]string{"436742", "427020", "404117"})
	case p < 18: // Mastercard
		prefix = g.pick([]string{"524094", "518718", "222300"})
	case p < 19: // JCB
		prefix = g.pick([]string{"356833", "353900"})
	default: // domestic 19-digit debit cards
		prefix, n = g.pick([]string{"955880", "955990", "955330"}), 19
	}
	s := luhn(prefix + g.digits(n-len(prefix)-1))
	groups := []int{4, 4, 4, 4}
	if n == 19 {
		groups = []int{4, 4, 4, 4, 3}
	}
	return ident{s: s, groups: groups}
}

var (
	pinyin  = strings.Fields("zhang wang li zhao liu chen yang huang zhou wu xu sun ma zhu hu guo he lin luo gao")
	given   = strings.Fields("wei fang na min jing li qiang lei jun yang yong yan jie tao ming chao xiuying hua")
	domains = strings.Fields("qq.com 163.com 126.com sina.com gmail.com outlook.com example.gov.cn mail.example.com.cn foxmail.com yeah.net")
	names   = strings.Fields("张伟 王芳 李娜 刘洋 陈静 杨磊 黄敏 赵强 周杰 吴婷")
)

func (g *gen) email() ident {
	var local string
	switch g.r.IntN(4) {
	case 0:
		local = g.pick(mobilePrefixes) + g.digits(8)
	case 1:
		local = g.pick(pinyin) + "." + g.pick(given)
	case 2:
		local = g.pick(pinyin) + g.pick(given) + g.digits(2+g.r.IntN(3))
	default:
		local = g.pick(given) + "_" + g.pick(pinyin)
	}
	return ident{s: local + "@" + g.pick(domains)}
}

func (g *gen) passport() ident {
	switch p := g.r.IntN(20); {
	case p < 10:
		return ident{s: "E" + g.digits(8)}
	case p < 16:
		return ident{s: "E" + string("ABCDEFGHJKLMNPQRSTUVWXYZ"[g.r.IntN(24)]) + g.digits(7)}
	case p < 19:
		return ident{s: "G" + g.digits(8)}
	default:
		return ident{s: g.pick([]string{"DE", "SE", "PE"}) + g.digits(7)}
	}
}

const (
	plateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
	plateLetters   = "ABCDEFGHJKLMNPQRSTUVWXYZ"
)

func (g *gen) plate() ident {
	prov := []rune(plateProvinces)[g.r.IntN(len([]rune(plateProvinces)))]
	office := string(plateLetters[g.r.IntN(len(plateLetters))])
	var serial string
	switch p := g.r.IntN(10); {
	case p < 6: // five characters, at most two of them letters
		b := []byte(g.digits(5))
		for range g.r.IntN(3) {
			b[g.r.IntN(5)] = plateLetters[g.r.IntN(len(plateLetters))]
		}
		serial = string(b)
	case p < 9: // new energy: D or F and five digits
		serial = g.pick([]string{"D", "F"}) + g.digits(5)
	default: // driving school or trailer
		serial = g.digits(4) + g.pick([]string{"学", "挂"})
	}
	return ident{s: string(prov) + office + serial}
}

func (g *gen) draw(k pii.Kind) ident {
	switch k {
	case pii.ResidentID:
		return g.residentID()
	case pii.Mobile:
		return g.mobile()
	case pii.BankCard:
		return g.bankCard()
	case pii.Email:
		return g.email()
	case pii.Passport:
		return g.passport()
	}
	return g.plate()
}

// fullWidth writes the ASCII letters, digits and punctuation of s in their
// full-width forms (U+FF01–FF5E).
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

// spaced groups an identifier's characters by spaces or hyphens (one separator
// for the whole identifier, as people write them).
func (g *gen) spaced(k pii.Kind, id ident) string {
	if k == pii.Plate {
		r := []rune(id.s)
		return string(r[:2]) + g.pick([]string{" ", "·", "-"}) + string(r[2:])
	}
	sep := g.pick([]string{" ", "-", " "})
	var parts []string
	s := id.s
	for _, n := range id.groups {
		parts = append(parts, s[:n])
		s = s[n:]
	}
	out := strings.Join(parts, sep)
	if id.prefix != "" {
		out = id.prefix + sep + out
	}
	return out
}

// plain is the identifier as written in the whole, text and JSON forms.
func (id ident) plain() string {
	if id.prefix != "" {
		return id.prefix + id.s
	}
	return id.s
}

// labels are what people write before an identifier in a sentence.
var labels = [pii.NumKinds][]string{
	pii.ResidentID: {"身份证号:", "身份证号码：", "公民身份号码 ", "证件号", "申请人身份证", "ID: "},
	pii.Mobile:     {"联系电话", "联系电话：", "手机 ", "电话:", "请致电", "tel "},
	pii.BankCard:   {"卡号", "银行卡号：", "退款至账户 ", "收款账号:", "card no. "},
	pii.Email:      {"邮箱", "电子邮件：", "请发送至 ", "E-mail: ", "联系邮箱:"},
	pii.Passport:   {"护照号", "护照号码：", "持护照", "passport no. ", "证件号码 "},
	pii.Plate:      {"车牌号", "车牌：", "车辆", "号牌 ", "违停车辆"},
}

var (
	tails   = []string{"，请核实。", "。", "，工作日联系", "（本人）", "", " 已登记", "；备注无"}
	fillers = []string{"办理完成", "材料齐全，已受理", "无", "待复核", "已电话回访，满意", "按规定公示七日", "同意", "补正材料后再次提交"}
	seps    = []string{"、", "，", "; ", " ", "/", " 或 "}
	keys    = [pii.NumKinds]string{"id_no", "phone", "card", "email", "passport", "plate"}
)

// planted returns cell i of the column of kind k in form.
func (g *gen) planted(k pii.Kind, form string, i int) Cell {
	var b builder
	id := g.draw(k)
	switch form {
	case FormWhole:
		b.ident(k, id.plain(), id.legacy, id.uscc)
	case FormText:
		b.text(g.pick(labels[k]))
		b.ident(k, id.plain(), id.legacy, id.uscc)
		b.text(g.pick(tails))
	case FormFullWidth:
		if g.r.IntN(2) == 0 {
			b.text(g.pick(labels[k]))
		}
		b.ident(k, fullWidth(id.plain()), id.legacy, id.uscc)
		b.text(g.pick(tails))
	case FormSpaced:
		b.text(g.pick(append([]string{""}, labels[k]...)))
		b.ident(k, g.spaced(k, id), id.legacy, id.uscc)
	case FormNameEmail:
		b.text(g.pick(names) + " <")
		b.ident(k, id.plain(), false, false)
		b.text(">")
	case FormTwo:
		b.text(g.pick(append([]string{""}, labels[k]...)))
		b.ident(k, id.plain(), id.legacy, id.uscc)
		b.text(g.pick(seps))
		id2 := g.draw(k)
		b.ident(k, id2.plain(), id2.legacy, id2.uscc)
	case FormJSON:
		b.text(fmt.Sprintf(`{"seq":%d,"name":"%s","%s":"`, i+1, g.pick(names), keys[k]))
		b.ident(k, id.plain(), id.legacy, id.uscc)
		b.text(fmt.Sprintf(`","status":"%s"}`, g.pick(fillers)))
	case FormSparse:
		b.text(g.pick(fillers))
		if g.r.IntN(100) < 3 {
			b.text("，" + g.pick(labels[k]))
			b.ident(k, id.plain(), id.legacy, id.uscc)
		}
	}
	return b.cell()
}
