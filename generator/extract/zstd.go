package extract

import (
	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// zstdCodec is the ZSTD Parquet codec with encoders that live as long as the
// extract. parquet-go's own codec keeps its encoders in a pool that the garbage
// collector empties, so each collection re-allocates their history buffers.
// EncodeAll is safe for concurrent use. The fast levels leave high-entropy text such
// as base32 tokens uncompressed (no Huffman coding of literals when no match is
// found), so token columns use a codec with WithAllLitEntropyCompression, which stores
// them at their 5 bits per character.
type zstdCodec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

func newZstdCodec(level zstd.EncoderLevel, allLitEntropy bool) *zstdCodec {
	enc, err := zstd.NewWriter(nil,
		zstd.WithEncoderLevel(level),
		zstd.WithAllLitEntropyCompression(allLitEntropy),
		zstd.WithEncoderConcurrency(2),
		zstd.WithLowerEncoderMem(true),
		zstd.WithZeroFrames(true),
		zstd.WithEncoderCRC(false),
	)
	if err != nil {
		panic(err) // only invalid options fail
	}
	return &zstdCodec{enc: enc}
}

func (c *zstdCodec) String() string                            { return "ZSTD" }
func (c *zstdCodec) CompressionCodec() format.CompressionCodec { return format.Zstd }
func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	return c.enc.EncodeAll(src, dst[:0]), nil
}

func (c *zstdCodec) Decode(dst, src []byte) ([]byte, error) {
	if c.dec == nil {
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, err
		}
		c.dec = d
	}
	return c.dec.DecodeAll(src, dst[:0])
}

func (c *zstdCodec) close() {
	c.enc.Close()
	if c.dec != nil {
		c.dec.Close()
	}
}
