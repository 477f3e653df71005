package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleRecordState checks that a request or objection passes through its states in
// order: no state skipped, no date before the one it follows, and the decision or
// outcome that goes with each state.
var ruleRecordState = &Rule{
	ID: "record-state", Category: CategoryRecords, Severity: diag.Error,
	Summary: "a request or objection skips a state or goes back in time: a request decided before it was received, decided without a decision (or a decision without a date), refused without a reason code or approved with one; an objection with a state whose earlier state is missing, a date before the previous state's, no outcome once investigated, or a corrected date that contradicts the outcome",
	Check:   checkRecordState, Partial: true,
}

func checkRecordState(c *Context) {
	for _, r := range c.Catalog.Requests {
		f, v := r.File, r.V
		switch {
		case v.Decided != "" && v.Decision == "" && !f.Invalid("decision"):
			c.Report(f, f.Pos("decided"), "decided is %s but there is no decision: write `decision: approved` or `decision: refused`", v.Decided)
		case v.Decided == "" && v.Decision != "" && !f.Invalid("decided"):
			c.Report(f, f.Pos("decision"), "decision is %s but there is no decided date: write `decided: YYYY-MM-DD`, the date of the decision", v.Decision)
		}
		if recv, ok := day(v.Received); ok {
			if dec, ok := day(v.Decided); ok && dec.Before(recv) {
				c.Report(f, f.Pos("decided"), "decided %s is before received %s: a request is decided after it is received; correct one of the dates", v.Decided, v.Received)
			}
		}
		switch {
		case v.Decision == model.DecisionRefused && v.Reason == "" && !f.Invalid("reason"):
			c.Report(f, f.Pos("decision"), "a refusal needs a reason code: write `reason:` with one of the codes of catalog-format.md (purpose-unclear, scope-disproportionate, …)")
		case v.Decision == model.DecisionApproved && v.Reason != "":
			c.Report(f, f.Pos("reason"), "reason %s is written on an approved request: a reason code goes with a refusal only; remove it", v.Reason)
		}
	}
	for _, o := range c.Catalog.Objections {
		f, v := o.File, o.V
		if f.Invalid("states") {
			continue
		}
		unfounded := v.Outcome == model.OutcomeUnfounded
		states := v.States.List()
		prev := -1 // the last state written
		for i, s := range states {
			if s.Date == "" || f.Invalid("states", s.Field) {
				continue
			}
			for j := prev + 1; j < i; j++ {
				if states[j].Field == "corrected" && unfounded {
					continue // nothing to correct
				}
				c.Report(f, f.Pos("states", s.Field), "states.%s is written but states.%s, the state before it, is not: an objection passes through found, reported, investigated, corrected, answered and confirmed in turn; write the date of states.%s", s.Field, states[j].Field, states[j].Field)
				break
			}
			if prev >= 0 {
				if a, ok := day(states[prev].Date); ok {
					if b, ok := day(s.Date); ok && b.Before(a) {
						c.Report(f, f.Pos("states", s.Field), "states.%s %s is before states.%s %s: the states follow each other in time; correct one of the dates", s.Field, s.Date, states[prev].Field, states[prev].Date)
					}
				}
			}
			prev = i
		}
		switch {
		case v.States.Investigated != "" && v.Outcome == "" && !f.Invalid("outcome"):
			c.Report(f, f.Pos("states", "investigated"), "the objection is investigated but has no outcome: write `outcome: corrected` or `outcome: unfounded`")
		case unfounded && v.States.Corrected != "":
			c.Report(f, f.Pos("states", "corrected"), "outcome is unfounded but states.corrected is written: an unfounded objection corrects nothing; remove states.corrected, or write `outcome: corrected`")
		}
	}
}
