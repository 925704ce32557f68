package sema

import (
	"strconv"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.TopNestedOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.topNested(op.(*syntax.TopNestedOp), in, e)
	})
}

func (a *analyzer) topNested(o *syntax.TopNestedOp, in plan.Node, e *env) plan.Node {
	sc := &scope{cols: in.Schema(), env: e}
	tn := &plan.TopNested{In: in}
	nm := newNames(nil)
	ok := true
	for _, lv := range o.Levels {
		l := plan.TopNestedLevel{N: -1, Desc: lv.Desc}
		if lv.N != nil {
			n, good := a.rowCount(lv.N, e)
			ok = ok && good
			l.N = n
		}
		l.Of = a.scalar(lv.Of.X, sc)
		ot := l.Of.Type()
		switch ot {
		case value.Unknown:
			ok = false
		case value.Dynamic:
			a.errorf(lv.Of.X, "top-nested cannot group by a dynamic value; convert it first (tostring(), tolong(), ...)")
			ok = false
		}
		name := nm.unique(a.groupName(lv.Of, nm))
		if lv.Others != nil {
			c := a.constant(lv.Others, &scope{env: e})
			switch {
			case c == nil:
				ok = false
			case ot != value.Unknown:
				v, good := coerceConst(*c, ot)
				if !good {
					a.errorf(lv.Others, "the others value must be a %s like the values of '%s', got %s", ot, name, c.T)
					ok = false
				}
				l.Others = &v
			}
		}
		aggs, by, good := a.aggregateExpr(lv.By.X, sc, "top-nested")
		if !good {
			ok = false
			continue
		}
		l.Aggs, l.By = aggs, by
		aggName := "aggregated_" + name
		if len(lv.By.Names) > 0 {
			aggName = lv.By.Names[0].Name
		}
		tn.Out = append(tn.Out,
			value.Column{Name: name, Type: ot},
			value.Column{Name: nm.unique(aggName), Type: by.Type()})
		tn.Levels = append(tn.Levels, l)
	}
	if !ok {
		return nil
	}
	return tn
}

// rowCount is a constant number of values: a whole number, or a real that
// is truncated (top-hitters, sample-distinct and top-nested accept both).
func (a *analyzer) rowCount(x syntax.Expr, e *env) (int64, bool) {
	c := a.constant(x, &scope{env: e})
	if c == nil {
		return 0, false
	}
	var n int64
	switch {
	case c.IsNull():
		a.errorf(x, "the number of values must not be null")
		return 0, false
	case c.T.IsInteger():
		n = c.I
	case c.T.UsesFloats():
		n = int64(c.F)
	default:
		a.errorf(x, "expected a number of values, got %s", c.T)
		return 0, false
	}
	if n < 0 {
		a.errorf(x, "the number of values must not be negative")
		return 0, false
	}
	return n, true
}

// aggregateExpr analyzes an expression over aggregates, such as sum(x) or
// sum(x) / count(): each aggregate call becomes input column k of the
// returned expression, which is evaluated over the aggregates' results.
// Input columns outside an aggregate are not allowed.
func (a *analyzer) aggregateExpr(x syntax.Expr, sc *scope, opName string) ([]plan.AggCall, plan.Expr, bool) {
	var aggs []plan.AggCall
	var cols value.Schema
	ok := true
	var rewrite func(x syntax.Expr) syntax.Expr
	rewrite = func(x syntax.Expr) syntax.Expr {
		switch v := x.(type) {
		case *syntax.CallExpr:
			if fn.LookupAggregate(v.Func.Name) != nil && fn.Lookup(v.Func.Name) == nil {
				ac, types, _, good := a.aggregateCall(v, sc)
				if !good {
					ok = false
					return &syntax.Literal{Value: value.Null(value.Unknown), Sp: v.Sp}
				}
				if len(types) != 1 {
					a.errorf(v, "%s needs aggregations with one result; %s() has %d", opName, ac.Agg.Name, len(types))
					ok = false
					return &syntax.Literal{Value: value.Null(value.Unknown), Sp: v.Sp}
				}
				// A name no query can spell refers to the aggregate's result.
				name := "\x00agg" + strconv.Itoa(len(aggs))
				aggs = append(aggs, ac)
				cols = append(cols, value.Column{Name: name, Type: types[0]})
				return &syntax.Ident{Name: name, Quoted: true, Sp: v.Sp}
			}
			args := make([]syntax.Expr, len(v.Args))
			for i, arg := range v.Args {
				args[i] = rewrite(arg)
			}
			return &syntax.CallExpr{Func: v.Func, Args: args, Sp: v.Sp}
		case *syntax.BinaryExpr:
			return &syntax.BinaryExpr{Op: v.Op, Left: rewrite(v.Left), Right: rewrite(v.Right), OpSp: v.OpSp, Sp: v.Sp}
		case *syntax.UnaryExpr:
			return &syntax.UnaryExpr{Op: v.Op, X: rewrite(v.X), Sp: v.Sp}
		case *syntax.ParenExpr:
			return &syntax.ParenExpr{X: rewrite(v.X), Sp: v.Sp}
		}
		return x
	}
	rx := rewrite(x)
	if !ok {
		return nil, nil, false
	}
	if len(aggs) == 0 {
		a.errorf(x, "%s expects an aggregation such as sum(x) or count() after 'by', found %s", opName, x.String())
		return nil, nil, false
	}
	by := a.scalar(rx, &scope{cols: cols, env: sc.env})
	switch t := by.Type(); {
	case t == value.Unknown:
		return nil, nil, false
	case t == value.Dynamic:
		a.errorf(x, "%s cannot order by a dynamic value", opName)
		return nil, nil, false
	}
	return aggs, by, true
}
