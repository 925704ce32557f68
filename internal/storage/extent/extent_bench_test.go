package extent

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

// The benchmarks share one generated corpus (1M events by default; pass
// -args -extent.events=N for quicker runs) and one extent written from it.
var benchEvents = flag.Int("extent.events", 1_000_000, "events in the benchmark corpus")

var bench struct {
	once    sync.Once
	tb      *table.Table
	rawSize int64 // raw JSON bytes of the corpus
	dir     string
	path    string
	meta    *Meta
	err     error
}

// rawJSONSize is the size of the events as JSON text: RawEventData's JSON
// plus the text of every other column, the yardstick for bytes on disk.
func rawJSONSize(tb *table.Table) int64 {
	var n int64
	for _, b := range tb.Batches {
		for c, col := range tb.Schema {
			v := b.Cols[c]
			for i := 0; i < b.Len; i++ {
				if col.Type == value.Dynamic {
					if !v.IsNull(i) {
						n += int64(len(v.Dyn(i).JSON()))
					}
					continue
				}
				n += int64(len(v.Get(i).String()))
			}
		}
	}
	return n
}

func benchCorpus(b *testing.B) {
	bench.once.Do(func() {
		bench.tb, _ = gen.Table(gen.Config{Seed: 1, Events: *benchEvents})
		bench.rawSize = rawJSONSize(bench.tb)
		bench.dir, bench.err = os.MkdirTemp("", "extent-bench-")
		if bench.err != nil {
			return
		}
		bench.path = filepath.Join(bench.dir, "corpus.ext")
		bench.meta, bench.err = Write(bench.path, ingest.Schema, bench.tb.Batches, WriteOptions{})
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

func BenchmarkWrite(b *testing.B) {
	benchCorpus(b)
	rows := bench.tb.Rows()
	dir := b.TempDir()
	b.SetBytes(bench.rawSize)
	b.ReportAllocs()
	var m *Meta
	cpu0 := processCPU()
	for i := 0; b.Loop(); i++ {
		var err error
		m, err = Write(filepath.Join(dir, fmt.Sprintf("w%d.ext", i)), ingest.Schema, bench.tb.Batches, WriteOptions{})
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu := processCPU() - cpu0
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(rows)/float64(b.N), "cpu-ns/row")
	b.ReportMetric(float64(m.Bytes)/float64(rows), "disk-B/event")
	b.ReportMetric(float64(bench.rawSize)/float64(rows), "raw-B/event")
	b.ReportMetric(float64(bench.rawSize)/float64(m.Bytes), "ratio")
}

func BenchmarkReadBlock(b *testing.B) {
	benchCorpus(b)
	r, err := Open(bench.path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	m := r.Meta()
	all := make([]int, len(m.Columns))
	for c := range all {
		all[c] = c
	}
	raw := m.Schema().Index("RawEventData")
	cases := []struct {
		name string
		req  ReadRequest
	}{
		{"cols=all", ReadRequest{Columns: all}},
		{"cols=Timestamp", ReadRequest{Columns: []int{m.Schema().Index("Timestamp")}}},
		{"path=ObjectRef.resource", ReadRequest{Paths: []PathRequest{{Column: raw, Path: Path{"ObjectRef", "resource"}}}}},
		{"path=RequestObject.spec.containers", ReadRequest{Paths: []PathRequest{{Column: raw, Path: Path{"RequestObject", "spec", "containers"}}}}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			// Bytes: the raw JSON size of the rows read, so MB/s compares
			// with scanning the JSON.
			b.SetBytes(bench.rawSize)
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				for blk := range m.Blocks {
					if _, err := r.ReadBlock(blk, tc.req); err != nil {
						b.Fatal(err)
					}
				}
			}
			cpu := processCPU() - cpu0
			b.ReportMetric(float64(m.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(m.Rows)/float64(b.N), "cpu-ns/row")
		})
	}
}

// TestBenchCorpusSize prints where the bytes of the benchmark extent go.
// Run with -run BenchCorpusSize -v -args -extent.events=N.
func TestBenchCorpusSize(t *testing.T) {
	if testing.Short() || os.Getenv("EXTENT_SIZE_REPORT") == "" {
		t.Skip("set EXTENT_SIZE_REPORT=1 to print the size breakdown")
	}
	benchCorpus(&testing.B{})
	r, err := Open(bench.path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	m := r.Meta()
	rows := float64(m.Rows)
	type line struct {
		name          string
		data, filters int
	}
	var lines []line
	for s, si := range r.ft.slots {
		l := line{name: si.name}
		if si.shred >= 0 {
			l.name += "." + si.path.String() + ":" + si.t.String()
		}
		for b := range r.ft.blocks {
			l.data += r.ft.blocks[b][s].chunk.diskLen
			l.filters += r.ft.blocks[b][s].filter.n
		}
		lines = append(lines, l)
	}
	sort.Slice(lines, func(i, j int) bool { return lines[i].data+lines[i].filters > lines[j].data+lines[j].filters })
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d events, %.1f raw JSON B/event, %.1f B/event on disk (1/%.1f)\n",
		m.Rows, float64(bench.rawSize)/rows, float64(m.Bytes)/rows, float64(bench.rawSize)/float64(m.Bytes))
	var data, filt int
	for _, l := range lines {
		data += l.data
		filt += l.filters
	}
	fmt.Fprintf(&sb, "chunks %.1f B/event, term filters %.1f B/event, footer+header %.1f B/event\n",
		float64(data)/rows, float64(filt)/rows, (float64(m.Bytes)-float64(data+filt))/rows)
	for _, l := range lines[:min(25, len(lines))] {
		fmt.Fprintf(&sb, "  %-60s %6.2f + filter %5.2f\n", l.name, float64(l.data)/rows, float64(l.filters)/rows)
	}
	t.Log("\n" + sb.String())
}
