package plan

import (
	"fmt"
	"strconv"
	"strings"

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
	paths := map[*Scan]*pathSet{}
	var walk func(n Node, above []Node)
	seen := map[Node]bool{}
	walk = func(n Node, above []Node) {
		if s, ok := n.(*Scan); ok && s.Table.Source != nil {
			ps := paths[s]
			if ps == nil {
				ps = &pathSet{base: len(s.Table.Schema), index: map[string]int{}}
				paths[s] = ps
			}
			use := scanUse(s, above, ps)
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
		spec.Paths = paths[s].list
		s.Spec = spec
	}
}

// pathSet numbers the dynamic paths a scan delivers as extra columns.
type pathSet struct {
	base  int // len(schema): the first extra column
	index map[string]int
	list  []table.ScanPath
}

// column returns the extra column that holds path keys of dynamic column c.
func (ps *pathSet) column(c int, keys []string) int {
	k := fmt.Sprint(c, keys)
	if i, ok := ps.index[k]; ok {
		return i
	}
	i := ps.base + len(ps.list)
	ps.index[k] = i
	ps.list = append(ps.list, table.ScanPath{Column: c, Keys: keys})
	return i
}

// rewritePaths replaces the constant dynamic paths over the scan's own
// dynamic columns (RawEventData.ObjectRef.resource) by the extra columns
// that deliver them. e is returned unchanged when it holds an expression
// the rewrite does not know.
func rewritePaths(e Expr, schema value.Schema, ps *pathSet) Expr {
	out, ok := MapExpr(e, func(x Expr) (Expr, bool, bool) {
		p, ok := x.(*Path)
		if !ok {
			return nil, true, false
		}
		r, ok := p.X.(*ColRef)
		if !ok || r.Index >= len(schema) || schema[r.Index].Type != value.Dynamic {
			return nil, true, false
		}
		keys := make([]string, 0, len(p.Elems))
		for _, el := range p.Elems {
			switch {
			case el.IsIndex && el.Index >= 0:
				keys = append(keys, "["+strconv.Itoa(el.Index)+"]")
			case !el.IsIndex && !strings.HasPrefix(el.Key, "["):
				keys = append(keys, el.Key)
			default:
				return nil, true, false
			}
		}
		return &ColRef{Index: ps.column(r.Index, keys), T: value.Dynamic, Name: r.Name}, true, true
	})
	if !ok {
		return e
	}
	return out
}

// scanUse works out what one use of a scan reads; above lists the
// operators from the root down to the scan's parent.
func scanUse(s *Scan, above []Node, ps *pathSet) table.ScanSpec {
	spec := table.ScanSpec{MinTime: value.MinDateTime, MaxTime: value.MaxDateTime}
	tc := s.Table.Source.TimeColumn()
	schema := s.Table.Schema
	need := make([]bool, len(schema))
	done := false
	// Paths are rewritten only while expressions still see the scan's
	// own columns (before anything rebuilds the rows).
	paths := true
	rw := func(e Expr) Expr {
		if !paths {
			return e
		}
		return rewritePaths(e, schema, ps)
	}
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
	leading := true // only filters straight above the scan constrain its rows
	for i := len(above) - 1; i >= 0 && !done; i-- {
		if _, ok := above[i].(*Filter); !ok {
			leading = false
		}
		switch x := above[i].(type) {
		case *Filter:
			if timeBounds && tc >= 0 {
				narrowTime(&spec, x.Pred, tc)
			}
			x.Pred = rw(x.Pred)
			if leading {
				spec.Terms = append(spec.Terms, termConds(x.Pred, len(schema), schema)...)
			}
			if !add(x.Pred) {
				return spec
			}
		case *Project:
			for i, e := range x.Exprs {
				x.Exprs[i] = rw(e)
				if !add(x.Exprs[i]) {
					return spec
				}
			}
			done = true
		case *MvExpand:
			timeBounds = false
			for i, c := range x.Cols {
				x.Cols[i].X = rw(c.X)
				if !add(x.Cols[i].X) {
					return spec
				}
			}
			paths = false
		case *Summarize:
			for i, e := range x.Keys {
				x.Keys[i] = rw(e)
				if !add(x.Keys[i]) {
					return spec
				}
			}
			for _, a := range x.Aggs {
				for i, e := range a.Args {
					a.Args[i] = rw(e)
					if !add(a.Args[i]) {
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
			op = FlipCompare(op)
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

// termConds lists the conjuncts of pred that require a string column (or
// a rewritten path column) to hold a constant's terms: == "x", has "x",
// has_cs "x".
func termConds(pred Expr, width int, schema value.Schema) []table.TermCond {
	if l, ok := pred.(*Logic); ok && l.Op == "and" {
		return append(termConds(l.L, width, schema), termConds(l.R, width, schema)...)
	}
	col := func(e Expr) (int, bool) {
		r, ok := e.(*ColRef)
		if !ok {
			return 0, false
		}
		if r.Index < width {
			return r.Index, schema[r.Index].Type == value.String
		}
		return r.Index, r.T == value.Dynamic
	}
	str := func(e Expr) (string, bool) {
		c, ok := e.(*Const)
		if !ok || c.V.T != value.String || c.V.S == "" {
			return "", false
		}
		return c.V.S, true
	}
	switch x := pred.(type) {
	case *Compare:
		if x.Op != "==" {
			return nil
		}
		if c, ok := col(x.L); ok {
			if t, ok := str(x.R); ok {
				return []table.TermCond{{Column: c, Term: t}}
			}
		}
		if c, ok := col(x.R); ok {
			if t, ok := str(x.L); ok {
				return []table.TermCond{{Column: c, Term: t}}
			}
		}
	case *Call:
		if (x.Fn.Name == "has" || x.Fn.Name == "has_cs") && len(x.Args) == 2 {
			if c, ok := col(x.Args[0]); ok {
				if t, ok := str(x.Args[1]); ok {
					return []table.TermCond{{Column: c, Term: t}}
				}
			}
		}
	}
	return nil
}

// FlipCompare is the comparison with its operands swapped (a < b is b > a).
func FlipCompare(op string) string {
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
	// Term conditions hold only when every use has them: keep none.
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
