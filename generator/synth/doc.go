// Package synth generates the synthetic sources of the default catalog: the files
// under catalog/sources/ (Files, written by `make sources`) and the tables of the
// department databases that the datasets with a postgres source read (Tables, loaded
// into a throwaway PostgreSQL by generator/internal/demodb for `make run` and tests).
// Fake people, companies, places and measurements that look like the raw exports of
// Shanghai's departments, so that extracts, their quality checks and the
// undeclared-pii check have real work to do.
//
// Everything is derived from a fixed seed through a small PRNG of our own (splitmix64),
// never from the clock or math/rand, so two runs on any machine and any Go version give
// byte-identical files and tables. A drift test compares the committed files with what
// Files returns; run `make sources` after changing the generator. Tables are never
// committed: they are made again on every load.
//
// The people are invented: names are drawn from common surname and given-name lists,
// resident identity numbers carry a valid GB 11643 (MOD 11-2) check digit over a real
// area code and a random birth date, mobile numbers use real carrier prefixes with random
// subscriber digits, and addresses combine real Shanghai district codes and road names
// with random house numbers. Companies get random trade names and unified social credit
// codes with valid GB 11714 and GB 32100 check characters.
package synth
