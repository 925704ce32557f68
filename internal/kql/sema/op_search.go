package sema

import (
	"regexp"
	"slices"
	"strings"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

// search and find compile to existing plan nodes: union (with the source
// table column), filter and project. A bare string term, or "* op x",
// matches when any string or dynamic column of the row matches.

func init() {
	registerSource((*syntax.SearchOp)(nil), func(a *analyzer, x syntax.Expr, e *env) plan.Node {
		return a.search(x.(*syntax.SearchOp), nil, e)
	})
	registerOp((*syntax.SearchOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.search(op.(*syntax.SearchOp), in, e)
	})
	registerSource((*syntax.FindOp)(nil), func(a *analyzer, x syntax.Expr, e *env) plan.Node {
		return a.find(x.(*syntax.FindOp), e)
	})
	registerOp((*syntax.FindOp)(nil), func(a *analyzer, op syntax.Operator, _ plan.Node, _ *env) plan.Node {
		a.errorf(op, "find starts a query: it cannot follow '|' (use 'find in (T) where ...')")
		return nil
	})
}

// search is [T |] search [kind=case_sensitive] [in (tables)] predicate: the
// union of the inputs with a leading $table column, filtered.
func (a *analyzer) search(o *syntax.SearchOp, in plan.Node, e *env) plan.Node {
	cs := false
	for _, p := range o.Params {
		if p.Name == "kind" {
			if id, ok := p.Value.(*syntax.Ident); ok && id.Name == "case_sensitive" {
				cs = true
			}
		}
	}
	if in != nil && o.In != nil {
		a.errorf(o, "search cannot have both a piped input and 'in (...)'")
		return nil
	}
	u := &syntax.UnionOp{Tables: o.In, WithSource: &syntax.Ident{Name: "$table", Sp: o.Sp}, Sp: o.Sp}
	if in == nil && o.In == nil {
		// Without a source, search looks at every table.
		for _, name := range a.cat.TableNames() {
			u.Tables = append(u.Tables, &syntax.Ident{Name: name, Sp: o.Sp})
		}
		if len(u.Tables) == 0 {
			a.errorf(o, "search: there are no tables to search")
			return nil
		}
	}
	n, ok := a.union(u, in, e).(*plan.Union)
	if !ok || n == nil {
		return nil
	}
	if in != nil {
		n.LegNames[0] = sourceName(in, n.LegNames[0])
	}
	if _, all := o.Pred.(*syntax.StarExpr); all {
		return n
	}
	sc := &scope{cols: n.Out, env: e}
	s := &searcher{a: a, sc: sc, cs: cs}
	for i, c := range n.Out {
		if i != n.SourceCol && (c.Type == value.String || c.Type == value.Dynamic) {
			s.star = append(s.star, i)
		}
	}
	return &plan.Filter{In: n, Pred: s.pred(o.Pred)}
}

// sourceName is the $table value of rows from n: its table's name when it
// reads a table directly.
func sourceName(n plan.Node, dflt string) string {
	if s, ok := n.(*plan.Scan); ok && s.Table.Name != "" {
		return s.Table.Name
	}
	return dflt
}

// searcher analyzes a search or find predicate over one schema.
type searcher struct {
	a    *analyzer
	sc   *scope
	cs   bool  // kind=case_sensitive
	star []int // the columns a term or '*' looks at
	// usesStar is set when the predicate has a term or '*'.
	usesStar bool
}

// caseSensitive maps string operators to their case-sensitive forms.
var caseSensitive = map[string]string{
	"has": "has_cs", "!has": "!has_cs", "hasprefix": "hasprefix_cs", "!hasprefix": "!hasprefix_cs",
	"hassuffix": "hassuffix_cs", "!hassuffix": "!hassuffix_cs", "contains": "contains_cs",
	"!contains": "!contains_cs", "startswith": "startswith_cs", "!startswith": "!startswith_cs",
	"endswith": "endswith_cs", "!endswith": "!endswith_cs", "=~": "==", "!~": "!=",
	"in~": "in", "!in~": "!in",
}

func (s *searcher) op(op string) string {
	if s.cs {
		if o, ok := caseSensitive[op]; ok {
			return o
		}
	}
	return op
}

func (s *searcher) pred(x syntax.Expr) plan.Expr {
	switch v := x.(type) {
	case *syntax.ParenExpr:
		return s.pred(v.X)
	case *syntax.Literal:
		if v.Value.T == value.String && !v.Value.Null {
			op, term := searchTerm(v.Value.S, s.cs)
			return s.anyColumn(v, op, &plan.Const{V: value.NewString(term)})
		}
	case *syntax.BinaryExpr:
		switch {
		case v.Op == "and" || v.Op == "or":
			return &plan.Logic{Op: v.Op, L: castBool(s.pred(v.Left)), R: castBool(s.pred(v.Right))}
		case isStar(v.Left):
			if fn.Lookup(s.op(v.Op)) == nil {
				s.a.errorf(v, "'*' can only be used with string operators such as has, got '%s'", v.Op)
				return s.a.bad()
			}
			return s.anyColumn(v, s.op(v.Op), s.a.scalar(v.Right, s.sc))
		}
	case *syntax.CallExpr:
		if v.Func.Name == "not" && len(v.Args) == 1 {
			inner := s.pred(v.Args[0])
			return s.a.apply(v, fn.Lookup("not"), []plan.Expr{castBool(inner)}, []syntax.Node{v.Args[0]})
		}
	case *syntax.StarExpr:
		s.a.errorf(v, "'*' alone is only allowed as the whole search predicate")
		return s.a.bad()
	}
	p := s.a.scalar(s.rewrite(x), s.sc)
	if t := p.Type(); t != value.Bool && t != value.Dynamic && t != value.Unknown {
		s.a.errorf(x, "the search predicate must be bool, got %s", t)
	}
	return castBool(p)
}

func isStar(x syntax.Expr) bool {
	_, ok := x.(*syntax.StarExpr)
	return ok
}

// rewrite applies kind=case_sensitive to the string operators of x.
func (s *searcher) rewrite(x syntax.Expr) syntax.Expr {
	if !s.cs {
		return x
	}
	switch v := x.(type) {
	case *syntax.BinaryExpr:
		c := *v
		c.Op = s.op(v.Op)
		c.Left, c.Right = s.rewrite(v.Left), s.rewrite(v.Right)
		return &c
	case *syntax.ParenExpr:
		c := *v
		c.X = s.rewrite(v.X)
		return &c
	case *syntax.UnaryExpr:
		c := *v
		c.X = s.rewrite(v.X)
		return &c
	case *syntax.InExpr:
		c := *v
		c.Op = s.op(v.Op)
		return &c
	}
	return x
}

// anyColumn is "col op rhs" or-ed over the star columns.
func (s *searcher) anyColumn(n syntax.Node, op string, rhs plan.Expr) plan.Expr {
	s.usesStar = true
	f := fn.Lookup(op)
	if f == nil {
		panic("BUG: missing string operator " + op)
	}
	var out plan.Expr
	for _, i := range s.star {
		c := s.sc.cols[i]
		x := s.a.apply(n, f, []plan.Expr{&plan.ColRef{Index: i, T: c.Type, Name: c.Name}, rhs}, []syntax.Node{n, n})
		if out == nil {
			out = x
		} else {
			out = &plan.Logic{Op: "or", L: out, R: x}
		}
	}
	if out == nil {
		return &plan.Const{V: value.NewBool(false)}
	}
	return out
}

// searchTerm maps a search term with '*' wildcards to its operator: x has,
// x* hasprefix, *x hassuffix, *x* contains, a*b matches regex \ba.*b\b.
func searchTerm(t string, cs bool) (op, term string) {
	suffix := ""
	if cs {
		suffix = "_cs"
	}
	inner := strings.Trim(t, "*")
	pre, post := strings.HasPrefix(t, "*"), strings.HasSuffix(t, "*") && len(t) > 1
	if strings.Contains(inner, "*") {
		parts := strings.Split(inner, "*")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		re := strings.Join(parts, ".*")
		if !pre {
			re = `\b` + re
		} else {
			re = ".*" + re
		}
		if !post {
			re += `\b`
		}
		if !cs {
			re = "(?i)" + re
		}
		return "matches regex", re
	}
	switch {
	case pre && post:
		return "contains" + suffix, inner
	case pre:
		return "hassuffix" + suffix, inner
	case post:
		return "hasprefix" + suffix, inner
	}
	return "has" + suffix, t
}

// findLegs resolves the tables of find: "in (...)" entries (names with
// wildcards, tabular expressions) or every table of the catalog.
func (a *analyzer) findLegs(o *syntax.FindOp, e *env) (legs []plan.Node, names []string, ok bool) {
	if o.In == nil {
		for _, name := range a.cat.TableNames() {
			legs = append(legs, &plan.Scan{Table: a.cat.Table(name)})
			names = append(names, name)
		}
		return legs, names, true
	}
	for _, t := range o.In {
		if id, isID := t.(*syntax.Ident); isID && strings.Contains(id.Name, "*") {
			for _, name := range a.cat.TableNames() {
				if match(id.Name, name) {
					legs = append(legs, &plan.Scan{Table: a.cat.Table(name)})
					names = append(names, name)
				}
			}
			continue
		}
		n := a.tabular(t, e)
		if n == nil {
			return nil, nil, false
		}
		name := "union_arg" + itoa(len(names))
		if id, isID := t.(*syntax.Ident); isID {
			name = id.Name
		}
		legs = append(legs, n)
		names = append(names, name)
	}
	return legs, names, true
}

// find is find [withsource=C] [in (tables)] where pred [project-smart |
// project cols [, pack_all()]]: each table filtered on its own (columns it
// lacks are null), projected to one output schema, and concatenated.
func (a *analyzer) find(o *syntax.FindOp, e *env) plan.Node {
	source := "source_"
	for _, p := range o.Params {
		if p.Name == "withsource" || p.Name == "with_source" {
			if id, ok := p.Value.(*syntax.Ident); ok {
				source = id.Name
			}
		}
	}
	legs, names, ok := a.findLegs(o, e)
	if !ok {
		return nil
	}
	if len(legs) == 0 {
		a.errorf(o, "find: no table to search")
		return nil
	}
	all, types := columnTypes(legs)
	// Columns the predicate names explicitly (let names are not columns).
	explicit := map[string]bool{}
	var explicitNames []string
	for _, name := range identNames(o.Pred) {
		if len(types[name]) > 0 && !explicit[name] {
			explicit[name] = true
			explicitNames = append(explicitNames, name)
		}
	}
	// Tables that have none of the predicate's columns drop out, unless the
	// predicate also searches every column.
	usesStar := predUsesStar(o.Pred)
	if len(explicit) > 0 && !usesStar {
		var kl []plan.Node
		var kn []string
		for i, l := range legs {
			for _, c := range l.Schema() {
				if explicit[c.Name] {
					kl = append(kl, l)
					kn = append(kn, names[i])
					break
				}
			}
		}
		legs, names = kl, kn
		all, types = columnTypes(legs)
	}
	// Filter each table with the predicate analyzed against its own columns
	// plus the predicate's other columns as nulls.
	// A column with several types may make the predicate invalid for some
	// tables: those drop out (Kusto's "falls back to union"), as long as
	// one table remains.
	multiTyped := false
	for _, name := range explicitNames {
		multiTyped = multiTyped || len(types[name]) > 1
	}
	var errs syntax.ErrorList
	var kept []int
	filtered := make([]plan.Node, len(legs))
	for i, l := range legs {
		ls := append(value.Schema(nil), l.Schema()...)
		var exprs []plan.Expr
		for k, c := range ls {
			exprs = append(exprs, &plan.ColRef{Index: k, T: c.Type, Name: c.Name})
		}
		for _, name := range explicitNames {
			if ls.Index(name) < 0 {
				t := types[name][0]
				ls = append(ls, value.Column{Name: name, Type: t})
				exprs = append(exprs, &plan.Const{V: value.Null(t)})
			}
		}
		var src plan.Node = l
		if len(ls) > len(l.Schema()) {
			src = &plan.Project{In: l, Exprs: exprs, Out: ls}
		}
		saved := a.errs
		a.errs = nil
		s := &searcher{a: a, sc: &scope{cols: ls, env: e}}
		for k, c := range ls {
			if c.Type == value.String || c.Type == value.Dynamic {
				s.star = append(s.star, k)
			}
		}
		pred := s.pred(o.Pred)
		legErrs := a.errs
		a.errs = saved
		filtered[i] = &plan.Filter{In: src, Pred: pred}
		if len(legErrs) == 0 {
			kept = append(kept, i)
			continue
		}
		for _, err := range legErrs {
			if !slices.ContainsFunc(errs, func(x *syntax.Error) bool { return x.Sp == err.Sp && x.Msg == err.Msg }) {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 && (!multiTyped || len(kept) == 0) {
		a.errs = append(a.errs, errs...)
		return nil
	}
	if len(kept) < len(legs) {
		var kl, kf []plan.Node
		var kn []string
		for _, i := range kept {
			kl, kf, kn = append(kl, legs[i]), append(kf, filtered[i]), append(kn, names[i])
		}
		legs, filtered, names = kl, kf, kn
	}
	out, pick, pack, ok := a.findColumns(o, legs, all, types, explicit, source)
	if !ok {
		return nil
	}
	u := &plan.Union{SourceCol: -1, LegNames: names, Out: out}
	for i, l := range legs {
		fs := filtered[i].Schema()
		exprs := []plan.Expr{&plan.Const{V: value.NewString(names[i])}}
		taken := map[string]bool{}
		for _, c := range pick {
			k := l.Schema().Index(c.src)
			if k < 0 || l.Schema()[k].Type != c.srcType && c.srcType != value.Unknown {
				exprs = append(exprs, &plan.Const{V: value.Null(c.col.Type)})
				continue
			}
			taken[c.src] = true
			var x plan.Expr = &plan.ColRef{Index: k, T: fs[k].Type, Name: c.src}
			if fs[k].Type != c.col.Type {
				x = &plan.Cast{X: x, T: c.col.Type}
			}
			exprs = append(exprs, x)
		}
		if pack {
			exprs = append(exprs, a.packRest(o, l.Schema(), fs, taken))
		}
		m := make([]int, len(out))
		for k := range m {
			m[k] = k
		}
		u.Legs = append(u.Legs, &plan.Project{In: filtered[i], Exprs: exprs, Out: out})
		u.Maps = append(u.Maps, m)
	}
	return u
}

// columnTypes lists the distinct (name, type) columns of the tables in
// order of first appearance, and the types each name has.
func columnTypes(legs []plan.Node) ([]value.Column, map[string][]value.Type) {
	var all []value.Column
	types := map[string][]value.Type{}
	for _, l := range legs {
		for _, c := range l.Schema() {
			if !slices.Contains(types[c.Name], c.Type) {
				all = append(all, c)
				types[c.Name] = append(types[c.Name], c.Type)
			}
		}
	}
	return all, types
}

// findColumn is one output column of find and the input column feeding it
// (srcType Unknown: any type, cast to the output type).
type findColumn struct {
	col     value.Column
	src     string
	srcType value.Type
}

// findColumns decides find's output columns: the source column, then
// either the project list or (project-smart) the predicate's columns and
// the columns every table has, then pack_ when other columns remain.
func (a *analyzer) findColumns(o *syntax.FindOp, legs []plan.Node, all []value.Column, types map[string][]value.Type, explicit map[string]bool, source string) (value.Schema, []findColumn, bool, bool) {
	out := value.Schema{{Name: source, Type: value.String}}
	var pick []findColumn
	pack := false
	if len(o.Project) > 0 || o.PackAll {
		for _, c := range o.Project {
			t := c.Type
			ts := types[c.Name.Name]
			switch {
			case t != value.Unknown:
			case len(ts) == 0:
				a.errorf(c.Name, "failed to resolve column '%s'", c.Name.Name)
				return nil, nil, false, false
			case len(ts) > 1:
				a.errorf(c, "column '%s' has different types in the tables; write its type (%s:type)", c.Name.Name, c.Name.Name)
				return nil, nil, false, false
			default:
				t = ts[0]
			}
			out = append(out, value.Column{Name: c.Name.Name, Type: t})
			pick = append(pick, findColumn{col: out[len(out)-1], src: c.Name.Name, srcType: value.Unknown})
		}
		if o.PackAll {
			out = append(out, value.Column{Name: "pack_", Type: value.Dynamic})
			pack = true
		}
		return out, pick, pack, true
	}
	common := func(c value.Column) bool {
		for _, l := range legs {
			s := l.Schema()
			if i := s.Index(c.Name); i < 0 || s[i].Type != c.Type {
				return false
			}
		}
		return true
	}
	for _, c := range all {
		switch {
		case explicit[c.Name] && len(types[c.Name]) > 1:
			// One column per type, as union names them.
			out = append(out, value.Column{Name: c.Name + "_" + c.Type.String(), Type: c.Type})
		case explicit[c.Name] || common(c):
			out = append(out, c)
		default:
			pack = true
			continue
		}
		pick = append(pick, findColumn{col: out[len(out)-1], src: c.Name, srcType: c.Type})
	}
	if pack {
		out = append(out, value.Column{Name: "pack_", Type: value.Dynamic})
	}
	return out, pick, pack, true
}

// packRest packs the columns of one table that no output column took into
// a property bag (pack_).
func (a *analyzer) packRest(o *syntax.FindOp, ls, fs value.Schema, taken map[string]bool) plan.Expr {
	var args []plan.Expr
	for k, c := range ls {
		if taken[c.Name] {
			continue
		}
		args = append(args, &plan.Const{V: value.NewString(c.Name)}, &plan.ColRef{Index: k, T: fs[k].Type, Name: c.Name})
	}
	if len(args) == 0 {
		return &plan.Const{V: value.NewDynamic(value.DynBag(nil, nil))}
	}
	nodes := make([]syntax.Node, len(args))
	for i := range nodes {
		nodes[i] = o
	}
	return a.apply(o, fn.Lookup("bag_pack"), args, nodes)
}

// predUsesStar reports whether a search/find predicate has a bare string
// term or a '*' operand, which look at every column.
func predUsesStar(x syntax.Expr) bool {
	switch v := x.(type) {
	case *syntax.ParenExpr:
		return predUsesStar(v.X)
	case *syntax.Literal:
		return v.Value.T == value.String
	case *syntax.StarExpr:
		return true
	case *syntax.BinaryExpr:
		if v.Op == "and" || v.Op == "or" {
			return predUsesStar(v.Left) || predUsesStar(v.Right)
		}
		return isStar(v.Left)
	case *syntax.CallExpr:
		return v.Func.Name == "not" && len(v.Args) == 1 && predUsesStar(v.Args[0])
	}
	return false
}
