// Package storage is harrier's durable store for CloudAuditEvents: a
// write-ahead log (package wal) makes every Append durable before it
// returns, a memtable keeps the rows since the last flush, flushes turn the
// memtable into immutable, time-sorted column extents (package extent), a
// background goroutine merges small extents and drops those older than the
// retention, and a manifest file is the single commit point that says
// which extents exist. ReportId deduplicates retried batches. See
// docs/storage.md for the directory layout and the recovery rules.
package storage

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/harrier-sec/harrier/internal/ingest"
	"github.com/harrier-sec/harrier/internal/storage/extent"
	"github.com/harrier-sec/harrier/internal/storage/wal"
	"github.com/harrier-sec/harrier/internal/value"
)

// FormatVersion is the version of the data directory layout, written to
// its VERSION file. Open refuses directories of any other version.
const FormatVersion = 1

// Options configure a store. Zero values mean the defaults.
type Options struct {
	// Dir is the data directory; it is created if missing.
	Dir string
	// Retention is how long events are kept (default 30 days): an extent
	// whose newest event is older than Now()-Retention is dropped whole.
	Retention time.Duration
	// FlushRows is the memtable size in rows that triggers a flush to an
	// extent (default 1<<20).
	FlushRows int
	// MergeBelowRows is the size in rows under which extents are merged
	// with their neighbours in time in the background (default 1<<18).
	MergeBelowRows int
	// NoSync skips every fsync. Tests and benchmarks only: a crash of the
	// machine can then lose acknowledged events.
	NoSync bool
	// Now is the clock retention is measured by (default time.Now).
	Now func() time.Time
}

