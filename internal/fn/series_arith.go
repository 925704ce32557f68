package fn

import (
	"math"

	"github.com/harrier-sec/harrier/internal/value"
)

// Element-wise arithmetic and comparison of numeric series: series_add,
// series_subtract, series_multiply, series_divide, series_greater,
// series_greater_equals, series_less, series_less_equals, series_equals,
// series_not_equals, series_abs. A non-numeric or missing element (arrays
// of different lengths) gives a null element. A number in place of an array
// applies to every element.

func init() {
	arith := []struct {
		name, doc string
		ints      func(a, b int64) int64
		reals     func(a, b float64) float64
	}{
		{"series_add", "Element-wise sum of two numeric series.",
			func(a, b int64) int64 { return a + b }, func(a, b float64) float64 { return a + b }},
		{"series_subtract", "Element-wise difference of two numeric series (the second subtracted from the first).",
			func(a, b int64) int64 { return a - b }, func(a, b float64) float64 { return a - b }},
		{"series_multiply", "Element-wise product of two numeric series.",
			func(a, b int64) int64 { return a * b }, func(a, b float64) float64 { return a * b }},
		// Division is always real: 2/0 is +inf as for doubles.
		{"series_divide", "Element-wise quotient of two numeric series, always real.",
			nil, func(a, b float64) float64 { return a / b }},
	}
	for _, op := range arith {
		Register(&Scalar{Name: op.name, MinArgs: 2, MaxArgs: 2, Check: seriesCheck(value.Dynamic, true), Doc: op.doc,
			Eval: seriesMap(func(ops []seriesOperand) *value.Dyn {
				return seriesElementwise(ops, func(xs []seriesNum) *value.Dyn {
					if op.ints != nil && xs[0].isInt && xs[1].isInt {
						return value.DynLong(op.ints(xs[0].i, xs[1].i))
					}
					return value.DynReal(op.reals(xs[0].f, xs[1].f))
				})
			})})
	}
	compare := []struct {
		name, doc string
		test      func(c int) bool
	}{
		{"series_greater", "Element-wise a > b of two numeric series.", func(c int) bool { return c > 0 }},
		{"series_greater_equals", "Element-wise a >= b of two numeric series.", func(c int) bool { return c >= 0 }},
		{"series_less", "Element-wise a < b of two numeric series.", func(c int) bool { return c < 0 }},
		{"series_less_equals", "Element-wise a <= b of two numeric series.", func(c int) bool { return c <= 0 }},
		{"series_equals", "Element-wise a == b of two numeric series.", func(c int) bool { return c == 0 }},
		{"series_not_equals", "Element-wise a != b of two numeric series.", func(c int) bool { return c != 0 }},
	}
	for _, op := range compare {
		Register(&Scalar{Name: op.name, MinArgs: 2, MaxArgs: 2, Check: seriesCheck(value.Dynamic, true), Doc: op.doc,
			Eval: seriesMap(func(ops []seriesOperand) *value.Dyn {
				return seriesElementwise(ops, func(xs []seriesNum) *value.Dyn {
					c, ok := seriesCompare(xs[0], xs[1])
					if !ok {
						return nil
					}
					return value.DynBool(op.test(c))
				})
			})})
	}
	Register(&Scalar{Name: "series_abs", MinArgs: 1, MaxArgs: 1, Check: seriesCheck(value.Dynamic, false),
		Doc: "Element-wise absolute value of a numeric series.",
		Eval: seriesMap(func(ops []seriesOperand) *value.Dyn {
			return seriesElementwise(ops, func(xs []seriesNum) *value.Dyn {
				if xs[0].isInt {
					if xs[0].i < 0 {
						return value.DynLong(-xs[0].i)
					}
					return value.DynLong(xs[0].i)
				}
				return value.DynReal(math.Abs(xs[0].f))
			})
		})})
}

// seriesCompare orders two numbers; ok is false when either is NaN.
func seriesCompare(a, b seriesNum) (int, bool) {
	if a.isInt && b.isInt {
		switch {
		case a.i < b.i:
			return -1, true
		case a.i > b.i:
			return 1, true
		}
		return 0, true
	}
	switch {
	case a.f < b.f:
		return -1, true
	case a.f > b.f:
		return 1, true
	case a.f == b.f:
		return 0, true
	}
	return 0, false
}
