package extent

// Extent file format, version 1 (FormatVersion). docs/storage.md has the
// same description with the reasons behind it.
//
//	file    = header chunk* filter-region* footer trailer
//	header  = magic "HRRXTENT" (8 bytes) | version u32 | reserved u32       16 bytes
//	trailer = footerOffset u64 | footerLen u64 | footerRawLen u64 |
//	          footerSum u64 | version u32 | trailerSum u32 | magic (8 bytes) 48 bytes
//
// All fixed-width integers are little-endian; varints are Go's
// encoding/binary (zig-zag for signed). trailerSum is the low 32 bits of
// the xxhash64 of the 36 bytes before it; footerSum is the xxhash64 of the
// footer as stored.
//
// Storage units are slots: every top-level column is a slot, and every
// shredded path of a dynamic column is a slot right after its column. Each
// block (a run of up to BlockRows rows, fewer when their text reaches
// BlockBytes) stores one chunk per slot. A chunk is the
// slot's values for that block, encoded (see encoding.go), then
// zstd-compressed unless that saves less than 1/16; the footer records its
// offset, stored and decoded length, codec and the xxhash64 of the stored
// bytes. Term filters of a slot (one per block) sit together in one filter
// region per slot so a first MayContainTerm on a column reads them with one
// ReadAt; each block's filter has its own checksum.
//
// The footer is zstd-compressed and holds: version, rows, min and max time,
// the time column, the columns (name, type, shredded paths and their
// types), per block its rows, first row and per slot the chunk reference,
// flags, statistics (nulls, min, max) and filter reference, and finally the
// filter regions. Open reads only the trailer and the footer.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/harrier-sec/harrier/internal/value"
)

// Probe counts of bit-less filters (filterRef.n == 0).
const (
	filterNone  uint8 = 0
	filterEmpty uint8 = 1
)

const (
	magic       = "HRRXTENT"
	headerSize  = 16
	trailerSize = 48

	// maxStatString bounds string min/max kept in the footer: long values
	// (request bodies) would bloat the footer that Open reads in full.
	maxStatString = 64
)

// ErrCorrupt is matched (errors.Is) by every error that reports damaged
// extent data: bad magic, checksum mismatches, undecodable chunks,
// truncated files.
var ErrCorrupt = errors.New("corrupt extent")

// CorruptError describes damaged data in an extent file, naming what is
// damaged so that an operator can tell a bad disk block from a bad file.
type CorruptError struct {
	File   string // the extent file
	Column string // column name, "" when the damage is not in one column
	Path   Path   // shredded path within Column, if any
	Block  int    // block index, -1 when not in one block
	Detail string
}

func (e *CorruptError) Error() string {
	var b strings.Builder
	b.WriteString("extent ")
	b.WriteString(e.File)
	b.WriteString(": corrupt")
	if e.Column != "" {
		fmt.Fprintf(&b, ": column %q", e.Column)
		if len(e.Path) > 0 {
			fmt.Fprintf(&b, " path %s", e.Path)
		}
	}
	if e.Block >= 0 {
		fmt.Fprintf(&b, " block %d", e.Block)
	}
	b.WriteString(": ")
	b.WriteString(e.Detail)
	return b.String()
}

// Is makes errors.Is(err, ErrCorrupt) true for every CorruptError.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// String renders a path as dot-separated keys (array steps keep their
// brackets), for messages.
func (p Path) String() string {
	var b strings.Builder
	for i, k := range p {
		if i > 0 && !strings.HasPrefix(k, "[") {
			b.WriteByte('.')
		}
		b.WriteString(k)
	}
	return b.String()
}

// chunkRef locates one stored region.
type chunkRef struct {
	off     int64
	diskLen int
	rawLen  int
	codec   byte
	sum     uint64
}

// filterRef locates one block's term filter inside its slot's filter
// region. With n == 0 there are no bits: k == filterNone means the block
// has no filter (every needle may match), k == filterEmpty that its values
// have no terms at all.
type filterRef struct {
	off int
	n   int
	k   uint8
	sum uint64
}

// Slot block flags.
const (
	// flagIrregular marks a whole-dynamic chunk with rows whose JSON could
	// not be walked (invalid text, duplicate keys): their shredded values
	// came from Lookup and readers must not derive deeper paths from a
	// shredded prefix for them.
	flagIrregular byte = 1
)

// slotBlock is everything the footer records about one slot in one block.
type slotBlock struct {
	chunk  chunkRef
	flags  byte
	stats  ColumnStats
	filter filterRef
}

// slotInfo describes a slot.
type slotInfo struct {
	col   int // top-level column
	shred int // index into ColumnMeta.Shredded, -1 for the column itself
	t     value.Type
	name  string // column name
	path  Path
}

