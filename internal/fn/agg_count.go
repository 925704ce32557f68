package fn

import "github.com/harrier-sec/harrier/internal/value"

// count() and countif(): the number of rows per group. count(expr) is
// accepted as Kusto does and counts every row, nulls included (the
// summarize documentation's example: count(y) over one null and one 5 is 2).

var aggCount = &Aggregate{
	Name:    "count",
	MinArgs: 0,
	MaxArgs: 1,
	Check:   func([]Arg) ([]value.Type, error) { return aggOne(value.Long), nil },
	New:     func([]Arg) AggState { return &countState{} },
	Doc:     "Number of rows per group.",
}

func init() {
	RegisterAggregate(aggCount)
	RegisterAggregate(aggIfVariant("countif", aggCount, 0, "Number of rows per group for which the predicate is true."))
}

type countState struct{ n []int64 }

func (s *countState) Update(_ []*value.Vector, rows []int32, groups []uint32) {
	s.n = aggGrow(s.n, aggMaxGroup(groups))
	n := s.n
	for _, g := range groups {
		n[g]++
	}
}

func (s *countState) Merge(other AggState, remap []uint32) {
	o := other.(*countState)
	for g, c := range o.n {
		if c == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.n = aggGrow(s.n, d+1)
		s.n[d] += c
	}
}

func (s *countState) Results(n int) []*value.Vector {
	out := value.NewVector(value.Long, n)
	copy(out.I, s.n)
	return []*value.Vector{out}
}
