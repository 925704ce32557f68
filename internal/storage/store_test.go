package storage

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/value"
)

func TestDedupRetriedBatch(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, NoSync: true})
	a, b, c := genBatch(1, 300), genBatch(2, 300), genBatch(3, 100)
	mustAppend(t, s, a, len(a), 0)
	mustAppend(t, s, a, 0, len(a)) // retried while in the memtable
	// Repeats inside one batch count as duplicates too.
	mustAppend(t, s, concat(a[:10], b, b[:5]), len(b), 15)
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, concat(a, b), 0, len(a)+len(b)) // retried after the flush
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(a); !errors.Is(err, ErrClosed) {
		t.Fatalf("Append after Close: %v", err)
	}

	// The index is rebuilt from the extents after a restart.
	s = openT(t, Options{Dir: dir, NoSync: true})
	mustAppend(t, s, a, 0, len(a))
	mustAppend(t, s, c, len(c), 0)
	s.abandon() // c is only in the WAL now

	s = openT(t, Options{Dir: dir, NoSync: true})
	if st := s.Stats(); st.Recovery.WALRows != len(c) {
		t.Fatalf("replayed %d rows, want %d", st.Recovery.WALRows, len(c))
	}
	mustAppend(t, s, c, 0, len(c))
	mustAppend(t, s, b, 0, len(b))
	checkExactlyOnce(t, s, concat(a, b, c))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// Events without a ReportId cannot be told apart, so none is dropped.
func TestEmptyReportIdIsNotDeduplicated(t *testing.T) {
	s := openT(t, Options{Dir: t.TempDir(), NoSync: true})
	defer s.Close()
	e := *genBatch(1, 1)[0]
	e.ReportId = ""
	mustAppend(t, s, []*ingest.Event{&e, &e}, 2, 0)
	mustAppend(t, s, []*ingest.Event{&e}, 1, 0)
}

// An index entry with the same hash but another ReportId (a collision,
// forged here) must not make a new event a duplicate.
func TestHashCollisionIsConfirmed(t *testing.T) {
	s := openT(t, Options{Dir: t.TempDir(), NoSync: true})
	defer s.Close()
	a, b := genBatch(1, 50), genBatch(2, 50)
	mustAppend(t, s, a, len(a), 0)
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	extID := owner(s.live[0].entry.ID)
	for i, e := range b {
		o := extID // half collide with the extent, half with the memtable
		if i%2 == 1 {
			o = owner(s.mem.id)
		}
		s.idx.insert(hashID(e.ReportId), o)
	}
	s.mu.Unlock()
	mustAppend(t, s, b, len(b), 0)
	mustAppend(t, s, concat(a, b), 0, len(a)+len(b))
	checkExactlyOnce(t, s, concat(a, b))
}

func TestVersion(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, NoSync: true})
	s.Close()
	if data, _ := os.ReadFile(filepath.Join(dir, "VERSION")); string(data) != "1\n" {
		t.Fatalf("VERSION = %q", data)
	}

	os.WriteFile(filepath.Join(dir, "VERSION"), []byte("2\n"), 0o644)
	_, err := Open(Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "version 2") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("opening a version 2 directory: %v", err)
	}

	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o644)
	_, err = Open(Options{Dir: other})
	if err == nil || !strings.Contains(err.Error(), "not a harrier data directory") {
		t.Fatalf("opening a foreign directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "notes.txt")); err != nil {
		t.Fatal("a foreign directory was modified")
	}
}

func TestDirectoryIsLocked(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, NoSync: true})
	if _, err := Open(Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second Open of a directory in use: %v", err)
	}
	s.Close()
	s = openT(t, Options{Dir: dir, NoSync: true})
	s.Close()
}

// A crash in the middle of a WAL write loses that write only.
func TestTornWALTail(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir})
	a, b, c := genBatch(1, 100), genBatch(2, 100), genBatch(3, 100)
	mustAppend(t, s, a, len(a), 0)
	mustAppend(t, s, b, len(b), 0)
	mustAppend(t, s, c, len(c), 0)
	s.abandon()

	seg := lastWALSegment(t, filepath.Join(dir, "wal"))
	info, _ := os.Stat(seg)
	if err := os.Truncate(seg, info.Size()-7); err != nil {
		t.Fatal(err)
	}
	s = openT(t, Options{Dir: dir})
	st := s.Stats()
	if st.Recovery.TornBytes == 0 || st.Recovery.WALRows != len(a)+len(b) {
		t.Fatalf("recovery = %+v", st.Recovery)
	}
	checkExactlyOnce(t, s, concat(a, b))
	mustAppend(t, s, concat(b, c), len(c), len(b)) // the client retries what was not acknowledged
	s.abandon()

	s = openT(t, Options{Dir: dir})
	if st := s.Stats(); st.Recovery.TornBytes != 0 {
		t.Fatalf("second recovery found a torn tail again: %+v", st.Recovery)
	}
	checkExactlyOnce(t, s, concat(a, b, c))
	s.Close()
}