func (o Options) withDefaults() Options {
	if o.Retention <= 0 {
		o.Retention = 30 * 24 * time.Hour
	}
	if o.FlushRows <= 0 {
		o.FlushRows = 1 << 20
	}
	if o.MergeBelowRows <= 0 {
		o.MergeBelowRows = 1 << 18
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// ErrClosed is returned by the methods of a closed store.
var ErrClosed = errors.New("storage: store is closed")

// AppendResult says what an Append stored.
type AppendResult struct {
	Added      int // events stored
	Duplicates int // events skipped because their ReportId was already stored (or repeated in the batch)
}

// Stats describe the store at one moment.
type Stats struct {
	Extents      int
	ExtentRows   int64
	ExtentBytes  int64 // size of the extent files
	MemtableRows int   // rows not yet in an extent (including a flush in progress)
	Rows         int64 // ExtentRows + MemtableRows
	WALBytes     int64
	BytesOnDisk  int64 // ExtentBytes + WALBytes
	IndexBytes   int64 // memory of the ReportId index (0 until the first Append)
	Flushes      int64 // since Open
	Merges       int64 // since Open
	Dropped      int64 // extents dropped by retention since Open
	// BackgroundErr is the last error of a background flush, merge or
	// drop, nil once one succeeds again.
	BackgroundErr error
	// Recovery says what Open found.
	Recovery RecoveryStats
}

// RecoveryStats describe what Open repaired and replayed.
type RecoveryStats struct {
	WALRecords  int   // WAL records replayed into the memtable
	WALRows     int   // rows those records added
	TornBytes   int64 // damaged WAL tail cut off (a crash mid-write)
	OrphanFiles int   // files in extents/ not in the manifest, deleted
}

// extentHandle is one extent file known to the store. The live set holds
// one reference and every snapshot that lists the extent holds another;
// the reader is closed, and the file deleted if the extent was dropped
// from the manifest, when the last reference goes.
type extentHandle struct {
	entry   extentEntry
	path    string
	r       *extent.Reader
	refs    int  // guarded by Store.mu
	dropped bool // no longer in the manifest; guarded by Store.mu
}

// inflight is a batch admitted by the dedup check whose WAL write has not
// finished: its ReportIds are in the index (so a concurrent retry waits
// for it) but its rows are not yet in the memtable.
type inflight struct {
	events []*ingest.Event
}

// Store is an open data directory. Its methods are safe for concurrent
// use.
type Store struct {
	opts    Options
	dir     string
	extDir  string
	walDir  string
	lock    *os.File
	wal     *wal.Log
	syncing bool

	// gate orders appends against the flush cut: Append holds it shared
	// from the dedup check until its rows are in the memtable, and the
	// flush takes it exclusively to freeze the memtable and rotate the WAL
	// together, so every record in a segment before the cut has its rows
	// in the frozen memtable and none in the new one.
	gate sync.RWMutex
	// flushMu makes flushes one at a time.
	flushMu sync.Mutex
	// maintMu makes merges and retention one at a time.
	maintMu sync.Mutex
	// manMu serializes manifest edits; the slow part of a flush or merge
	// (writing the extent) happens before it is taken.
	manMu sync.Mutex
	man   *manifest // guarded by manMu

	mu        sync.Mutex
	cond      *sync.Cond // broadcast when an in-flight batch or a flush attempt ends
	closed    bool
	nextID    uint64
	live      []*extentHandle
	byID      map[uint32]*extentHandle
	mem       *memtable
	frozen    *memtable // being flushed; nil otherwise
	flushing  bool      // an extent write for frozen is in progress
	inflight  map[*inflight]struct{}
	waiters   int      // appenders waiting on cond
	idx       *idIndex // nil until the first Append needs it
	seen      map[string]struct{}
	flushes   int64
	recovery  RecoveryStats
	merges    int64
	dropped   int64
	bgErr     error
	recBufs   sync.Pool
	kick      chan struct{}
	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
	// maintainEvery is the period of background merges and retention.
	maintainEvery time.Duration
}

// owner is an extent or memtable id as the ReportId index stores it. Ids
// grow by one per flush and merge, so 32 bits last for billions of them.
func owner(id uint64) uint32 { return uint32(id) }

// Open opens the data directory (creating it if needed), recovers from any
// crash (see docs/storage.md §Recovery) and replays the WAL into the
// memtable.
func Open(opts Options) (*Store, error) {
	opts = opts.withDefaults()
	if opts.Dir == "" {
		return nil, errors.New("storage: no data directory given")
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create data directory: %w", err)
	}
	lock, err := lockDir(filepath.Join(opts.Dir, lockName))
	if err != nil {
		return nil, err
	}
	s := &Store{
		opts:          opts,
		dir:           opts.Dir,
		extDir:        filepath.Join(opts.Dir, extentsDir),
		walDir:        filepath.Join(opts.Dir, walDirName),
		lock:          lock,
		syncing:       !opts.NoSync,
		byID:          map[uint32]*extentHandle{},
		inflight:      map[*inflight]struct{}{},
		seen:          map[string]struct{}{},
		kick:          make(chan struct{}, 1),
		maintainEvery: maintainEvery,
		stop:          make(chan struct{}),
		done:          make(chan struct{}),
	}
	s.cond = sync.NewCond(&s.mu)
	if err := s.recover(); err != nil {
		for _, h := range s.live {
			h.r.Close()
		}
		if s.wal != nil {
			s.wal.Close()
		}
		lock.Close()
		return nil, err
	}
	go s.background()
	if s.mem.rows >= opts.FlushRows {
		s.poke()
	}
	return s, nil
}

func (s *Store) recover() error {
	if err := checkVersion(s.dir, s.syncing); err != nil {
		return err
	}
	man, err := readManifest(s.dir)
	if err != nil {
		return err
	}
	s.man = man
	for _, d := range []string{s.extDir, s.walDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("cannot create %s: %w", d, err)
		}
	}
	os.Remove(filepath.Join(s.dir, manifestName+".tmp"))
	if err := s.removeOrphans(); err != nil {
		return err
	}
	for _, e := range man.Extents {
		path := filepath.Join(s.extDir, extentName(e.ID))
		r, err := extent.Open(path)
		if err != nil {
			return fmt.Errorf("cannot open extent %s listed in the manifest: %w", path, err)
		}
		h := &extentHandle{entry: e, path: path, r: r, refs: 1}
		s.live = append(s.live, h)
		s.byID[owner(e.ID)] = h
	}
	s.nextID = man.NextID
	s.mem = newMemtable(s.allocID())

	// Replay before wal.Open: the torn tail, if any, is then at the end of
	// the last segment, where Replay expects it.
	seen := map[string]struct{}{}
	rst, err := wal.Replay(s.walDir, man.WALFrom, func(seg uint64, rec []byte) error {
		events, err := decodeEvents(rec)
		if err != nil {
			return fmt.Errorf("cannot decode WAL record in segment %d: %w", seg, err)
		}
		for _, e := range events {
			// A batch whose WAL write failed may have reached the disk and
			// then been retried; keep the first copy.
			if e.ReportId != "" {
				if _, dup := seen[e.ReportId]; dup {
					continue
				}
				seen[e.ReportId] = struct{}{}
			}
			s.mem.add(e)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("cannot replay the write-ahead log in %s: %w", s.walDir, err)
	}
	s.recovery.WALRecords, s.recovery.WALRows, s.recovery.TornBytes = rst.Records, s.mem.rows, rst.TornBytes
	s.wal, err = wal.Open(s.walDir, wal.Options{NoSync: s.opts.NoSync})
	if err != nil {
		return err
	}
	// New records must land at or after WALFrom, or the next recovery
	// would skip them. Segments are never all deleted (the one a flush
	// rotated to stays), so this fails only if wal/ was emptied by hand.
	if seg := s.wal.Segment(); seg < man.WALFrom {
		return fmt.Errorf("the write-ahead log in %s is behind the manifest (segment %d, manifest expects %d or later): WAL files were removed", s.walDir, seg, man.WALFrom)
	}
	// Segments before WALFrom are in extents already; a crash between a
	// flush's manifest commit and its WAL truncation leaves them behind.
	return s.wal.TruncateBefore(man.WALFrom)
}

// checkVersion reads dir/VERSION, or writes it into a new directory.
func checkVersion(dir string, sync bool) error {
	data, err := os.ReadFile(filepath.Join(dir, versionName))
	if err == nil {
		v, perr := strconv.Atoi(strings.TrimSpace(string(data)))
		if perr != nil {
			return fmt.Errorf("data directory %s has an unreadable VERSION file (%q)", dir, data)
		}
		if v != FormatVersion {
			return fmt.Errorf("data directory %s has storage format version %d; this harrier reads only version %d", dir, v, FormatVersion)
		}
		return nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot read VERSION of data directory %s: %w", dir, err)
	}
	// Recovery deletes files it does not know, so never adopt a directory
	// that holds anything but our own lock (a mistyped --data-dir).
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("cannot list data directory: %w", err)
	}
	for _, e := range ents {
		if n := e.Name(); n != lockName && n != versionName+".tmp" {
			return fmt.Errorf("%s is not empty and has no VERSION file: not a harrier data directory", dir)
		}
	}
	return writeFileAtomic(dir, versionName, []byte(strconv.Itoa(FormatVersion)+"\n"), sync)
}

// removeOrphans deletes files in extents/ that the manifest does not list:
// extents written by a flush or merge that crashed before its manifest
// commit, temporary files, and extents replaced by a merge or dropped by
// retention whose deletion a crash interrupted.
func (s *Store) removeOrphans() error {
	liveIDs := map[uint64]bool{}
	for _, e := range s.man.Extents {
		liveIDs[e.ID] = true
	}
	ents, err := os.ReadDir(s.extDir)
	if err != nil {
		return fmt.Errorf("cannot list %s: %w", s.extDir, err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		if id, ok := parseExtentName(e.Name()); ok && liveIDs[id] {
			continue
		}
		if err := os.Remove(filepath.Join(s.extDir, e.Name())); err != nil {
			return fmt.Errorf("cannot remove orphaned extent file: %w", err)
		}
		s.recovery.OrphanFiles++
	}
	return nil
}

// allocID returns a fresh extent id; the caller holds mu or is alone.
func (s *Store) allocID() uint64 {
	id := s.nextID
	s.nextID++
	return id
}

// Append stores events durably: it returns after their WAL record is
// fsynced. Events whose ReportId is already stored (within retention), or
// repeated earlier in the batch, are skipped and counted as duplicates, so
// retrying a batch after an error or a crash stores each event once.
// Events with an empty ReportId are never deduplicated. Append does not
// keep events but keeps the strings and dynamic values they point to.
func (s *Store) Append(events []*ingest.Event) (AppendResult, error) {
	if len(events) == 0 {
		return AppendResult{}, nil
	}
	s.backpressure()
	s.gate.RLock()
	defer s.gate.RUnlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return AppendResult{}, ErrClosed
	}
	if s.idx == nil {
		if err := s.buildIndexLocked(); err != nil {
			s.mu.Unlock()
			return AppendResult{}, err
		}
	}
	accepted, hashes, dups, err := s.admitLocked(events)
	if err != nil || len(accepted) == 0 {
		s.mu.Unlock()
		return AppendResult{Duplicates: dups}, err
	}
	fl := &inflight{events: accepted}
	s.inflight[fl] = struct{}{}
	memID := owner(s.mem.id)
	s.mu.Unlock()

	bufp, _ := s.recBufs.Get().(*[]byte)
	if bufp == nil {
		bufp = new([]byte)
	}
	*bufp = encodeEvents((*bufp)[:0], accepted)
	err = s.wal.Append(*bufp)
	if cap(*bufp) <= 16<<20 {
		s.recBufs.Put(bufp)
	}

	s.mu.Lock()
	delete(s.inflight, fl)
	if err != nil {
		for _, h := range hashes {
			if h != 0 {
				s.idx.remove(h, memID)
			}
		}
	} else {
		for _, e := range accepted {
			s.mem.add(e)
		}
	}
	if s.waiters > 0 {
		s.cond.Broadcast()
	}
	full := s.mem.rows >= s.opts.FlushRows
	s.mu.Unlock()
	if err != nil {
		return AppendResult{Duplicates: dups}, fmt.Errorf("cannot append to the write-ahead log: %w", err)
	}
	if full {
		s.poke()
	}
	return AppendResult{Added: len(accepted), Duplicates: dups}, nil
}

// backpressure holds appenders back while a flush is writing and the
// memtable is full again: ingestion faster than flushing would otherwise
// grow memory without bound, and a deeper buffer would not make the
// flushes, which are the bottleneck then, any faster. So at most about
// 2×FlushRows rows are in memory. A failed flush releases the appenders
// (the error is in Stats), so a full disk stalls nothing forever.
func (s *Store) backpressure() {
	s.mu.Lock()
	for s.flushing && s.mem.rows >= s.opts.FlushRows && !s.closed {
		s.waiters++
		s.cond.Wait()
		s.waiters--
	}
	s.mu.Unlock()
}

// admitLocked decides which events are new, reserves their ReportIds in
// the index under the current memtable, and returns them with their
// hashes (0 for an empty ReportId). It waits when a ReportId belongs to a
// batch still being written, since that batch may yet fail.
func (s *Store) admitLocked(events []*ingest.Event) (accepted []*ingest.Event, hashes []uint64, dups int, err error) {
	const (
		stNew = iota
		stDup
		stCand
	)
	status := make([]uint8, len(events))
	hs := make([]uint64, len(events))
	var owners []uint32
	for {
		clear(s.seen)
		dups = 0
		var cands []candidate
		for i, e := range events {
			id := e.ReportId
			status[i], hs[i] = stNew, 0
			if id == "" {
				continue
			}
			if _, ok := s.seen[id]; ok {
				status[i] = stDup
				dups++
				continue
			}
			s.seen[id] = struct{}{}
			hs[i] = hashID(id)
			owners = s.idx.lookup(hs[i], owners[:0])
			if len(owners) > 0 {
				status[i] = stCand
				cands = append(cands, candidate{id: id, ts: e.Timestamp, owners: slices.Clone(owners)})
			}
		}
		if len(cands) > 0 {
			found, wait, err := s.confirmLocked(cands)
			if err != nil {
				return nil, nil, 0, err
			}
			if wait {
				s.waiters++
				s.cond.Wait()
				s.waiters--
				continue
			}
			for i, e := range events {
				if status[i] == stCand {
					if found[e.ReportId] {
						status[i] = stDup
						dups++
					} else {
						status[i] = stNew
					}
				}
			}
		}
		break
	}
	memID := owner(s.mem.id)
	for i, e := range events {
		if status[i] != stNew {
			continue
		}
		accepted = append(accepted, e)
		hashes = append(hashes, hs[i])
		if hs[i] != 0 {
			s.idx.insert(hs[i], memID)
		}
	}
	return accepted, hashes, dups, nil
}

// candidate is an event whose ReportId hash is in the index.
type candidate struct {
	id     string
	ts     int64
	owners []uint32
}

// confirmLocked compares the candidates' ReportIds with the strings their
// owners hold, so a hash collision never drops an event. Hits are rare
// (retried batches), so a scan of the owner's ReportIds is cheap overall;
// for an extent, blocks whose time range covers the candidate's timestamp
// are read first, which is where a retried event is. wait is true when a
// ReportId is held only by a batch still being written.
func (s *Store) confirmLocked(cands []candidate) (found map[string]bool, wait bool, err error) {
	byOwner := map[uint32]map[string]int64{}
	for _, c := range cands {
		for _, o := range c.owners {
			if byOwner[o] == nil {
				byOwner[o] = map[string]int64{}
			}
			byOwner[o][c.id] = c.ts
		}
	}
	found = map[string]bool{}
	scanMem := func(m *memtable, want map[string]int64) {
		m.eachReportID(func(id string) bool {
			if _, ok := want[id]; ok {
				found[id] = true
				delete(want, id)
			}
			return len(want) > 0
		})
	}
	for o, want := range byOwner {
		switch {
		case o == owner(s.mem.id):
			scanMem(s.mem, want)
			for fl := range s.inflight {
				for _, e := range fl.events {
					if _, ok := want[e.ReportId]; ok {
						wait = true
					}
				}
			}
		case s.frozen != nil && o == owner(s.frozen.id):
			scanMem(s.frozen, want)
		default:
			h := s.byID[o]
			if h == nil {
				panic(fmt.Sprintf("BUG: ReportId index names owner %d, which holds no rows", o))
			}
			if err := scanExtentIDs(h.r, want, found); err != nil {
				return nil, false, fmt.Errorf("cannot check ReportIds in %s: %w", h.path, err)
			}
		}
	}
	return found, wait, nil
}

// scanExtentIDs marks in found the ReportIds of want that r holds,
// reading the blocks whose time range covers a wanted timestamp first and
// stopping as soon as every one is found.
func scanExtentIDs(r *extent.Reader, want map[string]int64, found map[string]bool) error {
	meta := r.Meta()
	rc, tc := columnIndex(meta, "ReportId"), columnIndex(meta, "Timestamp")
	if rc < 0 {
		return errors.New("extent has no ReportId column")
	}
	var first, rest []int
	for b, bm := range meta.Blocks {
		hinted := false
		if tc >= 0 {
			st := bm.Columns[tc]
			if !st.Min.Null && !st.Max.Null {
				for _, ts := range want {
					if ts >= st.Min.I && ts <= st.Max.I {
						hinted = true
						break
					}
				}
			}
		}
		if hinted {
			first = append(first, b)
		} else {
			rest = append(rest, b)
		}
	}
	for _, b := range append(first, rest...) {
		if len(want) == 0 {
			return nil
		}
		batch, err := r.ReadBlock(b, extent.ReadRequest{Columns: []int{rc}})
		if err != nil {
			return err
		}
		v := batch.Cols[0]
		for i := 0; i < batch.Len; i++ {
			id := v.Str(i)
			if _, ok := want[id]; ok {
				found[id] = true
				delete(want, id)
			}
		}
	}
	return nil
}

func columnIndex(m *extent.Meta, name string) int {
	for i, c := range m.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// buildIndexLocked fills the ReportId index from every extent and the
// memtable. It runs on the first Append rather than in Open, so that
// commands that only query never read every ReportId nor hold the index.
func (s *Store) buildIndexLocked() error {
	total := s.mem.rows
	if s.frozen != nil {
		total += s.frozen.rows
	}
	for _, h := range s.live {
		total += h.entry.Rows
	}
	idx := newIDIndex(total + total/8)
	for _, h := range s.live {
		meta := h.r.Meta()
		rc := columnIndex(meta, "ReportId")
		if rc < 0 {
			return fmt.Errorf("extent %s has no ReportId column", h.path)
		}
		o := owner(h.entry.ID)
		for b := range meta.Blocks {
			batch, err := h.r.ReadBlock(b, extent.ReadRequest{Columns: []int{rc}})
			if err != nil {
				return fmt.Errorf("cannot read ReportIds of %s: %w", h.path, err)
			}
			v := batch.Cols[0]
			for i := 0; i < batch.Len; i++ {
				if id := v.Str(i); id != "" {
					idx.insert(hashID(id), o)
				}
			}
		}
	}
	for _, m := range []*memtable{s.frozen, s.mem} {
		if m == nil {
			continue
		}
		o := owner(m.id)
		m.eachReportID(func(id string) bool {
			if id != "" {
				idx.insert(hashID(id), o)
			}
			return true
		})
	}
	s.idx = idx
	return nil
}

// Flush writes the memtable to a new extent now.
func (s *Store) Flush() error {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	return s.flush()
}

// flush cuts the memtable and WAL together, writes the frozen rows as an
// extent, commits it in the manifest with the WAL position after the cut,
// and only then deletes the WAL segments it replaces. A crash at any step
// leaves either the WAL records or the committed extent, never neither.
func (s *Store) flush() error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	// A frozen memtable is left by a failed attempt: finish it first.
	if s.frozen == nil {
		s.gate.Lock()
		s.mu.Lock()
		if s.mem.rows == 0 {
			s.mu.Unlock()
			s.gate.Unlock()
			return nil
		}
		seg, err := s.wal.Rotate()
		if err != nil {
			s.mu.Unlock()
			s.gate.Unlock()
			return fmt.Errorf("cannot rotate the write-ahead log: %w", err)
		}
		m := s.mem
		m.walTo = seg
		m.seal()
		s.frozen = m
		s.mem = newMemtable(s.allocID())
		s.mu.Unlock()
		s.gate.Unlock()
	}
	s.mu.Lock()
	m := s.frozen
	s.flushing = true
	s.mu.Unlock()
	err := s.writeFrozen(m)
	s.mu.Lock()
	s.flushing = false
	s.cond.Broadcast()
	s.mu.Unlock()
	if err != nil {
		return err
	}
	// The segments are garbage now; if this fails, Open deletes them.
	return s.wal.TruncateBefore(m.walTo)
}

func (s *Store) writeFrozen(m *memtable) error {
	h, err := s.writeExtent(m.id, m.full, m.rows)
	if err != nil {
		return err
	}
	return s.commit(func(nm *manifest) { nm.WALFrom = m.walTo }, []*extentHandle{h}, nil, func() {
		s.frozen = nil
		s.flushes++
	})
}

// writeExtent writes rows as extent id, makes the file durable and opens
// it.
func (s *Store) writeExtent(id uint64, batches []*value.Batch, rows int) (*extentHandle, error) {
	path := filepath.Join(s.extDir, extentName(id))
	meta, err := extent.Write(path, ingest.Schema, batches, extent.WriteOptions{})
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("cannot write extent %s: %w", path, err)
	}
	if meta.Rows != rows {
		panic(fmt.Sprintf("BUG: extent %s has %d rows, %d were written", path, meta.Rows, rows))
	}
	// extent.Write has fsynced the file and its directory entry, so the
	// manifest may name it.
	r, err := extent.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the extent just written: %w", err)
	}
	return &extentHandle{
		entry: extentEntry{ID: id, Rows: meta.Rows, MinTime: meta.MinTime, MaxTime: meta.MaxTime, Bytes: meta.Bytes},
		path:  path,
		r:     r,
		refs:  1,
	}, nil
}

