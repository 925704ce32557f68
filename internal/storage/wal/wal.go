// Package wal is a write-ahead log: records are appended to segment files
// and fsynced before Append returns, with concurrent appends sharing one
// fsync (group commit). Replay reads every record back in order; a torn or
// corrupt record at the tail of the last segment (a crash mid-write) is
// detected by its checksum and cut off, keeping everything before it.
package wal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Record framing: 4-byte little-endian payload length, 4-byte CRC-32C of
// the payload, then the payload.
const headerSize = 8

// MaxRecord bounds one record so that a corrupt length cannot make replay
// allocate without limit.
const MaxRecord = 256 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Options configure a log.
type Options struct {
	// SegmentSize is the size after which a new segment file is started.
	SegmentSize int64
	// NoSync skips fsync (tests and benchmarks of everything but durability).
	NoSync bool
}

// Log is an open write-ahead log. Its methods are safe for concurrent use.
type Log struct {
	dir  string
	opts Options

	mu      sync.Mutex
	cond    *sync.Cond
	f       *os.File
	seg     uint64 // number of the segment being written
	size    int64
	pending [][]byte
	waiters []chan error
	writing bool
	closed  bool
	err     error // sticky: a failed write or fsync poisons the log
}

// Open opens (creating if needed) the log in dir. Call Replay before
// appending to learn what the log holds; Open itself appends to a fresh
// segment so that a torn tail in an old one is never appended after.
func Open(dir string, opts Options) (*Log, error) {
	if opts.SegmentSize <= 0 {
		opts.SegmentSize = 64 << 20
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create WAL directory: %w", err)
	}
	segs, err := segments(dir)
	if err != nil {
		return nil, err
	}
	l := &Log{dir: dir, opts: opts}
	l.cond = sync.NewCond(&l.mu)
	next := uint64(1)
	if len(segs) > 0 {
		next = segs[len(segs)-1] + 1
	}
	if err := l.startSegment(next); err != nil {
		return nil, err
	}
	return l, nil
}

func segName(n uint64) string { return fmt.Sprintf("%016d.wal", n) }

// segments lists segment numbers in dir, ascending.
func segments(dir string) ([]uint64, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot list WAL directory: %w", err)
	}
	var out []uint64
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".wal")
		if !ok {
			continue
		}
		n, err := strconv.ParseUint(name, 10, 64)
		if err != nil {
			continue
		}
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

func (l *Log) startSegment(n uint64) error {
	f, err := os.OpenFile(filepath.Join(l.dir, segName(n)), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("cannot create WAL segment: %w", err)
	}
	if !l.opts.NoSync {
		if err := syncDir(l.dir); err != nil {
			f.Close()
			return err
		}
	}
	if l.f != nil {
		l.f.Close()
	}
	l.f, l.seg, l.size = f, n, 0
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("cannot open WAL directory for sync: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("cannot sync WAL directory: %w", err)
	}
	return nil
}

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("wal: log is closed")

// Append writes one record and returns once it is durable (fsynced), or
// with the error that kept it from being so. Appends from many goroutines
// are written and synced together.
func (l *Log) Append(rec []byte) error {
	if len(rec) > MaxRecord {
		return fmt.Errorf("wal: record of %d bytes exceeds the %d-byte limit", len(rec), MaxRecord)
	}
	done := make(chan error, 1)
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return ErrClosed
	}
	if l.err != nil {
		err := l.err
		l.mu.Unlock()
		return err
	}
	l.pending = append(l.pending, rec)
	l.waiters = append(l.waiters, done)
	if !l.writing {
		l.writing = true
		go l.commit()
	}
	l.mu.Unlock()
	return <-done
}

// commit writes pending records in rounds until none are left. Records
// that arrive while a round is being synced join the next round.
func (l *Log) commit() {
	l.mu.Lock()
	for len(l.pending) > 0 {
		recs, waiters := l.pending, l.waiters
		l.pending, l.waiters = nil, nil
		l.mu.Unlock()
		err := l.writeRound(recs)
		l.mu.Lock()
		if err != nil && l.err == nil {
			l.err = err
		}
		for _, w := range waiters {
			w <- err
		}
	}
	l.writing = false
	l.cond.Broadcast()
	l.mu.Unlock()
}

func (l *Log) writeRound(recs [][]byte) error {
	n := 0
	for _, r := range recs {
		n += headerSize + len(r)
	}
	buf := make([]byte, 0, n)
	for _, r := range recs {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(r)))
		buf = binary.LittleEndian.AppendUint32(buf, crc32.Checksum(r, castagnoli))
		buf = append(buf, r...)
	}
	if l.size > 0 && l.size+int64(len(buf)) > l.opts.SegmentSize {
		if err := l.startSegment(l.seg + 1); err != nil {
			return err
		}
	}
	if _, err := l.f.Write(buf); err != nil {
		return fmt.Errorf("cannot write WAL segment: %w", err)
	}
	l.size += int64(len(buf))
	if !l.opts.NoSync {
		if err := l.f.Sync(); err != nil {
			return fmt.Errorf("cannot fsync WAL segment: %w", err)
		}
	}
	return nil
}

