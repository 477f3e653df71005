package pii

// Kind is a kind of personal identifier.
type Kind uint8

// The kinds, in report order. Their names are the validator names of
// catalog-format.md where one exists.
const (
	ResidentID Kind = iota // cn-resident-id
	Mobile                 // cn-mobile
	BankCard               // bank-card
	Email                  // email
	Passport               // passport
	Plate                  // cn-plate
	NumKinds               // the number of kinds
)

var kindNames = [NumKinds]string{"cn-resident-id", "cn-mobile", "bank-card", "email", "passport", "cn-plate"}

var kindPlural = [NumKinds]string{"resident id numbers", "mobile numbers", "bank card numbers", "e-mail addresses", "passport numbers", "vehicle plates"}

// String is the kind's name: cn-resident-id, cn-mobile, bank-card, email, passport
// or cn-plate.
func (k Kind) String() string {
	if k < NumKinds {
		return kindNames[k]
	}
	return "unknown"
}

// Plural names the kind's values in a sentence ("resident id numbers").
func (k Kind) Plural() string {
	if k < NumKinds {
		return kindPlural[k]
	}
	return "unknown identifiers"
}

// Set is a set of kinds.
type Set uint8

// All is every kind.
const All Set = 1<<NumKinds - 1

// Of returns the set of the given kinds.
func Of(kinds ...Kind) Set {
	var s Set
	for _, k := range kinds {
		s |= 1 << k
	}
	return s
}

// Has reports whether k is in s.
func (s Set) Has(k Kind) bool { return s&(1<<k) != 0 }

// check is one test a candidate passes: the kinds have one each, except resident
// ids, whose 18-character and legacy 15-digit forms are checked differently.
type check uint8

const (
	checkID18 check = iota
	checkID15
	checkMobile
	checkCard
	checkEmail
	checkPassport
	checkPlate
	numChecks
)

// checkKind is the kind each check finds.
var checkKind = [numChecks]Kind{ResidentID, ResidentID, Mobile, BankCard, Email, Passport, Plate}

// chance is the rate at which a random candidate of the check's shape passes the
// check: the MOD 11-2 character (1 in 11), a real 19YYMMDD date in six random
// digits (36,525 in 10^6), a second digit 3–9 (7 in 10), Luhn (1 in 10). Checks
// without look-alikes have 0.
var chance = [numChecks]float64{
	checkID18:   1.0 / 11,
	checkID15:   36525.0 / 1e6,
	checkMobile: 0.7,
	checkCard:   0.1,
}
