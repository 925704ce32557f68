package sema

import (
	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.FacetOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.facet(op.(*syntax.FacetOp), in, e)
	})
}

// facet plans one table per facet column (its values and their counts,
// count_<column>) after the table of the with clause, when there is one.
// The statement's result is the first table; plan.Facet.Results lists all
// of them for callers that return several tables per statement. Like fork,
// facet must end its statement (plan.Facet is a root-only node).
func (a *analyzer) facet(o *syntax.FacetOp, in plan.Node, e *env) plan.Node {
	ok := true
	f := &plan.Facet{In: in, Sp: plan.SrcSpan{Start: o.Sp.Start, End: o.Sp.End}}
	if o.With != nil {
		var n plan.Node = in
		for _, op := range o.With {
			if n == nil {
				break
			}
			n = a.operator(op, n, e)
		}
		if n == nil {
			ok = false
		}
		f.Tables = append(f.Tables, n)
	}
	schema := in.Schema()
	count := fn.LookupAggregate("count")
	for _, c := range o.Cols {
		i := schema.Index(c.Name)
		if i < 0 {
			a.errorf(c, "failed to resolve column '%s'", c.Name)
			ok = false
			continue
		}
		col := schema[i]
		if col.Type == value.Dynamic {
			a.errorf(c, "facet cannot count the values of dynamic column '%s'; convert it first", c.Name)
			ok = false
			continue
		}
		types, err := count.Check(nil)
		if err != nil {
			panic("BUG: count() does not check: " + err.Error())
		}
		f.Tables = append(f.Tables, &plan.Summarize{
			In:   in,
			Keys: []plan.Expr{&plan.ColRef{Index: i, T: col.Type, Name: col.Name}},
			Aggs: []plan.AggCall{{Agg: count, Outputs: 1}},
			Out:  value.Schema{col, {Name: "count_" + col.Name, Type: types[0]}},
		})
	}
	if !ok {
		return nil
	}
	return f
}
