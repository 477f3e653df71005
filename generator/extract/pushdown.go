package extract

// Pushdown: for a postgres source, the dataset's column policy is compiled to one SQL
// query that the database runs over the dataset's own query, so that only
// de-identified values leave it (docs/scale.md). The result has one row per source
// row, in the source query's order, and feeds the same pipeline as a plain read:
//
//   - columns published as they are (keep) cross raw, as they are published anyway,
//     and are parsed and checked by the client exactly as on the local path;
//   - every other column crosses only as what the client needs of it: the code of
//     the first check its value fails (null, minimum, maximum, enum, a validator),
//     its de-identified value in a compact form that the client formats with the
//     local path's own code (deid.Applier.Finish), the first operator that rejects the
//     row, and, for a unique column or the subject of k-anonymity, its token when
//     it is published tokenized, else an HMAC under a key made for this run alone
//     (equal values give equal bytes, and nothing else can be learnt from them);
//   - rejections, quality figures, duplicates and k-anonymity / ℓ-diversity
//     suppression are then decided by the same client code as the local path, so the
//     published files are byte-identical to it.
//
// What cannot be compiled (a pattern constraint on a de-identified column, text of a
// floating-point number, an address to generalize) falls back to the local path
// (auto) or fails (require), naming the column.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/source"
	"github.com/shuyuan-project/shuyuan/generator/validator"
)

// The modes of Options.Pushdown.
const (
	// PushdownAuto pushes the column policy of a postgres source down when it
	// compiles, and extracts locally (with a warning naming the column) when not.
	PushdownAuto = "auto"
	// PushdownOff always reads the raw rows of the source query.
	PushdownOff = "off"
	// PushdownRequire fails a postgres dataset whose policy does not compile.
	PushdownRequire = "require"
)

// ValidPushdown reports whether mode is a pushdown mode ("" is auto).
func ValidPushdown(mode string) bool {
	switch mode {
	case "", PushdownAuto, PushdownOff, PushdownRequire:
		return true
	}
	return false
}

// maxCodeSlots is how many checked de-identified columns one row's check codes hold
// (4 bits each in a bigint).
const maxCodeSlots = 15

// pushPlan is how the result of a pushdown query maps onto the pipeline.
type pushPlan struct {
	// per dataset column
	pushed   []bool     // computed in the database; false: the raw value crosses
	slot     []int      // its 4-bit check code's slot, -1 without
	reasons  [][]string // the reasons of its codes 2, 3, …
	surr     []int      // result column of its run-key HMAC, -1 without
	codesCol int        // result column of the packed check codes, -1 without
	// per published column
	outPushed []bool
	outCol    []int
	outKind   []deid.PushKind
	errCol    int        // result column of out*8+reason, -1 without
	errs      [][]string // per published column, the reasons of its rejections
	localCol  int        // result column naming a value that needs the local path, -1 without
	local     []string   // the columns it names
	srcIdx    []int      // per dataset column: the result column of its raw value (pushed: -1)
	// k decided by the database: markCol is the result column that is not NULL
	// on a marker row (a row of a suppressed group, which crosses without its values):
	// bit rawBit[j] of it is set when raw result column j is NULL. clientK, when not
	// "", says why the client decides k instead. verdict is the database's decision.
	markCol int
	rawBit  map[int]int
	// tokSurr: for a unique column whose token serves as its run-key HMAC, the
	// result column of the run-key HMAC of the token, which a marker row crosses
	// instead; runKey is the run's key, to compute it from the other rows' tokens.
	tokSurr map[int]int
	runKey  []byte
	// rawSurr: likewise for a unique column published as it is, of its text
	// (deid.Value.Text), which shuyuan computes from the other rows' values
	rawSurr map[int]int
	clientK string
	verdict *dbVerdict
}

// pushLocalError is a value the pushdown query could not de-identify (an address to
// generalize): the dataset must be extracted locally.
type pushLocalError struct{ column string }

func (e *pushLocalError) Error() string {
	return fmt.Sprintf("column %s holds values (addresses) the database cannot generalize", e.column)
}

// pushCompiler builds the pushdown query of one dataset.
type pushCompiler struct {
	j      *job
	d      *load.Doc[model.Dataset]
	cols   []source.QueryColumn
	nameAt []int // dataset column → index in cols
	params [][]byte
	byText map[string]string
	exprs  []string
	raw    []int
	lets   []string       // expressions computed once per row, by name shuyuan_l<i>
	levels []int          // the subquery level of each let (1: over the rows)
	letOf  map[string]int // let index by expression
	codeOf map[int]string // dataset column → the let of its check code
	outLet map[int]string // published column → the let of its compact value (quasi-identifiers and ℓ)
	// rawUnique: a unique column published as it is (not a number), by its text, when
	// the database decides k
	rawUnique map[int]string
	// rejects are the SQL conditions under which the client rejects a row (k decided
	// in the database only), beside the check codes and the bad values
	rejects []string
}

