package fn

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// benchBatches is 1M rows in batches of 1024 as scan workers push them:
// a long column (values 0..99999, so ~1000 distinct per group), a string
// column of the same values, and the group of each row among 1000.
type benchBatch struct {
	longs, strs *value.Vector
	rows        []int32
	groups      []uint32
}

const (
	benchRows   = 1 << 20
	benchGroups = 1000
	benchBatchN = 1024
)

var benchData []benchBatch

func benchInput() []benchBatch {
	if benchData != nil {
		return benchData
	}
	rng := rand.New(rand.NewPCG(42, 42))
	for start := 0; start < benchRows; start += benchBatchN {
		b := benchBatch{
			longs:  value.NewVector(value.Long, benchBatchN),
			strs:   value.NewVector(value.String, benchBatchN),
			rows:   make([]int32, benchBatchN),
			groups: make([]uint32, benchBatchN),
		}
		for i := 0; i < benchBatchN; i++ {
			x := rng.Int64N(100000)
			b.longs.I[i] = x
			b.strs.S[i] = "user-" + strconv.FormatInt(x, 10)
			b.rows[i] = int32(i)
			b.groups[i] = uint32(rng.IntN(benchGroups))
		}
		benchData = append(benchData, b)
	}
	return benchData
}

func BenchmarkAggregate(b *testing.B) {
	data := benchInput()
	cases := []struct {
		name string
		agg  string
		typ  value.Type
	}{
		{"agg=count", "count", value.Unknown},
		{"agg=sum/type=long", "sum", value.Long},
		{"agg=dcount/type=long", "dcount", value.Long},
		{"agg=dcount/type=string", "dcount", value.String},
		{"agg=make_set/type=long", "make_set", value.Long},
		{"agg=make_set/type=string", "make_set", value.String},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			agg := LookupAggregate(c.agg)
			var a []Arg
			if c.typ != value.Unknown {
				a = args(typ(c.typ))
			}
			argv := make([]*value.Vector, len(a))
			b.SetBytes(benchRows * 8)
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				st := agg.New(a)
				for _, bt := range data {
					if len(argv) > 0 {
						if c.typ == value.String {
							argv[0] = bt.strs
						} else {
							argv[0] = bt.longs
						}
					}
					st.Update(argv, bt.rows, bt.groups)
				}
				if res := st.Results(benchGroups); res[0].Len() != benchGroups {
					b.Fatal("bad result length")
				}
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkAggregateMerge folds 8 worker states of 128K rows each.
func BenchmarkAggregateMerge(b *testing.B) {
	data := benchInput()
	for _, name := range []string{"count", "sum", "dcount", "make_set"} {
		b.Run("agg="+name, func(b *testing.B) {
			agg := LookupAggregate(name)
			var a []Arg
			if name != "count" {
				a = args(typ(value.Long))
			}
			argv := make([]*value.Vector, len(a))
			remap := make([]uint32, benchGroups)
			for g := range remap {
				remap[g] = uint32(benchGroups - 1 - g)
			}
			const workers = 8
			states := make([]AggState, workers)
			per := len(data) / workers
			for w := range states {
				states[w] = agg.New(a)
				for _, bt := range data[w*per : (w+1)*per] {
					if len(argv) > 0 {
						argv[0] = bt.longs
					}
					states[w].Update(argv, bt.rows, bt.groups)
				}
			}
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				final := agg.New(a)
				for _, st := range states {
					final.Merge(st, remap)
				}
				final.Results(benchGroups)
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
