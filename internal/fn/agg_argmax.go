package fn

import (
	"cmp"

	"github.com/harrier-sec/harrier/internal/value"
)

// arg_max(ExprToMaximize, Expr1, ...) and arg_min: the row of each group
// with the largest (smallest) first argument; outputs are the first
// argument then every further one (sema expands * into the input columns).
// Ties keep the first row seen. Rows where the first argument is null are
// ignored unless it is null in every row of the group: then one row, the
// first seen, is returned with a null first column (Kusto's documented null
// handling, e.g. the Banana row of the arg_max example).

func aggArgMinMax(name string, isMax bool) *Aggregate {
	doc := "The row of each group that minimizes the first argument."
	if isMax {
		doc = "The row of each group that maximizes the first argument."
	}
	return &Aggregate{
		Name:    name,
		MinArgs: 1,
		MaxArgs: -1,
		Check: func(args []Arg) ([]value.Type, error) {
			if !aggOrderable(args[0].Type) {
				return nil, aggArgErr(0, "an orderable value (number, string, bool, datetime or timespan)", args[0].Type)
			}
			return aggAnyTypes(args)
		},
		New: func(args []Arg) AggState { return aggNewArgState(args, isMax) },
		Doc: doc,
	}
}

func init() {
	RegisterAggregate(aggArgMinMax("arg_max", true))
	RegisterAggregate(aggArgMinMax("arg_min", false))
}

func aggNewArgState(args []Arg, isMax bool) AggState {
	t := args[0].Type
	cols := aggNewCols(args[1:])
	switch aggFamilyOf(t) {
	case famInt:
		return &argMinMaxState[int64]{t: t, isMax: isMax, get: aggGetInt, cols: cols}
	case famBool:
		return &argMinMaxState[int64]{t: t, isMax: isMax, get: aggBoolAsInt, cols: cols}
	case famString:
		return &argMinMaxState[string]{t: t, isMax: isMax, get: aggGetStr, cols: cols}
	case famFloat:
		return &argMinMaxState[float64]{t: t, isMax: isMax, get: aggGetFloat, cols: cols}
	}
	return &argMinMaxState[float64]{t: value.Real, isMax: isMax, get: aggGetFloat, cols: cols}
}

type argMinMaxState[T cmp.Ordered] struct {
	t     value.Type
	isMax bool
	get   aggOrdGetter[T]
	key   aggOrdCol[T] // key.has: the group's key is non-null
	row   []bool       // a row (perhaps with a null key) was taken
	cols  []*aggCol
}

func (s *argMinMaxState[T]) better(x, cur T) bool {
	if s.isMax {
		return x > cur
	}
	return x < cur
}

func (s *argMinMaxState[T]) grow(n int) {
	s.key.grow(n)
	s.row = aggGrow(s.row, n)
	for _, c := range s.cols {
		c.grow(n)
	}
}

func (s *argMinMaxState[T]) Update(args []*value.Vector, rows []int32, groups []uint32) {
	s.grow(aggMaxGroup(groups))
	kv := args[0]
	for k, r := range rows {
		g := groups[k]
		x, ok := s.get(kv, int(r))
		switch {
		case ok && (!s.key.has[g] || s.better(x, s.key.v[g])):
			s.key.v[g], s.key.has[g] = x, true
		case !ok && !s.row[g]:
		default:
			continue
		}
		s.row[g] = true
		for i, c := range s.cols {
			c.set(int(g), args[i+1], int(r))
		}
	}
}

func (s *argMinMaxState[T]) Merge(other AggState, remap []uint32) {
	o := other.(*argMinMaxState[T])
	for g, ok := range o.row {
		if !ok || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.grow(d + 1)
		switch {
		case o.key.has[g] && (!s.key.has[d] || s.better(o.key.v[g], s.key.v[d])):
			s.key.v[d], s.key.has[d] = o.key.v[g], true
		case !o.key.has[g] && !s.row[d]:
		default:
			continue
		}
		s.row[d] = true
		for i, c := range s.cols {
			c.copyFrom(d, o.cols[i], g)
		}
	}
}

func (s *argMinMaxState[T]) Results(n int) []*value.Vector {
	out := make([]*value.Vector, 0, 1+len(s.cols))
	out = append(out, aggOrdVector(s.t, &s.key, n))
	for _, c := range s.cols {
		out = append(out, c.vector(n))
	}
	return out
}
