package synth

import (
	"strconv"
	"strings"
	"time"
)

// surnames are common Chinese surnames, most frequent first.
var surnames = []string{
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
	"何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
	"肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
	"任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
	"韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "顾", "龚", "邵", "钱", "严",
}

// givenChars are characters common in given names.
var givenChars = []string{
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
	"超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "建", "文", "辉", "宇", "欣",
	"婷", "佳", "晨", "浩", "然", "思", "雨", "子", "涵", "博", "俊", "梓", "轩", "嘉", "怡", "琳",
	"晓", "雪", "慧", "鑫", "海", "峰", "斌", "蕾", "倩", "颖", "昊", "瑶", "诗", "悦", "铭", "蓉",
}

// personName returns a surname and a one- or two-character given name.
func personName(r *rng) string {
	s := surnames[min(r.intn(len(surnames)), r.intn(len(surnames)))] // favour frequent surnames
	g := pick(r, givenChars)
	if r.chance(0.7) {
		g += pick(r, givenChars)
	}
	return s + g
}

// person is one invented resident.
type person struct {
	id, name, mobile, address string
	birth                     time.Time
	male                      bool
	district                  district
}

// newPerson invents a resident living in d and born between the two years.
func newPerson(r *rng, d district, fromYear, toYear int) person {
	birth := date(r.between(fromYear, toYear), 1, 1).AddDate(0, 0, r.intn(365))
	male := r.chance(0.5)
	return person{
		id:       residentID(r, pickWeighted(r, birthAreas), birth, male),
		name:     personName(r),
		mobile:   mobile(r),
		address:  personAddress(r, d),
		birth:    birth,
		male:     male,
		district: d,
	}
}

// sexName is the GB/T 2261.1 name of a sex.
func (p person) sexName() string {
	if p.male {
		return "男"
	}
	return "女"
}

// date returns midnight UTC of a calendar day.
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// day formats a date as YYYY-MM-DD.
func day(t time.Time) string { return t.Format("2006-01-02") }

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }

// itoa2 formats an int with at least two digits.
func itoa2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// tradeChars make up invented trade names (字号).
var tradeChars = []string{
	"泓", "睿", "申", "沪", "嘉", "瑞", "晟", "禾", "璟", "澜", "川", "岳", "朗", "骏", "翔", "汇",
	"钧", "泽", "铂", "启", "恒", "峻", "宸", "航", "弘", "煜", "琪", "湛", "粤", "淞", "澄", "悦",
}

// industry is a line of business with the words companies in it use.
type industry struct {
	code, zh, suffix, scope string
	occupations             []string // typical jobs, for employment registrations
}

// industries follow the sections of GB/T 4754-2017.
var industries = []industry{
	{"I", "信息传输、软件和信息技术服务业", "信息科技", "软件开发；信息系统集成服务；数据处理和存储支持服务；技术服务、技术开发、技术咨询", []string{"软件工程师", "测试工程师", "产品经理", "运维工程师", "销售代表", "行政专员"}},
	{"F", "批发和零售业", "贸易", "日用百货销售；食品销售（仅销售预包装食品）；电子产品销售；货物进出口", []string{"销售代表", "采购员", "仓库管理员", "客户服务专员", "会计"}},
	{"C", "制造业", "精密机械", "通用设备制造（不含特种设备制造）；机械零件、零部件加工；金属制品销售", []string{"机械工程师", "数控车工", "质检员", "装配工", "仓库管理员", "会计"}},
	{"H", "住宿和餐饮业", "餐饮管理", "餐饮服务；餐饮管理；食品销售", []string{"厨师", "服务员", "餐厅经理", "收银员"}},
	{"L", "租赁和商务服务业", "企业管理咨询", "企业管理咨询；市场营销策划；会议及展览服务；信息咨询服务（不含许可类信息咨询服务）", []string{"咨询顾问", "市场专员", "行政专员", "会计", "销售代表"}},
	{"M", "科学研究和技术服务业", "生物科技", "生物技术推广服务；医学研究和试验发展；技术服务、技术开发", []string{"实验员", "研究员", "注册申报专员", "质量工程师"}},
	{"E", "建筑业", "建设工程", "建设工程施工；建筑装饰材料销售；工程管理服务", []string{"施工员", "安全员", "造价员", "电工", "木工"}},
	{"G", "交通运输、仓储和邮政业", "物流", "国内货物运输代理；普通货物仓储服务（不含危险化学品等需许可审批的项目）；道路货物运输（不含危险货物）", []string{"快递员", "货车司机", "仓库管理员", "调度员"}},
	{"K", "房地产业", "物业管理", "物业管理；停车场服务；房地产经纪", []string{"物业管理员", "保安员", "保洁员", "房地产经纪人"}},
	{"R", "文化、体育和娱乐业", "文化传播", "组织文化艺术交流活动；文艺创作；体育赛事策划", []string{"设计师", "编辑", "活动策划", "摄影师"}},
}

// company is one invented enterprise.
type company struct {
	uscc, name, kind, legalRep, address, size string
	capital                                   int // registered capital in 10,000 yuan
	established                               time.Time
	district                                  district
	industry                                  industry
}

// companyKinds are enterprise types with relative frequencies.
var companyKinds = []weighted[string]{
	{"有限责任公司（自然人投资或控股）", 60}, {"有限责任公司（自然人独资）", 20},
	{"股份有限公司（非上市、自然人投资或控股）", 5}, {"有限责任公司（外商投资、非独资）", 6},
	{"有限合伙企业", 4}, {"个人独资企业", 5},
}

// companies invents the shared pool of enterprises that several sources draw from, so
// that a company on the tax list is also in the register.
func companies() []company {
	r := newRNG("companies")
	seen := map[string]bool{}
	out := make([]company, 0, 1500)
	for len(out) < 1500 {
		d := pickWeighted(r, weightedDistricts())
		ind := pick(r, industries)
		trade := pick(r, tradeChars) + pick(r, tradeChars)
		name := "上海" + trade + ind.suffix + "有限公司"
		kind := pickWeighted(r, companyKinds)
		switch kind {
		case "有限合伙企业":
			name = "上海" + trade + ind.suffix + "合伙企业（有限合伙）"
		case "个人独资企业":
			name = "上海" + trade + ind.suffix + "工作室"
		case "股份有限公司（非上市、自然人投资或控股）":
			name = "上海" + trade + ind.suffix + "股份有限公司"
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		established := date(r.between(2000, 2025), 1, 1).AddDate(0, 0, r.intn(365))
		code := uscc(r, "91", d.code)
		if established.Year() < 2015 {
			// Firms set up before the 2015 reform kept their old organization code.
			code = legacyUSCC(r, "91", d.code)
		}
		capital := pickWeighted(r, []weighted[int]{{10, 20}, {50, 25}, {100, 25}, {500, 15}, {1000, 10}, {5000, 5}})
		size := "微型"
		switch {
		case capital >= 1000:
			size = "中型"
		case capital >= 100:
			size = "小型"
		}
		out = append(out, company{
			uscc:        code,
			name:        name,
			kind:        kind,
			legalRep:    personName(r),
			address:     strings.TrimSuffix(siteAddress(r, d), "号") + "号" + itoa(r.between(1, 12)) + "楼",
			size:        size,
			capital:     capital,
			established: established,
			district:    d,
			industry:    ind,
		})
	}
	return out
}
