// Package sema binds names and types in a parsed KQL script and produces the
// typed logical plan. Every error it reports carries the span of the
// offending node, and analysis continues after an error so that all of a
// query's errors are reported at once.
package sema

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// Catalog resolves table names.
type Catalog interface {
	// Table returns the table with the given name, or nil.
	Table(name string) *table.Table
	// TableNames lists the tables (for wildcards in union).
	TableNames() []string
}

// Options configure analysis.
type Options struct {
	// Now is the query's now() in datetime ticks; zero means the wall clock.
	// A "set query_now" statement overrides it.
	Now int64
}

// Query is an analyzed script: one plan per query statement.
type Query struct {
	Results []*Result
	// Now is now() for the whole query, in datetime ticks.
	Now int64
}

// Result is the plan of one query statement.
type Result struct {
	Plan plan.Node
	// Render holds the chart request of a trailing render operator, if any.
	Render string
}

// Analyze binds and type-checks a parsed script. src is the query text (for
// positions in errors). The error, when not nil, is a syntax.ErrorList.
func Analyze(src string, script *syntax.Script, cat Catalog, opts Options) (*Query, error) {
	a := &analyzer{src: src, cat: cat, now: opts.Now}
	if a.now == 0 {
		a.now = value.TicksFromTime(time.Now())
	}
	q := &Query{}
	env := newEnv(nil)
	// set statements apply to the whole script, wherever they appear.
	for _, st := range script.Stmts {
		if s, ok := st.(*syntax.SetStmt); ok {
			a.setStmt(s)
		}
	}
	q.Now = a.now
	for _, st := range script.Stmts {
		switch s := st.(type) {
		case *syntax.SetStmt:
		case *syntax.LetStmt:
			a.letStmt(s, env)
		case *syntax.ExprStmt:
			n := a.tabular(s.X, env)
			if n != nil {
				a.checkRootOnly(n) // op_evaluate.go: bag_unpack, pivot and fork end a statement
				q.Results = append(q.Results, &Result{Plan: n, Render: a.render})
			}
			a.render = ""
		}
	}
	if len(a.errs) > 0 {
		return q, a.errs
	}
	if len(q.Results) == 0 {
		return q, syntax.ErrorList{&syntax.Error{Sp: script.Sp, Msg: "the script has no query statement"}}
	}
	return q, nil
}

type analyzer struct {
	src    string
	cat    Catalog
	now    int64
	errs   syntax.ErrorList
	render string
	depth  int
}

func (a *analyzer) errorf(n syntax.Node, format string, args ...any) {
	sp := syntax.Span{}
	if n != nil {
		sp = n.Span()
	}
	a.errs = append(a.errs, &syntax.Error{Sp: sp, Msg: fmt.Sprintf(format, args...)})
}

// binding is what a let name stands for.
type binding struct {
	scalar  plan.Expr
	tab     plan.Node
	fn      *syntax.FuncLit
	fnEnv   *env
	isTable bool
}

type env struct {
	parent *env
	names  map[string]*binding
}

func newEnv(parent *env) *env { return &env{parent: parent, names: map[string]*binding{}} }

func (e *env) lookup(name string) *binding {
	for ; e != nil; e = e.parent {
		if b, ok := e.names[name]; ok {
			return b
		}
	}
	return nil
}

func (a *analyzer) setStmt(s *syntax.SetStmt) {
	switch strings.ToLower(s.Name.Name) {
	case "query_now":
		if s.Value == nil {
			a.errorf(s, "set query_now needs a datetime value")
			return
		}
		e := a.scalar(s.Value, &scope{env: newEnv(nil)})
		c, ok := e.(*plan.Const)
		if !ok || c.V.T != value.DateTime || c.V.Null {
			a.errorf(s.Value, "query_now must be a datetime literal")
			return
		}
		a.now = c.V.I
	default:
		// Other request properties (truncation limits, hints) are accepted
		// and have no effect yet.
	}
}

func (a *analyzer) letStmt(s *syntax.LetStmt, e *env) {
	name := s.Name.Name
	switch v := s.Value.(type) {
	case *syntax.FuncLit:
		e.names[name] = &binding{fn: v, fnEnv: e}
		return
	}
	if a.isTabular(s.Value, e) {
		n := a.tabular(s.Value, e)
		e.names[name] = &binding{tab: n, isTable: true}
		return
	}
	x := a.scalar(s.Value, &scope{env: e})
	e.names[name] = &binding{scalar: x}
}

