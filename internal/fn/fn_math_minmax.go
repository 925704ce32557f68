package fn

import (
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// min_of and max_of: the extreme of their arguments, nulls ignored.

func init() {
	Register(&Scalar{Name: "max_of", MinArgs: 2, MaxArgs: 64, Check: mathCheckMinMax, Eval: mathMinMax(1),
		Doc: "The largest argument; non-null values take precedence over nulls."})
	Register(&Scalar{Name: "min_of", MinArgs: 2, MaxArgs: 64, Check: mathCheckMinMax, Eval: mathMinMax(-1),
		Doc: "The smallest argument; non-null values take precedence over nulls."})
}

func mathCheckMinMax(args []Arg) (value.Type, error) {
	types := make([]value.Type, len(args))
	for i, a := range args {
		types[i] = a.Type
	}
	t, ok := condCommonType(types...)
	if !ok {
		return value.Unknown, Errorf("all arguments must have the same type, got %s", TypeList(args))
	}
	if t == value.Dynamic || t == value.Bool {
		return value.Unknown, Errorf("arguments must be numbers, strings, datetimes or timespans, got %s", TypeList(args))
	}
	return t, nil
}

// mathMinMax builds the kernel; sign 1 keeps the largest, -1 the smallest.
func mathMinMax(sign int) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		types := make([]value.Type, len(args))
		for i, a := range args {
			types[i] = a.T
		}
		t, _ := condCommonType(types...)
		res := value.NewVector(t, n)
		ForRows(n, sel, func(i int) {
			best := -1
			for k, a := range args {
				if a.IsNull(i) {
					continue
				}
				if best < 0 || sign*mathCompareRows(t, a, args[best], i) > 0 {
					best = k
				}
			}
			if best < 0 {
				res.SetNull(i)
				return
			}
			convCopyRow(res, i, args[best], i)
		})
		return res
	}
}

// mathCompareRows compares row i of a and b (both non-null) in the domain of
// the common type t.
func mathCompareRows(t value.Type, a, b *value.Vector, i int) int {
	switch {
	case t == value.String || t == value.GUID:
		return strings.Compare(a.AsString(i), b.AsString(i))
	case a.T.UsesInts() && b.T.UsesInts():
		x, y := a.Int64(i), b.Int64(i)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	x, _ := a.AsReal(i)
	y, _ := b.AsReal(i)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
