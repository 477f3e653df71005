package model

// Request is requests/<id>.yaml: one application for a conditional dataset and its
// decision (申请记录). It names the applicant's category, never the applicant.
type Request struct {
	// Kind is always "Request".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=Request"`
	// ID equals the file name, for example req-2026-0001.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Dataset is the id of the dataset applied for.
	Dataset string `yaml:"dataset" json:"dataset"`
	// Version is the dataset version applied for; the current version when omitted.
	Version string `yaml:"version,omitempty" json:"version,omitempty" jsonschema:"pattern=^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"`
	// Department is the id of the department that decides: the dataset's department.
	Department string `yaml:"department" json:"department"`
	// Applicant is the category of applicant; never a name, an id number or a contact.
	Applicant string `yaml:"applicant" json:"applicant" jsonschema:"enum=enterprise,enum=research,enum=public-institution,enum=social-organization,enum=government"`
	// Use is the use class the applicant states, as pricing policies classify uses.
	Use string `yaml:"use" json:"use" jsonschema:"enum=public-governance,enum=public-welfare,enum=research,enum=industry,enum=commercial"`
	// Received is the date the application was received (the first state).
	Received Date `yaml:"received" json:"received"`
	// Decided is the date of the decision (the second state); omitted while the
	// application is open.
	Decided Date `yaml:"decided,omitempty" json:"decided,omitempty"`
	// Decision is approved or refused; the record-state rule requires it with decided.
	Decision string `yaml:"decision,omitempty" json:"decision,omitempty" jsonschema:"enum=approved,enum=refused"`
	// Reason is the code of the reason for a refusal (the review criteria of the
	// application guide); the record-state rule requires it with a refusal.
	Reason string `yaml:"reason,omitempty" json:"reason,omitempty" jsonschema:"enum=purpose-unclear,enum=scope-disproportionate,enum=materials-incomplete,enum=security-capacity,enum=eligibility,enum=reidentification-risk,enum=resale-risk"`
	// LateReason says why the decision came after the dataset's review time
	// (access.application.review_days working days); the deadline rule requires it
	// on every late decision.
	LateReason *Text `yaml:"late_reason,omitempty" json:"late_reason,omitempty"`
}

// Request decisions (decision).
const (
	DecisionApproved = "approved"
	DecisionRefused  = "refused"
)

// Objection is objections/<id>.yaml: one objection to published data (数据异议) and
// the dates it passed through 发现、上报、排查、纠错、反馈、确认. It names no person.
type Objection struct {
	// Kind is always "Objection".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=Objection"`
	// ID equals the file name, for example obj-2026-0001.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Dataset is the id of the dataset objected to.
	Dataset string `yaml:"dataset" json:"dataset"`
	// Version is the dataset version objected to; the current version when omitted.
	Version string `yaml:"version,omitempty" json:"version,omitempty" jsonschema:"pattern=^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$"`
	// Column is the name of the column objected to, when one is.
	Column string `yaml:"column,omitempty" json:"column,omitempty"`
	// Department is the id of the department responsible for the data: the one that
	// investigates and corrects.
	Department string `yaml:"department" json:"department"`
	// Category is what is objected to, as the data-objection guide lists the cases.
	Category string `yaml:"category" json:"category" jsonschema:"enum=inaccurate,enum=incomplete,enum=outdated,enum=personal-information,enum=open-type,enum=decision"`
	// Outcome is corrected (the source was corrected) or unfounded (the data was
	// right; nothing to correct, so there is no corrected date); set once investigated.
	Outcome string `yaml:"outcome,omitempty" json:"outcome,omitempty" jsonschema:"enum=corrected,enum=unfounded"`
	// States are the dates of each state reached; a state is never skipped.
	States ObjectionStates `yaml:"states" json:"states"`
	// LateReason says why a step passed its time limit (the data-objection guide,
	// in working days); the deadline rule requires it on every late objection.
	LateReason *Text `yaml:"late_reason,omitempty" json:"late_reason,omitempty"`
}

