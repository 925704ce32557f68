package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestIff(t *testing.T) {
	for _, name := range []string{"iff", "iif"} {
		f := func(want value.Value, args ...value.Value) { t.Helper(); fxExpect(t, want, name, args...) }
		f(fxS("yes"), fxB(true), fxS("yes"), fxS("no"))
		f(fxS("no"), fxB(false), fxS("yes"), fxS("no"))
		f(fxS("no"), fxNull(value.Bool), fxS("yes"), fxS("no")) // null condition: else
		f(fxR(1), fxB(true), fxI(1), fxR(2.5))                  // int and real promote to real
		f(fxL(2), fxB(false), fxI(1), fxL(2))
		f(fxNull(value.Long), fxB(true), fxNull(value.Long), fxL(2))
		f(fxD(`[1]`), fxB(true), fxD(`[1]`), fxD(`{}`))
		f(fxD(`"x"`), fxB(false), fxD(`[1]`), fxS("x")) // dynamic absorbs a scalar branch
		f(fxDT("2024-01-01"), fxL(1), fxDT("2024-01-01"), fxNull(value.DateTime))
	}
	fxCheckErr(t, "iff", value.Bool, value.String, value.Long)
	fxCheckErr(t, "iff", value.Bool, value.DateTime, value.TimeSpan)
	fxCheckErr(t, "iff", value.DateTime, value.Long, value.Long)
}

func TestCase(t *testing.T) {
	bucket := func(size int64) value.Value {
		t.Helper()
		return fxCall(t, "case", fxB(size <= 3), fxS("Small"), fxB(size <= 10), fxS("Medium"), fxS("Large"))
	}
	for size, want := range map[int64]string{1: "Small", 3: "Small", 5: "Medium", 11: "Large", 15: "Large"} {
		if got := bucket(size); got.S != want {
			t.Errorf("bucket(%d) = %s, want %s", size, got.S, want)
		}
	}
	fxExpect(t, fxR(3), "case", fxNull(value.Bool), fxL(1), fxB(false), fxI(2), fxR(3))
	fxExpect(t, fxL(2), "case", fxB(false), fxL(1), fxB(true), fxI(2), fxL(3))
	fxCheckErr(t, "case", value.Bool, value.Long, value.Bool)
	fxCheckErr(t, "case", value.Bool, value.Long, value.String)
	fxCheckErr(t, "case", value.String, value.Long, value.Long)
}

func TestCoalesce(t *testing.T) {
	f := func(want value.Value, args ...value.Value) { t.Helper(); fxExpect(t, want, "coalesce", args...) }
	f(fxL(42), fxNull(value.Long), fxL(42), fxL(33))
	f(fxS("b"), fxS(""), fxS("b"), fxS("c"))
	f(fxS(""), fxS(""), fxS(""))
	f(fxNull(value.Long), fxNull(value.Long), fxNull(value.Long))
	f(fxR(1), fxNull(value.Real), fxI(1))
	f(fxD(`{"a":1}`), fxNull(value.Dynamic), fxD(`{"a":1}`))
	fxCheckErr(t, "coalesce", value.Long, value.String)
}

func TestNot(t *testing.T) {
	fxExpect(t, fxB(false), "not", fxB(true))
	fxExpect(t, fxB(true), "not", fxB(false))
	fxExpect(t, fxNull(value.Bool), "not", fxNull(value.Bool))
	fxExpect(t, fxB(false), "not", fxD(`true`))
}

func TestNullAndEmpty(t *testing.T) {
	f := func(in value.Value, isnull, isempty bool) {
		t.Helper()
		fxExpect(t, fxB(isnull), "isnull", in)
		fxExpect(t, fxB(!isnull), "isnotnull", in)
		fxExpect(t, fxB(isempty), "isempty", in)
		fxExpect(t, fxB(!isempty), "isnotempty", in)
	}
	f(fxS(""), false, true)
	f(fxS("x"), false, false)
	f(fxNull(value.Dynamic), true, true) // parse_json("")
	f(fxD(`[]`), false, false)
	f(fxD(`{}`), false, false)
	f(value.NewDynamic(value.DynString("")), false, true)
	f(fxD(`0`), false, false)
	f(fxNull(value.Long), true, true)
	f(fxL(0), false, false)
	f(fxNull(value.DateTime), true, true)
	f(fxDT("2024-01-01"), false, false)
	f(fxNull(value.GUID), true, true)
	f(fxNull(value.Bool), true, true)
	f(fxB(false), false, false)
}

func TestCommonType(t *testing.T) {
	f := func(want value.Type, ok bool, types ...value.Type) {
		t.Helper()
		got, gotOK := condCommonType(types...)
		if got != want || gotOK != ok {
			t.Errorf("condCommonType(%v) = %s, %v; want %s, %v", types, got, gotOK, want, ok)
		}
	}
	f(value.Long, true, value.Long, value.Long)
	f(value.Long, true, value.Int, value.Long)
	f(value.Real, true, value.Long, value.Real, value.Int)
	f(value.Decimal, true, value.Long, value.Decimal)
	f(value.Dynamic, true, value.Dynamic, value.String)
	f(value.String, true, value.Unknown, value.String)
	f(value.Unknown, false, value.String, value.Long)
	f(value.Unknown, false, value.DateTime, value.TimeSpan)
}
