package pgtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
)

// Person is one synthetic resident. Every value is generated: names are combinations of
// common characters, ids are checksum-valid but belong to nobody real.
type Person struct {
	ID         int64
	Name       string
	ResidentID string    // 18 characters, GB 11643 MOD 11-2 check character
	Phone      string    // 11 digits, 1[3-9]…
	BirthDate  time.Time // UTC midnight
	District   string    // GB/T 2260 district code of Shanghai
	Income     float64   // yuan, two decimals
	Verified   bool
	Registered time.Time // UTC, whole seconds
}

// ShanghaiDistricts are GB/T 2260 codes of Shanghai's districts, used for ids and addresses.
var ShanghaiDistricts = []string{
	"310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112",
	"310113", "310114", "310115", "310116", "310117", "310118", "310120", "310151",
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
)

// CheckChar returns the GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits
// of a resident identity number.
func CheckChar(first17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// ResidentID builds a checksum-valid 18-character id from a region code, a birth date and a
// 3-digit sequence number (odd for men, even for women).
func ResidentID(region string, birth time.Time, seq int) string {
	s := fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), seq%1000)
	return s + string(CheckChar(s))
}

// People generates n synthetic people deterministically from seed; ids are 1..n.
func People(n int, seed uint64) []Person {
	out := make([]Person, n)
	for i := range out {
		out[i] = MakePerson(int64(i+1), seed)
	}
	return out
}

// MakePerson generates person number id deterministically from seed, without keeping the
// others in memory (for large tables).
func MakePerson(id int64, seed uint64) Person {
	r := rand.New(rand.NewPCG(seed, uint64(id)))
	birth := time.Date(1940+r.IntN(65), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	district := ShanghaiDistricts[r.IntN(len(ShanghaiDistricts))]
	name := string(surnames[r.IntN(len(surnames))]) + string(given[r.IntN(len(given))])
	if r.IntN(2) == 0 {
		name += string(given[r.IntN(len(given))])
	}
	return Person{
		ID:         id,
		Name:       name,
		ResidentID: ResidentID(district, birth, r.IntN(1000)),
		Phone:      fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1_000_000_000)),
		BirthDate:  birth,
		District:   district,
		Income:     float64(r.IntN(5_000_000)) / 100,
		Verified:   r.IntN(4) != 0,
		Registered: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(10*365*86400)) * time.Second),
	}
}

// PeopleDDL creates the people table. Column types cover every PostgreSQL type the
// postgres source maps.
const PeopleDDL = `create table %s (
	id bigint primary key,
	name varchar(32) not null,
	resident_id char(18) not null,
	phone text,
	birth_date date,
	district text,
	income numeric(12,2),
	verified boolean,
	registered timestamptz,
	uid uuid
)`

// PeopleColumns are the people table's columns in order.
var PeopleColumns = []string{"id", "name", "resident_id", "phone", "birth_date", "district", "income", "verified", "registered", "uid"}

// LoadPeople creates table (dropping any previous one) and loads people n of them made by
// MakePerson, then extra rows (e.g. canaries) after them, with COPY.
func LoadPeople(ctx context.Context, conn *pgx.Conn, table string, n int, seed uint64, extra ...Person) (int64, error) {
	ident := pgx.Identifier{table}.Sanitize()
	if _, err := conn.Exec(ctx, "drop table if exists "+ident); err != nil {
		return 0, err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf(PeopleDDL, ident)); err != nil {
		return 0, err
	}
	i := 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		var p Person
		switch {
		case i < n:
			p = MakePerson(int64(i+1), seed)
		case i < n+len(extra):
			p = extra[i-n]
		default:
			return nil, nil
		}
		i++
		return []any{p.ID, p.Name, p.ResidentID, p.Phone, p.BirthDate, p.District,
			fmt.Sprintf("%.2f", p.Income), p.Verified, p.Registered, uuidOf(p.ID, seed)}, nil
	})
	return conn.CopyFrom(ctx, pgx.Identifier{table}, PeopleColumns, src)
}

// uuidOf makes a deterministic version-4-shaped UUID string for a row.
func uuidOf(id int64, seed uint64) string {
	r := rand.New(rand.NewPCG(seed^0x5eed, uint64(id)))
	a, b := r.Uint64(), r.Uint64()
	a = a&^(0xf<<12) | 0x4<<12
	b = b&^(0x3<<62) | 0x2<<62
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}
