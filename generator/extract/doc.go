// Package extract turns a dataset's source into de-identified Parquet downloads:
// data/<id>/<version>/<id>.parquet (or <id>-00000.parquet … in parts of at most
// MaxRowsPerPart rows), the same rows as CSV for spreadsheets (<id>.csv or the same
// parts; the format is described in csv.go), a Frictionless datapackage.json and the
// quality report quality.json beside them, and data/SHA256SUMS (+ .minisig) over every
// published file.
//
// Which datasets publish a download: Run without dataset ids extracts every
// unconditionally open dataset with a source (Selection, Publishes). A conditional dataset is
// delivered to approved applicants, not to everyone, so it is extracted only when
// named explicitly (for a private output directory); a non-open dataset never is.
//
// # The pipeline
//
// The pipeline streams: a reader goroutine fills batches of source records, one
// worker per core parses values to the column types, checks them and applies the
// deid plan, and the caller's goroutine writes the rows in source order with
// parquet-go (zstd, dictionary encoding for repeating columns, bounded row groups,
// page CRC-32s, created_by "shuyuan version X.Y.Z (build <vcs revision>)"). Without
// k-anonymity (and without a unique column under a rejection budget) that is one pass.
// Otherwise the first pass writes the transformed rows to a temporary spill file and
// the second pass writes the rows that survive. Rows read = written + suppressed +
// rejected; those counts, the achieved k and l and the policy hash are stored in each
// file's key-value metadata.
//
// Every accepted row of the columns declared personal_info: none whose values reach
// the output is scanned for personal identifiers (generator/pii, docs/pii.md); a
// column judged to hold them fails the dataset before anything is written.
//
// # Quality (measured on every extract)
//
// Every column with a constraint, a validator (its detector, its element's
// value.validator, its element's validity rules) or element quality rules is parsed
// on every source row. A row is rejected, with its line and the first failing column,
// when a value does not parse, is empty under `required`, is below `minimum` or above
// `maximum` (numbers), does not match `pattern` (RE2, anchored to the whole value), is
// not in `enum`, or fails a validator. `unique` is checked after the pass: the
// (column, 128-bit value hash, line) of every accepted non-null value goes through an
// external sort; the first line of a value is kept and every later line is rejected
// ("repeats the value of line N"). Per column the extract measures completeness
// (non-null / rows), validity (valid / non-null) and, for unique columns, uniqueness
// (non-repeated / valid), and compares them with the thresholds of the element's
// quality rules; timeliness, consistency and accuracy rules are listed as not measured
// (rows carry no change times or reference values). The extract fails (exit 1), and
// publishes nothing, when every row is rejected, when the rejected share exceeds
// quality.max_rejected (default 0), or when a threshold is missed.
//
// # k-anonymity and l-diversity (exact semantics)
//
// These rules are meant to be reproducible elsewhere (e.g. in SQL) row for row:
//
//   - Generalisation is what the columns declare: each quasi-identifier is published
//     through its own deid operator (generalize, bucket, derive, round, keep), applied
//     identically to every row (global recoding, one step). The extract never searches
//     for a coarser step on its own; when the budget below is exceeded it fails and
//     names the quasi-identifiers to generalise further.
//   - The rows considered are the accepted rows (not rejected, including unique
//     repeats). A row whose subject is empty is rejected.
//   - A group is the set of considered rows with equal published values of every
//     quasi-identifier column (role quasi-identifier, not dropped); a null is a value
//     and groups with nulls.
//   - The subject is privacy.subject, else the only direct-identifier column. Its value
//     is the source value parsed to the column type, before de-identification (its
//     canonical text is what tokenize hashes, so distinct values are distinct tokens);
//     a dropped subject column is still read for counting.
//   - A group is published when COUNT(DISTINCT subject) >= k and, with
//     privacy.l_diversity {column, l}, the number of distinct published values of that
//     column (null counting as one value) is >= l. Otherwise every row of the group is
//     suppressed: suppression is per group, all or nothing, so no row order matters.
//   - The extract fails when suppressed rows > floor(max_suppression × considered rows).
//   - Published rows keep their source order.
//   - Reported: k achieved = the smallest COUNT(DISTINCT subject) of a published group
//     (0 when none is published), l achieved likewise, the suppressed rows and groups,
//     and subjects_suppressed = the number of distinct subjects with at least one
//     suppressed row.
//
// In SQL, with g the quasi-identifier columns:
//
//	WITH s AS (SELECT g, count(DISTINCT subject) AS people,
//	                  count(DISTINCT lcol) + max(CASE WHEN lcol IS NULL THEN 1 ELSE 0 END) AS lvals
//	           FROM accepted GROUP BY g)
//	SELECT a.* FROM accepted a JOIN s ON a.g IS NOT DISTINCT FROM s.g  -- per column of g
//	WHERE people >= k AND lvals >= l ORDER BY a.line
//
// # Bounded memory
//
// Distinct counting never holds a set of subjects per group. Each considered row adds
// a 32-byte record (group hash 128 bits, subject hash 63 bits) and, with l, a second
// one (group, value hash with the top bit set) to an external sort: records are
// buffered in runs of 256Ki (8 MiB), each run sorted in a background goroutine (equal
// records merged, their row counts summed) and written to a temporary file; the runs
// are merged with a heap (at most 64 at once, in passes beyond that). One scan of the
// merged stream then sees each group's distinct subjects and values consecutively, so
// the counts are exact in constant memory. Suppressed subjects are counted distinct by
// a second sort of the suppressed groups' subjects (a group's subjects are held while
// it is scanned, spilled past 64Ki). After the scan only the verdict is kept: the list
// of published or of suppressed group keys, whichever is shorter (at most rows/k
// published, and at most the budget + 1 suppressed since the extract fails beyond it).
// Unique checks use the same sort. Hash collisions: a 63-bit subject collision within
// a group can only lower a count (more suppression, never less); a 128-bit group or
// value collision is negligible (< 2^-80 at 10^9 rows).
//
// Output is written into a temporary directory under data/ and swapped in only when
// complete, so a failed run leaves the previously published files and SHA256SUMS in
// place. The same sources, catalog and keys give byte-identical files.
package extract