// isTabular decides whether an expression denotes a table: pipes, tabular
// sources, names of tables and tabular lets, and calls of tabular functions.
func (a *analyzer) isTabular(x syntax.Expr, e *env) bool {
	if _, ok := sourceAnalyzers[reflect.TypeOf(x)]; ok {
		return true
	}
	switch v := x.(type) {
	case *syntax.PipeExpr, *syntax.DatatableExpr, *syntax.PrintExpr, *syntax.RangeExpr, *syntax.UnionOp:
		return true
	case *syntax.ParenExpr:
		return a.isTabular(v.X, e)
	case *syntax.Ident:
		if b := e.lookup(v.Name); b != nil {
			return b.isTable
		}
		return a.cat.Table(v.Name) != nil
	case *syntax.CallExpr:
		switch v.Func.Name {
		case "materialize", "table", "view":
			return true
		}
		if b := e.lookup(v.Func.Name); b != nil && b.fn != nil {
			body := b.fn.Body
			if len(body) == 0 {
				return false
			}
			last, ok := body[len(body)-1].(*syntax.ExprStmt)
			if !ok {
				return false
			}
			fe := newEnv(b.fnEnv)
			for _, p := range b.fn.Params {
				fe.names[p.Name.Name] = &binding{isTable: p.Table}
			}
			for _, st := range body[:len(body)-1] {
				if l, ok := st.(*syntax.LetStmt); ok {
					if _, isFn := l.Value.(*syntax.FuncLit); isFn {
						fe.names[l.Name.Name] = &binding{fn: l.Value.(*syntax.FuncLit), fnEnv: fe}
					} else {
						fe.names[l.Name.Name] = &binding{isTable: a.isTabular(l.Value, fe)}
					}
				}
			}
			return a.isTabular(last.X, fe)
		}
	}
	return false
}

// callFunc binds a user function's parameters to the call's arguments and
// analyzes its body. Kusto functions behave like macros: the body is
// analyzed anew at every call site.
func (a *analyzer) callFunc(c *syntax.CallExpr, b *binding, callerScope *scope, callerEnv *env) (plan.Node, plan.Expr) {
	return a.callFuncWith(c, b, callerScope, callerEnv, nil)
}

// callFuncWith is callFunc where, when in is not nil, the function's first
// (tabular) parameter is bound to in (as "T | invoke f(...)" does).
func (a *analyzer) callFuncWith(c *syntax.CallExpr, b *binding, callerScope *scope, callerEnv *env, in plan.Node) (plan.Node, plan.Expr) {
	a.depth++
	defer func() { a.depth-- }()
	if a.depth > 64 {
		a.errorf(c, "function '%s' recurses too deeply", c.Func.Name)
		return nil, nil
	}
	f := b.fn
	fe := newEnv(b.fnEnv)
	params := f.Params
	if in != nil {
		if len(params) == 0 || !params[0].Table {
			a.errorf(c, "function '%s' has no tabular first parameter to invoke with", c.Func.Name)
			return nil, nil
		}
		fe.names[params[0].Name.Name] = &binding{tab: in, isTable: true}
		params = params[1:]
	}
	if len(c.Args) > len(params) {
		a.errorf(c, "function '%s' takes %d arguments, got %d", c.Func.Name, len(params), len(c.Args))
		return nil, nil
	}
	for i, p := range params {
		var arg syntax.Expr
		if i < len(c.Args) {
			arg = c.Args[i]
		} else if p.Default != nil {
			arg = p.Default
		} else {
			a.errorf(c, "function '%s' is missing argument '%s'", c.Func.Name, p.Name.Name)
			return nil, nil
		}
		if p.Table {
			fe.names[p.Name.Name] = &binding{tab: a.tabular(arg, callerEnv), isTable: true}
			continue
		}
		sc := callerScope
		if sc == nil {
			sc = &scope{env: callerEnv}
		}
		x := a.scalar(arg, sc)
		if x != nil && p.Type != value.Unknown && x.Type() != p.Type && x.Type() != value.Unknown {
			x = a.convertArg(arg, x, p.Type)
		}
		fe.names[p.Name.Name] = &binding{scalar: x}
	}
	for _, st := range f.Body[:len(f.Body)-1] {
		if l, ok := st.(*syntax.LetStmt); ok {
			a.letStmt(l, fe)
		}
	}
	last, ok := f.Body[len(f.Body)-1].(*syntax.ExprStmt)
	if !ok {
		a.errorf(c, "function '%s' has no result expression", c.Func.Name)
		return nil, nil
	}
	if a.isTabular(last.X, fe) {
		return a.tabular(last.X, fe), nil
	}
	sc := &scope{env: fe}
	if callerScope != nil {
		sc.cols = callerScope.cols
	}
	return nil, a.scalar(last.X, sc)
}

func (a *analyzer) convertArg(n syntax.Node, x plan.Expr, t value.Type) plan.Expr {
	from := x.Type()
	if from.IsNumeric() && t.IsNumeric() || from == value.Dynamic || t == value.Dynamic || t == value.String {
		return &plan.Cast{X: x, T: t}
	}
	a.errorf(n, "expected an argument of type %s, got %s", t, from)
	return x
}
