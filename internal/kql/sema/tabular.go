package sema

import (
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// tabular analyzes a tabular expression. It returns nil after reporting an
// error that leaves no usable input.
func (a *analyzer) tabular(x syntax.Expr, e *env) plan.Node {
	switch v := x.(type) {
	case *syntax.ParenExpr:
		return a.tabular(v.X, e)
	case *syntax.Ident:
		if b := e.lookup(v.Name); b != nil && b.isTable {
			return b.tab
		}
		if t := a.cat.Table(v.Name); t != nil {
			return &plan.Scan{Table: t}
		}
		a.errorf(v, "failed to resolve table or tabular expression '%s'", v.Name)
		return nil
	case *syntax.PipeExpr:
		n := a.tabular(v.Source, e)
		for _, op := range v.Ops {
			if n == nil {
				return nil
			}
			n = a.operator(op, n, e)
		}
		return n
	case *syntax.DatatableExpr:
		return a.datatable(v, e)
	case *syntax.PrintExpr:
		one := &table.Table{Name: "print", Batches: []*value.Batch{{Len: 1}}}
		var src plan.Node = &plan.Values{Table: one}
		sc := &scope{env: e}
		out := value.Schema{}
		exprs := []plan.Expr{}
		nm := newNames(nil)
		for i, c := range v.Cols {
			x := a.scalar(c.X, sc)
			if oc := a.outputs(c, x, nm); len(oc) > 1 {
				for _, o := range oc {
					out = append(out, value.Column{Name: o.name, Type: o.x.Type()})
					exprs = append(exprs, o.x)
				}
				continue
			}
			name := ""
			if len(c.Names) > 0 {
				name = c.Names[0].Name
				if out.Index(name) >= 0 {
					a.errorf(c, "column '%s' is declared twice", name)
					continue
				}
			} else {
				name = nm.unique("print_" + itoa(i))
			}
			out = append(out, value.Column{Name: name, Type: x.Type()})
			exprs = append(exprs, x)
		}
		return &plan.Project{In: src, Exprs: exprs, Out: out}
	case *syntax.RangeExpr:
		sc := &scope{env: e}
		from := a.constant(v.From, sc)
		to := a.constant(v.To, sc)
		step := a.constant(v.Step, sc)
		if from == nil || to == nil || step == nil {
			return nil
		}
		t := from.T
		if t.IsNumeric() && to.T.IsNumeric() {
			t = value.PromoteNumeric(from.T, to.T)
			if step.T == value.Real || step.T == value.Decimal {
				t = value.PromoteNumeric(t, step.T)
			}
		}
		return &plan.Range{Name: v.Name.Name, T: t, From: *from, To: *to, Step: *step}
	case *syntax.UnionOp:
		return a.union(v, nil, e)
	case *syntax.CallExpr:
		switch v.Func.Name {
		case "materialize":
			if len(v.Args) != 1 {
				a.errorf(v, "materialize() takes one tabular argument")
				return nil
			}
			return a.tabular(v.Args[0], e)
		case "table":
			if len(v.Args) >= 1 {
				if l, ok := v.Args[0].(*syntax.Literal); ok && l.Value.T == value.String {
					return a.tabular(&syntax.Ident{Name: l.Value.S, Sp: l.Sp}, e)
				}
			}
			a.errorf(v, "table() takes a table name string")
			return nil
		}
		if b := e.lookup(v.Func.Name); b != nil && b.fn != nil {
			tab, _ := a.callFunc(v, b, nil, e)
			if tab == nil {
				a.errorf(v, "function '%s' does not return a table", v.Func.Name)
			}
			return tab
		}
		a.errorf(v.Func, "unknown tabular function '%s'", v.Func.Name)
		return nil
	}
	if f, ok := sourceAnalyzers[reflect.TypeOf(x)]; ok {
		return f(a, x, e)
	}
	if na, ok := x.(*syntax.NamedArg); ok {
		a.errorf(na, "named arguments ('%s = ...') are not supported", na.Name.Name)
		return nil
	}
	a.errorf(x, "expected a tabular expression, found %s", x.String())
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }

// constant analyzes an expression that must be a constant.
func (a *analyzer) constant(x syntax.Expr, sc *scope) *value.Value {
	v := a.scalar(x, sc)
	c, ok := v.(*plan.Const)
	if !ok {
		if v.Type() != value.Unknown {
			a.errorf(x, "expected a constant value")
		}
		return nil
	}
	if c.V.T == value.Unknown {
		return nil
	}
	return &c.V
}

func (a *analyzer) datatable(v *syntax.DatatableExpr, e *env) plan.Node {
	schema := value.Schema{}
	for _, c := range v.Columns {
		schema = append(schema, value.Column{Name: c.Name.Name, Type: c.Type})
	}
	if len(schema) == 0 {
		a.errorf(v, "datatable needs at least one column")
		return nil
	}
	if len(v.Values)%len(schema) != 0 {
		a.errorf(v, "datatable has %d values, not a multiple of its %d columns", len(v.Values), len(schema))
		return nil
	}
	b := table.NewBuilder("datatable", schema)
	sc := &scope{env: e}
	row := make([]value.Value, len(schema))
	for i, x := range v.Values {
		col := schema[i%len(schema)]
		c := a.constant(x, sc)
		if c == nil {
			return nil
		}
		cv, ok := coerceConst(*c, col.Type)
		if !ok {
			a.errorf(x, "value of type %s does not fit column '%s' of type %s", c.T, col.Name, col.Type)
			return nil
		}
		row[i%len(schema)] = cv
		if i%len(schema) == len(schema)-1 {
			b.AppendRow(row)
		}
	}
	return &plan.Values{Table: b.Table()}
}

// coerceConst converts a literal into a column type where Kusto accepts it
// (numbers widen, any literal fits dynamic, nulls of any type are null).
func coerceConst(v value.Value, t value.Type) (value.Value, bool) {
	if v.T == t {
		return v, true
	}
	if v.IsNull() && v.T != value.String {
		return value.Null(t), true
	}
	switch {
	case t == value.Dynamic:
		return value.NewDynamic(v.ToDyn()), true
	case t.UsesFloats() && v.T.IsInteger():
		return value.Value{T: t, F: float64(v.I)}, true
	case t.UsesFloats() && v.T.UsesFloats():
		return value.Value{T: t, F: v.F}, true
	case t.IsInteger() && v.T.IsInteger():
		if t == value.Int {
			return value.NewInt(v.I), true
		}
		return value.NewLong(v.I), true
	case t == value.GUID && v.T == value.String:
		return value.Value{T: value.GUID, S: strings.ToLower(v.S)}, true
	}
	return v, false
}

func (a *analyzer) operator(op syntax.Operator, in plan.Node, e *env) plan.Node {
	schema := in.Schema()
	sc := &scope{cols: schema, env: e}
	switch o := op.(type) {
	case *syntax.WhereOp:
		p := a.scalar(o.Pred, sc)
		t := p.Type()
		if t != value.Bool && t != value.Dynamic && t != value.Unknown {
			a.errorf(o.Pred, "the where predicate must be bool, got %s", t)
		}
		in, pred := pushIntoInnerUnique(in, castBool(p))
		if pred == nil {
			return in
		}
		return &plan.Filter{In: in, Pred: pred}
	case *syntax.ExtendOp:
		return a.extend(o.Cols, in, sc)
	case *syntax.ProjectOp:
		return a.project(o, in, sc)
	case *syntax.ProjectAwayOp:
		return a.projectAway(o, in)
	case *syntax.ProjectRenameOp:
		out := append(value.Schema(nil), schema...)
		for _, r := range o.Renames {
			i := out.Index(r.Old.Name)
			if i < 0 {
				a.errorf(r.Old, "failed to resolve column '%s'", r.Old.Name)
				continue
			}
			out[i].Name = r.New.Name
		}
		return identityProject(in, out)
	case *syntax.ProjectReorderOp:
		return a.projectReorder(o, in)
	case *syntax.TakeOp:
		n := a.count(o.N, sc)
		return &plan.Take{In: in, N: n}
	case *syntax.SampleOp:
		n := a.count(o.N, sc)
		return &plan.Sample{In: in, N: n}
	case *syntax.CountOp:
		var n plan.Node = &plan.Count{In: in}
		if o.As != nil {
			out := append(value.Schema(nil), n.Schema()...)
			out[0].Name = o.As.Name
			n = identityProject(n, out)
		}
		return n
	case *syntax.SortOp:
		return &plan.Sort{In: in, Keys: a.sortKeys(o.Keys, sc)}
	case *syntax.TopOp:
		n := a.count(o.N, sc)
		return &plan.Top{In: in, N: n, Keys: a.sortKeys(o.Keys, sc)}
	case *syntax.DistinctOp:
		return a.distinct(o, in, sc)
	case *syntax.SummarizeOp:
		return a.summarize(o, in, sc)
	case *syntax.MvExpandOp:
		return a.mvExpand(o, in, sc)
	case *syntax.UnionOp:
		return a.union(o, in, e)
	case *syntax.AsOp:
		e.names[o.Name.Name] = &binding{tab: in, isTable: true}
		return in
	case *syntax.GetSchemaOp:
		return &plan.GetSchema{In: in}
	case *syntax.InvokeOp:
		b := e.lookup(o.Call.Func.Name)
		if b == nil || b.fn == nil {
			a.errorf(o.Call.Func, "unknown function '%s'", o.Call.Func.Name)
			return nil
		}
		tab, _ := a.callFuncWith(o.Call, b, nil, e, in)
		if tab == nil {
			a.errorf(o.Call, "function '%s' does not return a table", o.Call.Func.Name)
		}
		return tab
	case *syntax.RenderOp:
		// The chart request travels with the result; the data is unchanged.
		a.render = o.String()
		return in
	case *syntax.SerializeOp:
		in = &plan.Serialize{In: in} // marks the rows as ordered for window functions
		if len(o.Cols) > 0 {
			return a.extend(o.Cols, in, sc)
		}
		return in
	}
	if f, ok := opAnalyzers[reflect.TypeOf(op)]; ok {
		return f(a, op, in, e)
	}
	name := strings.Fields(op.String())
	opName := "?"
	if len(name) > 0 {
		opName = name[0]
	}
	a.errorf(op, "operator '%s' is not supported yet", opName)
	return nil
}

func identityProject(in plan.Node, out value.Schema) plan.Node {
	exprs := make([]plan.Expr, len(out))
	for i, c := range in.Schema() {
		exprs[i] = &plan.ColRef{Index: i, T: c.Type, Name: c.Name}
	}
	return &plan.Project{In: in, Exprs: exprs, Out: out}
}

func (a *analyzer) count(x syntax.Expr, sc *scope) int64 {
	c := a.constant(x, &scope{env: sc.env})
	if c == nil {
		return 0
	}
	if !c.T.IsInteger() || c.Null {
		a.errorf(x, "expected a whole number of rows, got %s", c.T)
		return 0
	}
	if c.I < 0 {
		a.errorf(x, "the number of rows must not be negative")
		return 0
	}
	return c.I
}

func (a *analyzer) extend(cols []*syntax.NamedExpr, in plan.Node, sc *scope) plan.Node {
	sc = a.windowScope(in, sc) // op_window.go
	out := append(value.Schema(nil), in.Schema()...)
	exprs := make([]plan.Expr, len(out))
	for i, c := range out {
		exprs[i] = &plan.ColRef{Index: i, T: c.Type, Name: c.Name}
	}
	nm := newNames(out)
	for _, c := range cols {
		x := a.scalar(c.X, sc)
		for _, oc := range a.outputs(c, x, nm) {
			name, xe := oc.name, oc.x
			if i := out.Index(name); i >= 0 {
				out[i].Type = xe.Type()
				exprs[i] = xe
				continue
			}
			out = append(out, value.Column{Name: name, Type: xe.Type()})
			exprs = append(exprs, xe)
		}
	}
	return a.windowProject(&plan.Project{In: in, Exprs: exprs, Out: out}, sc)
}

// outCol is one output column of an extend, project or print item.
type outCol struct {
	name string
	x    plan.Expr
}

// outputs lists the columns one "Name = X" item produces: one column, the
// elements of X for "(a, b) = X", or the columns of a function that yields
// several (fn.Scalar.Columns).
func (a *analyzer) outputs(c *syntax.NamedExpr, x plan.Expr, nm *names) []outCol {
	sx, isCall := unparen(c.X).(*syntax.CallExpr)
	if f := fn.Lookup(callName(sx, isCall)); f != nil && f.Columns != nil && len(c.Names) != 1 && x.Type() == value.Dynamic {
		var argNames []string
		fa := make([]fn.Arg, len(sx.Args))
		for i, arg := range sx.Args {
			n, _ := exprName(arg)
			argNames = append(argNames, n)
			// The call may have been folded into a constant; literal
			// arguments still tell their types, the rest are arrays.
			fa[i] = fn.Arg{Type: value.Dynamic}
			if call, ok := x.(*plan.Call); ok && i < len(call.Args) {
				fa[i].Type = call.Args[i].Type()
			} else if l, ok := arg.(*syntax.Literal); ok {
				fa[i].Type = l.Value.T
			}
		}
		if cols := f.Columns(fa, argNames); len(cols) > 1 {
			out := make([]outCol, len(cols))
			for k, col := range cols {
				name := col.Name
				if k < len(c.Names) {
					name = c.Names[k].Name
					nm.used[name] = true
				} else {
					name = nm.unique(name)
				}
				el := &plan.Path{X: x, Elems: []plan.PathElem{{Index: k, IsIndex: true}}}
				var xe plan.Expr = el
				if col.Type != value.Dynamic {
					xe = &plan.Cast{X: el, T: col.Type}
				}
				out[k] = outCol{name, xe}
			}
			return out
		}
	}
	names := a.targetNames(c, x, nm)
	out := make([]outCol, len(names))
	for k, name := range names {
		xe := x
		if len(c.Names) > 1 {
			xe = &plan.Path{X: x, Elems: []plan.PathElem{{Index: k, IsIndex: true}}}
		}
		out[k] = outCol{name, xe}
	}
	return out
}

func callName(c *syntax.CallExpr, ok bool) string {
	if !ok {
		return ""
	}
	return c.Func.Name
}

// targetNames returns the output names of one "Name = X" item.
func (a *analyzer) targetNames(c *syntax.NamedExpr, x plan.Expr, nm *names) []string {
	if len(c.Names) > 0 {
		out := make([]string, len(c.Names))
		for i, n := range c.Names {
			out[i] = n.Name
			nm.used[n.Name] = true
		}
		return out
	}
	if name, ok := exprName(c.X); ok {
		if _, call := unparen(c.X).(*syntax.CallExpr); call {
			// A name derived from a call's argument yields to existing
			// columns: x, x1, x2...
			return []string{nm.unique(name)}
		}
		nm.used[name] = true
		return []string{name}
	}
	return []string{nm.gen("Column")}
}

func (a *analyzer) project(o *syntax.ProjectOp, in plan.Node, sc *scope) plan.Node {
	sc = a.windowScope(in, sc) // op_window.go
	out := value.Schema{}
	exprs := []plan.Expr{}
	nm := newNames(nil)
	for _, c := range o.Cols {
		if id, ok := c.X.(*syntax.Ident); ok && len(c.Names) == 0 && strings.ContainsAny(id.Name, "*") && !id.Quoted {
			for i, col := range in.Schema() {
				if match(id.Name, col.Name) {
					out = append(out, col)
					exprs = append(exprs, &plan.ColRef{Index: i, T: col.Type, Name: col.Name})
				}
			}
			continue
		}
		x := a.scalar(c.X, sc)
		for _, oc := range a.outputs(c, x, nm) {
			name, xe := oc.name, oc.x
			if out.Index(name) >= 0 {
				a.errorf(c, "column '%s' is projected twice", name)
				continue
			}
			out = append(out, value.Column{Name: name, Type: xe.Type()})
			exprs = append(exprs, xe)
		}
	}
	return a.windowProject(&plan.Project{In: in, Exprs: exprs, Out: out}, sc)
}

// match reports whether a column name matches a pattern with '*' wildcards.
func match(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	ok, err := path.Match(strings.NewReplacer("?", "\\?", "[", "\\[", "\\", "\\\\").Replace(pattern), name)
	return err == nil && ok
}

func (a *analyzer) projectAway(o *syntax.ProjectAwayOp, in plan.Node) plan.Node {
	schema := in.Schema()
	hit := make([]bool, len(schema))
	for _, p := range o.Cols {
		found := false
		for i, c := range schema {
			if match(p.Name, c.Name) {
				hit[i] = true
				found = true
			}
		}
		if !found && !strings.Contains(p.Name, "*") {
			a.errorf(p, "failed to resolve column '%s'", p.Name)
		}
	}
	keep := o.Kind == "project-keep"
	out := value.Schema{}
	exprs := []plan.Expr{}
	for i, c := range schema {
		if hit[i] == keep {
			out = append(out, c)
			exprs = append(exprs, &plan.ColRef{Index: i, T: c.Type, Name: c.Name})
		}
	}
	return &plan.Project{In: in, Exprs: exprs, Out: out}
}

func (a *analyzer) projectReorder(o *syntax.ProjectReorderOp, in plan.Node) plan.Node {
	schema := in.Schema()
	used := make([]bool, len(schema))
	order := []int{}
	for k, p := range o.Cols {
		var group []int
		for i, c := range schema {
			if !used[i] && match(p.Name, c.Name) {
				group = append(group, i)
			}
		}
		if len(group) == 0 && !strings.Contains(p.Name, "*") {
			a.errorf(p, "failed to resolve column '%s'", p.Name)
		}
		dir := ""
		if k < len(o.Order) {
			dir = o.Order[k]
		}
		switch dir {
		case "asc", "granny-asc":
			sort.SliceStable(group, func(x, y int) bool { return schema[group[x]].Name < schema[group[y]].Name })
		case "desc", "granny-desc":
			sort.SliceStable(group, func(x, y int) bool { return schema[group[x]].Name > schema[group[y]].Name })
		}
		for _, i := range group {
			used[i] = true
			order = append(order, i)
		}
	}
	for i := range schema {
		if !used[i] {
			order = append(order, i)
		}
	}
	out := value.Schema{}
	exprs := []plan.Expr{}
	for _, i := range order {
		c := schema[i]
		out = append(out, c)
		exprs = append(exprs, &plan.ColRef{Index: i, T: c.Type, Name: c.Name})
	}
	return &plan.Project{In: in, Exprs: exprs, Out: out}
}

func (a *analyzer) sortKeys(keys []*syntax.SortKey, sc *scope) []plan.SortKey {
	out := make([]plan.SortKey, 0, len(keys))
	for _, k := range keys {
		x := a.scalar(k.X, sc)
		if x.Type() == value.Dynamic {
			// Kusto sorts dynamic values by their string form.
			x = &plan.Cast{X: x, T: value.String}
		}
		nullsFirst := k.NullsFirst
		if !k.ExplicitNulls {
			nullsFirst = !k.Desc
		}
		out = append(out, plan.SortKey{X: x, Desc: k.Desc, NullsFirst: nullsFirst})
	}
	return out
}

func (a *analyzer) distinct(o *syntax.DistinctOp, in plan.Node, sc *scope) plan.Node {
	out := value.Schema{}
	exprs := []plan.Expr{}
	nm := newNames(nil)
	for _, c := range o.Cols {
		if _, ok := c.(*syntax.StarExpr); ok {
			for i, col := range in.Schema() {
				out = append(out, col)
				exprs = append(exprs, &plan.ColRef{Index: i, T: col.Type, Name: col.Name})
			}
			continue
		}
		x := a.scalar(c, sc)
		name, ok := exprName(c)
		if !ok {
			name = nm.gen("Column")
		}
		out = append(out, value.Column{Name: nm.unique(name), Type: x.Type()})
		exprs = append(exprs, x)
	}
	return &plan.Distinct{In: in, Exprs: exprs, Out: out}
}

func (a *analyzer) mvExpand(o *syntax.MvExpandOp, in plan.Node, sc *scope) plan.Node {
	out := append(value.Schema(nil), in.Schema()...)
	m := &plan.MvExpand{In: in, ItemIndex: -1, BagArray: o.BagExpansion == "array"}
	if o.Limit != nil {
		m.Limit = a.count(o.Limit, sc)
	}
	nm := newNames(out)
	for _, it := range o.Items {
		x := a.scalar(it.X, sc)
		name := ""
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
		if x.Type() != value.Dynamic && x.Type() != value.Unknown {
			a.errorf(it.X, "mv-expand needs a dynamic array or bag, got %s", x.Type())
		}
		to := it.ToType
		if to == value.Unknown {
			to = value.Dynamic
		}
		idx := out.Index(name)
		if idx < 0 {
			out = append(out, value.Column{Name: name, Type: to})
			idx = len(out) - 1
		} else {
			out[idx].Type = to
		}
		m.Cols = append(m.Cols, plan.MvExpandCol{X: x, Index: idx, ToType: to})
	}
	if o.ItemIndex != nil {
		out = append(out, value.Column{Name: o.ItemIndex.Name, Type: value.Long})
		m.ItemIndex = len(out) - 1
	}
	m.Out = out
	return m
}

func (a *analyzer) union(o *syntax.UnionOp, in plan.Node, e *env) plan.Node {
	var legs []plan.Node
	var legNames []string
	if in != nil {
		legs = append(legs, in)
		legNames = append(legNames, "union_arg0")
	}
	for _, t := range o.Tables {
		if id, ok := t.(*syntax.Ident); ok && strings.Contains(id.Name, "*") {
			for _, name := range a.cat.TableNames() {
				if match(id.Name, name) {
					legs = append(legs, &plan.Scan{Table: a.cat.Table(name)})
					legNames = append(legNames, name)
				}
			}
			continue
		}
		n := a.tabular(t, e)
		if n == nil {
			if o.IsFuzzy {
				a.errs = a.errs[:len(a.errs)-1]
				continue
			}
			return nil
		}
		legs = append(legs, n)
		name := "union_arg" + itoa(len(legNames))
		if id, ok := t.(*syntax.Ident); ok {
			name = id.Name
		}
		legNames = append(legNames, name)
	}
	if len(legs) == 0 {
		a.errorf(o, "union has no tables")
		return nil
	}
	u := &plan.Union{Legs: legs, SourceCol: -1, LegNames: legNames}
	var out value.Schema
	if o.WithSource != nil {
		out = append(out, value.Column{Name: o.WithSource.Name, Type: value.String})
		u.SourceCol = 0
	}
	inner := o.Kind == "inner"
	if inner {
		// Only the columns every leg has (by name and type).
		for _, c := range legs[0].Schema() {
			all := true
			for _, l := range legs[1:] {
				i := l.Schema().Index(c.Name)
				if i < 0 || l.Schema()[i].Type != c.Type {
					all = false
					break
				}
			}
			if all {
				out = append(out, c)
			}
		}
	} else {
		for _, l := range legs {
			for _, c := range l.Schema() {
				i := out.Index(c.Name)
				if i >= 0 && out[i].Type == c.Type {
					continue
				}
				if i >= 0 {
					// Same name, other type: Kusto suffixes the type.
					c.Name = c.Name + "_" + c.Type.String()
					if out.Index(c.Name) >= 0 {
						continue
					}
				}
				out = append(out, c)
			}
		}
	}
	for _, l := range legs {
		ls := l.Schema()
		m := make([]int, len(out))
		for c, col := range out {
			m[c] = -1
			if c == u.SourceCol {
				continue
			}
			if i := ls.Index(col.Name); i >= 0 && ls[i].Type == col.Type {
				m[c] = i
				continue
			}
			if base, ok := strings.CutSuffix(col.Name, "_"+col.Type.String()); ok {
				if i := ls.Index(base); i >= 0 && ls[i].Type == col.Type {
					m[c] = i
				}
			}
		}
		u.Maps = append(u.Maps, m)
	}
	u.Out = out
	return u
}