// region is a span of the file.
type region struct {
	off int64
	n   int
}

// footer is the decoded footer.
type footer struct {
	meta    Meta
	timeCol int
	slots   []slotInfo
	first   []int         // first slot of each column
	blocks  [][]slotBlock // [block][slot]
	filters []region      // per slot
}

// buildSlots derives the slot list from the columns.
func buildSlots(cols []ColumnMeta) (slots []slotInfo, first []int) {
	first = make([]int, len(cols))
	for c, cm := range cols {
		first[c] = len(slots)
		slots = append(slots, slotInfo{col: c, shred: -1, t: cm.Type, name: cm.Name})
		for j, sp := range cm.Shredded {
			slots = append(slots, slotInfo{col: c, shred: j, t: sp.Type, name: cm.Name, path: sp.Path})
		}
	}
	return slots, first
}

func appendHeader(b []byte) []byte {
	b = append(b, magic...)
	b = binary.LittleEndian.AppendUint32(b, FormatVersion)
	return binary.LittleEndian.AppendUint32(b, 0)
}

func appendTrailer(b []byte, footerOff int64, footerLen, footerRaw int, footerSum uint64) []byte {
	start := len(b)
	b = binary.LittleEndian.AppendUint64(b, uint64(footerOff))
	b = binary.LittleEndian.AppendUint64(b, uint64(footerLen))
	b = binary.LittleEndian.AppendUint64(b, uint64(footerRaw))
	b = binary.LittleEndian.AppendUint64(b, footerSum)
	b = binary.LittleEndian.AppendUint32(b, FormatVersion)
	b = binary.LittleEndian.AppendUint32(b, uint32(xxhash.Sum64(b[start:])))
	return append(b, magic...)
}

// encodeFooter serializes the footer (before compression).
func encodeFooter(f *footer) []byte {
	var w wbuf
	m := &f.meta
	w.uvarint(uint64(FormatVersion))
	w.uvarint(uint64(m.Rows))
	w.varint(m.MinTime)
	w.varint(m.MaxTime)
	w.uvarint(uint64(f.timeCol))
	w.uvarint(uint64(len(m.Columns)))
	for _, c := range m.Columns {
		w.str(c.Name)
		w.b = append(w.b, byte(c.Type))
		w.uvarint(uint64(len(c.Shredded)))
		for _, sp := range c.Shredded {
			w.uvarint(uint64(len(sp.Path)))
			for _, k := range sp.Path {
				w.str(k)
			}
			w.b = append(w.b, byte(sp.Type))
		}
	}
	w.uvarint(uint64(len(m.Blocks)))
	for b, bm := range m.Blocks {
		w.uvarint(uint64(bm.Rows))
		w.uvarint(uint64(bm.Offset))
		for s, sb := range f.blocks[b] {
			w.uvarint(uint64(sb.chunk.off))
			w.uvarint(uint64(sb.chunk.diskLen))
			w.uvarint(uint64(sb.chunk.rawLen))
			w.b = append(w.b, sb.chunk.codec)
			w.u64(sb.chunk.sum)
			w.b = append(w.b, sb.flags)
			w.uvarint(uint64(sb.stats.Nulls))
			if !sb.stats.Min.IsNull() {
				w.b = append(w.b, 1)
				w.value(f.slots[s].t, sb.stats.Min)
				w.value(f.slots[s].t, sb.stats.Max)
			} else {
				w.b = append(w.b, 0)
			}
			w.uvarint(uint64(sb.filter.n))
			w.b = append(w.b, sb.filter.k)
			if sb.filter.n > 0 {
				w.uvarint(uint64(sb.filter.off))
				w.u64(sb.filter.sum)
			}
		}
	}
	for _, r := range f.filters {
		w.uvarint(uint64(r.off))
		w.uvarint(uint64(r.n))
	}
	return w.b
}

