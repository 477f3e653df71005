package synth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// elderlyCareInstitutions writes the register of elderly-care institutions (养老机构),
// UTF-8 with a byte-order mark as spreadsheet exports often have.
func elderlyCareInstitutions() ([]byte, error) {
	r := newRNG("elderly-care-institutions")
	t := newTable(false, "institution_name", "uscc", "district_code", "district_name", "address",
		"nature", "beds", "residents", "nursing_beds", "phone", "opened_on", "rating")
	kinds := []string{"养老院", "敬老院", "护理院", "长者照护之家", "颐养院", "老年公寓"}
	ratings := []weighted[string]{{"未评定", 35}, {"一级", 10}, {"二级", 20}, {"三级", 20}, {"四级", 10}, {"五级", 5}}
	seen := map[string]bool{}
	for n := 0; n < 700; {
		d := pickWeighted(r, weightedDistricts())
		public := r.chance(0.45)
		kind := pick(r, kinds)
		var name string
		if public {
			name = "上海市" + d.zh + strings.TrimSuffix(pick(r, d.roads), "路") + "社区" + kind
		} else {
			name = "上海" + pick(r, tradeChars) + pick(r, tradeChars) + kind
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		n++
		nature, code := "民办", uscc(r, "52", d.code)
		if public {
			nature, code = "公办", uscc(r, "12", d.code)
		}
		beds := r.between(3, 60) * 5
		if kind == "长者照护之家" {
			beds = r.between(10, 49)
		}
		residents := beds * r.between(55, 98) / 100
		t.row(name, code, d.code, d.zh, siteAddress(r, d), nature, itoa(beds), itoa(residents),
			itoa(beds*r.between(30, 80)/100), fmt.Sprintf("021-%d%07d", r.between(5, 6), r.intn(10000000)),
			day(date(r.between(1985, 2025), 1, 1).AddDate(0, 0, r.intn(365))), pickWeighted(r, ratings))
	}
	b, err := t.bytes()
	return append([]byte("\ufeff"), b...), err
}

// penaltyKind is a kind of violation with its legal basis and the authority that acts.
type penaltyKind struct {
	authority, short, violation, basis, penalty string
	minFine, maxFine                            int // yuan
}

var penaltyKinds = []penaltyKind{
	{"市场监督管理局", "市监", "销售不符合食品安全标准的食品", "《中华人民共和国食品安全法》第一百二十四条第一款", "罚款、没收违法所得", 5000, 200000},
	{"市场监督管理局", "市监", "发布虚假广告", "《中华人民共和国广告法》第五十五条第一款", "罚款", 10000, 300000},
	{"市场监督管理局", "市监", "未按规定报送年度报告", "《企业信息公示暂行条例》第十七条", "警告", 0, 0},
	{"市场监督管理局", "市监", "使用未经检验的特种设备", "《中华人民共和国特种设备安全法》第八十四条", "罚款", 30000, 300000},
	{"生态环境局", "环", "超过大气污染物排放标准排放污染物", "《中华人民共和国大气污染防治法》第九十九条", "罚款、责令改正", 100000, 1000000},
	{"应急管理局", "应急", "未按规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第九十七条", "罚款、责令限期改正", 10000, 100000},
	{"税务局", "税", "未按照规定期限办理纳税申报", "《中华人民共和国税收征收管理法》第六十二条", "罚款", 200, 2000},
	{"城市管理行政执法局", "城管", "未按规定分类投放生活垃圾", "《上海市生活垃圾管理条例》第五十八条", "罚款", 500, 50000},
}

// administrativePenalties writes administrative penalty decisions on companies (行政处罚,
// published under 双公示).
func administrativePenalties() ([]byte, error) {
	r := newRNG("administrative-penalties")
	pool := companies()
	t := newTable(false, "decision_no", "uscc", "party_name", "violation", "basis", "penalty_type",
		"fine_yuan", "decision_date", "authority")
	for i := 1; i <= 600; i++ {
		c := pick(r, pool)
		k := pick(r, penaltyKinds)
		fine := 0
		if k.maxFine > 0 {
			fine = r.between(k.minFine/100, k.maxFine/100) * 100
		}
		dt := date(2025, 1, 1).AddDate(0, 0, r.intn(669)) // to 2026-10-31
		authority := "上海市" + c.district.zh + k.authority
		if k.authority == "税务局" {
			authority = "国家税务总局上海市" + c.district.zh + "税务局"
		}
		no := fmt.Sprintf("沪%s%s处〔%d〕%04d号", c.district.zh[:3], k.short, dt.Year(), i)
		t.row(no, c.uscc, c.name, k.violation, k.basis, k.penalty, itoa(fine), day(dt), authority)
	}
	return t.bytes()
}

// iaqiBreaks are HJ 633-2012 breakpoints: pollutant concentrations for IAQI 0, 50, 100,
// 150, 200, 300, 400, 500.
var iaqiBreaks = map[string][]float64{
	"PM2.5": {0, 35, 75, 115, 150, 250, 350, 500},
	"PM10":  {0, 50, 150, 250, 350, 420, 500, 600},
	"O3":    {0, 100, 160, 215, 265, 800, 1000, 1200}, // 8-hour average
	"NO2":   {0, 40, 80, 180, 280, 565, 750, 940},
}

var iaqiLevels = []float64{0, 50, 100, 150, 200, 300, 400, 500}

// iaqi returns the individual air quality index of a concentration.
func iaqi(pollutant string, c float64) int {
	b := iaqiBreaks[pollutant]
	for i := 1; i < len(b); i++ {
		if c <= b[i] {
			return int(math.Ceil(iaqiLevels[i-1] + (iaqiLevels[i]-iaqiLevels[i-1])*(c-b[i-1])/(b[i]-b[i-1])))
		}
	}
	return 500
}

// airQualityDaily writes daily air quality at the national monitoring stations.
func airQualityDaily() ([]byte, error) {
	r := newRNG("air-quality-daily")
	t := newTable(false, "date", "station", "district_code", "aqi", "pm25", "pm10", "o3_8h", "no2",
		"so2", "co", "primary_pollutant", "quality_level")
	start := date(2026, 8, 1)
	for d := 0; d < 92; d++ {
		dt := start.AddDate(0, 0, d)
		base := 0.6 + r.float()*0.9 // the day's weather: one factor for every station
		for _, s := range airStations {
			f := base * (0.85 + r.float()*0.3)
			conc := map[string]float64{
				"PM2.5": math.Round(18 * f * (1 + float64(d)/120)),
				"PM10":  math.Round(34 * f * (1 + float64(d)/150)),
				"O3":    math.Round(92 * f * (1.3 - float64(d)/150)),
				"NO2":   math.Round(28 * f),
			}
			aqi, primary := 0, ""
			for _, p := range []string{"PM2.5", "PM10", "O3", "NO2"} {
				if v := iaqi(p, conc[p]); v > aqi {
					aqi, primary = v, p
				}
			}
			if aqi <= 50 {
				primary = ""
			} else if primary == "O3" {
				primary = "O3_8h"
			}
			level := "优"
			switch {
			case aqi > 300:
				level = "严重污染"
			case aqi > 200:
				level = "重度污染"
			case aqi > 150:
				level = "中度污染"
			case aqi > 100:
				level = "轻度污染"
			case aqi > 50:
				level = "良"
			}
			t.row(day(dt), s.name, s.district, itoa(aqi), fmt.Sprint(conc["PM2.5"]), fmt.Sprint(conc["PM10"]),
				fmt.Sprint(conc["O3"]), fmt.Sprint(conc["NO2"]), itoa(r.between(4, 9)),
				fmt.Sprintf("%.1f", 0.4+r.float()*0.5), primary, level)
		}
	}
	return t.bytes()
}

// inclusiveLoans writes inclusive-finance loans to small and micro enterprises.
func inclusiveLoans() ([]byte, error) {
	r := newRNG("inclusive-loans")
	pool := companies()
	lenders := []string{"中国工商银行上海市分行", "中国农业银行上海市分行", "中国银行上海市分行",
		"中国建设银行上海市分行", "交通银行上海市分行", "上海银行", "上海农商银行", "浦发银行上海分行"}
	guarantees := []weighted[string]{{"信用", 45}, {"保证", 25}, {"抵押", 20}, {"质押", 5}, {"政策性融资担保", 5}}
	t := newTable(false, "loan_no", "uscc", "enterprise_name", "enterprise_size", "industry", "district_code",
		"lender", "loan_amount", "annual_rate", "term_months", "guarantee", "loan_date", "first_loan")
	for i := 1; i <= 1200; i++ {
		c := pick(r, pool)
		if c.size == "中型" {
			c = pick(r, pool) // micro and small firms dominate inclusive lending
		}
		amount := float64(r.between(10, 1000))
		if c.size == "微型" {
			amount = float64(r.between(5, 300))
		}
		first := "否"
		if r.chance(0.2) {
			first = "是"
		}
		t.row(fmt.Sprintf("PH2026%06d", i), c.uscc, c.name, c.size, c.industry.zh, c.district.code,
			pick(r, lenders), fmt.Sprint(amount), fmt.Sprintf("%.2f", 2.8+r.float()*1.6),
			itoa(pick(r, []int{6, 12, 12, 12, 24, 36})), pickWeighted(r, guarantees),
			day(date(2025, 11, 1).AddDate(0, 0, r.intn(365))), first)
	}
	return t.bytes()
}

// visit is one outpatient visit; the field order is the JSON key order.
type visit struct {
	VisitID           string  `json:"visit_id"`
	Institution       string  `json:"institution"`
	PatientID         string  `json:"patient_id"`
	PatientName       string  `json:"patient_name"`
	Sex               string  `json:"sex"`
	BirthDate         string  `json:"birth_date"`
	Mobile            string  `json:"mobile"`
	ResidenceDistrict string  `json:"residence_district"`
	Address           string  `json:"address"`
	VisitDate         string  `json:"visit_date"`
	Clinic            string  `json:"clinic"`
	DiagnosisCode     string  `json:"diagnosis_code"`
	DiagnosisName     string  `json:"diagnosis_name"`
	TotalCost         float64 `json:"total_cost"`
	InsuranceType     string  `json:"insurance_type"`
}

// diagnoses are common ICD-10 codes in community health centres.
var diagnoses = []weighted[[2]string]{
	{[2]string{"I10", "特发性（原发性）高血压"}, 22}, {[2]string{"E11.9", "2型糖尿病不伴有并发症"}, 14},
	{[2]string{"J06.9", "急性上呼吸道感染"}, 12}, {[2]string{"E78.5", "高脂血症"}, 8},
	{[2]string{"I25.1", "动脉硬化性心脏病"}, 6}, {[2]string{"K29.7", "胃炎"}, 6},
	{[2]string{"J20.9", "急性支气管炎"}, 5}, {[2]string{"M54.5", "下背痛"}, 5},
	{[2]string{"K52.9", "非感染性胃肠炎和结肠炎"}, 4}, {[2]string{"N39.0", "泌尿道感染"}, 3},
	{[2]string{"L30.9", "皮炎"}, 3}, {[2]string{"H10.9", "结膜炎"}, 3}, {[2]string{"R51", "头痛"}, 3},
	{[2]string{"Z00.0", "一般医学检查"}, 6},
}

// outpatientVisits writes outpatient visits at Xuhui's community health centres as JSON
// Lines. Most patients live in Xuhui, the rest in neighbouring districts.
func outpatientVisits() ([]byte, error) {
	r := newRNG("outpatient-visits")
	centres := []string{"徐家汇街道社区卫生服务中心", "枫林街道社区卫生服务中心", "斜土街道社区卫生服务中心",
		"龙华街道社区卫生服务中心", "田林街道社区卫生服务中心", "漕河泾街道社区卫生服务中心",
		"长桥街道社区卫生服务中心", "凌云街道社区卫生服务中心", "康健街道社区卫生服务中心", "华泾镇社区卫生服务中心"}
	clinics := []weighted[string]{{"全科", 55}, {"中医科", 15}, {"口腔科", 8}, {"康复科", 8}, {"预防保健科", 8}, {"内科", 6}}
	home := []weighted[string]{{"310104", 70}, {"310105", 9}, {"310112", 9}, {"310101", 6}, {"310106", 6}}
	ages := []weighted[[2]int]{{[2]int{1941, 1946}, 10}, {[2]int{1947, 1966}, 50}, {[2]int{1967, 1986}, 22}, {[2]int{1987, 2005}, 12}, {[2]int{2007, 2020}, 6}}
	patients := make([]person, 650)
	for i := range patients {
		years := pickWeighted(r, ages)
		patients[i] = newPerson(r, districtByCode(pickWeighted(r, home)), years[0], years[1])
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	start := date(2026, 7, 1)
	for i := 1; i <= 1800; i++ {
		p := patients[min(r.intn(len(patients)), r.intn(len(patients)))] // some patients come often
		dt := start.AddDate(0, 0, r.intn(92))
		dx := pickWeighted(r, diagnoses)
		insurance := pickWeighted(r, []weighted[string]{{"职工医保", 55}, {"居民医保", 35}, {"自费", 10}})
		v := visit{
			VisitID:           fmt.Sprintf("MZ%s%05d", dt.Format("20060102"), i),
			Institution:       centres[int(p.id[14]-'0')], // a patient's usual centre
			PatientID:         p.id,
			PatientName:       p.name,
			Sex:               p.sexName(),
			BirthDate:         day(p.birth),
			Mobile:            p.mobile,
			ResidenceDistrict: p.district.code,
			Address:           p.address,
			VisitDate:         day(dt),
			Clinic:            pickWeighted(r, clinics),
			DiagnosisCode:     dx[0],
			DiagnosisName:     dx[1],
			TotalCost:         float64(r.between(1500, 60000)) / 100,
			InsuranceType:     insurance,
		}
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// rentalFilings writes residential lease filings (房屋租赁合同备案) with their tenants.
func rentalFilings() ([]byte, error) {
	r := newRNG("rental-filings")
	t := newTable(false, "filing_no", "tenant_id", "tenant_name", "tenant_mobile", "sex", "birth_date",
		"district_code", "address", "area_m2", "monthly_rent", "lease_start", "lease_months", "rental_type")
	ages := []weighted[[2]int]{{[2]int{1961, 1966}, 4}, {[2]int{1967, 1986}, 36}, {[2]int{1987, 2004}, 60}}
	for i := 1; i <= 1500; i++ {
		d := pickWeighted(r, weightedDistricts())
		years := pickWeighted(r, ages)
		p := newPerson(r, d, years[0], years[1])
		shared := r.chance(0.3)
		area := r.between(25, 120)
		rentPerM2 := 60 + r.intn(90)
		switch d.code {
		case "310101", "310104", "310105", "310106":
			rentPerM2 += 60
		case "310116", "310118", "310120", "310151":
			rentPerM2 -= 35
		}
		kind := "整租"
		if shared {
			kind, area = "合租", r.between(10, 30)
		}
		rent := area * rentPerM2 / 10 * 10
		t.row(fmt.Sprintf("ZL%s2026%06d", d.code[4:], i), p.id, p.name, p.mobile, p.sexName(), day(p.birth),
			d.code, p.address, itoa(area), itoa(rent), day(date(2025, 11, 1).AddDate(0, 0, r.intn(365))),
			itoa(pick(r, []int{6, 12, 12, 12, 24, 36})), kind)
	}
	return t.bytes()
}

// employmentRegistrations writes employment registrations (就业登记) of residents.
func employmentRegistrations() ([]byte, error) {
	r := newRNG("employment-registrations")
	pool := companies()
	educations := []weighted[string]{{"初中及以下", 8}, {"高中/中专", 20}, {"大专", 25}, {"本科", 35}, {"硕士研究生", 10}, {"博士研究生", 2}}
	contracts := []weighted[string]{{"固定期限劳动合同", 70}, {"无固定期限劳动合同", 20}, {"以完成一定工作任务为期限的劳动合同", 5}, {"劳务派遣", 5}}
	t := newTable(false, "registration_no", "person_id", "name", "sex", "birth_date", "education",
		"district_code", "employer_uscc", "employer_name", "industry", "occupation", "contract_type", "registered_on")
	for i := 1; i <= 1500; i++ {
		c := pick(r, pool)
		p := newPerson(r, c.district, 1968, 2005)
		t.row(fmt.Sprintf("JY2026%07d", i), p.id, p.name, p.sexName(), day(p.birth), pickWeighted(r, educations),
			c.district.code, c.uscc, c.name, c.industry.zh, pick(r, c.industry.occupations), pickWeighted(r, contracts),
			day(date(2026, 1, 1).AddDate(0, 0, r.intn(304))))
	}
	return t.bytes()
}

// enterpriseRegistrations writes the enterprise register as a GBK, CRLF spreadsheet export
// with a title line above the header and Chinese dates, as many portals publish it.
func enterpriseRegistrations() ([]byte, error) {
	r := newRNG("enterprise-registrations")
	statuses := []weighted[string]{{"存续（在营、开业、在册）", 88}, {"注销", 8}, {"吊销，未注销", 4}}
	t := newTable(true, "统一社会信用代码", "企业名称", "企业类型", "法定代表人", "注册资本（万元）", "成立日期",
		"登记机关", "所属区划", "住所", "经营范围", "登记状态")
	for _, c := range companies() {
		est := c.established
		t.row(c.uscc, c.name, c.kind, c.legalRep, itoa(c.capital),
			fmt.Sprintf("%d/%d/%d", est.Year(), est.Month(), est.Day()),
			"上海市"+c.district.zh+"市场监督管理局", c.district.code, c.address, c.industry.scope,
			pickWeighted(r, statuses))
	}
	b, err := t.bytes()
	if err != nil {
		return nil, err
	}
	title := []byte("上海市企业登记信息（截至2026年10月31日）,,,,,,,,,,\r\n")
	return toGBK(append(title, b...))
}

// aLevelTaxpayers writes the taxpayers rated A for 2025 (纳税信用A级纳税人名单).
func aLevelTaxpayers() ([]byte, error) {
	r := newRNG("a-level-taxpayers")
	t := newTable(false, "uscc", "taxpayer_name", "rating_year", "rating", "tax_authority")
	for _, c := range companies() {
		if c.established.Year() >= 2024 || !r.chance(0.45) {
			continue
		}
		t.row(c.uscc, c.name, "2025", "A", "国家税务总局上海市"+c.district.zh+"税务局")
	}
	return t.bytes()
}

// metroRidership writes daily entries and exits at metro stations for October 2026.
func metroRidership() ([]byte, error) {
	r := newRNG("metro-station-ridership")
	t := newTable(false, "date", "line", "station", "entries", "exits")
	for d := 0; d < 31; d++ {
		dt := date(2026, 10, 1).AddDate(0, 0, d)
		f := 1.0
		switch {
		case dt.Day() <= 8: // National Day holiday
			f = 0.7
		case dt.Weekday() == time.Saturday || dt.Weekday() == time.Sunday:
			f = 0.8
		}
		for _, s := range metroStations {
			entries := int(float64(s.weight*1000) * f * (0.9 + r.float()*0.2))
			exits := entries * r.between(94, 106) / 100
			t.row(day(dt), s.line, s.station, itoa(entries), itoa(exits))
		}
	}
	return t.bytes()
}
