package model

// Dataset is datasets/<department>/<id>.yaml: an open-dataset definition.
type Dataset struct {
	// Kind is always "Dataset".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=Dataset"`
	// ID equals the file name.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Version is the dataset's semantic version; a major bump marks a breaking change.
	Version string `yaml:"version" json:"version" jsonschema:"pattern=^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"`
	// Status is the dataset's lifecycle state; active when omitted.
	Status string `yaml:"status,omitempty" json:"status,omitempty" jsonschema:"enum=draft,enum=active,enum=deprecated,enum=retired"`
	// Title is the dataset's name.
	Title Text `yaml:"title" json:"title"`
	// Description says what the data is and how to use it (Markdown, 50–5000 characters).
	Description Text `yaml:"description" json:"description"`
	// Department is the responsible department's id.
	Department string `yaml:"department" json:"department"`
	// Themes are ids from the portal's theme list.
	Themes []string `yaml:"themes" json:"themes" jsonschema:"minItems=1,uniqueItems=true"`
	// Keywords help people find the dataset; each is a plain (Chinese) string or
	// localized text {zh: …, en: …}, so English pages can show English keywords.
	Keywords []Text `yaml:"keywords,omitempty" json:"keywords,omitempty"`
	// OpenType is unconditional, conditional or non-open.
	OpenType string `yaml:"open_type" json:"open_type" jsonschema:"enum=unconditional,enum=conditional,enum=non-open"`
	// License is an SPDX licence id, or the id (LicenseRef-…) of a custom licence
	// portal.yaml declares under licenses; required when unconditional.
	License string `yaml:"license,omitempty" json:"license,omitempty"`
	// Rights states the terms of use; required unless unconditional.
	Rights *Text `yaml:"rights,omitempty" json:"rights,omitempty"`
	// Grade is core, important or general (GB/T 43697).
	Grade string `yaml:"grade" json:"grade" jsonschema:"enum=core,enum=important,enum=general"`
	// Level must equal the highest column level.
	Level int `yaml:"level" json:"level" jsonschema:"minimum=1,maximum=4"`
	// Update is the dataset's update schedule.
	Update DatasetUpdate `yaml:"update" json:"update"`
	// Issued is the date the dataset was first published.
	Issued Date `yaml:"issued,omitempty" json:"issued,omitempty"`
	// Temporal is the period the data covers.
	Temporal *Temporal `yaml:"temporal,omitempty" json:"temporal,omitempty"`
	// Spatial is the GB/T 2260 code of the area the data covers.
	Spatial string `yaml:"spatial,omitempty" json:"spatial,omitempty" jsonschema:"pattern=^[0-9]{6}$,format=gbt2260"`
	// Source is where the raw rows come from; never published as is. Required unless non-open.
	Source *Source `yaml:"source,omitempty" json:"source,omitempty"`
	// Columns is the data dictionary, in output order.
	Columns []Column `yaml:"columns" json:"columns" jsonschema:"minItems=1"`
	// Privacy sets the k-anonymity enforced on output.
	Privacy *Privacy `yaml:"privacy,omitempty" json:"privacy,omitempty"`
	// Quality sets how many source rows an extract may reject.
	Quality *DatasetQuality `yaml:"quality,omitempty" json:"quality,omitempty"`
	// Access names the pricing policies and the application guide.
	Access *Access `yaml:"access,omitempty" json:"access,omitempty"`
	// Changelog lists every published version, newest first.
	Changelog []ChangelogEntry `yaml:"changelog" json:"changelog" jsonschema:"minItems=1"`
	// Origin records the source record an imported dataset was made from, so that
	// `shuyuan import --update` finds it again and updates only what the source owns.
	// Written by shuyuan import; never published.
	Origin *Origin `yaml:"origin,omitempty" json:"origin,omitempty"`
}

