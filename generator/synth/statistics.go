package synth

import (
	"fmt"
	"math"
	"time"
)

// This file writes the statistical tables among the default catalog's sources:
// aggregates by district and period, with no person in them.

// residents is each district's resident population at the end of 2025, in 10,000,
// and the share of it with Shanghai household registration.
var residents = map[string][2]float64{
	"310101": {52.3, 0.92}, "310104": {111.2, 0.68}, "310105": {69.2, 0.70}, "310106": {95.7, 0.78},
	"310107": {123.0, 0.72}, "310109": {68.5, 0.87}, "310110": {122.5, 0.79}, "310112": {268.9, 0.45},
	"310113": {225.1, 0.49}, "310114": {186.4, 0.38}, "310115": {581.2, 0.54}, "310116": {82.0, 0.66},
	"310117": {196.4, 0.39}, "310118": {128.2, 0.40}, "310120": {115.6, 0.50}, "310151": {62.1, 0.96},
}

// urbanisation is each district's share of urban residents in 2025, in percent.
var urbanisation = map[string]float64{
	"310112": 97.1, "310113": 95.2, "310114": 90.3, "310115": 91.6, "310116": 69.8,
	"310117": 89.5, "310118": 82.4, "310120": 74.6, "310151": 55.2,
}

// residentPopulation writes the year-end population of every district, 2016–2025.
func residentPopulation() ([]byte, error) {
	r := newRNG("resident-population-by-district")
	t := newTable(false, "year", "district_code", "resident_10k", "registered_10k", "nonlocal_10k", "density", "urbanisation_rate")
	for y := 2016; y <= 2025; y++ {
		for _, d := range districts {
			base := residents[d.code]
			// suburbs grew over the decade, the centre shrank a little
			growth := 0.004
			if base[1] < 0.6 {
				growth = -0.012
			}
			res := base[0] * (1 + growth*float64(2025-y)) * (0.997 + r.float()*0.006)
			reg := res * base[1] * (0.99 + r.float()*0.02)
			urb, ok := urbanisation[d.code]
			if !ok {
				urb = 100
			} else {
				urb = math.Min(100, urb-0.35*float64(2025-y)+r.float()*0.2)
			}
			t.row(itoa(y), d.code, decimal(res, 2), decimal(reg, 2), decimal(res-reg, 2),
				itoa(int(math.Round(res*10000/districtArea[d.code]))), decimal(urb, 1))
		}
	}
	return t.bytes()
}

// marriageRegistrations writes monthly marriage and divorce registrations by district,
// January 2024 to October 2026.
func marriageRegistrations() ([]byte, error) {
	r := newRNG("marriage-registration-statistics")
	t := newTable(false, "month", "district_code", "marriages", "divorces", "replacements")
	season := map[time.Month]float64{1: 1.2, 2: 0.9, 3: 0.9, 4: 0.9, 5: 1.3, 6: 0.9, 7: 0.8, 8: 1.1, 9: 1.0, 10: 1.3, 11: 0.9, 12: 1.0}
	for m := date(2024, 1, 1); !m.After(date(2026, 10, 1)); m = m.AddDate(0, 1, 0) {
		trend := math.Pow(0.97, float64(m.Year()-2024))
		for _, d := range districts {
			pop := residents[d.code][0]
			marriages := int(pop * 8.2 * season[m.Month()] * trend * (0.9 + r.float()*0.2))
			divorces := int(float64(marriages) * (0.35 + r.float()*0.1))
			if m.Month() == 2 { // the registry closes over the Spring Festival
				divorces = divorces * 7 / 10
			}
			t.row(m.Format("2006-01"), d.code, itoa(marriages), itoa(divorces), itoa(int(pop*0.9*(0.8+r.float()*0.4))))
		}
	}
	return t.bytes()
}

