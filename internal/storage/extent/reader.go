package extent

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"github.com/harrier-sec/harrier/internal/value"
)

// Reader reads one extent. Its methods are safe for concurrent use: scan
// workers call ReadBlock on different (or the same) blocks at once.
type Reader struct {
	path string
	f    *os.File
	ft   *footer
	meta Meta
	// filters caches each slot's filter region, loaded on first use.
	filters []atomic.Pointer[[]byte]
}

// Open reads an extent's trailer and footer; blocks are read on demand.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open extent: %w", err)
	}
	r, err := open(path, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return r, nil
}

func open(path string, f *os.File) (*Reader, error) {
	corrupt := func(format string, args ...any) error {
		return &CorruptError{File: path, Block: -1, Detail: fmt.Sprintf(format, args...)}
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot open extent %s: %w", path, err)
	}
	size := fi.Size()
	if size < headerSize+trailerSize {
		return nil, corrupt("file has %d bytes, fewer than an empty extent: truncated or not an extent", size)
	}
	var tr [trailerSize]byte
	if _, err := f.ReadAt(tr[:], size-trailerSize); err != nil {
		return nil, fmt.Errorf("cannot read extent %s: %w", path, err)
	}
	if string(tr[40:]) != magic {
		return nil, corrupt("no extent trailer at the end of the file: truncated or not an extent")
	}
	if got, want := binary.LittleEndian.Uint32(tr[36:]), uint32(xxhash.Sum64(tr[:36])); got != want {
		return nil, corrupt("trailer checksum mismatch (stored %#x, computed %#x)", got, want)
	}
	if v := binary.LittleEndian.Uint32(tr[32:]); v != FormatVersion {
		return nil, fmt.Errorf("extent %s has format version %d; this build reads version %d", path, v, FormatVersion)
	}
	footOff := int64(binary.LittleEndian.Uint64(tr[0:]))
	footLen := binary.LittleEndian.Uint64(tr[8:])
	footRaw := binary.LittleEndian.Uint64(tr[16:])
	footSum := binary.LittleEndian.Uint64(tr[24:])
	if footOff < headerSize || footLen > uint64(size) || footOff+int64(footLen) != size-trailerSize || footRaw > 1<<31 {
		return nil, corrupt("footer location (offset %d, %d bytes) does not fit a file of %d bytes", footOff, footLen, size)
	}
	stored := make([]byte, footLen)
	if _, err := f.ReadAt(stored, footOff); err != nil {
		return nil, fmt.Errorf("cannot read extent %s: %w", path, err)
	}
	if got := xxhash.Sum64(stored); got != footSum {
		return nil, corrupt("footer checksum mismatch (stored %#x, computed %#x)", footSum, got)
	}
	raw, err := decompress(stored, codecZstd, int(footRaw))
	if err != nil {
		return nil, corrupt("footer: %v", err)
	}
	ft, err := decodeFooter(raw)
	if err != nil {
		return nil, corrupt("%v", err)
	}
	if err := ft.validate(footOff); err != nil {
		return nil, corrupt("%v", err)
	}
	r := &Reader{path: path, f: f, ft: ft, meta: ft.meta}
	r.meta.Bytes = size
	r.filters = make([]atomic.Pointer[[]byte], len(ft.slots))
	return r, nil
}

// validate checks that the footer's numbers agree with each other and with
// the file, so that readers can index without further checks.
func (f *footer) validate(dataEnd int64) error {
	rows := 0
	for b, bm := range f.meta.Blocks {
		if bm.Offset != rows || bm.Rows <= 0 {
			return fmt.Errorf("block %d: rows %d at offset %d do not follow the previous blocks", b, bm.Rows, bm.Offset)
		}
		rows += bm.Rows
		for s, sb := range f.blocks[b] {
			c := sb.chunk
			if c.off < headerSize || c.off+int64(c.diskLen) > dataEnd {
				return fmt.Errorf("block %d slot %d: chunk outside the data", b, s)
			}
		}
	}
	if rows != f.meta.Rows {
		return fmt.Errorf("blocks hold %d rows, footer says %d", rows, f.meta.Rows)
	}
	for s, reg := range f.filters {
		if reg.n > 0 && (reg.off < headerSize || reg.off+int64(reg.n) > dataEnd) {
			return fmt.Errorf("slot %d: filter region outside the data", s)
		}
		for b := range f.blocks {
			if fr := f.blocks[b][s].filter; fr.n > 0 && (fr.off+fr.n > reg.n || fr.k == 0 || fr.k > filterMaxProbes) {
				return fmt.Errorf("block %d slot %d: filter outside its region", b, s)
			}
		}
	}
	for _, c := range f.meta.Columns {
		if c.Type == value.Dynamic && len(c.Shredded) > maxShred {
			return fmt.Errorf("column %q has %d shredded paths", c.Name, len(c.Shredded))
		}
	}
	return nil
}

