package extract

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// QualityFile is the name of the quality report written beside each version's Parquet.
const QualityFile = "quality.json"

// QualityReport is quality.json: what an extract measured on the source rows and what
// it published. docs/quality.md documents the format.
type QualityReport struct {
	Dataset string `json:"dataset"`
	Version string `json:"version"`
	// Rows counts the source rows: In = Written + Suppressed + Rejected.
	Rows QualityRows `json:"rows"`
	// MaxRejected is the dataset's quality.max_rejected (0 when not set).
	MaxRejected float64 `json:"max_rejected"`
	// RejectedShare is Rows.Rejected / Rows.In (0 when nothing was read).
	RejectedShare float64 `json:"rejected_share"`
	// Privacy is the k-anonymity and l-diversity achieved; nil without quasi-identifiers and k.
	Privacy *PrivacyReport `json:"privacy,omitempty"`
	// Columns are the measured columns, in declared order.
	Columns []ColumnQuality `json:"columns"`
	// Passed is true when every threshold that applies was met.
	Passed bool `json:"passed"`
}

// QualityRows counts an extract's source rows.
type QualityRows struct {
	In         int64 `json:"in"`
	Written    int64 `json:"written"`
	Suppressed int64 `json:"suppressed"`
	Rejected   int64 `json:"rejected"`
}

// PrivacyReport is the k-anonymity and l-diversity of an extract.
type PrivacyReport struct {
	// Subject is the column whose distinct values k counts.
	Subject          string   `json:"subject"`
	QuasiIdentifiers []string `json:"quasi_identifiers"`
	// K is the required k; KAchieved the smallest number of distinct subjects in a
	// published group (0 when nothing is published).
	K         int `json:"k"`
	KAchieved int `json:"k_achieved"`
	// LColumn, L and LAchieved describe l-diversity when it is required.
	LColumn   string `json:"l_column,omitempty"`
	L         int    `json:"l,omitempty"`
	LAchieved int    `json:"l_achieved,omitempty"`
	// MaxSuppression is the dataset's privacy.max_suppression.
	MaxSuppression float64 `json:"max_suppression"`
	// Groups and GroupsSuppressed count the quasi-identifier groups.
	Groups           int64 `json:"groups"`
	GroupsSuppressed int64 `json:"groups_suppressed"`
	// Subjects counts the distinct subjects of the rows considered; SubjectsSuppressed
	// those with at least one suppressed row.
	Subjects           int64 `json:"subjects"`
	SubjectsSuppressed int64 `json:"subjects_suppressed"`
	RowsSuppressed     int64 `json:"rows_suppressed"`
}

// ColumnQuality is what was measured on one column.
type ColumnQuality struct {
	Name    string `json:"name"`
	Element string `json:"element,omitempty"`
	// Rows is the number of parsed source rows; Null, Invalid (not of the type or
	// breaking a constraint or validator) and Duplicates (of a unique column, among
	// accepted rows) count values.
	Rows       int64 `json:"rows"`
	Null       int64 `json:"null"`
	Invalid    int64 `json:"invalid"`
	Duplicates int64 `json:"duplicates,omitempty"`
	// Completeness, Validity and (unique columns) Uniqueness are shares from 0 to 1;
	// null when there was nothing to measure.
	Completeness *float64 `json:"completeness"`
	Validity     *float64 `json:"validity"`
	Uniqueness   *float64 `json:"uniqueness,omitempty"`
	// Constraints are the column's constraints and validators, as checked.
	Constraints []string `json:"constraints,omitempty"`
	// Thresholds are the element's quality rules and their verdicts.
	Thresholds []ThresholdResult `json:"thresholds,omitempty"`
}

// ThresholdResult is one quality rule measured against its threshold.
type ThresholdResult struct {
	Kind      string   `json:"kind"`
	Element   string   `json:"element"`
	Threshold float64  `json:"threshold"`
	Measured  *float64 `json:"measured"`
	// Passed is nil when the rule does not apply (NotApplied says why).
	Passed     *bool  `json:"passed"`
	NotApplied string `json:"not_applied,omitempty"`
}

