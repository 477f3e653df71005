package extract

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"aead.dev/minisign"
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/schollz/progressbar/v3"

	"github.com/shuyuan-project/shuyuan/generator/deid"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pii"
	"github.com/shuyuan-project/shuyuan/generator/sign"
	"github.com/shuyuan-project/shuyuan/generator/source"
)

// MaxRejections is how many rejected rows a Result keeps; all are counted.
const MaxRejections = 1000

// batchSize is the number of records handed between pipeline stages at once.
const batchSize = 4096

// Options configure Run.
type Options struct {
	// OutDir is the site directory; extracts go to <OutDir>/data/<id>/<version>/.
	OutDir string
	// Datasets are the ids to extract; empty means every dataset the open portal
	// publishes a download of (see Selection).
	Datasets []string
	// Getenv reads de-identification keys (env:NAME), SHUYUAN_SIGNING_KEY and the
	// connection strings of postgres sources (source.dsn_env).
	Getenv func(string) string
	// SignKey is the minisign secret key (its text, or file:PATH); when empty,
	// SHUYUAN_SIGNING_KEY from Getenv; when both are empty SHA256SUMS is unsigned.
	SignKey string
	// Progress receives a progress bar; nil means quiet.
	Progress io.Writer
	// Warn receives warnings; nil means discard.
	Warn io.Writer
	// Workers is the number of transform goroutines; 0 means GOMAXPROCS.
	Workers int
	// NoSign writes SHA256SUMS unsigned, without a warning: a share of a sharded
	// extract (`extract --shard`) is signed when the shares are merged.
	NoSign bool
	// DBParallel is the number of connections a PostgreSQL source with a key
	// (source.key) is read over, in one snapshot; 0 chooses from the table size
	// (source.AutoDBParallel). The output does not depend on it.
	DBParallel int
	// Pushdown is how postgres sources are read (PushdownAuto when ""): the column
	// policy compiled to SQL that the database runs, or the raw rows of source.query.
	Pushdown string

	// partRows is the number of rows per Parquet part; MaxRowsPerPart when 0.
	// Tests in this package set it small to get several parts.
	partRows int64
	// afterRead, when set (by tests in this package), runs after a dataset's source
	// was read to its end and before it is checked for changes.
	afterRead func(dataset string)
}

// Rejection is a source row that was not published because a value is bad.
type Rejection struct {
	// Line is the 1-based source line (or row number) where the record starts.
	Line int64
	// Column is the column at fault, or "" for a malformed record.
	Column string
	// Reason says what is wrong, never the value.
	Reason string
}

// Result is the outcome of one dataset's extract.
type Result struct {
	Dataset, Version string
	// Files are the Parquet files followed by datapackage.json.
	Files []model.Download
	// RowsIn = RowsWritten + RowsSuppressed + RowsRejected.
	RowsIn, RowsWritten, RowsSuppressed, RowsRejected int64
	// K is the achieved k-anonymity in people: the smallest number of distinct
	// subjects in a published quasi-identifier group, 0 when the dataset has none.
	K int
	// L is the achieved distinct l-diversity, 0 when none is required.
	L int
	// SubjectsSuppressed counts the distinct subjects with at least one suppressed row.
	SubjectsSuppressed int64
	// Rejected are the first MaxRejections rejections, by line.
	Rejected []Rejection
	// Quality is what was measured, as written to quality.json.
	Quality *QualityReport
}

// Error is a dataset whose extract failed; the previously published files stay.
type Error struct {
	Dataset string
	Err     error
	// IO is true for failures to read or write files (exit 2), false when the
	// dataset cannot be published as defined (exit 1): k-anonymity not reachable,
	// a missing key, a bad column definition, a source that does not match.
	IO bool
}

func (e *Error) Error() string {
	if e.Dataset == "*" { // not one dataset's failure
		return fmt.Sprintf("extract: %v", e.Err)
	}
	return fmt.Sprintf("extract %s: %v", e.Dataset, e.Err)
}
func (e *Error) Unwrap() error { return e.Err }

// Run extracts the datasets, then rewrites <OutDir>/data/SHA256SUMS over every
// published file and signs it. It returns the results of the datasets that
// succeeded and an error joining one *Error per dataset that failed.
func Run(ctx context.Context, cat *load.Catalog, opts Options) ([]Result, error) {
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.Warn == nil {
		opts.Warn = io.Discard
	}
	keySpec, keyFrom := opts.SignKey, "--sign-key"
	if keySpec == "" {
		keySpec, keyFrom = opts.Getenv("SHUYUAN_SIGNING_KEY"), "SHUYUAN_SIGNING_KEY"
	}
	var key *minisign.PrivateKey
	if keySpec != "" && !opts.NoSign {
		k, err := sign.LoadPrivateKey(keySpec, opts.Getenv)
		if err != nil {
			// name where the key came from, never its value
			return nil, &Error{Dataset: "*", Err: fmt.Errorf("%s: %w", keyFrom, err), IO: true}
		}
		key = &k
	}
	docs, skipped := Selection{IDs: opts.Datasets}.Choose(cat)
	for _, s := range skipped {
		// only named datasets are skipped without Getenv and FilesOnly
		return nil, &Error{Dataset: s.ID, Err: fmt.Errorf("%s", s.Reason), IO: s.Unknown}
	}
	if len(opts.Datasets) == 0 {
		// a dataset file that does not load is never skipped silently
		if fds := LoadFindings(cat, ""); len(fds) > 0 {
			return nil, &Error{Dataset: "*", Err: fmt.Errorf("%d finding(s) in dataset files that do not load, so their datasets cannot be extracted; fix them (shuyuan lint lists them all):\n%s", len(fds), findingLines(fds))}
		}
	}
	dataDir := filepath.Join(opts.OutDir, "data")
	_, statErr := os.Stat(dataDir)
	newDataDir := errors.Is(statErr, fs.ErrNotExist)
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, &Error{Dataset: "*", Err: err, IO: true}
	}
	if err := removeWork(dataDir); err != nil {
		return nil, &Error{Dataset: "*", Err: fmt.Errorf("removing what a killed extract left in %s: %w", dataDir, err), IO: true}
	}
	var (
		results []Result
		errs    []error
		known   = map[string]string{}
	)
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, &Error{Dataset: d.V.ID, Err: err, IO: true})
			break
		}
		res, err := extractOne(ctx, cat, d, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range res.Files {
			known[f.Path[len("data/"):]] = f.SHA256
		}
		results = append(results, res)
	}
	if len(results) == 0 {
		// nothing new was published: SHA256SUMS and its signature stay as they are,
		// and an extract into an empty folder leaves no (signed, empty) list there
		if newDataDir {
			_ = os.Remove(dataDir)
		}
		return nil, errors.Join(errs...)
	}
	if opts.NoSign {
		key = nil
	} else if key == nil {
		fmt.Fprintf(opts.Warn, "warning: no signing key (SHUYUAN_SIGNING_KEY or --sign-key): data/%s is written unsigned\n", sign.SumsFile)
	}
	if err := sign.Publish(dataDir, key, known); err != nil {
		errs = append(errs, &Error{Dataset: "*", Err: fmt.Errorf("writing data/%s: %w", sign.SumsFile, err), IO: true})
	}
	return results, errors.Join(errs...)
}

