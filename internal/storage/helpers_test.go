package storage

import (
	"strings"
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/gen"
	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/storage/extent"
	"github.com/harrier-sec/harrier/internal/value"
)

// testEnd is the generated corpus' now; tests pin the store's clock to it
// so retention never drops generated events whatever the real date.
var testEnd = gen.DefaultEnd

func fixedNow() time.Time { return testEnd }

// genBatch returns the deterministic events of batch seed.
func genBatch(seed, n int) []*ingest.Event {
	var out []*ingest.Event
	gen.Generate(gen.Config{Seed: int64(seed), Events: n, Workers: 1, Span: time.Hour, Attacks: gen.AttackMix{Disabled: true}},
		func(e *ingest.Event) { out = append(out, e) })
	return out
}

// manualMaintenance keeps the background goroutine from merging and
// dropping extents on its own during the test (explicit Flush calls do
// not wake it), so the test decides when s.maintain runs.
func manualMaintenance(t *testing.T) {
	old := maintainEvery
	maintainEvery = time.Hour
	t.Cleanup(func() { maintainEvery = old })
}

// abandon stops the store the way a crash would: no flush, WAL left as
// it is, lock released.
func (s *Store) abandon() {
	s.gate.Lock()
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.gate.Unlock()
	close(s.stop)
	<-s.done
	s.wal.Close()
	for _, h := range s.live {
		h.r.Close()
	}
	s.lock.Close()
}

// rowString renders row i of a batch in ingest.Schema order, for
// comparing stored rows with appended events.
func rowString(b *value.Batch, i int) string {
	var sb strings.Builder
	for c, v := range b.Cols {
		if c > 0 {
			sb.WriteByte('|')
		}
		if v.T == value.Dynamic {
			sb.WriteString(v.Dyn(i).JSON())
		} else {
			sb.WriteString(v.Get(i).String())
		}
	}
	return sb.String()
}

func eventString(e *ingest.Event) string {
	b := newMemtable(0)
	b.add(e)
	bs := b.batches()
	return rowString(bs[0], 0)
}

// snapshotRows returns every row of a snapshot keyed by ReportId, with
// the number of times each ReportId occurs.
func snapshotRows(t testing.TB, sn *Snapshot) (rows map[string]string, counts map[string]int) {
	t.Helper()
	rows, counts = map[string]string{}, map[string]int{}
	add := func(b *value.Batch) {
		for i := 0; i < b.Len; i++ {
			id := b.Cols[ridCol].Str(i)
			counts[id]++
			rows[id] = rowString(b, i)
		}
	}
	for _, r := range sn.Extents {
		bs, err := readAllRows(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			add(b)
		}
	}
	for _, b := range sn.Memtable {
		add(b)
	}
	return rows, counts
}

// snapshotIDs counts the ReportIds of a snapshot, reading only that
// column of the extents.
func snapshotIDs(t testing.TB, sn *Snapshot) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, r := range sn.Extents {
		rc := columnIndex(r.Meta(), "ReportId")
		for b := range r.Meta().Blocks {
			batch, err := r.ReadBlock(b, extent.ReadRequest{Columns: []int{rc}})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < batch.Len; i++ {
				counts[batch.Cols[0].Str(i)]++
			}
		}
	}
	for _, b := range sn.Memtable {
		for _, id := range b.Cols[ridCol].S[:b.Len] {
			counts[id]++
		}
	}
	return counts
}

// checkExactlyOnce fails unless every event is stored once with its
// content and nothing else is stored more than once.
func checkExactlyOnce(t testing.TB, s *Store, events []*ingest.Event) {
	t.Helper()
	sn := s.Snapshot()
	defer sn.Release()
	rows, counts := snapshotRows(t, sn)
	for id, n := range counts {
		if n != 1 {
			t.Fatalf("ReportId %s stored %d times", id, n)
		}
	}
	for _, e := range events {
		got, ok := rows[e.ReportId]
		if !ok {
			t.Fatalf("event %s is missing", e.ReportId)
		}
		if want := eventString(e); got != want {
			t.Fatalf("event %s stored as\n%s\nwant\n%s", e.ReportId, got, want)
		}
	}
	if len(rows) != len(events) {
		t.Fatalf("store holds %d ReportIds, want %d", len(rows), len(events))
	}
}

func mustAppend(t testing.TB, s *Store, events []*ingest.Event, added, dups int) {
	t.Helper()
	res, err := s.Append(events)
	if err != nil {
		t.Fatal(err)
	}
	if res != (AppendResult{Added: added, Duplicates: dups}) {
		t.Fatalf("Append = %+v, want {Added:%d Duplicates:%d}", res, added, dups)
	}
}

func openT(t testing.TB, o Options) *Store {
	t.Helper()
	if o.Now == nil {
		o.Now = fixedNow
	}
	s, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func concat(bs ...[]*ingest.Event) []*ingest.Event {
	var out []*ingest.Event
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}
