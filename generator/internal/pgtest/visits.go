package pgtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Visit is one synthetic outpatient visit, modelled on the default catalog's
// outpatient-visits-deid (community health centres: the patient's identity number, name,
// mobile and street address, the centre, clinic, diagnosis, cost and insurance), with
// the free-text chief complaint such records also hold. Every value is generated; the
// patient is a Person (MakePerson) who visits about four times.
type Visit struct {
	VisitID        string // MZ + visit date + sequence, unique
	Institution    string
	Patient        Person
	Sex            string // 男 or 女, from the resident id
	Address        string
	VisitDate      time.Time // 2026-07-01 … 2026-09-30
	Clinic         string
	DiagnosisCode  string // ICD-10
	DiagnosisName  string
	ChiefComplaint string
	TotalCost      float64 // yuan, two decimals
	InsuranceType  string
}

var (
	visitCentres = []string{"徐家汇街道社区卫生服务中心", "枫林街道社区卫生服务中心", "斜土街道社区卫生服务中心",
		"龙华街道社区卫生服务中心", "田林街道社区卫生服务中心", "漕河泾街道社区卫生服务中心",
		"长桥街道社区卫生服务中心", "凌云街道社区卫生服务中心", "康健街道社区卫生服务中心", "华泾镇社区卫生服务中心"}
	visitClinics   = []string{"全科", "全科", "全科", "中医科", "口腔科", "康复科", "预防保健科", "内科"}
	visitDiagnoses = [][2]string{{"I10", "特发性（原发性）高血压"}, {"E11.9", "2型糖尿病不伴有并发症"},
		{"J06.9", "急性上呼吸道感染"}, {"E78.5", "高脂血症"}, {"I25.1", "动脉硬化性心脏病"}, {"K29.7", "胃炎"},
		{"J20.9", "急性支气管炎"}, {"M54.5", "下背痛"}, {"K52.9", "非感染性胃肠炎和结肠炎"}, {"N39.0", "泌尿道感染"},
		{"L30.9", "皮炎"}, {"H10.9", "结膜炎"}, {"R51", "头痛"}, {"Z00.0", "一般医学检查"}}
	visitInsurance = []string{"职工医保", "职工医保", "居民医保", "居民医保", "自费"}
	visitRoads     = []string{"漕溪北路", "天钥桥路", "宜山路", "龙华西路", "钦州路", "田林路", "虹漕路", "凌云路", "桂林路", "石龙路", "南丹东路", "零陵路"}
	visitSymptoms  = []string{"头晕", "乏力", "咳嗽", "咳痰", "发热", "咽痛", "胸闷", "心悸", "腹痛", "腹泻", "腰背疼痛", "皮疹瘙痒", "眼红流泪", "口干多饮", "尿频尿急", "头痛"}
	visitDurations = []string{"一天", "两天", "三天", "五天", "一周", "两周", "一个月", "半年"}
	visitHistory   = []string{"既往高血压病史", "既往糖尿病病史", "既往体健", "既往慢性胃炎病史", "既往冠心病病史", "有青霉素过敏史"}
)

// MakeVisit generates visit number id (1…n) of a table of n visits deterministically from
// seed: its patient is person 1 + (a number below n/4), so patients visit about four times.
func MakeVisit(id int64, n int, seed uint64) Visit {
	r := rand.New(rand.NewPCG(seed^0x715175, uint64(id)))
	p := MakePerson(1+r.Int64N(int64(max(n/4, 1))), seed)
	sex := "男"
	if (p.ResidentID[16]-'0')%2 == 0 {
		sex = "女"
	}
	day := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(92))
	dx := visitDiagnoses[r.IntN(len(visitDiagnoses))]
	hr := rand.New(rand.NewPCG(seed, uint64(p.ID))) // a patient's address is always the same
	var complaint strings.Builder
	for k := 1 + r.IntN(2); k > 0; k-- {
		fmt.Fprintf(&complaint, "%s%s，", visitSymptoms[r.IntN(len(visitSymptoms))], visitDurations[r.IntN(len(visitDurations))])
	}
	complaint.WriteString(visitHistory[r.IntN(len(visitHistory))])
	if r.IntN(2) == 0 {
		complaint.WriteString("，规律服药，今来复诊配药")
	}
	return Visit{
		VisitID:        fmt.Sprintf("MZ%s%09d", day.Format("20060102"), id),
		Institution:    visitCentres[int(p.ResidentID[14]-'0')], // a patient's usual centre
		Patient:        p,
		Sex:            sex,
		Address:        fmt.Sprintf("上海市徐汇区%s%d弄%d号%d室", visitRoads[hr.IntN(len(visitRoads))], 1+hr.IntN(999), 1+hr.IntN(40), 101+hr.IntN(20)*100+hr.IntN(6)),
		VisitDate:      day,
		Clinic:         visitClinics[r.IntN(len(visitClinics))],
		DiagnosisCode:  dx[0],
		DiagnosisName:  dx[1],
		ChiefComplaint: complaint.String(),
		TotalCost:      float64(500+r.IntN(80_000)) / 100,
		InsuranceType:  visitInsurance[r.IntN(len(visitInsurance))],
	}
}

