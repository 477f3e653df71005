package lint

import "testing"

// TestNormName checks the name normalization of the one-data-one-source rules.
func TestNormName(t *testing.T) {
	for in, want := range map[string]string{
		" 公民身份号码。":           "公民身份号码",
		"公民 身份-号码":           "公民身份号码",
		"ＡＢＣ１２３　号码":          "abc123号码",
		"resident_id_number": "residentidnumber",
		"Resident ID number": "residentidnumber",
		"resident-id-number": "residentidnumber",
		"":                   "",
	} {
		if got := normName(in); got != want {
			t.Errorf("normName(%q) = %q, want %q", in, got, want)
		}
	}
}
