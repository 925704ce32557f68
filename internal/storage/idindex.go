package storage

import "github.com/cespare/xxhash/v2"

// idIndex maps the xxhash64 of every stored ReportId to the owner holding
// the row: an extent id, or the id of the memtable that will become that
// extent. It is an open-addressing table with linear probing in two flat
// arrays (12 bytes a slot), about half the memory of a Go map of the same
// entries, which matters at tens of millions of events.
//
// A hash is not proof: equal hashes of different ReportIds are possible
// (about n²/2^65 over n events, a few percent at a billion), and treating
// such a collision as a duplicate would silently drop an event. So the
// index only nominates owners; the store confirms a hit by comparing the
// strings held by that owner (see Store.confirm). Several entries may share
// a hash, one per distinct ReportId.
//
// idIndex is not safe for concurrent use; the store guards it with its
// mutex.
type idIndex struct {
	keys   []uint64 // 0 marks an empty slot
	owners []uint32
	n      int
}

// hashID returns the index key of a ReportId; 0 is reserved for empty
// slots.
func hashID(id string) uint64 {
	h := xxhash.Sum64String(id)
	if h == 0 {
		h = 1
	}
	return h
}

func newIDIndex(capacity int) *idIndex {
	size := 1024
	for size*3/4 < capacity {
		size *= 2
	}
	return &idIndex{keys: make([]uint64, size), owners: make([]uint32, size)}
}

func (x *idIndex) mask() uint64 { return uint64(len(x.keys) - 1) }

// lookup appends to dst the owners of entries with key h.
func (x *idIndex) lookup(h uint64, dst []uint32) []uint32 {
	m := x.mask()
	for i := h & m; x.keys[i] != 0; i = (i + 1) & m {
		if x.keys[i] == h {
			dst = append(dst, x.owners[i])
		}
	}
	return dst
}

// insert adds an entry; it does not check for an existing one.
func (x *idIndex) insert(h uint64, owner uint32) {
	if (x.n+1)*4 > len(x.keys)*3 {
		x.grow(len(x.keys) * 2)
	}
	m := x.mask()
	i := h & m
	for x.keys[i] != 0 {
		i = (i + 1) & m
	}
	x.keys[i], x.owners[i] = h, owner
	x.n++
}

func (x *idIndex) grow(size int) {
	old, oldOwners := x.keys, x.owners
	x.keys, x.owners, x.n = make([]uint64, size), make([]uint32, size), 0
	for i, h := range old {
		if h != 0 {
			x.insert(h, oldOwners[i])
		}
	}
}

// remove deletes one entry (h, owner), shifting later entries of the probe
// run back so lookups never stop at a hole (no tombstones to clean up).
func (x *idIndex) remove(h uint64, owner uint32) {
	m := x.mask()
	i := h & m
	for ; x.keys[i] != 0; i = (i + 1) & m {
		if x.keys[i] == h && x.owners[i] == owner {
			break
		}
	}
	if x.keys[i] == 0 {
		return
	}
	x.n--
	for {
		x.keys[i] = 0
		j := i
		for {
			j = (j + 1) & m
			if x.keys[j] == 0 {
				return
			}
			// The entry at j may move to i only if its home slot is not in
			// the cyclic range (i, j].
			home := x.keys[j] & m
			if (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j) {
				break
			}
		}
		x.keys[i], x.owners[i] = x.keys[j], x.owners[j]
		i = j
	}
}

// remap renames owners in place: the hash positions do not change, so a
// merge that replaces extents costs one pass and no rehashing.
func (x *idIndex) remap(to map[uint32]uint32) {
	for i, o := range x.owners {
		if x.keys[i] == 0 {
			continue
		}
		if n, ok := to[o]; ok {
			x.owners[i] = n
		}
	}
}

// drop removes every entry of the given owners by rebuilding the table,
// which retention does rarely enough that a rebuild beats per-entry
// deletes.
func (x *idIndex) drop(owners map[uint32]bool) {
	keep := 0
	for i, h := range x.keys {
		if h != 0 && !owners[x.owners[i]] {
			keep++
		}
	}
	y := newIDIndex(keep)
	for i, h := range x.keys {
		if h != 0 && !owners[x.owners[i]] {
			y.insert(h, x.owners[i])
		}
	}
	*x = *y
}

// bytes is the memory the table holds.
func (x *idIndex) bytes() int64 { return int64(len(x.keys)) * 12 }
