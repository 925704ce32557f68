package exec

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/value"
)

func (c *compiler) filter(x *plan.Filter) (stage, error) {
	// Each top-level "and" part runs only on the rows the previous parts kept.
	parts := plan.Conjuncts(x.Pred, nil)
	evs, err := c.exprs(parts)
	if err != nil {
		return nil, err
	}
	return func(b *value.Batch) *value.Batch {
		cur := b
		for _, ev := range evs {
			v := ev(cur)
			if v.Const {
				if v.IsNull(0) || !v.Bool(0) {
					return &value.Batch{Len: cur.Len, Cols: cur.Cols, Sel: []int32{}}
				}
				continue
			}
			sel := make([]int32, 0, cur.Rows())
			hasNulls := v.MaybeHasNulls()
			forRows(cur, func(i int) {
				if v.B[i] && (!hasNulls || !v.IsNull(i)) {
					sel = append(sel, int32(i))
				}
			})
			cur = &value.Batch{Len: cur.Len, Cols: cur.Cols, Sel: sel}
			if len(sel) == 0 {
				break
			}
		}
		return cur
	}, nil
}
