package validator

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestValidators(t *testing.T) {
	cases := []struct {
		validator, value string
		want             bool
	}{
		// GB 11643 published example and variants.
		{"cn-resident-id", "11010519491231002X", true},
		{"cn-resident-id", "11010519491231002x", true},
		{"cn-resident-id", "110105194912310021", false}, // wrong check character
		{"cn-resident-id", "11010519491331002X", false}, // month 13
		{"cn-resident-id", "11010519490230002X", false}, // 30 February
		{"cn-resident-id", "99010519491231002X", false}, // no province 99
		{"cn-resident-id", "1101051949123100", false},
		{"cn-resident-id", "110105491231002", true},  // legacy 15-digit form
		{"cn-resident-id", "110105491331002", false}, // legacy, month 13
		{"cn-resident-id", "11010549123100X", false},
		{"cn-resident-id", "", false},
		// GB 32100 published example.
		{"uscc", "91350100M000100Y43", true},
		{"uscc", "91350100M000100Y44", false},
		{"uscc", "91350100M000100Y4", false},
		{"uscc", "913501O0M000100Y43", false}, // O is not in the code set
		{"uscc", "9135A100M000100Y43", false}, // division part not digits
		{"uscc", "11310000MB2F398204", true},  // catalog-format.md example
		{"uscc", "11310000MB2F398205", false},
		{"cn-mobile", "13812345678", true},
		{"cn-mobile", "+86 138 1234 5678", true},
		{"cn-mobile", "+8613812345678", true},
		{"cn-mobile", "8613812345678", true},
		{"cn-mobile", "0086-138-1234-5678", true},
		{"cn-mobile", "138-1234-5678", true},
		{"cn-mobile", "12812345678", false},
		{"cn-mobile", "1381234567", false},
		{"cn-mobile", "+1 138 1234 5678", false},
		{"cn-mobile", "138--1234-5678", false},
		{"cn-mobile", "021-12345678", false},
		{"bank-card", "4111111111111111", true},
		{"bank-card", "4111 1111 1111 1111", true},
		{"bank-card", "6222020200112233445", false}, // Luhn fails
		{"bank-card", "4111111111111112", false},
		{"bank-card", "79927398713", false}, // Luhn-valid but 11 digits
		{"bank-card", "41111111111111x1", false},
		{"email", "opendata@example.gov.cn", true},
		{"email", "first.last+tag@sub.example.com", true},
		{"email", "no-at.example.com", false},
		{"email", "a@b", false},
		{"email", "a..b@example.com", false},
		{"email", ".a@example.com", false},
		{"email", "a@-example.com", false},
		{"email", "a@example.c0m", false},
		{"email", "张三@example.com", false},
		{"cn-plate", "沪A12345", true},
		{"cn-plate", "沪A·12345", true},
		{"cn-plate", "京AD12345", true}, // small new-energy
		{"cn-plate", "粤B12345F", true}, // large new-energy
		{"cn-plate", "苏E1234学", true},
		{"cn-plate", "沪A1234", false},
		{"cn-plate", "沪AI2345", false},
		{"cn-plate", "沪a12345", false},
		{"cn-plate", "A12345", false},
		{"cn-plate", "京AX12345", false}, // X is no energy letter
		{"cn-plate", "沪A1234好", false},
		{"ipv4", "192.168.0.1", true},
		{"ipv4", "255.255.255.255", true},
		{"ipv4", "256.1.1.1", false},
		{"ipv4", "01.2.3.4", false},
		{"ipv4", "::1", false},
		{"ipv4", "1.2.3", false},
		{"gbt2260", "310104", true},
		{"gbt2260", "110000", true},
		{"gbt2260", "310100", true},
		{"gbt2260", "310199", false},
		{"gbt2260", "31010", false},
		{"gbt2260", "3101O4", false},
	}
	for _, c := range cases {
		t.Run(c.validator+"/"+c.value, func(t *testing.T) {
			f := Get(c.validator)
			if f == nil {
				t.Fatalf("no validator %s", c.validator)
			}
			if got := f(c.value); got != c.want {
				t.Errorf("%s(%q) = %v, want %v", c.validator, c.value, got, c.want)
			}
		})
	}
}