// Origin identifies the source record of an imported dataset, as a CKAN harvest
// object does (harvest source, guid, content), and records which fields the source
// owns: each key of Hashes is a field shuyuan import maps from the source, its
// value a hash of what the source said when last imported. A field whose hash is
// unchanged is never touched on --update, so local edits to it survive; fields
// without a hash (columns, grade, level, themes, source, …) belong to the catalog.
type Origin struct {
	// Format is the import format: ckan, datajson or jkan.
	Format string `yaml:"format" json:"format" jsonschema:"enum=ckan,enum=datajson,enum=jkan"`
	// Source names the harvest source: the base name of the file, folder or JKAN
	// site imported. Records that disappear from it are reported as withdrawn.
	Source string `yaml:"source" json:"source" jsonschema:"minLength=1"`
	// ID is the record's identifier in the source: the CKAN package id, the Project
	// Open Data identifier, the JKAN page name.
	ID string `yaml:"id" json:"id" jsonschema:"minLength=1"`
	// Hashes maps each field the source owns (title, description, keywords,
	// license, open_type, update.frequency, update.last_modified, issued, temporal)
	// to the first 12 hex digits of the SHA-256 of its source value.
	Hashes map[string]string `yaml:"hashes" json:"hashes"`
}

// DatasetUpdate is a dataset's update schedule.
type DatasetUpdate struct {
	// Frequency is how often the dataset is updated.
	Frequency string `yaml:"frequency" json:"frequency" jsonschema:"enum=realtime,enum=hourly,enum=daily,enum=weekly,enum=monthly,enum=quarterly,enum=yearly,enum=irregular"`
	// LastModified is the date of the last update.
	LastModified Date `yaml:"last_modified,omitempty" json:"last_modified,omitempty"`
}

// Temporal is a period of time.
type Temporal struct {
	// Start is the first day covered.
	Start Date `yaml:"start,omitempty" json:"start,omitempty"`
	// End is the last day covered.
	End Date `yaml:"end,omitempty" json:"end,omitempty"`
}

// Dataset statuses (status); a dataset without one is active.
const (
	StatusDraft      = "draft"
	StatusActive     = "active"
	StatusDeprecated = "deprecated"
	StatusRetired    = "retired"
)

// Source formats: how a dataset's raw rows are read (source.format).
const (
	FormatCSV      = "csv"
	FormatJSONL    = "jsonl"
	FormatPostgres = "postgres"
)

// Source says where a dataset's raw rows come from.
type Source struct {
	// Format is csv, jsonl or postgres.
	Format string `yaml:"format" json:"format" jsonschema:"enum=csv,enum=jsonl,enum=postgres"`
	// Path is the catalog-relative path of a csv or jsonl file.
	Path string `yaml:"path,omitempty" json:"path,omitempty"`
	// Encoding is the file encoding; a UTF-8 BOM is accepted.
	Encoding string `yaml:"encoding,omitempty" json:"encoding,omitempty" jsonschema:"enum=utf-8,enum=gbk,enum=gb18030"`
	// Delimiter is the CSV field delimiter, one character; "," by default.
	Delimiter string `yaml:"delimiter,omitempty" json:"delimiter,omitempty" jsonschema:"minLength=1,maxLength=1"`
	// Null lists the CSV cell values read as null; the empty cell by default.
	Null []string `yaml:"null,omitempty" json:"null,omitempty"`
	// SkipRows is the number of title lines above the CSV header row.
	SkipRows int `yaml:"skip_rows,omitempty" json:"skip_rows,omitempty" jsonschema:"minimum=0"`
	// DSNEnv names the environment variable holding the PostgreSQL connection string.
	DSNEnv string `yaml:"dsn_env,omitempty" json:"dsn_env,omitempty" jsonschema:"pattern=^[A-Z_][A-Z0-9_]*$"`
	// Query is the PostgreSQL query that yields the rows.
	Query string `yaml:"query,omitempty" json:"query,omitempty"`
	// Key names the query result column the rows are read in the order of, and whose
	// value ranges split the read over several connections (--db-parallel); by default
	// the one column declared constraints.unique. Its values should be unique and indexed.
	Key string `yaml:"key,omitempty" json:"key,omitempty" jsonschema:"minLength=1"`
}

