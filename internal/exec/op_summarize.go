package exec

import (
	"encoding/binary"
	"math"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// groupTable is one worker's hash aggregation state: group keys interned by
// their encoded bytes, key values per group, one AggState per aggregate.
type groupTable struct {
	index  map[string]uint32
	keys   []*value.Vector
	states []fn.AggState
	n      uint32
	buf    []byte
	rows   []int32
	groups []uint32
	// charged is how many groups were charged to the memory budget.
	charged int64
}

func newGroupTable(x *plan.Summarize) *groupTable {
	g := &groupTable{index: map[string]uint32{}}
	for _, k := range x.Keys {
		g.keys = append(g.keys, value.NewVector(k.Type(), 0))
	}
	for _, a := range x.Aggs {
		g.states = append(g.states, a.Agg.New(a.Arg))
	}
	return g
}

// appendKey encodes row i of v so that equal values (by Kusto's grouping)
// give equal bytes.
func appendKey(buf []byte, v *value.Vector, i int) []byte {
	if v.IsNull(i) {
		return append(buf, 0)
	}
	switch {
	case v.T == value.Bool:
		if v.Bool(i) {
			return append(buf, 1, 1)
		}
		return append(buf, 1, 0)
	case v.T.UsesInts():
		buf = append(buf, 2)
		return binary.LittleEndian.AppendUint64(buf, uint64(v.Int64(i)))
	case v.T.UsesFloats():
		f := v.Float(i)
		if f == 0 {
			f = 0 // -0 groups with 0
		}
		if math.IsNaN(f) {
			f = math.NaN()
		}
		buf = append(buf, 3)
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
	}
	s := v.AsString(i)
	buf = append(buf, 4)
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

// group returns the group id of row i, creating the group when new.
func (g *groupTable) group(keyVecs []*value.Vector, i int) uint32 {
	if len(keyVecs) == 0 {
		if g.n == 0 {
			g.n = 1
		}
		return 0
	}
	g.buf = g.buf[:0]
	for _, v := range keyVecs {
		g.buf = appendKey(g.buf, v, i)
	}
	if id, ok := g.index[string(g.buf)]; ok {
		return id
	}
	id := g.n
	g.n++
	g.index[string(g.buf)] = id
	for k, v := range keyVecs {
		g.keys[k].Append(v, i)
	}
	return id
}

// orderSensitive lists aggregates whose result depends on row order; their
// summarize reads batches in order per worker.
var orderSensitive = map[string]bool{
	"make_list": true, "make_list_if": true, "make_list_with_nulls": true, "makelist": true,
	"make_set": true, "make_set_if": true, "makeset": true,
	"make_bag": true, "make_bag_if": true, "make_dictionary": true,
	"take_any": true, "take_anyif": true, "any": true, "anyif": true,
	"arg_max": true, "arg_min": true,
}

func (q *query) summarize(x *plan.Summarize) (*table.Table, error) {
	workers := q.opts.Workers
	tables := make([]*groupTable, workers)
	type compiled struct {
		keys []evaluator
		args [][]evaluator
	}
	comp := make([]compiled, workers)
	for w := 0; w < workers; w++ {
		tables[w] = newGroupTable(x)
		c := q.compiler()
		keys, err := c.exprs(x.Keys)
		if err != nil {
			return nil, err
		}
		comp[w].keys = keys
		for _, a := range x.Aggs {
			ev, err := c.exprs(a.Args)
			if err != nil {
				return nil, err
			}
			comp[w].args = append(comp[w].args, ev)
		}
	}
	ordered := false
	for _, a := range x.Aggs {
		ordered = ordered || orderSensitive[a.Agg.Name]
	}
	err := q.streamOpts(x.In, ordered, true, func(w, _ int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		g := tables[w]
		cw := comp[w]
		keyVecs := make([]*value.Vector, len(cw.keys))
		for k, ev := range cw.keys {
			keyVecs[k] = ev(b)
		}
		g.rows = g.rows[:0]
		g.groups = g.groups[:0]
		forRows(b, func(i int) {
			g.rows = append(g.rows, int32(i))
			g.groups = append(g.groups, g.group(keyVecs, i))
		})
		if q.opts.MaxRows > 0 && int64(g.n) > q.opts.MaxRows {
			return q.rowCapError()
		}
		if grown := int64(g.n) - g.charged; grown > 0 {
			// Each group holds its key bytes and aggregate state: charge
			// a flat estimate per group.
			g.charged = int64(g.n)
			if err := q.charge(grown * 256); err != nil {
				return err
			}
		}
		for a, st := range g.states {
			args := make([]*value.Vector, len(cw.args[a]))
			for k, ev := range cw.args[a] {
				args[k] = ev(b)
			}
			st.Update(args, g.rows, g.groups)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Fold every worker's groups into the first table.
	root := tables[0]
	for _, t := range tables[1:] {
		if t.n == 0 {
			continue
		}
		remap := make([]uint32, t.n)
		for id := 0; id < int(t.n); id++ {
			remap[id] = root.group(t.keys, id)
		}
		for a, st := range root.states {
			st.Merge(t.states[a], remap)
		}
	}
	n := int(root.n)
	if len(x.Keys) == 0 {
		// summarize without by always returns one row, even over no input.
		n = 1
	}
	b := &value.Batch{Len: n}
	b.Cols = append(b.Cols, root.keys...)
	for _, st := range root.states {
		b.Cols = append(b.Cols, st.Results(n)...)
	}
	if len(b.Cols) != len(x.Out) {
		return nil, &Error{Msg: "BUG: summarize produced a different number of columns than analyzed"}
	}
	t := &table.Table{Schema: x.Out}
	if n > 0 {
		t.Batches = append(t.Batches, b)
	}
	return t, nil
}
