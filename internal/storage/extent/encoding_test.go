package extent

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/harrier-sec/harrier/internal/value"
)

// fakeDec serves the columns an encoding refers to.
type fakeDec struct {
	time []int64
	strs map[int][]string
}

func (f fakeDec) timeColumn() ([]int64, error)         { return f.time, nil }
func (f fakeDec) stringColumn(c int) ([]string, error) { return f.strs[c], nil }

// TestStringEncodings checks that each string encoding is chosen where it
// should be and decodes to the input, nulls and exceptions included.
func TestStringEncodings(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 1000
	times := make([]int64, n)
	ref := make([]string, n)
	for i := range n {
		times[i] = tsBase + int64(i)*value.TicksPerSecond + r.Int64N(value.TicksPerSecond)
		ref[i] = randUUID(r, false)
	}
	gen := func(f func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	f := func(name string, vals []string, nullEvery int, wantEnc byte, wantNested byte) {
		t.Helper()
		cv := &colVals{t: value.String, s: vals}
		if nullEvery > 0 {
			cv.null = make([]bool, n)
			for i := 0; i < n; i += nullEvery {
				cv.null[i] = true
				cv.s[i] = ""
			}
		}
		ctx := newEncCtx()
		ctx.time = times
		ctx.strCols = map[int][]string{3: ref, 4: gen(func(int) string { return "constant" })}
		chunk := ctx.encodeChunk(nil, cv, n)
		p := 1
		if chunk[0]&chunkHasNulls != 0 {
			p += (n + 7) / 8
		}
		if chunk[p] != wantEnc {
			t.Errorf("%s: encoding %d, want %d", name, chunk[p], wantEnc)
		}
		o, err := decodeChunk(chunk, value.String, n, fakeDec{time: times, strs: ctx.strCols})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := gocmp.Diff(vals, o.s); d != "" {
			t.Errorf("%s: decoded differently (-want +got):\n%s", name, d)
		}
		for i := range n {
			if o.isNull(i) != (nullEvery > 0 && i%nullEvery == 0) {
				t.Fatalf("%s: row %d null = %v", name, i, o.isNull(i))
			}
		}
		if wantNested != 0 { // only encStrRef here: col, bitmap, then the nested payload
			nn := n
			if nullEvery > 0 {
				nn -= (n + nullEvery - 1) / nullEvery
			}
			_, k := binary.Uvarint(chunk[p+1:])
			if q := p + 1 + k + (nn+7)/8; chunk[q] != wantNested {
				t.Errorf("%s: nested encoding %d, want %d", name, chunk[q], wantNested)
			}
		}
	}
	f("plain", gen(func(int) string { return fmt.Sprint(r.Float64()) }), 0, encStrPlain, 0)
	f("dict", gen(func(int) string { return words[r.IntN(5)] }), 7, encStrDict, 0)
	f("dict>256", gen(func(i int) string { return fmt.Sprintf("value-%d-padding-padding", r.IntN(300)) }), 0, encStrDict, 0)
	f("uuid", gen(func(int) string { return randUUID(r, false) }), 0, encStrUUID, 0)
	f("uuid upper", gen(func(int) string { return randUUID(r, true) }), 3, encStrUUID, 0)
	f("uuid+exceptions", gen(func(i int) string {
		if i%25 == 0 {
			return randUUID(r, false) + "/ResponseStarted"
		}
		return randUUID(r, false)
	}), 0, encStrUUID, 0)
	for layout := range layoutTrimmed + 1 {
		f(fmt.Sprintf("time layout %d", layout), gen(func(i int) string {
			return string(appendTimeText(nil, times[i]-r.Int64N(1e5), layout))
		}), 5, encStrTime, 0)
	}
	f("time delta", gen(func(i int) string { return string(appendTimeText(nil, tsBase+int64(i)*1e9, 7)) }), 0, encStrTime, 0)
	f("ref+uuid exceptions", gen(func(i int) string {
		if i%10 == 0 {
			return randUUID(r, false)
		}
		return ref[i]
	}), 9, encStrRef, encStrUUID)
	f("ref+time exceptions", gen(func(i int) string {
		if i%10 == 0 {
			return string(appendTimeText(nil, times[i], 6))
		}
		return "constant"
	}), 0, encStrRef, encStrTime)
	f("empty", gen(func(int) string { return "" }), 0, encStrPlain, 0)
}

// TestIntEncodings checks constant, delta and frame-of-reference ints.
func TestIntEncodings(t *testing.T) {
	f := func(name string, vals []int64, want byte) {
		t.Helper()
		chunk := newEncCtx().encodeChunk(nil, &colVals{t: value.Long, i: vals}, len(vals))
		if chunk[1] != want {
			t.Errorf("%s: encoding %d, want %d", name, chunk[1], want)
		}
		o, err := decodeChunk(chunk, value.Long, len(vals), fakeDec{})
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(vals, o.i); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	f("const", []int64{5, 5, 5}, encIntConst)
	f("delta", []int64{1e17, 1e17 + 3, 1e17 + 9, 1e17 + 20}, encIntDelta)
	f("for", []int64{100, 1, 100, 1, 100}, encIntFOR)
	f("extremes", []int64{math.MinInt64, math.MaxInt64, 0, math.MinInt64}, encIntDelta)
}

func TestTimeText(t *testing.T) {
	f := func(s string, ok bool) {
		t.Helper()
		ticks, d, got := parseTimeText(s)
		if got != ok {
			t.Fatalf("parseTimeText(%q) ok = %v", s, got)
		}
		if !ok {
			return
		}
		if back := string(appendTimeText(nil, ticks, d)); back != s {
			t.Errorf("%q -> %d digits %d -> %q", s, ticks, d, back)
		}
		if vt := value.TicksFromTime(value.TimeFromTicks(ticks)); vt != ticks {
			t.Errorf("%q: ticks %d disagree with package value (%d)", s, ticks, vt)
		}
	}
	f("2026-11-16T12:00:13.327069Z", true)
	f("2026-11-16T12:00:00.0000000Z", true)
	f("2026-11-16T12:00:00Z", true)
	f("0001-01-01T00:00:00Z", true)
	f("9999-12-31T23:59:59.9999999Z", true)
	f("2024-02-29T01:02:03.100000000Z", true)
	f("2024-02-29T01:02:03.100000001Z", false) // below 100ns
	f("2024-02-29T01:02:03+01:00", false)
	f("2024-13-01T00:00:00Z", false)
	f("not a time at all....Z", false)
}

// TestLookupText compares lookupText with Lookup wherever it answers.
func TestLookupText(t *testing.T) {
	texts := []string{
		`{"a":{"b":[1,{"c":"x\"y"},[2,3]],"d":null},"e":"s","f":1.50,"g":-0,"h":true,"i":{}}`,
		`{ "a" : { "b" : [ 1 , { "c" : "z" } ] } , "e" : [ ] }`,
		`{"a":1,"a":2}`, `{"a\u0062":1}`, `[{"a":1},{"a":2}]`, `"str"`, `12`, `{"a":{"b":1}}x`,
		`{"a":"\u00e9\n","b":1e999,"c":[]}`, `{"[0]":5,"":6}`, `{"a":[[],[[1]]]}`,
	}
	paths := []Path{{"a"}, {"a", "b"}, {"a", "b", "[0]"}, {"a", "b", "[1]", "c"}, {"a", "b", "[2]", "[1]"}, {"a", "b", "[3]"},
		{"a", "d"}, {"a", "d", "x"}, {"e"}, {"e", "[0]"}, {"f"}, {"g"}, {"h"}, {"i"}, {"i", "x"}, {"[0]"}, {"[1]", "a"}, {"ab"},
		{"b"}, {"c"}, {"a", "[1]", "[0]", "[0]"}, {""}, {"a", "[-1]"}, {"zz"}}
	answered := 0
	for _, text := range texts {
		d := dynOfText(text)
		for _, p := range paths {
			tok, found, ok := lookupText(text, p)
			if !ok {
				continue
			}
			answered++
			var got *value.Dyn
			if found {
				got = dynOfText(tok)
			}
			want := lookupPath(d, p)
			if got.Kind() != want.Kind() || got.JSON() != want.JSON() {
				t.Errorf("%s in %s: lookupText gives %s, Lookup %s", p, text, got.JSON(), want.JSON())
			}
		}
	}
	if answered < 100 {
		t.Errorf("lookupText answered only %d lookups", answered)
	}
}
