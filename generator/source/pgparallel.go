package source

// Parallel reads of a PostgreSQL source (`--db-parallel N`, docs/scale.md "Parallel
// database scans").
//
// A dataset with a key (source.key, or the one column declared constraints.unique) is read
// in the order of that key, whatever N is, so that the output does not depend on N. With
// N > 1 the key's values are cut into ranges at quantiles of a sample of the key, and N
// connections read the ranges through their own server-side cursors, all in the snapshot
// that the first connection's REPEATABLE READ transaction exports (pg_export_snapshot;
// the others SET TRANSACTION SNAPSHOT before reading anything). The ranges are dealt out
// round-robin and read back in key order: range c comes from connection c mod N, so every
// connection works ahead of the reader by up to pgAhead batches while the reader drains
// the range before it. The first error on any connection cancels all of them.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

const (
	// pgAutoRowsPerConn is the estimated rows per connection of the default --db-parallel:
	// one connection per million rows.
	pgAutoRowsPerConn = 1_000_000
	// pgAutoMax is the most connections the default --db-parallel opens.
	pgAutoMax = 4
	// pgMaxParallel is the most connections --db-parallel accepts.
	pgMaxParallel = 64
	// pgChunkRows is the rows of one key range when the ranges are read through an index
	// (the reader holds up to pgAhead batches of each connection).
	pgChunkRows = 4 * pgBatch
	// pgAhead is how many fetched batches a connection may hold ahead of the reader.
	pgAhead = 4
	// pgSampleRows is the least number of key values sampled for the quantiles.
	pgSampleRows = 10_000
)

type dbParallelKey struct{}

// snapshotHookKey carries a test's func that runs after the first connection exported its
// snapshot and before the others import it.
type snapshotHookKey struct{}

// handoffHookKey carries a test's func(w int, last bool, b *pgRows) that connection w's
// worker runs right after it handed batch b to the reader (last: b ended its range). From
// then on b belongs to the reader, which recycles it for any worker.
type handoffHookKey struct{}

// WithDBParallel returns a context whose postgres sources with a key read over n
// connections (--db-parallel); n <= 0 chooses from the table size (AutoDBParallel).
func WithDBParallel(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, dbParallelKey{}, n)
}

func dbParallelFrom(ctx context.Context) int {
	n, _ := ctx.Value(dbParallelKey{}).(int)
	return n
}

// CheckDBParallel checks a --db-parallel value: 0 (choose from the table size) or 1..64.
func CheckDBParallel(n int) error {
	if n < 0 || n > pgMaxParallel {
		return fmt.Errorf("--db-parallel %d: give a number of connections from 1 to %d, or 0 to choose from the table size", n, pgMaxParallel)
	}
	return nil
}

// AutoDBParallel is the default number of connections for a query PostgreSQL estimates
// at rows rows: one per million rows, at least 1 and at most 4.
func AutoDBParallel(rows float64) int {
	n := int(math.Ceil(rows / pgAutoRowsPerConn))
	return max(1, min(n, pgAutoMax))
}

// SplitKey is the query result column a dataset's postgres rows are ordered and split
// by: source.key, or else the source name of the one column declared constraints.unique
// (not a derived one); "" when there is none.
func SplitKey(ds *model.Dataset) string {
	if ds.Source != nil && ds.Source.Key != "" {
		return ds.Source.Key
	}
	key := ""
	for i, c := range ds.Columns {
		if c.Constraints == nil || !c.Constraints.Unique || (c.Deid != nil && c.Deid.Op == model.OpDerive) {
			continue
		}
		if key != "" {
			return "" // several: source.key must say which
		}
		key = ColumnSource(ds, i)
	}
	return key
}

// pgRange is one key range: lo <= key < hi, an absent bound unbounded; nulls adds the rows
// whose key is NULL (the last range: NULLs sort last).
type pgRange struct {
	lo, hi []byte
	nulls  bool
}

