package plan

import (
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// Optimize tells every scan of a source-backed table what the query reads
// of it: the time range its first filters allow (so parts outside it are
// never read) and the columns the operators above it use (so the others
// are never decoded). Filters stay in place, so results never change; a
// scan used in several places reads the union of what each needs.
func Optimize(root Node) {
	specs := map[*Scan]*table.ScanSpec{}
	var walk func(n Node, above []Node)
	seen := map[Node]bool{}
	walk = func(n Node, above []Node) {
		if s, ok := n.(*Scan); ok && s.Table.Source != nil {
			use := scanUse(s, above)
			if prev, ok := specs[s]; ok {
				use = union(*prev, use)
			}
			specs[s] = &use
			return
		}
		// Shared subplans are walked once per parent chain, which is what
		// a scan's union of uses needs; seen only stops runaway DAGs.
		if seen[n] && len(above) > 64 {
			return
		}
		seen[n] = true
		path := append(above[:len(above):len(above)], n)
		for _, in := range n.Inputs() {
			walk(in, path)
		}
	}
	walk(root, nil)
	for s, spec := range specs {
		s.Spec = spec
	}
}

// scanUse works out what one use of a scan reads; above lists the
// operators from the root down to the scan's parent.
func scanUse(s *Scan, above []Node) table.ScanSpec {
	spec := table.ScanSpec{MinTime: value.MinDateTime, MaxTime: value.MaxDateTime}
	tc := s.Table.Source.TimeColumn()
	need := make([]bool, len(s.Table.Schema))
	done := false
	add := func(e Expr) bool {
		_, ok := RemapColumns(e, func(r *ColRef) (*ColRef, bool) {
			if r.Index < len(need) {
				need[r.Index] = true
			}
			return r, true
		})
		return ok
	}
	timeBounds := true
	for i := len(above) - 1; i >= 0 && !done; i-- {
		switch x := above[i].(type) {
		case *Filter:
			if timeBounds && tc >= 0 {
				narrowTime(&spec, x.Pred, tc)
			}
			if !add(x.Pred) {
				return spec
			}
		case *Project:
			for _, e := range x.Exprs {
				if !add(e) {
					return spec
				}
			}
			done = true
		case *MvExpand:
			timeBounds = false
			for _, c := range x.Cols {
				if !add(c.X) {
					return spec
				}
			}
		case *Summarize:
			for _, e := range x.Keys {
				if !add(e) {
					return spec
				}
			}
			for _, a := range x.Aggs {
				for _, e := range a.Args {
					if !add(e) {
						return spec
					}
				}
			}
			done = true
		case *Count:
			done = true
		default:
			// Any other operator may read every column.
			return spec
		}
	}
	if !done {
		return spec
	}
	spec.Need = need
	return spec
}

// narrowTime tightens spec's time range with the conjuncts of pred that
// compare the time column with a constant.
func narrowTime(spec *table.ScanSpec, pred Expr, tc int) {
	if l, ok := pred.(*Logic); ok && l.Op == "and" {
		narrowTime(spec, l.L, tc)
		narrowTime(spec, l.R, tc)
		return
	}
	isTime := func(e Expr) bool {
		r, ok := e.(*ColRef)
		return ok && r.Index == tc && r.T == value.DateTime
	}
	constTicks := func(e Expr) (int64, bool) {
		c, ok := e.(*Const)
		if !ok || c.V.T != value.DateTime || c.V.Null {
			return 0, false
		}
		return c.V.I, true
	}
	switch x := pred.(type) {
	case *Compare:
		op := x.Op
		var t int64
		var ok bool
		switch {
		case isTime(x.L):
			t, ok = constTicks(x.R)
		case isTime(x.R):
			t, ok = constTicks(x.L)
			op = flipCompare(op)
		}
		if !ok {
			return
		}
		switch op {
		case ">", ">=":
			spec.MinTime = max(spec.MinTime, t)
		case "<", "<=":
			spec.MaxTime = min(spec.MaxTime, t)
		case "==":
			spec.MinTime = max(spec.MinTime, t)
			spec.MaxTime = min(spec.MaxTime, t)
		}
	case *Between:
		if x.Not || !isTime(x.X) {
			return
		}
		if lo, ok := constTicks(x.Lo); ok {
			spec.MinTime = max(spec.MinTime, lo)
		}
		if hi, ok := constTicks(x.Hi); ok {
			spec.MaxTime = min(spec.MaxTime, hi)
		}
	}
}

func flipCompare(op string) string {
	switch op {
	case "<":
		return ">"
	case "<=":
		return ">="
	case ">":
		return "<"
	case ">=":
		return "<="
	}
	return op
}

func union(a, b table.ScanSpec) table.ScanSpec {
	out := table.ScanSpec{MinTime: min(a.MinTime, b.MinTime), MaxTime: max(a.MaxTime, b.MaxTime)}
	if a.Need == nil || b.Need == nil {
		return out
	}
	out.Need = make([]bool, len(a.Need))
	for i := range out.Need {
		out.Need[i] = a.Need[i] || (i < len(b.Need) && b.Need[i])
	}
	return out
}
