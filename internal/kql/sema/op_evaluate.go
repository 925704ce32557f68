package sema

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

// bag_unpack and pivot produce columns that depend on the data. Analysis is
// static and must not run the input, so their nodes may only end a query
// statement (checkRootOnly); the executor's result carries the real schema.
// Kusto's "evaluate bag_unpack(d) : (schema)" form would lift this
// restriction; the parser reads it, analysis rejects it for now.

func init() {
	registerOp((*syntax.EvaluateOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		o := op.(*syntax.EvaluateOp)
		if o.HasSchema {
			a.errorf(o, "the output schema of evaluate (': (...)') is not supported")
			return nil
		}
		switch o.Call.Func.Name {
		case "bag_unpack":
			return a.bagUnpack(o, in, e)
		case "pivot":
			return a.pivot(o, in, e)
		}
		a.errorf(o.Call.Func, "the evaluate plugin '%s' is not supported", o.Call.Func.Name)
		return nil
	})
}

func opSpan(n syntax.Node) plan.SrcSpan {
	sp := n.Span()
	return plan.SrcSpan{Start: sp.Start, End: sp.End}
}

// columnArg resolves an argument that must name an input column.
func (a *analyzer) columnArg(x syntax.Expr, schema value.Schema, what string) int {
	id, ok := unparen(x).(*syntax.Ident)
	if !ok {
		a.errorf(x, "%s must be a column name", what)
		return -1
	}
	i := schema.Index(id.Name)
	if i < 0 {
		a.errorf(x, "failed to resolve column '%s'", id.Name)
	}
	return i
}

func (a *analyzer) bagUnpack(o *syntax.EvaluateOp, in plan.Node, e *env) plan.Node {
	args := o.Call.Args
	if len(args) < 1 || len(args) > 4 {
		a.errorf(o.Call, "bag_unpack() expects 1 to 4 arguments, got %d", len(args))
		return nil
	}
	schema := in.Schema()
	col := a.columnArg(args[0], schema, "the first argument of bag_unpack()")
	if col < 0 {
		return nil
	}
	if t := schema[col].Type; t != value.Dynamic {
		a.errorf(args[0], "bag_unpack() needs a dynamic column, '%s' is %s", schema[col].Name, t)
		return nil
	}
	n := &plan.BagUnpack{In: in, Col: col, Conflict: "error", Sp: opSpan(o)}
	sc := &scope{env: e}
	str := func(x syntax.Expr, what string) (string, bool) {
		c := a.constant(x, sc)
		if c == nil {
			return "", false
		}
		if c.T != value.String {
			a.errorf(x, "bag_unpack(): %s must be a string, got %s", what, c.T)
			return "", false
		}
		return c.S, true
	}
	if len(args) > 1 {
		s, ok := str(args[1], "the column prefix")
		if !ok {
			return nil
		}
		n.Prefix = s
	}
	if len(args) > 2 {
		s, ok := str(args[2], "columnsConflict")
		if !ok {
			return nil
		}
		switch s {
		case "error", "replace_source", "keep_source":
			n.Conflict = s
		default:
			a.errorf(args[2], "bag_unpack(): columnsConflict must be 'error', 'replace_source' or 'keep_source', got '%s'", s)
			return nil
		}
	}
	if len(args) > 3 {
		c := a.constant(args[3], sc)
		if c == nil {
			return nil
		}
		if c.T != value.Dynamic || (!c.IsNull() && c.D.Kind() != value.DArray) {
			a.errorf(args[3], "bag_unpack(): ignoredProperties must be a dynamic array of names")
			return nil
		}
		n.Ignored = map[string]bool{}
		if !c.IsNull() {
			for _, it := range c.D.Items() {
				if it.Kind() != value.DString {
					a.errorf(args[3], "bag_unpack(): ignoredProperties must be a dynamic array of names")
					return nil
				}
				n.Ignored[it.AsString()] = true
			}
		}
	}
	return n
}

// pivotAggs are the aggregates Kusto's pivot plugin accepts.
var pivotAggs = []string{"min", "max", "take_any", "sum", "dcount", "avg", "stdev", "variance", "make_list", "make_bag", "make_set", "count"}

