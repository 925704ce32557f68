package extent

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/harrier-sec/harrier/internal/value"
)

// A chunk holds one slot's values for one block, before compression:
//
//	chunk   = flags [null bitmap] payload
//	flags   = bit 0: a null bitmap of ceil(rows/8) bytes follows (bit set =
//	          null; for shredded paths: absent or JSON null); bit 1: no
//	          string value needs escaping in JSON
//	payload = encoding byte, then the values of the non-null rows in row
//	          order, as the encoding says:
//
//	encBool      bitmap of ceil(n/8) bytes, bit set = true
//	encIntConst  varint: every value
//	encIntDelta  varint first value, then zig-zag varint differences (sorted
//	             timestamps become one or two bytes)
//	encIntFOR    varint minimum, then uvarint value-minimum
//	encFloat     8 bytes per value (IEEE 754 bits)
//	encStrPlain  uvarint length per value, then the bytes of all values
//	encStrDict   uvarint d, d uvarint lengths, the d strings' bytes, then an
//	             index per value (one byte when d <= 256, else uvarint);
//	             per-block dictionaries: a block decodes on its own
//	encStrUUID   case byte (0 lower, 1 upper), uvarint m (values that are
//	             not UUIDs in that case); if m > 0, a bitmap of ceil(n/8)
//	             bytes (bit set = UUID); 16 bytes per UUID; if m > 0, a
//	             nested payload (neither encStrRef nor encStrUUID) of the
//	             m others
//	encStrTime   layout byte (0-9 fixed fraction digits, 10 trimmed), base
//	             byte (0: relative to the row's time column value, 1: delta
//	             from the previous value), zig-zag varint tick differences
//	encStrRef    uvarint column c, bitmap of ceil(n/8) bytes (bit set = equal
//	             to top-level string column c in the same row), then a
//	             nested payload (not encStrRef) of the other values
//	encDynText   uvarint length per value, then the compact JSON texts
//	encDynSkel   uvarint r, r uvarint shredded-path indexes used, then as
//	             encDynText; texts hold placeholders (byte 0x01, then the
//	             path index) where a shredded value was cut out, and 0x01
//	             0xff for a literal 0x01
//
// Writers pick, per block, the encoding with the smallest size before
// compression; zstd then removes most of what is left.
const (
	encBool     byte = 1
	encIntConst byte = 2
	encIntDelta byte = 3
	encIntFOR   byte = 4
	encFloat    byte = 5
	encStrPlain byte = 6
	encStrDict  byte = 7
	encStrUUID  byte = 8
	encStrTime  byte = 9
	encStrRef   byte = 10
	encDynText  byte = 11
	encDynSkel  byte = 12
)

// Chunk flags.
const (
	chunkHasNulls byte = 1
	// chunkClean marks string chunks none of whose values needs escaping
	// in JSON, so that rebuilding a whole dynamic value can copy them
	// between quotes instead of scanning them.
	chunkClean byte = 2
)

// placeholder starts a cut-out shredded value in a skeleton: a control
// byte that valid JSON never contains unescaped. The byte after it is the
// shredded path's index, or placeholderLiteral for a literal 0x01 of an
// invalid text stored verbatim.
const (
	placeholder        byte = 0x01
	placeholderLiteral byte = 0xff
)

// colVals is one slot's values in one block as the writer holds them: a
// slice of the slot's kind with one entry per row (zero where null).
type colVals struct {
	t    value.Type
	null []bool // nil when no row is null
	b    []bool
	i    []int64
	f    []float64
	s    []string // strings, guids; JSON texts for dynamic
	refs []int    // skeleton texts: the shredded paths cut out in this block
	skel bool     // s holds skeletons (encDynSkel)
	// irregular marks a skeleton column with rows stored through Lookup.
	irregular bool
	// distinct lists the distinct non-null strings when encodeChunk chose
	// a dictionary.
	distinct []string
	// clean says no string needs escaping in JSON (see chunkClean).
	clean bool
}

func (cv *colVals) isNull(i int) bool { return cv.null != nil && cv.null[i] }

// encCtx is what the encoders of one block may refer to, plus scratch.
type encCtx struct {
	time    []int64          // the block's time column, 0 where null
	strCols map[int][]string // top-level string columns (ref candidates); nil disables encStrRef
	parent  byte             // the encoding whose exceptions are being encoded, or 0
	dict    map[string]uint32
	order   []string // dictionary values in first-use order
	vals    []string
	rows    []int32
	ints    []int64
}

