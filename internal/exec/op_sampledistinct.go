package exec

import (
	"sync"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerRunner((*plan.SampleDistinct)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.sampleDistinct(n.(*plan.SampleDistinct))
	})
}

// sampleDistinct collects distinct values until it has N, then stops the
// scan: like Kusto it favours speed, so which values come back depends on
// which batches the workers read first.
func (q *query) sampleDistinct(x *plan.SampleDistinct) (*table.Table, error) {
	out := table.NewBuilder("", x.Out)
	if x.N == 0 {
		return out.Table(), nil
	}
	evs := make([]evaluator, q.opts.Workers)
	for w := range evs {
		ev, err := q.compiler().expr(x.X)
		if err != nil {
			return nil, err
		}
		evs[w] = ev
	}
	var mu sync.Mutex
	seen := map[string]bool{}
	vals := value.NewVector(x.X.Type(), 0)
	err := q.stream(x.In, func(w, _ int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		v := evs[w](b)
		var key []byte
		mu.Lock()
		defer mu.Unlock()
		full := int64(len(seen)) >= x.N
		b.ForEach(func(i int) {
			if full {
				return
			}
			key = appendKey(key[:0], v, i)
			if seen[string(key)] {
				return
			}
			seen[string(key)] = true
			vals.Append(v, i)
			full = int64(len(seen)) >= x.N
		})
		if full {
			return errStop
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := 0; i < vals.Len(); i++ {
		cols := out.Cols()
		cols[0].Append(vals, i)
		out.Commit()
	}
	return out.Table(), nil
}
