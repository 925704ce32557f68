package fn

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Case-insensitive comparison follows .NET's ordinal ignore-case, which
// Kusto uses: two characters are equal when their upper-case forms are.
// ASCII is handled byte by byte without allocating; other text falls back to
// a rune-by-rune comparison. A non-ASCII character never equals an ASCII one
// here, so an ASCII needle can be searched for bytewise; .NET differs only
// for U+017F 'ſ' and U+0131 'ı', which it upper-cases to 'S' and 'I'.

// strLowerASCII maps A-Z to a-z and every other byte to itself.
var strLowerASCII [256]byte

// strIsTermByte marks the bytes that make up a Kusto term: ASCII letters and
// digits. Every other byte, including all bytes of multi-byte UTF-8
// sequences, separates terms.
var strIsTermByte [256]bool

func init() {
	for i := range strLowerASCII {
		b := byte(i)
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		strLowerASCII[i] = b
	}
	for c := '0'; c <= '9'; c++ {
		strIsTermByte[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		strIsTermByte[c] = true
		strIsTermByte[c-'a'+'A'] = true
	}
}

// strIsASCII reports whether s has only 7-bit bytes.
func strIsASCII(s string) bool {
	// Eight bytes at a time: the common case is long ASCII text.
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if strLoad64(s, i)&0x8080808080808080 != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// strFoldRuneEq reports whether two runes are equal ignoring case.
func strFoldRuneEq(a, b rune) bool {
	if a == b {
		return true
	}
	if a < utf8.RuneSelf && b < utf8.RuneSelf {
		return strLowerASCII[a] == strLowerASCII[b]
	}
	if a < utf8.RuneSelf || b < utf8.RuneSelf {
		return false
	}
	return unicode.ToUpper(a) == unicode.ToUpper(b)
}

// strEqualFoldASCIIBytes compares two strings of equal length, folding ASCII
// letters and comparing all other bytes exactly. Eight bytes are compared
// at a time.
func strEqualFoldASCIIBytes(a, b string) bool {
	i := 0
	for ; i+8 <= len(a); i += 8 {
		wa, wb := strLoad64(a, i), strLoad64(b, i)
		if wa != wb && strLower64(wa) != strLower64(wb) {
			return false
		}
	}
	for ; i < len(a); i++ {
		if a[i] != b[i] && strLowerASCII[a[i]] != strLowerASCII[b[i]] {
			return false
		}
	}
	return true
}

// strLoad64 reads eight bytes of s at i, little-endian (the compiler turns
// this into one load).
func strLoad64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// strLower64 lowers the ASCII upper-case letters among eight bytes at once:
// a byte gets 0x20 added when it lies in 'A'..'Z'.
func strLower64(w uint64) uint64 {
	const ones = 0x0101010101010101
	low7 := w & (0x7f * ones)
	geA := low7 + (0x80-'A')*ones   // high bit set where the byte >= 'A'
	gtZ := low7 + (0x80-'Z'-1)*ones // high bit set where the byte > 'Z'
	upper := geA &^ gtZ &^ w & (0x80 * ones)
	return w | upper>>2
}

// EqualFold reports whether a and b are equal ignoring case, as Kusto's =~
// compares strings.
func EqualFold(a, b string) bool {
	if len(a) == len(b) {
		// Eight bytes at a time; any non-ASCII byte in a differing chunk
		// sends the comparison to the rune-by-rune path.
		i := 0
		for ; i+8 <= len(a); i += 8 {
			wa, wb := strLoad64(a, i), strLoad64(b, i)
			if wa == wb {
				continue
			}
			if (wa|wb)&0x8080808080808080 != 0 {
				return strEqualFoldRunes(a, b)
			}
			if strLower64(wa) != strLower64(wb) {
				return false
			}
		}
		for ; i < len(a); i++ {
			ca, cb := a[i], b[i]
			if ca == cb {
				continue
			}
			if ca >= utf8.RuneSelf || cb >= utf8.RuneSelf {
				return strEqualFoldRunes(a, b)
			}
			if strLowerASCII[ca] != strLowerASCII[cb] {
				return false
			}
		}
		return true
	}
	// Different lengths can only be equal through non-ASCII folding.
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := a[i], b[i]
		if ca >= utf8.RuneSelf || cb >= utf8.RuneSelf {
			return strEqualFoldRunes(a[i:], b[i:])
		}
		if ca != cb && strLowerASCII[ca] != strLowerASCII[cb] {
			return false
		}
	}
	return false
}

func strEqualFoldRunes(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if !strFoldRuneEq(ra, rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b == ""
}

// strPrefixFold reports whether s starts with prefix ignoring case, and the
// length in bytes of the matching part of s (which may differ from
// len(prefix) for non-ASCII text).
func strPrefixFold(s, prefix string) (int, bool) {
	i := 0
	for ; i < len(prefix); i++ {
		if i >= len(s) {
			return 0, false
		}
		cs, cp := s[i], prefix[i]
		if cs >= utf8.RuneSelf || cp >= utf8.RuneSelf {
			n, ok := strPrefixFoldRunes(s[i:], prefix[i:])
			return i + n, ok
		}
		if cs != cp && strLowerASCII[cs] != strLowerASCII[cp] {
			return 0, false
		}
	}
	return i, true
}

func strPrefixFoldRunes(s, prefix string) (int, bool) {
	used := 0
	for prefix != "" {
		if s == "" {
			return 0, false
		}
		rs, ns := utf8.DecodeRuneInString(s)
		rp, np := utf8.DecodeRuneInString(prefix)
		if !strFoldRuneEq(rs, rp) {
			return 0, false
		}
		s, prefix = s[ns:], prefix[np:]
		used += ns
	}
	return used, true
}

// strHasPrefixFold reports whether s starts with prefix ignoring case.
func strHasPrefixFold(s, prefix string) bool {
	if len(prefix) <= len(s) && strIsASCII(prefix) {
		return strEqualFoldASCIIBytes(s[:len(prefix)], prefix)
	}
	_, ok := strPrefixFold(s, prefix)
	return ok
}

// strHasSuffixFold reports whether s ends with suffix ignoring case.
func strHasSuffixFold(s, suffix string) bool {
	if strIsASCII(suffix) {
		return len(suffix) <= len(s) && strEqualFoldASCIIBytes(s[len(s)-len(suffix):], suffix)
	}
	// Walk back over as many runes as suffix has and compare from there.
	n := utf8.RuneCountInString(suffix)
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	if n > 0 {
		return false
	}
	return strEqualFoldRunes(s[i:], suffix)
}

// strFoldNeedle is a needle prepared for case-insensitive searches. Building
// one does not allocate: the comparison folds both sides, so the needle is
// kept as given.
//
// An ASCII needle is searched for by one of its bytes, the anchor, chosen to
// be rare in log text: candidates are found with strings.IndexByte (SIMD) and
// then verified. A letter anchor needs both of its cases; the two searches
// run independently and their positions are kept between candidates, so
// each byte of the haystack is scanned at most once per case.
type strFoldNeedle struct {
	s      string
	ascii  bool
	anchor int  // index of the anchor byte in s
	a0, a1 byte // the anchor's lower- and upper-case forms (equal for non-letters)
}

// strByteRarity scores how common a byte is in log text; the anchor is the
// needle byte with the lowest score. Letters count twice because they are
// searched for in both cases.
var strByteRarity [256]uint8

func init() {
	// Letters from most to least frequent in English-like text.
	const letters = "etaoinsrhldcumfpgwybvkxjqz"
	for i := 0; i < len(letters); i++ {
		r := uint8(2 * (len(letters) - i + 10))
		strByteRarity[letters[i]] = r
		strByteRarity[letters[i]-('a'-'A')] = r
	}
	for c := '0'; c <= '9'; c++ {
		strByteRarity[c] = 30
	}
	for _, c := range " /.-_:=,\"" {
		strByteRarity[c] = 40
	}
}

func strMakeFoldNeedle(s string) strFoldNeedle {
	n := strFoldNeedle{s: s, ascii: strIsASCII(s)}
	if !n.ascii || s == "" {
		return n
	}
	best := 0
	for i := 1; i < len(s); i++ {
		if strByteRarity[s[i]] < strByteRarity[s[best]] {
			best = i
		}
	}
	n.anchor = best
	n.a0 = strLowerASCII[s[best]]
	n.a1 = n.a0
	if n.a0 >= 'a' && n.a0 <= 'z' {
		n.a1 = n.a0 - ('a' - 'A')
	}
	return n
}

// strFoldScan iterates over the occurrences of an ASCII needle in one
// haystack, remembering where the anchor searches stand.
type strFoldScan struct {
	n      *strFoldNeedle
	h      string
	lo, up int // next anchor positions per case; -2 unknown, -1 none left
}

func (n *strFoldNeedle) scan(h string) strFoldScan {
	return strFoldScan{n: n, h: h, lo: -2, up: -2}
}

// next returns the start of the first occurrence at or after from, or -1.
// Successive calls must not move from backwards.
func (sc *strFoldScan) next(from int) int {
	n, h := sc.n, sc.h
	k := len(n.s)
	last := len(h) - k // last possible start
	ai := n.anchor
	for from <= last {
		qmin, qmax := from+ai, last+ai // range of anchor positions
		var q int
		if n.a0 == n.a1 {
			j := strings.IndexByte(h[qmin:qmax+1], n.a0)
			if j < 0 {
				return -1
			}
			q = qmin + j
		} else {
			if sc.lo != -1 && sc.lo < qmin {
				sc.lo = strNextByte(h, qmin, qmax, n.a0)
			}
			if sc.up != -1 && sc.up < qmin {
				sc.up = strNextByte(h, qmin, qmax, n.a1)
			}
			switch {
			case sc.lo < 0 && sc.up < 0:
				return -1
			case sc.lo < 0:
				q = sc.up
			case sc.up < 0:
				q = sc.lo
			default:
				q = min(sc.lo, sc.up)
			}
		}
		p := q - ai
		if strEqualFoldASCIIBytes(h[p:p+k], n.s) {
			return p
		}
		from = p + 1
	}
	return -1
}

// index returns the byte span [start, end) of the first occurrence of the
// needle in h at or after byte offset from, ignoring case; start is -1 when
// there is none.
func (n *strFoldNeedle) index(h string, from int) (int, int) {
	if !n.ascii {
		return strIndexFoldRunes(h, n.s, from)
	}
	if n.s == "" {
		return from, from
	}
	sc := n.scan(h)
	p := sc.next(from)
	if p < 0 {
		return -1, -1
	}
	return p, p + len(n.s)
}

// strNextByte returns the position of the first c in h[i:last+1], or -1.
func strNextByte(h string, i, last int, c byte) int {
	j := strings.IndexByte(h[i:last+1], c)
	if j < 0 {
		return -1
	}
	return i + j
}

// strIndexFoldRunes is the general case-insensitive search for non-ASCII
// needles: try each rune boundary of h in turn.
func strIndexFoldRunes(h, needle string, from int) (int, int) {
	if needle == "" {
		return from, from
	}
	r0, _ := utf8.DecodeRuneInString(needle)
	for i := from; i < len(h); {
		r, size := utf8.DecodeRuneInString(h[i:])
		if strFoldRuneEq(r, r0) {
			if k, ok := strPrefixFoldRunes(h[i:], needle); ok {
				return i, i + k
			}
		}
		i += size
	}
	return -1, -1
}

// ContainsFold reports whether sub occurs in s ignoring case, as Kusto's
// contains operator does.
func ContainsFold(s, sub string) bool {
	n := strMakeFoldNeedle(sub)
	i, _ := n.index(s, 0)
	return i >= 0
}
