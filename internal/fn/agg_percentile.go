package fn

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/harrier-sec/harrier/internal/value"
)

// percentile(), percentiles(), percentiles_array() and the weighted
// percentilew(), percentilesw(), percentilesw_array().
//
// Kusto defines the nearest-rank percentile: the P-th percentile of N
// sorted values is the value at 1-based rank ceil(P/100 * N), and the 0-th
// is the smallest value. Kusto estimates it with a t-digest; we keep every
// value and answer exactly, which matches Kusto on small data (and is
// always a member of the population). A weight w counts its value w times;
// rows with a null or non-positive weight are skipped. Results keep the
// argument's type except int (long) and decimal (real); a group without
// values gives null, percentiles_array an array of nulls.

// percentileSpec says where the percentiles are among the arguments.
type percentileSpec struct {
	weighted bool // argument 1 is the weight
	array    bool // one dynamic output instead of one column per percentile
	single   bool // exactly one percentile (percentile, percentilew)
}

func (sp percentileSpec) first() int {
	if sp.weighted {
		return 2
	}
	return 1
}

// percentileValueType is the output type for values of type t.
func percentileValueType(t value.Type) value.Type {
	switch t {
	case value.Int:
		return value.Long
	case value.Decimal:
		return value.Real
	}
	return t
}

// percentileList reads the constant percentiles from args[from:]: numbers,
// or for the array forms a single dynamic array of numbers.
func percentileList(args []Arg, from int, allowArray bool) ([]float64, error) {
	var ps []float64
	add := func(i int, f float64) error {
		if math.IsNaN(f) || f < 0 || f > 100 {
			return &aggArgError{i: i, msg: "(percentile) must be between 0 and 100"}
		}
		ps = append(ps, f)
		return nil
	}
	for i := from; i < len(args); i++ {
		c := args[i].Const
		if c == nil || c.IsNull() {
			return nil, &aggArgError{i: i, msg: "(percentile) must be a constant number"}
		}
		switch {
		case c.T.IsInteger():
			if err := add(i, float64(c.I)); err != nil {
				return nil, err
			}
		case c.T.UsesFloats():
			if err := add(i, c.F); err != nil {
				return nil, err
			}
		case c.T == value.Dynamic && allowArray && len(args) == from+1 && c.D.Kind() == value.DArray:
			var err error
			c.D.Elems(func(_ int, e *value.Dyn) bool {
				switch e.Kind() {
				case value.DLong:
					err = add(i, float64(e.AsLong()))
				case value.DReal:
					err = add(i, e.AsReal())
				default:
					err = &aggArgError{i: i, msg: "(percentiles) must be an array of numbers"}
				}
				return err == nil
			})
			if err != nil {
				return nil, err
			}
		default:
			return nil, &aggArgError{i: i, msg: "(percentile) must be a constant number, got " + c.T.String()}
		}
	}
	return ps, nil
}

func percentileAggregate(name string, sp percentileSpec, doc string) *Aggregate {
	minArgs, maxArgs := sp.first()+1, -1
	if sp.single {
		maxArgs = minArgs
	}
	return &Aggregate{
		Name:    name,
		MinArgs: minArgs,
		MaxArgs: maxArgs,
		Check: func(args []Arg) ([]value.Type, error) {
			t := args[0].Type
			if !t.IsNumeric() && t != value.DateTime && t != value.TimeSpan && !aggUnknown(t) {
				return nil, aggArgErr(0, "a number, datetime or timespan", t)
			}
			if sp.weighted && !KInteger.Accepts(args[1].Type) {
				return nil, aggArgErr(1, "an integer weight", args[1].Type)
			}
			ps, err := percentileList(args, sp.first(), sp.array)
			if err != nil {
				return nil, err
			}
			if len(ps) == 0 {
				return nil, &aggArgError{i: sp.first(), msg: "(percentiles) must list at least one percentile"}
			}
			if sp.array {
				return aggOne(value.Dynamic), nil
			}
			out := make([]value.Type, len(ps))
			for i := range out {
				out[i] = percentileValueType(t)
			}
			return out, nil
		},
		New: func(args []Arg) AggState {
			ps, _ := percentileList(args, sp.first(), sp.array)
			t := percentileValueType(args[0].Type)
			if aggFamilyOf(t) == famInt {
				return &percentileState[int64]{t: t, ps: ps, sp: sp, get: aggGetInt}
			}
			if aggUnknown(t) {
				t = value.Real
			}
			return &percentileState[float64]{t: t, ps: ps, sp: sp, get: aggGetFloat}
		},
		Doc: doc,
	}
}

