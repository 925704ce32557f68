package sema

import "github.com/harrier-sec/harrier/internal/kql/plan"

// pushIntoInnerUnique moves the parts of a where predicate that read only
// left-side columns below an innerunique join, as Kusto does: the left side
// is deduplicated after such filters, so "join ... | where l == x" can keep a
// row that deduplication would otherwise have dropped (join operator docs,
// innerunique). It returns the new input and the predicate left to apply.
func pushIntoInnerUnique(in plan.Node, pred plan.Expr) (plan.Node, plan.Expr) {
	j, ok := in.(*plan.Join)
	if !ok || j.Kind != plan.JoinInnerUnique {
		return in, pred
	}
	var keep, push []plan.Expr
	for _, c := range plan.Conjuncts(pred, nil) {
		moved, ok := plan.RemapColumns(c, func(r *plan.ColRef) (*plan.ColRef, bool) {
			if r.Index >= len(j.Cols) || j.Cols[r.Index].Right {
				return nil, false
			}
			return &plan.ColRef{Index: j.Cols[r.Index].Index, T: r.T, Name: r.Name}, true
		})
		if ok {
			push = append(push, moved)
		} else {
			keep = append(keep, c)
		}
	}
	if len(push) == 0 {
		return in, pred
	}
	nj := *j
	nj.Left = &plan.Filter{In: j.Left, Pred: andAll(push)}
	if len(keep) == 0 {
		return &nj, nil
	}
	return &nj, andAll(keep)
}

func andAll(es []plan.Expr) plan.Expr {
	out := es[0]
	for _, e := range es[1:] {
		out = &plan.Logic{Op: "and", L: out, R: e}
	}
	return out
}
