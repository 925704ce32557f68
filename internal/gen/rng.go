package gen

import "time"

// rng is splitmix64: tiny, fast, seedable and good enough for test data.
// Every rendered row gets its own rng from its item's seed, so rows can be
// rendered in parallel and in any order with identical results.
type rng struct{ s uint64 }

func newRNG(seed uint64) rng { return rng{s: seed ^ 0x5851f42d4c957f2d} }

func (r *rng) u64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n must be positive and below 2^32.
func (r *rng) intn(n int) int { return int((r.u64() >> 32 * uint64(n)) >> 32) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func (r *rng) float() float64 { return float64(r.u64()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// dur returns a duration in [lo, hi).
func (r *rng) dur(lo, hi time.Duration) int64 {
	return int64(lo) + int64(r.u64()%uint64(hi-lo))
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted returns an index drawn with the given cumulative weights.
func (r *rng) weighted(cum []float64) int {
	x := r.float() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	s := 0.0
	for i, x := range w {
		s += x
		out[i] = s
	}
	return out
}

const hexDigits = "0123456789abcdef"

// appendUUID appends a random (version 4) UUID.
func (r *rng) appendUUID(b []byte) []byte {
	x, y := r.u64(), r.u64()
	x = x&^(0xf<<12) | 0x4<<12 // version nibble
	y = y&^(0x3<<62) | 0x2<<62 // variant bits
	var u [16]byte
	for i := 0; i < 8; i++ {
		u[i] = byte(x >> (56 - 8*i))
		u[8+i] = byte(y >> (56 - 8*i))
	}
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

func (r *rng) uuid() string {
	var a [36]byte
	return string(r.appendUUID(a[:0]))
}

// k8sAlphabet is what Kubernetes uses for generated name suffixes
// (k8s.io/apimachinery/pkg/util/rand): no vowels, no ambiguous digits.
const k8sAlphabet = "bcdfghjklmnpqrstvwxz2456789"

// suffix returns n characters of a generated Kubernetes name.
func (r *rng) suffix(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = k8sAlphabet[r.intn(len(k8sAlphabet))]
	}
	return string(b)
}

// podHash returns a pod-template-hash like "5d8f7c9b6".
func (r *rng) podHash() string {
	n := 9 + r.intn(2)
	b := make([]byte, n)
	for i := range b {
		b[i] = k8sAlphabet[r.intn(len(k8sAlphabet))]
	}
	return string(b)
}

func (r *rng) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.intn(16)]
	}
	return string(b)
}

// mix derives an independent 64-bit value from a seed and a salt, for
// choices that planning and rendering must agree on without sharing state.
func mix(seed, salt uint64) uint64 {
	r := rng{s: seed ^ salt*0x9e3779b97f4a7c15}
	return r.u64()
}
