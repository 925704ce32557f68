package sema

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/kql/syntax"
)

func init() {
	registerOp((*syntax.ForkOp)(nil), func(a *analyzer, op syntax.Operator, in plan.Node, e *env) plan.Node {
		return a.fork(op.(*syntax.ForkOp), in, e)
	})
}

// forkOp reports whether an operator may appear in a fork branch: Kusto
// allows only these (reduce and top-nested too, which harrier analyzes
// elsewhere or not at all).
func forkOp(op syntax.Operator) bool {
	switch op.(type) {
	case *syntax.AsOp, *syntax.CountOp, *syntax.ExtendOp, *syntax.ParseOp, *syntax.WhereOp,
		*syntax.TakeOp, *syntax.ProjectOp, *syntax.ProjectAwayOp, *syntax.ProjectRenameOp,
		*syntax.ProjectReorderOp, *syntax.SummarizeOp, *syntax.TopOp, *syntax.TopNestedOp,
		*syntax.SortOp, *syntax.MvExpandOp:
		return true
	}
	return false
}

// fork analyzes each branch over the same input. The result has one table
// per branch, named by "name=(...)" or by a trailing "as Name".
func (a *analyzer) fork(o *syntax.ForkOp, in plan.Node, e *env) plan.Node {
	f := &plan.Fork{In: in, Sp: opSpan(o)}
	ok := true
	for _, b := range o.Branches {
		name := ""
		if b.Name != nil {
			name = b.Name.Name
		}
		n := in
		for _, op := range b.Ops {
			if n == nil {
				break
			}
			if !forkOp(op) {
				a.errorf(op, "operator '%s' is not allowed inside fork", operatorKeyword(op))
				n = nil
				break
			}
			if as, isAs := op.(*syntax.AsOp); isAs && name == "" {
				name = as.Name.Name
			}
			n = a.operator(op, n, e)
		}
		if n == nil {
			ok = false
			continue
		}
		f.Branches = append(f.Branches, n)
		f.Names = append(f.Names, name)
	}
	if !ok {
		return nil
	}
	return f
}

// operatorKeyword is the keyword of an operator, for messages.
func operatorKeyword(op syntax.Operator) string {
	s := op.String()
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '(' {
			return s[:i]
		}
	}
	return s
}
