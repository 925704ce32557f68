package fn

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// strNaiveTerm is the definition of the has family written out plainly, to
// check the fast matcher against.
func strNaiveTerm(h, n string, mode TermMode, cs bool) bool {
	if n == "" {
		return true
	}
	hh, nn := h, n
	if !cs {
		hh, nn = strings.ToLower(h), strings.ToLower(n)
	}
	for i := 0; i+len(nn) <= len(hh); i++ {
		if hh[i:i+len(nn)] != nn {
			continue
		}
		startOK := !strIsTermByte[n[0]] || mode == TermSuffix || i == 0 || !strIsTermByte[h[i-1]]
		e := i + len(nn)
		endOK := !strIsTermByte[n[len(n)-1]] || mode == TermPrefix || e == len(h) || !strIsTermByte[h[e]]
		if startOK && endOK {
			return true
		}
	}
	return false
}

func TestFoldSearchRandomized(t *testing.T) {
	// Small alphabets make many near-misses; compare with the naive
	// definitions on ASCII text.
	r := rand.New(rand.NewPCG(7, 11))
	const alphabet = "aAbBxX-_ 1."
	word := func(max int) string {
		b := make([]byte, r.IntN(max+1))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for it := 0; it < 20000; it++ {
		h, n := word(24), word(4)
		if got, want := ContainsFold(h, n), strings.Contains(strings.ToLower(h), strings.ToLower(n)); got != want {
			t.Fatalf("ContainsFold(%q, %q) = %v, want %v", h, n, got, want)
		}
		for _, mode := range []TermMode{TermWhole, TermPrefix, TermSuffix} {
			for _, cs := range []bool{false, true} {
				m := NewTermMatcher(n, mode, cs)
				if got, want := m.Match(h), strNaiveTerm(h, n, mode, cs); got != want {
					t.Fatalf("mode %d cs %v: match(%q, %q) = %v, want %v", mode, cs, h, n, got, want)
				}
			}
		}
		if got, want := EqualFold(h, n), strings.EqualFold(h, n); got != want {
			t.Fatalf("EqualFold(%q, %q) = %v, want %v", h, n, got, want)
		}
	}
}

func TestFoldAnchorChoice(t *testing.T) {
	f := func(needle string, anchor byte) {
		t.Helper()
		n := strMakeFoldNeedle(needle)
		if got := strLowerASCII[needle[n.anchor]]; got != anchor {
			t.Errorf("anchor of %q = %q, want %q", needle, got, anchor)
		}
	}
	f("exec", 'x')
	f("system", 'y')
	f("kube-system", 'k')
	f("eee", 'e')
	f("a1", '1')
}

func TestLower64(t *testing.T) {
	// Every byte value in every lane folds like the byte table says.
	for c := 0; c < 256; c++ {
		for lane := 0; lane < 8; lane++ {
			w := uint64(c) << (8 * lane)
			want := uint64(strLowerASCII[c]) << (8 * lane)
			// Fill the other lanes with upper-case letters to catch carries.
			var fill, fillLow uint64
			for k := 0; k < 8; k++ {
				if k != lane {
					fill |= uint64('Q') << (8 * k)
					fillLow |= uint64('q') << (8 * k)
				}
			}
			if got := strLower64(w | fill); got != want|fillLow {
				t.Fatalf("strLower64(byte %#x in lane %d) = %#x, want %#x", c, lane, got, want|fillLow)
			}
		}
	}
}
