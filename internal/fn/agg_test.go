package fn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// Test helpers shared by the aggregate tests.

// col builds a vector of type t; nil is null, other values are Go values
// of the natural kind (int for int/long/datetime/timespan ticks, float64,
// bool, string, *value.Dyn or JSON text for dynamic).
func col(t value.Type, xs ...any) *value.Vector {
	v := value.NewVector(t, 0)
	for _, x := range xs {
		if x == nil {
			v.AppendValue(value.Null(t))
			continue
		}
		switch t {
		case value.Bool:
			v.AppendValue(value.NewBool(x.(bool)))
		case value.Int, value.Long, value.DateTime, value.TimeSpan:
			v.AppendValue(value.Value{T: t, I: int64(x.(int))})
		case value.Real, value.Decimal:
			v.AppendValue(value.Value{T: t, F: x.(float64)})
		case value.String, value.GUID:
			v.AppendValue(value.Value{T: t, S: x.(string)})
		case value.Dynamic:
			d, ok := x.(*value.Dyn)
			if !ok {
				var good bool
				if d, good = value.ParseJSON(x.(string)); !good {
					panic("bad JSON in test: " + x.(string))
				}
			}
			v.AppendValue(value.NewDynamic(d))
		}
	}
	return v
}

// cell renders one result cell as the .kqltest files do.
func cell(v *value.Vector, i int) string {
	if v.T != value.String && v.IsNull(i) {
		return "null"
	}
	x := v.Get(i)
	switch v.T {
	case value.String:
		if x.S == "" {
			return `""`
		}
		return x.S
	case value.Dynamic:
		return x.D.JSON()
	}
	return x.String()
}

// aggInput is a test input: one vector per argument (nil for constant
// arguments, which get a constant vector from Arg.Const), the group of each
// row, and the number of groups (groups without rows must get defaults).
type aggInput struct {
	args   []Arg
	cols   []*value.Vector
	groups []uint32
	n      int
}

func (in aggInput) vectors() []*value.Vector {
	out := make([]*value.Vector, len(in.args))
	for i, a := range in.args {
		if i < len(in.cols) && in.cols[i] != nil {
			out[i] = in.cols[i]
		} else {
			out[i] = value.ConstVector(*a.Const)
		}
	}
	return out
}

// render turns results into [output][group] cells.
func render(res []*value.Vector, n int) [][]string {
	out := make([][]string, len(res))
	for i, v := range res {
		if v.Len() != n {
			panic(fmt.Sprintf("output %d has %d rows, want %d", i, v.Len(), n))
		}
		for g := 0; g < n; g++ {
			out[i] = append(out[i], cell(v, g))
		}
	}
	return out
}

// runSingle runs the whole input through one state in one Update.
func runSingle(t *testing.T, name string, in aggInput) [][]string {
	t.Helper()
	agg := LookupAggregate(name)
	if agg == nil {
		t.Fatalf("aggregate %s not registered", name)
	}
	if _, err := agg.Check(in.args); err != nil {
		t.Fatalf("%s: Check: %v", name, err)
	}
	st := agg.New(in.args)
	rows := make([]int32, len(in.groups))
	for i := range rows {
		rows[i] = int32(i)
	}
	if len(rows) > 0 {
		st.Update(in.vectors(), rows, in.groups)
	}
	return render(st.Results(in.n), in.n)
}

// sameCells compares rendered results; reals may differ in the last bits
// because merging changes the order of floating-point additions.
func sameCells(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	return math.Abs(x-y) <= 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y)))
}

func diffResults(got, want [][]string) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d outputs, want %d", len(got), len(want))
	}
	var b strings.Builder
	for i := range want {
		if len(got[i]) != len(want[i]) {
			fmt.Fprintf(&b, "output %d: %d groups, want %d\n", i, len(got[i]), len(want[i]))
			continue
		}
		for g := range want[i] {
			if !sameCells(got[i][g], want[i][g]) {
				fmt.Fprintf(&b, "output %d group %d: got %s, want %s\n", i, g, got[i][g], want[i][g])
			}
		}
	}
	return b.String()
}