// disabilityCertificates writes certificate holders by district, category and grade
// for 2024 and 2025; cells under 5 are published as "<5".
func disabilityCertificates() ([]byte, error) {
	r := newRNG("disability-certificate-statistics")
	t := newTable(false, "year", "district_code", "category", "disability_grade", "holders")
	categories := []struct {
		name  string
		share float64 // holders per 10,000 residents
	}{{"视力残疾", 28}, {"听力残疾", 22}, {"言语残疾", 1.2}, {"肢体残疾", 95}, {"智力残疾", 22}, {"精神残疾", 30}, {"多重残疾", 6}}
	grades := []struct {
		name  string
		share float64
	}{{"一级", 0.12}, {"二级", 0.24}, {"三级", 0.28}, {"四级", 0.36}}
	for _, y := range []int{2024, 2025} {
		for _, d := range districts {
			pop := residents[d.code][0]
			for _, c := range categories {
				for _, g := range grades {
					n := int(pop * c.share * g.share * (0.85 + r.float()*0.3))
					if y == 2025 {
						n = n * 101 / 100
					}
					holders := itoa(n)
					if n < 5 {
						holders = "<5"
					}
					t.row(itoa(y), d.code, c.name, g.name, holders)
				}
			}
		}
	}
	return t.bytes()
}

// physicianStatistics writes registered physicians by institution and category for
// 2024 and 2025.
func physicianStatistics() ([]byte, error) {
	r := newRNG("physician-statistics")
	t := newTable(false, "year", "institution", "district_code", "practice_category", "physicians", "assistant_physicians")
	for _, h := range medicalInstitutionList() {
		if h.category == "诊所" || h.category == "门诊部" || h.category == "社区卫生服务中心" && r.chance(0.6) {
			continue
		}
		size := float64(h.beds)
		if h.category == "社区卫生服务中心" {
			size = 200
		}
		for _, y := range []int{2024, 2025} {
			for _, c := range []struct {
				name  string
				share float64
			}{{"临床", 0.32}, {"中医", 0.06}, {"口腔", 0.03}, {"公共卫生", 0.02}} {
				share := c.share
				switch {
				case h.category == "中医医院" && c.name == "中医":
					share = 0.25
				case h.category == "社区卫生服务中心" && c.name == "公共卫生":
					share = 0.05
				case h.category == "妇幼保健院" && c.name == "口腔":
					continue
				}
				n := int(size * share * (0.85 + r.float()*0.3))
				if y == 2025 {
					n += r.intn(3)
				}
				if n == 0 {
					continue
				}
				t.row(itoa(y), h.name, h.district, c.name, itoa(n), itoa(int(float64(n)*0.04*r.float()*2)))
			}
		}
	}
	return t.bytes()
}

// motorVehicles writes registered vehicles by district, type and energy, per quarter
// from 2025Q1 to 2026Q3.
func motorVehicles() ([]byte, error) {
	r := newRNG("motor-vehicle-statistics")
	t := newTable(false, "quarter", "district_code", "vehicle_type", "energy_type", "vehicles")
	kinds := []struct {
		typ, energy string
		per10k      float64 // vehicles per 10,000 residents in 2025Q1
		growth      float64 // per quarter
	}{
		{"小型载客汽车", "汽油", 1480, -0.012}, {"小型载客汽车", "新能源（纯电动）", 360, 0.045}, {"小型载客汽车", "新能源（插电式混合动力）", 260, 0.035},
		{"大中型载客汽车", "柴油", 9, -0.01}, {"大中型载客汽车", "新能源（纯电动）", 8, 0.02},
		{"载货汽车", "柴油", 95, -0.006}, {"载货汽车", "新能源（纯电动）", 22, 0.05},
		{"摩托车", "汽油", 70, -0.004}, {"其他", "其他", 6, 0},
	}
	for y := 2025; y <= 2026; y++ {
		for q := 1; q <= 4; q++ {
			if y == 2026 && q == 4 {
				break
			}
			n := (y-2025)*4 + q - 1
			for _, d := range districts {
				pop := residents[d.code][0]
				for _, k := range kinds {
					v := pop * k.per10k * math.Pow(1+k.growth, float64(n)) * (0.97 + r.float()*0.06)
					t.row(fmt.Sprintf("%dQ%d", y, q), d.code, k.typ, k.energy, itoa(int(v)))
				}
			}
		}
	}
	return t.bytes()
}

