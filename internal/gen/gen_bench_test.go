package gen

import (
	"strconv"
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/ingest"
)

// BenchmarkGenerate measures end-to-end generation (planning, rendering,
// k8saudit.Normalize) and reports rows per second.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("events="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			rows, bytes := 0, 0
			start := time.Now()
			for b.Loop() {
				Generate(Config{Seed: 1, Events: n}, func(e *ingest.Event) {
					rows++
					bytes += len(e.RawEventData.JSON())
				})
			}
			b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "events/s")
			b.ReportMetric(float64(bytes)/float64(rows), "B/event")
		})
	}
}

// BenchmarkTable measures generation into an in-memory table.
func BenchmarkTable(b *testing.B) {
	b.ReportAllocs()
	const n = 200_000
	start := time.Now()
	rows := 0
	for b.Loop() {
		t, _ := Table(Config{Seed: 1, Events: n})
		rows += t.Rows()
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "events/s")
}
