package synth

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Table is one table of a department database of the default catalog: the source of
// the datasets whose source.format is postgres. Tables are not files: they are made
// by Tables and loaded into a throwaway PostgreSQL server (generator/internal/demodb)
// by `make run` and by the tests that need the demo's databases.
type Table struct {
	// Env is the connection variable (source.dsn_env) of the database it lives in.
	Env string
	// Schema and Name make the table's qualified name, Schema.Name.
	Schema, Name string
	// Columns are in table order, each with its PostgreSQL type; a table may have
	// columns no dataset selects, as real ones do.
	Columns []Column
	// Rows hold one value per column: string, int64, float64, bool, time.Time
	// (dates at midnight UTC; timestamps as instants), or nil for NULL. Values of a
	// numeric column are decimal strings, so they load exactly.
	Rows [][]any
}

// Column is a column of a Table.
type Column struct {
	Name string
	// Type is the PostgreSQL type as written in CREATE TABLE.
	Type string
}

// Database is the name of the database a table lives in: its connection variable
// without the SHUYUAN_PG_ prefix, lower-cased (SHUYUAN_PG_TRANSPORT → transport).
func (t Table) Database() string {
	return strings.ToLower(strings.TrimPrefix(t.Env, "SHUYUAN_PG_"))
}

// tableGenerators lists every table and the function that fills it.
var tableGenerators = []func() Table{
	weatherWarnings, xuhuiAddresses, jobVacancies, busRoutes, parkingLots, procurementContracts,
	taxiTrips, farmlandSubsidies, hotlineTickets, visitorFlow,
}

// Tables makes every table of the demo's department databases, sorted by database,
// schema and name. The result depends on nothing but this package's code.
func Tables() []Table {
	out := make([]Table, 0, len(tableGenerators))
	for _, g := range tableGenerators {
		out = append(out, g())
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Database()+"\x00"+a.Schema+"\x00"+a.Name < b.Database()+"\x00"+b.Schema+"\x00"+b.Name
	})
	return out
}

// beijing is the zone the departments' systems record times in.
var beijing = time.FixedZone("CST", 8*3600)

// at returns a Beijing time.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, beijing)
}

// numeric formats x for a numeric column with prec decimals.
func numeric(x float64, prec int) string { return decimal(x, prec) }

