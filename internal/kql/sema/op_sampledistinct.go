package sema

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.SampleDistinctOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		o := op.(*syntax.SampleDistinctOp)
		n, ok := a.rowCount(o.N, e)
		x := a.scalar(o.Of, &scope{cols: in.Schema(), env: e})
		switch x.Type() {
		case value.Unknown:
			ok = false
		case value.Dynamic:
			a.errorf(o.Of, "sample-distinct cannot take distinct dynamic values; convert them first (tostring(), tolong(), ...)")
			ok = false
		}
		if !ok {
			return nil
		}
		name, named := exprName(o.Of)
		if !named {
			name = "Column1"
		}
		return &plan.SampleDistinct{In: in, N: n, X: x, Out: value.Schema{{Name: name, Type: x.Type()}}}
	})
}