// decodeFooter parses a footer; errors describe what is malformed.
func decodeFooter(b []byte) (*footer, error) {
	r := rbuf{b: b}
	f := &footer{}
	m := &f.meta
	if v := r.uvarint(); r.err == nil && v != FormatVersion {
		return nil, fmt.Errorf("footer has version %d, expected %d", v, FormatVersion)
	}
	m.Version = FormatVersion
	m.Rows = r.count(math.MaxInt32)
	m.MinTime = r.varint()
	m.MaxTime = r.varint()
	f.timeCol = r.count(1 << 16)
	ncols := r.count(1 << 16)
	for i := 0; i < ncols && r.err == nil; i++ {
		c := ColumnMeta{Name: r.str(), Type: value.Type(r.byte())}
		ns := r.count(1 << 16)
		for j := 0; j < ns && r.err == nil; j++ {
			nk := r.count(1 << 10)
			p := make(Path, 0, nk)
			for k := 0; k < nk && r.err == nil; k++ {
				p = append(p, r.str())
			}
			c.Shredded = append(c.Shredded, ShreddedPath{Path: p, Type: value.Type(r.byte())})
		}
		m.Columns = append(m.Columns, c)
	}
	if r.err != nil {
		return nil, r.err
	}
	if f.timeCol >= len(m.Columns) {
		return nil, fmt.Errorf("time column %d out of range", f.timeCol)
	}
	f.slots, f.first = buildSlots(m.Columns)
	nb := r.count(len(b))
	for b := 0; b < nb && r.err == nil; b++ {
		bm := BlockMeta{Rows: r.count(math.MaxInt32), Offset: r.count(math.MaxInt32)}
		sbs := make([]slotBlock, len(f.slots))
		for s := range sbs {
			sb := &sbs[s]
			sb.chunk.off = int64(r.uvarint())
			sb.chunk.diskLen = r.count(math.MaxInt32)
			sb.chunk.rawLen = r.count(math.MaxInt32)
			sb.chunk.codec = r.byte()
			sb.chunk.sum = r.u64()
			sb.flags = r.byte()
			sb.stats.Nulls = r.count(math.MaxInt32)
			sb.stats.Min, sb.stats.Max = noStat(f.slots[s].t), noStat(f.slots[s].t)
			if r.byte() == 1 {
				sb.stats.Min = r.value(f.slots[s].t)
				sb.stats.Max = r.value(f.slots[s].t)
			}
			sb.filter.n = r.count(math.MaxInt32)
			sb.filter.k = r.byte()
			if sb.filter.n > 0 {
				sb.filter.off = r.count(math.MaxInt32)
				sb.filter.sum = r.u64()
			}
		}
		bm.Columns = make([]ColumnStats, len(m.Columns))
		for c := range m.Columns {
			st := sbs[f.first[c]].stats
			if n := len(m.Columns[c].Shredded); n > 0 {
				st.Shredded = make([]ColumnStats, n)
				for j := range n {
					st.Shredded[j] = sbs[f.first[c]+1+j].stats
				}
			}
			bm.Columns[c] = st
		}
		m.Blocks = append(m.Blocks, bm)
		f.blocks = append(f.blocks, sbs)
	}
	f.filters = make([]region, len(f.slots))
	for s := range f.filters {
		f.filters[s] = region{off: int64(r.uvarint()), n: r.count(math.MaxInt32)}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("footer has %d trailing bytes", len(r.b))
	}
	return f, nil
}

// noStat is the Min/Max of a block without values. It is null for every
// type, strings included, unlike value.Null.
func noStat(t value.Type) value.Value { return value.Value{T: t, Null: true} }

// wbuf appends the footer's primitives.
type wbuf struct{ b []byte }

func (w *wbuf) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *wbuf) varint(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *wbuf) u64(v uint64)     { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *wbuf) str(s string)     { w.uvarint(uint64(len(s))); w.b = append(w.b, s...) }

func (w *wbuf) value(t value.Type, v value.Value) {
	switch {
	case t == value.Bool:
		w.b = append(w.b, byte(v.I&1))
	case t.UsesInts():
		w.varint(v.I)
	case t.UsesFloats():
		w.u64(math.Float64bits(v.F))
	case t == value.String || t == value.GUID:
		w.str(v.S)
	}
}

// rbuf reads the footer's primitives with bounds checks; the first error
// sticks and later reads return zero values.
type rbuf struct {
	b   []byte
	err error
}

func (r *rbuf) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("footer is malformed: bad %s", what)
	}
	r.b = nil
}

func (r *rbuf) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail("varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *rbuf) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail("varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a non-negative length no larger than limit.
func (r *rbuf) count(limit int) int {
	v := r.uvarint()
	if v > uint64(limit) {
		r.fail("count")
		return 0
	}
	return int(v)
}

func (r *rbuf) byte() byte {
	if len(r.b) < 1 {
		r.fail("byte")
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *rbuf) u64() uint64 {
	if len(r.b) < 8 {
		r.fail("u64")
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *rbuf) str() string {
	n := r.count(math.MaxInt32)
	if r.err == nil && n > len(r.b) {
		r.fail("string")
	}
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *rbuf) value(t value.Type) value.Value {
	switch {
	case t == value.Bool:
		return value.NewBool(r.byte() != 0)
	case t.UsesInts():
		return value.Value{T: t, I: r.varint()}
	case t.UsesFloats():
		return value.Value{T: t, F: math.Float64frombits(r.u64())}
	case t == value.String || t == value.GUID:
		return value.Value{T: t, S: r.str()}
	}
	return value.Null(t)
}
