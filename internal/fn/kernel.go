package fn

import "github.com/harrier-sec/harrier/internal/value"

// Getter reads row i of a vector as T; ok is false for null or a value that
// does not convert (the result row is then null).
type Getter[T any] func(v *value.Vector, i int) (T, bool)

// Putter stores r at row i of a vector.
type Putter[R any] func(v *value.Vector, i int, r R)

// Getters with Kusto's implicit conversions (see value.Vector.AsString etc.).
var (
	GetString Getter[string] = func(v *value.Vector, i int) (string, bool) { return v.AsString(i), true }
	// GetStringNN is GetString that treats a null argument as null instead of "".
	GetStringNN Getter[string]     = func(v *value.Vector, i int) (string, bool) { return v.AsString(i), !v.IsNull(i) }
	GetLong     Getter[int64]      = (*value.Vector).AsLong
	GetReal     Getter[float64]    = (*value.Vector).AsReal
	GetBool     Getter[bool]       = (*value.Vector).AsBool
	GetDateTime Getter[int64]      = (*value.Vector).AsDateTime
	GetTimeSpan Getter[int64]      = (*value.Vector).AsTimeSpan
	GetDyn      Getter[*value.Dyn] = func(v *value.Vector, i int) (*value.Dyn, bool) {
		d := v.AsDyn(i)
		return d, !d.IsNull()
	}
	// GetDynAny returns the dynamic value even when it is null.
	GetDynAny Getter[*value.Dyn] = func(v *value.Vector, i int) (*value.Dyn, bool) { return v.AsDyn(i), true }
)

// Putters for each vector payload.
var (
	PutString Putter[string]     = func(v *value.Vector, i int, r string) { v.S[i] = r }
	PutLong   Putter[int64]      = func(v *value.Vector, i int, r int64) { v.I[i] = r }
	PutReal   Putter[float64]    = func(v *value.Vector, i int, r float64) { v.F[i] = r }
	PutBool   Putter[bool]       = func(v *value.Vector, i int, r bool) { v.B[i] = r }
	PutDyn    Putter[*value.Dyn] = func(v *value.Vector, i int, r *value.Dyn) { v.D[i] = r }
)

// Map1 builds a kernel for a one-argument function. A row whose argument
// does not convert, or for which f returns ok=false, is null.
func Map1[A, R any](out value.Type, ga Getter[A], put Putter[R], f func(A) (R, bool)) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(out, n)
		a0 := args[0]
		ForRows(n, sel, func(i int) {
			a, ok := ga(a0, i)
			if !ok {
				res.SetNull(i)
				return
			}
			r, ok := f(a)
			if !ok {
				res.SetNull(i)
				return
			}
			put(res, i, r)
		})
		return res
	}
}

// Map2 builds a kernel for a two-argument function.
func Map2[A, B, R any](out value.Type, ga Getter[A], gb Getter[B], put Putter[R], f func(A, B) (R, bool)) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(out, n)
		a0, a1 := args[0], args[1]
		ForRows(n, sel, func(i int) {
			a, ok := ga(a0, i)
			if !ok {
				res.SetNull(i)
				return
			}
			b, ok := gb(a1, i)
			if !ok {
				res.SetNull(i)
				return
			}
			r, ok := f(a, b)
			if !ok {
				res.SetNull(i)
				return
			}
			put(res, i, r)
		})
		return res
	}
}

// Map3 builds a kernel for a three-argument function.
func Map3[A, B, C, R any](out value.Type, ga Getter[A], gb Getter[B], gc Getter[C], put Putter[R], f func(A, B, C) (R, bool)) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(out, n)
		a0, a1, a2 := args[0], args[1], args[2]
		ForRows(n, sel, func(i int) {
			a, ok := ga(a0, i)
			if !ok {
				res.SetNull(i)
				return
			}
			b, ok := gb(a1, i)
			if !ok {
				res.SetNull(i)
				return
			}
			c, ok := gc(a2, i)
			if !ok {
				res.SetNull(i)
				return
			}
			r, ok := f(a, b, c)
			if !ok {
				res.SetNull(i)
				return
			}
			put(res, i, r)
		})
		return res
	}
}

// MapN builds a kernel over the rows of all arguments as tagged values, for
// variadic functions off the hot path (strcat, coalesce, pack, case...).
// f receives the row's argument values and returns the result.
func MapN(out value.Type, f func(ctx *Context, row []value.Value) value.Value) EvalFunc {
	return func(ctx *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(out, n)
		row := make([]value.Value, len(args))
		ForRows(n, sel, func(i int) {
			for k, a := range args {
				row[k] = a.Get(i)
			}
			r := f(ctx, row)
			if r.IsNull() {
				res.SetNull(i)
				return
			}
			res.Set(i, r)
		})
		return res
	}
}

// Fixed returns a Check that requires exactly the given argument kinds and
// returns ret. Each kind accepts the types listed by Accepts.
func Fixed(ret value.Type, kinds ...Kind) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		for i, a := range args {
			if i >= len(kinds) {
				break
			}
			if !kinds[i].Accepts(a.Type) {
				return value.Unknown, Errorf("argument %d must be %s, got %s", i+1, kinds[i], a.Type)
			}
		}
		return ret, nil
	}
}

// Kind is a class of argument types a parameter accepts.
type Kind uint8

// Argument kinds. Dynamic is accepted wherever Kusto converts it implicitly.
const (
	KAny Kind = iota
	KString
	KNumber
	KInteger
	KBool
	KDateTime
	KTimeSpan
	KDynamic
	KScalar // anything but dynamic
)

func (k Kind) String() string {
	return [...]string{"any", "string", "number", "integer", "bool", "datetime", "timespan", "dynamic", "scalar"}[k]
}

// Accepts reports whether a value of type t may be passed as k.
func (k Kind) Accepts(t value.Type) bool {
	if t == value.Unknown {
		return true
	}
	switch k {
	case KAny:
		return true
	case KString:
		return true // Kusto renders any scalar as a string where one is expected
	case KNumber:
		return t.IsNumeric() || t == value.Dynamic || t == value.Bool
	case KInteger:
		return t.IsNumeric() || t == value.Dynamic
	case KBool:
		return t == value.Bool || t == value.Dynamic || t.IsNumeric()
	case KDateTime:
		return t == value.DateTime || t == value.Dynamic || t == value.String
	case KTimeSpan:
		return t == value.TimeSpan || t == value.Dynamic || t == value.String
	case KDynamic:
		return true
	case KScalar:
		return t != value.Dynamic
	}
	return false
}