func TestNames(t *testing.T) {
	want := []string{"bank-card", "cn-mobile", "cn-plate", "cn-resident-id", "email", "gbt2260", "ipv4", "uscc"}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	if Get("nope") != nil {
		t.Error("Get of an unknown name is not nil")
	}
	for _, n := range Personal() {
		if Get(n) == nil {
			t.Errorf("Personal lists unknown validator %s", n)
		}
	}
}

func TestParseResidentID(t *testing.T) {
	r, err := ParseResidentID("11010519491231002X")
	if err != nil {
		t.Fatal(err)
	}
	if r.Region != "110105" || r.BirthDate() != "1949-12-31" || r.Sex() != "female" || r.Legacy {
		t.Errorf("got %+v", r)
	}
	r, err = ParseResidentID("110105491231001")
	if err != nil {
		t.Fatal(err)
	}
	if r.BirthDate() != "1949-12-31" || r.Sex() != "male" || !r.Legacy {
		t.Errorf("legacy: got %+v", r)
	}
	for s, want := range map[string]error{
		"11010519491231002":  ErrResidentIDLength,
		"1101051949123100Y2": ErrResidentIDChars,
		"11010518000229002X": ErrResidentIDBirth,
		"11010519491231002Y": ErrResidentIDChars,
		"110105194912310020": ErrResidentIDCheck,
		"000105194912310020": ErrResidentIDRegion,
	} {
		if _, err := ParseResidentID(s); err != want {
			t.Errorf("ParseResidentID(%q) error = %v, want %v", s, err, want)
		}
	}
}

// TestKnownProvince: the table of two-digit codes says what the division table and
// extraProvinces say, for each of the hundred codes (and no more).
func TestKnownProvince(t *testing.T) {
	for n := range 100 {
		p := fmt.Sprintf("%02d", n)
		_, extra := extraProvinces[p]
		_, listed := divisionTable()[p+"0000"]
		if got := knownProvince(p); got != (extra || listed) {
			t.Errorf("knownProvince(%q) = %v, want %v", p, got, extra || listed)
		}
	}
	for _, p := range []string{"", "3", "310", "3a", "a1"} {
		if knownProvince(p) {
			t.Errorf("knownProvince(%q) = true", p)
		}
	}
	if !knownProvince("31") || !knownProvince("81") || knownProvince("00") {
		t.Error("Shanghai (31) and Hong Kong (81) are provinces, 00 is not")
	}
}

// TestRealDate: the calendar arithmetic agrees with time.Date on every day number of
// every month of four centuries (leap years by 4, 100 and 400) and on months out of range.
func TestRealDate(t *testing.T) {
	for y := 1800; y <= 2200; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				tm := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
				want := m >= 1 && m <= 12 && d >= 1 && tm.Year() == y && int(tm.Month()) == m && tm.Day() == d
				if got := realDate(y, m, d); got != want {
					t.Fatalf("realDate(%d, %d, %d) = %v, want %v", y, m, d, got, want)
				}
			}
		}
	}
}

// BenchmarkValidResidentID is the check every row of an extract with a resident-id
// column makes.
func BenchmarkValidResidentID(b *testing.B) {
	for b.Loop() {
		if !ValidResidentID("11010519491231002X") {
			b.Fatal("invalid")
		}
	}
}

func TestUpgradeResidentID(t *testing.T) {
	got, ok := UpgradeResidentID("110105491231002")
	if !ok || got != "11010519491231002X" {
		t.Errorf("UpgradeResidentID = %q, %v; want 11010519491231002X", got, ok)
	}
	if _, ok := UpgradeResidentID("110105491331002"); ok {
		t.Error("an invalid legacy id was upgraded")
	}
}