func lastWALSegment(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var last string
	for _, e := range ents {
		if info, _ := e.Info(); info != nil && info.Size() > 0 {
			last = filepath.Join(dir, e.Name())
		}
	}
	if last == "" {
		t.Fatal("no WAL segment with data")
	}
	return last
}

// Files a crash leaves in extents/ (an extent written but not committed, a
// temporary file, an extent replaced but not yet deleted) are removed by
// Open, and the manifest's extents are untouched.
func TestOrphansRemoved(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, NoSync: true})
	a := genBatch(1, 100)
	mustAppend(t, s, a, len(a), 0)
	s.Flush()
	s.abandon()
	ext := filepath.Join(dir, "extents")
	os.WriteFile(filepath.Join(ext, extentName(99)), []byte("half an extent"), 0o644)
	os.WriteFile(filepath.Join(ext, extentName(98)+".tmp"), []byte("tmp"), 0o644)
	os.WriteFile(filepath.Join(dir, "MANIFEST.tmp"), []byte("{"), 0o644)
	s = openT(t, Options{Dir: dir, NoSync: true})
	defer s.Close()
	if st := s.Stats(); st.Recovery.OrphanFiles != 2 || st.Extents != 1 {
		t.Fatalf("stats after recovery: %+v", st)
	}
	ents, _ := os.ReadDir(ext)
	if len(ents) != 1 {
		t.Fatalf("extents/ holds %d files, want 1", len(ents))
	}
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tmp")); err == nil {
		t.Fatal("MANIFEST.tmp left behind")
	}
	checkExactlyOnce(t, s, a)
}

func shift(events []*ingest.Event, d time.Duration) []*ingest.Event {
	out := make([]*ingest.Event, len(events))
	for i, e := range events {
		c := *e
		c.Timestamp += int64(d / 100)
		out[i] = &c
	}
	return out
}