// Column is one column of a dataset's data dictionary.
type Column struct {
	// Name is the published column name.
	Name string `yaml:"name" json:"name" jsonschema:"minLength=1,maxLength=128"`
	// Header is the source header or JSON key this column reads; Name by default.
	Header string `yaml:"header,omitempty" json:"header,omitempty"`
	// Title is the column's display name.
	Title *Text `yaml:"title,omitempty" json:"title,omitempty"`
	// Description explains the column.
	Description *Text `yaml:"description,omitempty" json:"description,omitempty"`
	// Type is the value type.
	Type string `yaml:"type" json:"type" jsonschema:"enum=string,enum=integer,enum=number,enum=boolean,enum=date,enum=datetime"`
	// Element is the DataElement id this column carries.
	Element string `yaml:"element,omitempty" json:"element,omitempty"`
	// FromSystem names the system the column's values are taken from (its zh or en
	// name); when it is a system listed in the element's replicas, lint reports
	// replica-use: take the values from the element's source system instead.
	FromSystem string `yaml:"from_system,omitempty" json:"from_system,omitempty" jsonschema:"minLength=1"`
	// Level is the column's sensitivity level, 1..4.
	Level int `yaml:"level" json:"level" jsonschema:"minimum=1,maximum=4"`
	// PersonalInfo is none, personal or sensitive.
	PersonalInfo string `yaml:"personal_info" json:"personal_info" jsonschema:"enum=none,enum=personal,enum=sensitive"`
	// Role is the column's role for de-identification.
	Role string `yaml:"role" json:"role" jsonschema:"enum=direct-identifier,enum=quasi-identifier,enum=sensitive,enum=insensitive"`
	// Detector is a validator that recognises this column's values.
	Detector string `yaml:"detector,omitempty" json:"detector,omitempty" jsonschema:"enum=cn-resident-id,enum=uscc,enum=cn-mobile,enum=bank-card,enum=email,enum=cn-plate,enum=ipv4,enum=gbt2260"`
	// Deid is how the column is de-identified; keep when omitted on non-personal columns.
	Deid *Deid `yaml:"deid,omitempty" json:"deid,omitempty"`
	// Constraints restrict the column's values.
	Constraints *Constraints `yaml:"constraints,omitempty" json:"constraints,omitempty"`
}

// SourceName is the header or key the column reads from the source.
func (c Column) SourceName() string {
	if c.Header != "" {
		return c.Header
	}
	return c.Name
}

