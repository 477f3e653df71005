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

const spillHeaderSize = 40

// appendSpill appends one spill record: length, header, values.
func appendSpill(b []byte, h spillHeader, row []deid.Value) []byte {
	start := len(b)
	b = append(b, 0, 0, 0, 0)
	b = binary.LittleEndian.AppendUint64(b, h.class[0])
	b = binary.LittleEndian.AppendUint64(b, h.class[1])
	b = binary.LittleEndian.AppendUint64(b, uint64(h.line))
	b = binary.LittleEndian.AppendUint64(b, h.subj)
	b = binary.LittleEndian.AppendUint64(b, h.lval)
	for _, v := range row {
		b = appendValue(b, v)
	}
	binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start-4))
	return b
}

var errCorruptSpill = errors.New("the temporary spill file is corrupt")

// spillReader reads spill records back.
type spillReader struct {
	r   *bufio.Reader
	buf []byte
}

// next reads the next record into row; its strings are copies.
func (s *spillReader) next(row []deid.Value) (spillHeader, error) {
	h, b, err := s.nextRaw()
	if err != nil {
		return h, err
	}
	return h, decodeSpill(b[spillHeaderSize:], row, false)
}

// nextRaw reads the next record: its header, and the record without its length
// prefix (header and values), valid until the next call.
func (s *spillReader) nextRaw() (spillHeader, []byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(s.r, hdr[:]); err != nil {
		return spillHeader{}, nil, err
	}
	n := binary.LittleEndian.Uint32(hdr[:])
	if cap(s.buf) < int(n) {
		s.buf = make([]byte, n)
	}
	b := s.buf[:n]
	if _, err := io.ReadFull(s.r, b); err != nil {
		return spillHeader{}, nil, fmt.Errorf("%w: %v", errCorruptSpill, err)
	}
	if len(b) < spillHeaderSize {
		return spillHeader{}, nil, errCorruptSpill
	}
	k := spillHeader{
		class: classKey{binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])},
		line:  int64(binary.LittleEndian.Uint64(b[16:])),
		subj:  binary.LittleEndian.Uint64(b[24:]),
		lval:  binary.LittleEndian.Uint64(b[32:]),
	}
	return k, b, nil
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