func newEncCtx() *encCtx { return &encCtx{dict: make(map[string]uint32)} }

// encodeChunk appends the chunk of cv (n rows) to dst.
func (ctx *encCtx) encodeChunk(dst []byte, cv *colVals, n int) []byte {
	nulls := 0
	if cv.null != nil {
		for _, x := range cv.null {
			if x {
				nulls++
			}
		}
	}
	flags := byte(0)
	if nulls > 0 {
		flags |= chunkHasNulls
	}
	if cv.t == value.String && cv.clean {
		flags |= chunkClean
	}
	dst = append(dst, flags)
	if nulls > 0 {
		dst = appendBitmap(dst, cv.null)
	}
	switch t := cv.t; {
	case t == value.Bool:
		vals := make([]bool, 0, n-nulls)
		for i := range n {
			if !cv.isNull(i) {
				vals = append(vals, cv.b[i])
			}
		}
		dst = append(dst, encBool)
		dst = appendBitmap(dst, vals)
	case t.UsesInts():
		ctx.ints = ctx.ints[:0]
		for i := range n {
			if !cv.isNull(i) {
				ctx.ints = append(ctx.ints, cv.i[i])
			}
		}
		dst = encodeInts(dst, ctx.ints)
	case t.UsesFloats():
		dst = append(dst, encFloat)
		for i := range n {
			if !cv.isNull(i) {
				dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(cv.f[i]))
			}
		}
	case t == value.String || t == value.GUID:
		vals, rows := ctx.compact(cv, n)
		start := len(dst)
		dst = ctx.encodeStrings(dst, vals, rows, ctx.strCols != nil)
		if dst[start] == encStrDict {
			// Statistics and term filters need only the distinct values.
			cv.distinct = slices.Clone(ctx.order)
		}
	case t == value.Dynamic:
		if cv.skel {
			dst = append(dst, encDynSkel)
			dst = binary.AppendUvarint(dst, uint64(len(cv.refs)))
			for _, r := range cv.refs {
				dst = binary.AppendUvarint(dst, uint64(r))
			}
		} else {
			dst = append(dst, encDynText)
		}
		vals, _ := ctx.compact(cv, n)
		dst = appendPlain(dst, vals)
	default:
		panic("BUG: extent: cannot encode type " + t.String())
	}
	return dst
}

// compact returns the non-null strings of cv and their rows.
func (ctx *encCtx) compact(cv *colVals, n int) ([]string, []int32) {
	if cv.null == nil {
		ctx.rows = ctx.rows[:0]
		for i := range n {
			ctx.rows = append(ctx.rows, int32(i))
		}
		return cv.s[:n], ctx.rows
	}
	ctx.vals, ctx.rows = ctx.vals[:0], ctx.rows[:0]
	for i := range n {
		if !cv.null[i] {
			ctx.vals = append(ctx.vals, cv.s[i])
			ctx.rows = append(ctx.rows, int32(i))
		}
	}
	return ctx.vals, ctx.rows
}

func appendBitmap(dst []byte, set []bool) []byte {
	start := len(dst)
	dst = append(dst, make([]byte, (len(set)+7)/8)...)
	for i, x := range set {
		if x {
			dst[start+i>>3] |= 1 << (i & 7)
		}
	}
	return dst
}

func uvarintLen(x uint64) int { return 1 + (bits.Len64(x|1)-1)/7 }

func zigzag(x int64) uint64 { return uint64(x<<1) ^ uint64(x>>63) }

func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// encodeInts picks constant, delta or frame-of-reference, whichever is
// smallest.
func encodeInts(dst []byte, v []int64) []byte {
	if len(v) == 0 {
		return append(dst, encIntConst, 0)
	}
	lo, constant := v[0], true
	deltaSize := uvarintLen(zigzag(v[0]))
	for k := 1; k < len(v); k++ {
		if v[k] != v[0] {
			constant = false
		}
		lo = min(lo, v[k])
		deltaSize += uvarintLen(zigzag(v[k] - v[k-1]))
	}
	if constant {
		return binary.AppendVarint(append(dst, encIntConst), v[0])
	}
	forSize := uvarintLen(zigzag(lo))
	for _, x := range v {
		forSize += uvarintLen(uint64(x - lo))
	}
	if deltaSize <= forSize {
		dst = binary.AppendVarint(append(dst, encIntDelta), v[0])
		for k := 1; k < len(v); k++ {
			dst = binary.AppendUvarint(dst, zigzag(v[k]-v[k-1]))
		}
		return dst
	}
	dst = binary.AppendVarint(append(dst, encIntFOR), lo)
	for _, x := range v {
		dst = binary.AppendUvarint(dst, uint64(x-lo))
	}
	return dst
}

