package model

// Kinds of catalog file.
const (
	KindPortal        = "Portal"
	KindDepartment    = "Department"
	KindDataElement   = "DataElement"
	KindDataset       = "Dataset"
	KindPricingPolicy = "PricingPolicy"
	KindRequest       = "Request"
	KindObjection     = "Objection"
	KindCalendar      = "Calendar"
)

// Kinds lists every YAML kind in the order the catalog layout presents them.
var Kinds = []string{KindPortal, KindDepartment, KindDataElement, KindDataset, KindPricingPolicy, KindRequest, KindObjection, KindCalendar}

// Open types: how widely a dataset or element may be opened.
const (
	OpenUnconditional = "unconditional"
	OpenConditional   = "conditional"
	OpenNonOpen       = "non-open"
)

// OpenRank orders open types from narrowest (0, non-open) to widest (2, unconditional).
func OpenRank(openType string) int {
	switch openType {
	case OpenUnconditional:
		return 2
	case OpenConditional:
		return 1
	}
	return 0
}

// Grades of data under GB/T 43697.
const (
	GradeCore      = "core"
	GradeImportant = "important"
	GradeGeneral   = "general"
)

// GradeRank orders grades from least (0, general) to most sensitive (2, core).
func GradeRank(grade string) int {
	switch grade {
	case GradeCore:
		return 2
	case GradeImportant:
		return 1
	}
	return 0
}

// Personal-information classes under PIPL.
const (
	PersonalNone      = "none"
	PersonalPersonal  = "personal"
	PersonalSensitive = "sensitive"
)

// PersonalRank orders personal-information classes from none (0) to sensitive (2).
func PersonalRank(p string) int {
	switch p {
	case PersonalSensitive:
		return 2
	case PersonalPersonal:
		return 1
	}
	return 0
}

// Column roles for de-identification.
const (
	RoleDirectIdentifier = "direct-identifier"
	RoleQuasiIdentifier  = "quasi-identifier"
	RoleSensitive        = "sensitive"
	RoleInsensitive      = "insensitive"
)

// Value types of elements and columns.
const (
	TypeString   = "string"
	TypeInteger  = "integer"
	TypeNumber   = "number"
	TypeBoolean  = "boolean"
	TypeDate     = "date"
	TypeDatetime = "datetime"
)

// Update frequencies.
const (
	FreqRealtime  = "realtime"
	FreqHourly    = "hourly"
	FreqDaily     = "daily"
	FreqWeekly    = "weekly"
	FreqMonthly   = "monthly"
	FreqQuarterly = "quarterly"
	FreqYearly    = "yearly"
	FreqIrregular = "irregular"
)

// Frequencies lists every update frequency from most to least frequent.
var Frequencies = []string{FreqRealtime, FreqHourly, FreqDaily, FreqWeekly, FreqMonthly, FreqQuarterly, FreqYearly, FreqIrregular}

// De-identification operators.
const (
	OpKeep       = "keep"
	OpDrop       = "drop"
	OpReplace    = "replace"
	OpMask       = "mask"
	OpTokenize   = "tokenize"
	OpGeneralize = "generalize"
	OpBucket     = "bucket"
	OpRound      = "round"
	OpDateShift  = "date-shift"
	OpDerive     = "derive"
)

// Validators names every identifier validator a column or element may use.
var Validators = []string{"cn-resident-id", "uscc", "cn-mobile", "bank-card", "email", "cn-plate", "ipv4", "gbt2260"}

// Use classes of pricing policies.
const (
	UsePublicGovernance = "public-governance"
	UsePublicWelfare    = "public-welfare"
	UseResearch         = "research"
	UseIndustry         = "industry"
	UseCommercial       = "commercial"
)