// Meta returns the extent's metadata. It is shared: callers must not
// modify it.
func (r *Reader) Meta() *Meta { return &r.meta }

// Path returns the extent's file name.
func (r *Reader) Path() string { return r.path }

// Close closes the file. ReadBlock must not be called afterwards.
func (r *Reader) Close() error { return r.f.Close() }

// ShreddedIndex returns the index of path p in Meta.Columns[c].Shredded,
// or -1 when the path is not shredded in this extent.
func (r *Reader) ShreddedIndex(c int, p Path) int {
	if c < 0 || c >= len(r.meta.Columns) {
		return -1
	}
	for j, sp := range r.meta.Columns[c].Shredded {
		if slices.Equal(sp.Path, p) {
			return j
		}
	}
	return -1
}

func (r *Reader) corrupt(s, b int, format string, args ...any) error {
	e := &CorruptError{File: r.path, Block: b, Detail: fmt.Sprintf(format, args...)}
	if s >= 0 {
		si := r.ft.slots[s]
		e.Column, e.Path = si.name, si.path
	}
	return e
}

var readPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// readChunk reads, checks and decompresses one slot's chunk of block b.
func (r *Reader) readChunk(b, s int) ([]byte, error) {
	c := r.ft.blocks[b][s].chunk
	bp := readPool.Get().(*[]byte)
	defer readPool.Put(bp)
	if cap(*bp) < c.diskLen {
		*bp = make([]byte, c.diskLen)
	}
	buf := (*bp)[:c.diskLen]
	if _, err := r.f.ReadAt(buf, c.off); err != nil {
		return nil, fmt.Errorf("cannot read extent %s block %d: %w", r.path, b, err)
	}
	if got := xxhash.Sum64(buf); got != c.sum {
		return nil, r.corrupt(s, b, "checksum mismatch (stored %#x, computed %#x)", c.sum, got)
	}
	raw, err := decompress(buf, c.codec, c.rawLen)
	if err != nil {
		return nil, r.corrupt(s, b, "%v", err)
	}
	return raw, nil
}

// blockReader decodes the slots of one block for one ReadBlock call,
// decoding each at most once (a shredded path may refer to the time column
// or to another string column).
type blockReader struct {
	r       *Reader
	b       int
	n       int
	decoded map[int]*colOut
	busy    map[int]bool
	whole   map[int][]string // reconstructed whole dynamic texts per column
	sel     []bool           // rows to rebuild whole values for; nil: all
}

func (br *blockReader) slot(s int) (*colOut, error) {
	if o := br.decoded[s]; o != nil {
		return o, nil
	}
	if br.busy[s] {
		return nil, br.r.corrupt(s, br.b, "chunk refers to itself")
	}
	br.busy[s] = true
	defer delete(br.busy, s)
	raw, err := br.r.readChunk(br.b, s)
	if err != nil {
		return nil, err
	}
	o, err := decodeChunk(raw, br.r.ft.slots[s].t, br.n, br)
	if err != nil {
		var ce *CorruptError
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, br.r.corrupt(s, br.b, "%v", err)
	}
	br.decoded[s] = o
	return o, nil
}

func (br *blockReader) timeColumn() ([]int64, error) {
	o, err := br.slot(br.r.ft.first[br.r.ft.timeCol])
	if err != nil {
		return nil, err
	}
	return o.i, nil
}

