package source

// PostgreSQL source: `source: {format: postgres, dsn_env: NAME, query: "select …"}`.
//
// The connection string comes only from the environment variable named by dsn_env (read
// through the getenv that WithGetenv puts in the context, os.Getenv otherwise; libpq's own
// PG* variables and ~/.pgpass still fill what the string leaves out, as everywhere). It is
// never logged or written: every error passes through maskDSN, which removes the password
// and the string itself.
//
// Rows stream through a server-side cursor: the query is prepared (to check its result
// columns against the declared column types before any row is read), then declared as a
// NO SCROLL cursor inside a READ ONLY, REPEATABLE READ transaction and fetched pgBatch rows
// at a time, so memory stays bounded whatever the table size. Values arrive in binary for
// fixed-size types and as text otherwise, and are decoded here into the Value.Typed forms
// of the Reader contract.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// pgBatch is how many rows one FETCH asks for.
const pgBatch = 4096

// pgCursor and pgFetch name the cursor and the prepared FETCH statement.
const (
	pgCursor = "shuyuan_extract"
	pgFetch  = "shuyuan_fetch"
)

type getenvKey struct{}

// WithGetenv returns a context whose postgres sources read their dsn_env variable through
// getenv instead of os.Getenv (the extractor passes its Options.Getenv, tests a map).
func WithGetenv(ctx context.Context, getenv func(string) string) context.Context {
	return context.WithValue(ctx, getenvKey{}, getenv)
}

func getenvFrom(ctx context.Context) func(string) string {
	if f, ok := ctx.Value(getenvKey{}).(func(string) string); ok && f != nil {
		return f
	}
	return os.Getenv
}

// pgKind is how a result column is decoded: the Go type of Value.Typed it becomes.
type pgKind uint8

const (
	pgString pgKind = iota
	pgInteger
	pgNumber
	pgBoolean
	pgDate
	pgDatetime
)

// kindOf is the decoding kind a column's declared type asks for; a derive column reads an
// identifier, which is text.
func kindOf(c model.Column) pgKind {
	if c.Deid != nil && c.Deid.Op == model.OpDerive {
		return pgString
	}
	switch c.Type {
	case "integer":
		return pgInteger
	case "number":
		return pgNumber
	case "boolean":
		return pgBoolean
	case "date":
		return pgDate
	case "datetime":
		return pgDatetime
	}
	return pgString
}

func (k pgKind) String() string {
	return [...]string{"string", "integer", "number", "boolean", "date", "datetime"}[k]
}

// pgAccepts lists the PostgreSQL result types each kind reads, and the hint of a cast.
var pgAccepts = map[pgKind]struct {
	oids []uint32
	cast string
}{
	pgString:   {[]uint32{pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID, pgtype.UUIDOID, pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.NumericOID}, "::text"},
	pgInteger:  {[]uint32{pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.NumericOID}, "::bigint"},
	pgNumber:   {[]uint32{pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.NumericOID, pgtype.Float4OID, pgtype.Float8OID}, "::double precision"},
	pgBoolean:  {[]uint32{pgtype.BoolOID}, "::boolean"},
	pgDate:     {[]uint32{pgtype.DateOID}, "::date"},
	pgDatetime: {[]uint32{pgtype.TimestampOID, pgtype.TimestamptzOID, pgtype.DateOID}, "::timestamptz"},
}

// pgTypeNames names the types of pgAccepts (others are looked up with format_type).
var pgTypeNames = map[uint32]string{
	pgtype.TextOID: "text", pgtype.VarcharOID: "character varying", pgtype.BPCharOID: "character",
	pgtype.NameOID: "name", pgtype.UUIDOID: "uuid", pgtype.Int2OID: "smallint", pgtype.Int4OID: "integer",
	pgtype.Int8OID: "bigint", pgtype.NumericOID: "numeric", pgtype.Float4OID: "real",
	pgtype.Float8OID: "double precision", pgtype.BoolOID: "boolean", pgtype.DateOID: "date",
	pgtype.TimestampOID: "timestamp without time zone", pgtype.TimestamptzOID: "timestamp with time zone",
}

// pgCol is how one name of Names is read: the result column and its decoding.
type pgCol struct {
	field  int
	oid    uint32
	kind   pgKind
	binary bool
}

