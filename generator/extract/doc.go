// Package extract turns a dataset's source into de-identified Parquet downloads:
// data/<id>/<version>/<id>.parquet (or <id>-00000.parquet … in parts of at most
// MaxRowsPerPart rows), a Frictionless datapackage.json beside it, and
// data/SHA256SUMS (+ .minisig) over every published file.
//
// Which datasets publish a download: Run without dataset ids extracts every
// unconditionally open dataset with a source (Extractable). A conditional dataset is
// delivered to approved applicants, not to everyone, so it is extracted only when
// named explicitly (for a private output directory); a non-open dataset never is.
//
// The pipeline streams: a reader goroutine fills batches of source records, one
// worker per core parses values to the column types (rejecting bad rows with their
// line) and applies the deid plan, and the caller's goroutine writes the rows in
// source order with parquet-go (zstd, dictionary encoding for repeating columns,
// bounded row groups, explicit CreatedBy). With quasi-identifiers and privacy.k ≥ 2
// the first pass writes the transformed rows to a temporary spill file and counts
// equivalence classes by a 128-bit hash; the second pass writes only the rows of
// classes of at least k, or fails when more than max_suppression would be lost.
// Rows read = written + suppressed + rejected, and those counts, the achieved k and
// the policy hash are stored in each file's key-value metadata.
//
// Output is written into a temporary directory under data/ and swapped in only when
// complete, so a failed run leaves the previously published files in place. The
// same sources, catalog and keys give byte-identical files.
package extract