func appendPlain(dst []byte, vals []string) []byte {
	for _, s := range vals {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
	}
	for _, s := range vals {
		dst = append(dst, s...)
	}
	return dst
}

// String encoding candidates, compared by their size before compression.
type strChoice struct {
	enc    byte
	size   int
	layout int  // encStrTime
	base   byte // encStrTime
	upper  bool // encStrUUID
	ref    int  // encStrRef: the column
	eq     []bool
}

// encodeStrings appends the smallest encoding of vals (whose rows in the
// block are rows) to dst.
func (ctx *encCtx) encodeStrings(dst []byte, vals []string, rows []int32, allowRef bool) []byte {
	best := strChoice{enc: encStrPlain}
	for _, s := range vals {
		best.size += len(s) + uvarintLen(uint64(len(s)))
	}
	try := func(c strChoice, ok bool) {
		if ok && c.size < best.size {
			best = c
		}
	}
	// UUIDs may hold the exceptions of encStrRef but not their own.
	if ctx.parent != encStrUUID {
		try(uuidSize(vals))
	}
	try(ctx.timeSize(vals, rows))
	if allowRef {
		try(ctx.refSize(vals, rows, best.size))
	}
	// Last, so that ctx.dict and ctx.order still describe vals if chosen.
	try(ctx.dictSize(vals, best.size))
	switch best.enc {
	case encStrPlain:
		return appendPlain(append(dst, encStrPlain), vals)
	case encStrDict:
		return ctx.appendDict(append(dst, encStrDict), vals)
	case encStrUUID:
		dst = append(dst, encStrUUID, 0)
		if best.upper {
			dst[len(dst)-1] = 1
		}
		isUUID := make([]bool, len(vals))
		var xv []string
		var xr []int32
		var u [16]byte
		us := make([]byte, 0, 16*len(vals))
		for k, s := range vals {
			l, up, ok := parseUUID(s, &u)
			if isUUID[k] = ok && (best.upper && up || !best.upper && l); !isUUID[k] {
				xv = append(xv, s)
				xr = append(xr, rows[k])
			} else {
				us = append(us, u[:]...)
			}
		}
		dst = binary.AppendUvarint(dst, uint64(len(xv)))
		if len(xv) > 0 {
			dst = appendBitmap(dst, isUUID)
		}
		dst = append(dst, us...)
		if len(xv) > 0 {
			dst = ctx.encodeNested(dst, xv, xr, encStrUUID)
		}
		return dst
	case encStrTime:
		dst = append(dst, encStrTime, byte(best.layout), best.base)
		var prev int64
		for k, s := range vals {
			t, _, _ := parseTimeText(s)
			switch best.base {
			case 0:
				dst = binary.AppendUvarint(dst, zigzag(t-ctx.time[rows[k]]))
			default:
				dst = binary.AppendUvarint(dst, zigzag(t-prev))
				prev = t
			}
		}
		return dst
	case encStrRef:
		dst = append(dst, encStrRef)
		dst = binary.AppendUvarint(dst, uint64(best.ref))
		dst = appendBitmap(dst, best.eq)
		var xv []string
		var xr []int32
		for k, e := range best.eq {
			if !e {
				xv = append(xv, vals[k])
				xr = append(xr, rows[k])
			}
		}
		return ctx.encodeNested(dst, xv, xr, encStrRef)
	}
	panic("BUG: extent: unknown string encoding")
}

// encodeNested encodes the exceptions of encStrRef (any encoding but
// encStrRef) and of encStrUUID (plain, dictionary or timestamp text).
func (ctx *encCtx) encodeNested(dst []byte, vals []string, rows []int32, parent byte) []byte {
	saved := ctx.parent
	ctx.parent = parent
	defer func() { ctx.parent = saved }()
	return ctx.encodeStrings(dst, vals, rows, false)
}

