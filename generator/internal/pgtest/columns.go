package pgtest

import "fmt"

// PeopleSelect is the select list of the people columns a dataset over the table
// publishes (every column but uid), matching PeopleColumnsYAML.
const PeopleSelect = "id, name, resident_id, phone, birth_date, district, income, verified, registered"

// PeopleColumnsYAML returns the `columns:` block of a dataset over the people table
// (with a birth_year derived from resident_id), its keyed operators reading the key
// from the environment variable keyEnv.
func PeopleColumnsYAML(keyEnv string) string {
	return fmt.Sprintf(peopleColumns, keyEnv)
}

const peopleColumns = `columns:
  - {name: id, type: integer, level: 1, personal_info: none, role: insensitive}
  - {name: name, type: string, level: 2, personal_info: personal, role: direct-identifier, deid: {op: drop}}
  - {name: resident_id, type: string, level: 3, personal_info: sensitive, role: direct-identifier, deid: {op: tokenize, key: 'env:%[1]s'}}
  - {name: birth_year, header: resident_id, type: integer, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: derive, from: cn-resident-id, field: birth-year}}
  - {name: phone, type: string, level: 3, personal_info: personal, role: direct-identifier, deid: {op: tokenize, key: 'env:%[1]s'}}
  - {name: birth_date, type: date, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: year}}
  - {name: district, type: string, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: city}}
  - {name: income, type: number, level: 2, personal_info: personal, role: sensitive, deid: {op: bucket, width: 10000}}
  - {name: verified, type: boolean, level: 1, personal_info: none, role: insensitive}
  - {name: registered, type: datetime, level: 2, personal_info: personal, role: quasi-identifier, deid: {op: generalize, to: month}}
`
