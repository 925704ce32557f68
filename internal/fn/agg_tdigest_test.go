package fn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// The t-digest aggregates join the shared table of aggregate cases, which
// also checks that split and merged states agree with one state.
func init() {
	aggCases = append(aggCases,
		aggCase{"tdigest long", "tdigest", std(args(typ(value.Long)), stdX),
			outs(cells("[[7],[1,5],[1,1]]", "[[7],[2,7],[1,1]]", "null", "null")), true},
		aggCase{"tdigest weighted", "tdigest", std(args(typ(value.Long), typ(value.Long)), stdX, longCol(2, 1, 1, 0, 3, 1, 1)),
			outs(cells("[[7],[1,5],[3,2]]", "[[7],[2],[1]]", "null", "null")), true},
		aggCase{"tdigest timespan", "tdigest", std(args(typ(value.TimeSpan)), stdT),
			outs(cells("[[10],[100,300,500],[1,1,1]]", "[[10],[200,400],[1,1]]", "[[10],[600,700],[1,1]]", "null")), true},
		aggCase{"tdigest_merge", "tdigest_merge", aggInput{args: args(typ(value.Dynamic)),
			cols: vecs(dynCol(`[[7],[1,5],[1,1]]`, `[[7],[5,9],[2,1]]`, `"junk"`, `[[8],[0.5],[1]]`, nil)), groups: groupsOf(0, 0, 0, 1, 1), n: 2},
			outs(cells("[[7],[1,5,9],[1,3,1]]", "[[8],[0.5],[1]]")), true},
		aggCase{"merge_tdigest skips other types", "merge_tdigest", aggInput{args: args(typ(value.Dynamic)),
			cols: vecs(dynCol(`[[7],[1],[1]]`, `[[8],[0.5],[1]]`)), groups: groupsOf(0, 0), n: 1},
			outs(cells("[[7],[1],[1]]")), false},
	)
}

// tdOf builds a compressed digest of xs.
func tdOf(xs []int64) *tdDigest {
	d := newTDigest(tdCodeLong)
	for _, x := range xs {
		d.addInt(x, 1)
	}
	d.compress()
	return d
}

func TestTDigestExactMatchesPercentile(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 50; trial++ {
		n := 1 + rng.IntN(300)
		xs := make([]int64, n)
		for i := range xs {
			xs[i] = rng.Int64N(150) - 20
		}
		d := tdOf(xs)
		if d.lossy {
			t.Fatalf("%d values with at most 150 distinct compressed", n)
		}
		sorted := slices.Sorted(slices.Values(xs))
		for _, p := range []float64{0, 1, 25, 50, 90, 99.5, 100} {
			got, ok := d.percentile(p)
			want := sorted[nearestRank(p, int64(n))-1]
			if !ok || got.I != want {
				t.Fatalf("n=%d p=%v: got %v, want %d", n, p, got.I, want)
			}
		}
		v := rng.Int64N(150) - 20
		want := int64(0)
		for _, x := range xs {
			if x <= v {
				want++
			}
		}
		if got := d.rank(float64(v - d.base)); got != want {
			t.Fatalf("rank(%d) = %d, want %d", v, got, want)
		}
	}
}

func TestTDigestCompressedAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 100000
	xs := make([]int64, n)
	for i := range xs {
		xs[i] = int64(rng.NormFloat64()*1000) + 1_000_000
	}
	d := tdOf(xs)
	if !d.lossy || len(d.c) > 2*tdCompression {
		t.Fatalf("lossy=%v with %d centroids", d.lossy, len(d.c))
	}
	sorted := slices.Sorted(slices.Values(xs))
	for _, p := range []float64{0, 0.1, 1, 10, 50, 90, 99, 99.9, 100} {
		got, _ := d.percentile(p)
		rank := nearestRank(p, n)
		// Compare by rank: the estimate must fall within 0.5% of the
		// population (far less at the tails) of the exact answer.
		lo, _ := slices.BinarySearch(sorted, got.I)
		hi := lo
		for hi < n && sorted[hi] == got.I {
			hi++
		}
		tol := int64(n / 200)
		if p < 1 || p > 99 {
			tol = n / 2000
		}
		if int64(hi) < rank-tol || int64(lo) > rank+tol {
			t.Errorf("p%v: estimate %d has ranks [%d, %d], want near %d", p, got.I, lo, hi, rank)
		}
	}
	// Round trip through the serialized form keeps the answers.
	back, ok := tdFromDyn(d.toDyn())
	if !ok {
		t.Fatal("serialized digest does not parse")
	}
	for _, p := range []float64{1, 50, 99} {
		a, _ := d.percentile(p)
		b, _ := back.percentile(p)
		if a.I != b.I {
			t.Errorf("p%v: %d before serialization, %d after", p, a.I, b.I)
		}
	}
}

