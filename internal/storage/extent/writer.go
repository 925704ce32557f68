package extent

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/harrier-sec/harrier/internal/value"
)

// Defaults of WriteOptions.
const (
	DefaultBlockRows        = 8192
	DefaultBlockBytes       = 64 << 20
	DefaultShredMax         = 64
	DefaultShredMinFraction = 0.05
	DefaultTimeColumn       = "Timestamp"
	// maxShred is the most paths a placeholder byte can name.
	maxShred = 255
	// filterMaxBitsPerRow caps a block's term filter at this many bits per
	// row. Columns of unique ids (ReportId) or the whole RawEventData have
	// tens of thousands of distinct terms per block; a full-size filter
	// for them would cost several bytes per event, more than some whole
	// columns. Capped filters still prune well for needles of several
	// terms (a GUID has five, and at 1.6 bits per term a random GUID
	// passes 2% of the time), since every term must hit.
	filterMaxBitsPerRow = 8
)

func (o WriteOptions) withDefaults() WriteOptions {
	if o.BlockRows <= 0 {
		o.BlockRows = DefaultBlockRows
	}
	if o.BlockBytes <= 0 {
		o.BlockBytes = DefaultBlockBytes
	}
	switch {
	case o.ShredMax == 0:
		o.ShredMax = DefaultShredMax
	case o.ShredMax < 0:
		o.ShredMax = 0
	case o.ShredMax > maxShred:
		o.ShredMax = maxShred
	}
	if o.ShredMinFraction <= 0 {
		o.ShredMinFraction = DefaultShredMinFraction
	}
	if o.TimeColumn == "" {
		o.TimeColumn = DefaultTimeColumn
	}
	return o
}

// testHook, when set by tests, runs at each stage of Write ("block",
// "footer", "sync"); an error aborts the write there.
var testHook func(stage string) error

func hook(stage string) error {
	if testHook == nil {
		return nil
	}
	return testHook(stage)
}

// rowRef is one input row: its time, batch and physical index.
type rowRef struct {
	t    int64
	b, r int32
}

// writer holds the state of one Write.
type writer struct {
	schema  value.Schema
	batches []*value.Batch
	opts    WriteOptions
	timeCol int
	refs    []rowRef
	plans   []*shredPlan // per column; nil when not shredded
	starts  []int        // first row of each block, then the row count
	cols    []ColumnMeta
	slots   []slotInfo
	first   []int
}

// Write sorts the rows by the time column (stably; null times first) and
// writes them as a new extent at path: to a temporary file in the same
// directory ("."+name+".tmp-*"), fsynced, then renamed over path (and the
// directory fsynced), so a crash or an error never leaves a partial extent
// under its final name. Batches may have selection vectors and constant
// vectors; their columns must match schema. Write does not modify the
// batches and does not keep references to them. A negative ShredMax turns
// shredding off; ShredMax is at most 255. The same input always gives the
// same bytes.
func Write(path string, schema value.Schema, batches []*value.Batch, opts WriteOptions) (*Meta, error) {
	opts = opts.withDefaults()
	w := &writer{schema: schema, batches: batches, opts: opts, timeCol: schema.Index(opts.TimeColumn)}
	if err := w.collect(); err != nil {
		return nil, fmt.Errorf("cannot write extent %s: %w", path, err)
	}
	w.plan()
	meta, err := w.writeFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot write extent %s: %w", path, err)
	}
	return meta, nil
}

