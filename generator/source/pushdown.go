package source

// Pushdown: the database runs a query compiled from the dataset's column policy over the
// dataset's own query (source.query), so that only de-identified values leave it. This
// file is the seam between the compiler (generator/extract) and the reader: the reader
// describes the source query's columns (QueryColumn, after the usual type checks), the
// compiler returns the SQL to run instead (Compiled), and the reader streams its rows
// through the same cursor, batches and error handling as a plain postgres source. Keys
// and other secrets are bound parameters: they never appear in the query text, and no
// error message prints a parameter.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// QueryColumn is one name of Names as the dataset's query returns it.
type QueryColumn struct {
	// Name is the result column's name; Index its position in Names.
	Name  string
	Index int
	// OID is its PostgreSQL type; Kind the column type it is read as (string,
	// integer, number, boolean, date, datetime).
	OID  uint32
	Kind string
}

// Compiled is the query the database runs instead of the dataset's own query.
type Compiled struct {
	// SQL selects from the dataset's query (a subquery); one result row per source row,
	// in the source query's order.
	SQL string
	// Params are the bound parameters $1… in text format. They may be secret.
	Params [][]byte
	// Raw[j] is, for result column j that returns a name of Names as the dataset's query
	// does (decoded and checked exactly as a plain read), that name's index; -1 for a
	// computed column, decoded from its type (integers as int64, double precision as
	// float64, bytea and text as string, boolean, date and timestamp as time.Time).
	Raw []int
	// Bad is the result column whose value, when not NULL, is BadSQL's code of the
	// first computed name whose value a plain read would reject; -1 when none can be.
	Bad int
	// Verdict, when not "", is a query over all the rows of the source query (read
	// through the same marker as SQL, with the same Params) that the reader runs once,
	// in the read's snapshot, before it reads any row: its one text value goes to
	// Decided and then replaces Params[VerdictParam] (which only SQL reads).
	Verdict      string
	VerdictParam int
	Decided      func(v []byte) error
}

// PushdownError is a pushdown query that could not be compiled or that the server
// rejected before any row was read: the caller may extract the dataset locally instead.
type PushdownError struct{ Err error }

func (e *PushdownError) Error() string { return e.Err.Error() }
func (e *PushdownError) Unwrap() error { return e.Err }

type pushRead struct {
	comp  *Compiled
	sql   string   // the query that runs: comp.SQL, or it wrapped to pack the computed columns
	cols  []pgCol  // one per column that crosses
	names []string // the source query's names
	// at[j] is where compiled column j crosses: its column in cols (>= 0), or -1-k for
	// the k-th value of the pack
	at   []int
	oids []uint32 // the type of each compiled column
	col  []pgCol  // how each compiled column is decoded
	pack int      // the column of cols that holds the pack, -1 without
	// the packed columns (compiled column numbers) and their values of the current row
	packed []int
	vals   [][]byte
}

