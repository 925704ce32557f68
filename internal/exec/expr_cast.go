package exec

import (
	"strings"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/value"
)

func (c *compiler) cast(x *plan.Cast) (evaluator, error) {
	src, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	t := x.T
	if x.X.Type() == t {
		return src, nil
	}
	return func(b *value.Batch) *value.Vector {
		in := src(b)
		n, sel := b.Len, b.Sel
		if in.Const {
			n, sel = 1, nil
		}
		out := value.NewVector(t, n)
		fn.ForRows(n, sel, func(i int) {
			if t == value.String {
				out.S[i] = in.AsString(i)
				return
			}
			// The same conversion the to*() functions apply.
			out.Set(i, value.Convert(in.Get(i), t))
		})
		if in.Const {
			out.Const = true
		}
		return out
	}, nil
}

// inSet is the compiled list of an in/has_any expression.
type inSet struct {
	strs  map[string]bool // exact strings (in, !in)
	fold  map[string]bool // lower-cased strings (in~, !in~)
	list  []string        // needles for has_any/has_all
	longs map[int64]bool
	reals map[float64]bool
	vals  []value.Value // everything else, compared one by one
}

func (c *compiler) in(x *plan.In) (evaluator, error) {
	src, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	var items []value.Value
	var rowItems []evaluator
	if x.Sub != nil {
		t, err := c.q.run(x.Sub)
		if err != nil {
			return nil, err
		}
		for _, b := range t.Batches {
			b.ForEach(func(i int) { items = append(items, b.Cols[0].Get(i)) })
		}
	} else {
		for _, e := range x.List {
			if k, ok := e.(*plan.Const); ok {
				items = append(items, flatten(k.V)...)
				continue
			}
			ev, err := c.expr(e)
			if err != nil {
				return nil, err
			}
			rowItems = append(rowItems, ev)
		}
	}
	op := x.Op
	xt := x.X.Type()
	return func(b *value.Batch) *value.Vector {
		in := src(b)
		all := items
		var rows []*value.Vector
		for _, ev := range rowItems {
			rows = append(rows, ev(b))
		}
		set := buildSet(op, all)
		out := value.NewVector(value.Bool, b.Len)
		forRows(b, func(i int) {
			cur := set
			if len(rows) > 0 {
				extra := append([]value.Value(nil), all...)
				for _, r := range rows {
					extra = append(extra, flatten(r.Get(i))...)
				}
				cur = buildSet(op, extra)
			}
			res, null := cur.test(op, xt, in, i)
			if null {
				out.SetNull(i)
				return
			}
			out.B[i] = res
		})
		return out
	}, nil
}

// flatten expands dynamic arrays in an in-list into their elements.
func flatten(v value.Value) []value.Value {
	if v.T == value.Dynamic && v.D.Kind() == value.DArray {
		var out []value.Value
		v.D.Elems(func(_ int, e *value.Dyn) bool {
			if s, ok := e.Scalar(); ok {
				out = append(out, s)
			} else {
				out = append(out, value.NewDynamic(e))
			}
			return true
		})
		return out
	}
	return []value.Value{v}
}

func buildSet(op string, items []value.Value) *inSet {
	s := &inSet{strs: map[string]bool{}, fold: map[string]bool{}, longs: map[int64]bool{}, reals: map[float64]bool{}}
	for _, v := range items {
		if v.IsNull() {
			continue
		}
		str := v.String()
		s.strs[str] = true
		s.fold[strings.ToLower(str)] = true
		s.list = append(s.list, str)
		switch {
		case v.T.IsInteger():
			s.longs[v.I] = true
			s.reals[float64(v.I)] = true
		case v.T.UsesFloats():
			s.reals[v.F] = true
		default:
			s.vals = append(s.vals, v)
		}
	}
	return s
}

// test evaluates row i; null reports a null result.
func (s *inSet) test(op string, xt value.Type, in *value.Vector, i int) (res, null bool) {
	switch op {
	case "has_any", "has_all":
		hay := in.AsString(i)
		if op == "has_any" {
			for _, n := range s.list {
				if fn.HasTerm(hay, n, false) {
					return true, false
				}
			}
			return false, false
		}
		for _, n := range s.list {
			if !fn.HasTerm(hay, n, false) {
				return false, false
			}
		}
		return true, false
	}
	neg := strings.HasPrefix(op, "!")
	fold := strings.HasSuffix(op, "~")
	if in.IsNull(i) && xt != value.String {
		return false, true
	}
	var hit bool
	switch {
	case fold:
		hit = s.fold[strings.ToLower(in.AsString(i))]
	case xt.IsInteger() || xt.UsesFloats():
		f, _ := in.AsReal(i)
		hit = s.reals[f]
	case xt == value.Dynamic:
		d := in.Dyn(i)
		switch d.Kind() {
		case value.DLong:
			hit = s.reals[float64(d.AsLong())]
		case value.DReal:
			hit = s.reals[d.AsReal()]
		}
		if !hit {
			hit = s.strs[d.String()]
		}
	case xt == value.DateTime || xt == value.TimeSpan:
		n := in.Int64(i)
		for _, v := range s.vals {
			if v.T == xt && v.I == n {
				hit = true
				break
			}
		}
	default:
		hit = s.strs[in.AsString(i)]
	}
	return hit != neg, false
}
