package fn

import (
	"math"
	"testing"
	"time"

	"github.com/harrier-sec/harrier/internal/value"
)

// Helpers shared by the string function tests: every case is evaluated
// through the registered Scalar in three shapes (a one-row vector, constant
// vectors under a selection vector, and a three-row vector with filler rows
// of which only the middle one is selected), and all shapes must agree.

func strS(s string) value.Value        { return value.NewString(s) }
func strL(n int64) value.Value         { return value.NewLong(n) }
func strI(n int64) value.Value         { return value.NewInt(n) }
func strB(b bool) value.Value          { return value.NewBool(b) }
func strR(f float64) value.Value       { return value.NewReal(f) }
func strNull(t value.Type) value.Value { return value.Null(t) }
func strG(g string) value.Value        { return value.Value{T: value.GUID, S: g} }

// strJ parses JSON into a dynamic value.
func strJ(t *testing.T, text string) value.Value {
	t.Helper()
	d, ok := value.ParseJSON(text)
	if !ok {
		t.Fatalf("bad JSON in test: %s", text)
	}
	return value.NewDynamic(d)
}

// strFiller returns a value of type ty different from typical inputs, to
// fill the rows a kernel must not compute.
func strFiller(ty value.Type) value.Value {
	switch ty {
	case value.String:
		return strS("filler ROW text")
	case value.Bool:
		return strB(true)
	case value.Int, value.Long:
		return value.Value{T: ty, I: 987654}
	case value.Real, value.Decimal:
		return value.Value{T: ty, F: 42.5}
	case value.DateTime, value.TimeSpan:
		return value.Value{T: ty, I: 123456789}
	case value.GUID:
		return strG("00000000-0000-0000-0000-000000000001")
	case value.Dynamic:
		d, _ := value.ParseJSON(`{"filler":[1,2]}`)
		return value.NewDynamic(d)
	}
	return value.Null(ty)
}

func strVecOf(ty value.Type, vals ...value.Value) *value.Vector {
	v := value.NewVector(ty, len(vals))
	for i, x := range vals {
		if x.IsNull() {
			v.SetNull(i)
			continue
		}
		v.Set(i, x)
	}
	return v
}

// strValEq compares two values the way the tests expect: dynamic by JSON,
// reals with NaN equal to NaN.
func strValEq(a, b value.Value) bool {
	if a.T != b.T {
		return false
	}
	if a.IsNull() || b.IsNull() {
		return a.IsNull() == b.IsNull()
	}
	switch a.T {
	case value.Dynamic:
		return a.D.JSON() == b.D.JSON()
	case value.Real, value.Decimal:
		return a.F == b.F || math.IsNaN(a.F) && math.IsNaN(b.F)
	}
	return a.String() == b.String() && a.I == b.I && a.S == b.S
}

func strShow(v value.Value) string {
	if v.IsNull() {
		return "null(" + v.T.String() + ")"
	}
	if v.T == value.Dynamic {
		return "dynamic(" + v.D.JSON() + ")"
	}
	return v.T.String() + "(" + v.String() + ")"
}

// strArgs describes argument values for Check; constant ones carry Const.
func strArgs(vals []value.Value, constant bool) []Arg {
	out := make([]Arg, len(vals))
	for i, v := range vals {
		out[i] = Arg{Type: v.T}
		if constant {
			c := v
			out[i].Const = &c
		}
	}
	return out
}

// strCall evaluates name over vals in every shape and returns the result,
// failing the test when Check rejects the arguments or the shapes disagree.
func strCall(t *testing.T, name string, vals ...value.Value) value.Value {
	t.Helper()
	s := Lookup(name)
	if s == nil {
		t.Fatalf("%s is not registered", name)
	}
	typ, err := s.Check(strArgs(vals, true))
	if err != nil {
		t.Fatalf("%s: Check: %v", name, err)
	}
	ctx := &Context{}

	// One-row vectors.
	one := make([]*value.Vector, len(vals))
	for i, v := range vals {
		one[i] = strVecOf(v.T, v)
	}
	r1 := s.Eval(ctx, one, 1, nil)
	if r1.T != typ {
		t.Fatalf("%s: result type %s, Check said %s", name, r1.T, typ)
	}
	got := r1.Get(0)

	// Constant vectors under a selection.
	cons := make([]*value.Vector, len(vals))
	for i, v := range vals {
		cons[i] = value.ConstVector(v)
	}
	r2 := s.Eval(ctx, cons, 4, []int32{1, 3})
	if r2.Len() != 4 {
		t.Fatalf("%s: constant shape returned %d rows, want 4", name, r2.Len())
	}
	for _, row := range []int{1, 3} {
		if g := r2.Get(row); !strValEq(g, got) {
			t.Errorf("%s: constant shape row %d = %s, one-row shape = %s", name, row, strShow(g), strShow(got))
		}
	}

	// Three rows with fillers around the selected middle row; the first
	// argument stays constant when it is a pattern, to exercise mixed
	// shapes too.
	mid := make([]*value.Vector, len(vals))
	for i, v := range vals {
		f := strFiller(v.T)
		mid[i] = strVecOf(v.T, f, v, f)
	}
	r3 := s.Eval(ctx, mid, 3, []int32{1})
	if g := r3.Get(1); !strValEq(g, got) {
		t.Errorf("%s: selected middle row = %s, one-row shape = %s", name, strShow(g), strShow(got))
	}
	return got
}

// strWant checks one call against an expected value.
func strWant(t *testing.T, want value.Value, name string, vals ...value.Value) {
	t.Helper()
	got := strCall(t, name, vals...)
	if !strValEq(got, want) {
		t.Errorf("%s(%s) = %s, want %s", name, strShowArgs(vals), strShow(got), strShow(want))
	}
}

func strShowArgs(vals []value.Value) string {
	out := ""
	for i, v := range vals {
		if i > 0 {
			out += ", "
		}
		out += strShow(v)
	}
	return out
}

// strCheckErr asserts that Check rejects constant arguments.
func strCheckErr(t *testing.T, name string, vals ...value.Value) {
	t.Helper()
	s := Lookup(name)
	if s == nil {
		t.Fatalf("%s is not registered", name)
	}
	if _, err := s.Check(strArgs(vals, true)); err == nil {
		t.Errorf("%s(%s): Check accepted invalid arguments", name, strShowArgs(vals))
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatalf("bad time in test: %v", err)
	}
	return tm
}