var letRef = regexp.MustCompile(`shuyuan_l([0-9]+)`)

// Let implements deid.SQLInput: expr goes into the select list of a subquery one
// level above the lets it reads (OFFSET 0 keeps PostgreSQL from inlining it), so
// it is evaluated once per row however often the query reads it.
func (c *pushCompiler) Let(expr string) string {
	if i, ok := c.letOf[expr]; ok {
		return fmt.Sprintf("shuyuan_l%d", i)
	}
	level := 1
	for _, m := range letRef.FindAllStringSubmatch(expr, -1) {
		i, _ := strconv.Atoi(m[1])
		level = max(level, c.levels[i]+1)
	}
	c.lets = append(c.lets, expr)
	c.levels = append(c.levels, level)
	c.letOf[expr] = len(c.lets) - 1
	return fmt.Sprintf("shuyuan_l%d", len(c.lets)-1)
}

// query is the compiled query: the lets level by level over the rows, then the
// result columns.
// Every let is in it: each bound parameter must be read for the server to type it.
func (c *pushCompiler) query(rows string) string { return c.queryOf(c.exprs, rows, false) }

// queryOf is the query of the select list list over the lets; with prune, only over
// those it reads (directly or through other lets): PostgreSQL computes every column of
// a subquery behind OFFSET 0 that it cannot prove unused, so a query that needs a few
// lets leaves the others out (its caller then types the parameters).
func (c *pushCompiler) queryOf(list []string, rows string, prune bool) string {
	used := make([]bool, len(c.lets))
	var mark func(expr string)
	mark = func(expr string) {
		for _, m := range letRef.FindAllStringSubmatch(expr, -1) {
			if i, _ := strconv.Atoi(m[1]); i < len(used) && !used[i] {
				used[i] = true
				mark(c.lets[i])
			}
		}
	}
	for _, e := range list {
		mark(e)
	}
	for i := range used {
		used[i] = used[i] || !prune
	}
	top := 0
	for i, l := range c.levels {
		if used[i] {
			top = max(top, l)
		}
	}
	from := "(" + rows + ") AS q"
	for level := 1; level <= top; level++ {
		var sel []string
		if level > 1 {
			sel = append(sel, "p.*")
		}
		for i, e := range c.lets {
			if c.levels[i] == level && used[i] {
				sel = append(sel, fmt.Sprintf("%s AS shuyuan_l%d", e, i))
			}
		}
		from = "(SELECT " + strings.Join(sel, ", ") + "\n  FROM " + from + " OFFSET 0) AS p"
	}
	return "SELECT " + strings.Join(list, ",\n  ") + "\nFROM " + from
}

func (c *pushCompiler) ref(col int) string {
	return "q." + quoteIdent(c.cols[c.nameAt[col]].Name)
}

// Typed implements deid.SQLInput.
func (c *pushCompiler) Typed(col int) string {
	return c.Let(source.TypedSQL(c.cols[c.nameAt[col]], c.ref(col)))
}

// Text implements deid.SQLInput.
func (c *pushCompiler) Text(col int) (string, bool) {
	t, ok := source.TextSQL(c.cols[c.nameAt[col]], c.ref(col))
	if !ok {
		return "", false
	}
	return c.Let(t), true
}

// Param implements deid.SQLInput; equal values share one parameter.
func (c *pushCompiler) Param(b []byte) string {
	if p, ok := c.byText[string(b)]; ok {
		return p
	}
	c.params = append(c.params, b)
	p := "$" + strconv.Itoa(len(c.params))
	c.byText[string(b)] = p
	return p
}

func (c *pushCompiler) add(expr string, raw int) int {
	c.exprs = append(c.exprs, expr)
	c.raw = append(c.raw, raw)
	return len(c.exprs) - 1
}

// columnError names the column a policy part of which does not compile.
func (c *pushCompiler) columnError(i int, format string, args ...any) error {
	return fmt.Errorf("%s: column %s: %s", pos(c.d, "columns", i), c.j.ds.Columns[i].Name, fmt.Sprintf(format, args...))
}