func (br *blockReader) stringColumn(c int) ([]string, error) {
	if c < 0 || c >= len(br.r.ft.first) || br.r.meta.Columns[c].Type != value.String {
		return nil, fmt.Errorf("%w: reference to column %d, not a string column", errMalformed, c)
	}
	o, err := br.slot(br.r.ft.first[c])
	if err != nil {
		return nil, err
	}
	return o.s, nil
}

// ReadBlock decodes the requested columns and paths of block b into a
// batch whose vectors are req.Columns then req.Paths, in order. A path
// shredded with one type comes back as a vector of that type (null where
// absent; "" for strings); otherwise as a dynamic vector. The batch is
// the caller's; a column requested twice gives vectors sharing memory.
// Damaged data gives a *CorruptError naming the extent, column and block.
func (r *Reader) ReadBlock(b int, req ReadRequest) (*value.Batch, error) {
	if b < 0 || b >= len(r.meta.Blocks) {
		return nil, fmt.Errorf("extent %s: block %d out of range [0, %d)", r.path, b, len(r.meta.Blocks))
	}
	n := r.meta.Blocks[b].Rows
	br := &blockReader{r: r, b: b, n: n, decoded: make(map[int]*colOut), busy: make(map[int]bool)}
	if req.Rows != nil {
		br.sel = make([]bool, n)
		for _, i := range req.Rows {
			if i >= 0 && int(i) < n {
				br.sel[i] = true
			}
		}
	}
	out := &value.Batch{Len: n, Cols: make([]*value.Vector, 0, len(req.Columns)+len(req.Paths))}
	for _, c := range req.Columns {
		if c < 0 || c >= len(r.meta.Columns) {
			return nil, fmt.Errorf("extent %s: column %d out of range", r.path, c)
		}
		v, err := br.column(c)
		if err != nil {
			return nil, err
		}
		out.Cols = append(out.Cols, v)
	}
	for _, p := range req.Paths {
		if p.Column < 0 || p.Column >= len(r.meta.Columns) || r.meta.Columns[p.Column].Type != value.Dynamic {
			return nil, fmt.Errorf("extent %s: path request on column %d, which is not dynamic", r.path, p.Column)
		}
		var v *value.Vector
		var err error
		if p.AsDynamic {
			v, err = br.pathDynamic(p.Column, p.Path)
		} else {
			v, err = br.path(p.Column, p.Path)
		}
		if err != nil {
			return nil, err
		}
		out.Cols = append(out.Cols, v)
	}
	return out, nil
}

// pathDynamic is path, with a typed shredded sub-column turned into
// dynamic values that are null where the path is absent.
func (br *blockReader) pathDynamic(c int, p Path) (*value.Vector, error) {
	j := br.r.ShreddedIndex(c, p)
	if j < 0 || br.r.meta.Columns[c].Shredded[j].Type == value.Dynamic {
		return br.path(c, p)
	}
	o, err := br.slot(br.r.ft.first[c] + 1 + j)
	if err != nil {
		return nil, err
	}
	out := &value.Vector{T: value.Dynamic, D: make([]*value.Dyn, br.n)}
	for i := range br.n {
		if o.isNull(i) {
			continue
		}
		switch o.t {
		case value.String:
			out.D[i] = value.DynString(o.s[i])
		case value.Long:
			out.D[i] = value.DynLong(o.i[i])
		case value.Bool:
			out.D[i] = value.DynBool(o.b[i])
		default:
			return br.path(c, p)
		}
	}
	return out, nil
}

// column builds the vector of top-level column c.
func (br *blockReader) column(c int) (*value.Vector, error) {
	if br.r.meta.Columns[c].Type == value.Dynamic {
		texts, err := br.wholeTexts(c)
		if err != nil {
			return nil, err
		}
		return dynVector(texts, br.n), nil
	}
	o, err := br.slot(br.r.ft.first[c])
	if err != nil {
		return nil, err
	}
	return vectorOf(o), nil
}