// dictSize sizes a per-block dictionary of vals, leaving it in ctx.dict
// and ctx.order. It gives up once the distinct values alone outweigh best,
// or when a sample shows nearly unique values (ids), which would otherwise
// cost a map insert per value for nothing.
func (ctx *encCtx) dictSize(vals []string, best int) (strChoice, bool) {
	clear(ctx.dict)
	ctx.order = ctx.order[:0]
	size := 0
	prev := -1
	const sample = 512
	for k, s := range vals {
		// Runs of one value are common (sorted time, few sources); string
		// equality of shared memory is a pointer compare.
		if prev >= 0 && s == ctx.order[prev] {
			continue
		}
		x, ok := ctx.dict[s]
		if !ok {
			x = uint32(len(ctx.order))
			ctx.dict[s] = x
			ctx.order = append(ctx.order, s)
			size += len(s) + uvarintLen(uint64(len(s)))
			if size >= best {
				return strChoice{}, false
			}
		}
		prev = int(x)
		if k == sample && len(ctx.order) > sample*7/8 {
			return strChoice{}, false
		}
	}
	if len(ctx.order) <= 256 {
		size += len(vals)
	} else {
		size += 2 * len(vals)
	}
	return strChoice{enc: encStrDict, size: size + uvarintLen(uint64(len(ctx.order)))}, len(vals) > 0
}

// appendDict writes the dictionary the last dictSize call built for vals.
func (ctx *encCtx) appendDict(dst []byte, vals []string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(ctx.order)))
	dst = appendPlain(dst, ctx.order)
	small := len(ctx.order) <= 256
	prev, px := "", uint32(0)
	for k, s := range vals {
		x := px
		if k == 0 || s != prev {
			x = ctx.dict[s]
		}
		prev, px = s, x
		if small {
			dst = append(dst, byte(x))
		} else {
			dst = binary.AppendUvarint(dst, uint64(x))
		}
	}
	return dst
}

// uuidSize sizes encStrUUID: worth it when nearly all values are UUIDs in
// one letter case (ReportId: all but the ResponseStarted stage of exec
// requests, "<uuid>/ResponseStarted").
func uuidSize(vals []string) (strChoice, bool) {
	if len(vals) == 0 {
		return strChoice{}, false
	}
	var u [16]byte
	lower, upper := 0, 0
	// Sizes of the plain exceptions in either case, so that the values
	// are parsed once.
	lowerX, upperX := 0, 0
	for k, s := range vals {
		l, up, ok := parseUUID(s, &u)
		if ok && l {
			lower++
		} else {
			lowerX += len(s) + uvarintLen(uint64(len(s)))
		}
		if ok && up {
			upper++
		} else {
			upperX += len(s) + uvarintLen(uint64(len(s)))
		}
		// Give up early on columns that are not UUIDs at all.
		if k == 31 && max(lower, upper) < 16 {
			return strChoice{}, false
		}
	}
	c := strChoice{enc: encStrUUID, upper: upper > lower}
	hits := max(lower, upper)
	if hits*10 < len(vals)*9 {
		return c, false
	}
	m := len(vals) - hits
	c.size = 2 + 16*hits
	if m > 0 {
		c.size += uvarintLen(uint64(m)) + (len(vals)+7)/8
		if c.upper {
			c.size += upperX
		} else {
			c.size += lowerX
		}
	}
	return c, true
}

// timeSize checks that every value is timestamp text one layout renders
// exactly, and sizes both bases.
func (ctx *encCtx) timeSize(vals []string, rows []int32) (strChoice, bool) {
	if len(vals) == 0 {
		return strChoice{}, false
	}
	_, d0, ok := parseTimeText(vals[0])
	if !ok {
		return strChoice{}, false
	}
	fixed, trimmed := true, true
	var buf [40]byte
	relSize, deltaSize := 0, 0
	var prev int64
	for k, s := range vals {
		t, d, ok := parseTimeText(s)
		if !ok {
			return strChoice{}, false
		}
		if fixed && (d != d0 || string(appendTimeText(buf[:0], t, d0)) != s) {
			fixed = false
		}
		if trimmed && string(appendTimeText(buf[:0], t, layoutTrimmed)) != s {
			trimmed = false
		}
		if !fixed && !trimmed {
			return strChoice{}, false
		}
		if ctx.time != nil {
			relSize += uvarintLen(zigzag(t - ctx.time[rows[k]]))
		}
		deltaSize += uvarintLen(zigzag(t - prev))
		prev = t
	}
	c := strChoice{enc: encStrTime, layout: layoutTrimmed, base: 1, size: 3 + deltaSize}
	if fixed {
		c.layout = d0
	}
	if ctx.time != nil && relSize < deltaSize {
		c.base, c.size = 0, 3+relSize
	}
	return c, true
}

