package fn

import (
	"math"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestMathReal(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxR(1.6094379124341003), "log", fxL(5))
	f(fxR(math.Inf(-1)), "log", fxL(0))
	f(fxNull(value.Real), "log", fxL(-1))
	f(fxNull(value.Real), "log", fxNull(value.Real))
	f(fxR(3), "log2", fxL(8))
	f(fxR(2), "log10", fxR(100))
	// Correctly rounded, as the C runtime's log10 Kusto uses; math.Log10 is one ulp off.
	f(fxR(0.69897000433601886), "log10", fxL(5))
	f(fxR(-1), "log10", fxR(0.1))
	f(fxR(3), "log10", fxL(1000))
	f(fxR(300), "log10", fxR(1e300))
	f(fxR(math.Inf(-1)), "log10", fxL(0))
	f(fxNull(value.Real), "log10", fxL(-1))
	f(fxR(3), "sqrt", fxL(9))
	f(fxNull(value.Real), "sqrt", fxR(-4))
	f(fxR(1), "exp", fxL(0))
	f(fxR(8), "exp2", fxL(3))
	f(fxR(1000), "exp10", fxL(3))
	f(fxR(8), "pow", fxL(2), fxL(3))
	f(fxR(0.5), "pow", fxL(2), fxR(-1))
	f(fxNull(value.Real), "pow", fxNull(value.Long), fxL(3))
	f(fxR(math.Pi), "pi")
	f(fxR(-1), "sign", fxL(-42))
	f(fxR(0), "sign", fxL(0))
	f(fxR(1), "sign", fxR(0.5))
	f(fxR(2), "sqrt", fxD(`4`)) // dynamic numbers convert
	f(fxNull(value.Real), "sqrt", fxD(`"4"`))
}

func TestMathPredicates(t *testing.T) {
	f := func(x value.Value, nan, inf, finite bool) {
		t.Helper()
		fxExpect(t, fxB(nan), "isnan", x)
		fxExpect(t, fxB(inf), "isinf", x)
		fxExpect(t, fxB(finite), "isfinite", x)
	}
	f(fxR(fxNaN), true, false, false)
	f(fxR(math.Inf(1)), false, true, false)
	f(fxR(math.Inf(-1)), false, true, false)
	f(fxR(1), false, false, true)
	f(fxL(1), false, false, true)
	fxExpect(t, fxNull(value.Bool), "isnan", fxNull(value.Real))
}

func TestAbsCeilingRound(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxL(5), "abs", fxI(-5))
	f(fxL(5), "abs", fxL(-5))
	f(fxR(2.5), "abs", fxR(-2.5))
	f(fxDec(2.5), "abs", fxDec(-2.5))
	f(fxTS("1h"), "abs", fxTS("-01:00:00"))
	f(fxNull(value.Long), "abs", fxNull(value.Long))
	f(fxR(26), "ceiling", fxR(25.43))
	f(fxR(-25), "ceiling", fxR(-25.43))
	f(fxL(7), "ceiling", fxL(7))
	f(fxI(7), "ceiling", fxI(7))

	f(fxR(2.988), "round", fxR(2.98765), fxL(3))
	f(fxR(2.2), "round", fxR(2.15), fxL(1))
	f(fxR(2), "round", fxR(2.15))
	f(fxR(-100), "round", fxR(-50.55), fxL(-2))
	f(fxR(20), "round", fxR(21.5), fxL(-1))
	f(fxR(3), "round", fxR(2.5))
	f(fxR(-3), "round", fxR(-2.5))
	f(fxL(1300), "round", fxL(1250), fxL(-2))
	f(fxL(-1300), "round", fxL(-1250), fxL(-2))
	f(fxL(1234), "round", fxL(1234), fxL(2))
	f(fxI(1200), "round", fxI(1234), fxL(-2))
	f(fxNull(value.Real), "round", fxNull(value.Real), fxL(1))
	f(fxNull(value.Real), "round", fxR(1.5), fxNull(value.Long))
	fxCheckErr(t, "abs", value.String)
	fxCheckErr(t, "round", value.DateTime)
	fxCheckErr(t, "pow", value.Long, value.String)
}

func TestRand(t *testing.T) {
	for k := 0; k < 50; k++ {
		x := fxCall(t, "rand")
		if x.T != value.Real || x.F < 0 || x.F >= 1 {
			t.Fatalf("rand() = %s", fxShow(x))
		}
		y := fxCall(t, "rand", fxL(10))
		if y.F < 0 || y.F > 9 || y.F != math.Trunc(y.F) {
			t.Fatalf("rand(10) = %s", fxShow(y))
		}
	}
	if !Lookup("rand").Volatile || !Lookup("new_guid").Volatile || Lookup("now").Volatile {
		t.Error("rand and new_guid must be volatile, now must not be")
	}
}

