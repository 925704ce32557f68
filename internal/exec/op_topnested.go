package exec

import (
	"sort"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerRunner((*plan.TopNested)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.topNested(n.(*plan.TopNested))
	})
}

// tnPart is a partition of the input rows: the values and aggregates of
// the levels above it, and whether it gathers a parent's rows outside its
// top N ("others"), which later levels do not split.
type tnPart struct {
	path   []value.Value // value, aggregate per level so far
	others bool
}

// topNested runs the levels one after another over the materialized
// input. Each level groups the rows of every partition by its value,
// aggregates, keeps the top N groups of each partition and, when a level
// at or below asks for "with others", gathers the rest into one partition.
func (q *query) topNested(x *plan.TopNested) (*table.Table, error) {
	in, err := q.run(x.In)
	if err != nil {
		return nil, err
	}
	batches := make([]*value.Batch, 0, len(in.Batches))
	for _, b := range in.Batches {
		if b.Rows() > 0 {
			batches = append(batches, b)
		}
	}
	// part[b][i] is the partition of row i of batch b, -1 when dropped.
	part := make([][]int32, len(batches))
	for bi, b := range batches {
		p := make([]int32, b.Len)
		for i := range p {
			p[i] = -1
		}
		b.ForEach(func(i int) { p[i] = 0 })
		part[bi] = p
	}
	parts := []tnPart{{}}
	if len(batches) == 0 {
		parts = nil
	}
	// othersBelow[k]: some level at or below k has a with-others clause.
	othersBelow := make([]bool, len(x.Levels)+1)
	for k := len(x.Levels) - 1; k >= 0; k-- {
		othersBelow[k] = othersBelow[k+1] || x.Levels[k].Others != nil
	}
	for k := range x.Levels {
		lv := &x.Levels[k]
		next, err := q.topNestedLevel(lv, batches, part, parts, othersBelow[k])
		if err != nil {
			return nil, err
		}
		parts = next
	}
	// Only partitions that hold rows after the last level are output.
	live := make([]bool, len(parts))
	for bi := range batches {
		for _, p := range part[bi] {
			if p >= 0 {
				live[p] = true
			}
		}
	}
	b := table.NewBuilder("", x.Out)
	for pi, p := range parts {
		if live[pi] {
			b.AppendRow(p.path)
		}
	}
	return b.Table(), nil
}