// removeWork removes the work directories (.tmp-<id>-*, .old-.tmp-*) and checksum files being
// replaced (.SHA256SUMS*.tmp-*) that a killed extract left in dataDir: they are not
// published, and verify reports any file of the set that SHA256SUMS does not list.
func removeWork(dataDir string) error {
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if (strings.HasPrefix(n, ".tmp-") || strings.HasPrefix(n, ".old-.tmp-")) && e.IsDir() || strings.HasPrefix(n, "."+sign.SumsFile) && strings.Contains(n, ".tmp-") {
			if err := os.RemoveAll(filepath.Join(dataDir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// likelyCause names, from the reasons of the rejected rows kept, the usual cause
// when most of them share one: an encoding or a delimiter that does not match the
// file, or one column whose values do not fit its type. "" otherwise.
func likelyCause(ds *model.Dataset, rejs []Rejection) string {
	if len(rejs) == 0 {
		return ""
	}
	var utf8Bad, replaced, fields int
	col := map[string]int{}
	for _, r := range rejs {
		switch {
		case strings.Contains(r.Reason, "not valid UTF-8"):
			utf8Bad++
		case strings.Contains(r.Reason, "U+FFFD"):
			replaced++
		case strings.Contains(r.Reason, "fields, the header has"), strings.HasPrefix(r.Reason, "malformed CSV"):
			fields++
		}
		if r.Column != "" {
			col[r.Column]++
		}
	}
	most := func(n int) bool { return 2*n > len(rejs) }
	src := ds.Source
	enc := "utf-8"
	if src != nil && src.Encoding != "" {
		enc = src.Encoding
	}
	switch {
	case most(utf8Bad):
		return "; likely cause: most rejected rows are not valid UTF-8, so the file is probably GBK or GB18030: set source.encoding: gbk (or gb18030)"
	case most(replaced):
		return fmt.Sprintf("; likely cause: most rejected rows hold U+FFFD replacement characters, so the file is not in the encoding declared (%s): set source.encoding to the file's encoding, or export it again without lossy conversion", enc)
	case most(fields):
		delim := ","
		if src != nil && src.Delimiter != "" {
			delim = src.Delimiter
		}
		return fmt.Sprintf("; likely cause: most rejected rows have another number of fields than the header, so the delimiter (%q) or the quoting does not match the file: check source.delimiter", delim)
	}
	for c, n := range col {
		if most(n) {
			return fmt.Sprintf("; likely cause: most rejected rows fail on column %s: check its type and the source's format for it", c)
		}
	}
	return ""
}

// pos formats the position of a dataset field.
func pos(ds *load.Doc[model.Dataset], path ...any) string {
	p := ds.Pos(path...)
	return fmt.Sprintf("%s:%d:%d", ds.Path, p.Line, p.Col)
}

// PolicySHA256 is the hash of a dataset's column policies (names, types, roles,
// de-identification, constraints) and privacy settings, as stored in
// shuyuan.policy_sha256.
func PolicySHA256(ds *model.Dataset) string {
	type col struct {
		Name, Source, Type, Personal, Role string
		Level                              int
		Deid                               *model.Deid
		Constraints                        *model.Constraints
	}
	p := struct {
		Columns []col
		Privacy *model.Privacy
	}{Privacy: ds.Privacy}
	for i, c := range ds.Columns {
		p.Columns = append(p.Columns, col{c.Name, source.ColumnSource(ds, i), c.Type, c.PersonalInfo, c.Role, c.Level, c.Deid, c.Constraints})
	}
	b, _ := json.Marshal(p)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// job is the per-dataset state shared by the pipeline stages.
type job struct {
	ds      *model.Dataset
	plan    *deid.Plan
	srcIdx  []int
	ptype   []string
	need    []bool
	checks  []colCheck
	kanon   bool // k-anonymity or l-diversity is enforced
	spill   bool // two passes through a spill file
	lay     spillLayout
	subj    int // input index of the subject, -1 without k
	lOut    int // output index of the l-diversity column, -1 without l
	uniq    []int
	seeds   [4]maphash.Seed
	hasher  *classHasher
	refDate time.Time
	pii     *piiScan
	push    *pushPlan // the pushdown query's layout, nil when the raw rows are read
	noPush  bool      // read the raw rows: the pushdown met a value it cannot handle
}

type batch struct {
	seq      int
	recs     []source.Record
	n        int
	readErrs []Rejection
	rejects  []Rejection
	vals     []parquet.Value
	rows     []parquet.Row
	spill    []byte
	priv     []record
	uniq     []record
	stats    []colStats
	sample   [][]deid.Value
	written  int
	pii      []pii.Tally
	csv      []byte // the written rows as CSV records (one pass only)
	csvEnds  []int  // where each record of csv ends
	local    string // pushdown: a column whose value needs the local path
}

func extractOne(ctx context.Context, cat *load.Catalog, d *load.Doc[model.Dataset], opts Options) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = Result{}, &Error{Dataset: d.V.ID, Err: fmt.Errorf("%s: internal error while extracting (%v); this is a bug in shuyuan, please report it", d.Path, r), IO: true}
		}
	}()
	res, err = extractDataset(ctx, cat, d, opts, false)
	var ple *pushLocalError
	if errors.As(err, &ple) {
		if opts.Pushdown == PushdownRequire {
			return Result{}, &Error{Dataset: d.V.ID, Err: fmt.Errorf("%s: --pushdown=require: %v, which only the local path does", d.Path, ple)}
		}
		fmt.Fprintf(opts.Warn, "pushdown: %s: %v; extracting %s locally (raw rows of source.query leave the database)\n", d.Path, ple, d.V.ID)
		return extractDataset(ctx, cat, d, opts, true)
	}
	return res, err
}

func extractDataset(ctx context.Context, cat *load.Catalog, d *load.Doc[model.Dataset], opts Options, noPush bool) (Result, error) {
	ds := d.V
	res := Result{Dataset: ds.ID, Version: ds.Version}
	fail := func(io bool, format string, args ...any) (Result, error) {
		return Result{}, &Error{Dataset: ds.ID, Err: fmt.Errorf(format, args...), IO: io}
	}
	j := &job{ds: ds, noPush: noPush}
	if lm := ds.Update.LastModified; lm != "" {
		t, err := time.Parse("2006-01-02", string(lm))
		if err != nil {
			return fail(false, "%s: update.last_modified is not YYYY-MM-DD", pos(d, "update", "last_modified"))
		}
		j.refDate = t
	}
	plan, err := deid.Compile(ds.Columns, deid.Options{
		Key:     func(ref string) ([]byte, error) { return deid.ResolveKey(ref, opts.Getenv, cat.Root) },
		RefDate: j.refDate,
	})
	if err != nil {
		var ce *deid.ColumnError
		if errors.As(err, &ce) {
			path := []any{"columns", ce.Index, "deid"}
			if ce.Field != "" && d.Has("columns", ce.Index, "deid", ce.Field) {
				path = append(path, ce.Field)
			}
			if !d.Has(path...) {
				path = []any{"columns", ce.Index}
			}
			return fail(false, "%s: %s", pos(d, path...), ce.Msg)
		}
		return fail(false, "%s: %v", d.Path, err)
	}
	j.plan = plan
	names := source.Names(ds)
	at := map[string]int{}
	for i, n := range names {
		at[n] = i
	}
	byName := map[string]int{}
	for i, c := range ds.Columns {
		byName[c.Name] = i
	}
	j.srcIdx = make([]int, len(ds.Columns))
	j.ptype = make([]string, len(ds.Columns))
	j.need = make([]bool, len(ds.Columns))
	for i, c := range ds.Columns {
		j.srcIdx[i] = at[source.ColumnSource(ds, i)]
		j.ptype[i] = c.Type
		if c.Deid != nil && c.Deid.Op == model.OpDerive {
			j.ptype[i] = model.TypeString
		}
		j.need[i] = c.Deid == nil || c.Deid.Op != model.OpDrop
		if c.Deid != nil && c.Deid.Op == model.OpDateShift {
			j.need[byName[c.Deid.By]] = true
		}
	}
	j.pii = newPIIScan(ds, j.srcIdx)
	var qi []int
	for o, out := range plan.Out {
		if ds.Columns[out.In].Role == model.RoleQuasiIdentifier {
			qi = append(qi, o)
		}
	}
	k, l := 0, 0
	var lCol string
	if p := ds.Privacy; p != nil {
		k = p.K
		if p.LDiversity != nil {
			l, lCol = p.LDiversity.L, p.LDiversity.Column
		}
	}
	j.kanon = (k >= 2 || l >= 2) && len(qi) > 0
	j.subj, j.lOut = -1, -1
	if j.kanon {
		j.hasher = newClassHasher(qi)
		j.subj = ds.SubjectColumn()
		if j.subj < 0 {
			at := pos(d, "columns")
			if d.Has("privacy", "subject") {
				at = pos(d, "privacy", "subject")
			}
			return fail(false, "%s: k-anonymity counts people, but the dataset has no subject: name the column identifying the person a row describes with privacy.subject (or keep exactly one direct-identifier column)", at)
		}
		j.need[j.subj] = true
		if l >= 2 {
			for o, out := range plan.Out {
				if out.Name == lCol {
					j.lOut = o
				}
			}
			if j.lOut < 0 {
				return fail(false, "%s: privacy.l_diversity.column %q is not a published column: name a published sensitive column", pos(d, "privacy", "l_diversity", "column"), lCol)
			}
		}
	}
	checks, err := compileChecks(cat, d)
	if err != nil {
		return fail(false, "%v", err)
	}
	j.checks = checks
	for i := range checks {
		if checks[i].active {
			j.need[i] = true
		}
		if checks[i].unique {
			j.uniq = append(j.uniq, i)
		}
	}
	for i := range j.seeds {
		j.seeds[i] = maphash.MakeSeed()
	}
	maxRejected := 0.0
	if ds.Quality != nil {
		maxRejected = ds.Quality.MaxRejected
	}
	// unique duplicates are known only after the last row: with a rejection budget they
	// must be left out of the output, so the rows wait in the spill file
	j.spill = j.kanon || (len(j.uniq) > 0 && maxRejected > 0)
	j.lay = spillLayout{priv: j.kanon, l: j.lOut >= 0}

	rd, err := j.openSource(ctx, cat, d, opts)
	if err != nil {
		return fail(false, "%v", err)
	}
	defer rd.Close()

	dataDir := filepath.Join(opts.OutDir, "data")
	tmp, err := os.MkdirTemp(dataDir, ".tmp-"+ds.ID+"-")
	if err != nil {
		return fail(true, "%v", err)
	}
	defer os.RemoveAll(tmp)

	var bar *progressbar.ProgressBar
	if opts.Progress != nil {
		_, total := rd.Progress()
		bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(opts.Progress),
			progressbar.OptionSetDescription(ds.ID), progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		defer bar.Close()
	}

	pw := &partWriter{dir: tmp, id: ds.ID, maxRows: opts.partRows, createdBy: CreatedBy(), csvHeader: csvHeader(plan), ctx: ctx,
		codec: newZstdCodec(zstd.SpeedDefault, false), dense: newZstdCodec(zstd.SpeedDefault, true)}
	defer pw.abort()
	defer pw.codec.close()
	defer pw.dense.close()
	var (
		spillF   *os.File
		rowsIn   int64
		parsed   int64
		rejected int64
		pass1    int64
		rejs     []Rejection
		stats    = make([]colStats, len(ds.Columns))
		uniqS    = newSorter(tmp, false)
		privS    = newSorter(tmp, true)
	)
	if j.spill {
		spillF, err = os.CreateTemp(tmp, ".spill-")
		if err != nil {
			return fail(true, "%v", err)
		}
		defer spillF.Close()
	}
	addRejects := func(rs []Rejection) {
		rejected += int64(len(rs))
		for _, r := range rs {
			if len(rejs) < MaxRejections {
				rejs = append(rejs, r)
			}
		}
	}
	handle := func(b *batch) error {
		if b.local != "" {
			return &pushLocalError{column: b.local}
		}
		j.pii.merge(b)
		rowsIn += int64(b.n + len(b.readErrs))
		parsed += int64(b.n)
		addRejects(b.readErrs)
		addRejects(b.rejects)
		pass1 += int64(b.written)
		for i := range b.stats {
			stats[i].merge(&b.stats[i])
		}
		for _, r := range b.uniq {
			if err := uniqS.add(r); err != nil {
				return err
			}
		}
		for _, r := range b.priv {
			if err := privS.add(r); err != nil {
				return err
			}
		}
		if j.spill {
			// a batch's records are hundreds of KiB: written as they are, not
			// copied into a buffer first
			_, err := spillF.Write(b.spill)
			return err
		}
		if pw.schema == nil {
			pw.schema = buildSchema(ds.ID, plan, chooseDict(plan, b.sample), pw.dense)
		}
		return pw.write(b.rows, b.csv, b.csvEnds)
	}
	readErr, err := j.run(ctx, rd, opts.Workers, handle, bar)
	if ple := (*pushLocalError)(nil); errors.As(err, &ple) {
		return Result{}, ple
	}
	if err != nil {
		return fail(true, "writing the extract: %v", err)
	}
	if readErr != nil {
		if ctx.Err() != nil {
			return fail(true, "%v", ctx.Err())
		}
		return fail(false, "%s: reading source %s: %v", pos(d, "source"), sourceName(ds), readErr)
	}
	if opts.afterRead != nil {
		opts.afterRead(ds.ID)
	}
	if st, ok := rd.(source.Stable); ok {
		// a source rewritten, truncated or appended to meanwhile: what was read
		// is a mix of two versions, or lacks rows
		if err := st.Unchanged(); err != nil {
			return fail(false, "%s: %v; nothing of %s was published: extract again once the file is complete", pos(d, "source", "path"), err, ds.ID)
		}
	}
	if err := j.pii.check(d); err != nil {
		return fail(false, "%w", err)
	}

	// unique: every repeat of a value seen on an earlier line is rejected
	budget := int64(maxRejected * float64(rowsIn))
	dups, dupRejs, dupOverflow, err := findDuplicates(uniqS, ds, stats, rejected+budget+1)
	if err != nil {
		return fail(true, "checking unique columns: %v", err)
	}
	rejected += int64(len(dups))
	pass1 -= int64(len(dups))
	rejs = append(rejs, dupRejs...)
	sort.SliceStable(rejs, func(a, b int) bool { return rejs[a].Line < rejs[b].Line })
	if len(rejs) > MaxRejections {
		rejs = rejs[:MaxRejections]
	}
	res.RowsIn, res.RowsRejected, res.Rejected = rowsIn, rejected, rejs

	rep := &QualityReport{Dataset: ds.ID, Version: ds.Version, MaxRejected: maxRejected}
	if rowsIn > 0 {
		rep.RejectedShare = float64(rejected) / float64(rowsIn)
	}
	var missed []string
	rep.Columns, missed = measureColumns(d, checks, stats, parsed)
	firstRejected := func() string {
		var b strings.Builder
		for i, r := range rejs {
			if i == maxExampleLines {
				break
			}
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "line %d", r.Line)
			if r.Column != "" {
				fmt.Fprintf(&b, " column %s", r.Column)
			}
			fmt.Fprintf(&b, ": %s", r.Reason)
		}
		return b.String()
	}
	switch {
	case rowsIn > 0 && rejected >= rowsIn:
		return fail(false, "%s: dataset %s: all %d source rows were rejected, nothing is published; first rejected: %s%s", d.Path, ds.ID, rowsIn, firstRejected(), likelyCause(ds, rejs))
	case rejected > 0 && (dupOverflow || float64(rejected) > maxRejected*float64(rowsIn)):
		at := d.Path + " (quality.max_rejected is 0 when not set)"
		if d.Has("quality", "max_rejected") {
			at = pos(d, "quality", "max_rejected")
		}
		more := ""
		if dupOverflow {
			more = " at least"
		}
		return fail(false, "%s: dataset %s:%s %d of %d source rows rejected (%s), more than quality.max_rejected %s; first rejected: %s%s: fix those source rows, or allow a share with quality.max_rejected",
			at, ds.ID, more, rejected, rowsIn, pct(rep.RejectedShare), pct(maxRejected), firstRejected(), likelyCause(ds, rejs))
	case len(missed) > 0:
		return fail(false, "%s: quality thresholds missed: %s", d.Path, strings.Join(missed, "; "))
	}

	var dupAt int
	skipDup := func(line int64) bool {
		for dupAt < len(dups) && dups[dupAt] < line {
			dupAt++
		}
		return dupAt < len(dups) && dups[dupAt] == line
	}
	var vd *verdict
	if j.kanon {
		maxSupp := ds.Privacy.MaxSuppression
		limit := int64(maxSupp * float64(pass1))
		if dv := j.pushVerdict(); dv != nil {
			// decided by the database over the same rows: the rows of its suppressed
			// groups crossed as markers, so the spill file holds none of them
			if dv.Rows != pass1 {
				return fail(true, "the database counted %d accepted rows for k-anonymity, shuyuan %d (a bug in shuyuan; extract with --pushdown=off)", dv.Rows, pass1)
			}
			vd = &verdict{report: PrivacyReport{Groups: dv.Groups, GroupsSuppressed: dv.GroupsSuppressed, RowsSuppressed: dv.RowsSuppressed,
				KAchieved: dv.KAchieved, LAchieved: dv.LAchieved, Subjects: dv.Subjects, SubjectsSuppressed: dv.SubjectsSuppressed}}
		} else {
			if len(dups) > 0 {
				// the rejected repeats must not count: group the rows again without them
				if privS, err = j.regroup(spillF, tmp, skipDup); err != nil {
					return fail(true, "reading the spill file: %v", err)
				}
				dupAt = 0
			}
			it, err := privS.finish()
			if err != nil {
				return fail(true, "grouping rows: %v", err)
			}
			if vd, err = analyse(it, k, l, tmp, limit); err != nil {
				return fail(true, "grouping rows: %v", err)
			}
		}
		suppressed := vd.report.RowsSuppressed
		if pass1 > 0 && suppressed > limit {
			why := fmt.Sprintf("k-anonymity with k=%d (distinct %s per group)", k, ds.Columns[j.subj].Name)
			if l >= 2 {
				why += fmt.Sprintf(" and l-diversity with l=%d (distinct %s)", l, lCol)
			}
			return fail(false, "%s: %s over %s would suppress %d of %d rows (%.2f%%, %d of %d groups, %d people), more than privacy.max_suppression %.2f%%: generalize the quasi-identifiers further (coarser generalize/bucket) or raise max_suppression",
				pos(d, "privacy", "k"), why, qiNames(plan, qi), suppressed, pass1, 100*float64(suppressed)/float64(pass1),
				vd.report.GroupsSuppressed, vd.report.Groups, vd.report.SubjectsSuppressed, 100*maxSupp)
		}
		vd.report.Subject = ds.Columns[j.subj].Name
		vd.report.QuasiIdentifiers = strings.Split(qiNames(plan, qi), ", ")
		vd.report.K, vd.report.MaxSuppression = k, maxSupp
		if l >= 2 {
			vd.report.L, vd.report.LColumn = l, lCol
		}
		res.RowsSuppressed = suppressed
		res.K, res.L, res.SubjectsSuppressed = vd.report.KAchieved, vd.report.LAchieved, vd.report.SubjectsSuppressed
		rep.Privacy = &vd.report
		pass1 -= suppressed
	}
	if j.spill {
		if _, err := spillF.Seek(0, io.SeekStart); err != nil {
			return fail(true, "%v", err)
		}
		dupAt = 0
		n2, err := j.pass2(ctx, pw, spillF, vd, skipDup, opts.Workers)
		if err != nil {
			return fail(true, "writing the extract: %v", err)
		}
		if n2 != pass1 {
			return fail(true, "wrote %d rows where %d were accepted and not suppressed (a bug in shuyuan; extract with --pushdown=off)", n2, pass1)
		}
		spillF.Close()
		os.Remove(spillF.Name())
	}
	res.RowsWritten = pass1
	rep.Rows = QualityRows{In: res.RowsIn, Written: res.RowsWritten, Suppressed: res.RowsSuppressed, Rejected: res.RowsRejected}
	rep.Passed = true
	res.Quality = rep
	if pw.schema == nil {
		pw.schema = buildSchema(ds.ID, plan, chooseDict(plan, nil), pw.dense)
	}
	meta := [][2]string{
		{"shuyuan.dataset", ds.ID},
		{"shuyuan.version", ds.Version},
		{"shuyuan.policy_sha256", PolicySHA256(ds)},
		{"shuyuan.rows_in", strconv.FormatInt(res.RowsIn, 10)},
		{"shuyuan.rows_written", strconv.FormatInt(res.RowsWritten, 10)},
		{"shuyuan.rows_suppressed", strconv.FormatInt(res.RowsSuppressed, 10)},
		{"shuyuan.rows_rejected", strconv.FormatInt(res.RowsRejected, 10)},
		{"shuyuan.k", strconv.Itoa(res.K)},
	}
	if rep.Privacy != nil {
		meta = append(meta,
			[2]string{"shuyuan.subject", rep.Privacy.Subject},
			[2]string{"shuyuan.subjects_suppressed", strconv.FormatInt(rep.Privacy.SubjectsSuppressed, 10)},
			[2]string{"shuyuan.groups_suppressed", strconv.FormatInt(rep.Privacy.GroupsSuppressed, 10)})
		if rep.Privacy.L > 0 {
			meta = append(meta, [2]string{"shuyuan.l", strconv.Itoa(res.L)}, [2]string{"shuyuan.l_column", rep.Privacy.LColumn})
		}
	}
	paths, _, csvSums, err := pw.finish(meta)
	if err != nil {
		return fail(true, "writing the extract: %v", err)
	}
	rel := "data/" + ds.ID + "/" + ds.Version + "/"
	// the Parquet parts are hashed on every core (reading back and hashing the parts
	// of a large extract is seconds of work; their footers were patched after
	// writing); the CSV parts were hashed as they were written
	downloads := make([]model.Download, len(paths), len(paths)+len(csvSums))
	if err := xsync.Each(ctx, len(paths), func(_ context.Context, i int) error {
		sum, size, err := sign.HashFile(paths[i])
		downloads[i] = model.Download{Path: rel + filepath.Base(paths[i]), Size: size, SHA256: sum}
		return err
	}); err != nil {
		return fail(true, "%v", err)
	}
	for _, d := range csvSums {
		d.Path = rel + d.Path
		downloads = append(downloads, d)
	}
	res.Files = append(res.Files, downloads...)
	qj, err := marshalReport(rep)
	if err != nil {
		return fail(true, "%v", err)
	}
	dp, err := dataPackageJSON(ds, plan, res.Files, rep)
	if err != nil {
		return fail(true, "%v", err)
	}
	for _, f := range []struct {
		name string
		b    []byte
	}{{"datapackage.json", dp}, {QualityFile, qj}} {
		if err := os.WriteFile(filepath.Join(tmp, f.name), f.b, 0o644); err != nil {
			return fail(true, "%v", err)
		}
		sum := sha256.Sum256(f.b)
		res.Files = append(res.Files, model.Download{Path: rel + f.name, Size: int64(len(f.b)), SHA256: hex.EncodeToString(sum[:])})
	}
	if err := publish(tmp, filepath.Join(dataDir, ds.ID, ds.Version)); err != nil {
		return fail(true, "publishing the extract: %v", err)
	}
	return res, nil
}

func sourceName(ds *model.Dataset) string {
	if ds.Source.Path != "" {
		return ds.Source.Path
	}
	return ds.Source.Format
}

func qiNames(plan *deid.Plan, qi []int) string {
	s := ""
	for i, q := range qi {
		if i > 0 {
			s += ", "
		}
		s += plan.Out[q].Name
	}
	return s
}

// publish replaces dir final with tmp: the old files stay until the new ones are in
// place, and are put back if the swap fails.
func publish(tmp, final string) error {
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	old := ""
	if _, err := os.Stat(final); err == nil {
		old = filepath.Join(filepath.Dir(tmp), ".old-"+filepath.Base(tmp))
		if err := os.Rename(final, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		if old != "" {
			os.Rename(old, final)
		}
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// chooseDict picks dictionary encoding for the columns whose sample repeats values
// (at most half distinct), never for tokens.
func chooseDict(plan *deid.Plan, sample [][]deid.Value) []bool {
	dict := make([]bool, len(plan.Out))
	for c, o := range plan.Out {
		if o.HighCardinality {
			continue
		}
		if len(sample) == 0 {
			dict[c] = o.Type == model.TypeString
			continue
		}
		seen := map[deid.Value]struct{}{}
		for _, row := range sample {
			seen[row[c]] = struct{}{}
		}
		dict[c] = len(seen)*2 <= len(sample) || len(seen) <= 16
	}
	return dict
}

// run is pass 1: a reader goroutine fills batches, Workers goroutines parse and
// de-identify them, and handle receives them in source order on the caller's
// goroutine. It returns the source's read error and handle's error.
func (j *job) run(ctx context.Context, rd source.Reader, workers int, handle func(*batch) error, bar *progressbar.ProgressBar) (readErr, err error) {
	if workers <= 0 {
		workers = xsync.Limit()
	}
	// The reader and the workers are stages that feed each other: a group runs them
	// all at once, cancels the others when one fails, and Wait raises a worker's
	// panic again here (extractOne turns it into this dataset's error).
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, ctx := xsync.NewGroup(ctx)
	free := make(chan *batch, 2*workers+2)
	for i := 0; i < cap(free); i++ {
		free <- &batch{}
	}
	todo := make(chan *batch, workers)
	done := make(chan *batch, workers)
	g.Go(func() error {
		defer close(todo)
		for seq := 0; ; seq++ {
			var b *batch
			select {
			case b = <-free:
			case <-ctx.Done():
				return nil
			}
			b.seq, b.n, b.readErrs = seq, 0, b.readErrs[:0]
			eof := false
			for b.n < batchSize {
				if len(b.recs) <= b.n {
					b.recs = append(b.recs, source.Record{})
				}
				err := rd.Next(&b.recs[b.n])
				if err == io.EOF {
					eof = true
					break
				}
				var re *source.RecordError
				if errors.As(err, &re) {
					b.readErrs = append(b.readErrs, Rejection{Line: re.Line, Reason: re.Reason})
					continue
				}
				if err != nil {
					readErr = err
					eof = true
					break
				}
				b.n++
			}
			select {
			case todo <- b:
			case <-ctx.Done():
				return nil
			}
			if eof {
				return nil
			}
		}
	})
	goWorkers(g, workers, done, func() { j.worker(ctx, todo, done) })
	pending := map[int]*batch{}
	next := 0
	cancelled := false
	for b := range done {
		if err != nil || cancelled {
			continue // drain
		}
		if ctx.Err() != nil {
			// a stage failed or panicked: stop handling, let the workers finish
			cancelled = true
			continue
		}
		pending[b.seq] = b
		for {
			nb, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if e := handle(nb); e != nil {
				err = e
				cancel() // stop the reader and the workers
				break
			}
			if bar != nil {
				done, _ := rd.Progress()
				bar.Set64(done)
			}
			free <- nb
		}
	}
	_ = g.Wait() // raises a panic of the reader or a worker
	// readErr is written by the reader goroutine before it closes todo; the
	// workers, the done channel and Wait order that write before this read.
	if readErr == nil && err == nil && parent.Err() != nil {
		readErr = parent.Err() // interrupted: the batches after it were dropped
	}
	return readErr, err
}

func (j *job) worker(ctx context.Context, todo <-chan *batch, done chan<- *batch) {
	ap := j.plan.NewApplier(j.refDate)
	nout := len(j.plan.Out)
	in := make([]deid.Value, len(j.ds.Columns))
	out := make([]deid.Value, nout)
	var hb, text []byte
	var sc pii.Scanner
	var pushVals []deid.Value
	pp := j.push
	if pp != nil {
		pushVals = make([]deid.Value, nout)
	}
	types := make([]string, nout)
	req := make([]bool, nout)
	for i, o := range j.plan.Out {
		types[i], req[i] = o.Type, o.Required
	}
	for b := range todo {
		b.rejects, b.vals, b.rows, b.spill, b.priv, b.uniq, b.written = b.rejects[:0], b.vals[:0], b.rows[:0], b.spill[:0], b.priv[:0], b.uniq[:0], 0
		b.sample = b.sample[:0]
		b.csv, b.csvEnds, b.local = b.csv[:0], b.csvEnds[:0], ""
		if len(b.stats) != len(in) {
			b.stats = make([]colStats, len(in))
		}
		for i := range b.stats {
			b.stats[i].reset()
		}
		j.pii.reset(b)
		if !j.spill && b.vals == nil {
			b.vals = make([]parquet.Value, 0, batchSize*nout)
			b.rows = make([]parquet.Row, 0, batchSize)
		}
		for r := 0; r < b.n; r++ {
			rec := &b.recs[r]
			var rej Rejection
			bad := false
			reject := func(col, reason string) {
				if !bad {
					rej, bad = Rejection{Line: rec.Line, Column: col, Reason: reason}, true
				}
			}
			var codes int64
			if pp != nil && pp.codesCol >= 0 {
				if v := rec.Values[pp.codesCol]; !v.Null {
					codes = v.Typed.(int64)
				}
			}
			if pp != nil && pp.markCol >= 0 && !rec.Values[pp.markCol].Null {
				// an accepted row of a group the database suppressed: only what the
				// counts need crossed
				j.marker(b, rec, codes, rec.Values[pp.markCol].Typed.(int64), in, &hb)
				continue
			}
			for i := range in {
				if !j.need[i] {
					in[i] = deid.Value{}
					continue
				}
				ch, st := &j.checks[i], &b.stats[i]
				if pp != nil && pp.pushed[i] {
					// computed in the database: the check code and the run-key HMAC
					in[i] = deid.Value{Kind: deid.String}
					if k := pp.surr[i]; k >= 0 {
						in[i] = pushedValue(rec.Values[k], deid.PushBytes)
					}
					if pp.slot[i] < 0 {
						continue
					}
					switch code := codes >> (4 * pp.slot[i]) & 15; {
					case code == 1:
						in[i] = deid.Value{}
						st.Null++
						st.firstNull = addLine(st.firstNull, rec.Line)
						if ch.required {
							reject(j.ds.Columns[i].Name, "value is required (constraints.required) but empty")
						}
					case code >= 2:
						st.Invalid++
						st.firstInvalid = addLine(st.firstInvalid, rec.Line)
						reject(j.ds.Columns[i].Name, pp.reasons[i][code-2])
					}
					continue
				}
				v, err := parseValue(j.ptype[i], rec.Values[j.srcIdx[i]])
				if err != nil {
					st.Invalid++
					st.firstInvalid = addLine(st.firstInvalid, rec.Line)
					reject(j.ds.Columns[i].Name, err.Error())
					in[i] = deid.Value{}
					continue
				}
				in[i] = v
				if v.Kind == deid.Null {
					st.Null++
					st.firstNull = addLine(st.firstNull, rec.Line)
					if ch.required {
						reject(j.ds.Columns[i].Name, "value is required (constraints.required) but empty")
					}
					continue
				}
				if ch.active {
					if reason := ch.check(v, &text); reason != "" {
						st.Invalid++
						st.firstInvalid = addLine(st.firstInvalid, rec.Line)
						reject(j.ds.Columns[i].Name, reason)
					}
				}
			}
			if !bad && j.kanon && in[j.subj].Kind == deid.Null {
				reject(j.ds.Columns[j.subj].Name, "the subject (privacy.subject) is empty: the row cannot be counted for k-anonymity")
			}
			if bad {
				b.rejects = append(b.rejects, rej)
				continue
			}
			var err error
			if pp != nil {
				if pp.localCol >= 0 && !rec.Values[pp.localCol].Null {
					b.local = pp.local[rec.Values[pp.localCol].Typed.(int64)]
				}
				errAt, reason := -1, ""
				if pp.errCol >= 0 && !rec.Values[pp.errCol].Null {
					e := rec.Values[pp.errCol].Typed.(int64)
					errAt, reason = int(e/8), pp.errs[e/8][e%8]
				}
				for o, k := range pp.outCol {
					if k >= 0 {
						pushVals[o] = pushedValue(rec.Values[k], pp.outKind[o])
					}
				}
				err = ap.ApplyPushed(in, pp.outPushed, pushVals, errAt, reason, out)
			} else {
				err = ap.Apply(in, out)
			}
			if err != nil {
				var re *deid.RowError
				if errors.As(err, &re) {
					b.rejects = append(b.rejects, Rejection{Line: rec.Line, Column: re.Column, Reason: re.Reason})
					continue
				}
				b.rejects = append(b.rejects, Rejection{Line: rec.Line, Reason: err.Error()})
				continue
			}
			b.written++
			j.pii.add(&sc, b, rec)
			j.addUnique(b, rec, in, &hb, false)
			if b.seq == 0 && !j.spill {
				b.sample = append(b.sample, append([]deid.Value(nil), out...))
			}
			if j.spill {
				var h spillHeader
				h.line = rec.Line
				if j.kanon && (pp == nil || pp.verdict == nil) {
					h.class, hb = j.hasher.key(out, hb)
					hb = appendValue(hb[:0], in[j.subj])
					h.subj = maphash.Bytes(j.seeds[2], hb) &^ lTag
					b.priv = append(b.priv, privacyRecord(h.class, h.subj))
					if j.lOut >= 0 {
						hb = appendValue(hb[:0], out[j.lOut])
						h.lval = maphash.Bytes(j.seeds[3], hb) | lTag
						b.priv = append(b.priv, privacyRecord(h.class, h.lval))
					}
				}
				b.spill = appendSpill(b.spill, j.lay, h, out)
				continue
			}
			for c := range out {
				b.vals = append(b.vals, toParquetNoCopy(out[c], types[c], req[c], c))
			}
			b.csv = appendCSVRow(b.csv, out, types)
			b.csvEnds = append(b.csvEnds, len(b.csv))
		}
		if !j.spill {
			for r := 0; r < b.written; r++ {
				b.rows = append(b.rows, parquet.Row(b.vals[r*nout:(r+1)*nout:(r+1)*nout]))
			}
		}
		select {
		case done <- b:
		case <-ctx.Done():
			// keep draining todo so the reader can finish
		}
	}
}

// addUnique adds the sort records of a row's unique columns: a column computed in the
// database, or published as it is while the database decides k, by its run-key HMAC.
func (j *job) addUnique(b *batch, rec *source.Record, in []deid.Value, hb *[]byte, marker bool) {
	for _, c := range j.uniq {
		v := in[c]
		if pp := j.push; pp != nil && pp.surr[c] >= 0 {
			v = pushedValue(rec.Values[pp.surr[c]], deid.PushBytes)
			if k, ok := pp.tokSurr[c]; ok {
				// the database decides k: a token's run-key HMAC, which a marker
				// row crosses and shuyuan computes for the others
				if marker {
					v = pushedValue(rec.Values[k], deid.PushBytes)
				} else if v.Kind != deid.Null {
					m := hmac.New(sha256.New, pp.runKey)
					m.Write([]byte(v.S))
					v = deid.StringValue(string(m.Sum(nil)[:16]))
				}
			}
		}
		if pp := j.push; pp != nil && pp.rawSurr != nil {
			if k, ok := pp.rawSurr[c]; ok {
				if marker {
					v = pushedValue(rec.Values[k], deid.PushBytes)
				} else if v.Kind != deid.Null {
					m := hmac.New(sha256.New, pp.runKey)
					m.Write(appendText((*hb)[:0], v))
					v = deid.StringValue(string(m.Sum(nil)[:16]))
				}
			}
		}
		if v.Kind == deid.Null {
			continue
		}
		*hb = appendValue((*hb)[:0], v)
		b.uniq = append(b.uniq, record{uint64(c), maphash.Bytes(j.seeds[0], *hb), maphash.Bytes(j.seeds[1], *hb), uint64(rec.Line)})
	}
}

// marker counts a marker row of the pushdown query: an accepted row of a group the
// database suppressed, which crossed with its check codes (0 or 1: NULL), which of
// the columns published as they are hold NULL (bits nulls), and its unique columns'
// run-key HMACs. It is accepted (repeats are found later, as for every row) and
// written to nothing.
func (j *job) marker(b *batch, rec *source.Record, codes, nulls int64, in []deid.Value, hb *[]byte) {
	pp := j.push
	for i := range in {
		if !j.need[i] {
			continue
		}
		st := &b.stats[i]
		null := false
		if pp.pushed[i] {
			null = pp.slot[i] >= 0 && codes>>(4*pp.slot[i])&15 == 1
		} else {
			null = nulls>>pp.rawBit[pp.srcIdx[i]]&1 == 1
		}
		if null {
			st.Null++
			st.firstNull = addLine(st.firstNull, rec.Line)
		}
	}
	b.written++
	j.addUnique(b, rec, in, hb, true)
}

// toParquetNoCopy is toParquet without copying strings: the batch keeps them
// alive until the writer has copied them into its column buffers.
func toParquetNoCopy(v deid.Value, typ string, required bool, col int) parquet.Value {
	if v.Kind == deid.String {
		def := 1
		if required {
			def = 0
		}
		return parquet.ByteArrayValue(unsafe.Slice(unsafe.StringData(v.S), len(v.S))).Level(0, def, col)
	}
	return toParquet(v, typ, required, col)
}

// pushVerdict is the database's k-anonymity verdict, nil when shuyuan decides.
func (j *job) pushVerdict() *dbVerdict {
	if j.push == nil {
		return nil
	}
	return j.push.verdict
}

// regroup reads the spill file and returns the privacy records of the rows that skip
// does not leave out.
func (j *job) regroup(f *os.File, tmp string, skip func(line int64) bool) (*sorter, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	s := newSorter(tmp, true)
	sr := &spillReader{r: bufio.NewReaderSize(f, 1<<20), lay: j.lay}
	for {
		h, _, err := sr.nextRaw()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return nil, err
		}
		if skip(h.line) {
			continue
		}
		if err := s.add(privacyRecord(h.class, h.subj)); err != nil {
			return nil, err
		}
		if j.lOut >= 0 {
			if err := s.add(privacyRecord(h.class, h.lval)); err != nil {
				return nil, err
			}
		}
	}
}

// pass2 reads the spill file back and writes the rows that are neither suppressed
// (vd, nil without k) nor rejected repeats (skip); it returns how many it wrote. Once the groups are decided the
// rows are independent, so it is a pipeline like pass 1: a reader goroutine picks the
// published records (their headers say the line and the group) into chunks of
// batchSize, workers decode them into Parquet values and CSV records, and the caller
// writes the chunks in spill order. The chunks are the batches pass 2 wrote one by
// one before, so the files are the same bytes.
func (j *job) pass2(ctx context.Context, pw *partWriter, f *os.File, vd *verdict, skip func(line int64) bool, workers int) (int64, error) {
	if workers <= 0 {
		workers = xsync.Limit()
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, ctx := xsync.NewGroup(ctx)
	free := make(chan *chunk, 2*workers+2)
	for i := 0; i < cap(free); i++ {
		free <- &chunk{}
	}
	todo := make(chan *chunk, workers)
	done := make(chan *chunk, workers)
	g.Go(func() error {
		defer close(todo)
		sr := &spillReader{r: bufio.NewReaderSize(f, 1<<20), lay: j.lay}
		for seq := 0; ; seq++ {
			var c *chunk
			select {
			case c = <-free:
			case <-ctx.Done():
				return nil
			}
			c.seq, c.buf, c.ends = seq, c.buf[:0], c.ends[:0]
			eof := false
			for len(c.ends) < batchSize {
				h, rec, err := sr.nextRaw()
				if err == io.EOF {
					eof = true
					break
				}
				if err != nil {
					return err
				}
				if skip(h.line) || (vd != nil && vd.suppressed(h.class)) {
					continue
				}
				c.buf = append(c.buf, rec...)
				c.ends = append(c.ends, len(c.buf))
			}
			if len(c.ends) > 0 {
				select {
				case todo <- c:
				case <-ctx.Done():
					return nil
				}
			}
			if eof {
				return nil
			}
		}
	})
	goWorkers(g, workers, done, func() { j.decodeChunks(ctx, todo, done) })
	var err error
	var written int64
	pending := map[int]*chunk{}
	next := 0
	for c := range done {
		if err != nil || ctx.Err() != nil {
			continue // drain
		}
		pending[c.seq] = c
		for {
			nc, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err = nc.err; err == nil {
				if pw.schema == nil {
					pw.schema = buildSchema(j.ds.ID, j.plan, chooseDict(j.plan, nc.sample), pw.dense)
				}
				err = pw.write(nc.rows, nc.csv, nc.csvEnds)
				written += int64(len(nc.csvEnds))
			}
			if err != nil {
				cancel() // stop the reader and the workers
				break
			}
			free <- nc
		}
	}
	if werr := g.Wait(); err == nil {
		err = werr // the reader's error
	}
	if err == nil && parent.Err() != nil {
		err = parent.Err() // interrupted: the chunks after it were dropped
	}
	return written, err
}

// chunk is a run of published spill records in pass 2 and what a worker made of them.
type chunk struct {
	seq  int
	buf  []byte // the values of the records, without their headers
	ends []int  // where each record of buf ends
	// made by the worker: the rows reference buf, which stays until they are written
	vals    []parquet.Value
	rows    []parquet.Row
	row     []deid.Value
	csv     []byte
	csvEnds []int
	sample  [][]deid.Value // the rows of the first chunk, for chooseDict
	err     error
}

// decodeChunks is a pass-2 worker: it decodes the records of each chunk into Parquet
// rows and CSV records.
func (j *job) decodeChunks(ctx context.Context, todo <-chan *chunk, done chan<- *chunk) {
	nout := len(j.plan.Out)
	types := make([]string, nout)
	req := make([]bool, nout)
	for c, o := range j.plan.Out {
		types[c], req[c] = o.Type, o.Required
	}
	for c := range todo {
		c.vals, c.rows, c.csv, c.csvEnds, c.sample, c.err = c.vals[:0], c.rows[:0], c.csv[:0], c.csvEnds[:0], c.sample[:0], nil
		if len(c.row) != nout {
			c.row = make([]deid.Value, nout)
		}
		start := 0
		for _, end := range c.ends {
			rec := c.buf[start:end]
			start = end
			if err := decodeSpill(rec, c.row, true); err != nil {
				c.err = err
				break
			}
			if c.seq == 0 {
				c.sample = append(c.sample, append([]deid.Value(nil), c.row...))
			}
			for col, v := range c.row {
				c.vals = append(c.vals, toParquetNoCopy(v, types[col], req[col], col))
			}
			c.csv = appendCSVRow(c.csv, c.row, types)
			c.csvEnds = append(c.csvEnds, len(c.csv))
		}
		if c.err == nil {
			for r := range c.csvEnds {
				c.rows = append(c.rows, parquet.Row(c.vals[r*nout:(r+1)*nout:(r+1)*nout]))
			}
		}
		select {
		case done <- c:
		case <-ctx.Done():
			// keep draining todo so the reader can finish
		}
	}
}

// goWorkers runs work on n goroutines of g and closes done when the last of them returns,
// so that the reader of done sees every result and then the end.
func goWorkers[T any](g *xsync.Group, n int, done chan T, work func()) {
	var running atomic.Int32
	running.Store(int32(n))
	for range n {
		g.Go(func() error {
			defer func() {
				if running.Add(-1) == 0 {
					close(done)
				}
			}()
			work()
			return nil
		})
	}
}
