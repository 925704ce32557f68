package exec

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerRunner((*plan.Join)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.join(n.(*plan.Join))
	})
}

// joinChunk is the number of output rows a join puts in one batch, so that
// a key with many matches never builds one giant batch.
const joinChunk = 4096

// Key modes of a join index: one integer-like key, one string-like key, or
// any other combination encoded to bytes.
const (
	joinKeyInts = iota
	joinKeyStrs
	joinKeyBytes
)

// joinIndex is the hash index of the build side: build rows grouped
// by key, each group's rows in input order. Probing is read-only, so the
// scan workers share one index.
type joinIndex struct {
	rows *value.Batch // the build side as one batch without selection
	mode int
	ints map[int64]int32
	strs map[string]int32
	// dense replaces ints when the integer keys span a small range: the
	// group of key k is dense[k-lo].
	dense []int32
	lo    int64
	n     int32   // number of distinct keys (groups)
	start []int32 // rows of group g are order[start[g]:start[g+1]]
	order []int32
	gid   []int32 // group of each build row; -1 when a key is null
}

// newJoinIndex groups the rows of rb by the key columns keyCols.
func newJoinIndex(rb *value.Batch, keyCols []int) *joinIndex {
	ix := &joinIndex{rows: rb, mode: joinKeyBytes}
	keys := make([]*value.Vector, len(keyCols))
	for k, c := range keyCols {
		keys[k] = rb.Cols[c]
	}
	if len(keys) == 1 {
		switch t := keys[0].T; {
		case t.UsesInts():
			ix.mode = joinKeyInts
		case t == value.String || t == value.GUID:
			ix.mode = joinKeyStrs
		}
	}
	if ix.mode == joinKeyInts {
		ix.ints = make(map[int64]int32, rb.Len)
	} else {
		ix.strs = make(map[string]int32, rb.Len)
	}
	ix.gid = make([]int32, rb.Len)
	var buf []byte
	for i := 0; i < rb.Len; i++ {
		ix.gid[i] = ix.insert(keys, i, &buf)
	}
	if ix.mode == joinKeyInts {
		ix.densify()
	}
	ix.start = make([]int32, ix.n+1)
	for _, g := range ix.gid {
		if g >= 0 {
			ix.start[g+1]++
		}
	}
	for g := int32(1); g <= ix.n; g++ {
		ix.start[g] += ix.start[g-1]
	}
	ix.order = make([]int32, ix.start[ix.n])
	pos := slices.Clone(ix.start[:ix.n])
	for i, g := range ix.gid {
		if g >= 0 {
			ix.order[pos[g]] = int32(i)
			pos[g]++
		}
	}
	return ix
}

// densify switches integer keys spanning a range at most a few times the
// number of keys to an array, which probes several times faster than a map.
func (ix *joinIndex) densify() {
	if ix.n == 0 {
		return
	}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for k := range ix.ints {
		lo, hi = min(lo, k), max(hi, k)
	}
	span := uint64(hi - lo)
	if hi-lo < 0 || span >= uint64(max(4*int64(ix.n), 1024)) || span >= 1<<26 {
		return
	}
	ix.dense = make([]int32, span+1)
	for i := range ix.dense {
		ix.dense[i] = -1
	}
	for k, g := range ix.ints {
		ix.dense[k-lo] = g
	}
	ix.lo, ix.ints = lo, nil
}

// insert returns the group of build row i, creating it when new.
func (ix *joinIndex) insert(keys []*value.Vector, i int, buf *[]byte) int32 {
	switch ix.mode {
	case joinKeyInts:
		v := keys[0]
		if v.IsNull(i) {
			return -1
		}
		k := v.Int64(i)
		if g, ok := ix.ints[k]; ok {
			return g
		}
		ix.ints[k] = ix.n
	case joinKeyStrs:
		v := keys[0]
		if v.IsNull(i) {
			return -1
		}
		k := v.Str(i)
		if g, ok := ix.strs[k]; ok {
			return g
		}
		ix.strs[k] = ix.n
	default:
		b, ok := appendJoinKey((*buf)[:0], keys, i)
		*buf = b
		if !ok {
			return -1
		}
		if g, ok := ix.strs[string(b)]; ok {
			return g
		}
		ix.strs[string(b)] = ix.n
	}
	ix.n++
	return ix.n - 1
}

