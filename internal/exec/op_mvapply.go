package exec

import (
	"errors"
	"maps"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerStage((*plan.MvApply)(nil), func(c *compiler, n plan.Node) (stage, error) {
		return c.mvApplyBatch(n.(*plan.MvApply))
	})
	registerRunner((*plan.MvApply)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.mvApply(n.(*plan.MvApply))
	})
	registerRunner((*plan.MvApplySource)(nil), func(*query, plan.Node) (*table.Table, error) {
		return nil, errors.New("BUG: mv-apply sub-table read outside its mv-apply")
	})
}

// mvExpander builds the sub-tables of mv-apply.
type mvExpander struct {
	x    *plan.MvApply
	srcs []evaluator
	nIn  int
}

func (c *compiler) mvExpander(x *plan.MvApply) (*mvExpander, error) {
	e := &mvExpander{x: x, nIn: len(x.In.Schema())}
	for _, col := range x.Cols {
		ev, err := c.expr(col.X)
		if err != nil {
			return nil, err
		}
		e.srcs = append(e.srcs, ev)
	}
	return e, nil
}

// expand returns the rows of the sub-tables of b's live rows as one batch
// (without a selection), the sub-tables one after the other in row order:
// rows[k] is the input row of expanded row k, and the sub-table of the j-th
// live input row ends before ends[j].
func (e *mvExpander) expand(b *value.Batch) (out *value.Batch, rows []int32, ends []int) {
	x := e.x
	vals := make([]*value.Vector, len(e.srcs))
	for i, s := range e.srcs {
		vals[i] = s(b)
	}
	exp := make([][]*value.Dyn, len(vals))
	items := make([][]*value.Dyn, len(vals))
	var idx []int64
	forRows(b, func(i int) {
		n := 0
		for k, v := range vals {
			items[k] = elements(v.AsDyn(i), false)
			n = max(n, len(items[k]))
		}
		if x.Limit >= 0 && int64(n) > x.Limit {
			n = int(x.Limit)
		}
		for j := 0; j < n; j++ {
			rows = append(rows, int32(i))
			idx = append(idx, int64(j))
			for k := range vals {
				var d *value.Dyn
				if j < len(items[k]) {
					d = items[k][j]
				}
				exp[k] = append(exp[k], d)
			}
		}
		ends = append(ends, len(rows))
	})
	schema := x.Source.Out
	out = &value.Batch{Len: len(rows), Cols: make([]*value.Vector, len(schema))}
	for c := 0; c < e.nIn; c++ {
		out.Cols[c] = b.Cols[c].Gather(rows)
	}
	for k, col := range x.Cols {
		out.Cols[col.Index] = typedFromDyn(exp[k], col.ToType)
	}
	if x.ItemIndex >= 0 {
		v := value.NewVector(value.Long, len(rows))
		copy(v.I, idx)
		out.Cols[x.ItemIndex] = v
	}
	return out, rows, ends
}

// mvApplyBatch runs mv-apply whose subquery keeps physical row positions
// (see plan.MvApply.PerRow): the sub-tables of a whole batch go through the
// subquery's stages together, and each surviving row finds its input row by
// position.
func (c *compiler) mvApplyBatch(x *plan.MvApply) (stage, error) {
	exp, err := c.mvExpander(x)
	if err != nil {
		return nil, err
	}
	var chain []plan.Node
	for n := x.Sub; n != plan.Node(x.Source); n = n.Inputs()[0] {
		chain = append(chain, n)
	}
	stages, err := c.q.compileChain(chain)
	if err != nil {
		return nil, err
	}
	subSchema := x.Sub.Schema()
	return func(b *value.Batch) *value.Batch {
		e, rows, _ := exp.expand(b)
		for _, st := range stages {
			if e.Rows() == 0 {
				break
			}
			e = st(e)
		}
		res := &value.Batch{Cols: make([]*value.Vector, 0, len(x.Out))}
		if e.Rows() == 0 {
			for _, col := range x.Out {
				res.Cols = append(res.Cols, value.NewVector(col.Type, 0))
			}
			return res
		}
		live := make([]int32, 0, e.Rows())
		e.ForEach(func(i int) { live = append(live, int32(i)) })
		src := make([]int32, len(live))
		for k, p := range live {
			src[k] = rows[p]
		}
		res.Len = len(live)
		for _, c := range x.Outer {
			res.Cols = append(res.Cols, b.Cols[c].Gather(src))
		}
		for k := range subSchema {
			res.Cols = append(res.Cols, e.Cols[k].Gather(live))
		}
		return res
	}, nil
}

