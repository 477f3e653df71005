package corpus

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/shuyuan-project/shuyuan/generator/pii"
)

// Count is found of planted.
type Count struct{ Found, Planted int }

// Recall is Found/Planted, 1 when nothing was planted.
func (c Count) Recall() float64 {
	if c.Planted == 0 {
		return 1
	}
	return float64(c.Found) / float64(c.Planted)
}

func (c *Count) add(found bool) {
	c.Planted++
	if found {
		c.Found++
	}
}

// Row is the recall of one kind (resident ids split into the 18-character and the
// legacy 15-digit forms) by form.
type Row struct {
	Name   string
	ByForm map[string]Count
	All    Count
}

// InnocentRow is one innocent type over its replicate columns.
type InnocentRow struct {
	What string
	// Cells and MatchCells: cells, and cells where the scanner found a valid
	// identifier (before the column judgement discounts chance passes).
	Cells, MatchCells int
	// Columns and Flagged: replicate columns, and those the judgement flagged.
	Columns, Flagged int
	// Kinds flagged, for a failing row.
	Kinds []string
}

// Report is the scanner's performance on a corpus.
type Report struct {
	Rows []Row
	// IDsAlsoUSCC counts the resident ids that also pass the credit-code check.
	IDsAlsoUSCC Count
	// Spurious is the number of valid matches in planted columns that overlap no
	// planted identifier.
	Spurious int
	// PlantedColumns counts planted columns the judgement flagged for their kind.
	PlantedColumns Count
	// MissedColumns names the planted columns not flagged.
	MissedColumns []string
	Innocent      []InnocentRow
	// InnocentColumns counts innocent columns flagged (Found) of all (Planted).
	InnocentColumns Count
}

// Measure runs the scanner and the column judgement over the corpus.
func Measure(cols []Column) Report {
	var rep Report
	var sc pii.Scanner
	rows := map[string]*Row{}
	row := func(name string) *Row {
		r := rows[name]
		if r == nil {
			r = &Row{Name: name, ByForm: map[string]Count{}}
			rows[name] = r
		}
		return r
	}
	innocent := map[string]*InnocentRow{}
	var innocentOrder []string
	for _, c := range cols {
		var tl pii.Tally
		matchCells := 0
		for i, cell := range c.Cells {
			tl.Add(&sc, int64(i+2), cell.Text)
			ms := sc.Find(cell.Text)
			valid := 0
			for _, m := range ms {
				if !m.Valid {
					continue
				}
				valid++
				if c.Innocent == "" && !slices.ContainsFunc(cell.Spans, func(s Span) bool { return s.Start < m.End && m.Start < s.End }) {
					rep.Spurious++
				}
			}
			if valid > 0 {
				matchCells++
			}
			for _, s := range cell.Spans {
				found := slices.ContainsFunc(ms, func(m pii.Match) bool {
					return m.Valid && m.Kind == s.Kind && m.Start < s.End && s.Start < m.End
				})
				name := s.Kind.String()
				if s.Legacy {
					name += " (15-digit)"
				}
				r := row(name)
				cnt := r.ByForm[c.Form]
				cnt.add(found)
				r.ByForm[c.Form] = cnt
				r.All.add(found)
				if s.USCC {
					rep.IDsAlsoUSCC.add(found)
				}
			}
		}
		findings := tl.Judge()
		if c.Innocent == "" {
			flagged := slices.ContainsFunc(findings, func(f pii.Finding) bool { return f.Kind == c.Kind })
			rep.PlantedColumns.add(flagged)
			if !flagged {
				rep.MissedColumns = append(rep.MissedColumns, c.Name)
			}
			continue
		}
		in := innocent[c.Innocent]
		if in == nil {
			in = &InnocentRow{What: c.Innocent}
			innocent[c.Innocent] = in
			innocentOrder = append(innocentOrder, c.Innocent)
		}
		in.Cells += len(c.Cells)
		in.MatchCells += matchCells
		in.Columns++
		if len(findings) > 0 {
			in.Flagged++
			for _, f := range findings {
				if !slices.Contains(in.Kinds, f.Kind.String()) {
					in.Kinds = append(in.Kinds, f.Kind.String())
				}
			}
		}
		rep.InnocentColumns.add(len(findings) > 0)
	}
	for k := range pii.NumKinds {
		for _, name := range []string{k.String(), k.String() + " (15-digit)"} {
			if r := rows[name]; r != nil {
				rep.Rows = append(rep.Rows, *r)
			}
		}
	}
	for _, w := range innocentOrder {
		rep.Innocent = append(rep.Innocent, *innocent[w])
	}
	return rep
}

// Table prints the report.
func (rep Report) Table() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(&b, "Recall of planted checksum-valid identifiers, found/planted by kind and form:")
	fmt.Fprint(tw, "kind")
	for _, f := range Forms {
		fmt.Fprint(tw, "\t", f)
	}
	fmt.Fprintln(tw, "\tall\trecall")
	for _, r := range rep.Rows {
		fmt.Fprint(tw, r.Name)
		for _, f := range Forms {
			if c, ok := r.ByForm[f]; ok {
				fmt.Fprintf(tw, "\t%d/%d", c.Found, c.Planted)
			} else {
				fmt.Fprint(tw, "\t-")
			}
		}
		fmt.Fprintf(tw, "\t%d/%d\t%.2f%%\n", r.All.Found, r.All.Planted, 100*r.All.Recall())
	}
	tw.Flush()
	fmt.Fprintf(&b, "Resident ids that also pass the credit-code (USCC) check: %d/%d found.\n", rep.IDsAlsoUSCC.Found, rep.IDsAlsoUSCC.Planted)
	fmt.Fprintf(&b, "Valid matches in planted columns overlapping no planted identifier: %d.\n", rep.Spurious)
	fmt.Fprintf(&b, "Planted columns flagged by the column judgement: %d/%d", rep.PlantedColumns.Found, rep.PlantedColumns.Planted)
	if len(rep.MissedColumns) > 0 {
		fmt.Fprintf(&b, " (missed: %s)", strings.Join(rep.MissedColumns, ", "))
	}
	fmt.Fprintln(&b, ".")
	fmt.Fprintln(&b, "\nInnocent columns (no personal identifier):")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "type\tcells with a valid-looking match\tcolumns flagged")
	for _, in := range rep.Innocent {
		kinds := ""
		if len(in.Kinds) > 0 {
			kinds = " (" + strings.Join(in.Kinds, ", ") + ")"
		}
		fmt.Fprintf(tw, "%s\t%d/%d (%.2f%%)\t%d/%d%s\n", in.What, in.MatchCells, in.Cells, 100*float64(in.MatchCells)/float64(in.Cells), in.Flagged, in.Columns, kinds)
	}
	tw.Flush()
	fmt.Fprintf(&b, "Innocent columns flagged: %d/%d (%.2f%%).\n", rep.InnocentColumns.Found, rep.InnocentColumns.Planted,
		100*float64(rep.InnocentColumns.Found)/float64(max(rep.InnocentColumns.Planted, 1)))
	return b.String()
}