func TestCheckChars(t *testing.T) {
	if c, ok := ResidentIDCheckChar("11010519491231002"); !ok || c != 'X' {
		t.Errorf("ResidentIDCheckChar = %q, %v", c, ok)
	}
	if c, ok := USCCCheckChar("91350100M000100Y4"); !ok || c != '3' {
		t.Errorf("USCCCheckChar = %q, %v", c, ok)
	}
	if _, ok := USCCCheckChar("91350100M000100I4"); ok {
		t.Error("USCCCheckChar accepted I")
	}
}

func TestLikelyBankCard(t *testing.T) {
	for s, want := range map[string]bool{
		"4111111111111111":    true,
		"6222020200112233449": Luhn("6222020200112233449"),
		"1234567812345670":    false, // Luhn-valid, no card network starts with 1
		"411111111111":        false, // too short for the scan
	} {
		if got := LikelyBankCard(s); got != want {
			t.Errorf("LikelyBankCard(%q) = %v, want %v", s, got, want)
		}
	}
	if !Luhn("1234567812345670") {
		t.Fatal("test vector 1234567812345670 should pass Luhn")
	}
}

func TestDivisions(t *testing.T) {
	if n, ok := DivisionName("310104"); !ok || n != "徐汇区" {
		t.Errorf("DivisionName(310104) = %q, %v", n, ok)
	}
	for _, c := range []struct{ code, to, want string }{
		{"310104", "province", "310000"},
		{"310104", "city", "310100"},
		{"310104", "district", "310104"},
		{"330106", "city", "330100"},
		{"330106", "province", "330000"},
		{"330100", "district", ""},
		{"330000", "city", ""},
		{"999999", "province", ""},
	} {
		got, _ := Generalize(c.code, c.to)
		if got != c.want {
			t.Errorf("Generalize(%s, %s) = %q, want %q", c.code, c.to, got, c.want)
		}
	}
	for code, want := range map[string]string{
		"310104": "上海市徐汇区",
		"330106": "浙江省杭州市西湖区",
		"310000": "上海市",
		"310100": "上海市",
		"429004": "湖北省仙桃市",
	} {
		if got, ok := FullName(code); !ok || got != want {
			t.Errorf("FullName(%s) = %q, %v; want %q", code, got, ok, want)
		}
	}
	if len(divisionTable()) < 3000 {
		t.Errorf("division table has %d codes; regenerate divisions.txt", len(divisionTable()))
	}
}

// FuzzParseResidentID checks that the parser never panics and that everything it
// accepts round-trips through its own fields.
func FuzzParseResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "110105491231002", "11010519491231002x", "", "X", "000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseResidentID(s)
		if err != nil {
			return
		}
		up, ok := UpgradeResidentID(s)
		if !ok || !ValidResidentID(up) || len(up) != 18 {
			t.Fatalf("accepted %q but its 18-character form %q is invalid", s, up)
		}
		if r.Region != s[:6] || up[6:14] != r.BirthDate()[:4]+r.BirthDate()[5:7]+r.BirthDate()[8:] {
			t.Fatalf("fields of %q do not match: %+v", s, r)
		}
	})
}

func TestGeneralizeAddress(t *testing.T) {
	for _, c := range []struct{ addr, to, want string }{
		{"上海市徐汇区漕溪北路1200号", "district", "上海市徐汇区"},
		{"上海市徐汇区漕溪北路1200号", "city", "上海市"},
		{"上海市徐汇区漕溪北路1200号", "province", "上海市"},
		{"浙江省杭州市西湖区文三路", "district", "浙江省杭州市西湖区"},
		{"浙江省杭州市西湖区文三路", "city", "浙江省杭州市"},
		{"浙江省杭州市西湖区文三路", "province", "浙江省"},
		{"上海市南京东路100号", "district", ""}, // no district in the address
		{"南京东路100号", "province", ""},
	} {
		got, ok := GeneralizeAddress(c.addr, c.to)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("GeneralizeAddress(%q, %s) = %q, %v; want %q", c.addr, c.to, got, ok, c.want)
		}
	}
}