// pgRows is one fetched batch: the read columns' raw values, in r.cols order, packed into
// buf; ends holds each value's end offset, -1 for NULL.
type pgRows struct {
	buf  []byte
	ends []int32
	rows int
	last bool // the last batch of its range
}

// pgPar is the state of a parallel read.
type pgPar struct {
	cancel  context.CancelFunc
	conns   []*pgconn.PgConn // conns[0] is the reader's own connection
	outs    []chan *pgRows
	ranges  []pgRange
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error

	cur  int     // range being read
	b    *pgRows // batch being read
	row  int     // next row of b
	at   int     // next value of b
	off  int32   // offset in b.buf of the next value
	raw  [][]byte
	bufs sync.Pool
}

// fail records the first error of any connection and cancels the others.
func (p *pgPar) fail(err error) {
	p.errOnce.Do(func() { p.err = err })
	p.cancel()
}

// startKeyed opens the cursor(s) of a dataset with a key: fields are the query's result
// columns, already checked by plan.
func (r *pgReader) startKeyed(query, key string, fields []pgconn.FieldDescription) error {
	ds, ctx := r.ds, r.ctx
	kf := -1
	var list []string
	for i, f := range fields {
		list = append(list, f.Name)
		if f.Name == key {
			kf = i
		}
	}
	keyPos := pos(ds, "columns")
	if ds.Has("source", "key") {
		keyPos = pos(ds, "source", "key")
	}
	if kf < 0 {
		return fmt.Errorf("%s: source.key %q is not a column of the query's result; its columns are: %s — name one of them (a unique, indexed column such as the primary key)",
			keyPos, key, strings.Join(quoteAll(list), ", "))
	}
	keyType := r.typeName(fields[kf]) // now: after a failed statement the transaction cannot ask
	qk := "q." + quoteIdent(key)
	from := "select * from (" + query + ") q"
	ordered := from + " order by " + qk
	n := dbParallelFrom(ctx)
	if n <= 0 || n > 1 {
		plan, err := r.explain(ordered, nil, nil)
		if err != nil {
			if unordered(err) {
				return fmt.Errorf("%s: source.key %q cannot split the rows: PostgreSQL has no ordering for its type (%s); name a column of a sortable type (integer, text, date, uuid …)",
					keyPos, key, keyType)
			}
			return r.queryError(query, err)
		}
		if n <= 0 {
			n = AutoDBParallel(plan.PlanRows)
		}
		if n > 1 {
			ranges, err := r.keyRanges(from, qk, fields[kf].DataTypeOID, n, plan.PlanRows)
			if err != nil {
				if unordered(err) {
					return fmt.Errorf("%s: source.key %q cannot split the rows: PostgreSQL has no ordering for its type (%s); name a column of a sortable type (integer, text, date, uuid …)",
						keyPos, key, keyType)
				}
				return r.queryError(query, err)
			}
			if len(ranges) > 1 {
				return r.startParallel(from, qk, fields[kf].DataTypeOID, min(n, len(ranges)), ranges)
			}
		}
	}
	// one connection, in key order
	sql, params, oids := r.rowsSQL(ordered, "", nil, nil)
	if _, err := r.conn.ExecParams(ctx, "DECLARE "+pgCursor+" NO SCROLL CURSOR FOR "+sql, params, oids, nil, nil).Close(); err != nil {
		if unordered(err) {
			return fmt.Errorf("%s: source.key %q cannot order the rows: PostgreSQL has no ordering for its type (%s); name a column of a sortable type (integer, text, date, uuid …)",
				keyPos, key, keyType)
		}
		if r.push != nil {
			return &PushdownError{r.pushError(err)}
		}
		return r.queryError(query, err)
	}
	if _, err := r.conn.Prepare(ctx, pgFetch, fmt.Sprintf("FETCH FORWARD %d FROM %s", pgBatch, pgCursor), nil); err != nil {
		return fmt.Errorf("%s: cannot read the query's rows: %s", pos(ds, "source", "query"), r.mask(err.Error()))
	}
	return nil
}