func TestRetentionDropsWholeExtents(t *testing.T) {
	manualMaintenance(t)
	dir := t.TempDir()
	var now atomic.Int64
	now.Store(testEnd.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	s := openT(t, Options{Dir: dir, NoSync: true, Retention: 48 * time.Hour, MergeBelowRows: 1, Now: clock})
	defer s.Close()
	old := shift(genBatch(1, 100), -72*time.Hour)
	mixedOld, mixedNew := shift(genBatch(2, 50), -72*time.Hour), genBatch(3, 50)
	recent := genBatch(4, 100)
	for _, b := range [][]*ingest.Event{old, concat(mixedOld, mixedNew), recent} {
		mustAppend(t, s, b, len(b), 0)
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	held := s.Snapshot()
	if err := s.maintain(); err != nil {
		t.Fatal(err)
	}
	// Only the extent that is old as a whole goes; the mixed one stays
	// with its old rows.
	if st := s.Stats(); st.Extents != 2 || st.Dropped != 1 || st.Rows != int64(len(mixedOld)+len(mixedNew)+len(recent)) {
		t.Fatalf("after retention: %+v", st)
	}
	checkExactlyOnce(t, s, concat(mixedOld, mixedNew, recent))
	// The snapshot taken before still reads the dropped extent, whose file
	// goes only when the snapshot is released.
	if _, counts := snapshotRows(t, held); counts[old[0].ReportId] != 1 {
		t.Fatal("snapshot lost the dropped extent's rows")
	}
	if n := countFiles(t, filepath.Join(dir, "extents")); n != 3 {
		t.Fatalf("%d extent files while a snapshot holds the dropped one, want 3", n)
	}
	held.Release()
	if n := countFiles(t, filepath.Join(dir, "extents")); n != 2 {
		t.Fatalf("%d extent files after release, want 2", n)
	}
	// A dropped event is gone from the ReportId index as well: sending it
	// again stores it.
	mustAppend(t, s, old[:1], 1, 0)

	now.Add(int64(10 * 24 * time.Hour))
	s.Flush()
	if err := s.maintain(); err != nil {
		t.Fatal(err)
	}
	if st := s.Stats(); st.Extents != 0 || st.Rows != 0 {
		t.Fatalf("after everything expired: %+v", st)
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

func TestMerge(t *testing.T) {
	manualMaintenance(t)
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, NoSync: true, MergeBelowRows: 1000})
	var all []*ingest.Event
	for i := 1; i <= 6; i++ {
		b := genBatch(i, 150)
		all = append(all, b...)
		mustAppend(t, s, b, len(b), 0)
		if err := s.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	if st := s.Stats(); st.Extents != 6 {
		t.Fatalf("%d extents before the merge, want 6", st.Extents)
	}
	held := s.Snapshot()
	if err := s.maintain(); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Extents != 1 || st.Merges != 1 || st.ExtentRows != int64(len(all)) {
		t.Fatalf("after the merge: %+v", st)
	}
	checkExactlyOnce(t, s, all)
	if _, counts := snapshotRows(t, held); len(counts) != len(all) {
		t.Fatalf("snapshot from before the merge reads %d rows, want %d", len(counts), len(all))
	}
	held.Release()
	if n := countFiles(t, filepath.Join(dir, "extents")); n != 1 {
		t.Fatalf("%d extent files after the merge, want 1", n)
	}
	// The merged extent is sorted by time.
	sn := s.Snapshot()
	bs, err := readAllRows(sn.Extents[0])
	if err != nil {
		t.Fatal(err)
	}
	var ts []int64
	for _, b := range bs {
		ts = append(ts, b.Cols[0].I[:b.Len]...)
	}
	if !slices.IsSorted(ts) {
		t.Fatal("merged extent is not sorted by Timestamp")
	}
	sn.Release()
	// The index follows the rows into the merged extent.
	mustAppend(t, s, all, 0, len(all))
	s.Close()
	s = openT(t, Options{Dir: dir, NoSync: true, MergeBelowRows: 1000})
	mustAppend(t, s, all, 0, len(all))
	checkExactlyOnce(t, s, all)
	s.Close()
}

func TestPickMerge(t *testing.T) {
	s := &Store{opts: Options{FlushRows: 100, MergeBelowRows: 50}}
	add := func(id uint64, rows int, minTime int64) {
		s.live = append(s.live, &extentHandle{entry: extentEntry{ID: id, Rows: rows, MinTime: minTime}})
	}
	ids := func(hs []*extentHandle) []uint64 {
		var out []uint64
		for _, h := range hs {
			out = append(out, h.entry.ID)
		}
		return out
	}
	add(1, 40, 300)
	add(2, 90, 100) // not small
	add(3, 45, 200)
	add(4, 30, 400)
	add(5, 49, 500)
	// By time: 3 (45), 1 (40), 4 (30), 5 (49): 3+1 fit in 100, +4 does not.
	if got := ids(s.pickMergeLocked()); !slices.Equal(got, []uint64{3, 1}) {
		t.Fatalf("first group %v", got)
	}
	s.live = slices.DeleteFunc(s.live, func(h *extentHandle) bool { return h.entry.ID == 3 || h.entry.ID == 1 })
	if got := ids(s.pickMergeLocked()); !slices.Equal(got, []uint64{4, 5}) {
		t.Fatalf("second group %v", got)
	}
	s.live = s.live[:2]
	if got := s.pickMergeLocked(); got != nil {
		t.Fatalf("merged a lone small extent: %v", ids(got))
	}
}

// Many appenders (with retries) and readers at once, with flushes and
// merges in the background: every snapshot sees each ReportId at most
// once and never fewer rows than the one before; in the end every event
// is stored once.
func TestConcurrentAppendsAndSnapshots(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, FlushRows: 500, MergeBelowRows: 5000})
	const writers, batches, size = 6, 12, 100
	var wg sync.WaitGroup
	var added atomic.Int64
	all := make([][]*ingest.Event, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < batches; i++ {
				b := genBatch(1000*(w+1)+i, size)
				all[w] = append(all[w], b...)
				res, err := s.Append(b)
				if err != nil {
					t.Error(err)
					return
				}
				added.Add(int64(res.Added))
				if i%3 == 0 { // a client that did not see the answer retries
					res, err := s.Append(b)
					if err != nil || res.Added != 0 {
						t.Errorf("retry: %+v, %v", res, err)
					}
				}
			}
		}(w)
	}
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	snapshots := 0
	go func() {
		defer close(readerDone)
		last := 0
		for {
			select {
			case <-stop:
				return
			default:
			}
			sn := s.Snapshot()
			counts := snapshotIDs(t, sn)
			sn.Release()
			time.Sleep(2 * time.Millisecond)
			for id, n := range counts {
				if n != 1 {
					t.Errorf("snapshot holds %s %d times", id, n)
					return
				}
			}
			if len(counts) < last {
				t.Errorf("snapshot has %d rows, an earlier one %d", len(counts), last)
				return
			}
			last = len(counts)
			snapshots++
		}
	}()
	wg.Wait()
	close(stop)
	<-readerDone
	if t.Failed() {
		return
	}
	var events []*ingest.Event
	for _, b := range all {
		events = append(events, b...)
	}
	if added.Load() != int64(len(events)) {
		t.Fatalf("Added sums to %d, want %d", added.Load(), len(events))
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.maintain(); err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, s, events)
	st := s.Stats()
	t.Logf("%d snapshots; %+v", snapshots, st)
	if st.Flushes == 0 || st.Merges == 0 {
		t.Fatalf("expected flushes and merges: %+v", st)
	}
	s.Close()
	s = openT(t, Options{Dir: dir})
	checkExactlyOnce(t, s, events)
	s.Close()
}

