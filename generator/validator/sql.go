package validator

import (
	"fmt"
	"slices"
	"strings"
)

// SQL returns a PostgreSQL boolean expression that is true exactly when the
// validator name accepts the text that the SQL expression text yields (already
// trimmed, as the extract's checks trim it), or false when the validator has no SQL
// form. The expression uses plain PostgreSQL (regular expressions, string and
// arithmetic functions, constant arrays), so that a query can check values inside the
// database instead of reading them out; TestSQLMatchesGo runs both on the same
// inputs against a real server. NULL text gives NULL.
func SQL(name, text string) (string, bool) {
	return SQLWith(name, text, func(expr string) string { return expr })
}

// SQLWith is SQL for a query that can compute an expression once per row: let
// returns the name to read expr by (SQL's let writes expr in place each time).
func SQLWith(name, text string, let func(expr string) string) (string, bool) {
	t := "(" + text + ")"
	switch name {
	case "gbt2260":
		return fmt.Sprintf("(%s ~ '^[0-9]{6}$' AND %s = ANY(%s))", t, t, divisionArray()), true
	case "uscc":
		var terms []string
		for i, w := range usccWeights {
			terms = append(terms, fmt.Sprintf("(strpos('%s', substr(%s, %d, 1)) - 1) * %d", usccChars, t, i+1, w))
		}
		return fmt.Sprintf("(%s ~ '^[%s]{18}$' AND substr(%s, 3, 6) ~ '^[0-9]{6}$' AND substr('%s', (31 - (%s) %% 31) %% 31 + 1, 1) = substr(%s, 18, 1))",
			t, usccChars, t, usccChars, strings.Join(terms, " + "), t), true
	case "cn-resident-id":
		return residentIDSQL(t, let), true
	case "cn-mobile":
		d := fmt.Sprintf("regexp_replace(%s, '[^0-9]', '', 'g')", t)
		m := "'^1[3-9][0-9]{9}$'"
		return fmt.Sprintf(`(octet_length(%[1]s) <= 24 AND %[1]s ~ '^\+?[0-9]+([ -][0-9]+)*$' AND CASE
			WHEN left(%[1]s, 1) = '+' THEN left(%[2]s, 2) = '86' AND substr(%[2]s, 3) ~ %[3]s
			WHEN length(%[2]s) = 15 AND left(%[2]s, 4) = '0086' THEN substr(%[2]s, 5) ~ %[3]s
			WHEN length(%[2]s) = 13 AND left(%[2]s, 2) = '86' THEN substr(%[2]s, 3) ~ %[3]s
			ELSE %[2]s ~ %[3]s END)`, t, d, m), true
	case "bank-card":
		d := fmt.Sprintf(`regexp_replace(%s, '([0-9])[ -](?=[0-9])', '\1', 'g')`, t)
		return fmt.Sprintf(`(CASE WHEN %[1]s ~ '^[0-9]{12,19}$' THEN (SELECT sum(CASE WHEN i %% 2 = 0 THEN (2 * substr(%[1]s, length(%[1]s) + 1 - i, 1)::int) %% 10 + (2 * substr(%[1]s, length(%[1]s) + 1 - i, 1)::int) / 10
			ELSE substr(%[1]s, length(%[1]s) + 1 - i, 1)::int END) FROM generate_series(1, length(%[1]s)) AS i) %% 10 = 0 ELSE false END)`, d), true
	case "email":
		atom := "[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+"
		return fmt.Sprintf(`(octet_length(%[1]s) <= 254 AND octet_length(split_part(%[1]s, '@', 1)) <= 64 AND %[1]s ~ '^%[2]s(\.%[2]s)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$')`, t, atom), true
	case "cn-plate":
		l := "[0-9A-HJ-NP-Z]"
		return fmt.Sprintf(`(%s ~ '^[%s][A-HJ-NP-Z](·| |-|•)?(%s{4}[%s]|%s{5}|[A-HJK]%s[0-9]{4}|[0-9]{5}[A-HJK])$')`,
			t, plateProvinces, l, plateSuffixes, l, l), true
	case "ipv4":
		b := "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
		return fmt.Sprintf(`(%s ~ '^%s(\.%s){3}$')`, t, b, b), true
	}
	return "", false
}

// divisionArray is the codes of the division table as a constant text array
// (PostgreSQL hashes a constant array of more than a few elements for = ANY).
func divisionArray() string {
	t := divisionTable()
	codes := make([]string, 0, len(t))
	for c := range t {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return "'{" + strings.Join(codes, ",") + "}'::text[]"
}

// residentIDSQL is ParseResidentID's acceptance in SQL: the form, a known province,
// a real birth date between 1850 and 2099 and, for 18 characters, the check character.
// The digits before the check character are read once as a bigint (at most 17 of
// them) and taken apart with integer arithmetic: the province, the birth date and the
// MOD 11-2 sum, which with the check character's value (X: 10) is 1 modulo 11.
func residentIDSQL(t string, let func(string) string) string {
	var provinces []string
	for code := range divisionTable() {
		if strings.HasSuffix(code, "0000") {
			provinces = append(provinces, code[:2])
		}
	}
	for p := range extraProvinces {
		provinces = append(provinces, p)
	}
	slices.Sort(provinces)
	form := let(fmt.Sprintf("(CASE WHEN %[1]s ~ '^[0-9]{17}[0-9Xx]$' THEN 18 WHEN %[1]s ~ '^[0-9]{15}$' THEN 15 ELSE 0 END)", t))
	n := let(fmt.Sprintf("(CASE %[1]s WHEN 18 THEN left(%[2]s, 17)::bigint WHEN 15 THEN %[2]s::bigint END)", form, t))
	ymd := let(fmt.Sprintf("(CASE %[1]s WHEN 18 THEN %[2]s / 1000 %% 100000000 WHEN 15 THEN 19000000 + %[2]s / 1000 %% 1000000 END)", form, n))
	y, m, d := fmt.Sprintf("(%s / 10000)", ymd), fmt.Sprintf("(%s / 100 %% 100)", ymd), fmt.Sprintf("(%s %% 100)", ymd)
	date := fmt.Sprintf(`%[1]s BETWEEN 1850 AND 2099 AND %[2]s BETWEEN 1 AND 12 AND %[3]s BETWEEN 1 AND
		CASE WHEN %[2]s = 2 THEN CASE WHEN %[1]s %% 4 = 0 AND (%[1]s %% 100 <> 0 OR %[1]s %% 400 = 0) THEN 29 ELSE 28 END
		WHEN %[2]s IN (4, 6, 9, 11) THEN 30 ELSE 31 END`, y, m, d)
	var terms []string
	div := int64(1)
	for i := len(residentWeights) - 1; i >= 0; i-- {
		terms = append(terms, fmt.Sprintf("%s / %d %% 10 * %d", n, div, residentWeights[i]))
		div *= 10
	}
	last := fmt.Sprintf("(CASE WHEN right(%[1]s, 1) IN ('X', 'x') THEN 10 ELSE ascii(right(%[1]s, 1)) - 48 END)", t)
	return fmt.Sprintf(`(CASE %[1]s
		WHEN 18 THEN %[2]s / 1000000000000000 = ANY('{%[3]s}'::int[]) AND %[4]s AND (%[5]s + %[6]s) %% 11 = 1
		WHEN 15 THEN %[2]s / 10000000000000 = ANY('{%[3]s}'::int[]) AND %[4]s
		ELSE false END)`, form, n, strings.Join(provinces, ","), date, strings.Join(terms, " + "), last)
}
