package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The columns of a pushdown query cross packed into one bytea; what the reader hands on
// is what it would be unpacked: every raw column as a plain read gives it, every
// computed one decoded from its type, NULLs, long and empty text, a bytea and more than
// 8 packed columns (a bitmap of two bytes) included.
func TestPushdownPackedColumnsReadAsThemselves(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	if err := c.Exec(ctx, "", typedTable); err != nil {
		t.Fatal(err)
	}
	cols := col("t", "string") + col("v", "string") + col("c", "string") + col("i2", "integer") +
		col("i4", "integer") + col("i8", "integer") + col("n", "number") + col("n0", "integer") +
		col("f8", "number") + col("b", "boolean") + col("d", "date") + col("ts", "datetime") +
		col("tz", "datetime") + col("u", "string")
	cat, ds := pgDataset(t, "select * from typed order by t nulls last", cols)
	plain, err := Open(envCtx(c.DSN("")), cat, ds)
	if err != nil {
		t.Fatal(err)
	}
	want, err := readAll(t, plain)
	plain.Close()
	if err != nil {
		t.Fatal(err)
	}

	long := strings.Repeat("字", 300) // 900 bytes: a length past one byte
	computed := []struct {
		sql  string
		want [2]any // the value of each row; nil: NULL
	}{
		{"repeat('字', 300) || q.t", [2]any{long + "文本", nil}},
		{"''::text", [2]any{"", ""}},
		{"convert_to(q.t, 'UTF8')", [2]any{"文本", nil}},
		{"q.i2", [2]any{int64(-2), nil}},
		{"q.i4", [2]any{int64(40000), nil}},
		{"q.i8 + 1", [2]any{int64(9000000001), nil}},
		{"q.f8 * 2", [2]any{0.5, nil}},
		{"NOT q.b", [2]any{false, nil}},
		{"q.d + 1", [2]any{time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), nil}},
		{"q.ts", [2]any{time.Date(2024, 3, 1, 12, 34, 56, 789012000, time.UTC), nil}},
		{"NULL::integer", [2]any{nil, nil}},
		{"coalesce(q.i4, 7)", [2]any{int64(40000), int64(7)}},
	}
	// the raw columns: packed (text, varchar, binary ones) and not (char, numeric, uuid)
	raw := []string{"t", "v", "c", "i2", "i4", "i8", "n", "n0", "f8", "b", "d", "ts", "tz", "u"}
	var pr *pushRead
	r, err := OpenPostgresPushdown(envCtx(c.DSN("")), ds, func(query string, qc []QueryColumn) (*Compiled, error) {
		comp := &Compiled{Bad: -1}
		var list []string
		for i, name := range raw {
			list = append(list, "q."+quoteIdent(name))
			comp.Raw = append(comp.Raw, i)
		}
		for _, e := range computed {
			list = append(list, e.sql)
			comp.Raw = append(comp.Raw, -1)
		}
		comp.SQL = "SELECT " + strings.Join(list, ", ") + " FROM (" + query + ") AS q"
		return comp, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	pr = r.(*pgReader).push
	// char, the two numerics and uuid cross on their own, everything else in the pack
	if len(pr.cols) != 5 || pr.pack != 4 {
		t.Errorf("%d columns cross (pack at %d), want 5: char, n, n0, uuid and the pack", len(pr.cols), pr.pack)
	}
	got, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for row := range got {
		for i, name := range raw {
			if g, w := got[row].Values[i], want[row].Values[i]; !reflect.DeepEqual(g, w) {
				t.Errorf("row %d, raw %s: got %#v, want %#v as a plain read", row+1, name, g, w)
			}
		}
		for k, e := range computed {
			g := got[row].Values[len(raw)+k]
			w := Value{Typed: e.want[row], Null: e.want[row] == nil}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("row %d, %s: got %#v, want %#v", row+1, e.sql, g, w)
			}
		}
		if got[row].Line != int64(row+1) {
			t.Errorf("row %d: line %d", row+1, got[row].Line)
		}
	}
}

// A pack shorter or longer than its columns is an error, never a misread value.
func TestPushdownUnpackRejectsAMalformedPack(t *testing.T) {
	p := &pushRead{packed: []int{0, 1}, oids: []uint32{23, 25}, vals: make([][]byte, 2)}
	good := []byte{0, 0, 0, 0, 7, 2, 'h', 'i'}
	if err := p.unpack(good); err != nil || string(p.vals[1]) != "hi" || len(p.vals[0]) != 4 {
		t.Fatalf("unpack(%v) = %v, %q", good, err, p.vals)
	}
	for _, b := range [][]byte{{}, {0, 0, 0, 0, 7}, {0, 0, 0, 0, 7, 3, 'h', 'i'}, {0, 0, 0, 0, 7, 2, 'h', 'i', '!'}, {0, 0, 0, 0, 7, 255, 0, 0}} {
		if err := p.unpack(b); err == nil {
			t.Errorf("unpack(%v) = nil, want an error", b)
		}
	}
	if err := p.unpack([]byte{3}); err != nil || p.vals[0] != nil || p.vals[1] != nil {
		t.Errorf("unpack(both NULL) = %v, %q", err, p.vals)
	}
}

// BadSQL, which the pushdown query evaluates instead of reading a value, rejects a
// numeric value exactly when a plain read does, with the same reason: NaN, ±Infinity,
// fractions and values out of range, read as a number and as an integer.
func TestBadSQLMatchesAPlainRead(t *testing.T) {
	c := pg.Require(t)
	ctx := context.Background()
	values := []string{"1.5", "NaN", "Infinity", "-Infinity", "8.000", "-7", "1e400", "-1e400", "9223372036854775808", "-9223372036854775808", "0"}
	var rows []string
	for _, v := range values {
		rows = append(rows, fmt.Sprintf("('%s')", v))
	}
	query := "select x::numeric as n, x::numeric as i from (values " + strings.Join(rows, ", ") + ") v(x)"
	// what a plain read says of each row, column by column (one column a dataset)
	plain := func(name string) []string {
		cat, ds := pgDataset(t, query, col(name, map[string]string{"n": "number", "i": "integer"}[name]))
		r, err := Open(envCtx(c.DSN("")), cat, ds)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var out []string
		for {
			var rec Record
			err := r.Next(&rec)
			if err == io.EOF {
				return out
			}
			var re *RecordError
			switch {
			case errors.As(err, &re):
				out = append(out, re.Reason[strings.Index(re.Reason, ": ")+2:])
			case err != nil:
				t.Fatal(err)
			default:
				out = append(out, "")
			}
		}
	}
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, qc := range []QueryColumn{{Name: "n", Kind: "number", OID: 1700}, {Name: "i", Kind: "integer", OID: 1700}} {
		want := plain(qc.Name)
		var got []string
		rs, err := conn.Query(ctx, fmt.Sprintf("select %s from (%s) q", BadSQL(qc, "q."+qc.Name), query))
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var code *int32
			if err := rs.Scan(&code); err != nil {
				t.Fatal(err)
			}
			if code == nil {
				got = append(got, "")
			} else {
				got = append(got, badReasons[*code])
			}
		}
		rs.Close()
		if rs.Err() != nil {
			t.Fatal(rs.Err())
		}
		if !reflect.DeepEqual(got, want) {
			for k := range values {
				if k < len(got) && k < len(want) && got[k] != want[k] {
					t.Errorf("%s %s: BadSQL says %q, a plain read %q", qc.Kind, values[k], got[k], want[k])
				}
			}
			t.Errorf("%s: BadSQL %q, plain read %q", qc.Kind, got, want)
		}
	}
}
