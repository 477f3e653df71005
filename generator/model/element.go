package model

// DataElement is elements/<department>/<id>.yaml: one entry of the data-source
// catalog (数源目录). It names the single authoritative source of a data item (一数一源).
type DataElement struct {
	// Kind is always "DataElement".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=DataElement"`
	// ID equals the file name.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Version is the element's semantic version.
	Version string `yaml:"version" json:"version" jsonschema:"pattern=^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"`
	// Status is the element's lifecycle state; active when omitted.
	Status string `yaml:"status,omitempty" json:"status,omitempty" jsonschema:"enum=draft,enum=active,enum=deprecated,enum=retired"`
	// Name is the data item's name.
	Name Text `yaml:"name" json:"name"`
	// Definition says exactly what the item is (Markdown).
	Definition Text `yaml:"definition" json:"definition"`
	// Department is the one responsible department (数据责任部门).
	Department string `yaml:"department" json:"department"`
	// Source is the authoritative source system (数据源头).
	Source ElementSource `yaml:"source" json:"source"`
	// Replicas are known copies that consumers must not use.
	Replicas []Replica `yaml:"replicas,omitempty" json:"replicas,omitempty"`
	// Value describes the item's values.
	Value ElementValue `yaml:"value" json:"value"`
	// Update is the update mechanism (更新机制).
	Update ElementUpdate `yaml:"update" json:"update"`
	// Quality is the quality standard (质量标准).
	Quality Quality `yaml:"quality" json:"quality"`
	// Usage is the usage method (使用方法).
	Usage Usage `yaml:"usage" json:"usage"`
	// Classification grades the item.
	Classification Classification `yaml:"classification" json:"classification"`
	// HighFrequency marks one of the high-frequency data items.
	HighFrequency bool `yaml:"high_frequency,omitempty" json:"high_frequency,omitempty"`
	// ExemptFromFilling means applicants need not fill this item in (免于填写).
	ExemptFromFilling bool `yaml:"exempt_from_filling,omitempty" json:"exempt_from_filling,omitempty"`
	// SameAs lists ids of elements acknowledged as look-alikes, not duplicates.
	SameAs []string `yaml:"same_as,omitempty" json:"same_as,omitempty"`
}

// ElementSource is the system an element is collected in.
type ElementSource struct {
	// System is the source system's name.
	System Text `yaml:"system" json:"system"`
	// Collection is how the source collects the item.
	Collection string `yaml:"collection,omitempty" json:"collection,omitempty" jsonschema:"enum=registration,enum=business,enum=sensing,enum=aggregation"`
}

// Replica is a known copy of an element in another system.
type Replica struct {
	// System is the copying system's name.
	System Text `yaml:"system" json:"system"`
	// Department is the department that runs the copy.
	Department string `yaml:"department,omitempty" json:"department,omitempty"`
}

// ElementValue describes the values of an element.
type ElementValue struct {
	// Type is the value type.
	Type string `yaml:"type" json:"type" jsonschema:"enum=string,enum=integer,enum=number,enum=boolean,enum=date,enum=datetime"`
	// Validator checks each value.
	Validator string `yaml:"validator,omitempty" json:"validator,omitempty" jsonschema:"enum=cn-resident-id,enum=uscc,enum=cn-mobile,enum=bank-card,enum=email,enum=cn-plate,enum=ipv4,enum=gbt2260"`
	// Standard is the code standard the values follow.
	Standard string `yaml:"standard,omitempty" json:"standard,omitempty"`
}

// ElementUpdate is the update mechanism of an element.
type ElementUpdate struct {
	// Frequency is how often the source updates.
	Frequency string `yaml:"frequency" json:"frequency" jsonschema:"enum=realtime,enum=hourly,enum=daily,enum=weekly,enum=monthly,enum=quarterly,enum=yearly,enum=irregular"`
	// Mode is full, incremental or realtime.
	Mode string `yaml:"mode,omitempty" json:"mode,omitempty" jsonschema:"enum=full,enum=incremental,enum=realtime"`
	// Latency is the ISO 8601 duration between a change at the source and its availability.
	Latency string `yaml:"latency,omitempty" json:"latency,omitempty" jsonschema:"pattern=^P(?:[0-9]+[YMWD])*(?:T(?:[0-9]+[HMS])+)?$"`
	// LastUpdated is the date of the last update.
	LastUpdated Date `yaml:"last_updated,omitempty" json:"last_updated,omitempty"`
}

// Quality is the quality standard of an element.
type Quality struct {
	// Standards lists the national or local standards that apply.
	Standards []string `yaml:"standards,omitempty" json:"standards,omitempty"`
	// Rules are measurable quality rules.
	Rules []QualityRule `yaml:"rules,omitempty" json:"rules,omitempty"`
}

// QualityRule is one measurable quality rule.
type QualityRule struct {
	// Kind is the quality dimension measured.
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=validity,enum=completeness,enum=timeliness,enum=consistency,enum=accuracy,enum=uniqueness"`
	// Validator is the validator used by a validity rule.
	Validator string `yaml:"validator,omitempty" json:"validator,omitempty" jsonschema:"enum=cn-resident-id,enum=uscc,enum=cn-mobile,enum=bank-card,enum=email,enum=cn-plate,enum=ipv4,enum=gbt2260"`
	// Threshold is the share of values that must pass, from 0 to 1.
	Threshold float64 `yaml:"threshold,omitempty" json:"threshold,omitempty" jsonschema:"minimum=0,maximum=1"`
	// Description explains the rule in words.
	Description *Text `yaml:"description,omitempty" json:"description,omitempty"`
}

// Usage is the usage method of an element.
type Usage struct {
	// Channels are the ways consumers may use the item.
	Channels []string `yaml:"channels,omitempty" json:"channels,omitempty" jsonschema:"uniqueItems=true,enum=share-api,enum=verify-api,enum=batch,enum=open-platform"`
	// Guide is the user-facing application guide for this item (Markdown).
	Guide *Text `yaml:"guide,omitempty" json:"guide,omitempty"`
}

// Classification grades an element.
type Classification struct {
	// Grade is core, important or general (GB/T 43697).
	Grade string `yaml:"grade" json:"grade" jsonschema:"enum=core,enum=important,enum=general"`
	// Level is 1..4 within general data; higher is more sensitive.
	Level int `yaml:"level" json:"level" jsonschema:"minimum=1,maximum=4"`
	// PersonalInfo is none, personal or sensitive (PIPL).
	PersonalInfo string `yaml:"personal_info" json:"personal_info" jsonschema:"enum=none,enum=personal,enum=sensitive"`
	// OpenType is how widely the item may be opened.
	OpenType string `yaml:"open_type" json:"open_type" jsonschema:"enum=unconditional,enum=conditional,enum=non-open"`
}