// vectorOf wraps decoded values in a vector; the vector takes the slices.
func vectorOf(o *colOut) *value.Vector {
	v := &value.Vector{T: o.t}
	switch {
	case o.t == value.Bool:
		v.B = o.b
	case o.t.UsesInts():
		v.I = o.i
	case o.t.UsesFloats():
		v.F = o.f
	case o.t == value.String || o.t == value.GUID:
		v.S = o.s
	case o.t == value.Dynamic:
		return dynVector(o.s, o.n) // null rows decode as ""
	}
	if o.nulls != nil && o.t != value.String {
		for i := range o.n {
			if o.isNull(i) {
				v.SetNull(i)
			}
		}
	}
	return v
}

// dynVector makes dynamic values of JSON texts ("" is null). Arrays and
// bags wrap their text without copying; it lives as long as the block's
// buffer.
func dynVector(texts []string, n int) *value.Vector {
	v := &value.Vector{T: value.Dynamic, D: make([]*value.Dyn, n)}
	for i, t := range texts {
		v.D[i] = dynOfText(t)
	}
	return v
}

func dynOfText(t string) *value.Dyn {
	if t == "" {
		return nil
	}
	if t[0] == '{' || t[0] == '[' {
		return value.RawJSON(t)
	}
	d, ok := value.ParseJSON(t)
	if !ok {
		return nil
	}
	return d
}

// wholeTexts returns the JSON texts of dynamic column c ("" for null),
// putting shredded values back into the skeletons.
func (br *blockReader) wholeTexts(c int) ([]string, error) {
	if t, ok := br.whole[c]; ok {
		return t, nil
	}
	s := br.r.ft.first[c]
	o, err := br.slot(s)
	if err != nil {
		return nil, err
	}
	texts := o.s
	if o.skel {
		if texts, err = br.reconstruct(c, o); err != nil {
			return nil, err
		}
	}
	if br.whole == nil {
		br.whole = make(map[int][]string)
	}
	br.whole[c] = texts
	return texts, nil
}

func (br *blockReader) reconstruct(c int, o *colOut) ([]string, error) {
	s := br.r.ft.first[c]
	ns := len(br.r.meta.Columns[c].Shredded)
	subs := make([]*colOut, ns)
	for _, j := range o.refs {
		if j < 0 || j >= ns {
			return nil, br.r.corrupt(s, br.b, "skeleton refers to shredded path %d of %d", j, ns)
		}
		sub, err := br.slot(s + 1 + j)
		if err != nil {
			return nil, err
		}
		subs[j] = sub
	}
	// Size the text exactly (up to escapes and numbers) to allocate once.
	size := 0
	for _, t := range o.s {
		size += len(t)
	}
	for _, sub := range subs {
		switch {
		case sub == nil:
		case sub.t == value.String || sub.t == value.Dynamic:
			for i, x := range sub.s {
				if !sub.isNull(i) {
					size += len(x) + 2
				}
			}
		default:
			size += 8 * sub.n
		}
	}
	buf := make([]byte, 0, size+64)
	ends := make([]int, len(o.s))
	for i, t := range o.s {
		if br.sel != nil && !br.sel[i] {
			// Not wanted by the caller: left null, not rebuilt.
			ends[i] = len(buf)
			continue
		}
		for {
			k := strings.IndexByte(t, placeholder)
			if k < 0 {
				buf = append(buf, t...)
				break
			}
			buf = append(buf, t[:k]...)
			if k+1 >= len(t) {
				return nil, br.r.corrupt(s, br.b, "row %d: cut placeholder", i)
			}
			j := int(t[k+1])
			if t[k+1] == placeholderLiteral {
				buf = append(buf, placeholder)
				t = t[k+2:]
				continue
			}
			if j >= ns || subs[j] == nil || subs[j].isNull(i) {
				return nil, br.r.corrupt(s, br.b, "row %d: placeholder for shredded path %d without a value", i, j)
			}
			sub := subs[j]
			switch sub.t {
			case value.String:
				if sub.clean {
					buf = append(buf, '"')
					buf = append(buf, sub.s[i]...)
					buf = append(buf, '"')
				} else {
					buf = value.AppendJSONString(buf, sub.s[i])
				}
			case value.Long:
				buf = strconv.AppendInt(buf, sub.i[i], 10)
			case value.Bool:
				buf = strconv.AppendBool(buf, sub.b[i])
			default:
				buf = append(buf, sub.s[i]...)
			}
			t = t[k+2:]
		}
		ends[i] = len(buf)
	}
	out := make([]string, len(o.s))
	if len(buf) == 0 {
		return out, nil
	}
	all := unsafe.String(&buf[0], len(buf))
	p := 0
	for i, e := range ends {
		out[i] = all[p:e]
		p = e
	}
	return out, nil
}