// refSize looks for a top-level string column equal to most values (a
// shredded AuditID repeats ReportId, UserAgent repeats UserAgent) and sizes
// storing only where they differ.
func (ctx *encCtx) refSize(vals []string, rows []int32, plain int) (strChoice, bool) {
	if len(vals) == 0 {
		return strChoice{}, false
	}
	bestCol, bestEq := -1, 0
	sample := min(len(vals), 16)
	for c, col := range ctx.strCols {
		eq := 0
		for k := range sample {
			if vals[k] == col[rows[k]] {
				eq++
			}
		}
		if eq*2 < sample {
			continue
		}
		for k := sample; k < len(vals); k++ {
			if vals[k] == col[rows[k]] {
				eq++
			}
		}
		if eq > bestEq || eq == bestEq && c < bestCol {
			bestCol, bestEq = c, eq
		}
	}
	if bestCol < 0 || bestEq*2 < len(vals) {
		return strChoice{}, false
	}
	col := ctx.strCols[bestCol]
	eq := make([]bool, len(vals))
	var xv []string
	var xr []int32
	for k, s := range vals {
		eq[k] = s == col[rows[k]]
		if !eq[k] {
			xv = append(xv, s)
			xr = append(xr, rows[k])
		}
	}
	// Size the exceptions the way encodeStrings will encode them.
	xsize := 0
	for _, s := range xv {
		xsize += len(s) + uvarintLen(uint64(len(s)))
	}
	for _, f := range []func() (strChoice, bool){
		func() (strChoice, bool) { return ctx.dictSize(xv, xsize) },
		func() (strChoice, bool) { return uuidSize(xv) },
		func() (strChoice, bool) { return ctx.timeSize(xv, xr) },
	} {
		if c, ok := f(); ok && c.size < xsize {
			xsize = c.size
		}
	}
	size := 1 + uvarintLen(uint64(bestCol)) + (len(vals)+7)/8 + xsize
	return strChoice{enc: encStrRef, size: size, ref: bestCol, eq: eq}, size < plain
}

// colOut is one slot's decoded values in one block: like colVals, one
// entry per row.
type colOut struct {
	t     value.Type
	n     int
	nulls []byte // null bitmap, nil when no row is null
	b     []bool
	i     []int64
	f     []float64
	s     []string
	refs  []int // encDynSkel
	skel  bool
	clean bool // chunkClean
}

func (o *colOut) isNull(i int) bool { return o.nulls != nil && o.nulls[i>>3]&(1<<(i&7)) != 0 }

// decCtx gives decoders the other columns of the same block that an
// encoding refers to.
type decCtx interface {
	timeColumn() ([]int64, error)
	stringColumn(c int) ([]string, error)
}

var errMalformed = errors.New("chunk is malformed")

// cursor reads a chunk with bounds checks; the first error sticks.
type cursor struct {
	b   []byte
	p   int
	err error
}

func (c *cursor) fail() {
	if c.err == nil {
		c.err = errMalformed
	}
	c.p = len(c.b)
}

func (c *cursor) byte() byte {
	if c.p >= len(c.b) {
		c.fail()
		return 0
	}
	c.p++
	return c.b[c.p-1]
}

func (c *cursor) uvarint() uint64 {
	v, n := binary.Uvarint(c.b[c.p:])
	if n <= 0 {
		c.fail()
		return 0
	}
	c.p += n
	return v
}

func (c *cursor) varint() int64 {
	v, n := binary.Varint(c.b[c.p:])
	if n <= 0 {
		c.fail()
		return 0
	}
	c.p += n
	return v
}

func (c *cursor) bytes(n int) []byte {
	if n < 0 || n > len(c.b)-c.p {
		c.fail()
		return nil
	}
	c.p += n
	return c.b[c.p-n : c.p]
}