// riceTowns are Qingpu's rice-growing towns and their planted area in 2025, in mu.
var riceTowns = []struct {
	town string
	area float64
}{{"练塘镇", 52000}, {"金泽镇", 38000}, {"朱家角镇", 31000}, {"白鹤镇", 24000}, {"重固镇", 12000},
	{"华新镇", 9000}, {"赵巷镇", 4000}, {"香花桥街道", 7000}, {"夏阳街道", 1500}}

// qingpuRice writes Qingpu's rice planting by town, 2019–2025.
func qingpuRice() ([]byte, error) {
	r := newRNG("qingpu-rice-planting")
	t := newTable(false, "year", "town", "area_mu", "yield_kg_per_mu", "output_t", "premium_share")
	for y := 2019; y <= 2025; y++ {
		weather := 0.97 + r.float()*0.05
		for _, rt := range riceTowns {
			area := math.Round(rt.area * (1 + 0.01*float64(2025-y)) * (0.98 + r.float()*0.04))
			yield := math.Round(560*weather*(0.97+r.float()*0.06)*10) / 10
			premium := math.Min(98, 55+6*float64(y-2019)+r.float()*8)
			t.row(itoa(y), rt.town, decimal(area, 0), decimal(yield, 1), decimal(area*yield/1000, 1), decimal(premium, 1))
		}
	}
	return t.bytes()
}

// budgetClasses are functional classes (类) of general public budget spending with
// their sections (款) and the 2025 final accounts in 10,000 yuan.
var budgetClasses = []struct {
	class    string
	sections []string
	total    float64
}{
	{"一般公共服务支出", []string{"人大事务", "政协事务", "政府办公厅（室）及相关机构事务", "发展与改革事务", "统计信息事务", "财政事务", "税收事务", "审计事务", "市场监督管理事务"}, 2100000},
	{"公共安全支出", []string{"公安", "检察", "法院", "司法", "监狱"}, 3100000},
	{"教育支出", []string{"教育管理事务", "普通教育", "职业教育", "特殊教育", "进修及培训"}, 5200000},
	{"科学技术支出", []string{"科学技术管理事务", "基础研究", "应用研究", "技术研究与开发", "科技条件与服务"}, 2300000},
	{"文化旅游体育与传媒支出", []string{"文化和旅游", "文物", "体育", "新闻出版电影", "广播电视"}, 900000},
	{"社会保障和就业支出", []string{"人力资源和社会保障管理事务", "民政管理事务", "行政事业单位养老支出", "就业补助", "抚恤", "社会福利", "残疾人事业", "最低生活保障"}, 6800000},
	{"卫生健康支出", []string{"卫生健康管理事务", "公立医院", "基层医疗卫生机构", "公共卫生", "中医药", "医疗保障管理事务"}, 3000000},
	{"节能环保支出", []string{"环境保护管理事务", "污染防治", "自然生态保护", "能源节约利用"}, 800000},
	{"城乡社区支出", []string{"城乡社区管理事务", "城乡社区规划与管理", "城乡社区公共设施", "城乡社区环境卫生"}, 4600000},
	{"农林水支出", []string{"农业农村", "林业和草原", "水利", "巩固拓展脱贫攻坚成果衔接乡村振兴"}, 1400000},
	{"交通运输支出", []string{"公路水路运输", "铁路运输", "民用航空运输", "城市公共交通"}, 2600000},
}

// budgetExecution writes the city-level spending by function, 2021–2025: budget,
// adjusted budget and final accounts, in 10,000 yuan.
func budgetExecution() ([]byte, error) {
	r := newRNG("budget-execution")
	t := newTable(false, "year", "function_class", "function_subclass", "budget", "adjusted_budget", "final_accounts")
	for y := 2021; y <= 2025; y++ {
		scale := math.Pow(0.96, float64(2025-y))
		for _, c := range budgetClasses {
			weights := make([]float64, len(c.sections))
			sum := 0.0
			for i := range weights {
				weights[i] = 0.3 + r.float()
				sum += weights[i]
			}
			for i, s := range c.sections {
				final := c.total * scale * weights[i] / sum
				budget := final * (0.95 + r.float()*0.1)
				adjusted := budget * (0.98 + r.float()*0.06)
				t.row(itoa(y), c.class, s, decimal(budget, 1), decimal(adjusted, 1), decimal(final, 1))
			}
		}
	}
	return t.bytes()
}