// pgReader reads a PostgreSQL source through a server-side cursor.
type pgReader struct {
	ctx    context.Context
	ds     *load.Doc[model.Dataset]
	conn   *pgconn.PgConn
	cfg    *pgconn.Config
	mask   func(string) string
	cols   []pgCol
	fmts   []int16
	rr     *pgconn.ResultReader
	inRR   int   // rows read from the current FETCH
	n      int64 // rows read so far
	done   bool
	closed bool
	par    *pgPar    // a parallel read (pgparallel.go), or nil
	push   *pushRead // set when the reader runs a pushdown query
	push0  string    // the pushdown query's text (no secrets: they are parameters)
}

func openPostgres(ctx context.Context, _ *load.Catalog, ds *load.Doc[model.Dataset]) (Reader, error) {
	r, query, err := connectPostgres(ctx, ds)
	if err != nil {
		return nil, err
	}
	if err := r.start(query); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// connectPostgres checks a postgres source's settings and connects; it returns the
// reader, not started, and the source's query.
func connectPostgres(ctx context.Context, ds *load.Doc[model.Dataset]) (*pgReader, string, error) {
	src := ds.V.Source
	if src.DSNEnv == "" {
		return nil, "", fmt.Errorf("%s: a postgres source needs dsn_env: the name of the environment variable that holds the connection string (e.g. dsn_env: SHUYUAN_PG_%s)", pos(ds, "source"), envSuffix(ds.V.Department))
	}
	query := strings.TrimSpace(src.Query)
	for strings.HasSuffix(query, ";") {
		query = strings.TrimSpace(strings.TrimSuffix(query, ";"))
	}
	if query == "" {
		return nil, "", fmt.Errorf("%s: a postgres source needs query: the SELECT that yields the rows", pos(ds, "source"))
	}
	dsn := getenvFrom(ctx)(src.DSNEnv)
	if strings.TrimSpace(dsn) == "" {
		return nil, "", fmt.Errorf("%s: environment variable %s is not set; set it to the PostgreSQL connection string (postgres://user:password@host:5432/database) before extracting", pos(ds, "source", "dsn_env"), src.DSNEnv)
	}
	cfg, err := pgconn.ParseConfig(dsn)
	mask := maskDSN(dsn, cfg)
	if err != nil {
		return nil, "", fmt.Errorf("%s: environment variable %s does not hold a valid PostgreSQL connection string: %s", pos(ds, "source", "dsn_env"), src.DSNEnv, mask(err.Error()))
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["application_name"] = "shuyuan extract"
	cfg.RuntimeParams["client_encoding"] = "UTF8"
	cfg.RuntimeParams["DateStyle"] = "ISO"
	cfg.RuntimeParams["TimeZone"] = "UTC"
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 30 * time.Second
	}

	conn, err := pgconn.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, "", fmt.Errorf("%s: cannot connect to PostgreSQL (connection string from %s): %s; check that the server is up and the credentials are right", pos(ds, "source", "dsn_env"), src.DSNEnv, mask(err.Error()))
	}
	return &pgReader{ctx: ctx, ds: ds, conn: conn, cfg: cfg, mask: mask}, query, nil
}

// start checks the query's result columns, then opens the cursor.
func (r *pgReader) start(query string) error {
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
	if len(sd.Fields) == 0 {
		return fmt.Errorf("%s: the query returns no columns; it must be a SELECT that yields the rows", pos(ds, "source", "query"))
	}
	if err := r.plan(sd.Fields); err != nil {
		return err
	}
	if key := SplitKey(ds.V); key != "" {
		return r.startKeyed(query, key, sd.Fields)
	}
	if err := r.exec("DECLARE " + pgCursor + " NO SCROLL CURSOR FOR " + query); err != nil {
		return r.queryError(query, err)
	}
	if _, err := r.conn.Prepare(ctx, pgFetch, fmt.Sprintf("FETCH FORWARD %d FROM %s", pgBatch, pgCursor), nil); err != nil {
		return fmt.Errorf("%s: cannot read the query's rows: %s", pos(ds, "source", "query"), r.mask(err.Error()))
	}
	return nil
}

