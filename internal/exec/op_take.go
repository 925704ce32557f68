package exec

import (
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// take keeps the first N rows of the input in batch order. Workers stop
// pulling new batches once N rows are certain to be available.
func (q *query) take(x *plan.Take) (*table.Table, error) {
	if x.N == 0 {
		return &table.Table{Schema: x.Schema()}, nil
	}
	var mu sync.Mutex
	outs := map[int]*value.Batch{}
	var rows atomic.Int64
	err := q.stream(x.In, func(_, seq int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		mu.Lock()
		outs[seq] = b
		mu.Unlock()
		if rows.Add(int64(b.Rows())) >= x.N {
			// Later batches cannot contribute once the earlier ones hold N
			// rows; batches already running may finish.
			return errStop
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	t := orderedTable(x.Schema(), outs)
	return limitRows(t, x.N), nil
}

// limitRows returns the first n rows of t.
func limitRows(t *table.Table, n int64) *table.Table {
	out := &table.Table{Schema: t.Schema}
	left := n
	for _, b := range t.Batches {
		if left <= 0 {
			break
		}
		r := int64(b.Rows())
		if r <= left {
			out.Batches = append(out.Batches, b)
			left -= r
			continue
		}
		sel := make([]int32, left)
		for k := range sel {
			sel[k] = int32(b.Row(k))
		}
		out.Batches = append(out.Batches, &value.Batch{Len: b.Len, Cols: b.Cols, Sel: sel})
		left = 0
	}
	return out
}

// sample keeps N rows chosen uniformly at random (reservoir sampling).
func (q *query) sample(x *plan.Sample) (*table.Table, error) {
	in, err := q.run(x.In)
	if err != nil {
		return nil, err
	}
	type ref struct {
		b   *value.Batch
		row int
	}
	var res []ref
	seen := int64(0)
	r := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	for _, b := range in.Batches {
		b.ForEach(func(i int) {
			seen++
			if int64(len(res)) < x.N {
				res = append(res, ref{b, i})
				return
			}
			if j := r.Int64N(seen); j < x.N {
				res[j] = ref{b, i}
			}
		})
	}
	out := table.NewBuilder("", x.Schema())
	for _, rf := range res {
		cols := out.Cols()
		for c, v := range rf.b.Cols {
			cols[c].Append(v, rf.row)
		}
		out.Commit()
	}
	return out.Table(), nil
}

func (q *query) count(x *plan.Count) (*table.Table, error) {
	var n atomic.Int64
	err := q.stream(x.In, func(_, _ int, b *value.Batch) error {
		n.Add(int64(b.Rows()))
		return nil
	})
	if err != nil {
		return nil, err
	}
	b := table.NewBuilder("", x.Schema())
	b.AppendRow([]value.Value{value.NewLong(n.Load())})
	return b.Table(), nil
}
