package query_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/harrier-sec/harrier/internal/demo"
	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/query"
	"github.com/harrier-sec/harrier/internal/table"
)

var (
	corpusOnce sync.Once
	corpus     *table.Table
)

// benchCorpus is one million generated events, built once per process.
func benchCorpus(b *testing.B) *table.Table {
	corpusOnce.Do(func() {
		corpus, _ = gen.Table(gen.Config{Seed: 42, Events: 1_000_000})
	})
	return corpus
}

// BenchmarkReferenceQueries runs each reference query verbatim over 1M
// generated events and reports events scanned per second.
func BenchmarkReferenceQueries(b *testing.B) {
	t := benchCorpus(b)
	cat := query.Catalog{ingest.TableName: t}
	n := t.Rows()
	for i, q := range demo.Split(demo.SeedQueries) {
		b.Run(fmt.Sprintf("query=%d", i+1), func(b *testing.B) {
			b.ReportAllocs()
			for k := 0; k < b.N; k++ {
				if _, err := query.Run(context.Background(), q.Text, cat, query.Options{Now: gen.DefaultEnd}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkHunting covers common hunting shapes beyond the reference set.
func BenchmarkHunting(b *testing.B) {
	t := benchCorpus(b)
	cat := query.Catalog{ingest.TableName: t}
	n := t.Rows()
	queries := map[string]string{
		"count":             `CloudAuditEvents | count`,
		"summarize_by_verb": `CloudAuditEvents | summarize count() by OperationName, DataSource`,
		"top_users":         `CloudAuditEvents | extend User = tostring(RawEventData.User.username) | summarize n = count() by User | top 10 by n`,
		"has_search":        `CloudAuditEvents | where UserAgent has "kubectl" | count`,
		"bin_hourly":        `CloudAuditEvents | summarize count() by bin(Timestamp, 1h) | sort by Timestamp asc`,
	}
	for name, q := range queries {
		b.Run("query="+name, func(b *testing.B) {
			b.ReportAllocs()
			for k := 0; k < b.N; k++ {
				if _, err := query.Run(context.Background(), q, cat, query.Options{Now: gen.DefaultEnd}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkPrepare measures parsing and analysis of the reference queries.
func BenchmarkPrepare(b *testing.B) {
	cat := query.Catalog{ingest.TableName: &table.Table{Name: ingest.TableName, Schema: ingest.Schema}}
	qs := demo.Split(demo.SeedQueries)
	size := 0
	for _, q := range qs {
		size += len(q.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for k := 0; k < b.N; k++ {
		for _, q := range qs {
			if _, err := query.Prepare(q.Text, cat, query.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(qs)*b.N)/b.Elapsed().Seconds(), "queries/s")
}
