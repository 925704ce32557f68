package sema

import (
	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.TopHittersOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.topHitters(op.(*syntax.TopHittersOp), in, e)
	})
}

// topHitters plans "top-hitters N of X [by S]" as the query the docs give as
// its equivalent, summarize count() (or sum(S)) by X | top N desc. Kusto
// approximates with a count-min sketch; counting exactly gives the values
// that sketch estimates. Ties are broken by value so results never depend on
// batch order.
func (a *analyzer) topHitters(o *syntax.TopHittersOp, in plan.Node, e *env) plan.Node {
	sc := &scope{cols: in.Schema(), env: e}
	n, ok := a.rowCount(o.N, e)
	of := a.scalar(o.Of, sc)
	switch of.Type() {
	case value.Unknown:
		ok = false
	case value.Dynamic:
		a.errorf(o.Of, "top-hitters cannot group by a dynamic value; convert it first (tostring(), tolong(), ...)")
		ok = false
	}
	ofName, named := exprName(o.Of)
	if !named {
		ofName = "Column1"
	}
	agg := fn.LookupAggregate("count")
	var args []plan.Expr
	aggName := "approximate_count_" + ofName
	if o.By != nil {
		agg = fn.LookupAggregate("sum")
		by := a.scalar(o.By, sc)
		switch t := by.Type(); {
		case t == value.Unknown:
			ok = false
		case !t.IsNumeric() && t != value.TimeSpan && t != value.Dynamic:
			a.errorf(o.By, "top-hitters sums a number after 'by', got %s", t)
			ok = false
		}
		args = []plan.Expr{by}
		byName, _ := exprName(o.By)
		aggName = "approximate_sum_" + byName
	}
	if !ok {
		return nil
	}
	fa := make([]fn.Arg, len(args))
	for i, x := range args {
		fa[i] = fn.Arg{Type: x.Type()}
	}
	types, err := agg.Check(fa)
	if err != nil {
		a.errorf(o, "%s(): %s", agg.Name, err.Error())
		return nil
	}
	if aggName == ofName {
		aggName += "1"
	}
	s := &plan.Summarize{
		In:   in,
		Keys: []plan.Expr{of},
		Aggs: []plan.AggCall{{Agg: agg, Args: args, Arg: fa, Outputs: 1}},
		Out:  value.Schema{{Name: ofName, Type: of.Type()}, {Name: aggName, Type: types[0]}},
	}
	return &plan.Top{In: s, N: n, Keys: []plan.SortKey{
		{X: &plan.ColRef{Index: 1, T: types[0], Name: aggName}, Desc: true},
		{X: &plan.ColRef{Index: 0, T: of.Type(), Name: ofName}, NullsFirst: true},
	}}
}