func TestMinMaxOf(t *testing.T) {
	f := func(want value.Value, name string, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
	f(fxL(17), "max_of", fxL(10), fxL(1), fxL(-3), fxL(17))
	f(fxL(-3), "min_of", fxL(10), fxL(1), fxL(-3), fxL(17))
	f(fxI(6), "max_of", fxI(1), fxI(6))
	f(fxI(2), "max_of", fxNull(value.Int), fxI(2))
	f(fxI(1), "max_of", fxI(1), fxNull(value.Int))
	f(fxNull(value.Int), "max_of", fxNull(value.Int), fxNull(value.Int))
	f(fxR(2.5), "max_of", fxL(2), fxR(2.5))
	f(fxR(2), "min_of", fxL(2), fxR(2.5))
	f(fxS("b"), "max_of", fxS("a"), fxS("b"))
	f(fxDT("2024-01-02"), "max_of", fxDT("2024-01-01"), fxDT("2024-01-02"))
	f(fxTS("1h"), "min_of", fxTS("1h"), fxTS("2h"))
	fxCheckErr(t, "max_of", value.Long, value.String)
	fxCheckErr(t, "max_of", value.Dynamic, value.Dynamic)
}

func TestBin(t *testing.T) {
	f := func(want value.Value, args ...value.Value) {
		t.Helper()
		fxExpect(t, want, "bin", args...)
		fxExpect(t, want, "floor", args...)
	}
	f(fxR(4), fxR(4.5), fxL(1))
	f(fxR(24), fxR(25.73), fxL(4))
	f(fxL(6), fxL(7), fxL(2))
	f(fxL(-8), fxL(-7), fxL(2))
	f(fxI(6), fxI(7), fxI(2))
	f(fxR(6), fxL(7), fxR(2))
	f(fxR(-2), fxR(-1.5), fxL(1))
	f(fxTS("14d"), fxTS("16d"), fxTS("7d"))
	f(fxDT("1970-05-11"), fxDT("1970-05-11T13:45:07"), fxTS("1d"))
	f(fxDT("2024-01-15T10:00:00"), fxDT("2024-01-15T10:59:59.9999999"), fxTS("1h"))
	f(fxDT("2024-01-15"), fxDT("2024-01-17"), fxTS("7d")) // 7d bins start on Mondays
	f(fxNull(value.Long), fxL(7), fxL(0))
	f(fxNull(value.Long), fxL(7), fxL(-2))
	f(fxNull(value.Real), fxR(7), fxR(-2))
	f(fxNull(value.DateTime), fxNull(value.DateTime), fxTS("1h"))
	f(fxNull(value.DateTime), fxDT("2024-01-01"), fxNull(value.TimeSpan))
	fxCheckErr(t, "bin", value.DateTime, value.Long)
	fxCheckErr(t, "bin", value.String, value.Long)
	fxCheckErr(t, "bin", value.Long, value.TimeSpan)
}

// TestBinColumn exercises the column fast path of bin: a long column, a
// constant size, nulls and a selection vector.
func TestBinColumn(t *testing.T) {
	in := value.NewVector(value.DateTime, 5)
	for i, s := range []string{"2024-01-01T00:59:00", "2024-01-01T01:00:00", "", "2024-01-01T02:30:00", "0001-01-01"} {
		if s == "" {
			in.SetNull(i)
			continue
		}
		in.I[i] = fxMustDT(s)
	}
	size := value.ConstVector(fxTS("1h"))
	want := []string{"2024-01-01T00:00:00.0000000Z", "2024-01-01T01:00:00.0000000Z", "", "2024-01-01T02:00:00.0000000Z", "0001-01-01T00:00:00.0000000Z"}
	for _, sel := range [][]int32{nil, {0, 2, 3}} {
		out := Lookup("bin").Eval(&Context{}, []*value.Vector{in, size}, 5, sel)
		rows := []int{0, 1, 2, 3, 4}
		if sel != nil {
			rows = []int{0, 2, 3}
		}
		for _, i := range rows {
			if got := out.Get(i).String(); got != want[i] {
				t.Errorf("sel %v row %d: got %q, want %q", sel, i, got, want[i])
			}
		}
	}
	neg := value.NewVector(value.Long, 3)
	copy(neg.I, []int64{-7, 7, -1})
	out := Lookup("bin").Eval(&Context{}, []*value.Vector{neg, value.ConstVector(fxL(5))}, 3, nil)
	if out.I[0] != -10 || out.I[1] != 5 || out.I[2] != -5 {
		t.Errorf("bin of negatives = %v", out.I)
	}
}

func TestBinAt(t *testing.T) {
	f := func(want value.Value, args ...value.Value) { t.Helper(); fxExpect(t, want, "bin_at", args...) }
	f(fxR(4.5), fxR(6.5), fxR(2.5), fxL(7))
	f(fxTS("-12:00:00"), fxTS("1h"), fxTS("1d"), fxTS("12h"))
	f(fxDT("2017-05-14T12:00:00"), fxDT("2017-05-15 10:20:00"), fxTS("1d"), fxDT("1970-01-01 12:00:00"))
	f(fxDT("2017-05-14"), fxDT("2017-05-17 10:20:00"), fxTS("7d"), fxDT("2017-06-04"))
	f(fxDT("2018-02-23T15:14:00"), fxDT("2018-02-24T15:13:00"), fxTS("1d"), fxDT("2018-02-24T15:14:00"))
	f(fxL(10), fxL(12), fxL(5), fxL(0))
	f(fxL(11), fxL(12), fxL(5), fxL(1))
	f(fxNull(value.Long), fxL(12), fxL(0), fxL(1))
	fxCheckErr(t, "bin_at", value.DateTime, value.TimeSpan, value.Long)
}
