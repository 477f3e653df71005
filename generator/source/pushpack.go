package source

// The pushdown query's wire form. Each column of a result row costs 4 bytes of length
// on the wire besides its value, and a computed column is mostly a few bytes (a code, a
// year, a flag) or NULL (a check code that passed); so the computed columns of a row
// cross as one bytea, which the reader unpacks here:
//
//	pack = null bitmap || value || value …
//
// the bitmap has one bit per packed column (bit k of byte k/8 set: column k is NULL, and
// has no value in the pack); each other value follows in column order in PostgreSQL's
// own binary send form (int2send, int4send, int8send, float8send, boolsend, date_send,
// timestamp_send: 2, 4, 8, 8, 1, 4, 8 bytes), a bytea or text one after its length (one
// byte below 255, else 255 and a 4-byte length). It is plain SQL over the compiled query
// (a subquery kept apart by OFFSET 0 so that each expression runs once):
//
//	SELECT r.c0, r.c3, set_byte('\x00'::bytea, 0, …) || coalesce(int4send(r.c1), '\x'::bytea) || …
//	FROM (<compiled query> OFFSET 0) AS r(c0, c1, …)
//
// Text is packed only when the server's encoding is UTF8 (its bytes are then what the
// text format would send); otherwise a text column crosses on its own.

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// packSend is the send function of each type that packs, and its width (0: a length first).
var packSend = map[uint32]struct {
	fn    string
	width int
}{
	pgtype.Int2OID:      {"int2send", 2},
	pgtype.Int4OID:      {"int4send", 4},
	pgtype.Int8OID:      {"int8send", 8},
	pgtype.Float8OID:    {"float8send", 8},
	pgtype.BoolOID:      {"boolsend", 1},
	pgtype.DateOID:      {"date_send", 4},
	pgtype.TimestampOID: {"timestamp_send", 8},
	pgtype.ByteaOID:     {"", 0},
	pgtype.TextOID:      {"textsend", 0},
	// raw columns only (a computed column is never of these types)
	pgtype.Float4OID:      {"float4send", 4},
	pgtype.TimestamptzOID: {"timestamptz_send", 8},
	pgtype.VarcharOID:     {"textsend", 0},
}

// newPushRead plans how the compiled query's columns (fields) cross: when two or more
// of them can, packed into one bytea (a computed column, or a raw one that a plain
// read would receive in binary form or as text), the others each as itself; a raw
// column (comp.Raw) is decoded as a plain read decodes it (cols, per name).
func newPushRead(comp *Compiled, cols []pgCol, fields []pgconn.FieldDescription, names []string, utf8 bool) *pushRead {
	pr := &pushRead{comp: comp, sql: comp.SQL, names: names, at: make([]int, len(fields)), oids: make([]uint32, len(fields)), pack: -1}
	packs := func(j int) bool {
		oid := fields[j].DataTypeOID
		s, ok := packSend[oid]
		if !ok || s.width == 0 && !utf8 {
			return false
		}
		if i := comp.Raw[j]; i >= 0 {
			return cols[i].binary || s.width == 0 // text: the same bytes in both formats
		}
		return true
	}
	var packed []int
	for j := range fields {
		if packs(j) {
			packed = append(packed, j)
		}
	}
	if len(packed) < 2 {
		packed = nil // a lone computed column crosses as itself
	}
	inPack := map[int]bool{}
	for _, j := range packed {
		inPack[j] = true
	}
	var sel, alias []string
	for j, f := range fields {
		pr.oids[j] = f.DataTypeOID
		alias = append(alias, fmt.Sprintf("c%d", j))
		c := pgCol{oid: f.DataTypeOID, binary: true}
		if i := comp.Raw[j]; i >= 0 {
			c = cols[i]
		}
		pr.col = append(pr.col, c)
		if inPack[j] {
			pr.at[j] = -1 - len(pr.packed)
			pr.packed = append(pr.packed, j)
			continue
		}
		pr.at[j] = len(pr.cols)
		c.field = len(pr.cols)
		pr.cols = append(pr.cols, c)
		sel = append(sel, fmt.Sprintf("r.c%d", j))
	}
	if len(pr.packed) == 0 {
		return pr
	}
	pr.pack = len(pr.cols)
	pr.cols = append(pr.cols, pgCol{field: pr.pack, oid: pgtype.ByteaOID, binary: true})
	pr.vals = make([][]byte, len(pr.packed))
	sel = append(sel, packSQL(pr.packed, fields))
	pr.sql = "SELECT " + strings.Join(sel, ", ") + "\nFROM (" + comp.SQL + "\nOFFSET 0) AS r(" + strings.Join(alias, ", ") + ")"
	return pr
}

// packSQL is the SQL of the pack of the given compiled columns.
func packSQL(packed []int, fields []pgconn.FieldDescription) string {
	var parts []string
	for at := 0; at < len(packed); at += 8 {
		var bits []string
		for k := at; k < min(at+8, len(packed)); k++ {
			bits = append(bits, fmt.Sprintf("((r.c%d IS NULL)::int << %d)", packed[k], k-at))
		}
		parts = append(parts, fmt.Sprintf("set_byte('\\x00'::bytea, 0, %s)", strings.Join(bits, " | ")))
	}
	for _, j := range packed {
		x := fmt.Sprintf("r.c%d", j)
		s := packSend[fields[j].DataTypeOID]
		v := x
		if s.fn != "" {
			v = s.fn + "(" + x + ")"
		}
		if s.width == 0 {
			n := fmt.Sprintf("octet_length(%s)", x)
			v = fmt.Sprintf("(CASE WHEN %[1]s < 255 THEN set_byte('\\x00'::bytea, 0, %[1]s) ELSE '\\xff'::bytea || int4send(%[1]s) END) || %[2]s", n, v)
		}
		parts = append(parts, fmt.Sprintf("coalesce(%s, '\\x'::bytea)", v))
	}
	return strings.Join(parts, "\n  || ")
}

// unpack splits the pack b of one row into p.vals (nil: NULL). The slices point into b.
func (p *pushRead) unpack(b []byte) error {
	nb := (len(p.packed) + 7) / 8
	if len(b) < nb {
		return fmt.Errorf("the packed columns are %d bytes, shorter than their null bitmap", len(b))
	}
	bits, b := b[:nb], b[nb:]
	for k, j := range p.packed {
		if bits[k/8]&(1<<(k%8)) != 0 {
			p.vals[k] = nil
			continue
		}
		w := packSend[p.oids[j]].width
		if w == 0 {
			if len(b) < 1 {
				return fmt.Errorf("packed column %d: the pack ends before its length", j+1)
			}
			w, b = int(b[0]), b[1:]
			if w == 255 {
				if len(b) < 4 {
					return fmt.Errorf("packed column %d: the pack ends before its length", j+1)
				}
				w, b = int(binary.BigEndian.Uint32(b)), b[4:]
			}
		}
		if len(b) < w {
			return fmt.Errorf("packed column %d: the pack ends before its %d bytes", j+1, w)
		}
		p.vals[k], b = b[:w:w], b[w:]
	}
	if len(b) != 0 {
		return fmt.Errorf("%d bytes after the packed columns", len(b))
	}
	return nil
}