// plan matches Names to result columns and checks every declared type against the result
// type, before any row is read.
func (r *pgReader) plan(fields []pgconn.FieldDescription) error {
	ds := r.ds
	at := map[string]int{}
	dup := map[string]bool{}
	var list []string
	for i, f := range fields {
		if _, ok := at[f.Name]; ok {
			dup[f.Name] = true
		} else {
			at[f.Name] = i
		}
		list = append(list, f.Name)
	}
	names := Names(ds.V)
	index := map[string]int{}
	r.cols = make([]pgCol, len(names))
	for i, name := range names {
		index[name] = i
		f, ok := at[name]
		if !ok {
			hint := ""
			for _, have := range list {
				if strings.EqualFold(have, name) {
					hint = fmt.Sprintf(" (PostgreSQL folds unquoted names to lower case: write %q in the query to keep %q)", name, name)
				}
			}
			return fmt.Errorf("%s: the query's result has no column %q%s; its columns are: %s — add it to the SELECT list (… AS %s) or set the column's `header:` to one of them",
				columnPos(ds, name), name, hint, strings.Join(quoteAll(list), ", "), quoteIdent(name))
		}
		if dup[name] {
			return fmt.Errorf("%s: the query's result has more than one column named %q; give each a distinct name with AS", columnPos(ds, name), name)
		}
		r.cols[i] = pgCol{field: f, oid: fields[f].DataTypeOID}
	}
	// Every column that reads a name must agree with the result type; the first fixes
	// the decoding.
	kindSet := make([]bool, len(names))
	for ci, c := range ds.V.Columns {
		name := ColumnSource(ds.V, ci)
		col := &r.cols[index[name]]
		k := kindOf(c)
		fd := fields[col.field]
		typePos := pos(ds, "columns", ci, "type")
		if k == pgString && c.Type != "string" {
			typePos = pos(ds, "columns", ci, "deid", "op")
		}
		if !pgFits(k, fd) {
			what := fmt.Sprintf("column %q is declared %s", c.Name, c.Type)
			if k == pgString && c.Type != "string" {
				what = fmt.Sprintf("column %q derives from %q, which must be text", c.Name, name)
			}
			fix := ""
			if t := suggestType(fd.DataTypeOID); t != c.Type && k.String() == c.Type { // not for derive columns
				fix = fmt.Sprintf("change the declared type to %s, or ", t)
			}
			return fmt.Errorf("%s: %s but the query returns %q as %s; %scast in the query (%s%s AS %s)",
				typePos, what, name, r.typeName(fd), fix, quoteIdent(name), pgAccepts[k].cast, quoteIdent(name))
		}
		if !kindSet[index[name]] {
			col.kind, kindSet[index[name]] = k, true
		} else if col.kind != k {
			return fmt.Errorf("%s: column %q reads query column %q as %s, but another column reads it as %s; select it twice under two names (%s, %s AS %s_2) and set `header:`",
				typePos, c.Name, name, k, col.kind, quoteIdent(name), quoteIdent(name), name)
		}
	}
	r.fmts = make([]int16, len(fields)) // text for every column not read
	for i := range r.cols {
		c := &r.cols[i]
		c.binary = c.kind != pgString && c.oid != pgtype.NumericOID
		if c.binary {
			r.fmts[c.field] = 1
		}
	}
	return nil
}

// pgFits reports whether a result column of fd's type can be read as kind k.
func pgFits(k pgKind, fd pgconn.FieldDescription) bool {
	for _, oid := range pgAccepts[k].oids {
		if oid == fd.DataTypeOID {
			if k == pgInteger && oid == pgtype.NumericOID && fd.TypeModifier >= 4 {
				return (fd.TypeModifier-4)&0xffff == 0 // numeric(p, 0) only
			}
			return true
		}
	}
	return false
}

// suggestType is the column type that would read a PostgreSQL type.
func suggestType(oid uint32) string {
	switch oid {
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		return "integer"
	case pgtype.NumericOID, pgtype.Float4OID, pgtype.Float8OID:
		return "number"
	case pgtype.BoolOID:
		return "boolean"
	case pgtype.DateOID:
		return "date"
	case pgtype.TimestampOID, pgtype.TimestamptzOID:
		return "datetime"
	}
	return "string"
}

// typeName names a result column's type, with its modifier (numeric(12,2)).
func (r *pgReader) typeName(fd pgconn.FieldDescription) string {
	if fd.DataTypeOID == pgtype.NumericOID && fd.TypeModifier >= 4 {
		m := fd.TypeModifier - 4
		return fmt.Sprintf("numeric(%d,%d)", m>>16, m&0xffff)
	}
	if n, ok := pgTypeNames[fd.DataTypeOID]; ok {
		return n
	}
	rr := r.conn.ExecParams(r.ctx, "select format_type($1::oid, $2::int)",
		[][]byte{[]byte(strconv.FormatUint(uint64(fd.DataTypeOID), 10)), []byte(strconv.Itoa(int(fd.TypeModifier)))}, nil, nil, nil)
	name := ""
	for rr.NextRow() {
		name = string(rr.Values()[0])
	}
	if _, err := rr.Close(); err != nil || name == "" {
		return fmt.Sprintf("type oid %d", fd.DataTypeOID)
	}
	return name
}

