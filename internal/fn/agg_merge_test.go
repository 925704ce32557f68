package fn

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// randomColumns builds n rows of random data with nulls: long, real,
// string, bool, timespan and dynamic columns drawn from small domains so
// that groups see repeats, and a skewed group assignment over ng groups
// (some groups stay empty).
func randomColumns(seed uint64, n, ng int) (map[value.Type]*value.Vector, []uint32) {
	rng := rand.New(rand.NewPCG(seed, 99))
	gen := func(t value.Type, f func() any) *value.Vector {
		xs := make([]any, n)
		for i := range xs {
			if rng.IntN(8) == 0 {
				continue // null
			}
			xs[i] = f()
		}
		return col(t, xs...)
	}
	cols := map[value.Type]*value.Vector{
		value.Long:     gen(value.Long, func() any { return rng.IntN(400) - 100 }),
		value.Real:     gen(value.Real, func() any { return float64(rng.IntN(1000)) / 8 }),
		value.String:   gen(value.String, func() any { return "s" + strconv.Itoa(rng.IntN(300)) }),
		value.Bool:     gen(value.Bool, func() any { return rng.IntN(2) == 0 }),
		value.TimeSpan: gen(value.TimeSpan, func() any { return rng.IntN(1e6) }),
		value.Dynamic: gen(value.Dynamic, func() any {
			switch rng.IntN(4) {
			case 0:
				return strconv.Itoa(rng.IntN(50))
			case 1:
				return `{"k` + strconv.Itoa(rng.IntN(20)) + `":` + strconv.Itoa(rng.IntN(5)) + `}`
			case 2:
				return `[` + strconv.Itoa(rng.IntN(9)) + `,"x"]`
			}
			return `"v` + strconv.Itoa(rng.IntN(30)) + `"`
		}),
	}
	groups := make([]uint32, n)
	for i := range groups {
		g := rng.IntN(ng)
		if rng.IntN(3) == 0 {
			g = 0 // one big group, so that dcount goes past its exact limit
		}
		groups[i] = uint32(g)
	}
	return cols, groups
}

func TestAggregatesMergeRandom(t *testing.T) {
	cols, groups := randomColumns(1, 3000, 23)
	in := func(a []Arg, ts ...value.Type) aggInput {
		vs := make([]*value.Vector, len(a))
		for i := range a {
			if i < len(ts) && ts[i] != value.Unknown {
				vs[i] = cols[ts[i]]
			}
		}
		return aggInput{args: a, cols: vs, groups: groups, n: 25}
	}
	L, R, S, B, TS, D := value.Long, value.Real, value.String, value.Bool, value.TimeSpan, value.Dynamic
	U := value.Unknown // a constant argument
	cases := []struct {
		agg       string
		in        aggInput
		orderFree bool
	}{
		{"count", in(nil), true},
		{"countif", in(args(typ(B)), B), true},
		{"sum", in(args(typ(L)), L), true},
		{"sum", in(args(typ(R)), R), true},
		{"sumif", in(args(typ(TS), typ(B)), TS, B), true},
		{"avg", in(args(typ(R)), R), true},
		{"avg", in(args(typ(TS)), TS), true},
		{"avgif", in(args(typ(L), typ(B)), L, B), true},
		{"min", in(args(typ(S)), S), true},
		{"max", in(args(typ(R)), R), true},
		{"maxif", in(args(typ(TS), typ(B)), TS, B), true},
		{"dcount", in(args(typ(L), lng(0)), L, U), true},
		{"dcount", in(args(typ(D)), D), true},
		{"dcountif", in(args(typ(S), typ(B), lng(0)), S, B, U), true},
		{"count_distinct", in(args(typ(R)), R), true},
		{"count_distinctif", in(args(typ(S), typ(B)), S, B), true},
		{"make_list", in(args(typ(L)), L), false},
		{"make_list", in(args(typ(D), lng(7)), D, U), false},
		{"make_list_if", in(args(typ(S), typ(B)), S, B), false},
		{"make_list_with_nulls", in(args(typ(R)), R), false},
		{"make_set", in(args(typ(S)), S), false},
		{"make_set", in(args(typ(D), lng(10)), D, U), false},
		{"make_set_if", in(args(typ(L), typ(B), lng(5)), L, B, U), false},
		{"take_any", in(args(typ(L)), L), false},
		{"take_any", in(args(typ(S), typ(L), typ(D)), S, L, D), false},
		{"take_anyif", in(args(typ(D), typ(B)), D, B), false},
		{"arg_max", in(args(typ(L), typ(S), typ(D)), L, S, D), false},
		{"arg_min", in(args(typ(S), typ(R)), S, R), false},
		{"arg_max", in(args(typ(B), typ(TS)), B, TS), false},
		{"stdev", in(args(typ(R)), R), true},
		{"stdevif", in(args(typ(L), typ(B)), L, B), true},
		{"stdevp", in(args(typ(TS)), TS), true},
		{"variance", in(args(typ(L)), L), true},
		{"varianceif", in(args(typ(R), typ(B)), R, B), true},
		{"variancep", in(args(typ(R)), R), true},
		{"percentile", in(args(typ(L), lng(50)), L, U), true},
		{"percentiles", in(args(typ(R), lng(0), realArg(12.5), lng(99)), R, U, U, U), true},
		{"percentiles_array", in(args(typ(TS), dynArg("[1,50,100]")), TS, U), true},
		{"percentilew", in(args(typ(L), typ(L), lng(90)), L, L, U), true},
		{"percentilesw", in(args(typ(R), typ(L), lng(10), lng(90)), R, L, U, U), true},
		{"percentilesw_array", in(args(typ(TS), typ(L), lng(25), lng(75)), TS, L, U, U), true},
		{"binary_all_and", in(args(typ(L)), L), true},
		{"binary_all_or", in(args(typ(L)), L), true},
		{"binary_all_xor", in(args(typ(L)), L), true},
		{"make_bag", in(args(typ(D)), D), false},
		{"make_bag_if", in(args(typ(D), typ(B), lng(3)), D, B, U), false},
		{"buildschema", in(args(typ(D)), D), false},
		{"hll", in(args(typ(S), lng(0)), S, U), true},
		{"hll_merge", in(args(typ(D)), D), true}, // none are sketches: all null
	}
	for _, c := range cases {
		t.Run(c.agg, func(t *testing.T) { checkMerged(t, c.agg, c.in, c.orderFree) })
	}
}