// mvApply runs mv-apply whose subquery is not purely positional. When
// every operator of the subquery has a segmented form (see segOps), the
// sub-tables of a batch go through it together, kept apart by row;
// otherwise each input row's sub-table is bound to the subquery's source
// and the subquery runs with the ordinary operator executors. Either way
// scan workers process input batches in parallel.
func (q *query) mvApply(x *plan.MvApply) (*table.Table, error) {
	segmented := !x.Named && segmentable(x)
	var dep []plan.Node
	seed := map[plan.Node]*table.Table{}
	if !segmented {
		var indep []plan.Node
		dep, indep = mvApplyDeps(x)
		for _, n := range indep {
			t, err := q.run(n)
			if err != nil {
				return nil, err
			}
			seed[n] = t
		}
	}
	workers := make([]func(*value.Batch) (*value.Batch, error), q.opts.Workers)
	var mu sync.Mutex
	outs := map[int]*value.Batch{}
	var total atomic.Int64
	err := q.stream(x.In, func(w, seq int, b *value.Batch) error {
		apply := workers[w]
		if apply == nil {
			c := q.compiler()
			exp, err := c.mvExpander(x)
			if err != nil {
				return err
			}
			if segmented {
				ops, err := c.segOps(x)
				if err != nil {
					return err
				}
				apply = func(b *value.Batch) (*value.Batch, error) { return segApply(x, exp, ops, b), nil }
			} else {
				child := &query{
					ctx:  q.ctx,
					now:  q.now,
					opts: Options{Workers: 1, MaxRows: q.opts.MaxRows},
					memo: maps.Clone(seed),
				}
				wk := &mvApplyWorker{x: x, exp: exp, child: child, seed: seed, dep: dep}
				apply = wk.apply
			}
			workers[w] = apply
		}
		out, err := apply(b)
		if err != nil {
			return err
		}
		if out.Len == 0 {
			return nil
		}
		if q.opts.MaxRows > 0 && total.Add(int64(out.Len)) > q.opts.MaxRows {
			return q.rowCapError()
		}
		mu.Lock()
		outs[seq] = out
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return orderedTable(x.Out, outs), nil
}

// mvApplyDeps splits the nodes the subquery reads into those that depend
// on the sub-table (run again for every input row) and the inputs of those
// that do not (run once).
func mvApplyDeps(x *plan.MvApply) (dep, indep []plan.Node) {
	reads := map[plan.Node]bool{}
	var visit func(n plan.Node) bool
	visit = func(n plan.Node) bool {
		if d, ok := reads[n]; ok {
			return d
		}
		d := n == plan.Node(x.Source)
		for _, in := range n.Inputs() {
			if visit(in) {
				d = true
			}
		}
		reads[n] = d
		return d
	}
	visit(x.Sub)
	seen := map[plan.Node]bool{}
	for n, d := range reads {
		if !d {
			continue
		}
		dep = append(dep, n)
		for _, in := range n.Inputs() {
			if !reads[in] && !seen[in] {
				seen[in] = true
				indep = append(indep, in)
			}
		}
	}
	return dep, indep
}

// mvApplyWorker is one scan worker's state for a per-row mv-apply.
type mvApplyWorker struct {
	x     *plan.MvApply
	exp   *mvExpander
	child *query
	seed  map[plan.Node]*table.Table
	dep   []plan.Node
}

// apply runs the subquery over the sub-table of every live row of b and
// returns the rows of the results, each after its input row's outer
// columns.
func (w *mvApplyWorker) apply(b *value.Batch) (*value.Batch, error) {
	x := w.x
	e, _, ends := w.exp.expand(b)
	res := &value.Batch{Cols: make([]*value.Vector, len(x.Out))}
	for c, col := range x.Out {
		res.Cols[c] = value.NewVector(col.Type, 0)
	}
	nOuter := len(x.Outer)
	start := 0
	k := 0
	var err error
	forRows(b, func(i int) {
		if err != nil {
			return
		}
		end := ends[k]
		k++
		sub := &table.Table{Schema: x.Source.Out}
		if end > start {
			// A batch of its own: operators size their vectors by the
			// batch's physical length.
			rows := make([]int32, end-start)
			for j := range rows {
				rows[j] = int32(start + j)
			}
			sb := &value.Batch{Len: len(rows), Cols: make([]*value.Vector, len(e.Cols))}
			for c, v := range e.Cols {
				sb.Cols[c] = v.Gather(rows)
			}
			sub.Batches = []*value.Batch{sb}
		}
		start = end
		var t *table.Table
		t, err = w.run(sub)
		if err != nil {
			return
		}
		for _, rb := range t.Batches {
			rb.ForEach(func(j int) {
				for o, c := range x.Outer {
					res.Cols[o].Append(b.Cols[c], i)
				}
				for c, v := range rb.Cols {
					res.Cols[nOuter+c].Append(v, j)
				}
				res.Len++
			})
		}
	})
	return res, err
}

// run binds sub to the subquery's source and runs the subquery, forgetting
// whatever an earlier row's run computed from its sub-table.
func (w *mvApplyWorker) run(sub *table.Table) (*table.Table, error) {
	memo := w.child.memo
	if w.x.Named {
		clear(memo)
		maps.Copy(memo, w.seed)
	} else {
		for _, n := range w.dep {
			delete(memo, n)
		}
	}
	memo[w.x.Source] = sub
	return w.child.run(w.x.Sub)
}

// segBatch is the rows of several sub-tables: those of the j-th live input
// row are rows ends[j-1] to ends[j]-1 of b, which has no selection.
type segBatch struct {
	b    *value.Batch
	ends []int
}

// segOp is one subquery operator applied to each sub-table of a segBatch
// on its own.
type segOp func(s segBatch) segBatch

// segmentable reports whether every operator of the subquery has a
// segmented form.
func segmentable(x *plan.MvApply) bool {
	for n := x.Sub; n != plan.Node(x.Source); n = n.Inputs()[0] {
		switch n.(type) {
		case *plan.Filter, *plan.Project, *plan.Parse, *plan.ParseKv,
			*plan.Take, *plan.Sort, *plan.Top, *plan.Summarize, *plan.Count, *plan.Distinct:
		default:
			return false
		}
	}
	return true
}

// segOps compiles the subquery into segmented operators, bottom-up.
// Consecutive row-level operators share one segOp.
func (c *compiler) segOps(x *plan.MvApply) ([]segOp, error) {
	var chain []plan.Node
	for n := x.Sub; n != plan.Node(x.Source); n = n.Inputs()[0] {
		chain = append(chain, n)
	}
	var ops []segOp
	var run []plan.Node // row-level operators, top-down
	flush := func() error {
		if len(run) == 0 {
			return nil
		}
		stages, err := c.q.compileChain(run)
		if err != nil {
			return err
		}
		ops = append(ops, segRowLevel(stages, run[0].Schema()))
		run = nil
		return nil
	}
	for i := len(chain) - 1; i >= 0; i-- {
		var op segOp
		switch n := chain[i].(type) {
		case *plan.Filter, *plan.Project, *plan.Parse, *plan.ParseKv:
			run = append([]plan.Node{n}, run...)
			continue
		case *plan.Take:
			op = segTake(n.N)
		case *plan.Sort:
			o, err := c.segSort(n.Keys, -1)
			if err != nil {
				return nil, err
			}
			op = o
		case *plan.Top:
			o, err := c.segSort(n.Keys, n.N)
			if err != nil {
				return nil, err
			}
			op = o
		case *plan.Summarize:
			o, err := c.segSummarize(n)
			if err != nil {
				return nil, err
			}
			op = o
		case *plan.Distinct:
			o, err := c.segSummarize(&plan.Summarize{In: n.In, Keys: n.Exprs, Out: n.Out})
			if err != nil {
				return nil, err
			}
			op = o
		case *plan.Count:
			op = segCount
		default:
			panic("BUG: mv-apply operator without a segmented form")
		}
		if err := flush(); err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return ops, nil
}

// segApply runs the segmented subquery over the sub-tables of b's live
// rows and puts each result row after its input row's outer columns.
func segApply(x *plan.MvApply, exp *mvExpander, ops []segOp, b *value.Batch) *value.Batch {
	e, _, ends := exp.expand(b)
	s := segBatch{b: e, ends: ends}
	for _, op := range ops {
		s = op(s)
	}
	src := make([]int32, 0, s.b.Len)
	start, j := 0, 0
	b.ForEach(func(i int) {
		for k := start; k < s.ends[j]; k++ {
			src = append(src, int32(i))
		}
		start = s.ends[j]
		j++
	})
	res := &value.Batch{Len: s.b.Len, Cols: make([]*value.Vector, 0, len(x.Out))}
	for _, c := range x.Outer {
		res.Cols = append(res.Cols, b.Cols[c].Gather(src))
	}
	res.Cols = append(res.Cols, s.b.Cols...)
	return res
}

// segGather keeps rows idx of s.b; ends are the new sub-table ends.
func segGather(s segBatch, idx []int32, ends []int) segBatch {
	out := &value.Batch{Len: len(idx), Cols: make([]*value.Vector, len(s.b.Cols))}
	for c, v := range s.b.Cols {
		out.Cols[c] = v.Gather(idx)
	}
	return segBatch{b: out, ends: ends}
}

func emptySeg(schema value.Schema, rows int) segBatch {
	b := &value.Batch{Cols: make([]*value.Vector, len(schema))}
	for c, col := range schema {
		b.Cols[c] = value.NewVector(col.Type, 0)
	}
	return segBatch{b: b, ends: make([]int, rows)}
}

// segRowLevel applies row-level stages (which keep physical positions) to
// all sub-tables at once, then drops the rows they filtered out.
func segRowLevel(stages []stage, schema value.Schema) segOp {
	return func(s segBatch) segBatch {
		if s.b.Len == 0 {
			return emptySeg(schema, len(s.ends))
		}
		b := s.b
		for _, st := range stages {
			if b.Rows() == 0 {
				return emptySeg(schema, len(s.ends))
			}
			b = st(b)
		}
		if b.Sel == nil {
			return segBatch{b: b, ends: s.ends}
		}
		ends := make([]int, len(s.ends))
		k := 0
		for j, end := range s.ends {
			for k < len(b.Sel) && int(b.Sel[k]) < end {
				k++
			}
			ends[j] = k
		}
		return segGather(segBatch{b: &value.Batch{Len: b.Len, Cols: b.Cols}}, b.Sel, ends)
	}
}

func segTake(n int64) segOp {
	return func(s segBatch) segBatch {
		var idx []int32
		ends := make([]int, len(s.ends))
		start := 0
		for j, end := range s.ends {
			for k := start; k < end && int64(k-start) < n; k++ {
				idx = append(idx, int32(k))
			}
			ends[j] = len(idx)
			start = end
		}
		return segGather(s, idx, ends)
	}
}

// segSort sorts each sub-table (stably, as sort and top do) and keeps its
// first limit rows when limit >= 0.
func (c *compiler) segSort(keys []plan.SortKey, limit int64) (segOp, error) {
	exprs := make([]plan.Expr, len(keys))
	for i, k := range keys {
		exprs[i] = k.X
	}
	evs, err := c.exprs(exprs)
	if err != nil {
		return nil, err
	}
	return func(s segBatch) segBatch {
		run := sortRun{b: s.b, keys: make([]*value.Vector, len(evs))}
		for k, ev := range evs {
			run.keys[k] = ev(s.b)
		}
		so := &sorter{runs: []sortRun{run}, keys: keys}
		var idx []int32
		var refs []rowRef
		ends := make([]int, len(s.ends))
		start := 0
		for j, end := range s.ends {
			refs = refs[:0]
			for k := start; k < end; k++ {
				refs = append(refs, rowRef{0, int32(k)})
			}
			sort.SliceStable(refs, func(a, b int) bool { return so.cmp(refs[a], refs[b]) < 0 })
			if limit >= 0 && int64(len(refs)) > limit {
				refs = refs[:limit]
			}
			for _, r := range refs {
				idx = append(idx, r.row)
			}
			ends[j] = len(idx)
			start = end
		}
		return segGather(s, idx, ends)
	}, nil
}

func segCount(s segBatch) segBatch {
	v := value.NewVector(value.Long, len(s.ends))
	ends := make([]int, len(s.ends))
	start := 0
	for j, end := range s.ends {
		v.I[j] = int64(end - start)
		ends[j] = j + 1
		start = end
	}
	return segBatch{b: &value.Batch{Len: len(s.ends), Cols: []*value.Vector{v}}, ends: ends}
}

// segSummarize aggregates each sub-table on its own: the group key is the
// sub-table's number followed by the by keys. Without by keys every
// sub-table gets one row, an empty one that of an empty input.
func (c *compiler) segSummarize(x *plan.Summarize) (segOp, error) {
	nIn := len(x.In.Schema())
	sx := &plan.Summarize{
		Keys: append([]plan.Expr{&plan.ColRef{Index: nIn, T: value.Long}}, x.Keys...),
		Aggs: x.Aggs,
	}
	keys, err := c.exprs(sx.Keys)
	if err != nil {
		return nil, err
	}
	args := make([][]evaluator, len(x.Aggs))
	for a, agg := range x.Aggs {
		if args[a], err = c.exprs(agg.Args); err != nil {
			return nil, err
		}
	}
	var empty []*value.Vector
	if len(x.Keys) == 0 {
		for _, agg := range x.Aggs {
			empty = append(empty, agg.Agg.New(agg.Arg).Results(1)...)
		}
	}
	return func(s segBatch) segBatch {
		rowNo := value.NewVector(value.Long, s.b.Len)
		start := 0
		for j, end := range s.ends {
			for k := start; k < end; k++ {
				rowNo.I[k] = int64(j)
			}
			start = end
		}
		b := &value.Batch{Len: s.b.Len, Cols: append(s.b.Cols[:nIn:nIn], rowNo)}
		g := newGroupTable(sx)
		keyVecs := make([]*value.Vector, len(keys))
		for k, ev := range keys {
			keyVecs[k] = ev(b)
		}
		for i := 0; i < b.Len; i++ {
			g.rows = append(g.rows, int32(i))
			g.groups = append(g.groups, g.group(keyVecs, i))
		}
		for a, st := range g.states {
			vecs := make([]*value.Vector, len(args[a]))
			for k, ev := range args[a] {
				vecs[k] = ev(b)
			}
			st.Update(vecs, g.rows, g.groups)
		}
		n := int(g.n)
		cols := append([]*value.Vector(nil), g.keys[1:]...)
		for _, st := range g.states {
			cols = append(cols, st.Results(n)...)
		}
		ends := make([]int, len(s.ends))
		if len(x.Keys) > 0 {
			// Groups were created sub-table by sub-table, in order.
			k := 0
			for j := range ends {
				for k < n && g.keys[0].I[k] == int64(j) {
					k++
				}
				ends[j] = k
			}
			return segBatch{b: &value.Batch{Len: n, Cols: cols}, ends: ends}
		}
		out := &value.Batch{Len: len(s.ends), Cols: make([]*value.Vector, len(cols))}
		for c, v := range cols {
			out.Cols[c] = value.NewVector(v.T, 0)
		}
		k := 0
		for j := range ends {
			src, row := empty, 0
			if k < n && g.keys[0].I[k] == int64(j) {
				src, row = cols, k
				k++
			}
			for c, v := range src {
				out.Cols[c].Append(v, row)
			}
			ends[j] = j + 1
		}
		return segBatch{b: out, ends: ends}
	}, nil
}
