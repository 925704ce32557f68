package storage

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
)

// benchCorpus is generated once per benchmark binary: generation costs
// about as much as storing, and is not what these benchmarks measure.
var benchCorpus struct {
	once     sync.Once
	events   []*ingest.Event
	rawBytes int64
}

const benchEvents = 1_000_000

func corpus(b *testing.B) ([]*ingest.Event, int64) {
	b.Helper()
	benchCorpus.once.Do(func() {
		gen.Generate(gen.Config{Seed: 1, Events: benchEvents}, func(e *ingest.Event) {
			benchCorpus.events = append(benchCorpus.events, e)
			benchCorpus.rawBytes += int64(len(e.RawEventData.JSON()))
		})
	})
	return benchCorpus.events, benchCorpus.rawBytes
}

// appendAll appends events in batches of size from writers goroutines.
func appendAll(b *testing.B, s *Store, events []*ingest.Event, size, writers int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(int64(size))) - size
				if lo >= len(events) {
					return
				}
				res, err := s.Append(events[lo:min(lo+size, len(events))])
				if err != nil || res.Duplicates != 0 {
					b.Errorf("append: %+v, %v", res, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkAppend measures the durable write path alone (WAL with fsync,
// dedup, memtable): no flush happens during the run.
func BenchmarkAppend(b *testing.B) {
	all, raw := corpus(b)
	events := all[:200_000]
	for _, writers := range []int{1, 4} {
		b.Run(fmt.Sprintf("batch=1000/writers=%d", writers), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(raw / int64(len(all)) * int64(len(events)))
			var elapsed time.Duration
			for i := 0; i < b.N; i++ {
				s := openT(b, Options{Dir: b.TempDir(), FlushRows: 1 << 30})
				start := time.Now()
				appendAll(b, s, events, 1000, writers)
				elapsed += time.Since(start)
				s.abandon()
			}
			b.ReportMetric(float64(b.N*len(events))/elapsed.Seconds(), "events/s")
		})
	}
}

// BenchmarkFlush measures turning a memtable of 1M events into an extent.
func BenchmarkFlush(b *testing.B) {
	events, raw := corpus(b)
	b.SetBytes(raw)
	var elapsed time.Duration
	var st Stats
	for i := 0; i < b.N; i++ {
		s := openT(b, Options{Dir: b.TempDir(), FlushRows: 1 << 30, NoSync: true})
		appendAll(b, s, events, 1000, 2)
		start := time.Now()
		if err := s.Flush(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		st = s.Stats()
		s.Close()
	}
	b.ReportMetric(float64(b.N*len(events))/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(st.ExtentBytes)/float64(st.ExtentRows), "B/event")
}

// BenchmarkIngest measures end to end: 1M events appended durably (fsync)
// in batches of 1000 from two writers and flushed to extents, so the time
// covers everything until the data is in its queryable, compressed form.
// flushRows=262144 lets background flushes overlap the appends, as in
// steady ingestion; flushRows=default flushes once at the end.
func BenchmarkIngest(b *testing.B) {
	events, raw := corpus(b)
	for _, fr := range []int{1 << 18, 0} {
		name := "flushRows=default"
		if fr != 0 {
			name = fmt.Sprintf("flushRows=%d", fr)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(raw)
			var elapsed time.Duration
			var st Stats
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				s := openT(b, Options{Dir: dir, FlushRows: fr})
				start := time.Now()
				appendAll(b, s, events, 1000, 2)
				if err := s.Flush(); err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				st = s.Stats()
				s.Close()
			}
			b.ReportMetric(float64(b.N*len(events))/elapsed.Seconds(), "events/s")
			b.ReportMetric(float64(st.ExtentBytes)/float64(st.ExtentRows), "B/event")
			b.ReportMetric(float64(st.Extents), "extents")
		})
	}
}
