package storage

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// manifest is the store's commit point: the extents it lists are the
// extents, whatever else lies in extents/. It is small and rewritten whole
// (temp file, fsync, rename, fsync dir) on every flush, merge and drop, so
// each of those is atomic: a crash leaves either the old or the new list.
type manifest struct {
	// NextID is the id the next extent or memtable gets; ids are never
	// reused, so a file left by a crash can never be mistaken for a live
	// extent of the same name.
	NextID uint64 `json:"next_id"`
	// WALFrom is the first WAL segment whose records are not in any listed
	// extent; recovery replays from there and deletes earlier segments.
	WALFrom uint64        `json:"wal_from"`
	Extents []extentEntry `json:"extents"`
}

// extentEntry is one live extent as the manifest lists it.
type extentEntry struct {
	ID      uint64 `json:"id"`
	Rows    int    `json:"rows"`
	MinTime int64  `json:"min_time"` // datetime ticks
	MaxTime int64  `json:"max_time"`
	Bytes   int64  `json:"bytes"`
}

const (
	manifestName = "MANIFEST"
	versionName  = "VERSION"
	lockName     = "LOCK"
	walDirName   = "wal"
	extentsDir   = "extents"
	extentSuffix = ".ext"
)

func extentName(id uint64) string { return fmt.Sprintf("%016d%s", id, extentSuffix) }

// parseExtentName returns the id of a file named by extentName.
func parseExtentName(name string) (uint64, bool) {
	s, ok := strings.CutSuffix(name, extentSuffix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseUint(s, 10, 64)
	return id, err == nil
}

func readManifest(dir string) (*manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if errors.Is(err, os.ErrNotExist) {
		return &manifest{NextID: 1}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("cannot parse manifest %s: %w", filepath.Join(dir, manifestName), err)
	}
	if m.NextID == 0 {
		m.NextID = 1
	}
	return &m, nil
}

func writeManifest(dir string, m *manifest, sync bool) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("cannot encode manifest: %w", err)
	}
	return writeFileAtomic(dir, manifestName, append(data, '\n'), sync)
}

// writeFileAtomic replaces dir/name with data so that a crash leaves the
// old or the new content, never a mix: rename is atomic, and the fsyncs
// order the data before the rename and the rename before our return.
func writeFileAtomic(dir, name string, data []byte, sync bool) error {
	tmp := filepath.Join(dir, name+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("cannot create %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	if sync {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("cannot fsync %s: %w", name, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot close %s: %w", name, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("cannot install %s: %w", name, err)
	}
	if sync {
		return syncDir(dir)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("cannot open directory for fsync: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("cannot fsync directory %s: %w", dir, err)
	}
	return nil
}