// checkCode compiles the checks of column i to the let of its code: 0 when the value
// passes, 1 when it is NULL, 2… when it fails reasons[code-2] (the first that fails,
// in the order the client checks them).
func (c *pushCompiler) checkCode(i int) (string, []string, error) {
	j, ch := c.j, &c.j.checks[i]
	x := c.Typed(i)
	whens := []string{fmt.Sprintf("WHEN %s IS NULL THEN 1", x)}
	var reasons []string
	when := func(cond, reason string) {
		whens = append(whens, fmt.Sprintf("WHEN %s THEN %d", cond, len(reasons)+2))
		reasons = append(reasons, reason)
	}
	numeric := j.ptype[i] == model.TypeInteger || j.ptype[i] == model.TypeNumber
	if numeric && ch.min != nil {
		when(fmt.Sprintf("(%s)::double precision < %s::double precision", x, c.Param([]byte(strconv.FormatFloat(*ch.min, 'g', -1, 64)))),
			"below constraints.minimum "+strconv.FormatFloat(*ch.min, 'f', -1, 64))
	}
	if numeric && ch.max != nil {
		when(fmt.Sprintf("(%s)::double precision > %s::double precision", x, c.Param([]byte(strconv.FormatFloat(*ch.max, 'g', -1, 64)))),
			"above constraints.maximum "+strconv.FormatFloat(*ch.max, 'f', -1, 64))
	}
	if ch.pattern != nil || ch.enum != nil || len(ch.validators) > 0 {
		t, ok := c.Text(i)
		if !ok {
			return "", nil, c.columnError(i, "the checks of a number column are not compiled to SQL (Go and PostgreSQL print floats differently)")
		}
		if ch.pattern != nil {
			return "", nil, c.columnError(i, "constraints.pattern is not compiled to SQL (RE2 is not PostgreSQL's regular expression dialect)")
		}
		if ch.enum != nil {
			b, _ := json.Marshal(j.ds.Columns[i].Constraints.Enum)
			when(fmt.Sprintf("NOT (%s::jsonb ? %s)", c.Param(b), t), "not one of constraints.enum")
		}
		for _, v := range ch.validators {
			s, ok := validator.SQLWith(v.name, c.Let(deid.TrimSQL(t)), c.Let)
			if !ok {
				return "", nil, c.columnError(i, "validator %s has no SQL form", v.name)
			}
			when("NOT "+s, "not a valid "+v.name+" ("+v.from+")")
		}
	}
	return c.Let(fmt.Sprintf("(CASE %s ELSE 0 END)", strings.Join(whens, " "))), reasons, nil
}

