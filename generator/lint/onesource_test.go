package lint

import (
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/pii"
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

// TestPIIKindsCoverPersonal keeps undeclared-pii in step with the validators
// package's list of personal-identifier validators: the scanner finds each.
func TestPIIKindsCoverPersonal(t *testing.T) {
	kinds := map[string]bool{}
	for k := range pii.NumKinds {
		kinds[k.String()] = true
	}
	for _, name := range validator.Personal() {
		if !kinds[name] {
			t.Errorf("validator %s is personal, but the PII scanner has no kind of that name", name)
		}
	}
}
