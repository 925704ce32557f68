package exec

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/value"
)

func (c *compiler) project(x *plan.Project) (stage, error) {
	evs, err := c.exprs(x.Exprs)
	if err != nil {
		return nil, err
	}
	return func(b *value.Batch) *value.Batch {
		out := &value.Batch{Len: b.Len, Sel: b.Sel, Cols: make([]*value.Vector, len(evs))}
		for i, ev := range evs {
			out.Cols[i] = ev(b)
		}
		return out
	}, nil
}