// compilePushdown compiles the job's policy over the source query's columns.
func (j *job) compilePushdown(d *load.Doc[model.Dataset], query string, cols []source.QueryColumn) (*source.Compiled, *pushPlan, error) {
	ds := j.ds
	c := &pushCompiler{j: j, d: d, cols: cols, byText: map[string]string{}, letOf: map[string]int{}, codeOf: map[int]string{}, outLet: map[int]string{}, rawUnique: map[int]string{}}
	names := map[string]int{}
	for i, qc := range cols {
		names[qc.Name] = i
	}
	n := len(ds.Columns)
	c.nameAt = make([]int, n)
	pp := &pushPlan{pushed: make([]bool, n), slot: make([]int, n), reasons: make([][]string, n), surr: make([]int, n), srcIdx: make([]int, n),
		codesCol: -1, errCol: -1, localCol: -1, markCol: -1}
	for i := range ds.Columns {
		c.nameAt[i] = names[source.ColumnSource(ds, i)]
		d := ds.Columns[i].Deid
		pp.pushed[i] = d != nil && d.Op != model.OpKeep
		pp.slot[i], pp.surr[i], pp.srcIdx[i] = -1, -1, -1
	}
	// the raw values of the columns published as they are
	rawCol := map[int]int{}
	for i := range ds.Columns {
		if pp.pushed[i] {
			continue
		}
		k := c.nameAt[i]
		if _, ok := rawCol[k]; !ok {
			rawCol[k] = c.add(c.Let(c.ref(i)), k)
		}
		pp.srcIdx[i] = rawCol[k]
	}
	// a plain read rejects a record with a value it cannot decode, in any column
	var bad []string
	for k, qc := range cols {
		if _, ok := rawCol[k]; ok {
			continue
		}
		if b := source.BadSQL(qc, "q."+quoteIdent(qc.Name)); b != "" {
			bad = append(bad, fmt.Sprintf("%d + %s", 8*k, c.Let(b)))
		}
	}
	// k decided by the database: the verdict query's rows, and why not
	inDB := false
	if j.kanon {
		why, err := c.verdictBlocker(len(rawCol))
		if err != nil {
			return nil, nil, err
		}
		pp.clientK, inDB = why, why == ""
	}
	// the check codes of the de-identified columns; with k decided by the database,
	// the subject's too (its code says when it is empty: its HMAC no longer crosses)
	var codes []string
	for i := range ds.Columns {
		if !pp.pushed[i] || !j.need[i] || !j.checks[i].active && !(inDB && i == j.subj) {
			continue
		}
		code, reasons, err := c.checkCode(i)
		if err != nil {
			return nil, nil, err
		}
		if len(reasons) > 13 {
			return nil, nil, c.columnError(i, "more than 13 checks on one de-identified column are not compiled to SQL")
		}
		if len(codes) == maxCodeSlots {
			return nil, nil, c.columnError(i, "more than %d checked de-identified columns are not compiled to SQL", maxCodeSlots)
		}
		pp.slot[i], pp.reasons[i] = len(codes), reasons
		c.codeOf[i] = code
		codes = append(codes, fmt.Sprintf("(%s::bigint << %d)", code, 4*len(codes)))
	}
	if len(codes) > 0 {
		pp.codesCol = c.add("NULLIF("+strings.Join(codes, " | ")+", 0)", -1)
	}
	if len(bad) > 0 {
		c.add("COALESCE("+strings.Join(bad, ", ")+")", -1)
	}
	badCol := -1
	if len(bad) > 0 {
		badCol = len(c.exprs) - 1
	}
	// the run-key HMACs of de-identified unique columns and subject
	for i := range ds.Columns {
		unique := false
		for _, u := range j.uniq {
			unique = unique || u == i
		}
		// a unique column published as it is crosses as its HMAC too when the rows of
		// suppressed groups cross as markers (without their values)
		if !pp.pushed[i] && !(unique && inDB) {
			continue
		}
		if !unique && !(j.kanon && !inDB && i == j.subj) {
			continue
		}
		if tokenOut(j, i) >= 0 {
			continue // its token is an HMAC of the same text: set below
		}
		if !pp.pushed[i] {
			if t, ok := c.Text(i); ok {
				// published as it is: its value crosses, and only a marker row
				// crosses its run-key HMAC instead (set by verdict)
				c.rawUnique[i] = t
				continue
			}
		}
		rk, err := c.runKeyParam(pp)
		if err != nil {
			return nil, nil, err
		}
		t, ok := c.Text(i)
		if !ok {
			t = c.Typed(i) + "::text" // PostgreSQL's shortest exact text: equal floats, equal text
		}
		pp.surr[i] = c.add(fmt.Sprintf("substr(hmac(convert_to(%s, 'UTF8'), %s, 'sha256'), 1, 16)", t, rk), -1)
	}
	// the published columns
	nout := len(j.plan.Out)
	pp.outPushed, pp.outCol, pp.outKind, pp.errs = make([]bool, nout), make([]int, nout), make([]deid.PushKind, nout), make([][]string, nout)
	var errWhens, locals []string
	for o, out := range j.plan.Out {
		pp.outCol[o] = -1
		if !pp.pushed[out.In] {
			continue
		}
		po, err := j.plan.Push(o, c)
		if err != nil {
			return nil, nil, c.columnError(out.In, "%v", err)
		}
		pp.outPushed[o], pp.outKind[o] = true, po.Kind
		expr := po.Expr
		if inDB && (ds.Columns[out.In].Role == model.RoleQuasiIdentifier || o == j.lOut) {
			// the verdict query groups by it: computed once, read twice
			expr = c.Let(expr)
			c.outLet[o] = expr
		}
		pp.outCol[o] = c.add(expr, -1)
		if inDB && out.Required {
			c.rejects = append(c.rejects, expr+" IS NULL")
		}
		for r, e := range po.Errs {
			errWhens = append(errWhens, fmt.Sprintf("WHEN %s THEN %d", e.Cond, 8*o+r))
			c.rejects = append(c.rejects, e.Cond)
			pp.errs[o] = append(pp.errs[o], e.Reason)
		}
		if po.Local != "" {
			locals = append(locals, fmt.Sprintf("WHEN %s THEN %d", po.Local, len(pp.local)))
			pp.local = append(pp.local, out.Name)
		}
	}
	// a unique column or subject published as a token: equal texts give equal tokens
	// (an HMAC of at least 128 bits), so the token serves as its run-key HMAC. When the
	// database decides k, a marker row crosses the run-key HMAC of the token instead
	// (never a published value), which shuyuan computes for the other rows (tokSurr)
	for i := range ds.Columns {
		if o := tokenOut(j, i); pp.pushed[i] && o >= 0 && pp.surr[i] < 0 && pp.outPushed[o] {
			unique := j.kanon && !inDB && i == j.subj
			for _, u := range j.uniq {
				unique = unique || u == i
			}
			if unique {
				pp.surr[i] = pp.outCol[o]
			}
		}
	}
	if len(errWhens) > 0 {
		pp.errCol = c.add("(CASE "+strings.Join(errWhens, " ")+" END)", -1)
	}
	if len(locals) > 0 {
		pp.localCol = c.add("(CASE "+strings.Join(locals, " ")+" END)", -1)
	}
	comp := &source.Compiled{Params: c.params, Raw: c.raw, Bad: badCol, VerdictParam: -1}
	if inDB {
		if err := c.verdict(pp, comp, query); err != nil {
			return nil, nil, err
		}
	}
	comp.SQL = c.query(query)
	comp.Params, comp.Raw = c.params, c.raw
	return comp, pp, nil
}