// topNestedLevel applies one level: it regroups the rows (updating part)
// and returns the new partitions.
func (q *query) topNestedLevel(lv *plan.TopNestedLevel, batches []*value.Batch, part [][]int32, parts []tnPart, othersBelow bool) ([]tnPart, error) {
	c := q.compiler()
	of, err := c.expr(lv.Of)
	if err != nil {
		return nil, err
	}
	args := make([][]evaluator, len(lv.Aggs))
	states := make([]fn.AggState, len(lv.Aggs))
	for a, ag := range lv.Aggs {
		if args[a], err = c.exprs(ag.Args); err != nil {
			return nil, err
		}
		states[a] = ag.Agg.New(ag.Arg)
	}
	// Groups are (partition, value); an others partition has one group.
	g := &groupTable{index: map[string]uint32{}}
	g.keys = []*value.Vector{value.NewVector(value.Long, 0), value.NewVector(lv.Of.Type(), 0)}
	var groupPart []int32
	rowGroup := make([][]uint32, len(batches))
	pv := value.NewVector(value.Long, 1)
	nullOf := value.ConstVector(value.Null(lv.Of.Type()))
	for bi, b := range batches {
		vals := of(b)
		rg := make([]uint32, b.Len)
		g.rows, g.groups = g.rows[:0], g.groups[:0]
		pvec := value.NewVector(value.Long, b.Len)
		b.ForEach(func(i int) {
			p := part[bi][i]
			if p < 0 {
				return
			}
			pvec.I[i] = int64(p)
			var id uint32
			if parts[p].others {
				pv.I[0] = int64(p)
				id = g.group([]*value.Vector{pv, nullOf}, 0)
			} else {
				id = g.group([]*value.Vector{pvec, vals}, i)
			}
			for int(id) >= len(groupPart) {
				groupPart = append(groupPart, p)
			}
			rg[i] = id
			g.rows = append(g.rows, int32(i))
			g.groups = append(g.groups, id)
		})
		rowGroup[bi] = rg
		if len(g.rows) == 0 {
			continue
		}
		for a, st := range states {
			av := make([]*value.Vector, len(args[a]))
			for k, ev := range args[a] {
				av[k] = ev(b)
			}
			st.Update(av, g.rows, g.groups)
		}
		if q.opts.MaxRows > 0 && int64(g.n) > q.opts.MaxRows {
			return nil, q.rowCapError()
		}
	}
	n := int(g.n)
	by, err := q.tnByValues(lv, states, n)
	if err != nil {
		return nil, err
	}
	// Choose the top groups of every regular partition.
	children := make([][]uint32, len(parts))
	for id := 0; id < n; id++ {
		p := groupPart[id]
		children[p] = append(children[p], uint32(id))
	}
	dest := make([]int32, n) // group -> new partition, -1 dropped
	var next []tnPart
	othersOf := map[int32]int32{} // parent -> its others partition
	var othersGroups []uint32     // groups folded into an others partition
	var othersDest []uint32       // ... and the index of that partition among others
	for p, kids := range children {
		if len(kids) == 0 {
			continue
		}
		if parts[p].others {
			id := kids[0]
			val, agg := value.Null(lv.Of.Type()), value.Null(lv.By.Type())
			if lv.Others != nil {
				val, agg = *lv.Others, by.Get(int(id))
			}
			dest[id] = int32(len(next))
			next = append(next, tnPart{path: tnExtend(parts[p].path, val, agg), others: true})
			continue
		}
		sort.SliceStable(kids, func(i, j int) bool {
			return tnLess(by, g.keys[1], int(kids[i]), int(kids[j]), lv.Desc)
		})
		keep := len(kids)
		if lv.N >= 0 && int64(keep) > lv.N {
			keep = int(lv.N)
		}
		for _, id := range kids[:keep] {
			dest[id] = int32(len(next))
			next = append(next, tnPart{path: tnExtend(parts[p].path, g.keys[1].Get(int(id)), by.Get(int(id)))})
		}
		for _, id := range kids[keep:] {
			dest[id] = -1
			if !othersBelow {
				continue
			}
			op, ok := othersOf[int32(p)]
			if !ok {
				op = int32(len(next))
				othersOf[int32(p)] = op
				next = append(next, tnPart{path: tnExtend(parts[p].path, value.Null(lv.Of.Type()), value.Null(lv.By.Type())), others: true})
			}
			dest[id] = op
			othersGroups = append(othersGroups, id)
			othersDest = append(othersDest, uint32(op))
		}
	}
	if lv.Others != nil && len(othersGroups) > 0 {
		// Aggregate each others partition by folding its groups' states
		// into one group; group 0 collects everything else.
		slot := map[uint32]uint32{}
		remap := make([]uint32, n)
		for k, id := range othersGroups {
			s, ok := slot[othersDest[k]]
			if !ok {
				s = uint32(len(slot) + 1)
				slot[othersDest[k]] = s
			}
			remap[id] = s
		}
		merged := make([]fn.AggState, len(lv.Aggs))
		for a, ag := range lv.Aggs {
			merged[a] = ag.Agg.New(ag.Arg)
			merged[a].Merge(states[a], remap)
		}
		obys, err := q.tnByValues(lv, merged, len(slot)+1)
		if err != nil {
			return nil, err
		}
		for op, s := range slot {
			path := next[op].path
			path[len(path)-2] = *lv.Others
			path[len(path)-1] = obys.Get(int(s))
		}
	}
	for bi, b := range batches {
		rg := rowGroup[bi]
		b.ForEach(func(i int) {
			if part[bi][i] >= 0 {
				part[bi][i] = dest[rg[i]]
			}
		})
	}
	return next, nil
}

// tnByValues evaluates the level's by expression over the results of
// states for groups 0..n-1.
func (q *query) tnByValues(lv *plan.TopNestedLevel, states []fn.AggState, n int) (*value.Vector, error) {
	rb := &value.Batch{Len: n}
	for _, st := range states {
		rb.Cols = append(rb.Cols, st.Results(n)...)
	}
	ev, err := q.compiler().expr(lv.By)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return value.NewVector(lv.By.Type(), 0), nil
	}
	return ev(rb).Expand(n), nil
}

func tnExtend(path []value.Value, val, agg value.Value) []value.Value {
	out := make([]value.Value, len(path), len(path)+2)
	copy(out, path)
	return append(out, val, agg)
}

// tnLess orders groups by aggregate (nulls last either way), ties by value
// ascending so that the choice among equal aggregates is deterministic.
func tnLess(by, vals *value.Vector, i, j int, desc bool) bool {
	ni, nj := by.IsNull(i), by.IsNull(j)
	switch {
	case ni != nj:
		return nj
	case !ni:
		if c := compareValues(by, i, by, j); c != 0 {
			if desc {
				return c > 0
			}
			return c < 0
		}
	}
	ni, nj = vals.IsNull(i), vals.IsNull(j)
	switch {
	case ni != nj:
		return nj
	case ni:
		return false
	}
	return compareValues(vals, i, vals, j) < 0
}
