package sema

import (
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

// aggPrefix is the prefix of the generated column name of each aggregate
// ("sum(x)" is sum_x; count() is count_), where it is not the aggregate's
// own name.
var aggPrefix = map[string]string{
	"make_list": "list", "make_list_if": "list", "make_list_with_nulls": "list", "makelist": "list",
	"make_set": "set", "make_set_if": "set", "makeset": "set",
	"make_bag": "bag", "make_bag_if": "bag", "make_dictionary": "dictionary",
	"buildschema": "schema",
	"percentile":  "percentile", "percentiles": "percentile", "percentilew": "percentile", "percentilesw": "percentile",
	"percentiles_array": "percentiles", "percentilesw_array": "percentiles",
}

func (a *analyzer) summarize(o *syntax.SummarizeOp, in plan.Node, sc *scope) plan.Node {
	s := &plan.Summarize{In: in}
	nm := newNames(nil)
	var out value.Schema
	for _, k := range o.By {
		x := a.scalar(k.X, sc)
		name := ""
		switch {
		case len(k.Names) > 0:
			name = k.Names[0].Name
		default:
			if n, ok := exprName(k.X); ok {
				name = n
			} else if c, ok := k.X.(*syntax.CallExpr); ok && isBinLike(c.Func.Name) && len(c.Args) > 0 {
				if n, ok := exprName(c.Args[0]); ok {
					name = n
				}
			}
			if name == "" {
				name = nm.gen("Column")
			}
		}
		if x.Type() == value.Dynamic {
			a.errorf(k.X, "summarize cannot group by a dynamic value; convert it first (tostring(), tolong(), ...)")
		}
		s.Keys = append(s.Keys, x)
		out = append(out, value.Column{Name: nm.unique(name), Type: x.Type()})
	}
	keyNames := map[string]bool{}
	for _, c := range out {
		keyNames[c.Name] = true
	}
	// Items that wrap aggregates in scalar expressions are computed by a
	// projection over hidden aggregate columns after the summarize.
	type computed struct {
		item *syntax.NamedExpr
		at   int // output position among the items
	}
	var post []computed
	var hidden []*syntax.NamedExpr
	hiddenOf := map[*syntax.CallExpr]string{}
	direct := make([]*syntax.NamedExpr, 0, len(o.Aggs))
	for k, ag := range o.Aggs {
		if call, ok := unparen(ag.X).(*syntax.CallExpr); ok && fn.LookupAggregate(call.Func.Name) != nil {
			direct = append(direct, ag)
			continue
		}
		calls := aggregateCalls(ag.X, nil)
		if len(calls) == 0 {
			a.errorf(ag.X, "summarize expects an aggregation function such as count() or sum(x), found %s", ag.X.String())
			continue
		}
		for _, c := range calls {
			name := "__agg" + strconv.Itoa(len(hidden))
			hiddenOf[c] = name
			hidden = append(hidden, &syntax.NamedExpr{Names: []*syntax.Ident{{Name: name, Sp: c.Sp}}, X: c, Sp: c.Sp})
		}
		post = append(post, computed{item: ag, at: k})
	}
	ranges := map[*syntax.NamedExpr][2]int{}
	for _, ag := range append(direct, hidden...) {
		start := len(out)
		call := unparen(ag.X).(*syntax.CallExpr)
		agg := fn.LookupAggregate(call.Func.Name)
		var args []plan.Expr
		var argNodes []syntax.Expr
		for i, x := range call.Args {
			if _, star := x.(*syntax.StarExpr); star {
				if !strings.HasPrefix(agg.Name, "arg_") || i == 0 {
					a.errorf(x, "'*' is only allowed in arg_max() and arg_min() after the first argument")
					continue
				}
				first := ""
				if len(call.Args) > 0 {
					first, _ = exprName(call.Args[0])
				}
				for ci, col := range in.Schema() {
					if col.Name == first || keyNames[col.Name] {
						continue
					}
					args = append(args, &plan.ColRef{Index: ci, T: col.Type, Name: col.Name})
					argNodes = append(argNodes, &syntax.Ident{Name: col.Name, Sp: x.Span()})
				}
				continue
			}
			args = append(args, a.scalar(x, sc))
			argNodes = append(argNodes, x)
		}
		if len(args) < agg.MinArgs || (agg.MaxArgs >= 0 && len(args) > agg.MaxArgs && !strings.HasPrefix(agg.Name, "arg_")) {
			a.errorf(call, "aggregate '%s' expects %d to %d arguments, got %d", agg.Name, agg.MinArgs, agg.MaxArgs, len(args))
			continue
		}
		fa := make([]fn.Arg, len(args))
		bad := false
		for i, x := range args {
			if x.Type() == value.Unknown {
				bad = true
			}
			fa[i] = fn.Arg{Type: x.Type()}
			if c, ok := x.(*plan.Const); ok {
				v := c.V
				fa[i].Const = &v
			}
		}
		if bad {
			continue
		}
		types, err := agg.Check(fa)
		if err != nil {
			a.errorf(call, "%s(): %s", agg.Name, err.Error())
			continue
		}
		names := a.aggNames(agg.Name, ag, call, argNodes, fa, len(types))
		for i, t := range types {
			n := names[i]
			if len(ag.Names) == 0 {
				n = nm.unique(n)
			} else {
				nm.used[n] = true
			}
			out = append(out, value.Column{Name: n, Type: t})
		}
		s.Aggs = append(s.Aggs, plan.AggCall{Agg: agg, Args: args, Arg: fa, Outputs: len(types)})
		ranges[ag] = [2]int{start, len(out)}
	}
	s.Out = out
	if len(post) == 0 {
		return s
	}
	// Project: keys, then every item in its written order, hidden columns
	// dropped.
	sc2 := &scope{cols: out, env: sc.env, aggCols: map[*syntax.CallExpr]*plan.ColRef{}}
	for c, name := range hiddenOf {
		if i := out.Index(name); i >= 0 {
			sc2.aggCols[c] = &plan.ColRef{Index: i, T: out[i].Type, Name: name}
		}
	}
	var exprs []plan.Expr
	var final value.Schema
	for i := range o.By {
		if i < len(out) {
			exprs = append(exprs, &plan.ColRef{Index: i, T: out[i].Type, Name: out[i].Name})
			final = append(final, out[i])
		}
	}
	nm2 := newNames(final)
	isPost := map[int]*syntax.NamedExpr{}
	for _, p := range post {
		isPost[p.at] = p.item
	}
	for k := range o.Aggs {
		if item, ok := isPost[k]; ok {
			x := a.scalar(item.X, sc2)
			name := ""
			if len(item.Names) > 0 {
				name = item.Names[0].Name
			} else {
				name = nm2.gen("Column")
			}
			nm2.used[name] = true
			exprs = append(exprs, x)
			final = append(final, value.Column{Name: name, Type: x.Type()})
			continue
		}
		r, ok := ranges[o.Aggs[k]]
		if !ok {
			continue // reported above
		}
		for i := r[0]; i < r[1]; i++ {
			exprs = append(exprs, &plan.ColRef{Index: i, T: out[i].Type, Name: out[i].Name})
			final = append(final, out[i])
			nm2.used[out[i].Name] = true
		}
	}
	return &plan.Project{In: s, Exprs: exprs, Out: final}
}

// aggregateCalls lists the aggregate calls inside a scalar expression.
func aggregateCalls(x syntax.Expr, out []*syntax.CallExpr) []*syntax.CallExpr {
	switch e := x.(type) {
	case *syntax.CallExpr:
		if fn.LookupAggregate(e.Func.Name) != nil {
			return append(out, e)
		}
		for _, arg := range e.Args {
			out = aggregateCalls(arg, out)
		}
	case *syntax.BinaryExpr:
		out = aggregateCalls(e.Left, out)
		out = aggregateCalls(e.Right, out)
	case *syntax.UnaryExpr:
		out = aggregateCalls(e.X, out)
	case *syntax.ParenExpr:
		out = aggregateCalls(e.X, out)
	case *syntax.MemberExpr:
		out = aggregateCalls(e.X, out)
	case *syntax.IndexExpr:
		out = aggregateCalls(e.X, out)
		out = aggregateCalls(e.Index, out)
	case *syntax.InExpr:
		out = aggregateCalls(e.X, out)
		for _, l := range e.List {
			out = aggregateCalls(l, out)
		}
	case *syntax.BetweenExpr:
		out = aggregateCalls(e.X, out)
		out = aggregateCalls(e.Low, out)
		out = aggregateCalls(e.High, out)
	}
	return out
}

func unparen(x syntax.Expr) syntax.Expr {
	for {
		p, ok := x.(*syntax.ParenExpr)
		if !ok {
			return x
		}
		x = p.X
	}
}

func isBinLike(name string) bool {
	switch name {
	case "bin", "floor", "bin_at", "bin_auto":
		return true
	}
	return false
}

// aggNames are the output column names of one aggregation item, following
// Kusto's naming: prefix_argname for most aggregates, argument names for
// take_any/arg_max outputs, one percentile_x_P column per percentile.
func (a *analyzer) aggNames(name string, ag *syntax.NamedExpr, call *syntax.CallExpr, args []syntax.Expr, fa []fn.Arg, outputs int) []string {
	res := make([]string, outputs)
	argName := func(i int) string {
		if i < len(args) {
			if n, ok := exprName(args[i]); ok {
				return n
			}
		}
		return ""
	}
	switch {
	case strings.HasPrefix(name, "arg_"):
		pre := strings.TrimPrefix(name, "arg_")
		first := argName(0)
		for i := range res {
			n := argName(i)
			switch {
			case n != "":
			case i == 0:
				n = pre + "_"
			default:
				n = pre + "_" + first + "_arg" + strconv.Itoa(i)
			}
			res[i] = n
		}
	case name == "take_any" && outputs > 0:
		for i := range res {
			if n := argName(i); n != "" {
				res[i] = n
			} else {
				res[i] = "any_arg" + strconv.Itoa(i)
			}
		}
	case name == "take_anyif":
		n := argName(0)
		if n == "" {
			n = "any_"
		}
		res[0] = n
	case strings.HasPrefix(name, "binary_all_") && argName(0) != "":
		res[0] = argName(0)
	case name == "percentile" || name == "percentiles" || name == "percentilew" || name == "percentilesw":
		start := 1
		if strings.HasSuffix(name, "w") {
			start = 2
		}
		base := "percentile_" + argName(0)
		for i := range res {
			k := start + i
			res[i] = base
			if k < len(fa) && fa[k].Const != nil {
				res[i] = base + "_" + strings.ReplaceAll(fa[k].Const.String(), ".", "_")
			}
		}
	default:
		prefix, ok := aggPrefix[name]
		if !ok {
			prefix = name
		}
		for i := range res {
			res[i] = prefix + "_" + argName(0)
		}
	}
	// Explicit names win: "n = count()", "(a, b) = arg_max(...)".
	for i := range ag.Names {
		if i < outputs {
			res[i] = ag.Names[i].Name
		}
	}
	if len(ag.Names) == 1 && outputs > 1 && !strings.HasPrefix(name, "arg_") && name != "take_any" {
		for i := 1; i < outputs; i++ {
			res[i] = ag.Names[0].Name + strconv.Itoa(i)
		}
	}
	return res
}