// path builds the vector of one path of dynamic column c.
func (br *blockReader) path(c int, p Path) (*value.Vector, error) {
	r := br.r
	s := r.ft.first[c]
	if j := r.ShreddedIndex(c, p); j >= 0 {
		o, err := br.slot(s + 1 + j)
		if err != nil {
			return nil, err
		}
		return vectorOf(o), nil
	}
	// A shredded prefix answers the path without the whole value, unless
	// the block has rows whose sub-column values came from Lookup.
	if r.ft.blocks[br.b][s].flags&flagIrregular == 0 {
		for k := len(p) - 1; k > 0; k-- {
			j := r.ShreddedIndex(c, p[:k])
			if j < 0 {
				continue
			}
			out := &value.Vector{T: value.Dynamic, D: make([]*value.Dyn, br.n)}
			if r.meta.Columns[c].Shredded[j].Type != value.Dynamic {
				// Strings, longs and bools have no keys or elements.
				return out, nil
			}
			o, err := br.slot(s + 1 + j)
			if err != nil {
				return nil, err
			}
			rest := p[k:]
			for i := range br.n {
				if !o.isNull(i) && (br.sel == nil || br.sel[i]) {
					out.D[i] = lookupPath(dynOfText(o.s[i]), rest)
				}
			}
			return out, nil
		}
	}
	out := &value.Vector{T: value.Dynamic, D: make([]*value.Dyn, br.n)}
	// With no shredded path under p, p's values lie in the skeleton
	// untouched: look them up there instead of rebuilding every row.
	if r.ft.blocks[br.b][s].flags&flagIrregular == 0 && !r.shreddedUnder(c, p) {
		o, err := br.slot(s)
		if err != nil {
			return nil, err
		}
		var whole []string // rebuilt only if some row needs Lookup itself
		for i, t := range o.s {
			if o.isNull(i) || (br.sel != nil && !br.sel[i]) {
				continue
			}
			tok, found, ok := lookupText(t, p)
			if ok {
				if found {
					out.D[i] = dynOfText(tok)
				}
				continue
			}
			if whole == nil {
				if whole, err = br.wholeTexts(c); err != nil {
					return nil, err
				}
			}
			out.D[i] = lookupPath(dynOfText(whole[i]), p)
		}
		return out, nil
	}
	texts, err := br.wholeTexts(c)
	if err != nil {
		return nil, err
	}
	for i, t := range texts {
		if t != "" {
			out.D[i] = lookupPath(dynOfText(t), p)
		}
	}
	return out, nil
}

// lookupPath follows p one step at a time. value.Dyn.Lookup hands the
// whole path to jsonparser.Get at once, which for an array step after a
// scalar ("Verb", "[0]") returns an element of a later array in the
// document; one step at a time gives null, as Kusto does. The two agree on
// every path without array steps, which includes every shredded path.
func lookupPath(d *value.Dyn, p Path) *value.Dyn {
	for k := 0; k < len(p) && d != nil; k++ {
		d = d.Lookup(p[k : k+1])
	}
	return d
}

// shreddedUnder reports whether a shredded path of column c starts with p
// (or is p).
func (r *Reader) shreddedUnder(c int, p Path) bool {
	for _, sp := range r.meta.Columns[c].Shredded {
		if len(sp.Path) >= len(p) && slices.Equal(sp.Path[:len(p)], p) {
			return true
		}
	}
	return false
}

// MayContainTerm reports whether block b of column c may hold a value
// that has the term (Kusto has/has_cs, and so also == and in, since an
// equal value has every term of the needle); false is certain. A needle of
// several terms ("ad67d136-c1db") needs them all. String, guid and dynamic
// columns have filters (dynamic: over tostring() of the whole value); for
// other columns, needles with non-ASCII bytes, and unreadable filters
// the answer is true.
func (r *Reader) MayContainTerm(b, c int, term string) bool {
	if c < 0 || c >= len(r.meta.Columns) {
		return true
	}
	return r.mayContain(b, r.ft.first[c], term)
}

