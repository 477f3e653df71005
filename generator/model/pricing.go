package model

// PricingPolicy is pricing/<id>.yaml: how a data product is charged
// (按需响应、先用后付、按实结算).
type PricingPolicy struct {
	// Kind is always "PricingPolicy".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=PricingPolicy"`
	// ID equals the file name.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Name is the policy's name.
	Name Text `yaml:"name" json:"name"`
	// Description explains the policy (Markdown).
	Description *Text `yaml:"description,omitempty" json:"description,omitempty"`
	// Product is what is charged for.
	Product string `yaml:"product" json:"product" jsonschema:"enum=download,enum=api,enum=sandbox,enum=verification"`
	// UseClasses are the uses the policy applies to.
	UseClasses []string `yaml:"use_classes" json:"use_classes" jsonschema:"minItems=1,uniqueItems=true,enum=public-governance,enum=public-welfare,enum=research,enum=industry,enum=commercial"`
	// Basis is what quantity is billed.
	Basis string `yaml:"basis" json:"basis" jsonschema:"enum=per-product,enum=per-call,enum=per-time,enum=per-volume"`
	// Unit names one billed unit.
	Unit *Text `yaml:"unit,omitempty" json:"unit,omitempty"`
	// Scheme is progressive (each band at its own rate) or volume (the whole quantity at the band rate).
	Scheme string `yaml:"scheme" json:"scheme" jsonschema:"enum=progressive,enum=volume"`
	// Tiers are the price bands, contiguous, prices in integer fen (0.01 CNY).
	Tiers []Tier `yaml:"tiers" json:"tiers" jsonschema:"minItems=1"`
	// Cap is the approved price cap.
	Cap *Cap `yaml:"cap,omitempty" json:"cap,omitempty"`
	// Discounts are scenario discounts.
	Discounts []Discount `yaml:"discounts,omitempty" json:"discounts,omitempty"`
	// Settlement is how usage is billed.
	Settlement Settlement `yaml:"settlement" json:"settlement"`
	// FreeQuota is the number of free units per period: they are the first units of the
	// period, so they fall in the first band (tier bounds count them).
	FreeQuota int64 `yaml:"free_quota,omitempty" json:"free_quota,omitempty" jsonschema:"minimum=0"`
}

// Tier is one price band: units up to UpTo cost PriceFen each.
type Tier struct {
	// UpTo is the band's inclusive upper bound in units; omit on the open-ended last band.
	UpTo *int64 `yaml:"up_to,omitempty" json:"up_to,omitempty" jsonschema:"minimum=1"`
	// PriceFen is the price per unit in fen.
	PriceFen int64 `yaml:"price_fen" json:"price_fen" jsonschema:"minimum=0"`
}

// Cap is an approved price cap.
type Cap struct {
	// PriceFen is the highest allowed unit price in fen.
	PriceFen int64 `yaml:"price_fen" json:"price_fen" jsonschema:"minimum=0"`
	// ApprovedBy is the approving authority.
	ApprovedBy *Text `yaml:"approved_by,omitempty" json:"approved_by,omitempty"`
	// Doc is the approval document number.
	Doc string `yaml:"doc,omitempty" json:"doc,omitempty"`
	// Effective is the date the cap takes effect.
	Effective Date `yaml:"effective,omitempty" json:"effective,omitempty"`
}

// Discount is a percentage off for a scenario.
type Discount struct {
	// Scenario says who gets the discount.
	Scenario Text `yaml:"scenario" json:"scenario"`
	// Percent is the discount in percent.
	Percent float64 `yaml:"percent" json:"percent" jsonschema:"exclusiveMinimum=0,maximum=100"`
}

// Settlement is how usage is billed.
type Settlement struct {
	// Billing is post-paid (先用后付) or pre-paid.
	Billing string `yaml:"billing" json:"billing" jsonschema:"enum=post-paid,enum=pre-paid"`
	// Period is the billing period as an ISO 8601 duration.
	Period string `yaml:"period,omitempty" json:"period,omitempty" jsonschema:"pattern=^P(?:[0-9]+[YMWD])*(?:T(?:[0-9]+[HMS])+)?$"`
}
