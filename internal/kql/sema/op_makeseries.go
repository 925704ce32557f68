package sema

import (
	"strings"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.MakeSeriesOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.makeSeries(op.(*syntax.MakeSeriesOp), in, e)
	})
}

func (a *analyzer) makeSeries(o *syntax.MakeSeriesOp, in plan.Node, e *env) plan.Node {
	sc := &scope{cols: in.Schema(), env: e}
	ms := &plan.MakeSeries{In: in, InRange: a.msInRange(o)}
	ok := true
	for _, p := range o.Params {
		switch {
		case p.Name == "kind":
			// The parser accepts only kind=nonempty.
			ms.NonEmpty = true
		case strings.HasPrefix(p.Name, "hint."):
			// Hints only distribute work; results are the same without them.
		default:
			a.errorf(p, "make-series parameter '%s' is not supported", p.Name)
			ok = false
		}
	}
	nm := newNames(nil)
	var out value.Schema
	for _, k := range o.By {
		x := a.scalar(k.X, sc)
		if x.Type() == value.Dynamic {
			a.errorf(k.X, "make-series cannot group by a dynamic value; convert it first (tostring(), tolong(), ...)")
			ok = false
		}
		ms.Keys = append(ms.Keys, x)
		out = append(out, value.Column{Name: nm.unique(a.groupName(k, nm)), Type: x.Type()})
	}
	for _, sa := range o.Aggs {
		call, names, types, good := a.namedAggregate(sa.Agg, sc, "make-series")
		if !good {
			ok = false
			continue
		}
		if len(types) != 1 {
			a.errorf(sa.Agg.X, "make-series needs aggregations with one result; %s() has %d", call.Agg.Name, len(types))
			ok = false
			continue
		}
		t := types[0]
		switch {
		case t.IsNumeric(), t == value.Bool, t == value.DateTime, t == value.TimeSpan:
		default:
			a.errorf(sa.Agg.X, "make-series needs aggregations with a numeric result; %s() returns %s", call.Agg.Name, t)
			ok = false
			continue
		}
		def := value.Value{T: t}
		if t.UsesFloats() {
			def = value.Value{T: t, F: 0}
		}
		if sa.Default != nil {
			c := a.constant(sa.Default, &scope{env: e})
			if c == nil {
				ok = false
				continue
			}
			d, good := msDefault(*c, t)
			if !good {
				a.errorf(sa.Default, "the default of %s() must be a %s, got %s", call.Agg.Name, t, c.T)
				ok = false
				continue
			}
			def = d
		}
		name := names[0]
		if len(sa.Agg.Names) == 0 {
			name = nm.unique(name)
		} else {
			nm.used[name] = true
		}
		out = append(out, value.Column{Name: name, Type: value.Dynamic})
		ms.Aggs = append(ms.Aggs, plan.SeriesAgg{AggCall: call, Default: def})
	}

	ms.Axis = a.scalar(o.On, sc)
	at := ms.Axis.Type()
	switch {
	case at == value.Unknown:
		ok = false
	case at == value.DateTime, at == value.TimeSpan, at.IsNumeric():
	default:
		a.errorf(o.On, "the make-series axis must be a datetime, timespan or number, got %s", at)
		ok = false
	}
	free := &scope{env: e} // from, to and step may not read columns
	ms.Step = a.scalar(o.Step, free)
	st := ms.Step.Type()
	switch {
	case st == value.Unknown || !ok:
	case (at == value.DateTime || at == value.TimeSpan) && st == value.TimeSpan:
		ms.AxisType = at
	case at.IsNumeric() && st.IsNumeric():
		ms.AxisType = value.PromoteNumeric(at, st)
		if ms.AxisType == value.Int {
			ms.AxisType = value.Long
		}
	default:
		a.errorf(o.Step, "the make-series step of a %s axis must be a %s, got %s", at, msStepKind(at), st)
		ok = false
	}
	if c, isConst := ms.Step.(*plan.Const); isConst && ok {
		if pos, known := msPositive(c.V); known && !pos {
			a.errorf(o.Step, "the make-series step must be greater than zero")
			ok = false
		}
	}
	bound := func(x syntax.Expr, what string) plan.Expr {
		if x == nil {
			return nil
		}
		b := a.scalar(x, free)
		bt := b.Type()
		switch {
		case bt == value.Unknown || at == value.Unknown:
			ok = false
		case bt == at, bt.IsNumeric() && at.IsNumeric():
		default:
			a.errorf(x, "the make-series %s must be a %s like the axis, got %s", what, at, bt)
			ok = false
		}
		return b
	}
	ms.From = bound(o.From, "start")
	ms.To = bound(o.To, "end")

	axisName := ""
	if n, isName := exprName(o.On); isName {
		axisName = n
	} else if c, isCall := o.On.(*syntax.CallExpr); isCall && isBinLike(c.Func.Name) && len(c.Args) > 0 {
		axisName, _ = exprName(c.Args[0])
	}
	if axisName == "" {
		axisName = nm.gen("Column")
	}
	out = append(out, value.Column{Name: nm.unique(axisName), Type: value.Dynamic})
	if !ok {
		return nil
	}
	ms.Out = out
	return ms
}

