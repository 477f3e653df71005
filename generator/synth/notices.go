package synth

import (
	"fmt"
	"strings"
	"time"
)

// This file writes the public notices (公示) among the default catalog's sources:
// licences, permits, procurement and land deals, each about organisations, never
// about people.

// agriculturalInspections writes the results of sampled farm products.
func agriculturalInspections() ([]byte, error) {
	r := newRNG("agricultural-product-inspections")
	t := newTable(false, "batch_no", "product", "producer", "producer_uscc", "items", "standard", "conclusion", "sampled_on")
	type group struct {
		products    []string
		items, std  string
		producerEnd []string
	}
	pesticide := "GB 2763-2021《食品安全国家标准 食品中农药最大残留限量》"
	vet := "GB 31650-2019《食品安全国家标准 食品中兽药最大残留限量》"
	groups := []weighted[group]{
		{group{[]string{"青菜", "菠菜", "芹菜", "番茄", "黄瓜", "茄子", "豇豆", "韭菜", "鸡毛菜", "茭白"}, "毒死蜱、氧乐果、克百威、甲胺磷、腐霉利等农药残留", pesticide, []string{"蔬菜专业合作社", "蔬果专业合作社"}}, 50},
		{group{[]string{"草莓", "葡萄", "水蜜桃", "西瓜", "翠冠梨", "甜瓜"}, "多菌灵、吡虫啉、氯氟氰菊酯等农药残留", pesticide, []string{"果蔬专业合作社", "果业专业合作社"}}, 20},
		{group{[]string{"猪肉", "鸡肉", "鸭肉", "鸡蛋", "羊肉"}, "克伦特罗、莱克多巴胺、沙丁胺醇、恩诺沙星、氟苯尼考", vet + "；农业农村部公告第250号", []string{"畜牧专业合作社", "禽业专业合作社"}}, 15},
		{group{[]string{"鲫鱼", "草鱼", "南美白对虾", "中华绒螯蟹", "鳊鱼", "罗氏沼虾"}, "孔雀石绿、硝基呋喃类代谢物、氯霉素、恩诺沙星", vet + "；农业农村部公告第250号", []string{"水产养殖专业合作社"}}, 15},
	}
	type producer struct{ name, uscc string }
	producers := map[string][]producer{}
	for i := 1; i <= 360; i++ {
		g := pickWeighted(r, groups)
		code := pickWeighted(r, farmDistricts)
		pool := producers[g.producerEnd[0]+code]
		var p producer
		if len(pool) > 3 && r.chance(0.6) {
			p = pick(r, pool)
		} else {
			town := strings.TrimSuffix(pick(r, farmTowns[code]), "镇")
			p = producer{"上海" + town + trade(r) + pick(r, g.producerEnd), uscc(r, "93", code)}
			producers[g.producerEnd[0]+code] = append(pool, p)
		}
		conclusion := "合格"
		if r.chance(0.015) {
			conclusion = "不合格"
		}
		dt := date(2025, 11, 1).AddDate(0, 0, r.intn(365))
		t.row(fmt.Sprintf("NCP%s%05d", dt.Format("200601"), i), pick(r, g.products), p.name, p.uscc, g.items, g.std, conclusion, day(dt))
	}
	return t.bytes()
}

// licenceKind is a kind of administrative licence.
type licenceKind struct {
	matter, content, authority, short string
	years                             int
	industries                        string // GB/T 4754 sections of the companies that hold it
}

var licenceKinds = []licenceKind{
	{"排污许可", "准予核发排污许可证，按证排放大气污染物和水污染物", "生态环境局", "环", 5, "C"},
	{"道路运输经营许可", "准予从事道路普通货物运输经营", "交通委员会", "交", 4, "G"},
	{"人力资源服务许可", "准予从事职业介绍、人力资源供求信息收集和发布服务", "人力资源和社会保障局", "人社", 5, "L"},
	{"危险化学品经营许可", "准予经营危险化学品（不带储存设施）", "应急管理局", "应急", 3, "FC"},
	{"医疗器械经营许可（第三类）", "准予经营第三类医疗器械", "市场监督管理局", "市监", 5, "FM"},
	{"出版物经营许可", "准予从事出版物零售", "文化和旅游局", "文旅", 6, "FR"},
	{"建筑业企业资质许可", "准予建筑工程施工总承包三级资质", "住房和城乡建设管理委员会", "住建", 5, "E"},
	{"城镇污水排入排水管网许可", "准予向城镇排水设施排放污水", "水务局", "水", 5, "CH"},
}

