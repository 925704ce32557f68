package sema

import (
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerOp((*syntax.JoinOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.join(op.(*syntax.JoinOp), in, e)
	})
	registerOp((*syntax.LookupOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.lookup(op.(*syntax.LookupOp), in, e)
	})
}

// joinKinds maps every spelling of kind= that join accepts, aliases
// included, to its flavor; "" is the default, innerunique.
var joinKinds = map[string]plan.JoinKind{
	"":              plan.JoinInnerUnique,
	"innerunique":   plan.JoinInnerUnique,
	"inner":         plan.JoinInner,
	"leftouter":     plan.JoinLeftOuter,
	"rightouter":    plan.JoinRightOuter,
	"fullouter":     plan.JoinFullOuter,
	"leftsemi":      plan.JoinLeftSemi,
	"leftanti":      plan.JoinLeftAnti,
	"anti":          plan.JoinLeftAnti,
	"leftantisemi":  plan.JoinLeftAnti,
	"rightsemi":     plan.JoinRightSemi,
	"rightanti":     plan.JoinRightAnti,
	"rightantisemi": plan.JoinRightAnti,
}

func (a *analyzer) join(o *syntax.JoinOp, in plan.Node, e *env) plan.Node {
	kind, ok := joinKinds[o.Kind]
	if !ok {
		a.errorf(o, "join kind '%s' is not supported", o.Kind)
		return nil
	}
	a.checkJoinHints(o.Params)
	right := a.tabular(o.Right, e)
	if right == nil {
		return nil
	}
	if len(o.On) == 0 {
		a.errorf(o, "join needs an 'on' clause: on Column, or on $left.Column == $right.Column")
		return nil
	}
	ls, rs := in.Schema(), right.Schema()
	lk, rk, ok := a.joinKeys(o.On, ls, rs)
	if !ok {
		return nil
	}
	j := &plan.Join{Left: in, Right: right, Kind: kind, LeftKeys: lk, RightKeys: rk}
	switch kind {
	case plan.JoinLeftSemi, plan.JoinLeftAnti:
		for i := range ls {
			j.Cols = append(j.Cols, plan.JoinCol{Index: i})
		}
	case plan.JoinRightSemi, plan.JoinRightAnti:
		for i := range rs {
			j.Cols = append(j.Cols, plan.JoinCol{Right: true, Index: i})
		}
	default:
		// Every column of both sides, the keys included (Key and Key1).
		for i := range ls {
			j.Cols = append(j.Cols, plan.JoinCol{Index: i})
		}
		for i := range rs {
			j.Cols = append(j.Cols, plan.JoinCol{Right: true, Index: i})
		}
	}
	j.Out = joinSchema(j.Cols, ls, rs)
	return j
}

// lookup is a leftouter (default) or inner join whose output leaves out the
// right side's key columns: the left columns, then the right's others.
func (a *analyzer) lookup(o *syntax.LookupOp, in plan.Node, e *env) plan.Node {
	var kind plan.JoinKind
	switch o.Kind {
	case "", "leftouter":
		kind = plan.JoinLeftOuter
	case "inner":
		kind = plan.JoinInner
	default:
		a.errorf(o, "lookup kind '%s' is not supported; use leftouter or inner", o.Kind)
		return nil
	}
	a.checkJoinHints(o.Params)
	right := a.tabular(o.Right, e)
	if right == nil {
		return nil
	}
	ls, rs := in.Schema(), right.Schema()
	lk, rk, ok := a.joinKeys(o.On, ls, rs)
	if !ok {
		return nil
	}
	j := &plan.Join{Left: in, Right: right, Kind: kind, LeftKeys: lk, RightKeys: rk}
	for i := range ls {
		j.Cols = append(j.Cols, plan.JoinCol{Index: i})
	}
	isKey := make([]bool, len(rs))
	for _, k := range rk {
		isKey[k] = true
	}
	for i := range rs {
		if !isKey[i] {
			j.Cols = append(j.Cols, plan.JoinCol{Right: true, Index: i})
		}
	}
	j.Out = joinSchema(j.Cols, ls, rs)
	return j
}

// checkJoinHints accepts hint.xxx parameters, which change how Kusto
// distributes a join but never its result; anything else is refused.
func (a *analyzer) checkJoinHints(params []*syntax.OpParam) {
	for _, p := range params {
		if !strings.HasPrefix(p.Name, "hint.") {
			a.errorf(p, "parameter '%s' is not supported", p.Name)
		}
	}
}

