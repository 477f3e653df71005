package extract

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"unsafe"

	"github.com/shuyuan-project/shuyuan/generator/deid"
)

// classKey identifies an equivalence class of quasi-identifier values (two
// independent 64-bit hashes, so a collision that would merge classes is negligible).
type classKey [2]uint64

// classHasher hashes the quasi-identifier values of a row.
type classHasher struct {
	seeds [2]maphash.Seed
	qi    []int
}

func newClassHasher(qi []int) *classHasher {
	return &classHasher{seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, qi: qi}
}

func (h *classHasher) key(row []deid.Value, buf []byte) (classKey, []byte) {
	buf = buf[:0]
	for _, i := range h.qi {
		buf = appendValue(buf, row[i])
	}
	return classKey{maphash.Bytes(h.seeds[0], buf), maphash.Bytes(h.seeds[1], buf)}, buf
}

// appendValue encodes a value compactly for the spill file and class hashing.
func appendValue(b []byte, v deid.Value) []byte {
	b = append(b, byte(v.Kind))
	switch v.Kind {
	case deid.String:
		b = binary.AppendUvarint(b, uint64(len(v.S)))
		b = append(b, v.S...)
	case deid.Int, deid.Bool, deid.Date, deid.Time:
		b = binary.AppendVarint(b, v.I)
	case deid.Float:
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v.F))
	}
	return b
}

// spillHeader is what a spill record holds besides the published values: the source
// line, the quasi-identifier group and the hashes of the subject and of the
// l-diversity value (0 without k or l).
type spillHeader struct {
	class      classKey
	line       int64
	subj, lval uint64
}

// spillLayout says which fields of spillHeader a job's spill records hold: the line
// always; the group and the subject with k-anonymity (priv); the l-diversity value
// with l (l). The spill file is written and read by one job, so its records carry no
// tag of their own: every byte of a record is written once and read back once, and
// the header is a fifth of a record.
type spillLayout struct {
	priv, l bool
}

// appendSpill appends one spill record: the length of the rest (4 bytes), the line
// (uvarint), the group and subject (16 + 8 bytes, with priv), the l-diversity value
// (8 bytes, with l), the values.
func appendSpill(b []byte, lay spillLayout, h spillHeader, row []deid.Value) []byte {
	start := len(b)
	b = append(b, 0, 0, 0, 0)
	b = binary.AppendUvarint(b, uint64(h.line))
	if lay.priv {
		b = binary.LittleEndian.AppendUint64(b, h.class[0])
		b = binary.LittleEndian.AppendUint64(b, h.class[1])
		b = binary.LittleEndian.AppendUint64(b, h.subj)
	}
	if lay.l {
		b = binary.LittleEndian.AppendUint64(b, h.lval)
	}
	for _, v := range row {
		b = appendValue(b, v)
	}
	binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start-4))
	return b
}

var errCorruptSpill = errors.New("the temporary spill file is corrupt")

// spillReader reads spill records back.
type spillReader struct {
	r    *bufio.Reader
	lay  spillLayout
	buf  []byte
	skip int // bytes of the record returned last, still in r's buffer
}

// next reads the next record into row; its strings are copies.
func (s *spillReader) next(row []deid.Value) (spillHeader, error) {
	h, b, err := s.nextRaw()
	if err != nil {
		return h, err
	}
	return h, decodeSpill(b, row, false)
}

// nextRaw reads the next record: its header, and its values, valid until the next
// call. The values are read in place from the reader's buffer when they fit there
// (no copy), else into a buffer of the spillReader's own.
func (s *spillReader) nextRaw() (spillHeader, []byte, error) {
	if s.skip > 0 {
		s.r.Discard(s.skip)
		s.skip = 0
	}
	var hdr [4]byte
	if _, err := io.ReadFull(s.r, hdr[:]); err != nil {
		if err == io.EOF {
			return spillHeader{}, nil, io.EOF
		}
		return spillHeader{}, nil, fmt.Errorf("%w: %v", errCorruptSpill, err)
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	var b []byte
	var err error
	if int(n) <= s.r.Size() {
		b, err = s.r.Peek(int(n))
		s.skip = len(b)
	} else {
		if cap(s.buf) < int(n) {
			s.buf = make([]byte, n)
		}
		b = s.buf[:n]
		_, err = io.ReadFull(s.r, b)
	}
	if err != nil {
		return spillHeader{}, nil, fmt.Errorf("%w: %v", errCorruptSpill, err)
	}
	var h spillHeader
	line, k := binary.Uvarint(b)
	if k <= 0 {
		return spillHeader{}, nil, errCorruptSpill
	}
	h.line, b = int64(line), b[k:]
	if s.lay.priv {
		if len(b) < 24 {
			return spillHeader{}, nil, errCorruptSpill
		}
		h.class = classKey{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])}
		h.subj, b = binary.LittleEndian.Uint64(b[16:]), b[24:]
	}
	if s.lay.l {
		if len(b) < 8 {
			return spillHeader{}, nil, errCorruptSpill
		}
		h.lval, b = binary.LittleEndian.Uint64(b), b[8:]
	}
	return h, b, nil
}

// decodeSpill decodes the values of a spill record into row. With alias the strings
// share b's bytes (b must then stay unchanged while row is used); otherwise they are
// copies.
func decodeSpill(b []byte, row []deid.Value, alias bool) error {
	for i := range row {
		if len(b) == 0 {
			return errCorruptSpill
		}
		kind := deid.Kind(b[0])
		b = b[1:]
		v := deid.Value{Kind: kind}
		switch kind {
		case deid.String:
			l, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return errCorruptSpill
			}
			if alias {
				v.S = unsafe.String(unsafe.SliceData(b[n:]), int(l))
			} else {
				v.S = string(b[n : n+int(l)])
			}
			b = b[n+int(l):]
		case deid.Int, deid.Bool, deid.Date, deid.Time:
			x, n := binary.Varint(b)
			if n <= 0 {
				return errCorruptSpill
			}
			v.I = x
			b = b[n:]
		case deid.Float:
			if len(b) < 8 {
				return errCorruptSpill
			}
			v.F = math.Float64frombits(binary.LittleEndian.Uint64(b))
			b = b[8:]
		}
		row[i] = v
	}
	return nil
}