// Deid is a column's de-identification operator and its parameters.
type Deid struct {
	// Op is the operator.
	Op string `yaml:"op" json:"op" jsonschema:"enum=keep,enum=drop,enum=replace,enum=mask,enum=tokenize,enum=generalize,enum=bucket,enum=round,enum=date-shift,enum=derive"`
	// Why justifies keeping a personal column (keep).
	Why string `yaml:"why,omitempty" json:"why,omitempty"`
	// Value is the constant replacement (replace).
	Value string `yaml:"value,omitempty" json:"value,omitempty"`
	// KeepPrefix is how many leading characters stay visible (mask).
	KeepPrefix int `yaml:"keep_prefix,omitempty" json:"keep_prefix,omitempty" jsonschema:"minimum=0"`
	// KeepSuffix is how many trailing characters stay visible (mask).
	KeepSuffix int `yaml:"keep_suffix,omitempty" json:"keep_suffix,omitempty" jsonschema:"minimum=0"`
	// Char is the mask character, "*" by default (mask).
	Char string `yaml:"char,omitempty" json:"char,omitempty" jsonschema:"minLength=1,maxLength=1"`
	// Key references the secret key: env:SHUYUAN_KEY_NAME (an environment variable
	// whose name starts with SHUYUAN_KEY_, so that no other variable of the
	// build, such as PATH, can serve as a key) or file:PATH (tokenize, date-shift).
	Key string `yaml:"key,omitempty" json:"key,omitempty" jsonschema:"pattern=^(env:SHUYUAN_KEY_[A-Z0-9_]+|file:.+)$"`
	// Length is the token length in bits, at least 128 (tokenize).
	Length int `yaml:"length,omitempty" json:"length,omitempty" jsonschema:"minimum=128,maximum=256"`
	// To is the generalization target (generalize).
	To string `yaml:"to,omitempty" json:"to,omitempty" jsonschema:"enum=year,enum=quarter,enum=month,enum=province,enum=city,enum=district,enum=age-band"`
	// Width is the band width (bucket, generalize to age-band).
	Width float64 `yaml:"width,omitempty" json:"width,omitempty" jsonschema:"exclusiveMinimum=0"`
	// Lower is the bottom of the first bucket (bucket).
	Lower *float64 `yaml:"lower,omitempty" json:"lower,omitempty"`
	// Upper is the top of the last bucket (bucket).
	Upper *float64 `yaml:"upper,omitempty" json:"upper,omitempty"`
	// Bands are explicit buckets (bucket).
	Bands []Band `yaml:"bands,omitempty" json:"bands,omitempty"`
	// Digits is the number of decimals kept (round).
	Digits *int `yaml:"digits,omitempty" json:"digits,omitempty" jsonschema:"minimum=-6,maximum=15"`
	// MaxDays is the largest shift in days (date-shift).
	MaxDays int `yaml:"max_days,omitempty" json:"max_days,omitempty" jsonschema:"minimum=1"`
	// By names the entity column whose rows shift together (date-shift).
	By string `yaml:"by,omitempty" json:"by,omitempty"`
	// From is the validator of the identifier a derived column is computed from (derive).
	From string `yaml:"from,omitempty" json:"from,omitempty" jsonschema:"enum=cn-resident-id"`
	// Field is the derived field (derive).
	Field string `yaml:"field,omitempty" json:"field,omitempty" jsonschema:"enum=birth-year,enum=sex,enum=region"`
	// Source names the column a derived value is computed from (derive); the column's own
	// header by default.
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

// Band is one explicit bucket: values up to Max get Label.
type Band struct {
	// Max is the band's inclusive upper bound; omit on the last band.
	Max *float64 `yaml:"max,omitempty" json:"max,omitempty"`
	// Label is what values in the band are published as.
	Label string `yaml:"label" json:"label"`
}

// Constraints restrict a column's values.
type Constraints struct {
	// Required means the value may not be null.
	Required bool `yaml:"required,omitempty" json:"required,omitempty"`
	// Unique means no two rows share the value.
	Unique bool `yaml:"unique,omitempty" json:"unique,omitempty"`
	// Minimum is the smallest allowed number.
	Minimum *float64 `yaml:"minimum,omitempty" json:"minimum,omitempty"`
	// Maximum is the largest allowed number.
	Maximum *float64 `yaml:"maximum,omitempty" json:"maximum,omitempty"`
	// Pattern is a regular expression string values must match.
	Pattern string `yaml:"pattern,omitempty" json:"pattern,omitempty"`
	// Enum lists the allowed values.
	Enum []string `yaml:"enum,omitempty" json:"enum,omitempty"`
}

// Privacy sets the k-anonymity and l-diversity enforced on a dataset's output.
type Privacy struct {
	// Subject names the column identifying the person a row describes; by default the
	// one direct-identifier column (required when there are several).
	Subject string `yaml:"subject,omitempty" json:"subject,omitempty" jsonschema:"minLength=1"`
	// K is the smallest number of distinct subjects (people, not rows) in every
	// quasi-identifier group of the output.
	K int `yaml:"k,omitempty" json:"k,omitempty"`
	// LDiversity requires at least L distinct values of a sensitive column in every group.
	LDiversity *LDiversity `yaml:"l_diversity,omitempty" json:"l_diversity,omitempty"`
	// MaxSuppression is the share of rows that may be suppressed to reach k and l.
	MaxSuppression float64 `yaml:"max_suppression,omitempty" json:"max_suppression,omitempty" jsonschema:"minimum=0,maximum=1"`
}

// LDiversity is distinct l-diversity over one sensitive column.
type LDiversity struct {
	// Column names the sensitive column.
	Column string `yaml:"column" json:"column" jsonschema:"minLength=1"`
	// L is the smallest number of distinct values of the column in every group.
	L int `yaml:"l" json:"l" jsonschema:"minimum=2"`
}

// DatasetQuality sets how many source rows an extract may reject.
type DatasetQuality struct {
	// MaxRejected is the share of source rows (0 to 1) that may be rejected; above it
	// the extract fails. 0 when omitted: any rejected row fails the extract.
	MaxRejected float64 `yaml:"max_rejected,omitempty" json:"max_rejected,omitempty" jsonschema:"minimum=0,maximum=1"`
}

// Access names a dataset's pricing and application guide.
type Access struct {
	// Pricing lists PricingPolicy ids that apply.
	Pricing []string `yaml:"pricing,omitempty" json:"pricing,omitempty" jsonschema:"uniqueItems=true"`
	// Application is the application guide (申请指南); required when conditional.
	Application *Application `yaml:"application,omitempty" json:"application,omitempty"`
}

// Application is the application guide for a conditional dataset.
type Application struct {
	// Eligible says who may apply.
	Eligible Text `yaml:"eligible" json:"eligible"`
	// PurposeRequired means applicants must state their purpose.
	PurposeRequired bool `yaml:"purpose_required,omitempty" json:"purpose_required,omitempty"`
	// Materials lists the documents an application needs.
	Materials []Text `yaml:"materials,omitempty" json:"materials,omitempty"`
	// ReviewDays is the review time in working days.
	ReviewDays int `yaml:"review_days,omitempty" json:"review_days,omitempty" jsonschema:"minimum=1"`
	// Delivery is how approved data is delivered.
	Delivery string `yaml:"delivery,omitempty" json:"delivery,omitempty" jsonschema:"enum=download,enum=api,enum=sandbox"`
}

// ChangelogEntry records one published version.
type ChangelogEntry struct {
	// Version is the version this entry describes.
	Version string `yaml:"version" json:"version" jsonschema:"pattern=^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"`
	// Date is the release date.
	Date Date `yaml:"date" json:"date"`
	// Summary says what changed and why.
	Summary Text `yaml:"summary" json:"summary"`
}

// SubjectColumn returns the index of the column naming the person a row describes:
// the column privacy.subject names, else the only direct-identifier column. It
// returns -1 when that determines none: privacy.subject names no column, or there is
// no direct-identifier column or more than one.
func (ds *Dataset) SubjectColumn() int {
	if ds.Privacy != nil && ds.Privacy.Subject != "" {
		for i, c := range ds.Columns {
			if c.Name == ds.Privacy.Subject {
				return i
			}
		}
		return -1
	}
	found := -1
	for i, c := range ds.Columns {
		if c.Role == RoleDirectIdentifier {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// FromFile reports whether the source is a file of the catalog (csv or jsonl), which
// can be read without credentials, rather than a database.
func (s *Source) FromFile() bool {
	return s != nil && (s.Format == FormatCSV || s.Format == FormatJSONL)
}

// KeywordsIn returns the dataset's keywords in lang: every Chinese keyword for "zh",
// and for another language only the keywords that give a translation, so that an
// English page never shows Chinese keywords.
func (ds *Dataset) KeywordsIn(lang string) []string {
	var out []string
	for _, k := range ds.Keywords {
		switch {
		case lang == "zh":
			out = append(out, k.Zh)
		case lang == "en" && k.En != "":
			out = append(out, k.En)
		}
	}
	return out
}