func (a *analyzer) pivot(o *syntax.EvaluateOp, in plan.Node, e *env) plan.Node {
	args := o.Call.Args
	if len(args) < 1 {
		a.errorf(o.Call, "pivot() expects the column to pivot on")
		return nil
	}
	schema := in.Schema()
	sc := &scope{cols: schema, env: e}
	pc := a.columnArg(args[0], schema, "the first argument of pivot()")
	if pc < 0 {
		return nil
	}
	n := &plan.Pivot{In: in, Sp: opSpan(o)}
	col := schema[pc]
	n.PivotX = &plan.Cast{X: &plan.ColRef{Index: pc, T: col.Type, Name: col.Name}, T: value.String}
	used := map[string]bool{col.Name: true}
	aggCall := &syntax.CallExpr{Func: &syntax.Ident{Name: "count", Sp: o.Call.Sp}, Sp: o.Call.Sp}
	rest := args[1:]
	if len(rest) > 0 {
		if c, ok := unparen(rest[0]).(*syntax.CallExpr); ok {
			if !slices.Contains(pivotAggs, c.Func.Name) {
				a.errorf(c.Func, "pivot(): the aggregation must be one of %s, got '%s'", strings.Join(pivotAggs, ", "), c.Func.Name)
				return nil
			}
			aggCall = c
			rest = rest[1:]
			for _, x := range c.Args {
				for _, name := range identNames(x) {
					used[name] = true
				}
			}
		}
	}
	s, ok := a.summarize(&syntax.SummarizeOp{Aggs: []*syntax.NamedExpr{{X: aggCall, Sp: aggCall.Sp}}, Sp: o.Sp}, in, sc).(*plan.Summarize)
	if !ok || len(s.Aggs) != 1 || len(s.Out) != 1 {
		return nil
	}
	n.Agg, n.AggType = s.Aggs[0], s.Out[0].Type
	var keys []int
	if len(rest) > 0 {
		for _, x := range rest {
			i := a.columnArg(x, schema, "pivot() key")
			if i < 0 {
				return nil
			}
			keys = append(keys, i)
		}
	} else {
		for i, c := range schema {
			if !used[c.Name] {
				keys = append(keys, i)
			}
		}
	}
	for _, i := range keys {
		c := schema[i]
		n.Keys = append(n.Keys, &plan.ColRef{Index: i, T: c.Type, Name: c.Name})
		n.KeyCols = append(n.KeyCols, c)
	}
	return n
}

// identNames lists the names x refers to (not function names or members).
func identNames(x syntax.Expr) []string {
	var out []string
	var walk func(x syntax.Expr)
	walk = func(x syntax.Expr) {
		switch v := x.(type) {
		case *syntax.Ident:
			out = append(out, v.Name)
		case *syntax.ParenExpr:
			walk(v.X)
		case *syntax.BinaryExpr:
			walk(v.Left)
			walk(v.Right)
		case *syntax.UnaryExpr:
			walk(v.X)
		case *syntax.CallExpr:
			for _, a := range v.Args {
				walk(a)
			}
		case *syntax.MemberExpr:
			walk(v.X)
		case *syntax.IndexExpr:
			walk(v.X)
			walk(v.Index)
		case *syntax.InExpr:
			walk(v.X)
			for _, a := range v.List {
				walk(a)
			}
		case *syntax.BetweenExpr:
			walk(v.X)
			walk(v.Low)
			walk(v.High)
		}
	}
	walk(x)
	return out
}

// checkRootOnly reports nodes that may only end a statement (bag_unpack,
// pivot, fork) anywhere else in the plan of a statement: downstream
// operators were analyzed against a placeholder schema.
func (a *analyzer) checkRootOnly(root plan.Node) {
	seen := map[plan.Node]bool{}
	var walk func(n plan.Node, isRoot bool)
	walk = func(n plan.Node, isRoot bool) {
		if !isRoot {
			if seen[n] {
				return
			}
			seen[n] = true
			if r, ok := n.(plan.RootOnlyNode); ok {
				what, start, end := r.RootOnly()
				why := "its output columns are known only when the query runs"
				if _, multi := n.(plan.MultiResultNode); multi {
					why = "it returns several tables"
				}
				err := &syntax.Error{Sp: syntax.Span{Start: start, End: end},
					Msg: fmt.Sprintf("%s must be the last operator of a query: %s", what, why)}
				// Errors it caused downstream (unresolved columns) come after it.
				k := len(a.errs)
				for k > 0 && a.errs[k-1].Sp.Start > end {
					k--
				}
				a.errs = slices.Insert(a.errs, k, err)
			}
		}
		if f, ok := n.(*plan.Fork); ok && isRoot {
			// Each branch's result is a table of its own.
			for _, b := range f.Branches {
				walk(b, b != f.In)
			}
			return
		}
		if m, ok := n.(plan.MultiResultNode); ok && isRoot {
			for _, b := range m.Results() {
				walk(b, false)
			}
			return
		}
		forEachSubplan(n, func(c plan.Node) { walk(c, false) })
	}
	walk(root, true)
}

var planPkg = reflect.TypeOf(plan.Filter{}).PkgPath()

// forEachSubplan calls f for every plan node held by n: its inputs and the
// subqueries inside its expressions (in, toscalar).
func forEachSubplan(n plan.Node, f func(plan.Node)) {
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		for _, in := range n.Inputs() {
			f(in)
		}
		return
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if c, ok := v.Interface().(plan.Node); ok {
				f(c)
				return
			}
			walk(v.Elem())
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type().PkgPath() != planPkg {
				return
			}
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(v.Elem())
}
