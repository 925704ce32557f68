package fn

import "github.com/harrier-sec/harrier/internal/value"

// binary_all_and(), binary_all_or(), binary_all_xor(): bitwise folds of
// the non-null integer values of each group, of the argument's type; null
// for a group without values (summarize's "all others" default).

type bitOp uint8

const (
	bitAnd bitOp = iota
	bitOr
	bitXor
)

func (op bitOp) apply(a, b int64) int64 {
	switch op {
	case bitAnd:
		return a & b
	case bitOr:
		return a | b
	}
	return a ^ b
}

func binaryAggregate(name string, op bitOp, doc string) *Aggregate {
	return &Aggregate{
		Name:    name,
		MinArgs: 1,
		MaxArgs: 1,
		Check: func(args []Arg) ([]value.Type, error) {
			t := args[0].Type
			if !t.IsInteger() && !aggUnknown(t) {
				return nil, aggArgErr(0, "an integer (int or long)", t)
			}
			return aggOne(t), nil
		},
		New: func(args []Arg) AggState {
			t := args[0].Type
			if !t.IsInteger() {
				t = value.Long
			}
			return &bitState{t: t, op: op}
		},
		Doc: doc,
	}
}

func init() {
	RegisterAggregate(binaryAggregate("binary_all_and", bitAnd, "Bitwise AND of the values of each group."))
	RegisterAggregate(binaryAggregate("binary_all_or", bitOr, "Bitwise OR of the values of each group."))
	RegisterAggregate(binaryAggregate("binary_all_xor", bitXor, "Bitwise XOR of the values of each group."))
}

type bitState struct {
	t   value.Type
	op  bitOp
	acc []int64
	has []bool
}

func (s *bitState) fold(g int, x int64) {
	if s.has[g] {
		s.acc[g] = s.op.apply(s.acc[g], x)
	} else {
		s.acc[g], s.has[g] = x, true
	}
}

func (s *bitState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	n := aggMaxGroup(groups)
	s.acc, s.has = aggGrow(s.acc, n), aggGrow(s.has, n)
	for k, r := range rows {
		if x, ok := aggGetInt(v, int(r)); ok {
			s.fold(int(groups[k]), x)
		}
	}
}

func (s *bitState) Merge(other AggState, remap []uint32) {
	o := other.(*bitState)
	for g, ok := range o.has {
		if !ok || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.acc, s.has = aggGrow(s.acc, d+1), aggGrow(s.has, d+1)
		s.fold(d, o.acc[g])
	}
}

func (s *bitState) Results(n int) []*value.Vector {
	out := value.NewVector(s.t, n)
	for g := 0; g < n; g++ {
		if g < len(s.has) && s.has[g] {
			out.I[g] = s.acc[g]
		} else {
			out.SetNull(g)
		}
	}
	return []*value.Vector{out}
}