// lookup sets gids[k] to the group matching the k-th live row of b (-1 when
// none) and returns gids, grown as needed.
func (ix *joinIndex) lookup(keys []*value.Vector, b *value.Batch, gids []int32, buf *[]byte) []int32 {
	n := b.Rows()
	gids = slices.Grow(gids[:0], n)[:n]
	if ix.n == 0 {
		for k := range gids {
			gids[k] = -1
		}
		return gids
	}
	switch {
	case ix.dense != nil:
		v := keys[0]
		nulls := v.MaybeHasNulls()
		for k := range gids {
			i := b.Row(k)
			g := int32(-1)
			if !nulls || !v.IsNull(i) {
				if d := uint64(v.Int64(i) - ix.lo); d < uint64(len(ix.dense)) {
					g = ix.dense[d]
				}
			}
			gids[k] = g
		}
	case ix.mode == joinKeyInts:
		v := keys[0]
		nulls := v.MaybeHasNulls()
		for k := range gids {
			i := b.Row(k)
			g := int32(-1)
			if !nulls || !v.IsNull(i) {
				if x, ok := ix.ints[v.Int64(i)]; ok {
					g = x
				}
			}
			gids[k] = g
		}
	case ix.mode == joinKeyStrs:
		v := keys[0]
		nulls := v.MaybeHasNulls()
		for k := range gids {
			i := b.Row(k)
			g := int32(-1)
			if !nulls || !v.IsNull(i) {
				if x, ok := ix.strs[v.Str(i)]; ok {
					g = x
				}
			}
			gids[k] = g
		}
	default:
		for k := range gids {
			g := int32(-1)
			kb, ok := appendJoinKey((*buf)[:0], keys, b.Row(k))
			*buf = kb
			if ok {
				if x, found := ix.strs[string(kb)]; found {
					g = x
				}
			}
			gids[k] = g
		}
	}
	return gids
}

// rowsOf lists the build rows of group g in input order.
func (ix *joinIndex) rowsOf(g int32) []int32 { return ix.order[ix.start[g]:ix.start[g+1]] }

// appendJoinKey encodes row i of the key vectors so that equal keys give
// equal bytes. Both sides' keys have identical types (analysis checks it),
// so fixed-width and length-prefixed fields cannot be confused. ok is false
// when a key is null or NaN: such a row matches nothing.
func appendJoinKey(buf []byte, keys []*value.Vector, i int) ([]byte, bool) {
	for _, v := range keys {
		if v.IsNull(i) {
			return buf, false
		}
		switch t := v.T; {
		case t == value.Bool:
			c := byte(0)
			if v.Bool(i) {
				c = 1
			}
			buf = append(buf, c)
		case t.UsesInts():
			buf = binary.LittleEndian.AppendUint64(buf, uint64(v.Int64(i)))
		case t.UsesFloats():
			f := v.Float(i)
			if math.IsNaN(f) {
				return buf, false
			}
			if f == 0 {
				f = 0 // -0 equals 0
			}
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
		default:
			s := v.AsString(i)
			buf = binary.AppendUvarint(buf, uint64(len(s)))
			buf = append(buf, s...)
		}
	}
	return buf, true
}

// joinOut collects a join's output batches: per probe batch (in input
// order) while probing, then a tail of rows produced after probing.
type joinOut struct {
	q    *query
	x    *plan.Join
	swap bool // the build side is the left input
	mu   sync.Mutex
	outs map[int][]*value.Batch
	tail []*value.Batch
	rows atomic.Int64
}

