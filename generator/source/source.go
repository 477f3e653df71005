// Package source reads the raw rows of a dataset's source: CSV (UTF-8 with or without
// BOM, GBK, GB18030), JSON Lines and PostgreSQL. It only reads; parsing values to the
// column types and de-identifying them is the extractor's job.
//
// # Contract for a source format
//
// A format is one file of this package, opened from the switch in Open:
//
//	case "myformat":
//		return openMyFormat(ctx, cat, ds)
//
// openMyFormat returns a Reader whose records hold one Value per name of
// Names(ds.V), in that order (use Names, never the YAML column order: derived
// columns read another column's header). Rules every format keeps:
//
//   - Record.Line is the 1-based position of the record in the source, used in
//     rejection reports: the physical line where a CSV record starts, the line of a
//     JSON Lines record, the row number (1 = first row) of a query result.
//   - A missing value is Value{Null: true}. Text sources fill Value.Text; sources
//     with typed values (databases) may fill Value.Typed instead with one of int64,
//     float64, bool, string, time.Time (a date is midnight UTC) and the extractor
//     converts it to the column type.
//   - A bad record that can be skipped is returned as a *RecordError (with its
//     line); the caller rejects it and calls Next again. Any other error ends the
//     read. io.EOF marks the end.
//   - Next must be cheap and stream: memory may not grow with the number of rows.
//     The Values slice of rec may be reused by the caller between calls, so Next
//     must overwrite every element.
//   - Errors name the dataset file and what to do; they never contain secrets
//     (mask passwords in connection strings) and never raw personal values.
//   - Close releases everything, also after an error or a cancelled ctx.
//   - Progress, if the format can tell, goes through Reader.Progress: the bytes
//     (or rows) read so far and the total, or -1 when unknown.
package source

import (
	"context"
	"fmt"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Value is one raw cell of a record.
type Value struct {
	// Null is true when the cell is missing or one of the null markers.
	Null bool
	// Text is the cell as written (text sources).
	Text string
	// Typed is a value already typed by the source (databases): int64, float64,
	// bool, string or time.Time; nil for text sources.
	Typed any
}

// Record is one source record.
type Record struct {
	// Line is the 1-based line (or row number) where the record starts.
	Line int64
	// Values holds one value per name of Names, in that order.
	Values []Value
}

// Reader yields the records of a source.
type Reader interface {
	// Next fills rec with the next record; io.EOF at the end; a *RecordError for a
	// record that is rejected (reading may go on).
	Next(rec *Record) error
	// Progress returns how much has been read and the total (same unit), or
	// total -1 when unknown.
	Progress() (done, total int64)
	// Close releases the source.
	Close() error
}

// RecordError is a record that cannot be read; it is rejected with its line and
// reading goes on.
type RecordError struct {
	Line   int64
	Reason string
}

func (e *RecordError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Open opens the source of a dataset.
func Open(ctx context.Context, cat *load.Catalog, ds *load.Doc[model.Dataset]) (Reader, error) {
	src := ds.V.Source
	if src == nil {
		return nil, fmt.Errorf("%s: dataset %s has no source", ds.Path, ds.V.ID)
	}
	switch src.Format {
	case "":
		// the loader decodes an unquoted `null:` key (YAML's null) into nothing,
		// which leaves the whole source block empty
		return nil, fmt.Errorf("%s: the source block decoded empty; if it has a `null:` key, write it quoted as \"null\": (a bare null is YAML's null, not a key)", pos(ds, "source"))
	case model.FormatCSV:
		return openCSV(ctx, cat, ds)
	case model.FormatJSONL:
		return openJSONL(ctx, cat, ds)
	case model.FormatPostgres:
		return openPostgres(ctx, cat, ds)
	}
	return nil, fmt.Errorf("%s: unknown source format %q (csv, jsonl or postgres)", pos(ds, "source", "format"), src.Format)
}

// Names lists the source names (CSV headers, JSON keys, query result columns) a
// dataset reads, in the order of Record.Values: each column's SourceName, plus the
// identifier columns that derive columns read, without duplicates.
func Names(ds *model.Dataset) []string {
	var names []string
	seen := map[string]bool{}
	for i := range ds.Columns {
		n := ColumnSource(ds, i)
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

// ColumnSource returns the source name column i reads: for a derive column, the
// identifier column named by deid.source (a column name, whose header is then used,
// or a source header), else the one other column whose detector is the derive's
// `from` (cn-resident-id), else its own header; for any other column its SourceName.
func ColumnSource(ds *model.Dataset, i int) string {
	c := ds.Columns[i]
	if c.Deid != nil && c.Deid.Op == model.OpDerive && c.Deid.Source == "" {
		from := c.Deid.From
		if from == "" {
			from = "cn-resident-id"
		}
		found := -1
		for j, o := range ds.Columns {
			if j != i && o.Detector == from {
				if found >= 0 {
					return c.SourceName() // ambiguous: deid.source must say which
				}
				found = j
			}
		}
		if found >= 0 {
			return ds.Columns[found].SourceName()
		}
	}
	if c.Deid != nil && c.Deid.Op == model.OpDerive && c.Deid.Source != "" {
		for _, o := range ds.Columns {
			if o.Name == c.Deid.Source {
				return o.SourceName()
			}
		}
		return c.Deid.Source
	}
	return c.SourceName()
}

// pos formats the position of a dataset field as file:line:col.
func pos(ds *load.Doc[model.Dataset], path ...any) string {
	p := ds.Pos(path...)
	return fmt.Sprintf("%s:%d:%d", ds.Path, p.Line, p.Col)
}
