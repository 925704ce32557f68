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

const benchParseRows = 1_000_000

var (
	benchParseOnce  sync.Once
	benchParseCat   query.Catalog
	benchParseBytes int64
)

// benchParseCatalog holds Logs: 1M log lines in the shape of an audit
// message, one in ten without the code= part, built once.
func benchParseCatalog() (query.Catalog, int64) {
	benchParseOnce.Do(func() {
		b := table.NewBuilder("Logs", value.Schema{{Name: "id", Type: value.Long}, {Name: "msg", Type: value.String}})
		verbs := []string{"get", "list", "watch", "create", "delete"}
		for i := 0; i < benchParseRows; i++ {
			msg := "ts=2024-05-01T10:00:00Z user=system:serviceaccount:ns" + strconv.Itoa(i%97) +
				":sa verb=" + verbs[i%len(verbs)] + " resource=pods"
			if i%10 != 0 {
				msg += " code=" + strconv.Itoa(200+i%5) + " latency=" + strconv.Itoa(i%1000) + "ms"
			}
			b.AppendRow([]value.Value{value.NewLong(int64(i)), value.NewString(msg)})
			benchParseBytes += int64(len(msg))
		}
		benchParseCat = query.Catalog{"Logs": b.Table()}
	})
	return benchParseCat, benchParseBytes
}

// BenchmarkParse runs parse, parse-where and parse-kv over 1M log lines.
// Bytes are the parsed text.
func BenchmarkParse(b *testing.B) {
	cat, size := benchParseCatalog()
	queries := []struct{ name, q string }{
		{"kind=simple/cols=string", `Logs | parse msg with * "user=" user " verb=" verb " resource=" res " " * | summarize count() by verb`},
		{"kind=simple/cols=typed", `Logs | parse msg with * " verb=" verb " " * "code=" code:long " latency=" latency:timespan | summarize sum(code) by verb`},
		{"kind=regex", `Logs | parse kind=regex msg with * @"verb=" verb @"\s" * @"code=" code:long @"\s" * | summarize count() by verb`},
		{"kind=relaxed", `Logs | parse kind=relaxed msg with * "code=" code:long " latency=" latency:long "ms" | summarize count() by code`},
		{"op=parse-where", `Logs | parse-where msg with * "code=" code:long * | summarize count() by code`},
		{"op=parse-kv/mode=delimited", `Logs | parse-kv msg as (verb:string, code:long) with (pair_delimiter=' ', kv_delimiter='=') | summarize count() by verb`},
		{"op=parse-kv/mode=tokens", `Logs | parse-kv msg as (verb:string, code:long) | summarize count() by verb`},
		{"op=parse-kv/mode=regex", `Logs | parse-kv msg as (verb:string, code:long) with (regex=@'(\w+)=(\S+)') | summarize count() by verb`},
	}
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			for i := 0; i < b.N; i++ {
				if _, err := query.Run(context.Background(), tc.q, cat, query.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchParseRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkMvApply runs mv-apply over 100k rows of five-element arrays:
// a row-level subquery (batched in the scan workers), summarize and top
// (segmented by row), and mv-expand (run per row).
func BenchmarkMvApply(b *testing.B) {
	const rows = 100_000
	bl := table.NewBuilder("A", value.Schema{{Name: "id", Type: value.Long}, {Name: "arr", Type: value.Dynamic}})
	for i := 0; i < rows; i++ {
		items := make([]*value.Dyn, 5)
		for k := range items {
			items[k] = value.DynLong(int64((i*7 + k*13) % 100))
		}
		bl.AppendRow([]value.Value{value.NewLong(int64(i)), value.NewDynamic(value.DynArray(items))})
	}
	cat := query.Catalog{"A": bl.Table()}
	queries := []struct{ name, q string }{
		{"sub=where", `A | mv-apply x = arr to typeof(long) on (where x > 50 | extend y = x * 2) | count`},
		{"sub=summarize", `A | mv-apply x = arr to typeof(long) on (summarize s = sum(x), l = make_list(x)) | count`},
		{"sub=top", `A | mv-apply x = arr to typeof(long) on (top 2 by x) | count`},
		{"sub=mv-expand", `A | mv-apply x = arr to typeof(long) on (mv-expand y = pack_array(x, x) | count) | count`},
	}
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := query.Run(context.Background(), tc.q, cat, query.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
