package fn

import (
	"math"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

// Test helpers for the conversion, conditional, math, datetime, dynamic and
// IP functions. Names start with fx so that they do not clash with the
// helpers of other test files of the package.

// fxNow is now() in every test: 2024-01-15T10:30:00Z.
var fxNow = fxMustDT("2024-01-15T10:30:00Z")

func fxMustDT(s string) int64 {
	t, ok := value.ParseDateTime(s)
	if !ok {
		panic("bad datetime " + s)
	}
	return t
}

func fxL(n int64) value.Value   { return value.NewLong(n) }
func fxI(n int64) value.Value   { return value.NewInt(n) }
func fxR(f float64) value.Value { return value.NewReal(f) }
func fxS(s string) value.Value  { return value.NewString(s) }
func fxB(b bool) value.Value    { return value.NewBool(b) }
func fxG(s string) value.Value  { return value.Value{T: value.GUID, S: s} }
func fxDT(s string) value.Value { return value.NewDateTime(fxMustDT(s)) }
func fxDec(f float64) value.Value {
	return value.Value{T: value.Decimal, F: f}
}

func fxTS(s string) value.Value {
	t, ok := value.ParseTimeSpan(s)
	if !ok {
		panic("bad timespan " + s)
	}
	return value.NewTimeSpan(t)
}

// fxD parses JSON into a dynamic value ("null" gives dynamic(null)).
func fxD(js string) value.Value {
	d, ok := value.ParseJSON(js)
	if !ok {
		panic("bad JSON " + js)
	}
	return value.NewDynamic(d)
}

func fxNull(t value.Type) value.Value { return value.Null(t) }

// fxShow renders a value with its type for failure messages.
func fxShow(v value.Value) string {
	switch {
	case v.IsNull() && v.T != value.String:
		return v.T.String() + "(null)"
	case v.T == value.Dynamic:
		return "dynamic(" + v.D.JSON() + ")"
	case v.T == value.String:
		return "string(" + `"` + v.S + `")`
	}
	return v.T.String() + "(" + v.String() + ")"
}

// fxSame compares two values exactly (NaN equals NaN; dynamic values by
// their JSON).
func fxSame(a, b value.Value) bool {
	if a.T != b.T || a.IsNull() != b.IsNull() {
		return false
	}
	if a.IsNull() {
		return true
	}
	switch {
	case a.T == value.Dynamic:
		return a.D.JSON() == b.D.JSON() && a.D.Kind() == b.D.Kind()
	case a.T.UsesFloats():
		return a.F == b.F || math.IsNaN(a.F) && math.IsNaN(b.F)
	case a.T == value.String || a.T == value.GUID:
		return a.S == b.S
	}
	return a.I == b.I
}

// fxVector returns an n-row vector of v's type with v at row at and nulls
// (empty strings) elsewhere.
func fxVector(v value.Value, n, at int) *value.Vector {
	vec := value.NewVector(v.T, n)
	for i := 0; i < n; i++ {
		if i == at {
			vec.Set(i, v)
		} else {
			vec.SetNull(i)
		}
	}
	return vec
}

// fxCall type-checks and evaluates the named function on args. It evaluates
// three ways and requires the same answer from each: plain one-row vectors;
// constant vectors under a selection vector; and four-row vectors holding
// the arguments at row 2 (nulls elsewhere) with only row 2 selected. It
// also requires the result vector to have the type Check returned.
func fxCall(t *testing.T, name string, args ...value.Value) value.Value {
	t.Helper()
	return fxCallOpt(t, true, name, args...)
}

// fxCallOpt is fxCall; constArgs false hides the argument values from Check
// (as for columns), so that kernels can be tested on values Check rejects
// when they are constant.
func fxCallOpt(t *testing.T, constArgs bool, name string, args ...value.Value) value.Value {
	t.Helper()
	s := Lookup(name)
	if s == nil {
		t.Fatalf("%s is not registered", name)
	}
	if len(args) < s.MinArgs || (s.MaxArgs >= 0 && len(args) > s.MaxArgs) {
		t.Fatalf("%s: %d arguments outside [%d, %d]", name, len(args), s.MinArgs, s.MaxArgs)
	}
	cargs := make([]Arg, len(args))
	for i := range args {
		cargs[i] = Arg{Type: args[i].T}
		if constArgs {
			cargs[i].Const = &args[i]
		}
	}
	typ, err := s.Check(cargs)
	if err != nil {
		t.Fatalf("%s%s: Check: %v", name, fxArgList(args), err)
	}
	ctx := &Context{Now: fxNow}

	plain := make([]*value.Vector, len(args))
	consts := make([]*value.Vector, len(args))
	wide := make([]*value.Vector, len(args))
	for i, a := range args {
		plain[i] = fxVector(a, 1, 0)
		consts[i] = value.ConstVector(a)
		wide[i] = fxVector(a, 4, 2)
	}
	res := s.Eval(ctx, plain, 1, nil)
	if res.T != typ && typ != value.Unknown {
		t.Fatalf("%s%s: result vector is %s, Check said %s", name, fxArgList(args), res.T, typ)
	}
	got := res.Get(0)
	if s.Volatile {
		return got
	}
	res = s.Eval(ctx, consts, 3, []int32{1, 2})
	for _, i := range []int{1, 2} {
		if g := res.Get(i); !fxSame(g, got) {
			t.Fatalf("%s%s: constant arguments row %d gave %s, plain vectors %s", name, fxArgList(args), i, fxShow(g), fxShow(got))
		}
	}
	res = s.Eval(ctx, wide, 4, []int32{2})
	if g := res.Get(2); !fxSame(g, got) {
		t.Fatalf("%s%s: selected row of a wider batch gave %s, plain vectors %s", name, fxArgList(args), fxShow(g), fxShow(got))
	}
	return got
}

func fxArgList(args []value.Value) string {
	s := "("
	for i, a := range args {
		if i > 0 {
			s += ", "
		}
		s += fxShow(a)
	}
	return s + ")"
}

// fxExpect evaluates name(args...) and compares the result with want.
func fxExpect(t *testing.T, want value.Value, name string, args ...value.Value) {
	t.Helper()
	got := fxCall(t, name, args...)
	if !fxSame(got, want) {
		t.Errorf("%s%s = %s, want %s", name, fxArgList(args), fxShow(got), fxShow(want))
	}
}

// fxExpectRuntime is fxExpect with arguments Check sees as non-constant.
func fxExpectRuntime(t *testing.T, want value.Value, name string, args ...value.Value) {
	t.Helper()
	got := fxCallOpt(t, false, name, args...)
	if !fxSame(got, want) {
		t.Errorf("%s%s = %s, want %s", name, fxArgList(args), fxShow(got), fxShow(want))
	}
}

// fxCheckErr requires Check to reject the argument types.
func fxCheckErr(t *testing.T, name string, types ...value.Type) {
	t.Helper()
	s := Lookup(name)
	if s == nil {
		t.Fatalf("%s is not registered", name)
	}
	args := make([]Arg, len(types))
	for i, ty := range types {
		args[i].Type = ty
	}
	if typ, err := s.Check(args); err == nil {
		t.Errorf("%s(%s): Check accepted, returning %s", name, TypeList(args), typ)
	}
}

// fxCheckConstErr requires Check to reject the given constant arguments.
func fxCheckConstErr(t *testing.T, name string, args ...value.Value) {
	t.Helper()
	cargs := make([]Arg, len(args))
	for i := range args {
		cargs[i] = Arg{Type: args[i].T, Const: &args[i]}
	}
	if typ, err := Lookup(name).Check(cargs); err == nil {
		t.Errorf("%s%s: Check accepted, returning %s", name, fxArgList(args), typ)
	}
}

var fxNaN = math.NaN()
