package sema

import (
	"strings"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.MvApplyOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.mvApply(op.(*syntax.MvApplyOp), in, e)
	})
}

// mvApply analyzes mv-apply. The items expand each input row into a
// sub-table exactly as mv-expand would (same columns, same names); the
// subquery is analyzed once against that sub-table's schema and runs for
// every input row. The output is the input's columns the subquery does not
// return (and that were not expanded in place) followed by the subquery's.
func (a *analyzer) mvApply(o *syntax.MvApplyOp, in plan.Node, e *env) plan.Node {
	for _, p := range o.Params {
		if strings.HasPrefix(strings.ToLower(p.Name), "hint.") {
			continue // hints only steer distribution
		}
		a.errorf(p, "mv-apply parameter '%s' is not supported", p.Name)
		return nil
	}
	schema := in.Schema()
	sc := &scope{cols: schema, env: e}
	m := &plan.MvApply{In: in, ItemIndex: -1, Limit: -1}
	if o.Limit != nil {
		m.Limit = a.count(o.Limit, sc)
	}
	sub := append(value.Schema(nil), schema...)
	nm := newNames(sub)
	expanded := make([]bool, len(schema))
	for _, it := range o.Items {
		x := a.scalar(it.X, sc)
		if x.Type() != value.Dynamic && x.Type() != value.Unknown {
			a.errorf(it.X, "mv-apply needs a dynamic array or bag, got %s", x.Type())
		}
		var name string
		switch {
		case it.Name != nil:
			name = it.Name.Name
		default:
			if n, ok := exprName(it.X); ok {
				name = n
			} else {
				name = nm.gen("Column")
			}
		}
		to := it.ToType
		if to == value.Unknown {
			to = value.Dynamic
		}
		idx := sub.Index(name)
		if idx < 0 {
			sub = append(sub, value.Column{Name: name, Type: to})
			idx = len(sub) - 1
		} else {
			sub[idx].Type = to
			if idx < len(schema) {
				expanded[idx] = true
			}
		}
		m.Cols = append(m.Cols, plan.MvExpandCol{X: x, Index: idx, ToType: to})
	}
	if o.ItemIndex != nil {
		if sub.Index(o.ItemIndex.Name) >= 0 {
			a.errorf(o.ItemIndex, "with_itemindex column '%s' already exists", o.ItemIndex.Name)
			return nil
		}
		sub = append(sub, value.Column{Name: o.ItemIndex.Name, Type: value.Long})
		m.ItemIndex = len(sub) - 1
	}
	m.Source = &plan.MvApplySource{Out: sub}
	// The subquery gets its own scope for names it binds (as, let).
	var n plan.Node = m.Source
	se := newEnv(e)
	for _, op := range o.On {
		n = a.operator(op, n, se)
		if n == nil {
			return nil
		}
	}
	m.Sub = n
	m.Named = len(se.names) > 0
	m.PerRow = m.Named || !positional(n, m.Source)
	subOut := n.Schema()
	for i, c := range schema {
		if expanded[i] || subOut.Index(c.Name) >= 0 {
			continue
		}
		m.Outer = append(m.Outer, i)
		m.Out = append(m.Out, c)
	}
	m.Out = append(m.Out, subOut...)
	return m
}

// positional reports whether every node from n down to src keeps each
// row's physical position in its batch (filters narrow the selection;
// projections and parsers compute columns row by row), so that a batch of
// sub-tables can go through them at once.
func positional(n plan.Node, src plan.Node) bool {
	for n != src {
		switch n.(type) {
		case *plan.Filter, *plan.Project, *plan.Parse, *plan.ParseKv:
		default:
			return false
		}
		n = n.Inputs()[0]
	}
	return true
}