// str returns n bytes as a string sharing the chunk buffer, which decoders
// own and never modify after decoding.
func (c *cursor) str(n int) string {
	b := c.bytes(n)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// decodeChunk decodes a chunk of n rows of type t. raw must be a buffer
// the result may keep pointing into.
func decodeChunk(raw []byte, t value.Type, n int, dc decCtx) (*colOut, error) {
	c := &cursor{b: raw}
	o := &colOut{t: t, n: n}
	flags := c.byte()
	if flags&^(chunkHasNulls|chunkClean) != 0 {
		return nil, fmt.Errorf("%w: unknown flags %#x", errMalformed, flags)
	}
	nn := n
	var rows []int32 // value -> row; nil means identity
	if flags&chunkHasNulls != 0 {
		o.nulls = c.bytes((n + 7) / 8)
		if c.err != nil {
			return nil, c.err
		}
		rows = make([]int32, 0, n)
		for i := range n {
			if !o.isNull(i) {
				rows = append(rows, int32(i))
			}
		}
		nn = len(rows)
	}
	row := func(k int) int {
		if rows == nil {
			return k
		}
		return int(rows[k])
	}
	enc := c.byte()
	switch {
	case t == value.Bool:
		if enc != encBool {
			return nil, fmt.Errorf("%w: encoding %d for bool", errMalformed, enc)
		}
		bm := c.bytes((nn + 7) / 8)
		if c.err != nil {
			return nil, c.err
		}
		o.b = make([]bool, n)
		for k := range nn {
			o.b[row(k)] = bm[k>>3]&(1<<(k&7)) != 0
		}
	case t.UsesInts():
		o.i = make([]int64, n)
		switch enc {
		case encIntConst:
			v := c.varint()
			for k := range nn {
				o.i[row(k)] = v
			}
		case encIntDelta:
			var v int64
			for k := range nn {
				if k == 0 {
					v = c.varint()
				} else {
					v += unzigzag(c.uvarint())
				}
				o.i[row(k)] = v
			}
		case encIntFOR:
			lo := c.varint()
			for k := range nn {
				o.i[row(k)] = lo + int64(c.uvarint())
			}
		default:
			return nil, fmt.Errorf("%w: encoding %d for %s", errMalformed, enc, t)
		}
	case t.UsesFloats():
		if enc != encFloat {
			return nil, fmt.Errorf("%w: encoding %d for %s", errMalformed, enc, t)
		}
		b := c.bytes(8 * nn)
		if c.err != nil {
			return nil, c.err
		}
		o.f = make([]float64, n)
		for k := range nn {
			o.f[row(k)] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*k:]))
		}
	case t == value.String || t == value.GUID:
		o.s = make([]string, n)
		if err := decodeStrings(c, enc, nn, rows, o.s, dc); err != nil {
			return nil, err
		}
		o.clean = flags&chunkClean != 0
	case t == value.Dynamic:
		switch enc {
		case encDynSkel:
			o.skel = true
			nr := int(c.uvarint())
			if nr > 1<<16 {
				c.fail()
			}
			for range nr {
				if c.err != nil {
					break
				}
				o.refs = append(o.refs, int(c.uvarint()))
			}
		case encDynText:
		default:
			return nil, fmt.Errorf("%w: encoding %d for dynamic", errMalformed, enc)
		}
		o.s = make([]string, n)
		decodePlain(c, nn, rows, o.s)
	default:
		return nil, fmt.Errorf("%w: type %s", errMalformed, t)
	}
	if c.err != nil {
		return nil, c.err
	}
	if c.p != len(c.b) {
		return nil, fmt.Errorf("%w: %d trailing bytes", errMalformed, len(c.b)-c.p)
	}
	return o, nil
}

// decodePlain decodes n length-prefixed strings into out at rows (nil:
// identity), slicing one string that shares the chunk buffer.
func decodePlain(c *cursor, n int, rows []int32, out []string) {
	if n > len(c.b)-c.p { // every value has at least a length byte
		c.fail()
		return
	}
	lens := make([]int, n)
	total := 0
	for k := range lens {
		l := c.uvarint()
		if l > uint64(len(c.b)) {
			c.fail()
			return
		}
		lens[k] = int(l)
		total += int(l)
	}
	data := c.str(total)
	if c.err != nil {
		return
	}
	p := 0
	for k, l := range lens {
		r := k
		if rows != nil {
			r = int(rows[k])
		}
		out[r] = data[p : p+l]
		p += l
	}
}