// Datetimes are about 6e17 ticks: offsets from a base keep them exact.
func TestTDigestDateTimePrecision(t *testing.T) {
	d := newTDigest(tdCodeDateTime)
	base := int64(638396640000000001) // not a multiple of the float64 step
	for i := int64(0); i < 10; i++ {
		d.addInt(base+i*3, 1)
	}
	d.addInt(base-7, 1) // a new minimum rebases
	d.compress()
	back, ok := tdFromDyn(d.toDyn())
	if !ok {
		t.Fatal("round trip failed")
	}
	for _, dd := range []*tdDigest{d, back} {
		if v, _ := dd.percentile(100); v.I != base+27 {
			t.Errorf("max = %d, want %d", v.I, base+27)
		}
		if v, _ := dd.percentile(0); v.I != base-7 {
			t.Errorf("min = %d, want %d", v.I, base-7)
		}
	}
}

func TestTDigestFromDynRejects(t *testing.T) {
	for _, js := range []string{
		`[]`, `[[7],[1],[]]`, `[[99],[1],[1]]`, `[[7],[2,1],[1,1]]`, `[[7],[1],[0]]`,
		`[[7],["a"],[1]]`, `[[7,100,5,1],[3],[1]]`, `{"a":1}`, `[[7],[1.5],[1]]`,
	} {
		d, _ := value.ParseJSON(js)
		if got, ok := tdFromDyn(d); ok && !(js == `[[7],[1.5],[1]]` && got.c[0].m == 0.5) {
			t.Errorf("%s parsed as a digest", js)
		}
	}
}

func TestTDigestScalars(t *testing.T) {
	dig := fxD(`[[7],[1,3,5],[1,2,1]]`)
	fxExpect(t, fxD(`3`), "percentile_tdigest", dig, fxL(50))
	fxExpect(t, fxL(5), "percentile_tdigest", dig, fxL(100), fxS("long"))
	fxExpect(t, fxR(1), "percentile_tdigest", dig, fxL(0), fxS("real"))
	fxExpect(t, fxNull(value.Dynamic), "percentile_tdigest", dig, fxR(-1))
	fxExpect(t, fxD(`[1,3,5]`), "percentile_array_tdigest", dig, fxL(0), fxL(50), fxL(100))
	fxExpect(t, fxD(`[1,5]`), "percentiles_array_tdigest", dig, fxD(`[10, 90]`), fxS("real"))
	fxExpect(t, fxL(3), "rank_tdigest", dig, fxL(4))
	fxExpect(t, fxL(3), "rank_tdigest", dig, fxR(3.5))
	fxExpect(t, fxL(0), "rank_tdigest", dig, fxL(0))
	fxExpect(t, fxR(75), "percentrank_tdigest", dig, fxL(3))
	fxExpect(t, fxNull(value.Long), "rank_tdigest", fxD(`"x"`), fxL(3))
	fxCheckErr(t, "percentile_tdigest", value.String, value.Long)
	fxCheckErr(t, "rank_tdigest", value.Dynamic, value.String)
	fxCheckConstErr(t, "percentile_tdigest", dig, fxL(50), fxL(1))
}

func TestTDigestK1Bound(t *testing.T) {
	// The k1 inverse brackets [0, 1] and is monotone.
	prev := -1.0
	for k := -tdCompression / 4.0; k <= tdCompression/4.0+1; k += 0.5 {
		q := tdK1Inv(k)
		if q < prev || q < 0 || q > 1 || math.IsNaN(q) {
			t.Fatalf("tdK1Inv(%v) = %v after %v", k, q, prev)
		}
		prev = q
	}
}
