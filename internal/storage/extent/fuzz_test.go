package extent

import (
	"math/rand/v2"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// FuzzDecodeChunk feeds damaged chunks to the decoder: checksums catch
// damage first, but decoding must not panic whatever the bytes.
func FuzzDecodeChunk(f *testing.F) {
	r := rand.New(rand.NewPCG(1, 1))
	rd := writeOpenForFuzz(f, r)
	for b := range rd.ft.blocks {
		for s, si := range rd.ft.slots {
			raw, err := rd.readChunk(b, s)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(raw, uint8(si.t), uint16(rd.Meta().Blocks[b].Rows))
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, typ uint8, n uint16) {
		if typ == 0 || typ > uint8(value.Dynamic) {
			return
		}
		dc := fakeDec{time: make([]int64, n), strs: map[int][]string{0: make([]string, n)}}
		_, _ = decodeChunk(raw, value.Type(typ), int(n), dc)
	})
}

// FuzzDecodeFooter checks the footer decoder the same way.
func FuzzDecodeFooter(f *testing.F) {
	r := rand.New(rand.NewPCG(2, 2))
	rd := writeOpenForFuzz(f, r)
	f.Add(encodeFooter(rd.ft))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if ft, err := decodeFooter(raw); err == nil {
			_ = ft.validate(1 << 40)
		}
	})
}

func writeOpenForFuzz(f *testing.F, r *rand.Rand) *Reader {
	p := f.TempDir() + "/f.ext"
	if _, err := Write(p, allTypes, randBatches(r, allTypes, 300), WriteOptions{BlockRows: 100, ShredMinFraction: 0.01}); err != nil {
		f.Fatal(err)
	}
	rd, err := Open(p)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { rd.Close() })
	return rd
}