// commit writes a manifest with add listed and remove gone (plus edit),
// then installs the same change in memory along with apply, under mu so
// that snapshots see the state before or after, whole. On error nothing
// changes in memory; files of add are left for Open to delete, since a
// failure after the rename could mean the manifest on disk names them.
func (s *Store) commit(edit func(*manifest), add, remove []*extentHandle, apply func()) error {
	s.manMu.Lock()
	defer s.manMu.Unlock()
	gone := map[uint64]bool{}
	for _, h := range remove {
		gone[h.entry.ID] = true
	}
	nm := &manifest{WALFrom: s.man.WALFrom}
	for _, e := range s.man.Extents {
		if !gone[e.ID] {
			nm.Extents = append(nm.Extents, e)
		}
	}
	for _, h := range add {
		nm.Extents = append(nm.Extents, h.entry)
	}
	if edit != nil {
		edit(nm)
	}
	s.mu.Lock()
	nm.NextID = s.nextID
	s.mu.Unlock()
	if err := writeManifest(s.dir, nm, s.syncing); err != nil {
		for _, h := range add {
			h.r.Close()
		}
		return err
	}
	s.man = nm
	var closing []*extentHandle
	s.mu.Lock()
	s.live = slices.DeleteFunc(s.live, func(h *extentHandle) bool { return gone[h.entry.ID] })
	for _, h := range remove {
		delete(s.byID, owner(h.entry.ID))
		h.dropped = true
		if h.refs--; h.refs == 0 {
			closing = append(closing, h)
		}
	}
	for _, h := range add {
		s.live = append(s.live, h)
		s.byID[owner(h.entry.ID)] = h
	}
	if apply != nil {
		apply()
	}
	s.mu.Unlock()
	closeHandles(closing)
	return nil
}

