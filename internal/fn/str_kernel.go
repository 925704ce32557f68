package fn

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// strArg reads a string-valued argument on a hot path: a plain string
// vector is indexed directly, a constant is converted once, anything else
// (numbers, dynamic) goes through tostring per row.
type strArg struct {
	v     *value.Vector
	s     []string // the payload of a non-constant string vector
	c     bool     // constant
	cs    string   // the constant's text
	plain bool     // s is set
}

func newStrArg(v *value.Vector) strArg {
	a := strArg{v: v}
	switch {
	case v.Const:
		a.c = true
		a.cs = v.AsString(0)
	case v.T == value.String:
		a.s = v.S
		a.plain = true
	}
	return a
}

func (a *strArg) at(i int) string {
	if a.plain {
		return a.s[i]
	}
	if a.c {
		return a.cs
	}
	return a.v.AsString(i)
}

// strConstString returns the text of a constant argument (tostring semantics).
func strConstString(a Arg) (string, bool) {
	if a.Const == nil {
		return "", false
	}
	return a.Const.String(), true
}

// strCheckArity is the argument count check shared by the catalog entries
// (sema checks MinArgs/MaxArgs too; this keeps Check usable on its own).
func strCheckArity(args []Arg, lo, hi int) error {
	if len(args) < lo || (hi >= 0 && len(args) > hi) {
		switch {
		case lo == hi:
			return Errorf("expects %d argument(s), got %d", lo, len(args))
		case hi < 0:
			return Errorf("expects at least %d argument(s), got %d", lo, len(args))
		default:
			return Errorf("expects %d to %d arguments, got %d", lo, hi, len(args))
		}
	}
	return nil
}

// strCheckKinds validates argument count and kinds and returns ret.
func strCheckKinds(lo, hi int, ret value.Type, kinds ...Kind) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		if err := strCheckArity(args, lo, hi); err != nil {
			return value.Unknown, err
		}
		for i, a := range args {
			k := KString
			if i < len(kinds) {
				k = kinds[i]
			} else if len(kinds) > 0 {
				k = kinds[len(kinds)-1]
			}
			if !k.Accepts(a.Type) {
				return value.Unknown, Errorf("argument #%d must be %s, got %s", i+1, k, a.Type)
			}
		}
		return ret, nil
	}
}

// strToStr builds a kernel for a string -> string function. A constant
// argument is computed once.
func strToStr(f func(string) string) EvalFunc {
	return strTo(value.String, func(v *value.Vector) []string { return v.S }, f)
}

// strToLong builds a kernel for a string -> long function that never
// returns null.
func strToLong(f func(string) int64) EvalFunc {
	return strTo(value.Long, func(v *value.Vector) []int64 { return v.I }, f)
}

// strToBool builds a kernel for a string -> bool function that never
// returns null.
func strToBool(f func(string) bool) EvalFunc {
	return strTo(value.Bool, func(v *value.Vector) []bool { return v.B }, f)
}

// strTo is the shared kernel of the string -> R functions: results go to
// the typed slice payload picks from the result vector.
func strTo[R any](t value.Type, payload func(*value.Vector) []R, f func(string) R) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(t, n)
		out := payload(res)
		a := newStrArg(args[0])
		if a.c {
			r := f(a.cs)
			ForRows(n, sel, func(i int) { out[i] = r })
			return res
		}
		if sel == nil {
			for i := 0; i < n; i++ {
				out[i] = f(a.at(i))
			}
			return res
		}
		for _, i := range sel {
			out[i] = f(a.at(int(i)))
		}
		return res
	}
}

// strToDyn builds a kernel for a string -> dynamic function; a nil result
// is null.
func strToDyn(f func(string) *value.Dyn) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		a := newStrArg(args[0])
		if a.c {
			r := f(a.cs)
			ForRows(n, sel, func(i int) { res.D[i] = r })
			return res
		}
		ForRows(n, sel, func(i int) { res.D[i] = f(a.at(i)) })
		return res
	}
}

// strFillBool sets rows (sel, or all n) of out to r.
func strFillBool(out []bool, n int, sel []int32, r bool) {
	if sel == nil {
		for i := 0; i < n; i++ {
			out[i] = r
		}
		return
	}
	for _, i := range sel {
		out[i] = r
	}
}

// strFirstRow returns a row a kernel computes (0 when all rows are).
func strFirstRow(sel []int32) int {
	if len(sel) > 0 {
		return int(sel[0])
	}
	return 0
}
