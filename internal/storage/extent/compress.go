package extent

import (
	"fmt"
	"runtime"
	"sync"

	// zstd is the compressor DESIGN.md names: near-gzip-9 ratios at LZ4-like
	// decode speed, and a pure-Go implementation (CGO is off).
	"github.com/klauspost/compress/zstd"
)

// Codecs of a stored region (chunk, footer).
const (
	codecNone byte = 0
	codecZstd byte = 1
)

// One encoder and one decoder serve the whole process: EncodeAll and
// DecodeAll are safe for concurrent use and keep their own pools of
// per-call state, so sharing them avoids re-allocating zstd's large tables
// for every block.
var (
	zstdOnce sync.Once
	zstdEnc  *zstd.Encoder
	zstdDec  *zstd.Decoder
	zstdErr  error
)

func zstdInit() {
	n := runtime.GOMAXPROCS(0)
	zstdEnc, zstdErr = zstd.NewWriter(nil,
		zstd.WithEncoderLevel(zstd.SpeedDefault),
		// Every region already carries an xxhash64 in the footer.
		zstd.WithEncoderCRC(false),
		zstd.WithEncoderConcurrency(n))
	if zstdErr != nil {
		return
	}
	zstdDec, zstdErr = zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(n),
		// The footer records every region's decoded size; refusing to
		// decode more than that keeps a corrupt frame from allocating
		// without bound.
		zstd.WithDecodeAllCapLimit(true))
}

// compress appends the compressed form of src to dst and reports the codec
// used: zstd unless it does not make the region at least 1/16 smaller
// (random bytes, tiny regions), in which case src is stored as is.
func compress(dst, src []byte) ([]byte, byte) {
	zstdOnce.Do(zstdInit)
	if zstdErr != nil {
		panic("BUG: extent: cannot create zstd encoder: " + zstdErr.Error())
	}
	if len(src) < 64 {
		return append(dst, src...), codecNone
	}
	start := len(dst)
	out := zstdEnc.EncodeAll(src, dst)
	if n := len(out) - start; n >= len(src)-len(src)/16 {
		return append(out[:start], src...), codecNone
	}
	return out, codecZstd
}

// decompress decodes a region of rawLen bytes into a new buffer. The result
// is owned by the caller and never reused, so strings may point into it.
func decompress(src []byte, codec byte, rawLen int) ([]byte, error) {
	switch codec {
	case codecNone:
		if len(src) != rawLen {
			return nil, fmt.Errorf("stored region has %d bytes, expected %d", len(src), rawLen)
		}
		out := make([]byte, rawLen)
		copy(out, src)
		return out, nil
	case codecZstd:
		zstdOnce.Do(zstdInit)
		if zstdErr != nil {
			return nil, fmt.Errorf("cannot create zstd decoder: %w", zstdErr)
		}
		out, err := zstdDec.DecodeAll(src, make([]byte, 0, rawLen))
		if err != nil {
			return nil, fmt.Errorf("cannot decompress: %w", err)
		}
		if len(out) != rawLen {
			return nil, fmt.Errorf("decompressed %d bytes, expected %d", len(out), rawLen)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown codec %d", codec)
}