// administrativeLicences writes licence decisions on companies (行政许可, published
// under 双公示).
func administrativeLicences() ([]byte, error) {
	r := newRNG("administrative-licences")
	pool := companies()
	t := newTable(false, "licence_no", "matter", "party_name", "uscc", "content", "valid_from", "valid_to", "authority")
	for i := 1; i <= 450; i++ {
		k := pick(r, licenceKinds)
		c := pickCompany(r, pool, k.industries)
		from := date(2025, 1, 1).AddDate(0, 0, r.intn(669))
		authority := "上海市" + c.district.zh + k.authority
		if k.matter == "危险化学品经营许可" || k.matter == "医疗器械经营许可（第三类）" || r.chance(0.2) {
			authority = "上海市" + k.authority
		}
		no := fmt.Sprintf("沪%s许字〔%d〕第%05d号", k.short, from.Year(), i)
		t.row(no, k.matter, c.name, c.uscc, k.content, day(from), day(from.AddDate(k.years, 0, -1)), authority)
	}
	return t.bytes()
}

// specialisedSMEs writes the "specialised, refined, distinctive and innovative" SMEs.
func specialisedSMEs() ([]byte, error) {
	r := newRNG("specialised-sme-list")
	t := newTable(false, "name", "uscc", "district_code", "field", "batch", "valid_until")
	fields := map[string][]string{"I": {"集成电路", "人工智能", "信息服务"}, "C": {"高端装备", "新材料", "新能源汽车", "航空航天", "时尚消费品"}, "M": {"生物医药", "节能环保", "新材料"}}
	batches := []struct {
		name  string
		until time.Time
	}{{"2023年第一批", date(2026, 12, 31)}, {"2023年第二批", date(2026, 12, 31)}, {"2024年第一批", date(2027, 6, 30)}, {"2024年第二批", date(2027, 12, 31)}, {"2025年第一批", date(2028, 6, 30)}, {"2025年第二批", date(2028, 12, 31)}, {"2026年第一批", date(2029, 6, 30)}}
	for _, c := range companies() {
		if c.size == "微型" || c.established.Year() > 2022 || !r.chance(0.5) {
			continue
		}
		switch c.industry.code {
		case "I", "C", "M":
		default:
			continue
		}
		b := pick(r, batches)
		t.row(c.name, c.uscc, c.district.code, pick(r, fields[c.industry.code]), b.name, day(b.until))
	}
	return t.bytes()
}

// pickCompany picks a company of one of the GB/T 4754 sections listed in sections.
func pickCompany(r *rng, pool []company, sections string) company {
	for {
		if c := pick(r, pool); strings.Contains(sections, c.industry.code) {
			return c
		}
	}
}

// purchaser returns a budget unit that buys goods and services.
func purchaser(r *rng) string {
	d := pickWeighted(r, weightedDistricts())
	switch r.intn(4) {
	case 0:
		return "上海市" + pick(r, []string{"教育委员会", "卫生健康委员会", "交通委员会", "绿化和市容管理局", "生态环境局", "水务局", "民政局", "公安局", "大数据中心"})
	case 1:
		return "上海市" + d.zh + pick(r, []string{"教育局", "卫生健康委员会", "城市管理行政执法局", "建设和管理委员会", "民政局"})
	case 2:
		return "上海市" + d.zh + pick(r, subdistricts[d.code]) + pick(r, []string{"办事处", "人民政府", "社区卫生服务中心"})
	}
	return "上海市" + d.zh + pick(r, []string{"中心医院", "第一中学", "实验小学", "图书馆", "青少年活动中心"})
}

// procurementItem is a kind of purchase with its budget range in yuan.
type procurementItem struct {
	project, requirement string
	lo, hi               int
	industries           string // GB/T 4754 sections of the suppliers
}

var procurementItems = []procurementItem{
	{"物业管理服务", "办公楼宇保洁、秩序维护、设施设备维护及会务服务，服务期一年", 600000, 4000000, "K"},
	{"信息系统运维服务", "业务系统及网络设备的日常运维、安全加固与应急响应，服务期一年", 300000, 3000000, "I"},
	{"医用设备采购", "彩色多普勒超声诊断仪、监护仪等医用设备及安装培训", 800000, 9000000, "FM"},
	{"绿化养护服务", "辖区公共绿地日常养护、病虫害防治及补种，服务期一年", 500000, 5000000, "KE"},
	{"食堂餐饮服务", "职工食堂早中餐供应及食品安全管理，服务期一年", 400000, 2500000, "H"},
	{"课桌椅及教学设备采购", "学生课桌椅、多媒体教学一体机及配套安装", 200000, 1800000, "FC"},
	{"河道保洁服务", "辖区河道水面保洁及垃圾清运，服务期一年", 300000, 2000000, "KG"},
	{"政务云资源租用", "计算、存储及网络资源租用和安全服务，服务期一年", 1000000, 12000000, "I"},
	{"办公家具采购", "办公桌椅、文件柜及会议桌等", 80000, 900000, "FC"},
	{"第三方审计服务", "财务收支及专项资金审计，出具审计报告", 100000, 800000, "L"},
}

