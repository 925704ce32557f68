package exec_test

import (
	"context"
	"sync"
	"testing"

	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
)

var (
	seriesCorpusOnce sync.Once
	seriesCorpus     *table.Table
)

// BenchmarkMakeSeries runs make-series shapes over one million generated
// audit events (seven days) and reports events per second.
func BenchmarkMakeSeries(b *testing.B) {
	seriesCorpusOnce.Do(func() {
		seriesCorpus, _ = gen.Table(gen.Config{Seed: 7, Events: 1_000_000})
	})
	cat := query.Catalog{ingest.TableName: seriesCorpus}
	n := seriesCorpus.Rows()
	queries := []struct{ name, q string }{
		{"count_hourly", `CloudAuditEvents | make-series count() on Timestamp step 1h`},
		{"by_operation", `CloudAuditEvents | make-series n = count() default = 0 on Timestamp from ago(7d) to now() step 1h by OperationName`},
		{"several_aggs_by_source", `CloudAuditEvents | make-series count(), dcount(IPAddress), countif(IsAnonymousProxy) on Timestamp step 10m by DataSource`},
		{"then_fill_and_stats", `CloudAuditEvents | make-series c = count() default = long(null) on Timestamp step 1m by DataSource | extend s = series_stats_dynamic(series_fill_linear(c))`},
	}
	for _, tc := range queries {
		b.Run("query="+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for k := 0; k < b.N; k++ {
				if _, err := query.Run(context.Background(), tc.q, cat, query.Options{Now: gen.DefaultEnd}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