// tokenOut is the published column that tokenizes dataset column i, -1 when none does.
func tokenOut(j *job, i int) int {
	for o, out := range j.plan.Out {
		if out.In == i && out.Op == model.OpTokenize {
			return o
		}
	}
	return -1
}

// pushedValue converts a computed result value to the compact value Finish reads.
func pushedValue(v source.Value, k deid.PushKind) deid.Value {
	if v.Null {
		return deid.Value{}
	}
	switch x := v.Typed.(type) {
	case int64:
		return deid.IntValue(x)
	case float64:
		return deid.FloatValue(x)
	case string:
		return deid.StringValue(x)
	case bool:
		return deid.BoolValue(x)
	case time.Time:
		if k == deid.PushDate {
			return deid.DateOf(x.Year(), x.Month(), x.Day())
		}
		return deid.TimeValue(x.UnixMicro())
	}
	return deid.Value{}
}

// openSource opens the dataset's source: for a postgres source with pushdown not off,
// the compiled query; otherwise (or when it does not compile, in auto mode) the source
// as it is.
func (j *job) openSource(ctx context.Context, cat *load.Catalog, d *load.Doc[model.Dataset], opts Options) (source.Reader, error) {
	ctx = source.WithDBParallel(source.WithGetenv(ctx, opts.Getenv), opts.DBParallel)
	mode := opts.Pushdown
	if mode == "" {
		mode = PushdownAuto
	}
	if d.V.Source == nil || d.V.Source.Format != model.FormatPostgres || mode == PushdownOff || j.noPush {
		return source.Open(ctx, cat, d)
	}
	var pp *pushPlan
	rd, err := source.OpenPostgresPushdown(ctx, d, func(query string, cols []source.QueryColumn) (*source.Compiled, error) {
		comp, p, err := j.compilePushdown(d, query, cols)
		if err == nil && p.clientK != "" && mode == PushdownRequire {
			return nil, fmt.Errorf("%s; k-anonymity cannot be decided in the database", p.clientK)
		}
		pp = p
		return comp, err
	})
	var pe *source.PushdownError
	if errors.As(err, &pe) {
		if mode == PushdownRequire {
			return nil, fmt.Errorf("--pushdown=require: %v", pe.Err)
		}
		fmt.Fprintf(opts.Warn, "pushdown: %v; extracting %s locally (raw rows of source.query leave the database)\n", pe.Err, d.V.ID)
		return source.Open(ctx, cat, d)
	}
	if err != nil {
		return nil, err
	}
	if pp.clientK != "" {
		fmt.Fprintf(opts.Warn, "pushdown: %s; k-anonymity of %s is decided by shuyuan (the de-identified rows of suppressed groups leave the database)\n", pp.clientK, d.V.ID)
	}
	j.push = pp
	j.srcIdx = pp.srcIdx
	j.pii = newPIIScan(j.ds, j.srcIdx)
	return rd, nil
}

// quoteIdent quotes a PostgreSQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// dbVerdict is the k-anonymity / ℓ-diversity decision of the database (the verdict
// query's result): the report's figures over the rows it counts, which must be the
// rows the client accepts.
type dbVerdict struct {
	Rows               int64 `json:"rows"`
	Groups             int64 `json:"groups"`
	GroupsSuppressed   int64 `json:"groups_suppressed"`
	RowsSuppressed     int64 `json:"rows_suppressed"`
	KAchieved          int   `json:"k_achieved"`
	LAchieved          int   `json:"l_achieved"`
	Subjects           int64 `json:"subjects"`
	SubjectsSuppressed int64 `json:"subjects_suppressed"`
	// All: more rows are suppressed than privacy.max_suppression allows, so the
	// extract fails and every accepted row crosses as a marker.
	All bool `json:"all"`
	// KeyRepeats counts the values of a unique column that is also the read's key
	// (source.key) repeated among the accepted rows.
	KeyRepeats int64 `json:"key_repeats"`
}

