package fn

import (
	"math"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestBinaryFunctions(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxL(2), "binary_and", fxL(6), fxI(3))
	f(fxL(7), "binary_or", fxL(6), fxL(3))
	f(fxL(5), "binary_xor", fxL(6), fxL(3))
	f(fxL(-101), "binary_not", fxL(100))
	f(fxL(math.MinInt64), "binary_shift_left", fxL(1), fxL(63))
	f(fxL(1), "binary_shift_left", fxL(1), fxL(64))
	f(fxL(-1), "binary_shift_right", fxL(-1), fxL(10))
	f(fxNull(value.Long), "binary_shift_right", fxL(8), fxL(-1))
	f(fxNull(value.Long), "binary_or", fxNull(value.Long), fxL(1))
	f(fxL(3), "bitset_count_ones", fxL(42))
	f(fxL(2), "binary_and", fxR(6.9), fxL(3)) // reals truncate, as Kusto's implicit long conversion does
	fxCheckErr(t, "binary_and", value.String, value.Long)
}

func TestTrigAndGamma(t *testing.T) {
	f := func(want float64, name string, args ...value.Value) {
		t.Helper()
		fxExpect(t, fxR(want), name, args...)
	}
	f(math.Sin(1), "sin", fxL(1))
	f(math.Cos(2), "cos", fxR(2))
	f(math.Tan(0.5), "tan", fxR(0.5))
	f(math.Pi/2, "asin", fxL(1))
	f(math.Pi, "acos", fxL(-1))
	f(math.Pi/4, "atan", fxL(1))
	f(math.Pi/4, "atan2", fxL(1), fxL(1))
	f(45, "degrees", fxR(math.Pi/4))
	f(math.Pi, "radians", fxL(180))
	f(24, "gamma", fxL(5))
	f(math.Log(24), "loggamma", fxL(5))
	f(0, "loggamma", fxL(1))
	fxExpect(t, fxNull(value.Real), "asin", fxR(1.0001))
	fxExpect(t, fxNull(value.Real), "acos", fxL(-2))
	fxExpect(t, fxR(math.Inf(1)), "cot", fxL(0))
	fxCheckErr(t, "sin", value.String)
}

func TestHashCombineMany(t *testing.T) {
	h := func(v value.Value) value.Value { t.Helper(); return fxCall(t, "hash", v) }
	a, b := fxS("Hello"), fxL(42)
	want := fxCall(t, "hash_combine", h(a), h(b))
	fxExpect(t, want, "hash_many", a, b)
	if got := fxCall(t, "hash_combine", h(b), h(a)); got.I == want.I {
		t.Error("hash_combine ignores the order of its arguments")
	}
	fxExpect(t, fxNull(value.Long), "hash_combine", fxL(1), fxNull(value.Long))
	if got := fxCall(t, "hash_many", fxNull(value.Long), fxS("")); got.IsNull() {
		t.Error("hash_many of nulls is null")
	}
}

func TestFormatBytes(t *testing.T) {
	f := func(want string, args ...value.Value) { t.Helper(); fxExpect(t, fxS(want), "format_bytes", args...) }
	f("564 Bytes", fxL(564))
	f("10.1 KB", fxL(10332), fxL(1))
	f("19.08 MB", fxL(20010332), fxL(2))
	f("19541 KB", fxL(20010332), fxL(0), fxS("KB"))
	f("0 Bytes", fxL(0))
	f("8 EB", fxR(8*math.Pow(1024, 6)))
	f("8192 EB", fxR(8*math.Pow(1024, 7)))
	f("0.5 KB", fxL(512), fxL(3), fxS("kb"))
	f("1 KB", fxL(1024), fxL(-2))
	f("", fxR(math.NaN()))
	fxExpectRuntime(t, fxS(""), "format_bytes", fxL(1), fxL(0), fxS("XB"))
	fxCheckConstErr(t, "format_bytes", fxL(1), fxL(0), fxS("XB"))
}