// ObjectionStates are the dates an objection reached each of its six states.
type ObjectionStates struct {
	// Found (发现) is the date the problem was found.
	Found Date `yaml:"found" json:"found"`
	// Reported (上报) is the date the objection reached the portal.
	Reported Date `yaml:"reported,omitempty" json:"reported,omitempty"`
	// Investigated (排查) is the date the responsible department concluded its check:
	// within 12 working days of reported (2 to accept, 10 to verify).
	Investigated Date `yaml:"investigated,omitempty" json:"investigated,omitempty"`
	// Corrected (纠错) is the date the corrected data was republished: within 5
	// working days of investigated. Absent when the outcome is unfounded.
	Corrected Date `yaml:"corrected,omitempty" json:"corrected,omitempty"`
	// Answered (反馈) is the date the objector was told the result: within 1 working
	// day of corrected (of investigated when unfounded).
	Answered Date `yaml:"answered,omitempty" json:"answered,omitempty"`
	// Confirmed (确认) is the date the objector confirmed, or the case was closed.
	Confirmed Date `yaml:"confirmed,omitempty" json:"confirmed,omitempty"`
}

// Objection outcomes (outcome).
const (
	OutcomeCorrected = "corrected"
	OutcomeUnfounded = "unfounded"
)

// ObjectionState is one state of an objection, in order, with its field name.
type ObjectionState struct {
	// Field is the key under states.
	Field string
	// Date is the date written, "" when the state is not reached.
	Date Date
}

// List returns the six states in order.
func (s ObjectionStates) List() []ObjectionState {
	return []ObjectionState{{"found", s.Found}, {"reported", s.Reported}, {"investigated", s.Investigated},
		{"corrected", s.Corrected}, {"answered", s.Answered}, {"confirmed", s.Confirmed}}
}

// Calendar is calendar/<year>.yaml: the official working-day calendar of one year —
// the public holidays and the adjusted working weekends (调休) of the State
// Council's notice — that the deadline rule counts working days with.
type Calendar struct {
	// Kind is always "Calendar".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=Calendar"`
	// Year is the year; it equals the file name.
	Year int `yaml:"year" json:"year" jsonschema:"minimum=2000,maximum=2100"`
	// Status is official (the State Council's notice) or provisional (the notice is
	// not known yet: statutory holidays only, under the assumption Note states).
	Status string `yaml:"status" json:"status" jsonschema:"enum=official,enum=provisional"`
	// Notice names the notice the calendar copies, with its number and date.
	Notice Text `yaml:"notice" json:"notice"`
	// Note states the assumptions of a provisional calendar.
	Note *Text `yaml:"note,omitempty" json:"note,omitempty"`
	// Holidays are the days off, as ranges; weekends in a range are days off too.
	Holidays []HolidayRange `yaml:"holidays" json:"holidays" jsonschema:"minItems=1"`
	// Workdays are the weekend days that are working days (调休上班).
	Workdays []AdjustedWorkday `yaml:"workdays,omitempty" json:"workdays,omitempty"`
}

// HolidayRange is one holiday: its days off, from and to inclusive.
type HolidayRange struct {
	// Holiday names the festival.
	Holiday string `yaml:"holiday" json:"holiday" jsonschema:"enum=new-year,enum=spring-festival,enum=qingming,enum=labour-day,enum=dragon-boat,enum=mid-autumn,enum=national-day"`
	// From is the first day off.
	From Date `yaml:"from" json:"from"`
	// To is the last day off.
	To Date `yaml:"to" json:"to"`
}

// AdjustedWorkday is a weekend day worked to make up for a holiday.
type AdjustedWorkday struct {
	// Date is the Saturday or Sunday that is a working day.
	Date Date `yaml:"date" json:"date"`
	// Holiday is the festival it makes up for.
	Holiday string `yaml:"holiday" json:"holiday" jsonschema:"enum=new-year,enum=spring-festival,enum=qingming,enum=labour-day,enum=dragon-boat,enum=mid-autumn,enum=national-day"`
}

// Limit is one time limit of a case: the state To is due Days working days after
// the state From.
type Limit struct {
	From, To string
	Days     int
}

// Limits are the time limits of the data-objection guide that apply to the
// objection, in working days: investigated within 12 of reported (2 to accept, 10
// to verify), corrected within 5 of investigated, answered within 1 of corrected —
// of investigated when the outcome is unfounded. While the outcome is unknown the
// correction step is left out.
func (o *Objection) Limits() []Limit {
	out := []Limit{{"reported", "investigated", 12}}
	switch o.Outcome {
	case OutcomeCorrected:
		out = append(out, Limit{"investigated", "corrected", 5}, Limit{"corrected", "answered", 1})
	case OutcomeUnfounded:
		out = append(out, Limit{"investigated", "answered", 1})
	}
	return out
}

// Date returns the date of the state named field ("found" … "confirmed"), "" when
// it is not reached or there is no such state.
func (s ObjectionStates) Date(field string) Date {
	for _, st := range s.List() {
		if st.Field == field {
			return st.Date
		}
	}
	return ""
}