// queryError explains a query the server rejected, with its position in the query.
func (r *pgReader) queryError(query string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		msg := pgMessage(pe)
		if pe.Position > 0 {
			runes := []rune(query)
			at := int(pe.Position) - 1
			if at <= len(runes) {
				end := min(at+24, len(runes))
				msg += fmt.Sprintf(" at character %d of the query (near %q)", pe.Position, string(runes[at:end]))
			}
		}
		if pe.Hint != "" {
			msg += "; hint: " + pe.Hint
		}
		if pe.Code == "25006" { // read_only_sql_transaction
			msg += "; the query runs in a read-only transaction: it must only read"
		}
		return fmt.Errorf("%s: PostgreSQL rejected the query: %s (SQLSTATE %s)", pos(r.ds, "source", "query"), r.mask(msg), pe.Code)
	}
	return fmt.Errorf("%s: running the query failed: %s", pos(r.ds, "source", "query"), r.mask(err.Error()))
}

// pgMessage is a server error's message without the data values that data exceptions
// (SQLSTATE class 22: `invalid input syntax for type integer: "…"`) quote: they may be
// personal.
func pgMessage(pe *pgconn.PgError) string {
	if strings.HasPrefix(pe.Code, "22") {
		return quotedValue.ReplaceAllString(pe.Message, `"…"`)
	}
	return pe.Message
}

var quotedValue = regexp.MustCompile(`"(?:[^"]|"")*"`)

func (r *pgReader) exec(sql string) error {
	_, err := r.conn.Exec(r.ctx, sql).ReadAll()
	return err
}

// Next implements Reader.
func (r *pgReader) Next(rec *Record) error {
	if r.par != nil {
		return r.nextPar(rec)
	}
	for {
		if r.rr == nil {
			if r.done {
				return io.EOF
			}
			if err := r.ctx.Err(); err != nil {
				return err
			}
			r.rr = r.conn.ExecPrepared(r.ctx, pgFetch, nil, nil, r.fmts)
			r.inRR = 0
		}
		if r.rr.NextRow() {
			r.inRR++
			r.n++
			if r.push != nil {
				return r.decodePushed(rec, r.rr.Values())
			}
			return r.decode(rec, r.rr.Values())
		}
		_, err := r.rr.Close()
		r.rr = nil
		if err != nil {
			return r.streamError(err)
		}
		if r.inRR < pgBatch {
			r.done = true
		}
	}
}

// streamError explains a failure while rows stream. Like the other readers' mid-stream
// errors it carries no position: the extractor prefixes the dataset's source position.
func (r *pgReader) streamError(err error) error {
	if ctxErr := r.ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && !strings.HasPrefix(pe.Code, "57P") && !strings.HasPrefix(pe.Code, "08") {
		msg := pgMessage(pe)
		if pe.Code == "25006" { // read_only_sql_transaction
			msg += "; the query runs in a read-only transaction: it must only read"
		}
		return fmt.Errorf("PostgreSQL stopped the query (source.query) after row %d: %s (SQLSTATE %s); nothing was published",
			r.n, r.mask(msg), pe.Code)
	}
	return fmt.Errorf("reading the query's rows failed after row %d: %s; the connection was lost or the server ended the query — nothing was published, run the extract again",
		r.n, r.mask(err.Error()))
}

// pgEpoch is 2000-01-01, PostgreSQL's epoch, in Unix days and microseconds.
const (
	pgEpochDays   = 10957
	pgEpochMicros = pgEpochDays * 86400 * 1_000_000
)

// decode fills rec from one row's raw values.
func (r *pgReader) decode(rec *Record, raw [][]byte) error {
	rec.Line = r.n
	if cap(rec.Values) < len(r.cols) {
		rec.Values = make([]Value, len(r.cols))
	}
	rec.Values = rec.Values[:len(r.cols)]
	var bad string
	for i, c := range r.cols {
		b := raw[c.field]
		if b == nil {
			rec.Values[i] = Value{Null: true}
			continue
		}
		v, reason := decodePG(c, b)
		if reason != "" && bad == "" {
			bad = fmt.Sprintf("query column %q: %s", Names(r.ds.V)[i], reason)
		}
		rec.Values[i] = Value{Typed: v}
	}
	if bad != "" {
		return &RecordError{Line: r.n, Reason: bad}
	}
	return nil
}

