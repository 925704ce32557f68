package fn

import (
	"math"
	"math/bits"

	"github.com/harrier-sec/harrier/internal/value"
)

// sum(), sumif(), avg(), avgif().
//
// sum keeps the argument's type except int, which widens to long; a group
// without non-null values sums to 0 (summarize's documented default).
// avg returns real for int, long and real, decimal for decimal, and keeps
// datetime and timespan; a group without values averages to NaN for real
// (0/0, as the summarize documentation shows) and null otherwise.

var aggSum = &Aggregate{
	Name:    "sum",
	MinArgs: 1,
	MaxArgs: 1,
	Check: func(args []Arg) ([]value.Type, error) {
		t := args[0].Type
		if !aggSummable(t) {
			return nil, aggArgErr(0, "a number, datetime or timespan", t)
		}
		if t == value.Int {
			t = value.Long
		}
		return aggOne(t), nil
	},
	New: func(args []Arg) AggState {
		t := args[0].Type
		if t == value.Int {
			t = value.Long
		}
		if aggUnknown(t) {
			t = value.Real
		}
		return &sumState{t: t, ints: aggFamilyOf(t) == famInt}
	},
	Doc: "Sum of the non-null values per group.",
}

var aggAvg = &Aggregate{
	Name:    "avg",
	MinArgs: 1,
	MaxArgs: 1,
	Check: func(args []Arg) ([]value.Type, error) {
		t := args[0].Type
		if !aggSummable(t) {
			return nil, aggArgErr(0, "a number, datetime or timespan", t)
		}
		return aggOne(aggAvgType(t)), nil
	},
	New: func(args []Arg) AggState {
		in := args[0].Type
		return &avgState{out: aggAvgType(in), ints: aggFamilyOf(in) == famInt}
	},
	Doc: "Average of the non-null values per group.",
}

func aggAvgType(t value.Type) value.Type {
	switch t {
	case value.Decimal, value.DateTime, value.TimeSpan, value.Unknown:
		return t
	}
	return value.Real
}

func init() {
	RegisterAggregate(aggSum)
	RegisterAggregate(aggIfVariant("sumif", aggSum, 1, "Sum of the values of rows whose predicate is true."))
	RegisterAggregate(aggAvg)
	RegisterAggregate(aggIfVariant("avgif", aggAvg, 1, "Average of the values of rows whose predicate is true."))
}

// sumState sums int64s (wrapping on overflow, like long arithmetic) or
// float64s per group.
type sumState struct {
	t    value.Type
	ints bool
	i    []int64
	f    []float64
}

func (s *sumState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	n := aggMaxGroup(groups)
	if s.ints {
		s.i = aggGrow(s.i, n)
		sum := s.i
		if aggDense(v) && v.T.UsesInts() {
			src := v.I
			for k, r := range rows {
				sum[groups[k]] += src[r]
			}
			return
		}
		for k, r := range rows {
			if x, ok := aggGetInt(v, int(r)); ok {
				sum[groups[k]] += x
			}
		}
		return
	}
	s.f = aggGrow(s.f, n)
	sum := s.f
	if aggDense(v) && v.T.UsesFloats() {
		src := v.F
		for k, r := range rows {
			sum[groups[k]] += src[r]
		}
		return
	}
	for k, r := range rows {
		if x, ok := v.AsReal(int(r)); ok {
			sum[groups[k]] += x
		}
	}
}

func (s *sumState) Merge(other AggState, remap []uint32) {
	o := other.(*sumState)
	if s.ints {
		for g, x := range o.i {
			if g < len(remap) {
				d := int(remap[g])
				s.i = aggGrow(s.i, d+1)
				s.i[d] += x
			}
		}
		return
	}
	for g, x := range o.f {
		if g < len(remap) {
			d := int(remap[g])
			s.f = aggGrow(s.f, d+1)
			s.f[d] += x
		}
	}
}

func (s *sumState) Results(n int) []*value.Vector {
	out := value.NewVector(s.t, n)
	if s.ints {
		copy(out.I, s.i)
	} else {
		copy(out.F, s.f)
	}
	return []*value.Vector{out}
}

// avgState keeps a count and a sum per group. Integer sums are 128-bit so
// that averages of datetimes (about 6e17 ticks each) do not overflow.
type avgState struct {
	out  value.Type
	ints bool
	hi   []int64
	lo   []uint64
	f    []float64
	cnt  []int64
}

func aggAdd128(hi *int64, lo *uint64, x int64) {
	var c uint64
	*lo, c = bits.Add64(*lo, uint64(x), 0)
	*hi += x>>63 + int64(c)
}

func (s *avgState) grow(n int) {
	s.cnt = aggGrow(s.cnt, n)
	if s.ints {
		s.hi = aggGrow(s.hi, n)
		s.lo = aggGrow(s.lo, n)
	} else {
		s.f = aggGrow(s.f, n)
	}
}

func (s *avgState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.grow(aggMaxGroup(groups))
	if s.ints {
		for k, r := range rows {
			if x, ok := aggGetInt(v, int(r)); ok {
				g := groups[k]
				aggAdd128(&s.hi[g], &s.lo[g], x)
				s.cnt[g]++
			}
		}
		return
	}
	for k, r := range rows {
		if x, ok := v.AsReal(int(r)); ok {
			g := groups[k]
			s.f[g] += x
			s.cnt[g]++
		}
	}
}

func (s *avgState) Merge(other AggState, remap []uint32) {
	o := other.(*avgState)
	for g, c := range o.cnt {
		if c == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.grow(d + 1)
		s.cnt[d] += c
		if s.ints {
			var carry uint64
			s.lo[d], carry = bits.Add64(s.lo[d], o.lo[g], 0)
			s.hi[d] += o.hi[g] + int64(carry)
		} else {
			s.f[d] += o.f[g]
		}
	}
}

// aggDiv128 divides the 128-bit hi:lo by c > 0, truncating toward zero; the
// quotient of a sum of int64s by their count fits an int64.
func aggDiv128(hi int64, lo uint64, c int64) int64 {
	neg := hi < 0
	uhi, ulo := uint64(hi), lo
	if neg {
		ulo = ^ulo + 1
		uhi = ^uhi
		if ulo == 0 {
			uhi++
		}
	}
	uc := uint64(c)
	q0, _ := bits.Div64(uhi%uc, ulo, uc)
	if neg {
		return -int64(q0)
	}
	return int64(q0)
}

func (s *avgState) Results(n int) []*value.Vector {
	out := value.NewVector(s.out, n)
	for g := 0; g < n; g++ {
		var c int64
		if g < len(s.cnt) {
			c = s.cnt[g]
		}
		switch {
		case c == 0 && s.out == value.Real:
			out.F[g] = math.NaN()
		case c == 0:
			out.SetNull(g)
		case s.ints && s.out.UsesInts():
			out.I[g] = aggDiv128(s.hi[g], s.lo[g], c)
		case s.ints:
			out.F[g] = (float64(s.hi[g])*(1<<64) + float64(s.lo[g])) / float64(c)
		default:
			out.F[g] = s.f[g] / float64(c)
		}
	}
	return []*value.Vector{out}
}
