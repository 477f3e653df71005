package synth

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// TestFilesDeterministic generates the sources twice and compares the bytes.
func TestFilesDeterministic(t *testing.T) {
	a, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Errorf("%s differs between two runs", a[i].Path)
		}
	}
}

// TestCommittedSourcesMatch fails when catalog/sources/ drifts from the generator.
func TestCommittedSourcesMatch(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range files {
		total += len(f.Data)
		got, err := os.ReadFile(filepath.Join("..", "..", "catalog", filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("%v: run `make sources`", err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("catalog/%s is out of date with generator/synth: run `make sources`", f.Path)
		}
	}
	if total > 4<<20 {
		t.Errorf("sources total %d bytes; keep them under 4 MiB so tests stay fast", total)
	}
}

func TestCheckCharacters(t *testing.T) {
	// Published test vectors.
	for _, id := range []string{"11010519491231002X", "440524188001010014"} {
		if !validResidentID(id) {
			t.Errorf("validResidentID(%s) = false, want true", id)
		}
	}
	if validResidentID("110105194912310021") {
		t.Error("validResidentID accepted a wrong check digit")
	}
	if !validUSCC("91350100M000100Y43") {
		t.Error("validUSCC(91350100M000100Y43) = false, want true")
	}
	if validUSCC("91350100M000100Y44") {
		t.Error("validUSCC accepted a wrong check character")
	}
	if got := orgCodeCheck("M000100Y"); got != '4' { // the organization code inside the vector above
		t.Errorf("orgCodeCheck(M000100Y) = %c, want 4", got)
	}
}

var (
	mobileRE = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	dateRE   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	codeRE   = regexp.MustCompile(`^310(1(0[1-9]|1[0-8])|120|151)$`)
)

// readCSV decodes a generated CSV file, skipping title lines.
func readCSV(t *testing.T, path string, gbk bool, skip int) []map[string]string {
	t.Helper()
	var data []byte
	for _, f := range mustFiles(t) {
		if f.Path == path {
			data = f.Data
		}
	}
	if gbk {
		var err error
		if data, err = simplifiedchinese.GBK.NewDecoder().Bytes(data); err != nil {
			t.Fatal(err)
		}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	for ; skip > 0; skip-- {
		data = data[bytes.IndexByte(data, '\n')+1:]
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	if len(out) == 0 || len(out) > 2000 {
		t.Fatalf("%s: %d rows, want 1..2000", path, len(out))
	}
	return out
}

func mustFiles(t *testing.T) []File {
	t.Helper()
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestValuesAreWellFormed checks that every identifier the sources carry is valid, so the
// extract and undeclared-pii checks have realistic input.
func TestValuesAreWellFormed(t *testing.T) {
	check := func(what string, ok bool, v string) {
		t.Helper()
		if !ok {
			t.Errorf("%s: bad value %q", what, v)
		}
	}
	for _, row := range readCSV(t, "sources/housing/rental-filings.csv", false, 0) {
		check("tenant_id", validResidentID(row["tenant_id"]), row["tenant_id"])
		check("tenant_mobile", mobileRE.MatchString(row["tenant_mobile"]), row["tenant_mobile"])
		check("birth_date", dateRE.MatchString(row["birth_date"]) && strings.ReplaceAll(row["birth_date"], "-", "") == row["tenant_id"][6:14], row["birth_date"])
		male := (row["tenant_id"][16]-'0')%2 == 1
		check("sex", (row["sex"] == "男") == male, row["sex"])
		check("district_code", codeRE.MatchString(row["district_code"]), row["district_code"])
	}
	for _, row := range readCSV(t, "sources/hrss/employment-registrations.csv", false, 0) {
		check("person_id", validResidentID(row["person_id"]), row["person_id"])
		check("employer_uscc", validUSCC(row["employer_uscc"]), row["employer_uscc"])
	}
	for _, row := range readCSV(t, "sources/market-regulation/enterprise-registrations.csv", true, 1) {
		check("统一社会信用代码", validUSCC(row["统一社会信用代码"]), row["统一社会信用代码"])
		check("所属区划", codeRE.MatchString(row["所属区划"]), row["所属区划"])
	}
	for _, row := range readCSV(t, "sources/civil-affairs/elderly-care-institutions.csv", false, 0) {
		check("uscc", validUSCC(row["uscc"]), row["uscc"])
		check("phone is a landline", !mobileRE.MatchString(row["phone"]), row["phone"])
	}
	for _, f := range mustFiles(t) {
		if f.Path != "sources/health/outpatient-visits.jsonl" {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(f.Data))
		n := 0
		for sc.Scan() {
			var v visit
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				t.Fatalf("line %d: %v", n+1, err)
			}
			check("patient_id", validResidentID(v.PatientID), v.PatientID)
			check("mobile", mobileRE.MatchString(v.Mobile), v.Mobile)
			n++
		}
		if n == 0 || n > 2000 {
			t.Errorf("outpatient visits: %d rows", n)
		}
	}
}

// TestAgreesWithValidators checks the generated identifiers against the validators the
// lint rules and the extractor use, so the two implementations cannot drift apart.
func TestAgreesWithValidators(t *testing.T) {
	for _, row := range readCSV(t, "sources/housing/rental-filings.csv", false, 0) {
		if !validator.ValidResidentID(row["tenant_id"]) {
			t.Errorf("validator rejects generated resident id %s", row["tenant_id"])
		}
		if !validator.ValidMobile(row["tenant_mobile"]) {
			t.Errorf("validator rejects generated mobile %s", row["tenant_mobile"])
		}
		if !validator.ValidDivision(row["district_code"]) {
			t.Errorf("validator rejects district code %s", row["district_code"])
		}
	}
	for _, row := range readCSV(t, "sources/credit/administrative-penalties.csv", false, 0) {
		if !validator.ValidUSCC(row["uscc"]) {
			t.Errorf("validator rejects generated USCC %s", row["uscc"])
		}
	}
	for _, a := range birthAreas {
		if !validator.ValidDivision(a.v) {
			t.Errorf("birth area %s is not a GB/T 2260 code", a.v)
		}
	}
}

// TestTablesDeterministic makes the tables twice and compares every value.
func TestTablesDeterministic(t *testing.T) {
	a, b := Tables(), Tables()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of Tables differ")
	}
}

// TestTableValues checks that every row fits its table's columns (one Go value of
// the column's kind per column, NULL only where the column allows it) and that the
// identifiers it carries are valid by the validators the extract applies.
func TestTableValues(t *testing.T) {
	rows := 0
	for _, tb := range Tables() {
		name := tb.Database() + "." + tb.Schema + "." + tb.Name
		if len(tb.Rows) == 0 {
			t.Errorf("%s has no rows", name)
		}
		rows += len(tb.Rows)
		col := map[string]int{}
		for i, c := range tb.Columns {
			col[c.Name] = i
		}
		for r, row := range tb.Rows {
			if len(row) != len(tb.Columns) {
				t.Fatalf("%s row %d: %d values for %d columns", name, r, len(row), len(tb.Columns))
			}
			for i, v := range row {
				c := tb.Columns[i]
				base := strings.Fields(c.Type)[0]
				var ok bool
				switch {
				case v == nil:
					ok = !strings.Contains(c.Type, "not null") && !strings.Contains(c.Type, "primary key")
				case base == "integer" || base == "bigint" || base == "smallint":
					_, ok = v.(int64)
				case base == "double":
					_, ok = v.(float64)
				case strings.HasPrefix(base, "numeric"):
					s, isString := v.(string)
					_, err := strconv.ParseFloat(s, 64)
					ok = isString && err == nil
				case base == "boolean":
					_, ok = v.(bool)
				case base == "date" || base == "timestamptz":
					_, ok = v.(time.Time)
				default:
					_, ok = v.(string)
				}
				if !ok {
					t.Fatalf("%s row %d column %s (%s): value %#v", name, r, c.Name, c.Type, v)
				}
			}
			check := func(column string, valid func(string) bool) {
				if i, ok := col[column]; ok && row[i] != nil && !valid(row[i].(string)) {
					t.Errorf("%s row %d: %s %q is not valid", name, r, column, row[i])
				}
			}
			for _, c := range []string{"district_code", "pickup_district", "dropoff_district"} {
				check(c, validator.ValidDivision)
			}
			check("employer_uscc", validator.ValidUSCC)
			check("supplier_uscc", validator.ValidUSCC)
			check("household_id", validator.ValidResidentID)
			check("caller", validator.ValidMobile)
			check("plate", validator.ValidPlate)
		}
	}
	if rows > 20000 {
		t.Errorf("the tables hold %d rows; keep them small so that make run stays quick", rows)
	}
}

// TestFileCodesAreValid checks every credit code and division code of the generated
// CSV files (columns uscc, *_uscc, district_code) with the validators the extract
// applies, so that an element's validity threshold holds on the demo's sources.
func TestFileCodesAreValid(t *testing.T) {
	for _, f := range mustFiles(t) {
		if !strings.HasSuffix(f.Path, ".csv") || strings.Contains(f.Path, "enterprise-registrations") {
			continue // the enterprise register is GBK with Chinese headers (TestValuesAreWellFormed)
		}
		for _, row := range readCSV(t, f.Path, false, 0) {
			for col, v := range row {
				var ok bool
				switch {
				case col == "uscc" || strings.HasSuffix(col, "_uscc"):
					ok = validator.ValidUSCC(v)
				case col == "district_code":
					ok = validator.ValidDivision(v)
				default:
					continue
				}
				if !ok {
					t.Errorf("%s: %s %q is not valid", f.Path, col, v)
				}
			}
		}
	}
}
