package sema

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

// windowFuncs are Kusto's window functions: they read other rows of a
// serialized row set, so they compile to a plan.Window under the extend or
// project that uses them instead of to a row-level call.
var windowFuncs = map[string]bool{
	plan.WinRowNumber: true, plan.WinPrev: true, plan.WinNext: true,
	plan.WinRowCumsum: true, plan.WinRankMin: true, plan.WinRankDense: true,
	plan.WinWindowSession: true,
}

// windowCalls collects the window function calls of one extend or project.
// Each call becomes a column appended after the input's columns; the
// expression that used it reads that column.
type windowCalls struct {
	node       *plan.Window
	serialized bool
}

// windowScope returns sc with window functions allowed over in.
func (a *analyzer) windowScope(in plan.Node, sc *scope) *scope {
	s := *sc
	s.win = &windowCalls{
		node:       &plan.Window{In: in, Out: append(value.Schema(nil), in.Schema()...)},
		serialized: plan.Serialized(in),
	}
	return &s
}

// windowProject puts the Window node computing the calls collected in sc
// under p, when there are any.
func (a *analyzer) windowProject(p *plan.Project, sc *scope) plan.Node {
	if sc.win != nil && len(sc.win.node.Calls) > 0 {
		p.In = sc.win.node
	}
	return p
}

// windowCall analyzes a call of a window function and returns a reference
// to the column that will hold its result.
func (a *analyzer) windowCall(e *syntax.CallExpr, sc *scope) plan.Expr {
	name := e.Func.Name
	if sc.win == nil {
		a.errorf(e, "window function '%s' can only be used in extend, project or serialize", name)
		return a.bad()
	}
	if !sc.win.serialized {
		a.errorf(e, "function '%s' cannot be invoked: the row set must be serialized (add '| serialize' or '| sort by' before it)", name)
		return a.bad()
	}
	args := make([]plan.Expr, len(e.Args))
	for i, x := range e.Args {
		args[i] = a.scalar(x, sc)
		if args[i].Type() == value.Unknown {
			return a.bad()
		}
	}
	arity := func(min, max int) bool {
		if len(args) < min || len(args) > max {
			want := itoa(min)
			if max != min {
				want += " to " + itoa(max)
			}
			a.errorf(e, "function '%s' expects %s arguments, got %d", name, want, len(args))
			return false
		}
		return true
	}
	restart := func(i int) plan.Expr {
		if i >= len(args) {
			return &plan.Const{V: value.NewBool(false)}
		}
		t := args[i].Type()
		if t != value.Bool && t != value.Dynamic {
			a.errorf(e.Args[i], "%s(): the restart argument must be bool, got %s", name, t)
		}
		return castBool(args[i])
	}
	call := plan.WindowCall{Fn: name}
	switch name {
	case plan.WinRowNumber:
		if !arity(0, 2) {
			return a.bad()
		}
		start := plan.Expr(&plan.Const{V: value.NewLong(1)})
		if len(args) > 0 {
			if !args[0].Type().IsInteger() {
				a.errorf(e.Args[0], "row_number(): the starting index must be an integer, got %s", args[0].Type())
				return a.bad()
			}
			start = args[0]
		}
		call.Args = []plan.Expr{start, restart(1)}
		call.T = value.Long
	case plan.WinPrev, plan.WinNext:
		if !arity(1, 3) {
			return a.bad()
		}
		call.T = args[0].Type()
		call.Offset = 1
		if len(args) > 1 {
			c, ok := args[1].(*plan.Const)
			if !ok || !c.V.T.IsInteger() || c.V.Null || c.V.I < 0 {
				a.errorf(e.Args[1], "%s(): the offset must be a constant non-negative integer", name)
				return a.bad()
			}
			call.Offset = c.V.I
		}
		def := plan.Expr(&plan.Const{V: value.Null(call.T)})
		if len(args) > 2 {
			def = args[2]
			switch dt := def.Type(); {
			case dt == call.T:
			case dt.IsNumeric() && call.T.IsNumeric(), call.T == value.Dynamic, call.T == value.String:
				def = &plan.Cast{X: def, T: call.T}
			default:
				a.errorf(e.Args[2], "%s(): the default value must have the type of the column (%s), got %s", name, call.T, dt)
				return a.bad()
			}
		}
		call.Args = []plan.Expr{args[0], def}
	case plan.WinRowCumsum:
		if !arity(1, 2) {
			return a.bad()
		}
		switch t := args[0].Type(); t {
		case value.Int:
			// Kusto sums ints as longs (like sum()).
			call.T = value.Long
		case value.Long, value.Real, value.Decimal, value.TimeSpan:
			call.T = t
		default:
			a.errorf(e.Args[0], "row_cumsum(): the term must be a number or a timespan, got %s", t)
			return a.bad()
		}
		call.Args = []plan.Expr{args[0], restart(1)}
	case plan.WinRankMin, plan.WinRankDense:
		if !arity(1, 2) {
			return a.bad()
		}
		call.Args = []plan.Expr{args[0], restart(1)}
		call.T = value.Long
	case plan.WinWindowSession:
		if !arity(3, 4) {
			return a.bad()
		}
		if t := args[0].Type(); t != value.DateTime {
			a.errorf(e.Args[0], "row_window_session(): the expression must be a datetime, got %s", t)
			return a.bad()
		}
		for i := 1; i <= 2; i++ {
			if t := args[i].Type(); t != value.TimeSpan {
				a.errorf(e.Args[i], "row_window_session(): the maximum distances must be timespans, got %s", t)
				return a.bad()
			}
		}
		call.Args = []plan.Expr{args[0], args[1], args[2], restart(3)}
		call.T = value.DateTime
	}
	w := sc.win.node
	w.Calls = append(w.Calls, call)
	col := "$window" + itoa(len(w.Calls))
	w.Out = append(w.Out, value.Column{Name: col, Type: call.T})
	return &plan.ColRef{Index: len(w.Out) - 1, T: call.T, Name: col}
}
