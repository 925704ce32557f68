package extent

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func corruptCopy(t *testing.T, edit func(b []byte) []byte) string {
	t.Helper()
	src, err := genExtent()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "bad.ext")
	if err := os.WriteFile(p, edit(b), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func wantCorrupt(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want corruption naming %q", parts)
	}
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("error %v is not ErrCorrupt", err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not mention %q", err, p)
		}
	}
}

func TestCorruptChunk(t *testing.T) {
	good := openGen(t)
	m := good.Meta()
	ridCol := m.Schema().Index("ReportId")
	raw := m.Schema().Index("RawEventData")
	verb := good.ShreddedIndex(raw, Path{"Verb"})
	for _, tc := range []struct {
		name  string
		slot  int
		req   ReadRequest
		parts []string
	}{
		{"column", good.ft.first[ridCol], ReadRequest{Columns: []int{ridCol}}, []string{`column "ReportId"`, "block 2", "checksum mismatch"}},
		{"path", good.ft.first[raw] + 1 + verb, ReadRequest{Paths: []PathRequest{{Column: raw, Path: Path{"Verb"}}}}, []string{`column "RawEventData" path Verb`, "block 2"}},
		// The whole value needs its shredded paths back: damage in one of
		// them surfaces when reading the whole column too.
		{"whole", good.ft.first[raw] + 1 + verb, ReadRequest{Columns: []int{raw}}, []string{`path Verb`, "block 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := good.ft.blocks[2][tc.slot].chunk
			p := corruptCopy(t, func(b []byte) []byte { b[ch.off+int64(ch.diskLen)/2] ^= 0x40; return b })
			r, err := Open(p)
			if err != nil {
				t.Fatalf("Open: %v (chunks are not read by Open)", err)
			}
			defer r.Close()
			_, err = r.ReadBlock(2, tc.req)
			wantCorrupt(t, err, append(tc.parts, p)...)
			wantCorrupt(t, r.Verify(), `column "`+r.ft.slots[tc.slot].name+`"`, "block 2")
			// Other blocks and columns still read.
			if _, err := r.ReadBlock(1, tc.req); err != nil {
				t.Errorf("ReadBlock(1): %v", err)
			}
			if _, err := r.ReadBlock(2, ReadRequest{Columns: []int{0}}); err != nil {
				t.Errorf("ReadBlock(2, Timestamp): %v", err)
			}
		})
	}
}

func TestCorruptFile(t *testing.T) {
	good := openGen(t)
	size := good.Meta().Bytes
	f := func(name string, edit func([]byte) []byte, parts ...string) {
		t.Run(name, func(t *testing.T) {
			p := corruptCopy(t, edit)
			r, err := Open(p)
			if err == nil {
				r.Close()
			}
			wantCorrupt(t, err, append(parts, p)...)
		})
	}
	f("footer", func(b []byte) []byte { b[size-trailerSize-10] ^= 1; return b }, "footer checksum mismatch")
	f("trailer", func(b []byte) []byte { b[size-trailerSize+3] ^= 1; return b }, "trailer checksum mismatch")
	f("truncated", func(b []byte) []byte { return b[:len(b)-100] }, "truncated")
	f("truncated half", func(b []byte) []byte { return b[:len(b)/2] }, "truncated")
	f("tiny", func(b []byte) []byte { return b[:10] }, "truncated")
	f("empty", func(b []byte) []byte { return nil }, "truncated")
	f("appended", func(b []byte) []byte { return append(b, 0) }, "truncated or not an extent")

	t.Run("header", func(t *testing.T) {
		p := corruptCopy(t, func(b []byte) []byte { b[2] ^= 1; return b })
		r, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		wantCorrupt(t, r.Verify(), "bad header")
	})
	t.Run("filter", func(t *testing.T) {
		c := good.Meta().Schema().Index("ActionType")
		s := good.ft.first[c]
		reg, fr := good.ft.filters[s], good.ft.blocks[0][s].filter
		if fr.n == 0 {
			t.Fatal("ActionType has no filter in block 0")
		}
		p := corruptCopy(t, func(b []byte) []byte {
			for i := range fr.n {
				b[reg.off+int64(fr.off+i)] = 0 // a filter of no terms
			}
			return b
		})
		r, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		if !r.MayContainTerm(0, c, "Read") {
			t.Errorf("a damaged filter pruned the block")
		}
		if r.MayContainTerm(1, c, "NoSuchTermAnywhere42") && r.MayContainTerm(1, c, "Zyzzyva77") {
			t.Errorf("an intact filter prunes nothing")
		}
		wantCorrupt(t, r.Verify(), `column "ActionType"`, "block 0", "term filter")
	})
	t.Run("random bytes", func(t *testing.T) {
		// Any flipped byte in a chunk gives an error, never different data.
		rng := rand.New(rand.NewPCG(7, 7))
		want := readAll(t, good)
		for range 20 {
			off := headerSize + rng.Int64N(good.ft.filters[0].off-headerSize)
			p := corruptCopy(t, func(b []byte) []byte { b[off] ^= byte(1 + rng.IntN(255)); return b })
			r, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			all := make([]int, len(r.Meta().Columns))
			for c := range all {
				all[c] = c
			}
			failed := false
			for b := range r.Meta().Blocks {
				bt, err := r.ReadBlock(b, ReadRequest{Columns: all})
				if err != nil {
					wantCorrupt(t, err, "block")
					failed = true
					continue
				}
				for i := 0; i < bt.Len; i++ {
					for c, v := range bt.Cols {
						if cellOf(v, i) != want[r.Meta().Blocks[b].Offset+i][c] {
							t.Fatalf("byte %d flipped: block %d row %d column %d reads different data without an error", off, b, i, c)
						}
					}
				}
			}
			if !failed {
				t.Errorf("byte %d flipped: no block failed", off)
			}
			r.Close()
		}
	})
}

// TestVersion rejects other format versions with a clear error.
func TestVersion(t *testing.T) {
	p := corruptCopy(t, func(b []byte) []byte {
		tr := b[len(b)-trailerSize:]
		tr[32] = 99
		return appendTrailerBytes(b[:len(b)-trailerSize], tr)
	})
	_, err := Open(p)
	if err == nil || !strings.Contains(err.Error(), "format version 99") || errors.Is(err, ErrCorrupt) {
		t.Errorf("Open error = %v, want a version error (not corruption)", err)
	}
}

// appendTrailerBytes re-signs an edited trailer.
func appendTrailerBytes(b, tr []byte) []byte {
	var fixed [trailerSize]byte
	copy(fixed[:], tr)
	binary.LittleEndian.PutUint32(fixed[36:], uint32(xxhash.Sum64(fixed[:36])))
	return append(b, fixed[:]...)
}