// Segment returns the number of the segment now being written. Records
// appended later land in it or in later segments.
func (l *Log) Segment() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seg
}

// Rotate starts a new segment and returns its number: every record
// appended before Rotate returned lies in an earlier segment.
func (l *Log) Rotate() (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.writing {
		l.cond.Wait()
	}
	if l.err != nil {
		return 0, l.err
	}
	if err := l.startSegment(l.seg + 1); err != nil {
		return 0, err
	}
	return l.seg, nil
}

// TruncateBefore deletes the segments numbered below seg: their records
// are durable elsewhere (flushed to extents).
func (l *Log) TruncateBefore(seg uint64) error {
	segs, err := segments(l.dir)
	if err != nil {
		return err
	}
	for _, s := range segs {
		if s >= seg {
			break
		}
		if err := os.Remove(filepath.Join(l.dir, segName(s))); err != nil {
			return fmt.Errorf("cannot remove WAL segment: %w", err)
		}
	}
	if l.opts.NoSync {
		return nil
	}
	return syncDir(l.dir)
}

// Close waits for in-flight appends and closes the log.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.writing {
		l.cond.Wait()
	}
	if l.closed {
		return nil
	}
	l.closed = true
	return l.f.Close()
}

// ReplayStats says what Replay found.
type ReplayStats struct {
	Segments, Records int
	// TornBytes is the size of the damaged tail that was cut off (0 when
	// the log ended cleanly).
	TornBytes int64
}

// Replay calls f with every record of the log in dir, in append order,
// for segments numbered from seg on. A damaged record at the end of the
// last segment (a write cut short by a crash) ends the replay there and
// is truncated away; damage anywhere else is an error, because records
// after it were acknowledged.
func Replay(dir string, from uint64, f func(seg uint64, rec []byte) error) (ReplayStats, error) {
	var st ReplayStats
	segs, err := segments(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return st, nil
		}
		return st, err
	}
	// The tail that may be torn is the end of the last segment holding
	// anything: empty segments after it (a process that opened the log and
	// died before appending, or Open called before Replay) hold no
	// acknowledged record that the torn one could be hiding.
	lastData := len(segs) - 1
	for lastData > 0 {
		info, err := os.Stat(filepath.Join(dir, segName(segs[lastData])))
		if err != nil {
			return st, fmt.Errorf("cannot stat WAL segment: %w", err)
		}
		if info.Size() > 0 {
			break
		}
		lastData--
	}
	for i, s := range segs {
		if s < from {
			continue
		}
		last := i >= lastData
		st.Segments++
		n, torn, err := replaySegment(filepath.Join(dir, segName(s)), s, last, f)
		st.Records += n
		st.TornBytes += torn
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

func replaySegment(path string, seg uint64, last bool, f func(uint64, []byte) error) (n int, torn int64, err error) {
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, 0, fmt.Errorf("cannot open WAL segment: %w", err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return 0, 0, fmt.Errorf("cannot stat WAL segment: %w", err)
	}
	size := info.Size()
	var off int64
	hdr := make([]byte, headerSize)
	for off < size {
		bad := ""
		var rec []byte
		if size-off < headerSize {
			bad = "truncated record header"
		} else if _, err := file.ReadAt(hdr, off); err != nil {
			return n, 0, fmt.Errorf("cannot read WAL segment: %w", err)
		} else {
			ln := binary.LittleEndian.Uint32(hdr)
			sum := binary.LittleEndian.Uint32(hdr[4:])
			switch {
			case ln > MaxRecord:
				bad = "record length out of range"
			case off+headerSize+int64(ln) > size:
				bad = "truncated record"
			default:
				rec = make([]byte, ln)
				if _, err := file.ReadAt(rec, off+headerSize); err != nil && err != io.EOF {
					return n, 0, fmt.Errorf("cannot read WAL segment: %w", err)
				}
				if crc32.Checksum(rec, castagnoli) != sum {
					bad = "checksum mismatch"
				}
			}
		}
		if bad != "" {
			if !last {
				return n, 0, fmt.Errorf("WAL segment %s is damaged at offset %d (%s) before its end", filepath.Base(path), off, bad)
			}
			if err := file.Truncate(off); err != nil {
				return n, 0, fmt.Errorf("cannot cut the torn tail of the WAL: %w", err)
			}
			// Unsynced, the cut could be undone by a power loss after later
			// segments were written, and the old tail would then read as
			// damage in the middle of the log.
			if err := file.Sync(); err != nil {
				return n, 0, fmt.Errorf("cannot fsync the cut WAL segment: %w", err)
			}
			return n, size - off, nil
		}
		if err := f(seg, rec); err != nil {
			return n, 0, err
		}
		n++
		off += headerSize + int64(len(rec))
	}
	return n, 0, nil
}
