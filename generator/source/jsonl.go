package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// maxJSONLine is the longest JSON Lines record read.
const maxJSONLine = 16 << 20

// jsonlReader reads a JSON Lines source: one object per line; blank lines are
// skipped; a key that is absent or null is a null value.
type jsonlReader struct {
	ctx   context.Context
	f     *os.File
	count *countingReader
	size  int64
	snap  snapshot
	br    *bufio.Reader
	names []string
	pos   map[string]int
	line  int64
	obj   map[string]json.RawMessage
}

func openJSONL(ctx context.Context, cat *load.Catalog, ds *load.Doc[model.Dataset]) (Reader, error) {
	f, snap, err := openFile(cat, ds)
	if err != nil {
		return nil, err
	}
	size := snap.info.Size()
	j := &jsonlReader{ctx: ctx, f: f, size: size, snap: snap, count: &countingReader{r: f}, names: Names(ds.V), pos: map[string]int{}}
	dec, _, err := decoded(ds, j.count, size)
	if err != nil {
		f.Close()
		return nil, err
	}
	j.br = bufio.NewReaderSize(dec, bufSize(size)) // readLine handles lines longer than the buffer
	for i, n := range j.names {
		j.pos[n] = i
	}
	return j, nil
}

func (j *jsonlReader) Next(rec *Record) error {
	for {
		j.line++
		if j.line&1023 == 0 && j.ctx.Err() != nil {
			return j.ctx.Err()
		}
		line, err := j.readLine()
		if err != nil {
			return err
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		rec.Line = j.line
		if cap(rec.Values) < len(j.names) {
			rec.Values = make([]Value, len(j.names))
		}
		rec.Values = rec.Values[:len(j.names)]
		for i := range rec.Values {
			rec.Values[i] = Value{Null: true}
		}
		clear(j.obj)
		if j.obj == nil {
			j.obj = map[string]json.RawMessage{}
		}
		if line[0] != '{' {
			// json.Unmarshal accepts null into a map: a line "null" would be a
			// record of nulls
			return &RecordError{Line: j.line, Reason: "not a JSON object: a record is one {…} object per line"}
		}
		if err := json.Unmarshal(line, &j.obj); err != nil {
			return &RecordError{Line: j.line, Reason: "not a JSON object: " + jsonErr(err)}
		}
		if topLevelKeys(line) != len(j.obj) {
			// json.Unmarshal keeps the last of duplicate keys silently
			return &RecordError{Line: j.line, Reason: fmt.Sprintf("key %q appears twice in the object: keep one", duplicateKey(line))}
		}
		for k, raw := range j.obj {
			i, ok := j.pos[k]
			if !ok {
				continue
			}
			v, err := jsonValue(raw)
			if err != nil {
				return &RecordError{Line: j.line, Reason: fmt.Sprintf("key %q: %v", k, err)}
			}
			if strings.ContainsRune(v.Text, utf8.RuneError) {
				return &RecordError{Line: j.line, Reason: fmt.Sprintf("key %q: %s", k, replacementReason)}
			}
			rec.Values[i] = v
		}
		return nil
	}
}

// topLevelKeys counts the keys of the JSON object in b (valid JSON), duplicates
// included, without decoding it.
func topLevelKeys(b []byte) int {
	depth, n := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			j := i + 1
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			if depth == 1 {
				k := j + 1
				for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == '\n' || b[k] == '\r') {
					k++
				}
				if k < len(b) && b[k] == ':' {
					n++
				}
			}
			i = j
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
	}
	return n
}

// duplicateKey returns the first top-level key of the JSON object in b that
// appears twice.
func duplicateKey(b []byte) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return ""
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		k, _ := t.(string)
		if seen[k] {
			return k
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return ""
		}
	}
	return ""
}

func jsonErr(err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		return se.Error() + " at byte " + strconv.FormatInt(se.Offset, 10)
	}
	return err.Error()
}

func jsonValue(raw json.RawMessage) (Value, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return Value{Null: true}, nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return Value{}, err
		}
		return Value{Text: s}, nil
	case '{', '[':
		return Value{}, fmt.Errorf("nested objects and arrays are not supported; flatten the record")
	}
	return Value{Text: string(raw)}, nil // numbers and true/false as written
}

func (j *jsonlReader) readLine() ([]byte, error) {
	var long []byte
	for {
		b, err := j.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long, b...)
			if len(long) > maxJSONLine {
				return nil, fmt.Errorf("line %d: longer than %d MiB", j.line, maxJSONLine>>20)
			}
			continue
		}
		if err == io.EOF && len(b)+len(long) > 0 {
			return append(long, b...), nil
		}
		if err != nil {
			return nil, err
		}
		if long != nil {
			return append(long, b...), nil
		}
		return b, nil
	}
}

func (j *jsonlReader) Progress() (int64, int64) { return j.count.n, j.size }

func (j *jsonlReader) Close() error { return j.f.Close() }

// Unchanged implements Stable.
func (j *jsonlReader) Unchanged() error { return j.snap.unchanged(j.count.n) }