// joinKeys resolves the on clause into pairs of key columns: a name
// present on both sides, $left.a == $right.b, and "and" chains of those.
// Paired keys must have the same type, as Kusto requires.
func (a *analyzer) joinKeys(on []syntax.Expr, ls, rs value.Schema) (lk, rk []int, ok bool) {
	ok = true
	var add func(x syntax.Expr)
	add = func(x syntax.Expr) {
		x = unparen(x)
		switch c := x.(type) {
		case *syntax.Ident:
			if c.Name == "$left" || c.Name == "$right" {
				break
			}
			li, ri := ls.Index(c.Name), rs.Index(c.Name)
			if li < 0 || ri < 0 {
				a.errorf(c, "column '%s' must exist on both sides of the join", c.Name)
				ok = false
				return
			}
			if !a.joinKeyTypes(c, ls[li], rs[ri]) {
				ok = false
				return
			}
			lk, rk = append(lk, li), append(rk, ri)
			return
		case *syntax.BinaryExpr:
			switch c.Op {
			case "and":
				add(c.Left)
				add(c.Right)
				return
			case "==":
				ls1, ln, lok := a.joinSide(c.Left)
				rs1, rn, rok := a.joinSide(c.Right)
				if !lok || !rok {
					ok = false
					return
				}
				if ls1 == rs1 {
					a.errorf(c, "a join condition must compare a $left column with a $right column")
					ok = false
					return
				}
				leftName, leftNode, rightName, rightNode := ln, c.Left, rn, c.Right
				if ls1 == "$right" {
					// $right.b == $left.a means the same as $left.a == $right.b.
					leftName, leftNode, rightName, rightNode = rn, c.Right, ln, c.Left
				}
				li, ri := ls.Index(leftName), rs.Index(rightName)
				if li < 0 {
					a.errorf(leftNode, "column '%s' must exist on the left side of the join", leftName)
					ok = false
				}
				if ri < 0 {
					a.errorf(rightNode, "column '%s' must exist on the right side of the join", rightName)
					ok = false
				}
				if li < 0 || ri < 0 {
					return
				}
				if !a.joinKeyTypes(c, ls[li], rs[ri]) {
					ok = false
					return
				}
				lk, rk = append(lk, li), append(rk, ri)
				return
			}
		}
		a.errorf(x, "a join condition must be a column name or $left.Column == $right.Column")
		ok = false
	}
	for _, x := range on {
		add(x)
	}
	return lk, rk, ok
}

// joinSide reads $left.Name or $right.Name (also $left['Name']).
func (a *analyzer) joinSide(x syntax.Expr) (side, name string, ok bool) {
	x = unparen(x)
	var base syntax.Expr
	switch m := x.(type) {
	case *syntax.MemberExpr:
		base, name = m.X, m.Name.Name
	case *syntax.IndexExpr:
		if l, isLit := m.Index.(*syntax.Literal); isLit && l.Value.T == value.String && !l.Value.Null {
			base, name = m.X, l.Value.S
		}
	}
	if id, isIdent := base.(*syntax.Ident); isIdent && (id.Name == "$left" || id.Name == "$right") {
		return id.Name, name, true
	}
	a.errorf(x, "expected $left.Column or $right.Column in a join condition")
	return "", "", false
}

// joinKeyTypes checks that two key columns can be matched: Kusto compares
// join keys of identical types only, and dynamic values are not keys.
func (a *analyzer) joinKeyTypes(n syntax.Node, l, r value.Column) bool {
	if l.Type != r.Type {
		a.errorf(n, "join keys must have the same type: '%s' is %s on the left, '%s' is %s on the right", l.Name, l.Type, r.Name, r.Type)
		return false
	}
	if l.Type == value.Dynamic {
		a.errorf(n, "a dynamic join key ('%s') is not supported; convert it on both sides first (tostring(), tolong(), ...)", l.Name)
		return false
	}
	return true
}

// joinSchema names the output columns as Kusto does: a column keeps its
// name unless an earlier one took it, in which case it gets the smallest
// numeric suffix still free (Key, Key1; [c, c, c1] gives [c, c2, c1]).
func joinSchema(cols []plan.JoinCol, ls, rs value.Schema) value.Schema {
	out := make(value.Schema, len(cols))
	for i, c := range cols {
		if c.Right {
			out[i] = rs[c.Index]
		} else {
			out[i] = ls[c.Index]
		}
	}
	first := map[string]int{}
	// suffix holds every name in use with the last suffix tried for it.
	suffix := map[string]int{}
	for i, c := range out {
		if _, seen := first[c.Name]; !seen {
			first[c.Name] = i
			suffix[c.Name] = 0
		}
	}
	for i, c := range out {
		if first[c.Name] == i {
			continue
		}
		for n := suffix[c.Name] + 1; ; n++ {
			name := c.Name + strconv.Itoa(n)
			if _, used := suffix[name]; !used {
				suffix[c.Name] = n
				suffix[name] = 0
				out[i].Name = name
				break
			}
		}
	}
	return out
}