// add records batches produced from probe batch seq (seq < 0: the tail),
// enforcing the row cap.
func (o *joinOut) add(seq int, bs ...*value.Batch) error {
	n := 0
	for _, b := range bs {
		n += b.Rows()
	}
	if n == 0 {
		return nil
	}
	if max := o.q.opts.MaxRows; max > 0 && o.rows.Add(int64(n)) > max {
		return o.q.rowCapError()
	}
	o.mu.Lock()
	if seq < 0 {
		o.tail = append(o.tail, bs...)
	} else {
		o.outs[seq] = append(o.outs[seq], bs...)
	}
	o.mu.Unlock()
	return nil
}

func (o *joinOut) table() *table.Table {
	t := &table.Table{Schema: o.x.Out}
	seqs := make([]int, 0, len(o.outs))
	for s := range o.outs {
		seqs = append(seqs, s)
	}
	slices.Sort(seqs)
	for _, s := range seqs {
		t.Batches = append(t.Batches, o.outs[s]...)
	}
	t.Batches = append(t.Batches, o.tail...)
	return t
}

// batch builds output rows from pairs: row probe[k] of the probe batch pb
// (pb nil: null probe-side columns) with row build[k] of the build batch
// bb (-1: null build-side columns).
func (o *joinOut) batch(pb *value.Batch, probe []int32, bb *value.Batch, build []int32) *value.Batch {
	n := len(probe)
	if pb == nil {
		n = len(build)
	}
	out := &value.Batch{Len: n, Cols: make([]*value.Vector, len(o.x.Cols))}
	for c, jc := range o.x.Cols {
		switch {
		case jc.Right != o.swap:
			out.Cols[c] = gatherOrNull(bb.Cols[jc.Index], build)
		case pb == nil:
			out.Cols[c] = value.ConstVector(value.Null(o.x.Out[c].Type))
		default:
			out.Cols[c] = pb.Cols[jc.Index].Gather(probe)
		}
	}
	return out
}

// joinPlan is how one join runs: which input is indexed (build) and which
// streams through the scan workers (probe), and what each kind asks of the
// two roles.
type joinPlan struct {
	x         *plan.Join
	ix        *joinIndex
	probe     plan.Node
	probeKeys []int
	swap      bool // build on the left input, probe the right
	// pairs: output matched pairs; firstOnly: only the first build row of a
	// key (innerunique with the left as build side).
	pairs, firstOnly bool
	// keepProbe, keepBuild: also output unmatched rows of that role.
	keepProbe, keepBuild bool
	// probeSemi/probeAnti, buildSemi/buildAnti: output only that role's
	// rows that match / do not match.
	probeSemi, probeAnti, buildSemi, buildAnti bool
}

func newJoinPlan(x *plan.Join, swap bool) *joinPlan {
	p := &joinPlan{x: x, swap: swap, probeKeys: x.LeftKeys}
	if swap {
		p.probeKeys = x.RightKeys
	}
	// In the kind's own terms, "left" is the probe role unless swapped.
	probeOuter, buildOuter := plan.JoinLeftOuter, plan.JoinRightOuter
	probeSemi, buildSemi := plan.JoinLeftSemi, plan.JoinRightSemi
	probeAnti, buildAnti := plan.JoinLeftAnti, plan.JoinRightAnti
	if swap {
		probeOuter, buildOuter = buildOuter, probeOuter
		probeSemi, buildSemi = buildSemi, probeSemi
		probeAnti, buildAnti = buildAnti, probeAnti
	}
	k := x.Kind
	p.pairs = k == plan.JoinInner || k == plan.JoinInnerUnique || k == plan.JoinLeftOuter ||
		k == plan.JoinRightOuter || k == plan.JoinFullOuter
	p.firstOnly = k == plan.JoinInnerUnique && swap
	p.keepProbe = k == probeOuter || k == plan.JoinFullOuter
	p.keepBuild = k == buildOuter || k == plan.JoinFullOuter
	p.probeSemi, p.probeAnti = k == probeSemi, k == probeAnti
	p.buildSemi, p.buildAnti = k == buildSemi, k == buildAnti
	return p
}

