package plan

// RemapColumns rebuilds e with every column reference replaced by f's
// answer. ok is false when f rejects a reference or e holds an expression
// kind the rewrite does not know (the caller then keeps e where it was).
func RemapColumns(e Expr, f func(*ColRef) (*ColRef, bool)) (Expr, bool) {
	return MapExpr(e, func(x Expr) (Expr, bool, bool) {
		if r, ok := x.(*ColRef); ok {
			y, ok := f(r)
			return y, ok, true
		}
		return nil, true, false
	})
}

// MapExpr rebuilds e bottom-up where f says so: f(x) returns (y, ok, true)
// to replace x by y (ok false aborts the whole rewrite), or (_, true,
// false) to rebuild x from its rewritten children. ok is false when e
// holds an expression kind the rewrite does not know.
func MapExpr(e Expr, f func(Expr) (Expr, bool, bool)) (Expr, bool) {
	if y, ok, done := f(e); done || !ok {
		return y, ok
	}
	all := func(xs []Expr) ([]Expr, bool) {
		out := make([]Expr, len(xs))
		for i, x := range xs {
			y, ok := MapExpr(x, f)
			if !ok {
				return nil, false
			}
			out[i] = y
		}
		return out, true
	}
	switch x := e.(type) {
	case *ColRef:
		return x, true
	case *Const:
		return x, true
	case *Call:
		args, ok := all(x.Args)
		return &Call{Fn: x.Fn, Args: args, T: x.T}, ok
	case *Path:
		y, ok := MapExpr(x.X, f)
		return &Path{X: y, Elems: x.Elems}, ok
	case *DynIndex:
		v, ok := all([]Expr{x.X, x.Index})
		if !ok {
			return nil, false
		}
		return &DynIndex{X: v[0], Index: v[1]}, true
	case *Compare:
		v, ok := all([]Expr{x.L, x.R})
		if !ok {
			return nil, false
		}
		return &Compare{Op: x.Op, L: v[0], R: v[1]}, true
	case *Arith:
		v, ok := all([]Expr{x.L, x.R})
		if !ok {
			return nil, false
		}
		return &Arith{Op: x.Op, L: v[0], R: v[1], T: x.T}, true
	case *Logic:
		v, ok := all([]Expr{x.L, x.R})
		if !ok {
			return nil, false
		}
		return &Logic{Op: x.Op, L: v[0], R: v[1]}, true
	case *Neg:
		y, ok := MapExpr(x.X, f)
		return &Neg{X: y}, ok
	case *Cast:
		y, ok := MapExpr(x.X, f)
		return &Cast{X: y, T: x.T}, ok
	case *Between:
		v, ok := all([]Expr{x.X, x.Lo, x.Hi})
		if !ok {
			return nil, false
		}
		return &Between{Not: x.Not, X: v[0], Lo: v[1], Hi: v[2]}, true
	case *In:
		y, ok := MapExpr(x.X, f)
		if !ok {
			return nil, false
		}
		list, ok := all(x.List)
		return &In{Op: x.Op, X: y, List: list, Sub: x.Sub}, ok
	case *Scalar:
		return x, true
	}
	return nil, false
}

// Conjuncts splits e at its top-level "and"s and appends the parts to out.
func Conjuncts(e Expr, out []Expr) []Expr {
	if l, ok := e.(*Logic); ok && l.Op == "and" {
		return Conjuncts(l.R, Conjuncts(l.L, out))
	}
	return append(out, e)
}