// waterSection is a monitored section of a river or lake.
type waterSection struct {
	section, water, district string
	lake                     bool
	base                     float64 // 0 clean … 1 polluted
}

var waterSections = []waterSection{
	{"松浦大桥", "黄浦江", "310117", false, 0.25}, {"临江", "黄浦江", "310115", false, 0.3}, {"杨浦大桥", "黄浦江", "310110", false, 0.35}, {"吴淞口", "黄浦江", "310113", false, 0.4},
	{"华漕", "苏州河", "310112", false, 0.45}, {"北新泾桥", "苏州河", "310105", false, 0.45}, {"武宁路桥", "苏州河", "310107", false, 0.5}, {"浙江路桥", "苏州河", "310106", false, 0.5},
	{"急水港", "淀山湖", "310118", true, 0.45}, {"淀山湖中", "淀山湖", "310118", true, 0.5}, {"太浦河桥", "太浦河", "310118", false, 0.2}, {"拦路港", "拦路港", "310118", false, 0.3},
	{"蕴藻浜东闸", "蕴藻浜", "310113", false, 0.6}, {"川杨河桥", "川杨河", "310115", false, 0.5}, {"大治河西闸", "大治河", "310115", false, 0.45}, {"淀浦河闸", "淀浦河", "310104", false, 0.55},
	{"油墩港", "油墩港", "310117", false, 0.5}, {"金汇港南闸", "金汇港", "310120", false, 0.5}, {"练祁河", "练祁河", "310114", false, 0.6}, {"南横引河", "南横引河", "310151", false, 0.3},
	{"张家浜", "张家浜", "310115", false, 0.55}, {"虹口港", "虹口港", "310109", false, 0.6}, {"龙华港", "龙华港", "310104", false, 0.55}, {"新川沙河", "新川沙河", "310113", false, 0.5},
}

// waterClass returns the GB 3838-2002 class of a sample: the worst of its parameters.
func waterClass(do, codmn, nh3n, tp float64, lake bool) string {
	class := 1
	worse := func(v float64, limits []float64, higherIsBetter bool) {
		c := len(limits) + 1
		for i, l := range limits {
			if higherIsBetter && v >= l || !higherIsBetter && v <= l {
				c = i + 1
				break
			}
		}
		class = max(class, c)
	}
	worse(do, []float64{7.5, 6, 5, 3, 2}, true)
	worse(codmn, []float64{2, 4, 6, 10, 15}, false)
	worse(nh3n, []float64{0.15, 0.5, 1.0, 1.5, 2.0}, false)
	if lake {
		worse(tp, []float64{0.01, 0.025, 0.05, 0.1, 0.2}, false)
	} else {
		worse(tp, []float64{0.02, 0.1, 0.2, 0.3, 0.4}, false)
	}
	return []string{"", "Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"}[class]
}

// surfaceWaterQuality writes the monthly results of the monitored sections, November
// 2025 to October 2026.
func surfaceWaterQuality() ([]byte, error) {
	r := newRNG("surface-water-quality")
	t := newTable(false, "month", "section", "water_body", "district_code", "do_mg_l", "codmn_mg_l", "nh3n_mg_l", "tp_mg_l", "water_class")
	for m := date(2025, 11, 1); !m.After(date(2026, 10, 1)); m = m.AddDate(0, 1, 0) {
		summer := math.Sin(float64(m.Month()-4) * math.Pi / 6) // warm water holds less oxygen
		for _, s := range waterSections {
			p := s.base * (0.8 + r.float()*0.4)
			do := math.Round((8.6-3.2*p-1.2*summer)*100) / 100
			codmn := math.Round((2.2+3.4*p)*10) / 10
			nh3n := math.Round((0.12+0.7*p*p+0.05*r.float())*100) / 100
			tp := math.Round((0.05+0.16*p)*1000) / 1000
			if s.lake {
				tp = math.Round((0.03+0.07*p)*1000) / 1000
			}
			t.row(m.Format("2006-01"), s.section, s.water, s.district, decimal(do, 2), decimal(codmn, 1), decimal(nh3n, 2), decimal(tp, 3), waterClass(do, codmn, nh3n, tp, s.lake))
		}
	}
	return t.bytes()
}