// trackBuild reports whether probing must record which build keys matched.
func (p *joinPlan) trackBuild() bool { return p.keepBuild || p.buildSemi || p.buildAnti }

// join runs a hash join. The right input is materialized and indexed (as
// Kusto does by default) unless the left turns out smaller; the other input
// streams through the scan workers, which probe the index in parallel. A
// left input whose size bound (a stored table through filters) is no
// smaller than the right streams without being materialized first. Output
// keeps the probe side's order (each probe row's matches in build order),
// then rows only the build side contributes.
func (q *query) join(x *plan.Join) (*table.Table, error) {
	rt, err := q.run(x.Right)
	if err != nil {
		return nil, err
	}
	p := newJoinPlan(x, false)
	p.probe = x.Left
	build := rt
	if bound, ok := rowBound(x.Left); !ok || bound < rt.Rows() {
		lt, err := q.run(x.Left)
		if err != nil {
			return nil, err
		}
		p.probe = &plan.Values{Table: lt}
		if lt.Rows() < rt.Rows() {
			p = newJoinPlan(x, true)
			p.probe, build = &plan.Values{Table: rt}, lt
		}
	}
	buildKeys := x.RightKeys
	buildNode := x.Right
	if p.swap {
		buildKeys, buildNode = x.LeftKeys, x.Left
	}
	p.ix = newJoinIndex(concatRows(buildNode.Schema(), build), buildKeys)
	if err := q.ctx.Err(); err != nil {
		return nil, err
	}
	o := &joinOut{q: q, x: x, swap: p.swap, outs: map[int][]*value.Batch{}}
	if x.Kind == plan.JoinInnerUnique && !p.swap {
		err = q.joinUnique(p, o)
	} else {
		err = q.joinProbe(p, o)
	}
	if err != nil {
		return nil, err
	}
	return o.table(), nil
}

// rowBound is an upper bound of the rows n produces when it is cheap to
// know: stored and literal tables through filters and projections.
func rowBound(n plan.Node) (int, bool) {
	switch x := n.(type) {
	case *plan.Scan:
		return x.Table.Rows(), true
	case *plan.Values:
		return x.Table.Rows(), true
	case *plan.Filter:
		return rowBound(x.In)
	case *plan.Project:
		return rowBound(x.In)
	case *plan.Take:
		if b, ok := rowBound(x.In); ok && int64(b) < x.N {
			return b, true
		}
		return int(min(x.N, math.MaxInt32)), true
	}
	return 0, false
}

// joinWorker is one scan worker's probe state.
type joinWorker struct {
	keys         []*value.Vector
	gids         []int32
	buf          []byte
	probe, build []int32
	matched      []bool // build keys this worker matched
}

func newJoinWorker(p *joinPlan) *joinWorker {
	w := &joinWorker{keys: make([]*value.Vector, len(p.probeKeys))}
	if p.trackBuild() {
		w.matched = make([]bool, p.ix.n)
	}
	return w
}

// probeBatch looks up the keys of b's live rows.
func (w *joinWorker) probeBatch(p *joinPlan, b *value.Batch) {
	for k, c := range p.probeKeys {
		w.keys[k] = b.Cols[c]
	}
	w.gids = p.ix.lookup(w.keys, b, w.gids, &w.buf)
}

