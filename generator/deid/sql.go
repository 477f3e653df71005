package deid

import "fmt"

// TokenSQL returns the PostgreSQL expression whose value, given to Token with the same
// bits, is the token tokenize publishes for the text that the SQL expression text
// yields (a value's canonical text, see Value.Text): the first bytes of pgcrypto's
// hmac(text, key, 'sha256'), with the key a bound parameter (key, e.g. "$1") so that
// it never appears in the query. Only those bytes need to leave the database.
func TokenSQL(text, key string, bits int) string {
	if bits == 0 {
		bits = 128
	}
	return fmt.Sprintf("substr(hmac(%s, %s, 'sha256'), 1, %d)", text, key, (bits+7)/8)
}
