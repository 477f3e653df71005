package lint

import (
	"fmt"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/validator"
)

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

// TestPIIRecognizersCoverPersonal keeps undeclared-pii in step with the validators
// package's list of personal-identifier validators.
func TestPIIRecognizersCoverPersonal(t *testing.T) {
	var names []string
	for _, r := range piiRecognizers {
		names = append(names, r.name)
	}
	if fmt.Sprint(names) != fmt.Sprint(validator.Personal()) {
		t.Errorf("undeclared-pii runs %v, validator.Personal() is %v", names, validator.Personal())
	}
}
