package fn

import (
	"cmp"

	"github.com/harrier-sec/harrier/internal/value"
)

// min(), max(), minif(), maxif(): the extreme non-null value per group, of
// the argument's type; null for a group without values. Strings compare
// ordinally, bools as false < true.

func aggMinMax(name string, isMax bool) *Aggregate {
	return &Aggregate{
		Name:    name,
		MinArgs: 1,
		MaxArgs: 1,
		Check: func(args []Arg) ([]value.Type, error) {
			t := args[0].Type
			if !aggOrderable(t) {
				return nil, aggArgErr(0, "an orderable value (number, string, bool, datetime or timespan)", t)
			}
			return aggOne(t), nil
		},
		New: func(args []Arg) AggState { return aggNewMinMax(args[0].Type, isMax) },
		Doc: "The " + name + "imum non-null value per group.",
	}
}

func aggNewMinMax(t value.Type, isMax bool) AggState {
	switch aggFamilyOf(t) {
	case famInt:
		return &minMaxState[int64]{t: t, isMax: isMax, get: aggGetInt}
	case famBool:
		return &minMaxState[int64]{t: t, isMax: isMax, get: aggBoolAsInt}
	case famString:
		return &minMaxState[string]{t: t, isMax: isMax, get: aggGetStr}
	}
	if aggFamilyOf(t) != famFloat {
		t = value.Real
	}
	return &minMaxState[float64]{t: t, isMax: isMax, get: aggGetFloat}
}

func init() {
	aggMin := aggMinMax("min", false)
	aggMax := aggMinMax("max", true)
	RegisterAggregate(aggMin)
	RegisterAggregate(aggMax)
	RegisterAggregate(aggIfVariant("minif", aggMin, 1, "The minimum of the values of rows whose predicate is true."))
	RegisterAggregate(aggIfVariant("maxif", aggMax, 1, "The maximum of the values of rows whose predicate is true."))
}

type minMaxState[T cmp.Ordered] struct {
	t     value.Type
	isMax bool
	get   aggOrdGetter[T]
	c     aggOrdCol[T]
}

// better reports whether x replaces cur.
func (s *minMaxState[T]) better(x, cur T) bool {
	if s.isMax {
		return x > cur
	}
	return x < cur
}

func (s *minMaxState[T]) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.c.grow(aggMaxGroup(groups))
	vals, has := s.c.v, s.c.has
	for k, r := range rows {
		x, ok := s.get(v, int(r))
		if !ok {
			continue
		}
		g := groups[k]
		if !has[g] || s.better(x, vals[g]) {
			vals[g], has[g] = x, true
		}
	}
}

func (s *minMaxState[T]) Merge(other AggState, remap []uint32) {
	o := other.(*minMaxState[T])
	for g, ok := range o.c.has {
		if !ok || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.c.grow(d + 1)
		if !s.c.has[d] || s.better(o.c.v[g], s.c.v[d]) {
			s.c.v[d], s.c.has[d] = o.c.v[g], true
		}
	}
}

func (s *minMaxState[T]) Results(n int) []*value.Vector {
	return []*value.Vector{aggOrdVector(s.t, &s.c, n)}
}

// aggOrdVector renders an aggOrdCol as a vector of type t; groups without a
// value are null.
func aggOrdVector[T cmp.Ordered](t value.Type, c *aggOrdCol[T], n int) *value.Vector {
	out := value.NewVector(t, n)
	// One type switch on the slice, not one per group.
	switch vs := any(c.v).(type) {
	case []int64:
		for g := 0; g < n && g < len(vs); g++ {
			if t == value.Bool {
				out.B[g] = vs[g] != 0
			} else {
				out.I[g] = vs[g]
			}
		}
	case []float64:
		copy(out.F, vs)
	case []string:
		copy(out.S, vs)
	}
	for g := 0; g < n; g++ {
		if g >= len(c.has) || !c.has[g] {
			out.SetNull(g)
		}
	}
	return out
}
