package storage

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/storage/extent"
	"github.com/harrier-sec/harrier/internal/value"
)

// maintainEvery is how often the background goroutine looks for expired
// and mergeable extents when nothing else wakes it. A variable so that
// tests can take timing out of what they check.
var maintainEvery = time.Second

// poke wakes the flusher without blocking.
func (s *Store) poke() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// background runs two loops: the flusher, woken when the memtable fills,
// and the maintainer, which merges and drops extents. They are separate
// so that a long merge never delays a flush (appenders wait for flushes,
// not for merges).
func (s *Store) background() {
	defer close(s.done)
	merged := make(chan struct{}, 1)
	maintDone := make(chan struct{})
	go func() {
		defer close(maintDone)
		t := time.NewTicker(s.maintainEvery)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
			case <-merged:
			}
			s.setBgErr(s.maintain())
		}
	}()
	for {
		select {
		case <-s.stop:
			<-maintDone
			return
		case <-s.kick:
		}
		s.mu.Lock()
		due := s.mem.rows >= s.opts.FlushRows || s.frozen != nil
		s.mu.Unlock()
		if !due {
			continue
		}
		err := s.flush()
		s.setBgErr(err)
		if err == nil {
			select {
			case merged <- struct{}{}:
			default:
			}
			// Rows that arrived during the flush may fill the memtable
			// again without another Append to notice.
			s.mu.Lock()
			again := s.mem.rows >= s.opts.FlushRows
			s.mu.Unlock()
			if again {
				s.poke()
			}
		}
	}
}

func (s *Store) setBgErr(err error) {
	s.mu.Lock()
	s.bgErr = err
	s.mu.Unlock()
}

// maintain drops expired extents, then merges small ones until none are
// left to merge or the store is closing.
func (s *Store) maintain() error {
	s.maintMu.Lock()
	defer s.maintMu.Unlock()
	if err := s.dropExpired(); err != nil {
		return err
	}
	for {
		select {
		case <-s.stop:
			return nil
		default:
		}
		merged, err := s.mergeOnce()
		if err != nil || !merged {
			return err
		}
	}
}

// dropExpired removes from the manifest every extent whose newest event
// is older than the retention; the files go when no snapshot holds them.
func (s *Store) dropExpired() error {
	cutoff := value.TicksFromTime(s.opts.Now().Add(-s.opts.Retention))
	s.mu.Lock()
	var expired []*extentHandle
	for _, h := range s.live {
		if h.entry.MaxTime < cutoff {
			expired = append(expired, h)
		}
	}
	s.mu.Unlock()
	if len(expired) == 0 {
		return nil
	}
	return s.commit(nil, nil, expired, func() {
		if s.idx != nil {
			owners := map[uint32]bool{}
			for _, h := range expired {
				owners[owner(h.entry.ID)] = true
			}
			s.idx.drop(owners)
		}
		s.dropped += int64(len(expired))
	})
}

// pickMergeLocked chooses extents to merge: a run of at least two small
// extents adjacent in time, together no larger than a full flush, so
// merged extents keep narrow time ranges (good for pruning and for
// dropping whole extents at retention).
func (s *Store) pickMergeLocked() []*extentHandle {
	var small []*extentHandle
	for _, h := range s.live {
		if h.entry.Rows < s.opts.MergeBelowRows {
			small = append(small, h)
		}
	}
	slices.SortFunc(small, func(a, b *extentHandle) int {
		if c := cmp.Compare(a.entry.MinTime, b.entry.MinTime); c != 0 {
			return c
		}
		return cmp.Compare(a.entry.ID, b.entry.ID)
	})
	limit := max(s.opts.FlushRows, s.opts.MergeBelowRows)
	for i := 0; i < len(small); {
		total, j := small[i].entry.Rows, i+1
		for j < len(small) && total+small[j].entry.Rows <= limit {
			total += small[j].entry.Rows
			j++
		}
		if j-i >= 2 {
			return small[i:j]
		}
		i = j
	}
	return nil
}

// mergeOnce merges one group of small extents into a new extent and
// swaps it in with one manifest commit. It reports whether it merged.
func (s *Store) mergeOnce() (bool, error) {
	s.mu.Lock()
	group := slices.Clone(s.pickMergeLocked())
	if len(group) < 2 {
		s.mu.Unlock()
		return false, nil
	}
	for _, h := range group {
		h.refs++
	}
	id := s.allocID()
	s.mu.Unlock()
	defer s.release(group)

	var batches []*value.Batch
	rows := 0
	for _, h := range group {
		bs, err := readAllRows(h.r)
		if err != nil {
			return false, fmt.Errorf("cannot read extent %s for a merge: %w", h.path, err)
		}
		batches = append(batches, bs...)
		rows += h.entry.Rows
	}
	nh, err := s.writeExtent(id, batches, rows)
	if err != nil {
		return false, err
	}
	err = s.commit(nil, []*extentHandle{nh}, group, func() {
		if s.idx != nil {
			to := map[uint32]uint32{}
			for _, h := range group {
				to[owner(h.entry.ID)] = owner(id)
			}
			s.idx.remap(to)
		}
		s.merges++
	})
	return err == nil, err
}

// readAllRows decodes every row of an extent as batches in ingest.Schema
// column order.
func readAllRows(r *extent.Reader) ([]*value.Batch, error) {
	meta := r.Meta()
	cols := make([]int, len(ingest.Schema))
	for i, c := range ingest.Schema {
		cols[i] = columnIndex(meta, c.Name)
		if cols[i] < 0 {
			return nil, fmt.Errorf("extent has no %s column", c.Name)
		}
	}
	out := make([]*value.Batch, 0, len(meta.Blocks))
	for b := range meta.Blocks {
		batch, err := r.ReadBlock(b, extent.ReadRequest{Columns: cols})
		if err != nil {
			return nil, err
		}
		out = append(out, batch)
	}
	return out, nil
}