// OpenPostgresPushdown opens a postgres source whose rows are those of the query that
// compile returns, given the source query (trimmed) and its columns. An error of compile,
// and the server's rejection of the compiled query, come back as a *PushdownError.
func OpenPostgresPushdown(ctx context.Context, ds *load.Doc[model.Dataset], compile func(query string, cols []QueryColumn) (*Compiled, error)) (Reader, error) {
	r, query, err := connectPostgres(ctx, ds)
	if err != nil {
		return nil, err
	}
	if err := r.startPushdown(query, compile); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func (r *pgReader) startPushdown(query string, compile func(string, []QueryColumn) (*Compiled, error)) error {
	ds, ctx := r.ds, r.ctx
	if err := r.exec("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"); err != nil {
		return fmt.Errorf("%s: cannot start a read-only transaction: %s", pos(ds, "source"), r.mask(err.Error()))
	}
	sd, err := r.conn.Prepare(ctx, "", query, nil)
	if err != nil {
		return r.queryError(query, err)
	}
	if len(sd.ParamOIDs) > 0 {
		return fmt.Errorf("%s: the query has parameters ($1 …); write the values into the query", pos(ds, "source", "query"))
	}
	if err := r.plan(sd.Fields); err != nil {
		return err
	}
	names := Names(ds.V)
	cols := make([]QueryColumn, len(names))
	for i, n := range names {
		cols[i] = QueryColumn{Name: n, Index: i, OID: r.cols[i].oid, Kind: r.cols[i].kind.String()}
	}
	// the rows come from the source query, or from its key ranges (pgparallel.go): the
	// compiled query reads them through a marker replaced by each range's query
	comp, err := compile(rowsMarker, cols)
	if err != nil {
		return &PushdownError{err}
	}
	if strings.Count(comp.SQL, rowsMarker) != 1 {
		return &PushdownError{fmt.Errorf("the pushdown query does not read the source query once (a bug in shuyuan)")}
	}
	r.push0 = strings.Replace(comp.SQL, rowsMarker, query, 1)
	psd, err := r.conn.Prepare(ctx, "", r.push0, nil)
	if err != nil {
		return &PushdownError{r.pushError(err)}
	}
	if len(psd.Fields) != len(comp.Raw) {
		return &PushdownError{fmt.Errorf("the pushdown query returns %d columns, the compiler expected %d (a bug in shuyuan)", len(psd.Fields), len(comp.Raw))}
	}
	if comp.Verdict != "" {
		if err := r.runVerdict(query, comp, psd.ParamOIDs); err != nil {
			return err
		}
	}
	pr := newPushRead(comp, r.cols, psd.Fields, names, r.conn.ParameterStatus("server_encoding") == "UTF8")
	if pr.pack >= 0 {
		// the query that crosses: the raw columns and one bytea of the computed ones
		r.push0 = strings.Replace(pr.sql, rowsMarker, query, 1)
		wsd, err := r.conn.Prepare(ctx, "", r.push0, nil)
		if err != nil {
			return &PushdownError{r.pushError(err)}
		}
		if len(wsd.Fields) != len(pr.cols) {
			return &PushdownError{fmt.Errorf("the packed pushdown query returns %d columns, expected %d (a bug in shuyuan)", len(wsd.Fields), len(pr.cols))}
		}
	}
	fmts := make([]int16, len(pr.cols))
	for j, c := range pr.cols {
		if c.binary {
			fmts[j] = 1
		}
	}
	r.fmts, r.push = fmts, pr
	if key := SplitKey(ds.V); key != "" {
		// read in key order, over --db-parallel connections, as a plain read
		return r.startKeyed(query, key, sd.Fields)
	}
	rr := r.conn.ExecParams(ctx, "DECLARE "+pgCursor+" NO SCROLL CURSOR FOR "+r.push0, comp.Params, nil, nil, nil)
	if _, err := rr.Close(); err != nil {
		return &PushdownError{r.pushError(err)}
	}
	if _, err := r.conn.Prepare(ctx, pgFetch, fmt.Sprintf("FETCH FORWARD %d FROM %s", pgBatch, pgCursor), nil); err != nil {
		return fmt.Errorf("%s: cannot read the query's rows: %s", pos(ds, "source", "query"), r.mask(err.Error()))
	}
	return nil
}

// runVerdict runs the compiled verdict query over the whole source query, in this
// transaction's snapshot (the one --db-parallel exports), and binds its result into
// the rows query. oids are the parameters' types as the rows query reads them: the
// verdict query does not read all of them.
func (r *pgReader) runVerdict(query string, comp *Compiled, oids []uint32) error {
	sql := strings.Replace(comp.Verdict, rowsMarker, query, 1)
	rr := r.conn.ExecParams(r.ctx, sql, comp.Params, oids, nil, nil)
	var v []byte
	for rr.NextRow() {
		v = append([]byte(nil), rr.Values()[0]...)
	}
	if _, err := rr.Close(); err != nil {
		rows := r.push0
		r.push0 = sql
		err = r.pushError(err)
		r.push0 = rows
		return &PushdownError{fmt.Errorf("the k-anonymity verdict query: %w", err)}
	}
	if v == nil {
		return fmt.Errorf("%s: the k-anonymity verdict query returned no row (a bug in shuyuan)", pos(r.ds, "source"))
	}
	if err := comp.Decided(v); err != nil {
		return &PushdownError{err}
	}
	comp.Params[comp.VerdictParam] = v
	return nil
}

// pushError explains a pushdown query the server rejected; the query is shuyuan's, so
// the message points at what the database lacks rather than at source.query.
func (r *pgReader) pushError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		near := ""
		if q := []rune(r.push0); pe.Position > 0 && int(pe.Position) <= len(q) {
			near = fmt.Sprintf(" near %q", string(q[pe.Position-1:min(int(pe.Position)+40, len(q))]))
		}
		msg := fmt.Sprintf("PostgreSQL rejected the pushdown query%s: %s (SQLSTATE %s)", near, r.mask(pgMessage(pe)), pe.Code)
		if pe.Code == "42883" { // undefined_function: hmac without pgcrypto
			msg += "; the keyed operators need the pgcrypto extension in the source database (CREATE EXTENSION pgcrypto)"
		}
		return fmt.Errorf("%s: %s", pos(r.ds, "source"), msg)
	}
	return fmt.Errorf("%s: running the pushdown query failed: %s", pos(r.ds, "source"), r.mask(err.Error()))
}