// verdictBlocker says why the database cannot decide k exactly as the client does
// (a column error; "" when it can): some row is rejected by a rule that only the client
// applies. For a column published as it is, it compiles its checks (kept in codeOf).
func (c *pushCompiler) verdictBlocker(nraw int) (string, error) {
	j, ds := c.j, c.j.ds
	for i := range ds.Columns {
		if !j.need[i] || c.isPushed(i) {
			continue
		}
		qc := c.cols[c.nameAt[i]]
		if qc.Kind != j.ptype[i] {
			return c.columnError(i, "its values (%s in the query) are parsed by shuyuan as %s", qc.Kind, j.ptype[i]).Error(), nil
		}
		if !j.checks[i].active {
			continue
		}
		code, _, err := c.checkCode(i)
		if err != nil {
			return err.Error(), nil
		}
		c.codeOf[i] = code
	}
	if len(j.uniq) > 0 && source.SplitKey(ds) == "" {
		return c.columnError(j.uniq[0], "constraints.unique without source.key: which repeat of a value is rejected depends on the order of the rows, which only source.key fixes").Error(), nil
	}
	if nraw > 62 {
		return fmt.Sprintf("%s: more than 62 columns published as they are", c.d.Path), nil
	}
	return "", nil
}

func (c *pushCompiler) isPushed(i int) bool {
	d := c.j.ds.Columns[i].Deid
	return d != nil && d.Op != model.OpKeep
}

// textOf is the SQL of column i's text as the run-key HMAC reads it: equal texts,
// equal values.
func (c *pushCompiler) textOf(i int) string {
	if t, ok := c.Text(i); ok {
		return t
	}
	return c.Typed(i) + "::text" // PostgreSQL's shortest exact text: equal floats, equal text
}

// groupValue is the SQL of published column o's value as the verdict groups it: equal
// exactly when the published values are (deid.Plan.GroupSQL; a float by its bits).
func (c *pushCompiler) groupValue(pp *pushPlan, o int) string {
	if pp.outPushed[o] {
		return c.j.plan.GroupSQL(o, c.outLet[o], pp.outKind[o])
	}
	in := c.j.plan.Out[o].In
	if c.cols[c.nameAt[in]].Kind == model.TypeNumber {
		return "float8send(" + c.Typed(in) + ")"
	}
	return c.Typed(in)
}

// runKeyParam is the parameter of the key drawn for this run alone (crypto/rand),
// made on first use; pp keeps it for the HMACs shuyuan computes itself.
func (c *pushCompiler) runKeyParam(pp *pushPlan) (string, error) {
	if pp.runKey == nil {
		pp.runKey = make([]byte, 32)
		if _, err := rand.Read(pp.runKey); err != nil {
			return "", err
		}
	}
	return c.Param([]byte(`\x`+hex.EncodeToString(pp.runKey))) + "::bytea", nil
}

// newParam binds b as a parameter of its own (never shared: the reader replaces it).
func (c *pushCompiler) newParam(b []byte) (string, int) {
	c.params = append(c.params, b)
	return "$" + strconv.Itoa(len(c.params)), len(c.params) - 1
}