// VisitsDDL creates the visits table: its key is the visit number.
const VisitsDDL = `create table %s (
	visit_id text primary key,
	institution text not null,
	patient_id char(18) not null,
	patient_name text not null,
	sex text not null,
	birth_date date not null,
	mobile text,
	residence_district text,
	address text,
	visit_date date not null,
	clinic text not null,
	diagnosis_code text not null,
	diagnosis_name text not null,
	chief_complaint text,
	total_cost numeric(10,2) not null,
	insurance_type text not null
)`

// VisitsColumns are the visits table's columns in order.
var VisitsColumns = []string{"visit_id", "institution", "patient_id", "patient_name", "sex", "birth_date", "mobile",
	"residence_district", "address", "visit_date", "clinic", "diagnosis_code", "diagnosis_name", "chief_complaint",
	"total_cost", "insurance_type"}

// LoadVisits creates table (dropping any previous one) and loads n visits made by
// MakeVisit with COPY.
func LoadVisits(ctx context.Context, conn *pgx.Conn, table string, n int, seed uint64) (int64, error) {
	ident := pgx.Identifier{table}.Sanitize()
	if _, err := conn.Exec(ctx, "drop table if exists "+ident); err != nil {
		return 0, err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(VisitsDDL, ident)); err != nil {
		return 0, err
	}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		if i >= n {
			return nil, nil
		}
		i++
		v := MakeVisit(int64(i), n, seed)
		p := v.Patient
		return []any{v.VisitID, v.Institution, p.ResidentID, p.Name, v.Sex, p.BirthDate, p.Phone, p.District,
			v.Address, v.VisitDate, v.Clinic, v.DiagnosisCode, v.DiagnosisName, v.ChiefComplaint,
			fmt.Sprintf("%.2f", v.TotalCost), v.InsuranceType}, nil
	})
	return conn.CopyFrom(ctx, pgx.Identifier{table}, VisitsColumns, src)
}

// VisitsSelect is the select list of a dataset over the visits table (every column),
// matching VisitsColumnsYAML.
const VisitsSelect = "visit_id, institution, patient_id, patient_name, sex, birth_date, mobile, residence_district, address, visit_date, clinic, diagnosis_code, diagnosis_name, chief_complaint, total_cost, insurance_type"

// VisitsColumnsYAML returns the `columns:` and `privacy:` blocks of a dataset over the
// visits table with the policy of the default catalog's outpatient-visits-deid (visit
// number and patient tokenized, name, mobile, address and chief complaint dropped, age
// band, district, quarter, cost band; k = 5 over patients, ℓ = 3 diagnoses), its keys
// read from the environment variable keyEnv.
func VisitsColumnsYAML(keyEnv string) string {
	return fmt.Sprintf(visitsColumns, keyEnv)
}

const visitsColumns = `columns:
  - {name: visit_id, type: string, level: 2, personal_info: personal, role: direct-identifier, deid: {op: tokenize, key: 'env:%[1]s'}, constraints: {unique: true}}
  - {name: institution, type: string, level: 1, personal_info: none, role: insensitive}
  - {name: patient_id, type: string, level: 3, personal_info: sensitive, role: direct-identifier, detector: cn-resident-id, deid: {op: tokenize, key: 'env:%[1]s'}}
  - {name: patient_name, type: string, level: 2, personal_info: personal, role: direct-identifier, deid: {op: drop}}
  - {name: sex, type: string, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: keep, why: 研究的必要分组变量，已计入 k-匿名的准标识符}, constraints: {enum: [男, 女]}}
  - {name: birth_date, type: date, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: age-band, width: 20}}
  - {name: mobile, type: string, level: 3, personal_info: personal, role: direct-identifier, detector: cn-mobile, deid: {op: drop}}
  - {name: residence_district, type: string, level: 2, personal_info: personal, role: quasi-identifier, detector: gbt2260, deid: {op: generalize, to: district}}
  - {name: address, type: string, level: 3, personal_info: personal, role: direct-identifier, deid: {op: drop}}
  - {name: visit_date, type: date, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: quarter}}
  - {name: clinic, type: string, level: 1, personal_info: none, role: insensitive}
  - {name: diagnosis_code, type: string, level: 3, personal_info: sensitive, role: sensitive, deid: {op: keep, why: 研究的核心变量}}
  - {name: diagnosis_name, type: string, level: 3, personal_info: sensitive, role: sensitive, deid: {op: keep, why: 与诊断编码一一对应}}
  - {name: chief_complaint, type: string, level: 3, personal_info: sensitive, role: sensitive, deid: {op: drop}}
  - {name: total_cost, type: number, level: 2, personal_info: personal, role: sensitive, deid: {op: bucket, bands: [{max: 50.0, label: 0-50}, {max: 100.0, label: 50-100}, {max: 200.0, label: 100-200}, {max: 400.0, label: 200-400}, {label: 400+}]}}
  - {name: insurance_type, type: string, level: 2, personal_info: personal, role: sensitive, deid: {op: keep, why: 医保支付研究所需}, constraints: {enum: [职工医保, 居民医保, 自费]}}
privacy: {subject: patient_id, k: 5, l_diversity: {column: diagnosis_code, l: 3}, max_suppression: 0.1}
`