// procurementIntentions writes purchases announced at least 30 days ahead.
func procurementIntentions() ([]byte, error) {
	r := newRNG("procurement-intentions")
	t := newTable(false, "purchaser", "project", "requirements", "budget_yuan", "expected_month")
	for i := 0; i < 520; i++ {
		it := pick(r, procurementItems)
		month := date(2026, 11, 1).AddDate(0, r.intn(4), 0)
		t.row(purchaser(r), fmt.Sprintf("%d年度%s项目", month.Year()+map[bool]int{true: 1, false: 0}[month.Month() >= 11], it.project),
			it.requirement, itoa(r.between(it.lo/1000, it.hi/1000)*1000), month.Format("2006-01"))
	}
	return t.bytes()
}

// contractors are large builders that hold construction permits.
var contractors = []string{"上海建工一建集团有限公司", "上海建工二建集团有限公司", "上海建工四建集团有限公司", "上海建工五建集团有限公司", "上海建工七建集团有限公司",
	"中国建筑第八工程局有限公司", "上海宝冶集团有限公司", "上海城建市政工程（集团）有限公司", "龙元建设集团股份有限公司", "中建三局集团有限公司"}

// constructionPermits writes the construction permits issued.
func constructionPermits() ([]byte, error) {
	r := newRNG("construction-permits")
	pool := companies()
	t := newTable(false, "permit_no", "project", "client", "contractor", "site", "district_code", "floor_area_m2", "contract_10k_yuan", "issued_on")
	perDay := map[string]int{}
	for i := 0; i < 420; i++ {
		c := pick(r, pool)
		d := pickWeighted(r, weightedDistricts())
		dt := date(2025, 11, 1).AddDate(0, 0, r.intn(365))
		key := d.code + dt.Format("20060102")
		perDay[key]++
		road := strings.TrimSuffix(pick(r, d.roads), "路")
		kind := pick(r, []struct {
			name      string
			lo, hi    int // m²
			perM2     int // yuan
			ownClient bool
		}{
			{road + "路" + itoa(r.between(1, 40)) + "号地块商品住宅项目", 20000, 160000, 3200, true},
			{road + "路" + pick(r, []string{"小学", "中学", "幼儿园"}) + "新建工程", 6000, 30000, 3800, false},
			{road + "路科创园" + pick(r, []string{"一期", "二期", "三期"}) + "项目", 30000, 200000, 4200, true},
			{road + "路厂房改建工程", 5000, 40000, 2200, true},
			{road + "路社区综合服务中心工程", 4000, 20000, 4000, false},
		})
		area := float64(r.between(kind.lo/100, kind.hi/100) * 100)
		client := c.name
		if !kind.ownClient {
			client = "上海市" + d.zh + pick(r, []string{"教育局", "建设和管理委员会", "城市更新中心"})
		}
		t.row(fmt.Sprintf("%s%s%02d", d.code, dt.Format("20060102"), perDay[key]), kind.name, client, pick(r, contractors),
			"上海市"+d.zh+road+"路"+itoa(r.between(1, 3000))+"号", d.code, decimal(area, 0), decimal(area*float64(kind.perM2)*(0.85+r.float()*0.3)/10000, 2), day(dt))
	}
	return t.bytes()
}