// verdict compiles the decision of k-anonymity and ℓ-diversity in the database
// (docs/scale.md "k-anonymity in the database"). The verdict query runs once over all
// the rows, in the read's snapshot: it leaves out the rows the client rejects and
// the repeats of unique values (the first in key order stays), groups the rest by a
// salted MD5 of their quasi-identifiers' de-identified values, counts distinct
// subjects and ℓ values per group, and returns the report's figures and the keys of
// the suppressed groups. The reader binds that result into the rows query, where an
// accepted row of a suppressed group becomes a marker: every value NULL but its check
// codes, which columns published as they are hold NULL, and the run-key HMACs of
// unique columns (the client still decides repeats, from them).
func (c *pushCompiler) verdict(pp *pushPlan, comp *source.Compiled, rows string) error {
	j, ds := c.j, c.j.ds
	conds := append([]string(nil), c.rejects...)
	for _, qc := range c.cols {
		if b := source.BadSQL(qc, "q."+quoteIdent(qc.Name)); b != "" {
			conds = append(conds, c.Let(b)+" IS NOT NULL")
		}
	}
	for i := range ds.Columns {
		code := c.codeOf[i]
		if code == "" {
			continue
		}
		conds = append(conds, code+" >= 2")
		if j.checks[i].required {
			conds = append(conds, code+" = 1")
		}
	}
	conds = append(conds, c.Typed(j.subj)+" IS NULL")
	for o, out := range j.plan.Out {
		if out.Required && !pp.outPushed[o] {
			conds = append(conds, c.Typed(out.In)+" IS NULL")
		}
	}
	whens := make([]string, len(conds))
	for n, cond := range conds {
		whens[n] = "WHEN " + cond + " THEN false"
	}
	ok := c.Let("(CASE " + strings.Join(whens, " ") + " ELSE true END)")

	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return err
	}
	var parts []string
	for o, out := range j.plan.Out {
		if ds.Columns[out.In].Role == model.RoleQuasiIdentifier {
			parts = append(parts, c.groupValue(pp, o))
		}
	}
	gk := c.Let(fmt.Sprintf("md5(%s::text || ROW(%s)::text)", c.Param([]byte(hex.EncodeToString(salt))), strings.Join(parts, ", ")))
	v, vi := c.newParam([]byte("{}"))
	sup := c.Let(fmt.Sprintf("(CASE WHEN NOT %s THEN false WHEN (%s::jsonb->>'all')::boolean THEN true ELSE (%s::jsonb->'s') ? %s END)", ok, v, v, gk))

	// the rows query: a marker row keeps its check codes, the NULLs of the raw
	// columns, and the unique columns' run-key HMACs; nothing else
	keepCol := map[int]bool{pp.codesCol: true}
	pp.tokSurr = map[int]int{}
	tokExpr := map[int]string{}
	tokKey := ""
	for i, k := range pp.surr {
		if o := tokenOut(j, i); o >= 0 && k >= 0 && k == pp.outCol[o] {
			// a token: a marker crosses its run-key HMAC instead (added below)
			rk, err := c.runKeyParam(pp)
			if err != nil {
				return err
			}
			tokExpr[i], tokKey = c.exprs[k], rk
			continue
		}
		keepCol[k] = true
	}
	pp.rawBit = map[int]int{}
	bits := []string{"0::bigint"}
	for jj, k := range c.raw {
		if k < 0 {
			continue
		}
		pp.rawBit[jj] = len(bits) - 1
		bits = append(bits, fmt.Sprintf("((%s IS NULL)::int::bigint << %d)", c.exprs[jj], len(bits)-1))
	}
	for jj, e := range c.exprs {
		if !keepCol[jj] {
			c.exprs[jj] = fmt.Sprintf("(CASE WHEN %s THEN NULL ELSE %s END)", sup, e)
		}
	}
	for i, e := range tokExpr {
		pp.tokSurr[i] = c.add(fmt.Sprintf("(CASE WHEN %s THEN substr(hmac(%s, %s, 'sha256'), 1, 16) END)", sup, e, tokKey), -1)
	}
	pp.rawSurr = map[int]int{}
	for i, t := range c.rawUnique {
		rk, err := c.runKeyParam(pp)
		if err != nil {
			return err
		}
		pp.rawSurr[i] = c.add(fmt.Sprintf("(CASE WHEN %s THEN substr(hmac(convert_to(%s, 'UTF8'), %s, 'sha256'), 1, 16) END)", sup, t, rk), -1)
	}
	pp.markCol = c.add(fmt.Sprintf("(CASE WHEN %s THEN %s END)", sup, strings.Join(bits, " | ")), -1)

	// the verdict query; the privacy thresholds (numbers of the catalog) are written
	// into it, as the rows query does not read them. Every step is a hash aggregate or
	// a hash join (no count(DISTINCT), which sorts), over texts in the "C" collation
	// (equal bytes, as shuyuan compares): distinct (group, subject) pairs, then groups.
	sel := []string{ok + " AS k_ok", gk + ` COLLATE "C" AS g`, c.textOf(j.subj) + ` COLLATE "C" AS s`, `NULL::text AS l`}
	if j.lOut >= 0 {
		sel[3] = "ROW(" + c.groupValue(pp, j.lOut) + `)::text COLLATE "C" AS l`
	}
	// the repeats of unique values: all but the first in key order (NULL keys last)
	var firsts, joins, dups, keyReps []string
	for n, u := range j.uniq {
		if source.ColumnSource(ds, u) == source.SplitKey(ds) {
			keyReps = append(keyReps, fmt.Sprintf("(SELECT count(*) FROM f%d)", n))
		}
		sel = append(sel, fmt.Sprintf(`%s COLLATE "C" AS u%d`, c.textOf(u), n))
		firsts = append(firsts, fmt.Sprintf("f%[1]d AS (SELECT u%[1]d AS u, min(o) AS first FROM r WHERE u%[1]d IS NOT NULL GROUP BY u%[1]d HAVING count(*) > 1),\n", n))
		joins = append(joins, fmt.Sprintf(" LEFT JOIN f%[1]d ON f%[1]d.u = r.u%[1]d", n))
		dups = append(dups, fmt.Sprintf("(f%[1]d.u IS NOT NULL AND (r.o > f%[1]d.first OR r.o IS NULL AND f%[1]d.first IS NOT NULL))", n))
	}
	if len(j.uniq) > 0 {
		sel = append(sel, c.Let("q."+quoteIdent(source.SplitKey(j.ds)))+" AS o")
	}
	keyRep := "0"
	if len(keyReps) > 0 {
		keyRep = strings.Join(keyReps, " + ")
	}
	notDup := "true"
	if len(dups) > 0 {
		notDup = "NOT (" + strings.Join(dups, " OR ") + ")"
	}
	k, l := ds.Privacy.K, 0
	if ds.Privacy.LDiversity != nil {
		l = ds.Privacy.LDiversity.L
	}
	lOK, lach, gl, glJoin, nl := "true", "0::bigint", "", "", "0::bigint"
	if l > 0 {
		lOK = fmt.Sprintf("nl >= %d", l)
		lach = "COALESCE(min(nl) FILTER (WHERE NOT sup), 0)"
	}
	if j.lOut >= 0 {
		gl = "gl AS (SELECT g, count(*) AS nl FROM (SELECT DISTINCT g, l FROM d) x GROUP BY g),\n"
		glJoin, nl = " LEFT JOIN gl ON gl.g = gr.g", "COALESCE(gl.nl, 0)"
	}
	comp.Verdict = fmt.Sprintf(`WITH r AS (%s WHERE %s),
%sd AS (SELECT r.g, r.s, r.l FROM r%s WHERE %s),
p AS (SELECT g, s, count(*) AS nr FROM d GROUP BY g, s),
gr AS (SELECT g, count(*) AS ns, sum(nr) AS nr FROM p GROUP BY g),
%sgs AS (SELECT gr.g, ns, %s AS nl, nr, NOT (ns >= %d AND %s) AS sup FROM gr%s),
t AS (SELECT COALESCE(sum(nr), 0) AS n, count(*) AS groups, count(*) FILTER (WHERE sup) AS gsup,
  COALESCE(sum(nr) FILTER (WHERE sup), 0) AS rsup, COALESCE(min(ns) FILTER (WHERE NOT sup), 0) AS kach, %s AS lach FROM gs),
b AS (SELECT t.*, floor('%s'::float8 * n) AS lim FROM t)
SELECT json_build_object('rows', n, 'groups', groups, 'groups_suppressed', gsup, 'rows_suppressed', rsup,
  'k_achieved', kach, 'l_achieved', lach,
  'subjects', (SELECT count(*) FROM (SELECT DISTINCT s FROM p) x),
  'subjects_suppressed', (SELECT count(*) FROM (SELECT DISTINCT p.s FROM p JOIN gs ON gs.g = p.g WHERE gs.sup) x),
  'all', rsup > lim, 'key_repeats', %s,
  's', CASE WHEN rsup <= lim THEN (SELECT COALESCE(jsonb_object_agg(g, 1), '{}'::jsonb) FROM gs WHERE sup) END)::text
FROM b`, c.queryOf(sel, rows, true), ok, strings.Join(firsts, ""), strings.Join(joins, ""), notDup, gl, nl, k, lOK, glJoin, lach,
		strconv.FormatFloat(ds.Privacy.MaxSuppression, 'g', -1, 64), keyRep)
	comp.VerdictParam = vi
	comp.Decided = func(b []byte) error {
		var dv dbVerdict
		if err := json.Unmarshal(b, &dv); err != nil {
			return fmt.Errorf("reading the database's k-anonymity verdict: %v (a bug in shuyuan)", err)
		}
		if dv.KeyRepeats > 0 {
			// rows with equal keys come in no defined order: which repeat shuyuan
			// rejects cannot be known in advance
			return fmt.Errorf("%s: source.key %s repeats %d of its values among the accepted rows, so the order of those rows, and which of them constraints.unique rejects, is not defined: the database cannot decide k-anonymity as shuyuan reads them; make the key unique",
				pos(c.d, "source"), source.SplitKey(ds), dv.KeyRepeats)
		}
		pp.verdict = &dv
		return nil
	}
	return nil
}
