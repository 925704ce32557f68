package storage

import (
	"cmp"
	"slices"
	"sync"

	"github.com/harrier-sec/harrier/internal/storage/extent"
	"github.com/harrier-sec/harrier/internal/value"
)

// Snapshot is a consistent read view of the store: every row appended
// before it was taken is in exactly one of its extents or memtable
// batches, and nothing it holds changes afterwards. Merges and retention
// may replace extents meanwhile; the ones a snapshot holds stay open (and
// their files on disk) until Release.
type Snapshot struct {
	// Extents are the immutable extents, ordered by their oldest event.
	// They must not be closed by the caller, nor used after Release.
	Extents []*extent.Reader
	// Memtable holds the rows not yet in an extent, as batches of the
	// ingest.Schema columns in append order. Callers must not modify them.
	Memtable []*value.Batch

	s       *Store
	handles []*extentHandle
	once    sync.Once
}

// Snapshot returns a read view of everything stored so far. Call Release
// when done with it. A closed store gives an empty snapshot.
func (s *Store) Snapshot() *Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	sn := &Snapshot{s: s}
	if s.closed {
		return sn
	}
	sn.handles = slices.Clone(s.live)
	slices.SortFunc(sn.handles, func(a, b *extentHandle) int {
		if c := cmp.Compare(a.entry.MinTime, b.entry.MinTime); c != 0 {
			return c
		}
		return cmp.Compare(a.entry.ID, b.entry.ID)
	})
	for _, h := range sn.handles {
		h.refs++
		sn.Extents = append(sn.Extents, h.r)
	}
	if s.frozen != nil {
		sn.Memtable = append(sn.Memtable, s.frozen.full...)
	}
	sn.Memtable = append(sn.Memtable, s.mem.batches()...)
	return sn
}

// Rows counts the rows of the snapshot.
func (sn *Snapshot) Rows() int {
	n := 0
	for _, r := range sn.Extents {
		n += r.Meta().Rows
	}
	for _, b := range sn.Memtable {
		n += b.Len
	}
	return n
}

// Release gives the snapshot's extents back; it may be called more than
// once.
func (sn *Snapshot) Release() {
	sn.once.Do(func() {
		if sn.s != nil {
			sn.s.release(sn.handles)
		}
		sn.Extents, sn.Memtable, sn.handles = nil, nil, nil
	})
}

// release drops one reference to each handle.
func (s *Store) release(hs []*extentHandle) {
	var closing []*extentHandle
	s.mu.Lock()
	for _, h := range hs {
		if h.refs--; h.refs == 0 {
			closing = append(closing, h)
		}
	}
	s.mu.Unlock()
	closeHandles(closing)
}
