package fn

import (
	"math"

	"github.com/harrier-sec/harrier/internal/value"
)

// Helpers shared by the conversion, conditional, math, datetime, dynamic and
// IP function families (files fn_conv_*, fn_cond_*, fn_math_*, fn_dt_*,
// fn_dyn_*, fn_ip_*). Names carry a family prefix so that they cannot clash
// with the helpers of the other files of the package.

// condCommonType is Kusto's "common type" of the branches of iff, case,
// coalesce, min_of and max_of: equal types, or the widest of several numeric
// types. Dynamic mixed with anything gives dynamic (the scalar sides are
// wrapped). Unknown (an argument whose error was already reported) is
// ignored. ok is false when the types do not mix.
func condCommonType(types ...value.Type) (value.Type, bool) {
	out := value.Unknown
	for _, t := range types {
		switch {
		case t == value.Unknown:
		case out == value.Unknown, out == t:
			out = t
		case out == value.Dynamic || t == value.Dynamic:
			out = value.Dynamic
		case out.IsNumeric() && t.IsNumeric():
			out = value.PromoteNumeric(out, t)
		default:
			return value.Unknown, false
		}
	}
	return out, true
}

// convCopyRow stores row j of src at row i of dst, converting it to dst's
// type. The types must be related as condCommonType relates them.
func convCopyRow(dst *value.Vector, i int, src *value.Vector, j int) {
	if src.IsNull(j) {
		dst.SetNull(i)
		return
	}
	switch dst.T {
	case value.Dynamic:
		dst.D[i] = src.AsDyn(j)
	case value.String:
		dst.S[i] = src.AsString(j)
	case value.GUID:
		dst.S[i] = src.AsString(j)
	case value.Bool:
		b, ok := src.AsBool(j)
		if !ok {
			dst.SetNull(i)
			return
		}
		dst.B[i] = b
	case value.Int, value.Long, value.DateTime, value.TimeSpan:
		switch {
		case src.T.UsesInts():
			dst.I[i] = src.Int64(j)
		case src.T.UsesFloats():
			n, ok := value.FloatToLong(src.Float(j))
			if !ok {
				dst.SetNull(i)
				return
			}
			dst.I[i] = n
		default:
			dst.SetNull(i)
		}
	case value.Real, value.Decimal:
		switch {
		case src.T.UsesFloats():
			dst.F[i] = src.Float(j)
		case src.T.UsesInts():
			dst.F[i] = float64(src.Int64(j))
		default:
			dst.SetNull(i)
		}
	}
}

// convConstString returns the value of a constant string argument.
func convConstString(a Arg) (string, bool) {
	if a.Const == nil || a.Const.T != value.String {
		return "", false
	}
	return a.Const.S, true
}

// dynIsDynamic reports whether t may be passed where only dynamic is
// accepted (arrays and bags).
func dynIsDynamic(t value.Type) bool { return t == value.Dynamic || t == value.Unknown }

// mathIsNumber reports whether t is numeric (or unknown, or dynamic, which
// converts implicitly at run time).
func mathIsNumber(t value.Type) bool {
	return t.IsNumeric() || t == value.Dynamic || t == value.Unknown
}

// mathFloorDiv divides rounding toward negative infinity.
func mathFloorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// mathFloorMul rounds x down to a multiple of size (size > 0); ok is false
// when the result does not fit a long.
func mathFloorMul(x, size int64) (int64, bool) {
	m := x % size
	if m < 0 {
		m += size
	}
	r := x - m
	if m > 0 && r > x { // wrapped below MinInt64
		return 0, false
	}
	return r, true
}

// mathMulOK multiplies two longs, reporting overflow.
func mathMulOK(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	c := a * b
	if c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return c, true
}

// mathAddOK adds two longs, reporting overflow.
func mathAddOK(a, b int64) (int64, bool) {
	c := a + b
	if (c > a) != (b > 0) {
		return 0, false
	}
	return c, true
}

// dtValid reports whether ticks is inside Kusto's datetime range.
func dtValid(ticks int64) bool { return ticks >= value.MinDateTime && ticks <= value.MaxDateTime }