func init() {
	RegisterAggregate(percentileAggregate("percentile", percentileSpec{single: true},
		"The nearest-rank percentile of the values of each group."))
	RegisterAggregate(percentileAggregate("percentiles", percentileSpec{},
		"Nearest-rank percentiles of the values of each group, one column each."))
	RegisterAggregate(percentileAggregate("percentiles_array", percentileSpec{array: true},
		"Nearest-rank percentiles of the values of each group as a dynamic array."))
	RegisterAggregate(percentileAggregate("percentilew", percentileSpec{weighted: true, single: true},
		"The weighted nearest-rank percentile of each group."))
	RegisterAggregate(percentileAggregate("percentilesw", percentileSpec{weighted: true},
		"Weighted nearest-rank percentiles of each group, one column each."))
	RegisterAggregate(percentileAggregate("percentilesw_array", percentileSpec{weighted: true, array: true},
		"Weighted nearest-rank percentiles of each group as a dynamic array."))
}

// percentileState keeps every non-null value of each group (and its
// weight when weighted).
type percentileState[T int64 | float64] struct {
	t    value.Type
	ps   []float64
	sp   percentileSpec
	get  func(v *value.Vector, i int) (T, bool)
	vals [][]T
	wts  [][]int64
}

func (s *percentileState[T]) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	n := aggMaxGroup(groups)
	s.vals = aggGrow(s.vals, n)
	if !s.sp.weighted {
		for k, r := range rows {
			if x, ok := s.get(v, int(r)); ok {
				s.vals[groups[k]] = append(s.vals[groups[k]], x)
			}
		}
		return
	}
	s.wts = aggGrow(s.wts, n)
	w := args[1]
	for k, r := range rows {
		x, ok := s.get(v, int(r))
		if !ok {
			continue
		}
		if wt, ok := aggGetInt(w, int(r)); ok && wt > 0 {
			g := groups[k]
			s.vals[g] = append(s.vals[g], x)
			s.wts[g] = append(s.wts[g], wt)
		}
	}
}

func (s *percentileState[T]) Merge(other AggState, remap []uint32) {
	o := other.(*percentileState[T])
	for g, xs := range o.vals {
		if len(xs) == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.vals = aggGrow(s.vals, d+1)
		s.vals[d] = append(s.vals[d], xs...)
		if s.sp.weighted {
			s.wts = aggGrow(s.wts, d+1)
			s.wts[d] = append(s.wts[d], o.wts[g]...)
		}
	}
}

// nearestRank is the 1-based rank of percentile p among total items:
// ceil(p/100*total), at least 1. p*total is exact for integral p, so the
// division by 100 does not round up by accident (0.7*10 would).
func nearestRank(p float64, total int64) int64 {
	r := int64(math.Ceil(p * float64(total) / 100))
	if r < 1 {
		r = 1
	}
	if r > total {
		r = total
	}
	return r
}

// pick returns the percentiles of one group's values (sorted in place).
func (s *percentileState[T]) pick(g int, out []T) bool {
	if g >= len(s.vals) || len(s.vals[g]) == 0 {
		return false
	}
	xs := s.vals[g]
	if !s.sp.weighted {
		slices.Sort(xs)
		for i, p := range s.ps {
			out[i] = xs[nearestRank(p, int64(len(xs)))-1]
		}
		return true
	}
	ws := s.wts[g]
	sort.Sort(byValue[T]{xs, ws})
	var total int64
	for _, w := range ws {
		total += w
	}
	for i, p := range s.ps {
		rank := nearestRank(p, total)
		var cum int64
		for j, w := range ws {
			cum += w
			if cum >= rank {
				out[i] = xs[j]
				break
			}
		}
	}
	return true
}

// byValue sorts values and their weights together.
type byValue[T int64 | float64] struct {
	xs []T
	ws []int64
}

func (b byValue[T]) Len() int           { return len(b.xs) }
func (b byValue[T]) Less(i, j int) bool { return cmp.Less(b.xs[i], b.xs[j]) }
func (b byValue[T]) Swap(i, j int) {
	b.xs[i], b.xs[j] = b.xs[j], b.xs[i]
	b.ws[i], b.ws[j] = b.ws[j], b.ws[i]
}

func (s *percentileState[T]) Results(n int) []*value.Vector {
	res := make([]T, len(s.ps))
	if s.sp.array {
		out := value.NewVector(value.Dynamic, n)
		for g := 0; g < n; g++ {
			items := make([]*value.Dyn, len(s.ps))
			if s.pick(g, res) {
				for i, x := range res {
					items[i] = s.dyn(x)
				}
			}
			out.D[g] = value.DynArray(items)
		}
		return []*value.Vector{out}
	}
	outs := make([]*value.Vector, len(s.ps))
	for i := range outs {
		outs[i] = value.NewVector(s.t, n)
	}
	for g := 0; g < n; g++ {
		ok := s.pick(g, res)
		for i, o := range outs {
			switch {
			case !ok:
				o.SetNull(g)
			case o.T.UsesInts():
				o.I[g] = int64(res[i])
			default:
				o.F[g] = float64(res[i])
			}
		}
	}
	return outs
}

func (s *percentileState[T]) dyn(x T) *value.Dyn {
	if s.t.UsesInts() {
		return aggDynInt(s.t, int64(x))
	}
	return value.DynReal(float64(x))
}