// foodBusinessLicences writes food business licences (食品经营许可证).
func foodBusinessLicences() ([]byte, error) {
	r := newRNG("food-business-licences")
	pool := companies()
	t := newTable(false, "licence_no", "operator", "uscc", "premises", "business_format", "activities", "issued_on", "valid_to")
	formats := []weighted[[3]string]{
		{[3]string{"1", "食品销售经营者", "预包装食品（含冷藏冷冻食品）销售；散装食品（不含熟食）销售"}, 40},
		{[3]string{"2", "餐饮服务经营者", "热食类食品制售；冷食类食品制售（不含生食）；自制饮品制售"}, 45},
		{[3]string{"3", "单位食堂", "热食类食品制售"}, 15},
	}
	for i := 0; i < 450; i++ {
		f := pickWeighted(r, formats)
		c := pickCompany(r, pool, map[string]string{"1": "F", "2": "H", "3": "CIMLK"}[f[0]])
		name := c.name
		dt := date(2021, 11, 1).AddDate(0, 0, r.intn(5*365))
		seq := fmt.Sprintf("%s%s%06d", f[0], c.district.code, i+1)
		t.row("JY"+seq+itoa(r.intn(10)), name, c.uscc, siteAddress(r, c.district), f[1], f[2], day(dt), day(dt.AddDate(5, 0, -1)))
	}
	return t.bytes()
}

// landUse is a use of land with its floor-area ratio range (in tenths), the land price
// per m² of floor area in yuan, and whether it is allocated (划拨) rather than sold.
type landUse struct {
	use      string
	far      [2]int
	perM2    int
	allocate bool
}

// landSupply writes the state-owned land granted or allocated.
func landSupply() ([]byte, error) {
	r := newRNG("land-supply")
	pool := companies()
	t := newTable(false, "plot_no", "location", "district_code", "land_use", "area_m2", "far", "method", "price_10k_yuan", "grantee", "deal_date")
	uses := []weighted[landUse]{
		{landUse{"住宅用地", [2]int{18, 30}, 30000, false}, 30},
		{landUse{"商业办公用地", [2]int{20, 60}, 15000, false}, 15},
		{landUse{"工业用地", [2]int{12, 20}, 1200, false}, 25},
		{landUse{"科研设计用地", [2]int{15, 30}, 3500, false}, 15},
		{landUse{"教育用地", [2]int{8, 15}, 0, true}, 10},
		{landUse{"公共绿地", [2]int{0, 2}, 0, true}, 5},
	}
	for i := 1; i <= 300; i++ {
		u := pickWeighted(r, uses)
		d := pickWeighted(r, weightedDistricts())
		road1, road2 := pick(r, d.roads), pick(r, d.roads)
		dt := date(2025, 1, 1).AddDate(0, 0, r.intn(669))
		area := float64(r.between(30, 1200) * 100)
		far := float64(r.between(u.far[0], u.far[1])) / 10
		method := pickWeighted(r, []weighted[string]{{"挂牌", 60}, {"招标", 15}, {"拍卖", 10}, {"协议", 15}})
		price := area * far * float64(u.perM2) * (0.8 + r.float()*0.5) / 10000
		grantee := pickCompany(r, pool, "CIM").name
		if u.use == "住宅用地" || u.use == "商业办公用地" {
			grantee = "上海" + trade(r) + pick(r, []string{"置业有限公司", "房地产开发有限公司", "城市建设发展有限公司"})
		}
		if u.allocate {
			method, price = "划拨", 0
			grantee = "上海市" + d.zh + pick(r, []string{"教育局", "绿化和市容管理局", "城市更新中心"})
		}
		t.row(fmt.Sprintf("%s%d-%03d", strings.ToUpper(d.en[:2]), dt.Year(), i), road1+"以东，"+road2+"以南", d.code, u.use,
			decimal(area, 0), decimal(far, 1), method, decimal(price, 2), grantee, day(dt))
	}
	return t.bytes()
}

// pudongProcurementResults writes Pudong's awarded procurement projects.
func pudongProcurementResults() ([]byte, error) {
	r := newRNG("pudong-procurement-results")
	pool := companies()
	t := newTable(false, "project_no", "project", "method", "winner", "winner_uscc", "award_yuan", "published_on")
	pudong := districtByCode("310115")
	for i := 1; i <= 420; i++ {
		it := pick(r, procurementItems)
		c := pickCompany(r, pool, it.industries)
		dt := date(2025, 11, 1).AddDate(0, 0, r.intn(365))
		unit := "浦东新区" + pick(r, append([]string{"教育局", "卫生健康委员会", "城市管理行政执法局", "建设和交通委员会"}, subdistricts[pudong.code]...))
		t.row(fmt.Sprintf("PDZC%s-%04d", dt.Format("200601"), i), unit+it.project+"项目",
			pickWeighted(r, []weighted[string]{{"公开招标", 50}, {"竞争性磋商", 25}, {"竞争性谈判", 10}, {"询价", 10}, {"单一来源", 5}}),
			c.name, c.uscc, itoa(r.between(it.lo/1000, it.hi/1000)*1000*r.between(85, 99)/100), day(dt))
	}
	return t.bytes()
}
