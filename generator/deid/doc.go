// Package deid de-identifies typed rows column by column, as the `deid` block of each
// dataset column says: keep, drop, replace, mask, tokenize (keyed HMAC-SHA-256),
// generalize, bucket, round, date-shift (keyed, consistent per entity) and derive
// (birth year, sex or region from a resident id).
//
// Every operator is one entry of the operator table (operators.go): its published
// type, its strength (the version rules' "de-identification weakened"), how it
// compiles and how the portal describes it in Chinese and English. Adding an
// operator means adding its name to the model's enum and one entry to the table.
//
// Compile turns a dataset's columns into a Plan once; each worker goroutine then
// takes its own Applier (HMAC state is not shareable) and maps input rows to output
// rows. The output type of every operator is fixed (OutputType) so the Parquet schema
// and the data dictionary agree:
//
//	keep, round, date-shift          the column's type
//	replace, mask, tokenize, bucket  string
//	generalize year                  integer (2024)
//	generalize quarter, month        string ("2024-Q3", "2024-07")
//	generalize province|city|district string: the GB/T 2260 code of that level ("310000")
//	generalize age-band              string ("30-39"), age at the dataset's
//	                                 update.last_modified, never at the wall-clock date
//	derive birth-year                integer
//	derive sex                       string ("female" | "male")
//	derive region                    string: GB/T 2260 province code, or the level in `to`
//
// Tokens are the HMAC-SHA-256 of the value's canonical text under the key, cut to
// `length` bits (default 128) and written in lowercase base32 without padding
// (26 characters for 128 bits). Date shifts are HMAC("date-shift\x00" + entity) reduced
// to a whole number of days in [-max_days, max_days].
//
// Keys come from env:NAME or file:PATH (inside the catalog) through ResolveKey; a
// missing key is an error naming the reference and key bytes never leave this package.
package deid