// joinProbe streams the probe side through the index (every kind but
// innerunique with the left as probe side).
func (q *query) joinProbe(p *joinPlan, o *joinOut) error {
	ix := p.ix
	track := p.trackBuild()
	workers := make([]*joinWorker, q.opts.Workers)
	err := q.stream(p.probe, func(wi, seq int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		w := workers[wi]
		if w == nil {
			w = newJoinWorker(p)
			workers[wi] = w
		}
		w.probeBatch(p, b)
		if track {
			for _, g := range w.gids {
				if g >= 0 {
					w.matched[g] = true
				}
			}
		}
		if p.probeSemi || p.probeAnti {
			// The output is the probe rows themselves: narrow the selection.
			sel := make([]int32, 0, len(w.gids))
			for k, g := range w.gids {
				if (g >= 0) == p.probeSemi {
					sel = append(sel, int32(b.Row(k)))
				}
			}
			return o.add(seq, &value.Batch{Len: b.Len, Cols: b.Cols, Sel: sel})
		}
		if !p.pairs {
			return nil
		}
		var res []*value.Batch
		for k, g := range w.gids {
			i := int32(b.Row(k))
			if g < 0 {
				if p.keepProbe {
					w.probe = append(w.probe, i)
					w.build = append(w.build, -1)
				}
				continue
			}
			rows := ix.rowsOf(g)
			if p.firstOnly {
				rows = rows[:1]
			}
			for _, r := range rows {
				w.probe = append(w.probe, i)
				w.build = append(w.build, r)
				if len(w.probe) >= joinChunk {
					res = append(res, o.batch(b, w.probe, ix.rows, w.build))
					w.probe, w.build = w.probe[:0], w.build[:0]
					// Check the cap as rows pile up: one key may match millions.
					if err := o.add(seq, res...); err != nil {
						return err
					}
					res = res[:0]
				}
			}
		}
		if len(w.probe) > 0 {
			res = append(res, o.batch(b, w.probe, ix.rows, w.build))
			w.probe, w.build = w.probe[:0], w.build[:0]
		}
		return o.add(seq, res...)
	})
	if err != nil || !track {
		return err
	}
	matched := make([]bool, ix.n)
	for _, w := range workers {
		if w == nil {
			continue
		}
		for g, m := range w.matched {
			matched[g] = matched[g] || m
		}
	}
	// Build rows wanted after probing: the matched ones for a build-side
	// semi join, the others (null keys included) for anti and outer joins.
	var rows []int32
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		err := o.add(-1, o.batch(nil, nil, ix.rows, rows))
		rows = nil
		return err
	}
	for i, g := range ix.gid {
		if (g >= 0 && matched[g]) != p.buildSemi {
			continue
		}
		rows = append(rows, int32(i))
		if len(rows) >= joinChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// uniqueWorker keeps, for one worker's contiguous range of left batches,
// the first row of each matching key (a copy of its columns).
type uniqueWorker struct {
	*joinWorker
	slotOf    []int32 // per key: its row in store, -1 when unseen
	slotGroup []int32 // per stored row: its key
	store     []*value.Vector
}

// joinUnique runs innerunique with the left input as probe side: the left
// is deduplicated on the keys, keeping the first row of each key in input
// order, then inner-joined. Workers read contiguous ranges of batches in
// order, so the first row of a key is the one the lowest-numbered worker
// saw first.
func (q *query) joinUnique(p *joinPlan, o *joinOut) error {
	ix := p.ix
	workers := make([]*uniqueWorker, q.opts.Workers)
	probeSchema := p.probe.Schema()
	err := q.streamWith(p.probe, true, func(wi, _ int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		w := workers[wi]
		if w == nil {
			w = &uniqueWorker{joinWorker: newJoinWorker(p), slotOf: make([]int32, ix.n)}
			for g := range w.slotOf {
				w.slotOf[g] = -1
			}
			for _, c := range probeSchema {
				w.store = append(w.store, value.NewVector(c.Type, 0))
			}
			workers[wi] = w
		}
		w.probeBatch(p, b)
		for k, g := range w.gids {
			if g < 0 || w.slotOf[g] >= 0 {
				continue
			}
			w.slotOf[g] = int32(len(w.slotGroup))
			w.slotGroup = append(w.slotGroup, g)
			i := b.Row(k)
			for c, v := range b.Cols {
				w.store[c].Append(v, i)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// owner[g] is the first worker (in input order) that saw key g.
	owner := make([]int32, ix.n)
	for g := range owner {
		owner[g] = -1
	}
	for wi, w := range workers {
		if w == nil {
			continue
		}
		for _, g := range w.slotGroup {
			if owner[g] < 0 {
				owner[g] = int32(wi)
			}
		}
	}
	for wi, w := range workers {
		if w == nil {
			continue
		}
		left := &value.Batch{Len: len(w.slotGroup), Cols: w.store}
		var probe, build []int32
		flush := func() error {
			if len(probe) == 0 {
				return nil
			}
			err := o.add(wi, o.batch(left, probe, ix.rows, build))
			probe, build = nil, nil
			return err
		}
		for s, g := range w.slotGroup {
			if owner[g] != int32(wi) {
				continue
			}
			for _, r := range ix.rowsOf(g) {
				probe = append(probe, int32(s))
				build = append(build, r)
				if len(probe) >= joinChunk {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
	}
	return nil
}

// concatRows returns the rows of t as one batch without selection or
// constant vectors, so that build rows are plain indexes.
func concatRows(schema value.Schema, t *table.Table) *value.Batch {
	if len(t.Batches) == 1 && t.Batches[0].Sel == nil {
		b := t.Batches[0]
		plain := true
		for _, v := range b.Cols {
			plain = plain && !v.Const
		}
		if plain {
			return b
		}
	}
	n := t.Rows()
	out := &value.Batch{Len: n, Cols: make([]*value.Vector, len(schema))}
	for c, col := range schema {
		dst := value.NewVector(col.Type, n)
		k := 0
		for _, b := range t.Batches {
			src := b.Cols[c]
			b.ForEach(func(i int) {
				copyCell(dst, k, src, i)
				k++
			})
		}
		out.Cols[c] = dst
	}
	return out
}

// copyCell sets dst[k] to src[i] (same type).
func copyCell(dst *value.Vector, k int, src *value.Vector, i int) {
	if src.IsNull(i) {
		dst.SetNull(k)
		return
	}
	switch t := dst.T; {
	case t == value.Bool:
		dst.B[k] = src.Bool(i)
	case t.UsesInts():
		dst.I[k] = src.Int64(i)
	case t.UsesFloats():
		dst.F[k] = src.Float(i)
	case t == value.String || t == value.GUID:
		dst.S[k] = src.Str(i)
	case t == value.Dynamic:
		dst.D[k] = src.Dyn(i)
	}
}

// gatherOrNull returns the rows of v (a plain vector) at the given
// positions; a position of -1 gives null.
func gatherOrNull(v *value.Vector, rows []int32) *value.Vector {
	out := value.NewVector(v.T, len(rows))
	switch t := v.T; {
	case t == value.Bool:
		for k, r := range rows {
			if r >= 0 {
				out.B[k] = v.B[r]
			}
		}
	case t.UsesInts():
		for k, r := range rows {
			if r >= 0 {
				out.I[k] = v.I[r]
			}
		}
	case t.UsesFloats():
		for k, r := range rows {
			if r >= 0 {
				out.F[k] = v.F[r]
			}
		}
	case t == value.String || t == value.GUID:
		for k, r := range rows {
			if r >= 0 {
				out.S[k] = v.S[r]
			}
		}
	case t == value.Dynamic:
		for k, r := range rows {
			if r >= 0 {
				out.D[k] = v.D[r]
			}
		}
		return out
	}
	if t := v.T; t == value.String {
		return out
	}
	nulls := v.MaybeHasNulls()
	for k, r := range rows {
		if r < 0 || (nulls && v.IsNull(int(r))) {
			out.SetNull(k)
		}
	}
	return out
}
