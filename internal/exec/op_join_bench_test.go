package exec_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

const (
	benchFactRows = 1_000_000
	benchDimRows  = 10_000
)

var (
	benchJoinOnce sync.Once
	benchJoinCat  query.Catalog
)

// benchJoinCatalog holds Fact (1M rows, key = i % 10k, a string copy of the
// key and a payload) and Dim (10k rows, one per key), built once.
func benchJoinCatalog() query.Catalog {
	benchJoinOnce.Do(func() {
		fact := table.NewBuilder("Fact", value.Schema{
			{Name: "id", Type: value.Long}, {Name: "k", Type: value.Long},
			{Name: "ks", Type: value.String}, {Name: "bytes", Type: value.Long},
		})
		names := make([]string, benchDimRows)
		for i := range names {
			names[i] = "user-" + strconv.Itoa(i)
		}
		for i := 0; i < benchFactRows; i++ {
			k := i % benchDimRows
			fact.AppendRow([]value.Value{value.NewLong(int64(i)), value.NewLong(int64(k)), value.NewString(names[k]), value.NewLong(int64(i * 7 % 1000))})
		}
		dim := table.NewBuilder("Dim", value.Schema{
			{Name: "k", Type: value.Long}, {Name: "ks", Type: value.String}, {Name: "team", Type: value.String},
		})
		for k := 0; k < benchDimRows; k++ {
			dim.AppendRow([]value.Value{value.NewLong(int64(k)), value.NewString(names[k]), value.NewString("team-" + strconv.Itoa(k%50))})
		}
		benchJoinCat = query.Catalog{"Fact": fact.Table(), "Dim": dim.Table()}
	})
	return benchJoinCat
}

// BenchmarkJoin joins 1M fact rows with a 10k-row dimension table; every
// fact row matches exactly one dimension row.
func BenchmarkJoin(b *testing.B) {
	cat := benchJoinCatalog()
	queries := []struct{ name, q string }{
		{"kind=inner/key=long", `Fact | join kind=inner Dim on k | count`},
		{"kind=innerunique/key=long", `Fact | join Dim on k | count`},
		{"kind=leftouter/key=long", `Fact | join kind=leftouter Dim on k | count`},
		{"kind=fullouter/key=long", `Fact | join kind=fullouter Dim on k | count`},
		{"kind=leftsemi/key=long", `Fact | join kind=leftsemi Dim on k | count`},
		{"kind=rightanti/key=long", `Fact | join kind=rightanti Dim on k | count`},
		{"kind=inner/key=string", `Fact | join kind=inner Dim on ks | count`},
		{"kind=inner/key=long+string", `Fact | join kind=inner Dim on k, ks | count`},
		{"kind=lookup/key=long", `Fact | lookup Dim on k | count`},
		{"kind=inner/key=long/dim=left", `Dim | join kind=inner Fact on k | count`},
	}
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			// Bytes are the probe side's key bytes (8 per long key).
			b.SetBytes(benchFactRows * 8)
			for i := 0; i < b.N; i++ {
				if _, err := query.Run(context.Background(), tc.q, cat, query.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchFactRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
