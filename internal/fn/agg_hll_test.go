package fn

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// distinctInput is one group of n distinct longs, each repeated twice.
func distinctInput(n int, acc int64) aggInput {
	xs := make([]any, 0, 2*n)
	for i := 0; i < n; i++ {
		xs = append(xs, i*7919, i*7919)
	}
	return aggInput{args: args(typ(value.Long), lng(acc)), cols: vecs(longCol(xs...), nil),
		groups: make([]uint32, len(xs)), n: 1}
}

func dcountOf(t *testing.T, in aggInput) int64 {
	t.Helper()
	n, err := strconv.ParseInt(runSingle(t, "dcount", in)[0][0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDcountExactUpToLimit(t *testing.T) {
	for acc := int64(0); acc <= 4; acc++ {
		limit := hllExactLimit(hllPrecision[acc])
		if got := dcountOf(t, distinctInput(limit, acc)); got != int64(limit) {
			t.Errorf("accuracy %d: dcount of %d distinct = %d, want exact", acc, limit, got)
		}
	}
	// Kusto documents exact counts up to 1000 values at level 1 and 8000 at 2.
	if hllExactLimit(hllPrecision[1]) != 1000 || hllExactLimit(hllPrecision[2]) != 8000 {
		t.Error("documented exact limits changed")
	}
}

func TestDcountEstimateError(t *testing.T) {
	// Kusto's documented standard errors per level are 1.6%, 0.8%, 0.4%,
	// 0.28% and 0.2%; allow four of them.
	errs := []float64{0.016, 0.008, 0.004, 0.0028, 0.002}
	for acc, n := range []int{3000, 20000, 100000, 200000, 300000} {
		got := dcountOf(t, distinctInput(n, int64(acc)))
		rel := math.Abs(float64(got)-float64(n)) / float64(n)
		if rel > 4*errs[acc] {
			t.Errorf("accuracy %d: dcount of %d distinct = %d (error %.4f)", acc, n, got, rel)
		}
	}
	// Just past the exact limit the estimate must stay close too.
	for acc := int64(0); acc <= 4; acc++ {
		n := hllExactLimit(hllPrecision[acc]) + 1
		got := dcountOf(t, distinctInput(n, acc))
		if rel := math.Abs(float64(got)-float64(n)) / float64(n); rel > 0.03 {
			t.Errorf("accuracy %d: dcount of %d distinct = %d", acc, n, got)
		}
	}
}

func TestDcountMergeAcrossThreshold(t *testing.T) {
	// 600 distinct in each of 2 parts, 1100 in the union: the parts are
	// exact, the merge must switch to registers like the single state.
	in := distinctInput(1100, 1)
	checkMerged(t, "dcount", in, true)
	in = distinctInput(5000, 0)
	checkMerged(t, "dcount", in, true)
}

func TestHllFold(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	hi := make([]uint8, 1<<16)
	lo := make([]uint8, 1<<14)
	for i := 0; i < 50000; i++ {
		h := rng.Uint64()
		if i%5 == 0 {
			h >>= rng.IntN(20) // leading zeros in the low index bits too
		}
		hllRegAdd(hi, 16, h)
		hllRegAdd(lo, 14, h)
	}
	got := hllFold(hi, 16, 14)
	for i := range lo {
		if got[i] != lo[i] {
			t.Fatalf("register %d: folded %d, direct %d", i, got[i], lo[i])
		}
	}
}

// hllPipeline runs hll() per group, hll_merge() over all of them, and
// dcount_hll() on the result, passing the sketches through JSON text as
// storage or the API would.
func hllPipeline(t *testing.T, parts []aggInput) int64 {
	t.Helper()
	var sketches []any
	for _, in := range parts {
		st := LookupAggregate("hll").New(in.args)
		rows := make([]int32, len(in.groups))
		for i := range rows {
			rows[i] = int32(i)
		}
		st.Update(in.vectors(), rows, in.groups)
		res := st.Results(in.n)[0]
		for g := 0; g < in.n; g++ {
			if d := res.D[g]; d != nil {
				sketches = append(sketches, d.JSON())
			} else {
				sketches = append(sketches, nil)
			}
		}
	}
	merged := runSingle(t, "hll_merge", aggInput{args: args(typ(value.Dynamic)), cols: vecs(dynCol(sketches...)),
		groups: make([]uint32, len(sketches)), n: 1})[0][0]
	d, ok := value.ParseJSON(merged)
	if !ok {
		t.Fatalf("hll_merge result is not JSON: %s", merged)
	}
	out := Lookup("dcount_hll").Eval(nil, vecs(col(value.Dynamic, d)), 1, nil)
	if out.IsNull(0) {
		t.Fatalf("dcount_hll of %s is null", merged)
	}
	return out.I[0]
}

func TestHllMergeRoundTrip(t *testing.T) {
	// Two exact sketches overlapping by half.
	a, b := distinctInput(400, 1), distinctInput(400, 1)
	b.cols = vecs(col(value.Long, func() []any {
		xs := make([]any, 0, 800)
		for i := 200; i < 600; i++ {
			xs = append(xs, i*7919, i*7919)
		}
		return xs
	}()...), nil)
	if got := hllPipeline(t, []aggInput{a, b}); got != 600 {
		t.Errorf("exact merge: %d, want 600", got)
	}
	// Dense sketches of different accuracy merge at the lower one and
	// agree with dcount at that accuracy.
	big, small := distinctInput(30000, 2), distinctInput(20000, 0)
	got := hllPipeline(t, []aggInput{big, small})
	want := dcountOf(t, distinctInput(30000, 0))
	if got != want {
		t.Errorf("mixed-accuracy merge: %d, want %d (dcount at accuracy 0)", got, want)
	}
	// hll() over a group without values is null and is skipped by hll_merge.
	res := runSingle(t, "hll", aggInput{args: args(typ(value.Long)), cols: vecs(longCol(nil)), groups: groupsOf(0), n: 2})
	if res[0][0] != "null" || res[0][1] != "null" {
		t.Errorf("hll of no values: %v, want nulls", res)
	}
}

func TestDcountHllRejectsGarbage(t *testing.T) {
	out := Lookup("dcount_hll").Eval(nil, vecs(dynCol(`{"a":1}`, `[1,2]`, nil, `{"hll":1,"p":14,"regs":"AAAA"}`)), 4, nil)
	for i := 0; i < 4; i++ {
		if !out.IsNull(i) {
			t.Errorf("row %d: dcount_hll of garbage = %d, want null", i, out.I[i])
		}
	}
}

func TestHllEstimateEdges(t *testing.T) {
	if got := hllEstimate(make([]uint8, 1<<14), 14); got != 0 {
		t.Errorf("empty registers estimate %d", got)
	}
}

func TestHllIf(t *testing.T) {
	in := std(args(typ(value.String), typ(value.Bool), lng(0)), stdS, stdP, nil)
	res := runSingle(t, "hll_if", in)
	want := []int64{2, 1, 1} // distinct s where p: {b, ""}, {c}, {z}; group 3 has none
	for g, w := range want {
		d, ok := value.ParseJSON(res[0][g])
		if !ok {
			t.Fatalf("group %d: %s is not a sketch", g, res[0][g])
		}
		if n, ok := hllOfDyn(d); !ok || n != w {
			t.Errorf("group %d: dcount_hll = %d, want %d", g, n, w)
		}
	}
	if res[0][3] != "null" {
		t.Errorf("group 3: %s, want null", res[0][3])
	}
	checkMerged(t, "hll_if", in, true)
}