func share(num, den int64) *float64 {
	if den <= 0 {
		return nil
	}
	f := float64(num) / float64(den)
	return &f
}

// pct is a share as a percentage with at most two decimals (66.67%, 0.5%, 0%).
func pct(f float64) string {
	return strconv.FormatFloat(math.Round(10000*f)/100, 'f', -1, 64) + "%"
}

func fmtShare(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

func fmtLines(lines []int64) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = strconv.FormatInt(l, 10)
	}
	return strings.Join(s, ", ")
}

// measureColumns fills the report's columns and returns one message per missed threshold.
func measureColumns(d *load.Doc[model.Dataset], checks []colCheck, stats []colStats, parsed int64) ([]ColumnQuality, []string) {
	ds := d.V
	var cols []ColumnQuality
	var missed []string
	for i, c := range ds.Columns {
		ch, st := &checks[i], &stats[i]
		if !ch.active {
			continue
		}
		cq := ColumnQuality{Name: c.Name, Element: c.Element, Rows: parsed, Null: st.Null, Invalid: st.Invalid, Duplicates: st.Duplicates}
		nonNull := parsed - st.Null
		cq.Completeness = share(nonNull, parsed)
		cq.Validity = share(nonNull-st.Invalid, nonNull)
		if ch.unique {
			// among accepted values: those that are not a repeat of an earlier row
			cq.Uniqueness = share(nonNull-st.Invalid-st.Duplicates, nonNull-st.Invalid)
		}
		if ch.required {
			cq.Constraints = append(cq.Constraints, "required")
		}
		if ch.unique {
			cq.Constraints = append(cq.Constraints, "unique")
		}
		if k := c.Constraints; k != nil {
			if k.Pattern != "" {
				cq.Constraints = append(cq.Constraints, "pattern")
			}
			if k.Minimum != nil {
				cq.Constraints = append(cq.Constraints, "minimum")
			}
			if k.Maximum != nil {
				cq.Constraints = append(cq.Constraints, "maximum")
			}
			if len(k.Enum) > 0 {
				cq.Constraints = append(cq.Constraints, "enum")
			}
		}
		for _, v := range ch.validators {
			cq.Constraints = append(cq.Constraints, "validator:"+v.name)
		}
		for _, t := range ch.rules {
			r := ThresholdResult{Kind: t.kind, Element: t.element, Threshold: t.value}
			if !t.applies {
				r.NotApplied = t.why
				cq.Thresholds = append(cq.Thresholds, r)
				continue
			}
			var lines []int64
			what := ""
			switch t.kind {
			case "completeness":
				r.Measured, lines, what = cq.Completeness, st.firstNull, "first lines with no value"
			case "validity":
				r.Measured, lines, what = cq.Validity, st.firstInvalid, "first invalid lines"
			case "uniqueness":
				r.Measured, lines, what = cq.Uniqueness, st.firstDuplicate, "first repeated lines"
			}
			if r.Measured == nil { // nothing to measure (no rows or no values)
				cq.Thresholds = append(cq.Thresholds, r)
				continue
			}
			ok := *r.Measured >= t.value
			r.Passed = &ok
			if !ok {
				msg := fmt.Sprintf("dataset %s column %s: %s %s is below the threshold %s of element %s (%s)", ds.ID, c.Name, t.kind, fmtShare(*r.Measured), strconv.FormatFloat(t.value, 'f', -1, 64), t.element, t.pos)
				if len(lines) > 0 {
					msg += "; " + what + ": " + fmtLines(lines)
				}
				missed = append(missed, msg)
			}
			cq.Thresholds = append(cq.Thresholds, r)
		}
		cols = append(cols, cq)
	}
	return cols, missed
}

// marshalReport returns quality.json.
func marshalReport(r *QualityReport) ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