// closeHandles closes unreferenced extents and deletes the files of those
// no longer in the manifest.
func closeHandles(hs []*extentHandle) {
	for _, h := range hs {
		h.r.Close()
		if h.dropped {
			// Failure leaves an orphan that the next Open deletes.
			os.Remove(h.path)
		}
	}
}

// Stats returns counts and sizes of the store.
func (s *Store) Stats() Stats {
	var st Stats
	s.mu.Lock()
	st.Extents = len(s.live)
	for _, h := range s.live {
		st.ExtentRows += int64(h.entry.Rows)
		st.ExtentBytes += h.entry.Bytes
	}
	st.MemtableRows = s.mem.rows
	if s.frozen != nil {
		st.MemtableRows += s.frozen.rows
	}
	if s.idx != nil {
		st.IndexBytes = s.idx.bytes()
	}
	st.Flushes, st.Merges, st.Dropped, st.BackgroundErr = s.flushes, s.merges, s.dropped, s.bgErr
	st.Recovery = s.recovery
	s.mu.Unlock()
	st.Rows = st.ExtentRows + int64(st.MemtableRows)
	if ents, err := os.ReadDir(s.walDir); err == nil {
		for _, e := range ents {
			if info, err := e.Info(); err == nil {
				st.WALBytes += info.Size()
			}
		}
	}
	st.BytesOnDisk = st.ExtentBytes + st.WALBytes
	return st
}

// Close stops background work, flushes the memtable and closes the WAL.
// Snapshots taken before stay readable until released.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		// Under the gate no Append is between its WAL write and its
		// memtable insert, so the flush below sees every acknowledged row.
		s.gate.Lock()
		s.mu.Lock()
		s.closed = true
		s.cond.Broadcast()
		s.mu.Unlock()
		s.gate.Unlock()
		close(s.stop)
		<-s.done
		err := s.flush()
		err = errors.Join(err, s.wal.Close())
		s.mu.Lock()
		var closing []*extentHandle
		for _, h := range s.live {
			if h.refs--; h.refs == 0 {
				closing = append(closing, h)
			}
		}
		s.mu.Unlock()
		closeHandles(closing)
		err = errors.Join(err, s.lock.Close())
		s.closeErr = err
	})
	return s.closeErr
}
