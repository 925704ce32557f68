package fn

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// take_any(expr, ...) and take_anyif(expr, predicate): the values of one
// row per group. With several arguments (or *, which sema expands) all
// values come from the same row. With one argument Kusto "attempts to
// return a non-null/non-empty value, if such value is present", so a
// null or empty value is replaced by the first non-empty one seen. The
// row kept is otherwise the first one seen, which makes results
// reproducible when the input is ordered and merges happen in order.

var aggTakeAny = &Aggregate{
	Name:    "take_any",
	MinArgs: 1,
	MaxArgs: -1,
	Check:   aggAnyTypes,
	New:     aggNewTakeAny,
	Doc:     "The values of an arbitrary row of each group.",
}

// aggTakeAny1 is take_any restricted to one argument, the base of
// take_anyif.
var aggTakeAny1 = &Aggregate{Name: "take_any", MinArgs: 1, MaxArgs: 1, Check: aggAnyTypes, New: aggNewTakeAny}

func init() {
	RegisterAggregate(aggTakeAny)
	RegisterAggregate(aggIfVariant("take_anyif", aggTakeAny1, 1,
		"The value of an arbitrary row of each group among those whose predicate is true."))
}

// aggAnyTypes returns the argument types: one output per argument.
func aggAnyTypes(args []Arg) ([]value.Type, error) {
	out := make([]value.Type, len(args))
	for i, a := range args {
		out[i] = a.Type
	}
	return out, nil
}

func aggNewCols(args []Arg) []*aggCol {
	cols := make([]*aggCol, len(args))
	for i, a := range args {
		cols[i] = newAggCol(a.Type)
	}
	return cols
}

func aggNewTakeAny(args []Arg) AggState { return &takeAnyState{cols: aggNewCols(args)} }

type takeAnyState struct {
	cols []*aggCol
	has  []bool // a row was taken
	good []bool // one argument: the value taken is non-null and non-empty
}

func (s *takeAnyState) grow(n int) {
	s.has = aggGrow(s.has, n)
	s.good = aggGrow(s.good, n)
	for _, c := range s.cols {
		c.grow(n)
	}
}

// aggNonEmpty reports whether row i of v is neither null nor empty.
func aggNonEmpty(v *value.Vector, i int) bool {
	switch v.T {
	case value.String, value.GUID:
		return v.Str(i) != ""
	case value.Dynamic:
		d := v.Dyn(i)
		return !d.IsNull() && !(d.Kind() == value.DString && d.AsString() == "")
	}
	return !v.IsNull(i)
}

func (s *takeAnyState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	s.grow(aggMaxGroup(groups))
	if len(s.cols) == 1 {
		v, c := args[0], s.cols[0]
		for k, r := range rows {
			g := groups[k]
			if s.good[g] {
				continue
			}
			ok := aggNonEmpty(v, int(r))
			if !s.has[g] || ok {
				c.set(int(g), v, int(r))
				s.has[g], s.good[g] = true, ok
			}
		}
		return
	}
	for k, r := range rows {
		g := groups[k]
		if s.has[g] {
			continue
		}
		for i, c := range s.cols {
			c.set(int(g), args[i], int(r))
		}
		s.has[g] = true
	}
}

func (s *takeAnyState) Merge(other AggState, remap []uint32) {
	o := other.(*takeAnyState)
	for g, ok := range o.has {
		if !ok || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.grow(d + 1)
		if s.has[d] && (len(s.cols) != 1 || s.good[d] || !o.good[g]) {
			continue
		}
		for i, c := range s.cols {
			c.copyFrom(d, o.cols[i], g)
		}
		s.has[d], s.good[d] = true, o.good[g]
	}
}

func (s *takeAnyState) Results(n int) []*value.Vector {
	out := make([]*value.Vector, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.vector(n)
	}
	return out
}

func init() {
	// Deprecated aliases; they differ from take_any only in column naming.
	RegisterAggregate(&Aggregate{Name: "any", MinArgs: 1, MaxArgs: -1, Check: aggAnyTypes, New: aggNewTakeAny,
		Doc: "Deprecated: take_any()."})
	RegisterAggregate(aggIfVariant("anyif", aggTakeAny1, 1, "Deprecated: take_anyif()."))
}