// weatherWarnings fills warning.signal: the warning signals of the Central
// Meteorological Observatory, January 2024 to October 2026.
func weatherWarnings() Table {
	r := newRNG("weather-warnings")
	t := Table{Env: "SHUYUAN_PG_METEOROLOGY", Schema: "warning", Name: "signal", Columns: []Column{
		{"signal_id", "bigint primary key"}, {"warning_type", "varchar(8) not null"}, {"level", "varchar(4)"},
		{"issued_at", "timestamptz not null"}, {"lifted_at", "timestamptz"}, {"areas", "text"}, {"advice", "text"},
		{"issuer", "text"},
	}}
	type kind struct {
		name   string
		levels []string
		months []time.Month // when it happens
		hours  [2]int       // how long it lasts
		advice string
	}
	all := []string{"蓝色", "黄色", "橙色", "红色"}
	kinds := []weighted[kind]{
		{kind{"暴雨", all, []time.Month{5, 6, 6, 7, 7, 8, 8, 9}, [2]int{3, 12}, "做好城市排涝，地铁、地下空间等低洼处做好防汛；减少出行，避开积水路段。"}, 25},
		{kind{"雷电", all[1:], []time.Month{5, 6, 7, 7, 8, 8, 9}, [2]int{2, 6}, "留在室内，关好门窗；户外人员不要在空旷处或大树下停留。"}, 22},
		{kind{"高温", all[1:], []time.Month{6, 7, 7, 8, 8}, [2]int{8, 14}, "避免午后高温时段户外活动，注意防暑降温，合理安排户外作业时间。"}, 18},
		{kind{"大风", all, []time.Month{1, 2, 3, 4, 10, 11, 12}, [2]int{6, 24}, "加固户外广告牌和临时搭建物，停止高空作业，海上船只回港避风。"}, 10},
		{kind{"台风", all, []time.Month{7, 8, 9}, [2]int{24, 60}, "做好防台准备，停止户外集体活动和高空作业，居民减少外出。"}, 6},
		{kind{"大雾", all[1:], []time.Month{1, 2, 3, 11, 12}, [2]int{3, 8}, "驾驶人员减速慢行，注意交通安全；机场、高速公路和轮渡注意运营安全。"}, 10},
		{kind{"寒潮", all, []time.Month{1, 2, 11, 12}, [2]int{24, 72}, "注意防寒保暖，做好水管、农作物和水产养殖的防冻工作。"}, 5},
		{kind{"霾", all[1:], []time.Month{1, 2, 12}, [2]int{6, 24}, "减少户外活动，外出佩戴口罩；易感人群留在室内。"}, 4},
	}
	areaSets := [][]string{{"全市"}, {"浦东新区", "奉贤区", "金山区"}, {"崇明区"}, {"青浦区", "松江区", "嘉定区"}, {"中心城区"}, {"闵行区", "徐汇区", "长宁区"}}
	for y := 2024; y <= 2026; y++ {
		for n := 0; n < 90; n++ {
			k := pickWeighted(r, kinds)
			m := pick(r, k.months)
			issued := at(y, m, r.between(1, 28), r.between(0, 23), pick(r, []int{0, 10, 20, 30, 40, 50}))
			if issued.After(at(2026, 10, 31, 16, 0)) {
				continue
			}
			level := k.levels[min(len(k.levels)-1, pickWeighted(r, []weighted[int]{{0, 55}, {1, 30}, {2, 12}, {3, 3}}))]
			lifted := any(issued.Add(time.Duration(r.between(k.hours[0], k.hours[1])) * time.Hour))
			if lifted.(time.Time).After(at(2026, 11, 1, 0, 0)) {
				lifted = nil // still in force
			}
			areas := "全市"
			if k.name != "高温" && k.name != "寒潮" {
				areas = strings.Join(pick(r, areaSets), "、")
			}
			t.Rows = append(t.Rows, []any{nil, k.name, level, issued, lifted, areas, k.advice, "上海中心气象台"})
		}
	}
	sort.SliceStable(t.Rows, func(i, j int) bool { return t.Rows[i][3].(time.Time).Before(t.Rows[j][3].(time.Time)) })
	for i, row := range t.Rows {
		row[0] = int64(2024000001 + i)
	}
	return t
}

// xuhuiRoads are real roads of Xuhui with the subdistrict most of their numbers lie in.
var xuhuiRoads = []struct{ road, subdistrict string }{
	{"漕溪北路", "徐家汇街道"}, {"肇嘉浜路", "斜土路街道"}, {"天钥桥路", "徐家汇街道"}, {"宜山路", "漕河泾街道"}, {"龙华中路", "龙华街道"},
	{"衡山路", "湖南路街道"}, {"永嘉路", "天平路街道"}, {"建国西路", "天平路街道"}, {"东安路", "枫林路街道"}, {"零陵路", "枫林路街道"},
	{"斜土路", "斜土路街道"}, {"南丹东路", "徐家汇街道"}, {"桂林路", "田林街道"}, {"田林路", "田林街道"}, {"虹梅路", "虹梅路街道"},
	{"钦州路", "凌云路街道"}, {"梅陇路", "凌云路街道"}, {"百色路", "长桥街道"}, {"龙吴路", "长桥街道"}, {"华泾路", "华泾镇"},
	{"康健路", "康健新村街道"}, {"老沪闵路", "康健新村街道"}, {"武康路", "湖南路街道"}, {"高安路", "湖南路街道"}, {"龙漕路", "龙华街道"},
}