// collect validates the input and lists the live rows in time order.
func (w *writer) collect() error {
	if w.timeCol < 0 {
		return fmt.Errorf("schema has no time column %q", w.opts.TimeColumn)
	}
	if t := w.schema[w.timeCol].Type; t != value.DateTime {
		return fmt.Errorf("time column %q is %s, not datetime", w.opts.TimeColumn, t)
	}
	for _, c := range w.schema {
		switch c.Type {
		case value.Bool, value.Int, value.Long, value.Real, value.Decimal, value.String,
			value.DateTime, value.TimeSpan, value.GUID, value.Dynamic:
		default:
			return fmt.Errorf("column %q has unsupported type %s", c.Name, c.Type)
		}
	}
	n := 0
	for bi, b := range w.batches {
		if len(b.Cols) != len(w.schema) {
			return fmt.Errorf("batch %d has %d columns, schema has %d", bi, len(b.Cols), len(w.schema))
		}
		for c, v := range b.Cols {
			if v.T != w.schema[c].Type {
				return fmt.Errorf("batch %d column %q is %s, schema says %s", bi, w.schema[c].Name, v.T, w.schema[c].Type)
			}
			if !v.Const && v.Len() < b.Len {
				return fmt.Errorf("batch %d column %q has %d rows, batch has %d", bi, w.schema[c].Name, v.Len(), b.Len)
			}
		}
		for _, i := range b.Sel {
			if int(i) >= b.Len {
				return fmt.Errorf("batch %d selects row %d of %d", bi, i, b.Len)
			}
		}
		n += b.Rows()
	}
	if n > math.MaxInt32 {
		return fmt.Errorf("%d rows is too many for one extent", n)
	}
	w.refs = make([]rowRef, 0, n)
	for bi, b := range w.batches {
		tv := b.Cols[w.timeCol]
		b.ForEach(func(i int) {
			t := int64(math.MinInt64)
			if !tv.IsNull(i) {
				t = tv.Int64(i)
			}
			w.refs = append(w.refs, rowRef{t: t, b: int32(bi), r: int32(i)})
		})
	}
	byTime := func(a, b rowRef) int { return cmp.Compare(a.t, b.t) }
	if !slices.IsSortedFunc(w.refs, byTime) {
		slices.SortStableFunc(w.refs, byTime)
	}
	w.cutBlocks()
	return nil
}

// cutBlocks ends a block every BlockRows rows, or earlier once its text
// reaches BlockBytes.
func (w *writer) cutBlocks() {
	w.starts = append(w.starts[:0], 0)
	rows, size := 0, 0
	for k, rr := range w.refs {
		if rows == w.opts.BlockRows || size >= w.opts.BlockBytes {
			w.starts = append(w.starts, k)
			rows, size = 0, 0
		}
		rows++
		for c, col := range w.schema {
			v := w.batches[rr.b].Cols[c]
			switch col.Type {
			case value.String:
				size += len(v.Str(int(rr.r)))
			case value.Dynamic:
				if d := v.Dyn(int(rr.r)); d != nil && (d.Kind() == value.DBag || d.Kind() == value.DArray) {
					size += len(d.JSON())
				}
			}
		}
	}
	if len(w.refs) > 0 {
		w.starts = append(w.starts, len(w.refs))
	} else {
		w.starts = w.starts[:0]
	}
}

func workers(rows int) int {
	n := min(runtime.GOMAXPROCS(0), 8)
	if rows < 16384 {
		n = 1
	}
	return n
}

// dynRows calls yield for every non-null row of dynamic column c, in
// extent order, within rows [lo, hi).
func (w *writer) dynRows(c, lo, hi int, yield func(row int, text string, d *value.Dyn)) {
	for k := lo; k < hi; k++ {
		rr := w.refs[k]
		v := w.batches[rr.b].Cols[c]
		d := v.Dyn(int(rr.r))
		if d.IsNull() {
			continue
		}
		yield(k, d.JSON(), d)
	}
}

// plan decides the shredded paths of every dynamic column.
func (w *writer) plan() {
	w.plans = make([]*shredPlan, len(w.schema))
	w.cols = make([]ColumnMeta, len(w.schema))
	rows := len(w.refs)
	for c, col := range w.schema {
		w.cols[c] = ColumnMeta{Name: col.Name, Type: col.Type}
		if col.Type != value.Dynamic || w.opts.ShredMax == 0 || rows == 0 {
			continue
		}
		nw := workers(rows)
		counters := make([]*pathCounter, nw)
		var wg sync.WaitGroup
		for k := range nw {
			counters[k] = newPathCounter()
			lo, hi := rows*k/nw, rows*(k+1)/nw
			wg.Go(func() {
				pc := counters[k]
				w.dynRows(c, lo, hi, func(row int, text string, _ *value.Dyn) { pc.countRow(row, text) })
			})
		}
		wg.Wait()
		root, capped := counters[0].root, counters[0].capped
		for _, pc := range counters[1:] {
			root.merge(pc.root)
			capped = capped || pc.capped
		}
		plan := choose(root, rows, w.opts)
		if len(plan.paths) == 0 {
			continue
		}
		plan.irregular = make(map[int]bool)
		for _, pc := range counters {
			for _, r := range pc.irregular {
				plan.irregular[r] = true
			}
		}
		if capped {
			refineKinds(plan, func(yield func(int, string, *value.Dyn)) { w.dynRows(c, 0, rows, yield) })
		}
		// Rows stored through Lookup must fit their sub-columns too.
		for r := range plan.irregular {
			rr := w.refs[r]
			d := w.batches[rr.b].Cols[c].Dyn(int(rr.r))
			for j := range plan.paths {
				if p := &plan.paths[j]; !fits(p.Type, d.Lookup(p.Path)) {
					p.Type = value.Dynamic
				}
			}
		}
		w.plans[c] = plan
		w.cols[c].Shredded = plan.paths
	}
	w.slots, w.first = buildSlots(w.cols)
}