// pgPlanNode is a node of EXPLAIN (FORMAT JSON).
type pgPlanNode struct {
	NodeType string       `json:"Node Type"`
	PlanRows float64      `json:"Plan Rows"`
	Plans    []pgPlanNode `json:"Plans"`
}

func (n pgPlanNode) has(nodeType string) bool {
	if n.NodeType == nodeType {
		return true
	}
	for _, c := range n.Plans {
		if c.has(nodeType) {
			return true
		}
	}
	return false
}

// explain returns the plan PostgreSQL chooses for sql with the given text parameters.
func (r *pgReader) explain(sql string, params [][]byte, oids []uint32) (pgPlanNode, error) {
	rr := r.conn.ExecParams(r.ctx, "EXPLAIN (FORMAT JSON) "+sql, params, oids, nil, nil)
	var js []byte
	for rr.NextRow() {
		js = append(js, rr.Values()[0]...)
	}
	if _, err := rr.Close(); err != nil {
		return pgPlanNode{}, err
	}
	var out []struct{ Plan pgPlanNode }
	if err := json.Unmarshal(js, &out); err != nil || len(out) != 1 {
		return pgPlanNode{}, fmt.Errorf("unexpected EXPLAIN output (%v)", err)
	}
	return out[0].Plan, nil
}

// unordered reports whether err is PostgreSQL finding no ordering for a type
// (undefined_function: "could not identify an ordering operator").
func unordered(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42883" && strings.Contains(pe.Message, "ordering operator")
}

// rangeWhere is the condition and parameters that select one key range.
func rangeWhere(qk string, g pgRange, oid uint32) (string, [][]byte, []uint32) {
	var conds []string
	var params [][]byte
	var oids []uint32
	if g.lo != nil {
		params, oids = append(params, g.lo), append(oids, oid)
		conds = append(conds, fmt.Sprintf("%s >= $%d", qk, len(params)))
	}
	if g.hi != nil {
		params, oids = append(params, g.hi), append(oids, oid)
		conds = append(conds, fmt.Sprintf("%s < $%d", qk, len(params)))
	}
	where := strings.Join(conds, " and ")
	if g.nulls {
		if where == "" {
			return "", nil, nil
		}
		where = "(" + where + " or " + qk + " is null)"
	}
	if where == "" {
		return "", nil, nil
	}
	return " where " + where, params, oids
}

// keyRanges cuts the key's values into ranges at quantiles of a sample: about pgChunkRows
// rows each when a range is read through an index, else one range per connection (each
// range then scans the whole table, so fewer is cheaper).
func (r *pgReader) keyRanges(from, qk string, oid uint32, n int, est float64) ([]pgRange, error) {
	m := n
	if est > 0 {
		m = max(n, min(int(math.Ceil(est/pgChunkRows)), 4096))
	}
	m = (m + n - 1) / n * n // a multiple of n: the coarse bounds are among the fine ones
	share := 1.0
	if want := float64(max(pgSampleRows, 16*m)); est > want {
		share = want / est
	}
	fracs := make([]string, 0, m-1)
	for i := 1; i < m; i++ {
		fracs = append(fracs, strconv.FormatFloat(float64(i)/float64(m), 'g', -1, 64))
	}
	if err := r.exec("select setseed(0.5)"); err != nil { // the same sample every run
		return nil, err
	}
	sql := fmt.Sprintf("select b::text from unnest((select percentile_disc($1::float8[]) within group (order by %s) from (%s where %s is not null and random() < $2::float8) s)) b",
		strings.TrimPrefix(qk, "q."), from, qk)
	rr := r.conn.ExecParams(r.ctx, sql, [][]byte{[]byte("{" + strings.Join(fracs, ",") + "}"), []byte(strconv.FormatFloat(share, 'g', -1, 64))}, nil, nil, nil)
	var bounds [][]byte
	for rr.NextRow() {
		b := rr.Values()[0]
		if b == nil || (len(bounds) > 0 && string(bounds[len(bounds)-1]) == string(b)) {
			continue
		}
		bounds = append(bounds, append([]byte{}, b...))
	}
	if _, err := rr.Close(); err != nil {
		return nil, err
	}
	ranges := cut(bounds)
	if len(ranges) > n {
		// read through an index? Then many small ranges keep every connection busy;
		// else one range per connection.
		g := ranges[len(ranges)/2]
		where, params, oids := rangeWhere(qk, g, oid)
		plan, err := r.explain(from+where+" order by "+qk, params, oids)
		if err != nil {
			return nil, err
		}
		if plan.has("Seq Scan") && len(bounds) == m-1 {
			var coarse [][]byte
			for i := 1; i < n; i++ {
				coarse = append(coarse, bounds[i*m/n-1]) // quantile i/n
			}
			ranges = cut(coarse)
		} else if plan.has("Seq Scan") {
			// equal quantiles were merged: take every share of the distinct bounds
			var coarse [][]byte
			for i := 1; i < n; i++ {
				coarse = append(coarse, bounds[i*len(bounds)/n])
			}
			ranges = cut(coarse)
		}
	}
	return ranges, nil
}

