package synth

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// This file writes the registers (名录) among the default catalog's sources: places and
// organisations with their codes, addresses and attributes.

// landline returns a Shanghai fixed-line number, 021 and eight digits.
func landline(r *rng) string {
	return fmt.Sprintf("021-%d%07d", r.between(5, 6), r.intn(10000000))
}

// shortDistrict is a district's name without 区 (or 新区): 浦东新区 → 浦东.
func shortDistrict(zh string) string {
	return strings.TrimSuffix(strings.TrimSuffix(zh, "新区"), "区")
}

// decimal formats x with prec digits after the point.
func decimal(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }

// flag formats a boolean as the source systems export it.
func flag(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// trade returns an invented two-character trade name (字号).
func trade(r *rng) string { return pick(r, tradeChars) + pick(r, tradeChars) }

// unique draws names from gen until it has n distinct ones, in order of drawing.
func unique(n int, gen func() string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for tries := 0; len(out) < n && tries < 100*n; tries++ {
		s := gen()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// administrativeDivisions writes Shanghai and its sixteen districts (GB/T 2260).
func administrativeDivisions() ([]byte, error) {
	t := newTable(false, "code", "name_zh", "name_en", "short_name", "seat", "changed_on")
	t.row("310000", "上海市", "Shanghai", "沪", "黄浦区", "2016-07-22")
	changed := map[string]string{
		"310101": "2011-06-08", "310104": "1984-11-01", "310105": "1984-11-01", "310106": "2015-11-04",
		"310107": "1984-11-01", "310109": "1984-11-01", "310110": "1984-11-01", "310112": "1992-09-26",
		"310113": "1988-01-01", "310114": "1992-10-11", "310115": "2009-05-06", "310116": "1997-05-22",
		"310117": "1998-02-27", "310118": "1999-09-16", "310120": "2001-01-09", "310151": "2016-07-22",
	}
	for _, d := range districts {
		en := d.en + " District"
		if d.code == "310115" {
			en = "Pudong New Area"
		}
		t.row(d.code, d.zh, en, shortDistrict(d.zh), districtSeat[d.code], changed[d.code])
	}
	return t.bytes()
}

// scenicSpot is an A-level tourist attraction.
type scenicSpot struct {
	name, grade, district string
	ticket                int // yuan, 0 when free
	capacity              int // most visitors inside at once
}

// scenicSpots are the A-level attractions: real names where they are well known,
// invented ones for the rest.
func scenicSpots() []scenicSpot {
	spots := []scenicSpot{
		{"东方明珠广播电视塔", "AAAAA", "310115", 199, 6000}, {"上海野生动物园", "AAAAA", "310115", 165, 30000},
		{"上海科技馆", "AAAAA", "310115", 45, 12000}, {"中共一大纪念馆", "AAAAA", "310101", 0, 3000},
		{"上海豫园", "AAAA", "310101", 40, 8000}, {"上海博物馆", "AAAA", "310101", 0, 6000},
		{"朱家角古镇", "AAAA", "310118", 0, 40000}, {"上海辰山植物园", "AAAA", "310117", 60, 25000},
		{"上海动物园", "AAAA", "310105", 40, 20000}, {"上海海洋水族馆", "AAAA", "310115", 170, 5000},
		{"七宝古镇", "AAAA", "310112", 0, 30000}, {"上海欢乐谷", "AAAA", "310117", 230, 25000},
		{"上海植物园", "AAAA", "310104", 15, 15000}, {"枫泾古镇", "AAAA", "310116", 0, 30000},
		{"东平国家森林公园", "AAAA", "310151", 70, 20000}, {"上海共青森林公园", "AAAA", "310110", 15, 18000},
		{"上海中国航海博物馆", "AAAA", "310115", 50, 4000}, {"上海城市规划展示馆", "AAA", "310101", 30, 2500},
		{"龙华烈士陵园", "AAAA", "310104", 0, 8000}, {"上海鲁迅纪念馆", "AAA", "310109", 0, 2000},
		{"宋庆龄故居纪念馆", "AAAA", "310104", 20, 1500}, {"上海月湖雕塑公园", "AAAA", "310117", 120, 10000},
		{"佘山国家森林公园", "AAAA", "310117", 30, 20000}, {"新场古镇", "AAAA", "310115", 0, 20000},
		{"金山城市沙滩", "AAAA", "310116", 0, 20000}, {"上海汽车博览公园", "AAAA", "310114", 50, 8000},
	}
	r := newRNG("scenic-spots")
	kinds := []string{"生态园", "农业园", "湿地公园", "文化园", "民俗村", "纪念馆", "博物馆", "郊野公园"}
	grades := []weighted[string]{{"AAA", 55}, {"AA", 30}, {"A", 5}, {"AAAA", 10}}
	seen := map[string]bool{}
	for _, s := range spots {
		seen[s.name] = true
	}
	for len(spots) < 120 {
		d := pickWeighted(r, weightedDistricts())
		town := pick(r, subdistricts[d.code])
		name := strings.TrimSuffix(strings.TrimSuffix(town, "街道"), "镇") + trade(r)[:3] + pick(r, kinds)
		if seen[name] {
			continue
		}
		seen[name] = true
		ticket := 0
		if r.chance(0.6) {
			ticket = pick(r, []int{10, 15, 20, 30, 40, 50, 60, 80})
		}
		spots = append(spots, scenicSpot{name, pickWeighted(r, grades), d.code, ticket, r.between(10, 80) * 100})
	}
	return spots
}

// aLevelScenicSpots writes the A-level attractions.
func aLevelScenicSpots() ([]byte, error) {
	r := newRNG("a-level-scenic-spots")
	t := newTable(false, "name", "grade", "district_code", "address", "opening_hours", "ticket_yuan", "enquiry_line")
	hours := []string{"08:30-17:00（16:30停止入园）", "09:00-17:00（16:00停止入园）", "09:00-21:00", "全天开放", "08:00-17:30（周一闭园，法定节假日除外）"}
	for _, s := range scenicSpots() {
		h := pick(r, hours)
		if s.grade == "AAAAA" {
			h = "09:00-21:00（20:30停止售票）"
		}
		t.row(s.name, s.grade, s.district, siteAddress(r, districtByCode(s.district)), h, itoa(s.ticket), landline(r))
	}
	return t.bytes()
}

// publicCulturalVenues writes libraries, museums, galleries and cultural centres.
func publicCulturalVenues() ([]byte, error) {
	r := newRNG("public-cultural-venues")
	t := newTable(false, "venue_name", "venue_type", "district_code", "address", "opening_hours", "free_admission", "booking")
	bookings := []weighted[string]{{"无需预约", 40}, {"“随申办”预约", 25}, {"微信公众号预约", 25}, {"电话预约", 10}}
	for _, d := range districts {
		t.row(d.zh+"图书馆", "公共图书馆", d.code, siteAddress(r, d), "09:00-20:30（周一闭馆）", "true", "无需预约")
		t.row(d.zh+"文化馆", "文化馆", d.code, siteAddress(r, d), "08:30-21:00", "true", pickWeighted(r, bookings))
		if r.chance(0.7) {
			t.row(d.zh+"博物馆", "博物馆", d.code, siteAddress(r, d), "09:00-17:00（16:00停止入馆，周一闭馆）", "true", "“随申办”预约")
		}
		for _, s := range subdistricts[d.code] {
			if r.chance(0.35) {
				continue
			}
			t.row(s+"社区文化活动中心", "社区文化活动中心", d.code, siteAddress(r, d), "08:30-20:30", "true", pickWeighted(r, bookings))
		}
	}
	for i := 0; i < 40; i++ {
		d := pickWeighted(r, weightedDistricts())
		kind, suffix := "美术馆", pick(r, []string{"美术馆", "艺术馆", "当代艺术中心"})
		if r.chance(0.5) {
			kind, suffix = "博物馆", pick(r, []string{"博物馆", "纪念馆", "陈列馆"})
		}
		free := r.chance(0.6)
		t.row("上海"+trade(r)+suffix, kind, d.code, siteAddress(r, d), "10:00-18:00（17:30停止入馆，周一闭馆）", flag(free), pickWeighted(r, bookings))
	}
	return t.bytes()
}

// starRatedHotels writes the star-rated hotels.
func starRatedHotels() ([]byte, error) {
	r := newRNG("star-rated-hotels")
	t := newTable(false, "hotel_name", "stars", "district_code", "address", "rooms", "rated_on")
	suffixes := map[int][]string{5: {"大酒店", "国际酒店", "万豪酒店", "洲际酒店"}, 4: {"大酒店", "宾馆", "国际饭店"}, 3: {"宾馆", "饭店", "酒店"}, 2: {"宾馆", "旅社"}}
	stars := []weighted[int]{{5, 25}, {4, 30}, {3, 35}, {2, 10}}
	names := map[string]bool{}
	for n := 0; n < 180; {
		d := pickWeighted(r, weightedDistricts())
		s := pickWeighted(r, stars)
		name := "上海" + trade(r) + pick(r, suffixes[s])
		if names[name] {
			continue
		}
		names[name] = true
		n++
		rooms := map[int][2]int{5: {250, 800}, 4: {150, 450}, 3: {60, 220}, 2: {30, 90}}[s]
		t.row(name, itoa(s), d.code, siteAddress(r, d), itoa(r.between(rooms[0], rooms[1])),
			day(date(r.between(2010, 2026), 1, 1).AddDate(0, 0, r.intn(270))))
	}
	return t.bytes()
}

// schoolDirectory writes kindergartens, schools, vocational and special schools.
func schoolDirectory() ([]byte, error) {
	r := newRNG("school-directory")
	t := newTable(false, "school_name", "school_type", "ownership", "stages", "district_code", "address")
	type kind struct{ typ, stages, suffix string }
	kinds := []weighted[kind]{
		{kind{"幼儿园", "学前教育", "幼儿园"}, 40}, {kind{"小学", "小学", "小学"}, 25},
		{kind{"初级中学", "初中", "初级中学"}, 10}, {kind{"九年一贯制学校", "小学、初中", "实验学校"}, 7},
		{kind{"完全中学", "初中、高中", "中学"}, 6}, {kind{"高级中学", "高中", "高级中学"}, 6},
		{kind{"中等职业学校", "中职", "职业技术学校"}, 4}, {kind{"特殊教育学校", "特殊教育", "特殊教育学校"}, 2},
	}
	seen := map[string]bool{}
	for n := 0; n < 420; {
		d := pickWeighted(r, weightedDistricts())
		k := pickWeighted(r, kinds)
		private := k.typ == "幼儿园" && r.chance(0.3) || k.typ != "特殊教育学校" && r.chance(0.08)
		road := strings.TrimSuffix(pick(r, d.roads), "路")
		var name string
		switch {
		case private:
			name = "上海" + trade(r) + map[bool]string{true: "双语", false: ""}[r.chance(0.4)] + k.suffix
		case k.typ == "特殊教育学校":
			name = "上海市" + d.zh + k.suffix
		case r.chance(0.4):
			name = "上海市" + d.zh + road + k.suffix
		default:
			name = "上海市" + strings.TrimSuffix(strings.TrimSuffix(pick(r, subdistricts[d.code]), "街道"), "镇") + pick(r, []string{"第一", "第二", "第三", "实验", "中心"}) + k.suffix
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		n++
		owner := "公办"
		if private {
			owner = "民办"
		}
		t.row(name, k.typ, owner, k.stages, d.code, siteAddress(r, d))
	}
	return t.bytes()
}

// emergencyShelters writes the emergency shelters (应急避难场所).
func emergencyShelters() ([]byte, error) {
	r := newRNG("emergency-shelters")
	t := newTable(false, "shelter_name", "shelter_type", "shelter_class", "district_code", "address", "area_m2", "capacity", "facilities")
	for n := 0; n < 160; n++ {
		d := pickWeighted(r, weightedDistricts())
		place := strings.TrimSuffix(strings.TrimSuffix(pick(r, subdistricts[d.code]), "街道"), "镇")
		indoor := r.chance(0.55)
		var name, typ, class, facilities string
		var area float64
		if indoor {
			name, typ = place+pick(r, []string{"中学", "小学", "社区文化活动中心", "体育馆"})+"应急避难场所", "室内"
			class = pickWeighted(r, []weighted[string]{{"Ⅱ类", 30}, {"Ⅲ类", 70}})
			area = float64(r.between(8, 60) * 50)
			facilities = "应急供水；应急供电；应急厕所；应急广播；应急物资储备；医疗救护点"
		} else {
			name, typ = place+pick(r, []string{"公园", "绿地", "体育公园"})+"应急避难场所", "室外"
			class = pickWeighted(r, []weighted[string]{{"Ⅰ类", 15}, {"Ⅱ类", 45}, {"Ⅲ类", 40}})
			area = float64(r.between(20, 400) * 100)
			facilities = "应急供水；应急供电；应急厕所；应急广播；应急标志；应急停机坪"
			if class != "Ⅰ类" {
				facilities = "应急供水；应急供电；应急厕所；应急广播；应急标志"
			}
		}
		perPerson := 2.0
		if indoor {
			perPerson = 1.5
		}
		t.row(name, typ, class, d.code, siteAddress(r, d), decimal(area, 0), itoa(int(area/perPerson)), facilities)
	}
	return t.bytes()
}

// parks writes the city's parks.
func parks() ([]byte, error) {
	r := newRNG("parks")
	t := newTable(false, "park_name", "park_type", "district_code", "address", "area_ha", "opening_hours", "open_24h")
	types := []weighted[string]{{"社区公园", 45}, {"口袋公园", 20}, {"综合公园", 15}, {"专类公园", 12}, {"郊野公园", 3}, {"体育公园", 5}}
	seen := map[string]bool{}
	for n := 0; n < 380; {
		d := pickWeighted(r, weightedDistricts())
		typ := pickWeighted(r, types)
		base := strings.TrimSuffix(strings.TrimSuffix(pick(r, subdistricts[d.code]), "街道"), "镇")
		if typ == "口袋公园" || typ == "社区公园" && r.chance(0.5) {
			base = pick(r, d.roads) // 宜山路口袋公园, 宜山路绿地
		}
		name := base + map[string]string{"社区公园": pick(r, []string{"公园", "绿地", "街心花园"}), "口袋公园": "口袋公园", "综合公园": "中央公园", "专类公园": pick(r, []string{"植物园", "雕塑公园", "月季园", "湿地公园"}), "郊野公园": "郊野公园", "体育公园": "体育公园"}[typ]
		if seen[name] {
			continue
		}
		seen[name] = true
		n++
		area := map[string][2]int{"社区公园": {5, 80}, "口袋公园": {1, 9}, "综合公园": {100, 600}, "专类公园": {30, 300}, "郊野公园": {2000, 9000}, "体育公园": {20, 150}}[typ]
		open24 := typ == "口袋公园" || typ == "社区公园" && r.chance(0.6) || typ == "体育公园" && r.chance(0.3)
		hours := "全天开放"
		if !open24 {
			hours = pick(r, []string{"05:00-22:00", "06:00-21:00", "06:00-18:00（7-9月延长至21:00）"})
		}
		t.row(name, typ, d.code, siteAddress(r, d), decimal(float64(r.between(area[0], area[1]))/10, 2), hours, flag(open24))
	}
	return t.bytes()
}

// hospital is a medical institution of the register.
type hospital struct {
	name, category, grade, ownership, district string
	beds                                       int
}

// medicalInstitutionList invents the medical institutions shared by the register, the
// physician statistics and the list of designated institutions.
func medicalInstitutionList() []hospital {
	r := newRNG("medical-institutions")
	var out []hospital
	seen := map[string]bool{}
	add := func(h hospital) {
		if !seen[h.name] {
			seen[h.name] = true
			out = append(out, h)
		}
	}
	for _, d := range districts {
		add(hospital{"上海市" + d.zh + "中心医院", "综合医院", "二级甲等", "非营利性", d.code, r.between(500, 1200)})
		add(hospital{"上海市" + d.zh + "中医医院", "中医医院", "二级甲等", "非营利性", d.code, r.between(200, 500)})
		add(hospital{"上海市" + d.zh + "妇幼保健院", "妇幼保健院", "二级甲等", "非营利性", d.code, r.between(100, 300)})
		for _, s := range subdistricts[d.code] {
			add(hospital{"上海市" + d.zh + s + "社区卫生服务中心", "社区卫生服务中心", "一级", "非营利性", d.code, r.between(0, 6) * 10})
		}
	}
	for i := 0; i < 30; i++ {
		d := pickWeighted(r, weightedDistricts())
		add(hospital{"上海市第" + []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}[i%10] + pick(r, []string{"人民医院", "医院"}) + pick(r, []string{"", "分院"}),
			"综合医院", pick(r, []string{"三级甲等", "三级甲等", "三级乙等"}), "非营利性", d.code, r.between(800, 2500)})
	}
	for i := 0; i < 180; i++ {
		d := pickWeighted(r, weightedDistricts())
		switch k := r.intn(3); k {
		case 0:
			add(hospital{"上海" + trade(r) + pick(r, []string{"医院", "骨科医院", "眼科医院", "妇产医院", "康复医院"}), "专科医院", pick(r, []string{"二级乙等", "一级", "未定级"}), "营利性", d.code, r.between(20, 300)})
		case 1:
			add(hospital{"上海" + trade(r) + pick(r, []string{"门诊部", "口腔门诊部", "中医门诊部"}), "门诊部", "未定级", "营利性", d.code, 0})
		default:
			add(hospital{"上海" + trade(r) + pick(r, []string{"诊所", "口腔诊所", "中医诊所"}), "诊所", "未定级", "营利性", d.code, 0})
		}
	}
	return out
}

// medicalInstitutions writes the register of medical institutions.
func medicalInstitutions() ([]byte, error) {
	r := newRNG("medical-institutions-register")
	t := newTable(false, "name", "category", "grade", "ownership", "district_code", "address", "beds", "departments")
	depts := map[string]string{
		"综合医院":     "内科；外科；妇产科；儿科；眼科；耳鼻咽喉科；口腔科；皮肤科；急诊医学科；康复医学科；医学检验科；医学影像科；中医科",
		"中医医院":     "中医科；中西医结合科；针灸科；推拿科；康复医学科；医学检验科；医学影像科",
		"妇幼保健院":    "妇产科；儿科；妇女保健科；儿童保健科；医学检验科；医学影像科",
		"社区卫生服务中心": "全科医疗科；中医科；康复医学科；预防保健科；口腔科；医学检验科",
		"专科医院":     "外科；康复医学科；医学检验科；医学影像科",
		"门诊部":      "内科；外科；口腔科；中医科；医学检验科",
		"诊所":       "全科医疗科",
	}
	for _, h := range medicalInstitutionList() {
		t.row(h.name, h.category, h.grade, h.ownership, h.district, siteAddress(r, districtByCode(h.district)), itoa(h.beds), depts[h.category])
	}
	return t.bytes()
}

// designatedMedicalInstitutions writes the providers designated by medical insurance.
func designatedMedicalInstitutions() ([]byte, error) {
	r := newRNG("designated-medical-institutions")
	t := newTable(false, "provider_name", "provider_type", "district_code", "address", "agreement_start", "agreement_end", "cross_province_settlement")
	for _, h := range medicalInstitutionList() {
		if h.category == "诊所" && r.chance(0.6) {
			continue
		}
		start := date(pick(r, []int{2024, 2025, 2026}), 1, 1)
		t.row(h.name, "医疗机构", h.district, siteAddress(r, districtByCode(h.district)), day(start), day(start.AddDate(3, 0, -1)),
			flag(h.category != "诊所" && h.category != "门诊部" || r.chance(0.3)))
	}
	chains := []string{"上海华氏大药房", "上海雷允上药业", "上海第一医药", "上海余天成药业", "上海益丰大药房", "上海国大药房"}
	for i := 0; i < 220; i++ {
		d := pickWeighted(r, weightedDistricts())
		start := date(pick(r, []int{2024, 2025, 2026}), time.Month(r.between(1, 12)), 1)
		t.row(pick(r, chains)+strings.TrimSuffix(pick(r, d.roads), "路")+itoa(r.between(1, 9))+"号店", "零售药店", d.code, siteAddress(r, d),
			day(start), day(start.AddDate(3, 0, -1)), flag(r.chance(0.7)))
	}
	return t.bytes()
}

// heritageBuildings writes Huangpu's protected historic buildings.
func heritageBuildings() ([]byte, error) {
	r := newRNG("huangpu-heritage-buildings")
	t := newTable(false, "building_name", "protection_class", "built", "style", "architect", "address", "open_to_public")
	known := []struct{ name, class, built, style, architect, address string }{
		{"和平饭店北楼", "上海市优秀历史建筑（一类）", "1929年", "装饰艺术派", "公和洋行", "上海市黄浦区南京东路20号"},
		{"上海海关大楼", "上海市优秀历史建筑（一类）", "1927年", "新古典主义", "公和洋行", "上海市黄浦区中山东一路13号"},
		{"原汇丰银行大楼", "上海市优秀历史建筑（一类）", "1923年", "新古典主义", "公和洋行", "上海市黄浦区中山东一路12号"},
		{"外滩源33号", "上海市优秀历史建筑（一类）", "1873年", "券廊式", "英国领事馆工务部", "上海市黄浦区中山东一路33号"},
		{"上海大世界", "上海市优秀历史建筑（二类）", "1917年", "折衷主义", "周惠南", "上海市黄浦区西藏南路1号"},
		{"国际饭店", "上海市优秀历史建筑（一类）", "1934年", "装饰艺术派", "邬达克", "上海市黄浦区南京西路170号"},
		{"大光明电影院", "上海市优秀历史建筑（二类）", "1933年", "装饰艺术派", "邬达克", "上海市黄浦区南京西路216号"},
		{"上海音乐厅", "上海市优秀历史建筑（二类）", "1930年", "新古典主义", "范文照、赵深", "上海市黄浦区延安东路523号"},
		{"中共一大会址", "全国重点文物保护单位", "1920年", "石库门里弄", "不详", "上海市黄浦区兴业路76号"},
		{"沙逊大厦", "上海市优秀历史建筑（一类）", "1929年", "装饰艺术派", "公和洋行", "上海市黄浦区南京东路20号"},
	}
	for _, k := range known {
		t.row(k.name, k.class, k.built, k.style, k.architect, k.address, "true")
	}
	huangpu := districtByCode("310101")
	roads := append([]string{"延安东路", "北京东路", "四川中路", "江西中路", "福州路", "金陵东路", "复兴东路", "思南路", "建国中路", "茂名南路"}, huangpu.roads...)
	styles := []weighted[string]{{"石库门里弄", 35}, {"新式里弄", 15}, {"新古典主义", 15}, {"装饰艺术派", 15}, {"折衷主义", 10}, {"花园住宅", 10}}
	firms := []string{"公和洋行", "通和洋行", "马海洋行", "德和洋行", "新瑞和洋行", "哈沙德洋行", "华盖建筑事务所", "基泰工程司", "不详", "不详"}
	classes := []weighted[string]{{"上海市优秀历史建筑（二类）", 20}, {"上海市优秀历史建筑（三类）", 35}, {"上海市优秀历史建筑（四类）", 25}, {"黄浦区文物保护单位", 20}}
	names := unique(130, func() string {
		return pick(r, tradeChars) + pick(r, []string{"德", "安", "兴", "庆", "福", "裕", "康", "明"}) + pick(r, []string{"里", "坊", "邨", "大楼", "公寓"})
	})
	for _, name := range names {
		style := pickWeighted(r, styles)
		year := r.between(1900, 1940)
		built := itoa(year) + "年"
		if r.chance(0.3) {
			built = itoa(year/10*10) + "年代"
		}
		architect := pick(r, firms)
		if strings.Contains(style, "里弄") {
			architect = "不详"
		}
		t.row(name, pickWeighted(r, classes), built, style, architect,
			"上海市黄浦区"+pick(r, roads)+itoa(r.between(1, 600))+"号", flag(r.chance(0.2)))
	}
	return t.bytes()
}

// jinganMealServicePoints writes Jing'an's canteens and meal points for older people.
func jinganMealServicePoints() ([]byte, error) {
	r := newRNG("jingan-meal-service-points")
	t := newTable(false, "point_name", "address", "subdistrict", "service_mode", "meal_times", "subsidy_yuan")
	jingan := districtByCode("310106")
	for _, s := range subdistricts["310106"] {
		place := strings.TrimSuffix(strings.TrimSuffix(s, "街道"), "镇")
		t.row(place+"社区长者食堂", siteAddress(r, jingan), s, "堂吃、送餐", "午餐 10:30-12:30；晚餐 16:30-18:00", "5")
		for i := r.between(3, 6); i > 0; i-- {
			mode := pickWeighted(r, []weighted[string]{{"堂吃", 40}, {"送餐", 25}, {"堂吃、送餐", 35}})
			t.row(place+committeeNames[r.intn(len(committeeNames))]+"睦邻点助餐点", siteAddress(r, jingan), s, mode,
				pick(r, []string{"午餐 11:00-12:30", "午餐 10:45-12:15", "午餐 11:00-12:30；晚餐 17:00-18:00"}), pick(r, []string{"3", "5", "5", "8"}))
		}
	}
	return t.bytes()
}

// minhangEVChargingStations writes Minhang's public charging stations.
func minhangEVChargingStations() ([]byte, error) {
	r := newRNG("minhang-ev-charging-stations")
	t := newTable(false, "site_name", "address", "fast_chargers", "slow_chargers", "operator", "price_note")
	operators := []string{"特来电新能源股份有限公司", "万帮数字能源股份有限公司", "国网上海电动汽车服务有限公司", "上海蔚来能源科技有限公司", "上海挚达科技发展股份有限公司", "上海普天能源科技有限公司"}
	minhang := districtByCode("310112")
	roads := append([]string{"虹井路", "吴中路", "龙柏路", "剑川路", "沪闵路", "金都路", "万源路", "联航路"}, minhang.roads...)
	type site struct{ name, road string }
	var sites []site
	seen := map[string]bool{}
	for len(sites) < 190 {
		road := pick(r, roads)
		n := strings.TrimSuffix(strings.TrimSuffix(pick(r, subdistricts["310112"]), "镇"), "街道") + road + pick(r, []string{"公共充电站", "充电站", "超级充电站", "停车场充电站"})
		if !seen[n] {
			seen[n] = true
			sites = append(sites, site{n, road})
		}
	}
	for _, st := range sites {
		fast := r.between(0, 12)
		slow := r.between(0, 20)
		if fast+slow == 0 {
			fast = 2
		}
		t.row(st.name, "上海市闵行区"+st.road+itoa(r.between(1, 2000))+"号", itoa(fast), itoa(slow), pick(r, operators),
			fmt.Sprintf("电费按峰谷分时%.2f-%.2f元/度，服务费%.1f元/度；停车前2小时免费", 0.3+r.float()*0.3, 1.0+r.float()*0.4, 0.6+float64(r.intn(5))/10))
	}
	return t.bytes()
}

// vocationalTrainingInstitutions writes the private vocational training schools.
func vocationalTrainingInstitutions() ([]byte, error) {
	r := newRNG("vocational-training-institutions")
	t := newTable(false, "institution_name", "uscc", "occupations", "district_code", "address", "subsidised")
	occupations := []string{"育婴员（四级、五级）", "养老护理员（三级、四级）", "中式烹调师（四级、五级）", "西式面点师（四级、五级）", "美容师（四级）", "电工（四级、五级）",
		"焊工（四级）", "保育师（四级）", "健康照护师（四级）", "计算机程序设计员（四级）", "电子商务师（四级）", "汽车维修工（四级）", "茶艺师（四级、五级）", "家政服务员（五级）"}
	names := unique(240, func() string {
		return "上海" + trade(r) + pick(r, []string{"职业技能培训学校", "职业培训学校", "技能培训中心"})
	})
	for _, n := range names {
		d := pickWeighted(r, weightedDistricts())
		k := r.between(1, 4)
		var occ []string
		for _, i := range uniqueInts(r, k, len(occupations)) {
			occ = append(occ, occupations[i])
		}
		t.row(n, uscc(r, "52", d.code), strings.Join(occ, "；"), d.code, siteAddress(r, d), flag(r.chance(0.55)))
	}
	return t.bytes()
}

// uniqueInts returns k distinct numbers below n, sorted.
func uniqueInts(r *rng, k, n int) []int {
	seen := map[int]bool{}
	var out []int
	for len(out) < k && len(out) < n {
		i := r.intn(n)
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// familyFarms writes the recognised family farms.
func familyFarms() ([]byte, error) {
	r := newRNG("family-farms")
	t := newTable(false, "farm_name", "uscc", "district_code", "town", "farm_type", "area_mu", "recognition_level")
	types := []weighted[string]{{"粮食", 55}, {"蔬菜", 15}, {"水果", 10}, {"水产", 8}, {"种养结合", 10}, {"畜禽", 2}}
	seen := map[string]bool{}
	for n := 0; n < 420; {
		code := pickWeighted(r, farmDistricts)
		town := pick(r, farmTowns[code])
		name := "上海" + shortDistrict(districtByCode(code).zh) + strings.TrimSuffix(town, "镇") + trade(r) + "家庭农场"
		if seen[name] {
			continue
		}
		seen[name] = true
		n++
		typ := pickWeighted(r, types)
		area := map[string][2]int{"粮食": {1000, 3500}, "蔬菜": {150, 800}, "水果": {100, 600}, "水产": {80, 400}, "种养结合": {300, 1500}, "畜禽": {30, 200}}[typ]
		level := pickWeighted(r, []weighted[string]{{"区级", 75}, {"市级示范", 25}})
		t.row(name, uscc(r, "92", code), code, town, typ, decimal(float64(r.between(area[0], area[1]))/10, 1), level)
	}
	return t.bytes()
}

// socialOrganizations writes the registered social organisations.
func socialOrganizations() ([]byte, error) {
	r := newRNG("social-organizations")
	t := newTable(false, "name", "uscc", "org_type", "supervisor", "registered_on", "status", "inspection")
	supervisors := []string{"上海市教育委员会", "上海市科学技术委员会", "上海市卫生健康委员会", "上海市商务委员会", "上海市体育局", "上海市文化和旅游局", "上海市民政局", "上海市经济和信息化委员会"}
	fields := []string{"软件行业", "物流", "餐饮烹饪", "养老服务", "社会工作者", "青少年科技", "书法", "围棋", "马拉松", "志愿服务", "家庭教育", "心理咨询", "集成电路", "医疗器械"}
	seen := map[string]bool{}
	for n := 0; n < 520; {
		d := pickWeighted(r, weightedDistricts())
		var name, typ, code, sup string
		switch x := r.intn(10); {
		case x < 5:
			typ, code = "社会团体", "51"
			if r.chance(0.5) {
				name = "上海市" + pick(r, fields) + pick(r, []string{"协会", "行业协会", "学会", "研究会"})
			} else {
				name = "上海市" + d.zh + pick(r, fields) + pick(r, []string{"协会", "联合会"})
			}
		case x < 9:
			typ, code = "社会服务机构", "52"
			name = "上海市" + d.zh + trade(r) + pick(r, []string{"社区服务中心", "养老院", "社工服务社", "青少年服务中心", "培训学校"})
		default:
			typ, code = "基金会", "53"
			name = "上海" + trade(r) + pick(r, []string{"公益基金会", "教育发展基金会", "慈善基金会"})
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		n++
		sup = pick(r, supervisors)
		if strings.Contains(name, d.zh) {
			sup = "上海市" + d.zh + pick(r, []string{"民政局", "教育局", "卫生健康委员会", "体育局"})
		}
		if r.chance(0.2) {
			sup = "无（直接登记）"
		}
		status := pickWeighted(r, []weighted[string]{{"正常", 92}, {"已注销", 6}, {"已撤销", 2}})
		inspection := pickWeighted(r, []weighted[string]{{"合格", 80}, {"基本合格", 12}, {"不合格", 3}, {"未参检", 5}})
		if status != "正常" {
			inspection = "未参检"
		}
		t.row(name, uscc(r, code, d.code), typ, sup, day(date(r.between(1995, 2026), 1, 1).AddDate(0, 0, r.intn(280))), status, inspection)
	}
	return t.bytes()
}

// localFinancialOrganizations writes the licensed local financial organisations.
func localFinancialOrganizations() ([]byte, error) {
	r := newRNG("local-financial-organizations")
	t := newTable(false, "name", "uscc", "org_type", "registered_capital", "district_code", "supervisory_rating")
	kinds := []struct {
		typ, pattern string
		capital      [2]int // 10,000 yuan
		weight       int
	}{
		{"小额贷款公司", "上海%s小额贷款股份有限公司", [2]int{10000, 50000}, 25},
		{"融资担保公司", "上海%s融资担保有限公司", [2]int{10000, 100000}, 15},
		{"典当行", "上海%s典当有限公司", [2]int{500, 5000}, 20},
		{"融资租赁公司", "%s融资租赁（上海）有限公司", [2]int{17000, 100000}, 20},
		{"商业保理公司", "上海%s商业保理有限公司", [2]int{5000, 30000}, 15},
		{"地方资产管理公司", "上海%s资产管理有限公司", [2]int{100000, 500000}, 5},
	}
	var w []weighted[int]
	for i, k := range kinds {
		w = append(w, weighted[int]{i, k.weight})
	}
	seen := map[string]bool{}
	for n := 0; n < 300; {
		k := kinds[pickWeighted(r, w)]
		d := pickWeighted(r, weightedDistricts())
		name := fmt.Sprintf(k.pattern, trade(r))
		if seen[name] {
			continue
		}
		seen[name] = true
		n++
		capital := r.between(k.capital[0]/100, k.capital[1]/100) * 100
		t.row(name, uscc(r, "91", d.code), k.typ, itoa(capital), d.code,
			pickWeighted(r, []weighted[string]{{"A", 20}, {"B", 50}, {"C", 20}, {"D", 5}, {"未评级", 5}}))
	}
	return t.bytes()
}