// xuhuiAddresses fills address.standard: door addresses of Xuhui with coordinates.
func xuhuiAddresses() Table {
	r := newRNG("xuhui-standard-addresses")
	t := Table{Env: "SHUYUAN_PG_XUHUI", Schema: "address", Name: "standard", Columns: []Column{
		{"address_id", "varchar(20) primary key"}, {"address", "text not null unique"}, {"subdistrict", "varchar(16)"},
		{"committee", "varchar(32)"}, {"road", "varchar(32)"}, {"number", "varchar(32)"},
		{"lon", "double precision"}, {"lat", "double precision"}, {"verified_on", "date"},
	}}
	seen := map[string]bool{}
	for len(t.Rows) < 1400 {
		x := pick(r, xuhuiRoads)
		number := itoa(r.between(1, 1500)) + "号"
		if r.chance(0.35) {
			number = itoa(r.between(1, 900)) + "弄" + itoa(r.between(1, 60)) + "号"
		}
		address := "上海市徐汇区" + x.road + number
		if seen[address] {
			continue
		}
		seen[address] = true
		committee := pick(r, committeeNames) + pick(r, []string{"居委会", "第一居委会", "第二居委会", "新村居委会"})
		// Xuhui lies between about 121.40–121.48 E and 31.13–31.22 N
		lon := 121.40 + r.float()*0.08
		lat := 31.13 + r.float()*0.09
		t.Rows = append(t.Rows, []any{fmt.Sprintf("XH%08d", len(t.Rows)+1), address, x.subdistrict, committee, x.road, number,
			math.Round(lon*1e7) / 1e7, math.Round(lat*1e7) / 1e7, date(2020, 1, 1).AddDate(0, 0, r.intn(2130))})
	}
	return t
}

// jobVacancies fills jobs.vacancy: openings posted at public employment services.
func jobVacancies() Table {
	r := newRNG("job-vacancies")
	pool := companies()
	t := Table{Env: "SHUYUAN_PG_HRSS", Schema: "jobs", Name: "vacancy", Columns: []Column{
		{"vacancy_id", "bigint primary key"}, {"job_title", "varchar(64) not null"}, {"occupation_group", "varchar(32)"},
		{"openings", "integer"}, {"education_required", "varchar(16)"}, {"pay_min", "integer"}, {"pay_max", "integer"},
		{"district_code", "char(6)"}, {"posted_on", "date"}, {"employer_uscc", "char(18)"}, {"contact_person", "varchar(16)"},
	}}
	group := func(job string) (string, string, int) {
		switch {
		case strings.Contains(job, "工程师") || strings.Contains(job, "研究员") || strings.Contains(job, "设计师") || strings.Contains(job, "会计") || strings.Contains(job, "经理"):
			return "专业技术人员", pick(r, []string{"本科", "本科", "大专", "硕士研究生"}), r.between(8, 16) * 1000
		case strings.Contains(job, "行政") || strings.Contains(job, "专员") || strings.Contains(job, "编辑"):
			return "办事人员和有关人员", pick(r, []string{"大专", "本科"}), r.between(6, 10) * 1000
		case strings.Contains(job, "工") || strings.Contains(job, "员") && (strings.Contains(job, "装配") || strings.Contains(job, "质检")):
			return "生产制造及有关人员", pick(r, []string{"不限", "初中", "高中/中专"}), r.between(5, 9) * 1000
		}
		return "社会生产服务和生活服务人员", pick(r, []string{"不限", "高中/中专", "大专"}), r.between(5, 8) * 1000
	}
	for i := 1; i <= 800; i++ {
		c := pick(r, pool)
		job := pick(r, c.industry.occupations)
		g, edu, lo := group(job)
		hi := lo + r.between(1, 6)*1000
		t.Rows = append(t.Rows, []any{int64(i), job, g, int64(r.between(1, 10)), edu, int64(lo), int64(hi), c.district.code,
			date(2026, 8, 1).AddDate(0, 0, r.intn(92)), c.uscc, personName(r)})
	}
	return t
}