// decodeStrings decodes nn values written by encodeStrings into out at
// their rows (rows maps values to rows; nil: identity).
func decodeStrings(c *cursor, enc byte, nn int, rows []int32, out []string, dc decCtx) error {
	row := func(k int) int {
		if rows == nil {
			return k
		}
		return int(rows[k])
	}
	switch enc {
	case encStrPlain:
		decodePlain(c, nn, rows, out)
		return c.err
	case encStrDict:
		d := int(c.uvarint())
		if d > len(c.b) {
			c.fail()
			return c.err
		}
		dict := make([]string, d)
		decodePlain(c, d, nil, dict)
		for k := range nn {
			var x int
			if d <= 256 {
				x = int(c.byte())
			} else {
				x = int(c.uvarint())
			}
			if x >= d {
				c.fail()
				return c.err
			}
			out[row(k)] = dict[x]
		}
		return c.err
	case encStrUUID:
		upper := c.byte() == 1
		m := int(c.uvarint())
		if m > nn {
			c.fail()
		}
		var is []byte
		if m > 0 {
			is = c.bytes((nn + 7) / 8)
		}
		raw := c.bytes(16 * (nn - m))
		if c.err != nil {
			return c.err
		}
		buf := make([]byte, 0, 36*(nn-m))
		var xr []int32
		j := 0
		for k := range nn {
			if is != nil && is[k>>3]&(1<<(k&7)) == 0 {
				xr = append(xr, int32(row(k)))
				continue
			}
			if j >= nn-m {
				c.fail()
				return c.err
			}
			buf = appendUUID(buf, raw[16*j:16*j+16], upper)
			j++
		}
		if j != nn-m || len(xr) != m {
			c.fail()
			return c.err
		}
		if j > 0 {
			all := unsafe.String(&buf[0], len(buf))
			j = 0
			for k := range nn {
				if is == nil || is[k>>3]&(1<<(k&7)) != 0 {
					out[row(k)] = all[36*j : 36*j+36]
					j++
				}
			}
		}
		if m == 0 {
			return nil
		}
		xenc := c.byte()
		if xenc == encStrRef || xenc == encStrUUID {
			c.fail()
			return c.err
		}
		return decodeStrings(c, xenc, m, xr, out, dc)
	case encStrTime:
		layout := int(c.byte())
		base := c.byte()
		if layout > layoutTrimmed || base > 1 {
			c.fail()
			return c.err
		}
		var tc []int64
		if base == 0 {
			var err error
			if tc, err = dc.timeColumn(); err != nil {
				return err
			}
		}
		buf := make([]byte, 0, 28*nn)
		ends := make([]int, nn)
		var prev int64
		for k := range nn {
			d := unzigzag(c.uvarint())
			var t int64
			if base == 0 {
				r := row(k)
				if r >= len(tc) {
					c.fail()
					return c.err
				}
				t = tc[r] + d
			} else {
				t = prev + d
				prev = t
			}
			buf = appendTimeText(buf, t, layout)
			ends[k] = len(buf)
		}
		if c.err != nil || nn == 0 {
			return c.err
		}
		all := unsafe.String(&buf[0], len(buf))
		p := 0
		for k, e := range ends {
			out[row(k)] = all[p:e]
			p = e
		}
		return nil
	case encStrRef:
		col := int(c.uvarint())
		eq := c.bytes((nn + 7) / 8)
		if c.err != nil {
			return c.err
		}
		ref, err := dc.stringColumn(col)
		if err != nil {
			return err
		}
		var xr []int32
		for k := range nn {
			r := row(k)
			if r >= len(ref) || r >= len(out) {
				c.fail()
				return c.err
			}
			if eq[k>>3]&(1<<(k&7)) != 0 {
				out[r] = ref[r]
			} else {
				xr = append(xr, int32(r))
			}
		}
		xenc := c.byte()
		if xenc == encStrRef {
			c.fail()
			return c.err
		}
		return decodeStrings(c, xenc, len(xr), xr, out, dc)
	}
	return fmt.Errorf("%w: encoding %d for string", errMalformed, enc)
}

// sliceEnds cuts buf (converted to a string once) at the given end offsets.
func sliceEnds(buf []byte, ends []int) []string {
	out := make([]string, len(ends))
	if len(buf) == 0 {
		return out
	}
	s := unsafe.String(&buf[0], len(buf))
	p := 0
	for k, e := range ends {
		out[k] = s[p:e]
		p = e
	}
	return out
}