// badReasons are the reasons of BadSQL's codes, as decodePG words them.
var badReasons = []string{"", "not a whole number", "integer out of the 64-bit range", "not an integer", "not a finite number", "infinite date", "infinite timestamp"}

// BadSQL is the SQL of the code (1…6, NULL when readable) of the reason a plain read
// rejects the value x of column c (decodePG), or "" when it never does.
func BadSQL(c QueryColumn, x string) string {
	switch {
	case c.Kind == "integer" && c.OID == pgtype.NumericOID:
		return fmt.Sprintf("(CASE WHEN %[1]s::text IN ('NaN', 'Infinity', '-Infinity') THEN 3 WHEN %[1]s <> trunc(%[1]s) THEN 1 WHEN %[1]s NOT BETWEEN -9223372036854775808 AND 9223372036854775807 THEN 2 END)", x)
	case c.Kind == "number" && c.OID == pgtype.NumericOID:
		// NaN sorts above every number, so abs() > the largest double finds NaN and
		// ±Infinity too, without printing each value as text
		return fmt.Sprintf("(CASE WHEN abs(%[1]s) > 1.7976931348623157e308 THEN 4 END)", x)
	case c.Kind == "number" && (c.OID == pgtype.Float4OID || c.OID == pgtype.Float8OID):
		return fmt.Sprintf("(CASE WHEN %[1]s IN ('NaN', 'Infinity', '-Infinity') THEN 4 END)", x)
	case c.OID == pgtype.DateOID:
		return fmt.Sprintf("(CASE WHEN NOT isfinite(%s) THEN 5 END)", x)
	case c.OID == pgtype.TimestampOID || c.OID == pgtype.TimestamptzOID:
		return fmt.Sprintf("(CASE WHEN NOT isfinite(%s) THEN 6 END)", x)
	}
	return ""
}

// TypedSQL is the SQL of the value x of column c as a plain read types it: text,
// bigint, double precision, boolean, date, or timestamp in UTC; NULL when BadSQL is not.
func TypedSQL(c QueryColumn, x string) string {
	guard := func(v string) string {
		if b := BadSQL(c, x); b != "" {
			return fmt.Sprintf("(CASE WHEN %s IS NULL THEN %s END)", b, v)
		}
		return v
	}
	switch c.Kind {
	case "integer":
		return guard(x + "::bigint")
	case "number":
		return guard(x + "::double precision")
	case "boolean":
		return x
	case "date":
		return guard(x)
	case "datetime":
		switch c.OID {
		case pgtype.TimestamptzOID:
			return guard(fmt.Sprintf("(%s AT TIME ZONE 'UTC')", x))
		case pgtype.DateOID:
			return guard(x + "::timestamp")
		}
		return guard(x)
	}
	return x + "::text" // bpchar without its padding, as decodePG trims it
}

