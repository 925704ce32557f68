package sema

import (
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

// scope is what names mean inside a scalar expression: the input row's
// columns first, then let bindings.
type scope struct {
	cols value.Schema
	env  *env
	// win collects the window function calls of an extend or project
	// (op_window.go); nil where window functions are not allowed.
	win *windowCalls
	// aggCols maps the aggregate calls inside a summarize expression such as
	// toupper(tohex(binary_all_and(x))) to the hidden columns holding them.
	aggCols map[*syntax.CallExpr]*plan.ColRef
}

func (a *analyzer) bad() plan.Expr { return &plan.Const{V: value.Null(value.Unknown)} }

// scalar analyzes a scalar expression. It never returns nil: on error it
// reports and returns an untyped null so analysis can go on.
func (a *analyzer) scalar(x syntax.Expr, sc *scope) plan.Expr {
	switch e := x.(type) {
	case *syntax.Literal:
		return &plan.Const{V: e.Value}
	case *syntax.ParenExpr:
		if a.isTabular(e.X, sc.env) {
			a.errorf(e, "a tabular expression cannot be used as a scalar; wrap it in toscalar()")
			return a.bad()
		}
		return a.scalar(e.X, sc)
	case *syntax.Ident:
		return a.ident(e, sc)
	case *syntax.BinaryExpr:
		return a.binary(e, sc)
	case *syntax.UnaryExpr:
		v := a.scalar(e.X, sc)
		t := v.Type()
		if t != value.Unknown && !t.IsNumeric() && t != value.TimeSpan && t != value.Dynamic {
			a.errorf(e, "unary %s cannot be applied to %s", e.Op, t)
			return a.bad()
		}
		if e.Op == "+" {
			return v
		}
		if c, ok := v.(*plan.Const); ok && !c.V.Null {
			switch {
			case c.V.T.UsesInts():
				return &plan.Const{V: value.Value{T: c.V.T, I: -c.V.I}}
			case c.V.T.UsesFloats():
				return &plan.Const{V: value.Value{T: c.V.T, F: -c.V.F}}
			}
		}
		return &plan.Neg{X: v}
	case *syntax.InExpr:
		return a.in(e, sc)
	case *syntax.BetweenExpr:
		v := a.scalar(e.X, sc)
		lo := a.scalar(e.Low, sc)
		hi := a.scalar(e.High, sc)
		a.checkComparable(e, v.Type(), lo.Type())
		a.checkComparable(e, v.Type(), hi.Type())
		return &plan.Between{Not: e.Not, X: v, Lo: lo, Hi: hi}
	case *syntax.CallExpr:
		return a.call(e, sc)
	case *syntax.MemberExpr:
		v := a.scalar(e.X, sc)
		return a.path(e, v, plan.PathElem{Key: e.Name.Name})
	case *syntax.IndexExpr:
		v := a.scalar(e.X, sc)
		idx := a.scalar(e.Index, sc)
		if c, ok := idx.(*plan.Const); ok && !c.V.Null {
			switch {
			case c.V.T == value.String:
				return a.path(e, v, plan.PathElem{Key: c.V.S})
			case c.V.T.IsInteger():
				return a.path(e, v, plan.PathElem{Index: int(c.V.I), IsIndex: true})
			}
		}
		if v.Type() != value.Dynamic && v.Type() != value.Unknown {
			a.errorf(e, "cannot index a value of type %s; only dynamic values have elements", v.Type())
			return a.bad()
		}
		return &plan.DynIndex{X: v, Index: idx}
	case *syntax.NamedArg:
		a.errorf(e, "named arguments ('%s = ...') are not supported", e.Name.Name)
		return a.bad()
	case *syntax.StarExpr:
		a.errorf(e, "'*' is not allowed here")
		return a.bad()
	case *syntax.PipeExpr, *syntax.DatatableExpr, *syntax.PrintExpr, *syntax.RangeExpr, *syntax.UnionOp:
		a.errorf(x, "a tabular expression cannot be used as a scalar; wrap it in toscalar()")
		return a.bad()
	case *syntax.TypeExpr:
		a.errorf(x, "a type name cannot be used as a value")
		return a.bad()
	}
	a.errorf(x, "unsupported expression %s", x.String())
	return a.bad()
}

func (a *analyzer) ident(e *syntax.Ident, sc *scope) plan.Expr {
	if i := sc.cols.Index(e.Name); i >= 0 {
		return &plan.ColRef{Index: i, T: sc.cols[i].Type, Name: e.Name}
	}
	if b := sc.env.lookup(e.Name); b != nil {
		if b.scalar != nil {
			return b.scalar
		}
		if b.isTable {
			a.errorf(e, "'%s' is a table; a scalar is expected here", e.Name)
			return a.bad()
		}
		if b.fn != nil {
			a.errorf(e, "'%s' is a function; call it with ()", e.Name)
			return a.bad()
		}
	}
	if !e.Quoted {
		// Functions without arguments may be written without parentheses
		// (now, pi are common).
		if f := fn.Lookup(e.Name); f != nil && f.MinArgs == 0 {
			return a.call(&syntax.CallExpr{Func: e, Sp: e.Sp}, sc)
		}
	}
	a.errorf(e, "failed to resolve column '%s'", e.Name)
	return a.bad()
}

func (a *analyzer) path(n syntax.Node, v plan.Expr, el plan.PathElem) plan.Expr {
	if v.Type() == value.Unknown {
		return a.bad()
	}
	if v.Type() != value.Dynamic {
		a.errorf(n, "cannot access a member of a value of type %s; only dynamic values have members", v.Type())
		return a.bad()
	}
	if p, ok := v.(*plan.Path); ok {
		elems := append(append([]plan.PathElem(nil), p.Elems...), el)
		return &plan.Path{X: p.X, Elems: elems}
	}
	return &plan.Path{X: v, Elems: []plan.PathElem{el}}
}

var compareOps = map[string]bool{"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true, "<>": true}

func (a *analyzer) binary(e *syntax.BinaryExpr, sc *scope) plan.Expr {
	l := a.scalar(e.Left, sc)
	r := a.scalar(e.Right, sc)
	lt, rt := l.Type(), r.Type()
	op := e.Op
	switch {
	case op == "and" || op == "or":
		for _, s := range []struct {
			x plan.Expr
			n syntax.Node
		}{{l, e.Left}, {r, e.Right}} {
			t := s.x.Type()
			if t != value.Bool && t != value.Dynamic && t != value.Unknown {
				a.errorf(s.n, "'%s' needs bool operands, got %s", op, t)
			}
		}
		return &plan.Logic{Op: op, L: castBool(l), R: castBool(r)}
	case compareOps[op]:
		if op == "<>" {
			op = "!="
		}
		if lt == value.Unknown || rt == value.Unknown {
			return a.bad()
		}
		if !a.checkComparable(e, lt, rt) {
			return a.bad()
		}
		if (op != "==" && op != "!=") && (lt == value.Bool || rt == value.Bool) {
			a.errorf(e, "cannot order values of type bool with '%s'", op)
			return a.bad()
		}
		return &plan.Compare{Op: op, L: l, R: r}
	case op == "+" || op == "-" || op == "*" || op == "/" || op == "%":
		if lt == value.Unknown || rt == value.Unknown {
			return a.bad()
		}
		t, ok := arithType(op, lt, rt)
		if !ok {
			a.errorf(e, "operator '%s' cannot be applied to %s and %s", op, lt, rt)
			return a.bad()
		}
		return &plan.Arith{Op: op, L: l, R: r, T: t}
	}
	f := fn.Lookup(op)
	if f == nil {
		a.errorf(e, "unknown operator '%s'", op)
		return a.bad()
	}
	return a.apply(e, f, []plan.Expr{l, r}, []syntax.Node{e.Left, e.Right})
}

func castBool(x plan.Expr) plan.Expr {
	if x.Type() == value.Dynamic {
		return &plan.Cast{X: x, T: value.Bool}
	}
	return x
}

// checkComparable reports whether Kusto compares values of types l and r
// (dynamic compares with anything, numbers with numbers, strings with
// strings and guids).
func (a *analyzer) checkComparable(n syntax.Node, l, r value.Type) bool {
	if l == value.Unknown || r == value.Unknown || l == value.Dynamic || r == value.Dynamic {
		return true
	}
	if l.IsNumeric() && r.IsNumeric() || l == r {
		return true
	}
	if (l == value.String && r == value.GUID) || (l == value.GUID && r == value.String) {
		return true
	}
	a.errorf(n, "cannot compare values of types %s and %s", l, r)
	return false
}

// arithType is Kusto's result type of l op r.
func arithType(op string, l, r value.Type) (value.Type, bool) {
	if l == value.Dynamic || r == value.Dynamic {
		return value.Dynamic, true
	}
	switch {
	case l.IsInteger() && r.IsInteger():
		// int op int is long in Kusto, so int arithmetic cannot overflow 32 bits.
		return value.Long, true
	case l.IsNumeric() && r.IsNumeric():
		return value.PromoteNumeric(l, r), true
	case l == value.DateTime && r == value.DateTime && op == "-":
		return value.TimeSpan, true
	case l == value.DateTime && r == value.TimeSpan && (op == "+" || op == "-"):
		return value.DateTime, true
	case l == value.TimeSpan && r == value.DateTime && op == "+":
		return value.DateTime, true
	case l == value.TimeSpan && r == value.TimeSpan:
		switch op {
		case "+", "-", "%":
			return value.TimeSpan, true
		case "/":
			return value.Real, true
		}
	case l == value.TimeSpan && r.IsNumeric() && (op == "*" || op == "/"):
		return value.TimeSpan, true
	case l.IsNumeric() && r == value.TimeSpan && op == "*":
		return value.TimeSpan, true
	}
	return value.Unknown, false
}

func (a *analyzer) in(e *syntax.InExpr, sc *scope) plan.Expr {
	x := a.scalar(e.X, sc)
	out := &plan.In{Op: e.Op, X: x}
	if len(e.List) == 1 && a.isTabular(e.List[0], sc.env) {
		out.Sub = a.tabular(e.List[0], sc.env)
		if out.Sub != nil && len(out.Sub.Schema()) == 0 {
			a.errorf(e.List[0], "the subquery of '%s' returns no columns", e.Op)
		}
		return out
	}
	for _, el := range e.List {
		v := a.scalar(el, sc)
		out.List = append(out.List, v)
	}
	return out
}

// aggregateCall reports whether the call names an aggregate function.
func isAggregate(name string) bool { return fn.LookupAggregate(name) != nil }

func (a *analyzer) call(e *syntax.CallExpr, sc *scope) plan.Expr {
	if c, ok := sc.aggCols[e]; ok {
		return c
	}
	name := e.Func.Name
	if b := sc.env.lookup(name); b != nil && b.fn != nil {
		tab, x := a.callFunc(e, b, sc, sc.env)
		if tab != nil {
			a.errorf(e, "function '%s' returns a table; a scalar is expected here", name)
			return a.bad()
		}
		if x == nil {
			return a.bad()
		}
		return x
	}
	if windowFuncs[name] {
		return a.windowCall(e, sc) // op_window.go
	}
	switch name {
	case "toscalar":
		if len(e.Args) != 1 {
			a.errorf(e, "toscalar() takes one argument")
			return a.bad()
		}
		if !a.isTabular(e.Args[0], sc.env) {
			return a.scalar(e.Args[0], sc)
		}
		n := a.tabular(e.Args[0], sc.env)
		if n == nil {
			return a.bad()
		}
		s := n.Schema()
		if len(s) == 0 {
			a.errorf(e, "toscalar() needs a subquery with at least one column")
			return a.bad()
		}
		return &plan.Scalar{Sub: n, T: s[0].Type}
	}
	if isAggregate(name) && fn.Lookup(name) == nil {
		a.errorf(e, "aggregate function '%s' is only allowed in summarize (and similar operators)", name)
		return a.bad()
	}
	f := fn.Lookup(name)
	if f == nil {
		if notSupported(name) {
			a.errorf(e.Func, "%s() is not supported", name)
			return a.bad()
		}
		a.errorf(e.Func, "unknown function '%s'", name)
		return a.bad()
	}
	args := make([]plan.Expr, len(e.Args))
	nodes := make([]syntax.Node, len(e.Args))
	for i, x := range e.Args {
		nodes[i] = x
		if t, ok := x.(*syntax.TypeExpr); ok {
			// Type arguments (extract(..., typeof(long))) travel as a
			// string constant naming the type.
			args[i] = &plan.Const{V: value.NewString(t.Type.String())}
			continue
		}
		if c, ok := x.(*syntax.CallExpr); ok && c.Func.Name == "typeof" && len(c.Args) == 1 {
			if t, ok := c.Args[0].(*syntax.TypeExpr); ok {
				args[i] = &plan.Const{V: value.NewString(t.Type.String())}
				continue
			}
			if id, ok := c.Args[0].(*syntax.Ident); ok {
				if t, ok := value.ParseType(id.Name); ok {
					args[i] = &plan.Const{V: value.NewString(t.String())}
					continue
				}
			}
		}
		args[i] = a.scalar(x, sc)
	}
	return a.apply(e, f, args, nodes)
}

// apply type-checks a catalog function application and folds it when every
// argument is constant.
func (a *analyzer) apply(n syntax.Node, f *fn.Scalar, args []plan.Expr, nodes []syntax.Node) plan.Expr {
	if len(args) < f.MinArgs || (f.MaxArgs >= 0 && len(args) > f.MaxArgs) {
		want := strconv.Itoa(f.MinArgs)
		switch {
		case f.MaxArgs < 0:
			want = "at least " + want
		case f.MaxArgs != f.MinArgs:
			want = want + " to " + strconv.Itoa(f.MaxArgs)
		}
		a.errorf(n, "function '%s' expects %s arguments, got %d", f.Name, want, len(args))
		return a.bad()
	}
	fa := make([]fn.Arg, len(args))
	for i, x := range args {
		if x.Type() == value.Unknown {
			return a.bad()
		}
		fa[i] = fn.Arg{Type: x.Type()}
		if c, ok := x.(*plan.Const); ok {
			v := c.V
			fa[i].Const = &v
		}
	}
	t, err := f.Check(fa)
	if err != nil {
		a.errorf(n, "%s(): %s", f.Name, err.Error())
		return a.bad()
	}
	call := &plan.Call{Fn: f, Args: args, T: t}
	return a.fold(call, fa)
}

// fold evaluates a call whose arguments are all constant.
func (a *analyzer) fold(call *plan.Call, fa []fn.Arg) plan.Expr {
	if call.Fn.Volatile {
		return call
	}
	vecs := make([]*value.Vector, len(fa))
	for i, x := range fa {
		if x.Const == nil {
			return call
		}
		vecs[i] = value.ConstVector(*x.Const)
	}
	res := call.Fn.Eval(&fn.Context{Now: a.now}, vecs, 1, nil)
	return &plan.Const{V: res.Get(0)}
}

// exprName is the column name Kusto gives an unnamed expression: columns
// keep their name, dynamic paths join their steps with '_'. ok is false
// when Kusto would generate a name.
func exprName(x syntax.Expr) (string, bool) {
	switch e := x.(type) {
	case *syntax.CallExpr:
		// Conversions and value-preserving functions are named after their
		// argument (tostring(x) is x); a few add a prefix (strlen_x, type_x).
		if len(e.Args) == 0 {
			return "", false
		}
		base, ok := exprName(e.Args[0])
		if !ok {
			return "", false
		}
		if namedAfterArg[e.Func.Name] {
			return base, true
		}
		if p, ok := namePrefix[e.Func.Name]; ok {
			return p + base, true
		}
		return "", false
	case *syntax.Ident:
		return e.Name, true
	case *syntax.ParenExpr:
		return exprName(e.X)
	case *syntax.MemberExpr:
		if base, ok := exprName(e.X); ok {
			return base + "_" + e.Name.Name, true
		}
	case *syntax.IndexExpr:
		base, ok := exprName(e.X)
		if !ok {
			return "", false
		}
		if l, ok := e.Index.(*syntax.Literal); ok && !l.Value.Null {
			switch l.Value.T {
			case value.String:
				return base + "_" + l.Value.S, true
			case value.Long, value.Int:
				return base + "_" + strconv.FormatInt(l.Value.I, 10), true
			}
		}
	}
	return "", false
}

// unsupportedFuncs are Kusto functions harrier knows of but does not
// provide: calling one says so instead of "unknown function".
var unsupportedFuncs = map[string]bool{
	"bag_pack_columns": true, "pack_all": true, "parse_user_agent": true, "parse_xml": true,
	"parse_version": true, "series_outliers": true, "series_decompose": true,
	"series_decompose_anomalies": true, "series_decompose_forecast": true, "series_iir": true,
	"series_fir": true, "series_periods_detect": true, "series_periods_validate": true,
	"series_fit_line": true, "series_fit_2lines": true, "series_fit_poly": true,
	"series_seasonal": true, "series_pearson_correlation": true, "ipv4_range_to_cidr_list": true,
	"bag_zip": true, "bag_set_key": true, "punycode_from_string": true, "punycode_to_string": true,
	"cursor_after": true, "cursor_before_or_at": true, "cursor_current": true, "ingestion_time": true,
	"current_principal": true, "current_principal_details": true, "current_cluster_endpoint": true,
	"current_database": true, "estimate_data_size": true, "extent_id": true, "extent_tags": true,
	"beta_cdf": true, "beta_inv": true, "beta_pdf": true, "erf": true, "erfc": true,
	"welch_test": true, "geo_point_to_geohash": true,
}

// notSupported reports whether name is a Kusto function harrier does not
// provide (the geo_* family included).
func notSupported(name string) bool {
	return unsupportedFuncs[name] || strings.HasPrefix(name, "geo_")
}

// namedAfterArg lists functions whose unnamed result column takes the name
// of their first argument, as Kusto names them.
var namedAfterArg = map[string]bool{
	"tostring": true, "toint": true, "tolong": true, "toreal": true, "todouble": true, "todecimal": true,
	"tobool": true, "toboolean": true, "todatetime": true, "totimespan": true, "toguid": true, "todynamic": true,
	"parse_json": true, "parsejson": true, "split": true, "bin": true, "floor": true, "bin_at": true,
	"round": true, "ceiling": true, "abs": true, "pow": true, "sqrt": true, "log": true, "log2": true, "log10": true,
	"exp": true, "exp2": true, "exp10": true, "format_datetime": true, "format_timespan": true,
	"startofday": true, "startofweek": true, "startofmonth": true, "startofyear": true,
	"endofday": true, "endofweek": true, "endofmonth": true, "endofyear": true,
	"make_datetime": true, "make_timespan": true,
}

// namePrefix lists functions whose unnamed result column is prefix+argument.
var namePrefix = map[string]string{
	"strlen": "strlen_", "string_size": "string_size_", "dcount_hll": "dcount_hll_", "gettype": "type_",
}

// names hands out Kusto's generated column names (Column1, Column2, ...)
// avoiding names already in use.
type names struct {
	used map[string]bool
	next int
}

func newNames(s value.Schema) *names {
	n := &names{used: map[string]bool{}}
	for _, c := range s {
		n.used[c.Name] = true
	}
	return n
}

func (n *names) gen(prefix string) string {
	for {
		n.next++
		s := prefix + strconv.Itoa(n.next)
		if !n.used[s] {
			n.used[s] = true
			return s
		}
	}
}

// unique returns base, or base1, base2... when taken.
func (n *names) unique(base string) string {
	if !n.used[base] {
		n.used[base] = true
		return base
	}
	for i := 1; ; i++ {
		s := base + strconv.Itoa(i)
		if !n.used[s] {
			n.used[s] = true
			return s
		}
	}
}