// cut turns ascending bounds into the ranges between them.
func cut(bounds [][]byte) []pgRange {
	ranges := make([]pgRange, 0, len(bounds)+1)
	var lo []byte
	for _, b := range bounds {
		if lo != nil && string(lo) == string(b) {
			continue
		}
		ranges = append(ranges, pgRange{lo: lo, hi: b})
		lo = b
	}
	return append(ranges, pgRange{lo: lo, nulls: true})
}

// startParallel exports the snapshot, opens n-1 more connections in it and starts
// reading the ranges.
func (r *pgReader) startParallel(from, qk string, oid uint32, n int, ranges []pgRange) error {
	ds := r.ds
	var snap string
	rr := r.conn.ExecParams(r.ctx, "select pg_export_snapshot()", nil, nil, nil, nil)
	for rr.NextRow() {
		snap = string(rr.Values()[0])
	}
	if _, err := rr.Close(); err != nil {
		return fmt.Errorf("%s: cannot export the transaction's snapshot for --db-parallel (pg_export_snapshot): %s; read on one connection with --db-parallel 1", pos(ds, "source"), r.mask(err.Error()))
	}
	if hook, ok := r.ctx.Value(snapshotHookKey{}).(func()); ok {
		hook()
	}
	pctx, cancel := context.WithCancel(r.ctx)
	p := &pgPar{cancel: cancel, ranges: ranges, conns: make([]*pgconn.PgConn, n), outs: make([]chan *pgRows, n)}
	p.conns[0] = r.conn
	r.par = p
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 1; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := pgconn.ConnectConfig(r.ctx, r.cfg)
			if err != nil {
				errs[i] = fmt.Errorf("%s: cannot open connection %d of %d (--db-parallel): %s; lower --db-parallel if the server limits connections", pos(ds, "source", "dsn_env"), i+1, n, r.mask(err.Error()))
				return
			}
			p.conns[i] = c
			for _, sql := range []string{"BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", "SET TRANSACTION SNAPSHOT " + quoteLiteral(snap)} {
				if _, err := c.Exec(r.ctx, sql).ReadAll(); err != nil {
					errs[i] = fmt.Errorf("%s: connection %d of %d cannot read in the snapshot of the first (--db-parallel): %s", pos(ds, "source"), i+1, n, r.mask(err.Error()))
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	p.raw = make([][]byte, len(r.fmts))
	for w := 0; w < n; w++ {
		p.outs[w] = make(chan *pgRows, pgAhead)
		p.wg.Add(1)
		go r.work(pctx, p, w, from, qk, oid)
	}
	return nil
}

// work reads the ranges w, w+n, w+2n … on connection w into p.outs[w].
func (r *pgReader) work(ctx context.Context, p *pgPar, w int, from, qk string, oid uint32) {
	defer p.wg.Done()
	defer close(p.outs[w])
	conn, n := p.conns[w], len(p.conns)
	const cursor = pgCursor
	fetch := fmt.Sprintf("FETCH FORWARD %d FROM %s", pgBatch, cursor)
	handoff, _ := ctx.Value(handoffHookKey{}).(func(int, bool, *pgRows))
	for c := w; c < len(p.ranges); c += n {
		where, params, oids := rangeWhere(qk, p.ranges[c], oid)
		sql, params, oids := r.rowsSQL(from, where+" order by "+qk, params, oids)
		rr := conn.ExecParams(ctx, "DECLARE "+cursor+" NO SCROLL CURSOR FOR "+sql, params, oids, nil, nil)
		if _, err := rr.Close(); err != nil {
			p.fail(err)
			return
		}
		for {
			b, _ := p.bufs.Get().(*pgRows)
			if b == nil {
				b = &pgRows{buf: make([]byte, 0, 256<<10)}
			}
			b.buf, b.ends, b.rows, b.last = b.buf[:0], b.ends[:0], 0, false
			rr := conn.ExecParams(ctx, fetch, nil, nil, nil, r.fmts)
			for rr.NextRow() {
				vals := rr.Values()
				for _, col := range r.readCols() {
					v := vals[col.field]
					if v == nil {
						b.ends = append(b.ends, -1)
						continue
					}
					b.buf = append(b.buf, v...)
					b.ends = append(b.ends, int32(len(b.buf)))
				}
				b.rows++
			}
			if _, err := rr.Close(); err != nil {
				p.fail(err)
				return
			}
			// last is the worker's own: once sent, b is the reader's, which puts it back
			// in p.bufs when read, and another worker may take it and reset b.last before
			// this one looks again (it then fetched from the cursor it had just closed:
			// SQLSTATE 34000).
			last := b.rows < pgBatch
			b.last = last
			if last {
				if _, err := conn.Exec(ctx, "CLOSE "+cursor).ReadAll(); err != nil {
					p.fail(err)
					return
				}
			}
			select {
			case p.outs[w] <- b:
			case <-ctx.Done():
				return
			}
			if handoff != nil {
				handoff(w, last, b)
			}
			if last {
				break
			}
		}
	}
}

// nextPar is Next of a parallel read: the ranges in order, each from its connection.
func (r *pgReader) nextPar(rec *Record) error {
	p := r.par
	for {
		if b := p.b; b != nil && p.row < b.rows {
			cols := r.readCols()
			for i, col := range cols {
				e := b.ends[p.at+i]
				if e < 0 {
					p.raw[col.field] = nil
					continue
				}
				p.raw[col.field] = b.buf[p.off:e:e]
				p.off = e
			}
			p.at += len(cols)
			p.row++
			r.n++
			if r.push != nil {
				return r.decodePushed(rec, p.raw)
			}
			return r.decode(rec, p.raw)
		}
		if p.b != nil {
			if p.b.last {
				p.cur++
			}
			p.bufs.Put(p.b)
			p.b = nil
		}
		if p.cur >= len(p.ranges) {
			return io.EOF
		}
		if err := r.ctx.Err(); err != nil {
			return err
		}
		b, ok := <-p.outs[p.cur%len(p.conns)]
		if !ok {
			p.cancel()
			p.wg.Wait() // every worker has stopped: p.err is final
			err := p.err
			if err == nil {
				err = errors.New("a connection stopped before its rows were read")
			}
			return r.streamError(err)
		}
		p.b, p.row, p.at, p.off = b, 0, 0, 0
	}
}

// closePar stops the workers and closes their connections (not the reader's own).
func (p *pgPar) close(ctx context.Context) {
	p.cancel()
	p.wg.Wait()
	for _, c := range p.conns[1:] {
		if c != nil {
			_ = c.Close(ctx)
		}
	}
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
