package exec

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerRunner((*plan.Window)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.window(n.(*plan.Window))
	})
	registerStage((*plan.Serialize)(nil), func(*compiler, plan.Node) (stage, error) {
		return func(b *value.Batch) *value.Batch { return b }, nil
	})
}

// windowRows addresses the live rows of a materialized input in order:
// row p is physical row row[p] of batch batch[p].
type windowRows struct {
	batch, row []int32
}

// window evaluates window functions sequentially over the rows of its
// materialized input, in order. Arguments are still computed batch by
// batch; only the functions themselves walk the rows one by one.
func (q *query) window(x *plan.Window) (*table.Table, error) {
	in, err := q.run(x.In)
	if err != nil {
		return nil, err
	}
	var batches []*value.Batch
	var rows windowRows
	for _, b := range in.Batches {
		if b.Rows() == 0 {
			continue
		}
		k := int32(len(batches))
		batches = append(batches, b)
		b.ForEach(func(i int) {
			rows.batch = append(rows.batch, k)
			rows.row = append(rows.row, int32(i))
		})
	}
	cols := make([][]*value.Vector, len(batches))
	for k, b := range batches {
		cols[k] = append([]*value.Vector(nil), b.Cols...)
	}
	for _, call := range x.Calls {
		evs, err := q.compiler().exprs(call.Args)
		if err != nil {
			return nil, err
		}
		args := make([][]*value.Vector, len(batches))
		outs := make([]*value.Vector, len(batches))
		for k, b := range batches {
			view := &value.Batch{Len: b.Len, Sel: b.Sel, Cols: cols[k]}
			args[k] = make([]*value.Vector, len(evs))
			for a, ev := range evs {
				args[k][a] = ev(view)
			}
			outs[k] = value.NewVector(call.T, b.Len)
		}
		w := windowEval{rows: rows, args: args, outs: outs}
		w.run(call)
		for k := range batches {
			cols[k] = append(cols[k], outs[k])
		}
	}
	out := &table.Table{Schema: x.Out}
	for k, b := range batches {
		out.Batches = append(out.Batches, &value.Batch{Len: b.Len, Sel: b.Sel, Cols: cols[k]})
	}
	return out, nil
}

// windowEval computes one window function over all rows.
type windowEval struct {
	rows windowRows
	args [][]*value.Vector // per batch, per argument
	outs []*value.Vector   // per batch
}

// arg returns argument a's vector and physical row for row p.
func (w *windowEval) arg(a, p int) (*value.Vector, int) {
	return w.args[w.rows.batch[p]][a], int(w.rows.row[p])
}

func (w *windowEval) set(p int, v value.Value) {
	w.outs[w.rows.batch[p]].Set(int(w.rows.row[p]), v)
}

// restart reads the bool argument a at row p; null is false.
func (w *windowEval) restart(a, p int) bool {
	v, i := w.arg(a, p)
	return !v.IsNull(i) && v.Bool(i)
}

// same reports whether argument a holds equal values at rows p and r
// (nulls equal each other).
func (w *windowEval) same(a, p, r int) bool {
	v1, i := w.arg(a, p)
	v2, j := w.arg(a, r)
	n1, n2 := v1.IsNull(i), v2.IsNull(j)
	if n1 || n2 {
		return n1 && n2
	}
	return compareValues(v1, i, v2, j) == 0
}

func (w *windowEval) run(call plan.WindowCall) {
	n := len(w.rows.row)
	switch call.Fn {
	case plan.WinRowNumber:
		var cur int64
		for p := 0; p < n; p++ {
			if p == 0 || w.restart(1, p) {
				cur = 1
				if v, i := w.arg(0, p); !v.IsNull(i) {
					cur = v.Int64(i)
				}
			} else {
				cur++
			}
			w.set(p, value.NewLong(cur))
		}
	case plan.WinPrev, plan.WinNext:
		off := int(call.Offset)
		if call.Fn == plan.WinPrev {
			off = -off
		}
		for p := 0; p < n; p++ {
			src, a := p+off, 0
			if src < 0 || src >= n {
				src, a = p, 1
			}
			v, i := w.arg(a, src)
			w.set(p, v.Get(i))
		}
	case plan.WinRowCumsum:
		var si int64
		var sf float64
		for p := 0; p < n; p++ {
			if w.restart(1, p) {
				si, sf = 0, 0
			}
			v, i := w.arg(0, p)
			null := v.IsNull(i)
			switch {
			case call.T.UsesFloats():
				if !null {
					sf += v.Float(i)
				}
				w.set(p, value.Value{T: call.T, F: sf})
			default:
				if !null {
					si += v.Int64(i)
				}
				w.set(p, value.Value{T: call.T, I: si})
			}
		}
	case plan.WinRankMin, plan.WinRankDense:
		var rank, pos int64
		for p := 0; p < n; p++ {
			pos++
			switch {
			case p == 0 || w.restart(1, p):
				rank, pos = 1, 1
			case w.same(0, p, p-1):
			case call.Fn == plan.WinRankMin:
				rank = pos
			default:
				rank++
			}
			w.set(p, value.NewLong(rank))
		}
	case plan.WinWindowSession:
		var start, prev int64
		open := false
		for p := 0; p < n; p++ {
			v, i := w.arg(0, p)
			if v.IsNull(i) {
				// A null ends the session: the next value starts a new one.
				w.set(p, value.Null(value.DateTime))
				open = false
				continue
			}
			t := v.Int64(i)
			fresh := !open || w.restart(3, p)
			if !fresh {
				if d, j := w.arg(1, p); !d.IsNull(j) && t >= start+d.Int64(j) {
					fresh = true
				}
				if d, j := w.arg(2, p); !d.IsNull(j) && t >= prev+d.Int64(j) {
					fresh = true
				}
			}
			if fresh {
				start = t
			}
			open = true
			prev = t
			w.set(p, value.NewDateTime(start))
		}
	default:
		panic("BUG: unknown window function " + call.Fn)
	}
}
