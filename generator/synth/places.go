package synth

// district is one of Shanghai's sixteen districts, with its GB/T 2260 code, a weight
// roughly proportional to its resident population, and a few real road names.
type district struct {
	code, zh, en string
	weight       int
	roads        []string
}

// districts are Shanghai's districts (GB/T 2260-2007 as amended to 2024).
var districts = []district{
	{"310101", "黄浦区", "Huangpu", 27, []string{"南京东路", "西藏中路", "复兴中路", "淮海中路", "中山南路"}},
	{"310104", "徐汇区", "Xuhui", 45, []string{"漕溪北路", "肇嘉浜路", "天钥桥路", "宜山路", "龙华中路"}},
	{"310105", "长宁区", "Changning", 28, []string{"延安西路", "天山路", "仙霞路", "中山西路", "虹桥路"}},
	{"310106", "静安区", "Jing'an", 39, []string{"南京西路", "共和新路", "万航渡路", "大统路", "西康路"}},
	{"310107", "普陀区", "Putuo", 50, []string{"曹杨路", "真北路", "长寿路", "武宁路", "铜川路"}},
	{"310109", "虹口区", "Hongkou", 38, []string{"四川北路", "曲阳路", "大连西路", "广中路", "东江湾路"}},
	{"310110", "杨浦区", "Yangpu", 51, []string{"国定路", "四平路", "控江路", "黄兴路", "长阳路"}},
	{"310112", "闵行区", "Minhang", 126, []string{"莘庄路", "七莘路", "都市路", "沪闵路", "虹梅南路"}},
	{"310113", "宝山区", "Baoshan", 93, []string{"牡丹江路", "友谊路", "共和新路", "泰和路", "呼兰路"}},
	{"310114", "嘉定区", "Jiading", 77, []string{"城中路", "博乐路", "沪宜公路", "曹安公路", "嘉松北路"}},
	{"310115", "浦东新区", "Pudong", 256, []string{"世纪大道", "张杨路", "浦东南路", "杨高中路", "锦绣路", "川沙路", "南汇新城环湖西一路"}},
	{"310116", "金山区", "Jinshan", 32, []string{"卫零路", "石化卫清西路", "朱泾镇人民路", "亭林镇寺平路"}},
	{"310117", "松江区", "Songjiang", 103, []string{"人民北路", "中山中路", "谷阳北路", "文诚路", "九亭镇沪亭北路"}},
	{"310118", "青浦区", "Qingpu", 59, []string{"公园路", "城中北路", "华青路", "外青松公路", "朱家角镇珠溪路"}},
	{"310120", "奉贤区", "Fengxian", 58, []string{"南桥镇解放东路", "环城东路", "金海公路", "望园路"}},
	{"310151", "崇明区", "Chongming", 33, []string{"城桥镇八一路", "人民路", "陈家镇瀛东路", "堡镇正大街"}},
}

// weightedDistricts returns the districts weighted by population.
func weightedDistricts() []weighted[district] {
	out := make([]weighted[district], len(districts))
	for i, d := range districts {
		out[i] = weighted[district]{d, d.weight}
	}
	return out
}

// districtByCode returns the district with code.
func districtByCode(code string) district {
	for _, d := range districts {
		if d.code == code {
			return d
		}
	}
	panic("synth: unknown district " + code)
}

// birthAreas are GB/T 2260 county codes for the first six digits of resident ids: most
// are Shanghai districts, the rest the home counties of people who moved to Shanghai.
var birthAreas = []weighted[string]{
	{"310101", 6}, {"310104", 8}, {"310105", 5}, {"310106", 7}, {"310107", 8}, {"310109", 6},
	{"310110", 8}, {"310112", 10}, {"310113", 7}, {"310115", 18}, {"310117", 5}, {"310118", 3},
	{"320102", 2}, {"320583", 2}, {"330106", 2}, {"330282", 1}, {"340104", 3}, {"341221", 2},
	{"360121", 1}, {"370102", 1}, {"410105", 2}, {"411502", 1}, {"420106", 1}, {"430104", 1},
	{"510107", 2}, {"512021", 1}, {"522601", 1}, {"610113", 1}, {"130102", 1}, {"230103", 1},
}

// personAddress returns a residential address in d: road, lane, house and room numbers.
func personAddress(r *rng, d district) string {
	return "上海市" + d.zh + pick(r, d.roads) + itoa(r.between(1, 2800)) + "弄" +
		itoa(r.between(1, 120)) + "号" + itoa(r.between(1, 30)) + itoa2(r.between(1, 6)) + "室"
}

// siteAddress returns a street address in d without lane or room.
func siteAddress(r *rng, d district) string {
	return "上海市" + d.zh + pick(r, d.roads) + itoa(r.between(1, 3000)) + "号"
}

// metroStation is a real station with the line it is counted on.
type metroStation struct {
	line, station string
	weight        int
}

// metroStations are real Shanghai metro stations; weights shape daily ridership.
var metroStations = []metroStation{
	{"1号线", "人民广场", 95}, {"1号线", "徐家汇", 80}, {"1号线", "莘庄", 70}, {"1号线", "上海火车站", 85},
	{"1号线", "陕西南路", 60}, {"2号线", "陆家嘴", 90}, {"2号线", "南京东路", 75}, {"2号线", "静安寺", 72},
	{"2号线", "虹桥火车站", 88}, {"2号线", "世纪大道", 84}, {"2号线", "张江高科", 55}, {"3号线", "中山公园", 50},
	{"3号线", "宝山路", 30}, {"4号线", "宜山路", 40}, {"6号线", "东方体育中心", 35}, {"7号线", "龙阳路", 52},
	{"8号线", "老西门", 33}, {"8号线", "沈杜公路", 38}, {"9号线", "松江大学城", 45}, {"9号线", "漕河泾开发区", 58},
	{"10号线", "五角场", 62}, {"10号线", "新江湾城", 28}, {"11号线", "嘉定北", 26}, {"11号线", "迪士尼", 41},
	{"12号线", "汉中路", 44}, {"13号线", "金科路", 48}, {"14号线", "桂桥路", 22}, {"16号线", "滴水湖", 25},
	{"17号线", "朱家角", 18}, {"18号线", "航头", 21},
}

// airStation is a real air-quality monitoring station and the district it stands in.
type airStation struct{ name, district string }

// airStations are Shanghai's national air-quality monitoring stations.
var airStations = []airStation{
	{"普陀", "310107"}, {"十五厂", "310101"}, {"虹口", "310109"}, {"徐汇上师大", "310104"},
	{"杨浦四漂", "310110"}, {"青浦淀山湖", "310118"}, {"静安监测站", "310106"},
	{"浦东川沙", "310115"}, {"浦东新区监测站", "310115"}, {"浦东张江", "310115"},
}