// Snapshot batches must not change when appends continue.
func TestSnapshotIsStable(t *testing.T) {
	s := openT(t, Options{Dir: t.TempDir(), NoSync: true})
	defer s.Close()
	a := genBatch(1, 10)
	mustAppend(t, s, a, len(a), 0)
	sn := s.Snapshot()
	defer sn.Release()
	before := snapshotString(sn)
	b := genBatch(2, 5000)
	mustAppend(t, s, b, len(b), 0)
	if after := snapshotString(sn); after != before {
		t.Fatal("snapshot changed under later appends")
	}
	if sn.Rows() != len(a) {
		t.Fatalf("snapshot has %d rows, want %d", sn.Rows(), len(a))
	}
}

func snapshotString(sn *Snapshot) string {
	var sb strings.Builder
	for _, b := range sn.Memtable {
		for i := 0; i < b.Len; i++ {
			sb.WriteString(rowString(b, i))
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func TestWALRecordRoundTrip(t *testing.T) {
	events := genBatch(7, 200)
	yes := true
	odd := &ingest.Event{Timestamp: -5, ReportId: "x", IsAnonymousProxy: &yes,
		RawEventData: value.DynString("scalar"), AdditionalFields: value.DynLong(-3)}
	events = append(events, odd, &ingest.Event{})
	rec := encodeEvents(nil, events)
	got, err := decodeEvents(rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(events) {
		t.Fatalf("%d events back, want %d", len(got), len(events))
	}
	for i := range events {
		if g, w := eventString(got[i]), eventString(events[i]); g != w {
			t.Fatalf("event %d:\n%s\nwant\n%s", i, g, w)
		}
	}
	for cut := 0; cut < len(rec); cut += 97 {
		if _, err := decodeEvents(rec[:cut]); err == nil {
			t.Fatalf("record cut at %d decoded without error", cut)
		}
	}
}

func FuzzDecodeEvents(f *testing.F) {
	f.Add(encodeEvents(nil, genBatch(1, 3)))
	f.Add([]byte{1, 1, 0})
	f.Fuzz(func(t *testing.T, rec []byte) {
		events, err := decodeEvents(rec)
		if err != nil {
			return
		}
		// What decodes re-encodes to something that decodes the same.
		again, err := decodeEvents(encodeEvents(nil, events))
		if err != nil || len(again) != len(events) {
			t.Fatalf("re-encoded record: %d events, %v", len(again), err)
		}
	})
}

// A batch whose WAL write fails is not stored, and its ReportIds are not
// left reserved: a retry after reopening stores it.
func TestFailedAppendReleasesReportIds(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, NoSync: true})
	a, b := genBatch(1, 50), genBatch(2, 50)
	mustAppend(t, s, a, len(a), 0)
	s.mu.Lock()
	before := s.idx.n
	s.mu.Unlock()
	s.wal.Close() // every later WAL append fails
	if _, err := s.Append(b); err == nil {
		t.Fatal("Append succeeded with a closed WAL")
	}
	s.mu.Lock()
	after := s.idx.n
	s.mu.Unlock()
	if after != before {
		t.Fatalf("index holds %d entries after the failed append, %d before", after, before)
	}
	s.abandon()
	s = openT(t, Options{Dir: dir, NoSync: true})
	mustAppend(t, s, b, len(b), 0)
	checkExactlyOnce(t, s, concat(a, b))
	s.Close()
}

// New WAL records must never land before the manifest's wal_from.
func TestWALBehindManifestIsAnError(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, Options{Dir: dir, NoSync: true})
	for i := 1; i <= 3; i++ {
		b := genBatch(i, 10)
		mustAppend(t, s, b, len(b), 0)
		s.Flush()
	}
	s.Close()
	os.RemoveAll(filepath.Join(dir, "wal"))
	if _, err := Open(Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "behind the manifest") {
		t.Fatalf("Open with an emptied WAL directory: %v", err)
	}
}