// decodePG turns one raw value into a Typed value of the column's kind; reason says why a
// value cannot be read (without the value: it may be personal).
func decodePG(c pgCol, b []byte) (any, string) {
	if !c.binary {
		s := string(b)
		switch c.kind {
		case pgString:
			if c.oid == pgtype.BPCharOID {
				s = strings.TrimRight(s, " ")
			}
			return s, ""
		case pgInteger: // numeric as text
			return numericInt(s)
		case pgNumber: // numeric as text
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, "not a finite number"
			}
			return f, ""
		}
		return nil, "unexpected text value"
	}
	switch c.oid {
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		var i int64
		switch len(b) {
		case 2:
			i = int64(int16(binary.BigEndian.Uint16(b)))
		case 4:
			i = int64(int32(binary.BigEndian.Uint32(b)))
		case 8:
			i = int64(binary.BigEndian.Uint64(b))
		default:
			return nil, "malformed integer"
		}
		if c.kind == pgNumber {
			return float64(i), ""
		}
		return i, ""
	case pgtype.Float4OID, pgtype.Float8OID:
		var f float64
		switch len(b) {
		case 4:
			f = float64(math.Float32frombits(binary.BigEndian.Uint32(b)))
		case 8:
			f = math.Float64frombits(binary.BigEndian.Uint64(b))
		default:
			return nil, "malformed float"
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, "not a finite number"
		}
		return f, ""
	case pgtype.BoolOID:
		if len(b) != 1 {
			return nil, "malformed boolean"
		}
		return b[0] != 0, ""
	case pgtype.DateOID:
		if len(b) != 4 {
			return nil, "malformed date"
		}
		d := int32(binary.BigEndian.Uint32(b))
		if d == math.MaxInt32 || d == math.MinInt32 {
			return nil, "infinite date"
		}
		return time.Unix((int64(d)+pgEpochDays)*86400, 0).UTC(), ""
	case pgtype.TimestampOID, pgtype.TimestamptzOID:
		if len(b) != 8 {
			return nil, "malformed timestamp"
		}
		us := int64(binary.BigEndian.Uint64(b))
		if us == math.MaxInt64 || us == math.MinInt64 {
			return nil, "infinite timestamp"
		}
		// timestamp without time zone is read as UTC.
		return time.UnixMicro(us + pgEpochMicros).UTC(), ""
	}
	return nil, "unsupported type"
}

// numericInt reads a numeric's text as an integer: "12", "-3", "12.000".
func numericInt(s string) (any, string) {
	whole, frac, _ := strings.Cut(s, ".")
	if strings.Trim(frac, "0") != "" {
		return nil, "not a whole number"
	}
	i, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return nil, "integer out of the 64-bit range"
		}
		return nil, "not an integer"
	}
	return i, ""
}

// Progress implements Reader: rows read; the total is unknown.
func (r *pgReader) Progress() (int64, int64) { return r.n, -1 }

// Close implements Reader. The transaction ends with the connection (a read-only
// transaction has nothing to commit).
func (r *pgReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Closing mid-batch would read the rest of it; closing the connection is enough.
	r.rr = nil
	if r.par != nil {
		r.par.close(ctx)
	}
	_ = r.conn.Close(ctx) // a read-only transaction has nothing to lose
	return nil
}

// maskDSN returns a function that removes the connection string's password (and the
// string itself) from a message. cfg may be nil when the string did not parse.
func maskDSN(dsn string, cfg *pgconn.Config) func(string) string {
	var secrets []string
	add := func(s string) {
		if s != "" {
			secrets = append(secrets, s, url.QueryEscape(s), url.PathEscape(s))
		}
	}
	if cfg != nil {
		add(cfg.Password)
	}
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			add(p)
		}
	}
	for _, m := range kvPassword.FindAllStringSubmatch(dsn, -1) {
		add(strings.Trim(m[2], "'"))
	}
	dsn = strings.TrimSpace(dsn)
	return func(msg string) string {
		if dsn != "" {
			msg = strings.ReplaceAll(msg, dsn, "(connection string)")
		}
		for _, s := range secrets {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
		msg = kvPassword.ReplaceAllString(msg, "${1}xxxxx")
		msg = urlPassword.ReplaceAllString(msg, "${1}xxxxx@")
		return msg
	}
}

var (
	kvPassword  = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]*)`)
	urlPassword = regexp.MustCompile(`(?i)(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@`)
)

func quoteIdent(s string) string {
	if regexp.MustCompile(`^[a-z_][a-z0-9_]*$`).MatchString(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func envSuffix(dept string) string {
	return strings.ToUpper(strings.ReplaceAll(dept, "-", "_"))
}
