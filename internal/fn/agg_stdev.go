package fn

import (
	"math"

	"github.com/harrier-sec/harrier/internal/value"
)

// stdev(), stdevif(), stdevp(), variance(), varianceif(), variancep():
// real results over the non-null values. The sample forms divide by n-1 and
// give 0 for a single value; summarize documents 0 for a group without
// values for stdev, stdevif, variance and varianceif, while stdevp and
// variancep fall under "all others: null".
//
// States keep Welford's running mean and sum of squared deviations and
// merge with Chan et al.'s pairwise formula, which stays accurate where
// sum-of-squares cancels catastrophically.

type spreadKind uint8

const (
	spreadVariance spreadKind = iota
	spreadVarianceP
	spreadStdev
	spreadStdevP
)

func spreadAggregate(name string, kind spreadKind, doc string) *Aggregate {
	return &Aggregate{
		Name:    name,
		MinArgs: 1,
		MaxArgs: 1,
		Check: func(args []Arg) ([]value.Type, error) {
			if t := args[0].Type; !aggSummable(t) {
				return nil, aggArgErr(0, "a number, datetime or timespan", t)
			}
			return aggOne(value.Real), nil
		},
		New: func(args []Arg) AggState {
			return &spreadState{kind: kind, ints: aggFamilyOf(args[0].Type) == famInt}
		},
		Doc: doc,
	}
}

func init() {
	stdev := spreadAggregate("stdev", spreadStdev, "Sample standard deviation of the values of each group.")
	variance := spreadAggregate("variance", spreadVariance, "Sample variance of the values of each group.")
	RegisterAggregate(stdev)
	RegisterAggregate(variance)
	RegisterAggregate(aggIfVariant("stdevif", stdev, 1, "Sample standard deviation of the values of rows whose predicate is true."))
	RegisterAggregate(aggIfVariant("varianceif", variance, 1, "Sample variance of the values of rows whose predicate is true."))
	RegisterAggregate(spreadAggregate("stdevp", spreadStdevP, "Population standard deviation of the values of each group."))
	RegisterAggregate(spreadAggregate("variancep", spreadVarianceP, "Population variance of the values of each group."))
}

type spreadState struct {
	kind spreadKind
	ints bool // read datetime/timespan/int/long as their integer value
	n    []int64
	mean []float64
	m2   []float64
}

func (s *spreadState) grow(n int) {
	s.n = aggGrow(s.n, n)
	s.mean = aggGrow(s.mean, n)
	s.m2 = aggGrow(s.m2, n)
}

func (s *spreadState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.grow(aggMaxGroup(groups))
	for k, r := range rows {
		var x float64
		if s.ints {
			n, ok := aggGetInt(v, int(r))
			if !ok {
				continue
			}
			x = float64(n)
		} else {
			f, ok := v.AsReal(int(r))
			if !ok {
				continue
			}
			x = f
		}
		g := groups[k]
		s.n[g]++
		d := x - s.mean[g]
		s.mean[g] += d / float64(s.n[g])
		s.m2[g] += d * (x - s.mean[g])
	}
}

func (s *spreadState) Merge(other AggState, remap []uint32) {
	o := other.(*spreadState)
	for g, nb := range o.n {
		if nb == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.grow(d + 1)
		na := s.n[d]
		if na == 0 {
			s.n[d], s.mean[d], s.m2[d] = nb, o.mean[g], o.m2[g]
			continue
		}
		n := na + nb
		delta := o.mean[g] - s.mean[d]
		s.mean[d] += delta * float64(nb) / float64(n)
		s.m2[d] += o.m2[g] + delta*delta*float64(na)*float64(nb)/float64(n)
		s.n[d] = n
	}
}

func (s *spreadState) Results(n int) []*value.Vector {
	out := value.NewVector(value.Real, n)
	for g := 0; g < n; g++ {
		var c int64
		if g < len(s.n) {
			c = s.n[g]
		}
		var r float64
		switch {
		case c == 0 && (s.kind == spreadStdevP || s.kind == spreadVarianceP):
			out.SetNull(g)
			continue
		case c == 0:
			r = 0
		case s.kind == spreadVariance || s.kind == spreadStdev:
			if c > 1 {
				r = s.m2[g] / float64(c-1)
			}
		default:
			r = s.m2[g] / float64(c)
		}
		if r < 0 {
			r = 0 // rounding can leave a tiny negative m2
		}
		if s.kind == spreadStdev || s.kind == spreadStdevP {
			r = math.Sqrt(r)
		}
		out.F[g] = r
	}
	return []*value.Vector{out}
}