// TextSQL is the SQL of the canonical text (deid.Value.Text) of x, or false for a
// number (Go and PostgreSQL print floats differently).
func TextSQL(c QueryColumn, x string) (string, bool) {
	t := TypedSQL(c, x)
	switch c.Kind {
	case "number":
		return "", false
	case "integer", "boolean":
		return t + "::text", true
	case "date":
		return fmt.Sprintf("to_char(%s, 'YYYY-MM-DD')", t), true
	case "datetime":
		return fmt.Sprintf(`to_char(%s, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, t), true
	}
	return t, true
}

// rowsMarker stands for the rows' query in a compiled query.
const rowsMarker = "/*shuyuan:rows*/"

// readCols are the result columns a read fetches: the source query's names, or the
// pushdown query's columns.
func (r *pgReader) readCols() []pgCol {
	if r.push != nil {
		return r.push.cols
	}
	return r.cols
}

var paramRef = regexp.MustCompile(`\$([0-9]+)`)

// rowsSQL is the query that reads the rows of from+where (where's parameters params, of
// types oids): itself for a plain read; the pushdown query over it, with its own
// parameters first and where's renumbered after them, when the policy is pushed down.
func (r *pgReader) rowsSQL(from, where string, params [][]byte, oids []uint32) (string, [][]byte, []uint32) {
	if r.push == nil {
		return from + where, params, oids
	}
	k := len(r.push.comp.Params)
	where = paramRef.ReplaceAllStringFunc(where, func(m string) string {
		n, _ := strconv.Atoi(m[1:])
		return "$" + strconv.Itoa(n+k)
	})
	all := append(append([][]byte{}, r.push.comp.Params...), params...)
	types := append(make([]uint32, k), oids...)
	return strings.Replace(r.push.sql, rowsMarker, from+where, 1), all, types
}

// decodePushed fills rec with one value per result column of the compiled query, from
// the columns that cross (raw: by wire column).
func (r *pgReader) decodePushed(rec *Record, raw [][]byte) error {
	p := r.push
	rec.Line = r.n
	n := len(p.comp.Raw)
	if cap(rec.Values) < n {
		rec.Values = make([]Value, n)
	}
	rec.Values = rec.Values[:n]
	if p.pack >= 0 {
		if err := p.unpack(raw[p.pack]); err != nil {
			return fmt.Errorf("reading the pushdown query's rows: %v (a bug in shuyuan)", err)
		}
	}
	badAt, bad := len(p.names), ""
	for j := range n {
		var b []byte
		w := p.at[j]
		if w >= 0 {
			b = raw[w]
		} else {
			b = p.vals[-1-w]
		}
		if b == nil {
			rec.Values[j] = Value{Null: true}
			continue
		}
		if i := p.comp.Raw[j]; i >= 0 {
			v, reason := decodePG(p.col[j], b)
			if reason != "" && i < badAt {
				badAt, bad = i, reason
			}
			rec.Values[j] = Value{Typed: v}
			continue
		}
		v, err := decodeComputed(p.oids[j], b)
		if err != nil {
			return fmt.Errorf("reading the pushdown query's rows: column %d: %v (a bug in shuyuan)", j+1, err)
		}
		rec.Values[j] = Value{Typed: v}
		if j == p.comp.Bad {
			code := v.(int64)
			if i := int(code / 8); i < badAt && int(code%8) < len(badReasons) {
				badAt, bad = i, badReasons[code%8]
			}
		}
	}
	if bad != "" {
		return &RecordError{Line: r.n, Reason: fmt.Sprintf("query column %q: %s", p.names[badAt], bad)}
	}
	return nil
}

// decodeComputed decodes a computed column's binary value.
func decodeComputed(oid uint32, b []byte) (any, error) {
	switch oid {
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		switch len(b) {
		case 2:
			return int64(int16(binary.BigEndian.Uint16(b))), nil
		case 4:
			return int64(int32(binary.BigEndian.Uint32(b))), nil
		case 8:
			return int64(binary.BigEndian.Uint64(b)), nil
		}
	case pgtype.Float8OID:
		if len(b) == 8 {
			return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
		}
	case pgtype.BoolOID:
		if len(b) == 1 {
			return b[0] != 0, nil
		}
	case pgtype.TextOID, pgtype.ByteaOID:
		return string(b), nil
	case pgtype.DateOID:
		if len(b) == 4 {
			return time.Unix((int64(int32(binary.BigEndian.Uint32(b)))+pgEpochDays)*86400, 0).UTC(), nil
		}
	case pgtype.TimestampOID:
		if len(b) == 8 {
			return time.UnixMicro(int64(binary.BigEndian.Uint64(b)) + pgEpochMicros).UTC(), nil
		}
	}
	return nil, fmt.Errorf("unexpected type oid %d (%d bytes)", oid, len(b))
}