// msInRange reports whether the operator was written in the legacy form
// "on Axis in range(start, stop, step)", which the parser folds into
// from/to/step but whose stop is inclusive.
func (a *analyzer) msInRange(o *syntax.MakeSeriesOp) bool {
	if o.From == nil || o.On == nil {
		return false
	}
	s, e := o.On.Span().End, o.From.Span().Start
	if s < 0 || e > len(a.src) || s > e {
		return false
	}
	gap := strings.TrimSpace(a.src[s:e])
	return strings.HasPrefix(gap, "in") && strings.Contains(gap, "range")
}

// groupName is the output name of a by key: its given name, the column it
// reads (also through bin()), or a generated ColumnN.
func (a *analyzer) groupName(k *syntax.NamedExpr, nm *names) string {
	if len(k.Names) > 0 {
		return k.Names[0].Name
	}
	if n, ok := exprName(k.X); ok {
		return n
	}
	if c, ok := k.X.(*syntax.CallExpr); ok && isBinLike(c.Func.Name) && len(c.Args) > 0 {
		if n, ok := exprName(c.Args[0]); ok {
			return n
		}
	}
	return nm.gen("Column")
}

// namedAggregate analyzes "[Name =] agg(args)" outside summarize and
// returns the call with the output names summarize would give it.
func (a *analyzer) namedAggregate(ag *syntax.NamedExpr, sc *scope, opName string) (plan.AggCall, []string, []value.Type, bool) {
	call, isCall := unparen(ag.X).(*syntax.CallExpr)
	if !isCall || fn.LookupAggregate(call.Func.Name) == nil {
		a.errorf(ag.X, "%s expects an aggregation function such as count() or sum(x), found %s", opName, ag.X.String())
		return plan.AggCall{}, nil, nil, false
	}
	ac, types, argNodes, ok := a.aggregateCall(call, sc)
	if !ok {
		return plan.AggCall{}, nil, nil, false
	}
	names := a.aggNames(ac.Agg.Name, ag, call, argNodes, ac.Arg, len(types))
	return ac, names, types, true
}

// aggregateCall type-checks one aggregate call of the catalog.
func (a *analyzer) aggregateCall(call *syntax.CallExpr, sc *scope) (plan.AggCall, []value.Type, []syntax.Expr, bool) {
	agg := fn.LookupAggregate(call.Func.Name)
	var args []plan.Expr
	for _, x := range call.Args {
		if _, star := x.(*syntax.StarExpr); star {
			a.errorf(x, "'*' in %s() is not supported here", agg.Name)
			return plan.AggCall{}, nil, nil, false
		}
		args = append(args, a.scalar(x, sc))
	}
	if len(args) < agg.MinArgs || (agg.MaxArgs >= 0 && len(args) > agg.MaxArgs) {
		a.errorf(call, "aggregate '%s' expects %d to %d arguments, got %d", agg.Name, agg.MinArgs, agg.MaxArgs, len(args))
		return plan.AggCall{}, nil, nil, false
	}
	fa := make([]fn.Arg, len(args))
	for i, x := range args {
		if x.Type() == value.Unknown {
			return plan.AggCall{}, nil, nil, false
		}
		fa[i] = fn.Arg{Type: x.Type()}
		if c, ok := x.(*plan.Const); ok {
			v := c.V
			fa[i].Const = &v
		}
	}
	types, err := agg.Check(fa)
	if err != nil {
		a.errorf(call, "%s(): %s", agg.Name, err.Error())
		return plan.AggCall{}, nil, nil, false
	}
	return plan.AggCall{Agg: agg, Args: args, Arg: fa, Outputs: len(types)}, types, call.Args, true
}

// msDefault converts a make-series default into the aggregate's type.
func msDefault(v value.Value, t value.Type) (value.Value, bool) {
	if v.IsNull() && v.T != value.String {
		return value.Null(t), true
	}
	switch {
	case v.T == t:
		return v, true
	case t.IsNumeric() && v.T.IsNumeric():
		if t.UsesFloats() {
			f, _ := value.ConstVector(v).AsReal(0)
			return value.Value{T: t, F: f}, true
		}
		n, ok := value.ConstVector(v).AsLong(0)
		return value.Value{T: t, I: n}, ok
	}
	return v, false
}

func msStepKind(axis value.Type) string {
	if axis.IsNumeric() {
		return "number"
	}
	return "timespan"
}

// msPositive reports whether a constant step is positive; known is false
// for a null step (reported when the query runs).
func msPositive(v value.Value) (pos, known bool) {
	if v.IsNull() {
		return false, false
	}
	if v.T.UsesFloats() {
		return v.F > 0, true
	}
	return v.I > 0, true
}
