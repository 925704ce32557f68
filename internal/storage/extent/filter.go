package extent

import "math"

// Term filters are Bloom filters over the terms of a block's values, the
// terms Kusto's has operator matches: maximal runs of ASCII letters and
// digits, lower-cased (internal/fn.TermMatcher uses the same definition).
// Bytes >= 0x80 separate terms, as they do for has.
//
// A term's hash h is FNV-1a (64-bit) over its lower-cased bytes followed by
// the murmur3 finalizer (FNV alone mixes its high bits poorly, and the
// probes use both halves). A filter of m bits (a multiple of 64) with k
// probes sets the bits uint64(uint32(h1+i*h2))*m>>32 for i < k, where
// h1 = uint32(h) and h2 = uint32(h>>32)|1: double hashing, so one hash
// gives every probe.

const (
	// filterBitsPerTerm gives about a 1% false-positive rate when the
	// filter is not capped.
	filterBitsPerTerm = 10
	// filterMaxProbes bounds k (the optimum for 10 bits/term is 7).
	filterMaxProbes = 7
	// filterCacheSize is the number of recent term hashes remembered to
	// skip the set insert for the many repeated terms of log text.
	filterCacheSize = 4096
)

// termSet collects the distinct term hashes of one slot in one block in an
// open-addressing hash set (a Go map costs three times as much here, and
// this is the writer's hottest loop). It is reused from block to block by
// one encoding worker.
type termSet struct {
	slots []uint64 // 0 is empty
	zero  bool     // the set holds the hash 0
	n     int
	cache [filterCacheSize]uint64
}

func newTermSet() *termSet { return &termSet{slots: make([]uint64, 1024)} }

func (ts *termSet) reset() {
	if ts.n > 0 {
		clear(ts.cache[:])
		// Each slot has its own set: keep a table its last block filled
		// reasonably, but do not keep clearing one much too big.
		if len(ts.slots) > 4096 && ts.n*8 < len(ts.slots) {
			ts.slots = make([]uint64, 1024)
		} else {
			clear(ts.slots)
		}
	}
	ts.n, ts.zero = 0, false
}

func (ts *termSet) insert(h uint64) {
	if h == 0 {
		if !ts.zero {
			ts.zero = true
			ts.n++
		}
		return
	}
	mask := uint64(len(ts.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch ts.slots[i] {
		case h:
			return
		case 0:
			ts.slots[i] = h
			ts.n++
			if ts.n*2 > len(ts.slots) {
				ts.grow()
			}
			return
		}
	}
}

func (ts *termSet) grow() {
	old := ts.slots
	ts.slots = make([]uint64, 2*len(old))
	mask := uint64(len(ts.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for ts.slots[i] != 0 {
			i = (i + 1) & mask
		}
		ts.slots[i] = h
	}
}

// isTermByte marks ASCII letters and digits.
var isTermByte = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	return t
}()

// lowerASCII maps ASCII upper-case letters to lower case.
var lowerASCII = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fmix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// termHash is the hash of a term, lower-casing as it goes.
func termHash(term string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(term); i++ {
		h ^= uint64(lowerASCII[term[i]])
		h *= fnvPrime
	}
	return fmix64(h)
}

// add inserts the terms of s.
func (ts *termSet) add(s string) { ts.addText(s, false) }

// addSkeleton inserts the terms of a skeleton, skipping placeholders (their
// index byte may be a letter).
func (ts *termSet) addSkeleton(s string) { ts.addText(s, true) }

func (ts *termSet) addText(s string, skel bool) {
	i := 0
	for i < len(s) {
		if !isTermByte[s[i]] {
			if skel && s[i] == placeholder {
				i++
			}
			i++
			continue
		}
		h := uint64(fnvOffset)
		for ; i < len(s) && isTermByte[s[i]]; i++ {
			h ^= uint64(lowerASCII[s[i]])
			h *= fnvPrime
		}
		h = fmix64(h)
		if c := &ts.cache[h%filterCacheSize]; *c != h {
			*c = h
			ts.insert(h)
		}
	}
}

// merge inserts every hash of o.
func (ts *termSet) merge(o *termSet) {
	for _, h := range o.slots {
		if h != 0 {
			ts.insert(h)
		}
	}
	if o.zero {
		ts.insert(0)
	}
}

// build returns the filter bytes and probe count for the collected terms,
// with at most maxBits bits; nil when there are no terms.
func (ts *termSet) build(maxBits int) ([]byte, uint8) {
	n := ts.n
	if n == 0 {
		return nil, 0
	}
	m := min(n*filterBitsPerTerm, maxBits)
	m = max(64, (m+63)/64*64)
	k := int(math.Round(float64(m) / float64(n) * math.Ln2))
	k = max(1, min(k, filterMaxProbes))
	bits := make([]byte, m/8)
	set := func(h uint64) {
		h1, h2 := uint32(h), uint32(h>>32)|1
		for i := range k {
			x := uint64(h1+uint32(i)*h2) * uint64(m) >> 32
			bits[x>>3] |= 1 << (x & 7)
		}
	}
	for _, h := range ts.slots {
		if h != 0 {
			set(h)
		}
	}
	if ts.zero {
		set(0)
	}
	return bits, uint8(k)
}

// filterHas reports whether the filter may hold the term with hash h.
func filterHas(bits []byte, k uint8, h uint64) bool {
	m := uint64(len(bits)) * 8
	h1, h2 := uint32(h), uint32(h>>32)|1
	for i := range uint32(k) {
		x := uint64(h1+i*h2) * m >> 32
		if bits[x>>3]&(1<<(x&7)) == 0 {
			return false
		}
	}
	return true
}

// needleHashes returns the hashes of a has-needle's terms, or ok=false when
// the filter cannot rule anything out: no terms (an empty needle matches
// everything), or non-ASCII bytes (case-insensitive has then folds Unicode,
// which may match terms the filter stored differently).
func needleHashes(needle string) (hs []uint64, ok bool) {
	i := 0
	for i < len(needle) {
		if needle[i] >= 0x80 {
			return nil, false
		}
		if !isTermByte[needle[i]] {
			i++
			continue
		}
		j := i + 1
		for j < len(needle) && isTermByte[needle[j]] {
			j++
		}
		hs = append(hs, termHash(needle[i:j]))
		i = j
	}
	return hs, len(hs) > 0
}