// MayContainPathTerm is MayContainTerm for a shredded path of dynamic
// column c (tostring() of its values); unshredded paths give true.
func (r *Reader) MayContainPathTerm(b, c int, p Path, term string) bool {
	j := r.ShreddedIndex(c, p)
	if j < 0 {
		return true
	}
	return r.mayContain(b, r.ft.first[c]+1+j, term)
}

func (r *Reader) mayContain(b, s int, term string) bool {
	if b < 0 || b >= len(r.ft.blocks) {
		return true
	}
	fr := r.ft.blocks[b][s].filter
	if fr.n == 0 {
		if fr.k != filterEmpty {
			return true
		}
		// No terms at all in the block: only a needle without terms (which
		// matches everything) can match, and needleHashes says so.
		_, ok := needleHashes(term)
		return !ok
	}
	hs, ok := needleHashes(term)
	if !ok {
		return true
	}
	region, err := r.filterRegion(s)
	if err != nil {
		return true
	}
	bits := region[fr.off : fr.off+fr.n]
	if xxhash.Sum64(bits) != fr.sum {
		return true // Verify reports it; a damaged filter must not hide rows
	}
	for _, h := range hs {
		if !filterHas(bits, fr.k, h) {
			return false
		}
	}
	return true
}

// filterRegion loads slot s's filters once; concurrent first calls may
// both read, which is harmless.
func (r *Reader) filterRegion(s int) ([]byte, error) {
	if p := r.filters[s].Load(); p != nil {
		return *p, nil
	}
	reg := r.ft.filters[s]
	buf := make([]byte, reg.n)
	if _, err := r.f.ReadAt(buf, reg.off); err != nil {
		return nil, err
	}
	r.filters[s].Store(&buf)
	return buf, nil
}

// Verify checks the header and every chunk's and filter's checksum, and
// returns every problem found (joined), each a *CorruptError naming the
// column and block.
func (r *Reader) Verify() error {
	var errs []error
	add := func(err error) bool {
		errs = append(errs, err)
		return len(errs) < 100
	}
	var hdr [headerSize]byte
	if _, err := r.f.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("cannot read extent %s: %w", r.path, err)
	}
	if string(hdr[:8]) != magic || binary.LittleEndian.Uint32(hdr[8:]) != FormatVersion {
		add(&CorruptError{File: r.path, Block: -1, Detail: "bad header"})
	}
	var buf []byte
	for b := range r.ft.blocks {
		for s, sb := range r.ft.blocks[b] {
			c := sb.chunk
			buf = slices.Grow(buf[:0], c.diskLen)[:c.diskLen]
			if _, err := r.f.ReadAt(buf, c.off); err != nil {
				return fmt.Errorf("cannot read extent %s: %w", r.path, err)
			}
			if got := xxhash.Sum64(buf); got != c.sum {
				if !add(r.corrupt(s, b, "checksum mismatch (stored %#x, computed %#x)", c.sum, got)) {
					return errors.Join(errs...)
				}
			}
		}
	}
	for s, reg := range r.ft.filters {
		if reg.n == 0 {
			continue
		}
		buf = slices.Grow(buf[:0], reg.n)[:reg.n]
		if _, err := r.f.ReadAt(buf, reg.off); err != nil {
			return fmt.Errorf("cannot read extent %s: %w", r.path, err)
		}
		for b := range r.ft.blocks {
			fr := r.ft.blocks[b][s].filter
			if fr.n == 0 {
				continue
			}
			if got := xxhash.Sum64(buf[fr.off : fr.off+fr.n]); got != fr.sum {
				if !add(r.corrupt(s, b, "term filter checksum mismatch (stored %#x, computed %#x)", fr.sum, got)) {
					return errors.Join(errs...)
				}
			}
		}
	}
	return errors.Join(errs...)
}

// Schema returns the extent's columns as a schema.
func (m *Meta) Schema() value.Schema {
	s := make(value.Schema, len(m.Columns))
	for i, c := range m.Columns {
		s[i] = value.Column{Name: c.Name, Type: c.Type}
	}
	return s
}