// busOperators run the bus routes, with the districts they serve.
var busOperators = []struct {
	name      string
	districts []string
}{
	{"上海巴士第一公交有限公司", []string{"310101", "310106", "310107", "310109"}},
	{"上海巴士第二公交有限公司", []string{"310104", "310105", "310112"}},
	{"上海巴士第三公交有限公司", []string{"310110", "310109", "310113"}},
	{"上海浦东杨高公交有限公司", []string{"310115"}},
	{"上海浦东上南公交有限公司", []string{"310115"}},
	{"上海闵行客运有限公司", []string{"310112"}},
	{"上海宝山巴士公共交通有限公司", []string{"310113"}},
	{"上海嘉定公共交通有限公司", []string{"310114"}},
	{"上海松江公共交通有限公司", []string{"310117"}},
	{"上海青浦公共交通有限公司", []string{"310118"}},
	{"上海奉贤巴士公共交通有限公司", []string{"310120"}},
	{"上海金山巴士公共交通有限公司", []string{"310116"}},
	{"上海崇明公共交通有限公司", []string{"310151"}},
}

// busRoutes fills bus.route: the city's bus routes.
func busRoutes() Table {
	r := newRNG("bus-routes")
	t := Table{Env: "SHUYUAN_PG_TRANSPORT", Schema: "bus", Name: "route", Columns: []Column{
		{"route_id", "integer primary key"}, {"route_name", "varchar(32) not null"}, {"start_stop", "varchar(64)"},
		{"end_stop", "varchar(64)"}, {"first_departure", "varchar(5)"}, {"last_departure", "varchar(5)"},
		{"fare_yuan", "numeric(4,1)"}, {"length_km", "numeric(5,1)"}, {"operator", "varchar(64)"}, {"air_conditioned", "boolean"},
	}}
	stop := func(d district) string {
		a, b := pick(r, d.roads), pick(r, d.roads)
		if a == b {
			return a + pick(r, []string{"枢纽站", "公交站", "总站"})
		}
		return a + strings.TrimSuffix(b, "路") + "路"
	}
	seen := map[string]bool{}
	for len(t.Rows) < 360 {
		op := pick(r, busOperators)
		d := districtByCode(pick(r, op.districts))
		var name string
		suburban := len(op.districts) == 1 && d.code != "310112"
		switch {
		case r.chance(0.06):
			name = "夜宵" + itoa(r.between(300, 330)) + "路"
		case suburban && r.chance(0.5):
			name = shortDistrict(d.zh) + itoa(r.between(1, 80)) + "路"
		default:
			name = itoa(r.between(1, 1250)) + "路"
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		first, last := fmt.Sprintf("%02d:%02d", r.between(5, 6), pick(r, []int{0, 15, 30, 45})), fmt.Sprintf("%02d:%02d", r.between(20, 23), pick(r, []int{0, 15, 30, 45}))
		if strings.HasPrefix(name, "夜宵") {
			first, last = "23:00", "04:30"
		}
		length := 4 + r.float()*24
		fare := 2.0
		switch {
		case length < 6 && r.chance(0.4):
			fare = 1
		case suburban && length > 20:
			fare = float64(r.between(3, 5))
		}
		t.Rows = append(t.Rows, []any{int64(len(t.Rows) + 1), name, stop(d), stop(d), first, last, numeric(fare, 1), numeric(length, 1), op.name, r.chance(0.97)})
	}
	return t
}

// parkingLots fills parking.public_lot: the registered public car parks.
func parkingLots() Table {
	r := newRNG("public-parking-lots")
	t := Table{Env: "SHUYUAN_PG_TRANSPORT", Schema: "parking", Name: "public_lot", Columns: []Column{
		{"lot_id", "varchar(16) primary key"}, {"lot_name", "varchar(64) not null"}, {"district_code", "char(6)"},
		{"address", "text"}, {"spaces", "integer"}, {"charge_rule", "text"}, {"opening_hours", "varchar(32)"},
		{"guidance_enabled", "boolean"},
	}}
	seen := map[string]bool{}
	for len(t.Rows) < 400 {
		d := pickWeighted(r, weightedDistricts())
		road := pick(r, d.roads)
		kind := pickWeighted(r, []weighted[string]{{"广场停车库", 30}, {"道路停车场", 25}, {"公共停车场", 25}, {"医院停车库", 8}, {"地铁站P+R停车场", 12}})
		name := road + trade(r) + kind
		if kind == "道路停车场" {
			name = road + "（" + itoa(r.between(1, 20)*50) + "号段）道路停车场"
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		central := d.weight < 55 && d.code != "310116" && d.code != "310151"
		first := r.between(5, 10)
		if central {
			first = r.between(10, 15)
		}
		rule := fmt.Sprintf("首小时%d元，之后每半小时%d元；夜间（22:00-次日8:00）每小时%d元", first, (first+1)/2, r.between(1, 3))
		if strings.Contains(kind, "P+R") {
			rule = "当日乘坐轨道交通的停车不超过24小时收费10元；其他按每小时5元"
		}
		spaces := r.between(30, 900)
		if kind == "道路停车场" {
			spaces = r.between(10, 80)
		}
		hours := "全天24小时"
		if kind == "道路停车场" {
			hours = "07:00-22:00"
		}
		t.Rows = append(t.Rows, []any{fmt.Sprintf("P%s%05d", d.code[4:], len(t.Rows)+1), name, d.code, siteAddress(r, d), int64(spaces), rule, hours, r.chance(0.8)})
	}
	return t
}

// procurementContracts fills gpc.contract: contracts signed through the government
// procurement cloud.
func procurementContracts() Table {
	r := newRNG("procurement-contracts")
	pool := companies()
	t := Table{Env: "SHUYUAN_PG_FINANCE", Schema: "gpc", Name: "contract", Columns: []Column{
		{"contract_no", "varchar(32) primary key"}, {"purchaser", "text not null"}, {"project", "text"}, {"method", "varchar(8)"},
		{"supplier", "text"}, {"supplier_uscc", "char(18)"}, {"amount_yuan", "numeric(14,2)"}, {"signed_on", "date"},
		{"published_on", "date"}, {"budget_code", "varchar(20)"},
	}}
	methods := []weighted[string]{{"公开招标", 45}, {"竞争性磋商", 20}, {"竞争性谈判", 8}, {"询价", 7}, {"单一来源", 5}, {"邀请招标", 2}, {"框架协议", 13}}
	for i := 1; i <= 700; i++ {
		it := pick(r, procurementItems)
		c := pickCompany(r, pool, it.industries)
		signed := date(2025, 11, 1).AddDate(0, 0, r.intn(365))
		published := signed.AddDate(0, 0, 1)
		for published.Weekday() == time.Saturday || published.Weekday() == time.Sunday {
			published = published.AddDate(0, 0, 1)
		}
		amount := float64(r.between(it.lo/100, it.hi/100)) * 100 * (0.85 + r.float()*0.14)
		t.Rows = append(t.Rows, []any{fmt.Sprintf("SHCG%s%05d", signed.Format("200601"), i), purchaser(r),
			fmt.Sprintf("%d年度%s", signed.Year(), it.project), pickWeighted(r, methods), c.name, c.uscc,
			numeric(amount, 2), signed, published, fmt.Sprintf("YS%d%08d", signed.Year(), r.intn(100000000))})
	}
	return t
}

// taxiPlate returns a Shanghai taxi plate: 沪B or 沪D and five characters, two of
// them letters at most, or a new-energy 沪BD and five digits.
func taxiPlate(r *rng) string {
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	if r.chance(0.4) {
		return fmt.Sprintf("沪BD%05d", r.intn(100000))
	}
	return fmt.Sprintf("沪%c%c%04d", "BD"[r.intn(2)], letters[r.intn(len(letters))], r.intn(10000))
}

// taxiTrips fills taxi.trip: street-hail trips in October 2026.
func taxiTrips() Table {
	r := newRNG("taxi-trips")
	t := Table{Env: "SHUYUAN_PG_TRANSPORT", Schema: "taxi", Name: "trip", Columns: []Column{
		{"trip_id", "bigint primary key"}, {"plate", "varchar(10) not null"}, {"pickup_district", "char(6)"},
		{"dropoff_district", "char(6)"}, {"pickup_time", "timestamptz not null"}, {"distance_km", "numeric(6,2)"},
		{"fare_yuan", "numeric(7,2)"}, {"payment", "varchar(8)"},
	}}
	plates := unique(350, func() string { return taxiPlate(r) })
	for i := 1; i <= 3000; i++ {
		from := pickWeighted(r, weightedDistricts())
		to := from
		if r.chance(0.45) {
			to = pickWeighted(r, weightedDistricts())
		}
		km := 1 + r.float()*9
		if to.code != from.code {
			km = 6 + r.float()*30
		}
		pickup := at(2026, 10, r.between(1, 31), pickWeighted(r, []weighted[int]{{7, 6}, {8, 9}, {9, 7}, {12, 5}, {14, 5}, {17, 8}, {18, 9}, {20, 6}, {22, 4}, {1, 1}}), r.intn(60)).Add(time.Duration(r.intn(60)) * time.Second)
		// 16 yuan for the first 3 km, 2.7 per km to 15 km, 4.1 beyond; 30% more at night
		fare := 16.0
		if km > 3 {
			fare += 2.7 * math.Min(km-3, 12)
		}
		if km > 15 {
			fare += 4.1 * (km - 15)
		}
		if h := pickup.Hour(); h >= 23 || h < 5 {
			fare *= 1.3
		}
		t.Rows = append(t.Rows, []any{int64(i), pick(r, plates), from.code, to.code, pickup, numeric(km, 2), numeric(math.Round(fare), 2),
			pickWeighted(r, []weighted[string]{{"移动支付", 80}, {"交通卡", 12}, {"现金", 8}})})
	}
	return t
}

// farmlandSubsidies fills subsidy.farmland: the 2025 farmland protection subsidies per
// contracting household.
func farmlandSubsidies() Table {
	r := newRNG("farmland-protection-subsidies")
	t := Table{Env: "SHUYUAN_PG_AGRICULTURE", Schema: "subsidy", Name: "farmland", Columns: []Column{
		{"payment_id", "bigint primary key"}, {"household_id", "char(18) not null"}, {"household_name", "varchar(16)"},
		{"district_code", "char(6)"}, {"town", "varchar(16)"}, {"area_mu", "numeric(8,2)"}, {"rate_yuan", "numeric(6,2)"},
		{"amount_yuan", "numeric(10,2)"}, {"year", "smallint"}, {"bank_account_tail", "char(4)"},
	}}
	for i := 1; i <= 1500; i++ {
		code := pickWeighted(r, farmDistricts)
		p := newPerson(r, districtByCode(code), 1945, 1985)
		area := 0.8 + r.float()*r.float()*45
		rate := 125.0
		if code == "310151" {
			rate = 105
		}
		t.Rows = append(t.Rows, []any{int64(i), p.id, p.name, code, pick(r, farmTowns[code]), numeric(area, 2), numeric(rate, 2),
			numeric(area*rate, 2), int64(2025), fmt.Sprintf("%04d", r.intn(10000))})
	}
	return t
}

// hotlineCategory is a kind of 12345 request with the department that handles it and
// what callers say.
type hotlineCategory struct {
	name, department string
	texts            []string
}

var hotlineCategories = []weighted[hotlineCategory]{
	{hotlineCategory{"市容环境", "城市管理行政执法局", []string{"小区门口垃圾堆放多日无人清运，请尽快处理。", "路边共享单车乱停放，影响通行。", "夜间施工扬尘严重，请督促整改。"}}, 20},
	{hotlineCategory{"噪声扰民", "生态环境局", []string{"附近工地夜间施工噪声很大，影响休息。", "楼下商铺音响声音过大，多次沟通无果。"}}, 12},
	{hotlineCategory{"住房物业", "房屋管理局", []string{"小区电梯经常故障，物业不及时维修。", "楼顶漏水，物业推诿不处理。", "小区停车收费标准不透明。"}}, 18},
	{hotlineCategory{"交通出行", "交通委员会", []string{"公交站台候车时间过长，建议增加班次。", "路口信号灯时长不合理，早高峰拥堵。"}}, 12},
	{hotlineCategory{"劳动社保", "人力资源和社会保障局", []string{"公司拖欠三个月工资，请求帮助。", "咨询灵活就业人员社保缴费办法。"}}, 10},
	{hotlineCategory{"市场监管", "市场监督管理局", []string{"网购商品与描述不符，商家拒绝退货。", "超市销售过期食品，请查处。"}}, 14},
	{hotlineCategory{"公共设施", "绿化和市容管理局", []string{"公园健身器材损坏，存在安全隐患。", "人行道树木倒伏，请及时处理。"}}, 8},
	{hotlineCategory{"医疗卫生", "卫生健康委员会", []string{"社区卫生服务中心预约挂号困难。", "咨询疫苗接种时间和地点。"}}, 6},
}

// hotlineTickets fills hotline.ticket: 12345 requests from August to October 2026.
func hotlineTickets() Table {
	r := newRNG("hotline-12345-tickets")
	t := Table{Env: "SHUYUAN_PG_CITY_OPERATIONS", Schema: "hotline", Name: "ticket", Columns: []Column{
		{"ticket_no", "varchar(20) primary key"}, {"caller", "varchar(11) not null"}, {"caller_name", "varchar(16)"},
		{"received_at", "timestamptz not null"}, {"district_code", "char(6)"}, {"address", "text"}, {"category", "varchar(8)"},
		{"request_text", "text"}, {"department", "text"}, {"days_to_close", "integer"}, {"satisfaction", "varchar(4)"},
	}}
	type caller struct {
		mobile, name string
		home         district
	}
	callers := make([]caller, 1600)
	for i := range callers {
		d := pickWeighted(r, weightedDistricts())
		callers[i] = caller{mobile(r), personName(r), d}
	}
	for i := 1; i <= 2600; i++ {
		c := callers[min(r.intn(len(callers)), r.intn(len(callers)))] // some call often
		d := c.home
		if r.chance(0.15) {
			d = pickWeighted(r, weightedDistricts())
		}
		cat := pickWeighted(r, hotlineCategories)
		received := at(2026, time.Month(r.between(8, 10)), r.between(1, 30), r.between(7, 21), r.intn(60))
		address := personAddress(r, d)
		days := int64(r.between(0, 3) + r.intn(2)*r.between(0, 15))
		satisfaction := pickWeighted(r, []weighted[string]{{"满意", 62}, {"基本满意", 20}, {"不满意", 8}, {"未评价", 10}})
		t.Rows = append(t.Rows, []any{fmt.Sprintf("GD%s%06d", received.Format("20060102"), i), c.mobile, c.name, received, d.code, address,
			cat.name, "反映" + address + "：" + pick(r, cat.texts), "上海市" + d.zh + cat.department, days, satisfaction})
	}
	return t
}

// visitorFlow fills tourism.visitor_flow_hourly: visitors at the largest attractions
// hour by hour in the last week of October 2026.
func visitorFlow() Table {
	r := newRNG("scenic-spot-visitor-flow")
	t := Table{Env: "SHUYUAN_PG_CULTURE_TOURISM", Schema: "tourism", Name: "visitor_flow_hourly", Columns: []Column{
		{"attraction", "varchar(64) not null"}, {"hour", "timestamptz not null"}, {"visitors_inside", "integer"},
		{"arrivals", "integer"}, {"capacity", "integer"}, {"gate_count", "smallint"},
	}}
	var spots []scenicSpot
	for _, s := range scenicSpots() {
		if s.grade == "AAAAA" || s.grade == "AAAA" && len(spots) < 10 {
			spots = append(spots, s)
		}
	}
	for _, s := range spots {
		for dd := 25; dd <= 31; dd++ {
			weekend := at(2026, 10, dd, 0, 0).Weekday() == time.Saturday || at(2026, 10, dd, 0, 0).Weekday() == time.Sunday
			peak := float64(s.capacity) * (0.25 + r.float()*0.2)
			if weekend {
				peak *= 1.6
			}
			inside := 0.0
			for h := 8; h <= 21; h++ {
				// arrivals peak in the late morning, visitors stay about three hours
				arrivals := peak * 0.45 * math.Exp(-math.Pow(float64(h)-10.5, 2)/6) * (0.9 + r.float()*0.2)
				inside = inside*0.67 + arrivals
				t.Rows = append(t.Rows, []any{s.name, at(2026, 10, dd, h, 0), int64(math.Min(inside, float64(s.capacity))), int64(arrivals), int64(s.capacity), int64(r.between(4, 16))})
			}
		}
	}
	return t
}