// checkMerged verifies that splitting the input over 1..4 states, each fed
// in batches of varying sizes and numbering its groups in its own order,
// and merging them through a non-identity remap into a state whose group
// numbering is a permutation of the original, gives the single-state
// result. Contiguous splits merged in order must match every aggregate;
// interleaved splits only those whose result does not depend on row order.
func checkMerged(t *testing.T, name string, in aggInput, orderFree bool) {
	t.Helper()
	want := runSingle(t, name, in)
	agg := LookupAggregate(name)
	vecs := in.vectors()
	rng := rand.New(rand.NewPCG(1, uint64(len(in.groups))))
	nrows := len(in.groups)
	for trial := 0; trial < 24; trial++ {
		k := 1 + trial%4
		interleave := orderFree && trial%3 == 2
		// Assign rows to states.
		parts := make([][]int32, k)
		if interleave {
			for r := 0; r < nrows; r++ {
				s := rng.IntN(k)
				parts[s] = append(parts[s], int32(r))
			}
		} else {
			cuts := []int{0}
			for i := 1; i < k; i++ {
				cuts = append(cuts, rng.IntN(nrows+1))
			}
			cuts = append(cuts, nrows)
			slices.Sort(cuts)
			for i := 0; i < k; i++ {
				for r := cuts[i]; r < cuts[i+1]; r++ {
					parts[i] = append(parts[i], int32(r))
				}
			}
		}
		// The final state numbers group g as perm[g].
		perm := rng.Perm(in.n)
		final := agg.New(in.args)
		for _, rows := range parts {
			st := agg.New(in.args)
			// Local numbering: order of first appearance in this part.
			local := map[uint32]uint32{}
			var remap []uint32
			lgroups := make([]uint32, len(rows))
			for i, r := range rows {
				g := in.groups[r]
				l, ok := local[g]
				if !ok {
					l = uint32(len(remap))
					local[g] = l
					remap = append(remap, uint32(perm[g]))
				}
				lgroups[i] = l
			}
			// Feed in batches of 1, 2, 3, 16 or the rest.
			for i := 0; i < len(rows); {
				size := []int{1, 2, 3, 16, len(rows)}[rng.IntN(5)]
				j := min(i+size, len(rows))
				st.Update(vecs, rows[i:j], lgroups[i:j])
				i = j
			}
			final.Merge(st, remap)
		}
		res := render(final.Results(in.n), in.n)
		got := make([][]string, len(res))
		for i := range res {
			got[i] = make([]string, in.n)
			for g := 0; g < in.n; g++ {
				got[i][g] = res[i][perm[g]]
			}
		}
		if d := diffResults(got, want); d != "" {
			t.Fatalf("%s: %d states (interleaved=%v) differ from one state:\n%s", name, k, interleave, d)
		}
	}
}

func typ(t value.Type) Arg                    { return Arg{Type: t} }
func lit(v value.Value) Arg                   { return Arg{Type: v.T, Const: &v} }
func lng(n int64) Arg                         { return lit(value.NewLong(n)) }
func realArg(f float64) Arg                   { return lit(value.NewReal(f)) }
func groupsOf(gs ...uint32) []uint32          { return gs }
func cells(xs ...string) []string             { return xs }
func outs(xs ...[]string) [][]string          { return xs }
func dynArg(json string) Arg                  { d, _ := value.ParseJSON(json); return lit(value.NewDynamic(d)) }
func predCol(xs ...any) *value.Vector         { return col(value.Bool, xs...) }
func longCol(xs ...any) *value.Vector         { return col(value.Long, xs...) }
func realCol(xs ...any) *value.Vector         { return col(value.Real, xs...) }
func strCol(xs ...any) *value.Vector          { return col(value.String, xs...) }
func dynCol(xs ...any) *value.Vector          { return col(value.Dynamic, xs...) }
func intCol(xs ...any) *value.Vector          { return col(value.Int, xs...) }
func tsCol(xs ...any) *value.Vector           { return col(value.TimeSpan, xs...) }
func dtCol(xs ...any) *value.Vector           { return col(value.DateTime, xs...) }
func guidCol(xs ...any) *value.Vector         { return col(value.GUID, xs...) }
func decCol(xs ...any) *value.Vector          { return col(value.Decimal, xs...) }
func args(a ...Arg) []Arg                     { return a }
func vecs(v ...*value.Vector) []*value.Vector { return v }