// blockOut is one encoded block.
type blockOut struct {
	data    []byte      // the block's chunks, concatenated
	sbs     []slotBlock // chunk offsets relative to data
	filters [][]byte    // per slot
}

// workerState is what one encoding goroutine reuses from block to block.
type workerState struct {
	ctx       *encCtx
	terms     []*termSet // per slot, so each keeps its table size
	raw       []byte
	shredders []*blockShredder
	gbufs     []gatherBuf // per column
}

// gatherBuf holds the arrays gather reuses for one column from block to
// block: a block's values are not referred to once it is encoded.
type gatherBuf struct {
	b    []bool
	i    []int64
	f    []float64
	s    []string
	null []bool
	dyns []*value.Dyn
}

func (w *writer) writeFile(path string) (_ *Meta, err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	out := &countingWriter{w: bufio.NewWriterSize(tmp, 1<<20)}
	out.write(appendHeader(nil))

	rows := len(w.refs)
	nb := max(0, len(w.starts)-1)
	meta := &Meta{Version: FormatVersion, Rows: rows, Columns: w.cols}
	f := &footer{timeCol: w.timeCol, slots: w.slots, first: w.first}
	filterBufs := make([][]byte, len(w.slots))

	nw := workers(rows)
	jobs := make(chan int)
	results := make([]chan blockOut, nb)
	for b := range results {
		results[b] = make(chan blockOut, 1)
	}
	ahead := make(chan struct{}, 2*nw)
	done := make(chan struct{})
	go func() {
		defer close(jobs)
		for b := range nb {
			select {
			case ahead <- struct{}{}:
			case <-done:
				return
			}
			select {
			case jobs <- b:
			case <-done:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range nw {
		wg.Go(func() {
			st := w.newWorkerState()
			for b := range jobs {
				results[b] <- w.encodeBlock(b, st)
			}
		})
	}
	defer func() {
		close(done)
		wg.Wait()
	}()

	minT, maxT, seen := int64(0), int64(0), false
	for b := range nb {
		res := <-results[b]
		<-ahead
		base := out.n
		for s := range res.sbs {
			sb := &res.sbs[s]
			sb.chunk.off += base
			if fb := res.filters[s]; len(fb) > 0 {
				sb.filter.off = len(filterBufs[s])
				filterBufs[s] = append(filterBufs[s], fb...)
			}
		}
		out.write(res.data)
		lo := w.starts[b]
		bm := BlockMeta{Rows: w.starts[b+1] - lo, Offset: lo, Columns: make([]ColumnStats, len(w.cols))}
		for c := range w.cols {
			st := res.sbs[w.first[c]].stats
			if ns := len(w.cols[c].Shredded); ns > 0 {
				st.Shredded = make([]ColumnStats, ns)
				for j := range ns {
					st.Shredded[j] = res.sbs[w.first[c]+1+j].stats
				}
			}
			bm.Columns[c] = st
		}
		if ts := bm.Columns[w.timeCol]; !ts.Min.IsNull() {
			if !seen {
				minT, maxT, seen = ts.Min.I, ts.Max.I, true
			}
			minT, maxT = min(minT, ts.Min.I), max(maxT, ts.Max.I)
		}
		meta.Blocks = append(meta.Blocks, bm)
		f.blocks = append(f.blocks, res.sbs)
		if out.err == nil {
			out.err = hook("block")
		}
		if out.err != nil {
			return nil, out.err
		}
	}
	meta.MinTime, meta.MaxTime = minT, maxT

	f.filters = make([]region, len(w.slots))
	for s, fb := range filterBufs {
		f.filters[s] = region{off: out.n, n: len(fb)}
		out.write(fb)
	}
	f.meta = *meta
	raw := encodeFooter(f)
	stored, codec := compress(nil, raw)
	if codec == codecNone {
		// The trailer has no codec field: the footer is always zstd.
		stored = zstdEnc.EncodeAll(raw, nil)
	}
	footerOff := out.n
	out.write(stored)
	out.write(appendTrailer(nil, footerOff, len(stored), len(raw), xxhash.Sum64(stored)))
	if out.err == nil {
		out.err = hook("footer")
	}
	if out.err == nil {
		out.err = out.w.(*bufio.Writer).Flush()
	}
	if out.err != nil {
		return nil, out.err
	}
	if err := hook("sync"); err != nil {
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, err
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	meta.Bytes = out.n
	return meta, nil
}

// syncDir makes a rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	// Some file systems cannot fsync a directory; the rename still happened.
	if errors.Is(err, os.ErrInvalid) {
		err = nil
	}
	return err
}

// countingWriter tracks the file offset and keeps the first error.
type countingWriter struct {
	w   interface{ Write([]byte) (int, error) }
	n   int64
	err error
}

func (cw *countingWriter) write(b []byte) {
	if cw.err != nil {
		return
	}
	n, err := cw.w.Write(b)
	cw.n += int64(n)
	cw.err = err
}

func (w *writer) newWorkerState() *workerState {
	st := &workerState{ctx: newEncCtx(), terms: make([]*termSet, len(w.slots)),
		shredders: make([]*blockShredder, len(w.schema)), gbufs: make([]gatherBuf, len(w.schema))}
	for c, p := range w.plans {
		if p != nil {
			st.shredders[c] = newBlockShredder(p)
		}
	}
	return st
}

// gather copies column c of the block's rows into a colVals (zero where
// null), in arrays of g.
func (w *writer) gather(c int, rows []rowRef, g *gatherBuf) (*colVals, []*value.Dyn) {
	t := w.schema[c].Type
	n := len(rows)
	cv := &colVals{t: t}
	var dyns []*value.Dyn
	setNull := func(k int) {
		if cv.null == nil {
			g.null = resize(g.null, n)
			clear(g.null)
			cv.null = g.null
		}
		cv.null[k] = true
		switch {
		case cv.b != nil:
			cv.b[k] = false
		case cv.i != nil:
			cv.i[k] = 0
		case cv.f != nil:
			cv.f[k] = 0
		case cv.s != nil:
			cv.s[k] = ""
		}
		if dyns != nil {
			dyns[k] = nil
		}
	}
	switch {
	case t == value.Bool:
		g.b = resize(g.b, n)
		cv.b = g.b
		for k, rr := range rows {
			v := w.batches[rr.b].Cols[c]
			if v.IsNull(int(rr.r)) {
				setNull(k)
				continue
			}
			cv.b[k] = v.Bool(int(rr.r))
		}
	case t.UsesInts():
		g.i = resize(g.i, n)
		cv.i = g.i
		for k, rr := range rows {
			v := w.batches[rr.b].Cols[c]
			if v.IsNull(int(rr.r)) {
				setNull(k)
				continue
			}
			cv.i[k] = v.Int64(int(rr.r))
		}
	case t.UsesFloats():
		g.f = resize(g.f, n)
		cv.f = g.f
		for k, rr := range rows {
			v := w.batches[rr.b].Cols[c]
			if v.IsNull(int(rr.r)) {
				setNull(k)
				continue
			}
			cv.f[k] = v.Float(int(rr.r))
		}
	case t == value.String || t == value.GUID:
		g.s = resize(g.s, n)
		cv.s = g.s
		for k, rr := range rows {
			v := w.batches[rr.b].Cols[c]
			if t == value.GUID && v.IsNull(int(rr.r)) {
				setNull(k)
				continue
			}
			cv.s[k] = v.Str(int(rr.r))
		}
	case t == value.Dynamic:
		g.s = resize(g.s, n)
		cv.s = g.s
		g.dyns = resize(g.dyns, n)
		dyns = g.dyns
		for k, rr := range rows {
			d := w.batches[rr.b].Cols[c].Dyn(int(rr.r))
			if d.IsNull() {
				setNull(k)
				continue
			}
			dyns[k] = d
			cv.s[k] = d.JSON()
		}
	}
	return cv, dyns
}

// encodeBlock encodes block b: every slot's chunk, statistics and filter.
func (w *writer) encodeBlock(b int, st *workerState) blockOut {
	rows := w.refs[w.starts[b]:w.starts[b+1]]
	n := len(rows)
	cvs := make([]*colVals, len(w.slots))
	dyns := make([][]*value.Dyn, len(w.schema))
	strCols := make(map[int][]string)
	for c, col := range w.schema {
		cv, ds := w.gather(c, rows, &st.gbufs[c])
		s := w.first[c]
		cvs[s], dyns[c] = cv, ds
		switch col.Type {
		case value.String:
			strCols[c] = cv.s
		case value.Dynamic:
			if bs := st.shredders[c]; bs != nil {
				skel, subs := bs.shred(cv.s, ds, cv.null)
				cvs[s] = skel
				skel.irregular = bs.fails
				copy(cvs[s+1:], subs)
			}
		}
	}
	ctx := st.ctx
	ctx.time = cvs[w.first[w.timeCol]].i
	out := blockOut{sbs: make([]slotBlock, len(w.slots)), filters: make([][]byte, len(w.slots))}
	timeText := make([]bool, len(w.slots))
	for s, si := range w.slots {
		cv := cvs[s]
		// Only sub-columns may refer to top-level columns: a top-level
		// column must decode on its own.
		ctx.strCols = nil
		if si.shred >= 0 {
			ctx.strCols = strCols
		}
		st.raw = ctx.encodeChunk(st.raw[:0], cv, n)
		timeText[s] = isTimeText(st.raw, n)
		start := len(out.data)
		var codec byte
		out.data, codec = compress(out.data, st.raw)
		sb := &out.sbs[s]
		sb.chunk = chunkRef{off: int64(start), diskLen: len(out.data) - start, rawLen: len(st.raw), codec: codec, sum: xxhash.Sum64(out.data[start:])}
		if cv.irregular {
			sb.flags |= flagIrregular
		}
		sb.stats = statsOf(cv, n)
	}
	w.buildFilters(&out, st, cvs, dyns, timeText, n)
	return out
}

// buildFilters builds the term filters of a block. Timestamp text
// (RequestReceivedTimestamp) gets none: it has a nearly unique term per
// row and is not what has() searches for.
func (w *writer) buildFilters(out *blockOut, st *workerState, cvs []*colVals, dyns [][]*value.Dyn, timeText []bool, n int) {
	set := func(s int, ts *termSet) {
		if timeText[s] {
			return
		}
		bits, k := ts.build(n * filterMaxBitsPerRow)
		out.filters[s] = bits
		out.sbs[s].filter = filterRef{n: len(bits), k: k, sum: xxhash.Sum64(bits)}
		if len(bits) == 0 {
			out.sbs[s].filter = filterRef{k: filterEmpty}
		}
	}
	termsOf := func(s int) *termSet {
		if st.terms[s] == nil {
			st.terms[s] = newTermSet()
		}
		ts := st.terms[s]
		ts.reset()
		return ts
	}
	addAll := func(ts *termSet, texts []string) { // null rows hold ""
		prev := ""
		for _, x := range texts {
			// Runs of one value are common in time order. Values of one
			// length (ids, timestamps) mostly differ at the end: test
			// that byte before comparing them whole.
			if len(x) == len(prev) && (len(x) == 0 || x[len(x)-1] == prev[len(x)-1]) && x == prev {
				continue
			}
			prev = x
			ts.add(x)
		}
	}
	strs := func(cv *colVals) []string {
		if cv.distinct != nil {
			return cv.distinct
		}
		return cv.s
	}
	for c, col := range w.schema {
		s := w.first[c]
		switch col.Type {
		case value.String, value.GUID:
			if timeText[s] {
				continue
			}
			ts := termsOf(s)
			addAll(ts, strs(cvs[s]))
			set(s, ts)
		case value.Dynamic:
			bs := st.shredders[c]
			if bs == nil {
				ts := termsOf(s)
				addAll(ts, dynTermTexts(cvs[s].s, cvs[s].null, dyns[c]))
				set(s, ts)
				continue
			}
			// The whole value's terms are the skeleton's plus those of the
			// values cut out of it: string sub-columns give theirs (their
			// text is the JSON text unless escaped); other cut-out tokens,
			// escaped strings and the tostring() of scalar rows are in
			// bs.extra. Scanning the full JSON again would double the
			// writer's hottest loop.
			whole := termsOf(s)
			for _, x := range cvs[s].s {
				whole.addSkeleton(x)
			}
			for _, x := range bs.extra {
				whole.add(x)
			}
			for j, sp := range w.cols[c].Shredded {
				sub := cvs[s+1+j]
				switch sp.Type {
				case value.String:
					ts := termsOf(s + 1 + j)
					addAll(ts, strs(sub))
					set(s+1+j, ts)
					whole.merge(ts)
				case value.Dynamic:
					ts := termsOf(s + 1 + j)
					addAll(ts, dynTermTexts(sub.s, sub.null, nil))
					set(s+1+j, ts)
				}
			}
			set(s, whole)
		}
	}
}

// dynTermTexts returns, per row, the text whose terms has() matches for a
// dynamic value: tostring(), which is the JSON text for arrays and bags but
// the bare value for scalars ("a\nb" has the term b; its JSON a\nb has
// not). texts are JSON texts; null rows give "".
func dynTermTexts(texts []string, null []bool, dyns []*value.Dyn) []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		if (null != nil && null[i]) || t == "" {
			continue
		}
		if t[0] == '{' || t[0] == '[' {
			out[i] = t
			continue
		}
		var d *value.Dyn
		if dyns != nil && dyns[i] != nil {
			d = dyns[i]
		} else {
			d, _ = value.ParseJSON(t)
		}
		out[i] = d.String()
	}
	return out
}

// statsOf computes a slot's statistics in one block.
func statsOf(cv *colVals, n int) ColumnStats {
	st := ColumnStats{Min: noStat(cv.t), Max: noStat(cv.t)}
	have, nan := false, false
	widen := func(x value.Value) {
		if !have || less(x, st.Min) {
			st.Min = x
		}
		if !have || less(st.Max, x) {
			st.Max = x
		}
		have = true
	}
	for i := range n {
		if cv.isNull(i) {
			st.Nulls++
			continue
		}
		switch t := cv.t; {
		case cv.distinct != nil:
			// Dictionary-encoded: the bounds come from the distinct values.
		case t == value.Bool:
			widen(value.NewBool(cv.b[i]))
		case t.UsesInts():
			widen(value.Value{T: t, I: cv.i[i]})
		case t.UsesFloats():
			// NaN has no order and satisfies no comparison: bounds ignore
			// it (a block of only NaN has NaN bounds).
			if math.IsNaN(cv.f[i]) {
				nan = true
				continue
			}
			widen(value.Value{T: t, F: cv.f[i]})
		case t == value.String || t == value.GUID:
			// Repeats cannot move the bounds; skipping them saves comparing
			// long strings with shared prefixes (URIs, resource ids).
			if have && i > 0 && !cv.isNull(i-1) && cv.s[i] == cv.s[i-1] {
				continue
			}
			widen(value.Value{T: t, S: cv.s[i]})
		}
	}
	for _, x := range cv.distinct {
		widen(value.Value{T: cv.t, S: x})
	}
	if !have && nan {
		st.Min = value.Value{T: cv.t, F: math.NaN()}
		st.Max = st.Min
	}
	if have && (cv.t == value.String || cv.t == value.GUID) {
		st.Min.S = strings.Clone(truncMin(st.Min.S))
		st.Max.S = strings.Clone(truncMax(st.Max.S))
	}
	return st
}

// less orders two non-null values of the same type.
func less(a, b value.Value) bool {
	switch {
	case a.T == value.Bool || a.T.UsesInts():
		return a.I < b.I
	case a.T.UsesFloats():
		return a.F < b.F
	}
	return a.S < b.S
}

// truncMin shortens a lower bound: a prefix is never greater.
func truncMin(s string) string {
	if len(s) <= maxStatString {
		return s
	}
	return s[:maxStatString]
}

// truncMax shortens an upper bound: the prefix with its last byte below
// 0xff incremented is greater than every string it starts.
func truncMax(s string) string {
	if len(s) <= maxStatString {
		return s
	}
	b := []byte(s[:maxStatString])
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return s
}

// isTimeText reports whether a chunk of n rows holds timestamp text.
func isTimeText(chunk []byte, n int) bool {
	p := 1
	if len(chunk) > 0 && chunk[0]&chunkHasNulls != 0 {
		p += (n + 7) / 8
	}
	return p < len(chunk) && chunk[p] == encStrTime
}
