package fn

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/harrier-sec/harrier/internal/value"
)

// Bitwise, trigonometric and special functions: binary_and, binary_or,
// binary_xor, binary_not, binary_shift_left, binary_shift_right,
// bitset_count_ones, sin, cos, tan, asin, acos, atan, atan2, cot, degrees,
// radians, gamma, loggamma; hash_combine and hash_many; format_bytes.

func init() {
	bin2 := func(name, doc string, f func(a, b int64) int64) {
		Register(&Scalar{Name: name, MinArgs: 2, MaxArgs: 2, Check: mathCheckInts(value.Long),
			Eval: Map2(value.Long, GetLong, GetLong, PutLong, func(a, b int64) (int64, bool) { return f(a, b), true }),
			Doc:  doc})
	}
	bin2("binary_and", "The bitwise AND of two longs.", func(a, b int64) int64 { return a & b })
	bin2("binary_or", "The bitwise OR of two longs.", func(a, b int64) int64 { return a | b })
	bin2("binary_xor", "The bitwise XOR of two longs.", func(a, b int64) int64 { return a ^ b })
	// Kusto shifts by shift % 64 and gives null for a negative shift.
	shift := func(name, doc string, f func(a int64, s uint) int64) {
		Register(&Scalar{Name: name, MinArgs: 2, MaxArgs: 2, Check: mathCheckInts(value.Long),
			Eval: Map2(value.Long, GetLong, GetLong, PutLong, func(a, s int64) (int64, bool) {
				if s < 0 {
					return 0, false
				}
				return f(a, uint(s%64)), true
			}),
			Doc: doc})
	}
	shift("binary_shift_left", "binary_shift_left(value, shift): value << (shift % 64); null for a negative shift.",
		func(a int64, s uint) int64 { return a << s })
	shift("binary_shift_right", "binary_shift_right(value, shift): value >> (shift % 64), keeping the sign; null for a negative shift.",
		func(a int64, s uint) int64 { return a >> s })
	Register(&Scalar{Name: "binary_not", MinArgs: 1, MaxArgs: 1, Check: mathCheckInts(value.Long),
		Eval: Map1(value.Long, GetLong, PutLong, func(a int64) (int64, bool) { return ^a, true }),
		Doc:  "The bitwise NOT of a long."})
	Register(&Scalar{Name: "bitset_count_ones", MinArgs: 1, MaxArgs: 1, Check: mathCheckInts(value.Long),
		Eval: Map1(value.Long, GetLong, PutLong, func(a int64) (int64, bool) { return int64(bits.OnesCount64(uint64(a))), true }),
		Doc:  "The number of set bits of a long (two's complement)."})

	real1 := func(name, doc string, f func(float64) (float64, bool)) {
		Register(&Scalar{Name: name, MinArgs: 1, MaxArgs: 1, Check: mathCheckNumbers(value.Real),
			Eval: Map1(value.Real, GetReal, PutReal, f), Doc: doc})
	}
	real1("sin", "The sine of an angle in radians.", mathOK(math.Sin))
	real1("cos", "The cosine of an angle in radians.", mathOK(math.Cos))
	real1("tan", "The tangent of an angle in radians.", mathOK(math.Tan))
	real1("cot", "The cotangent of an angle in radians.", mathOK(func(x float64) float64 { return 1 / math.Tan(x) }))
	real1("asin", "The arc sine in radians; null outside [-1, 1].", mathUnitRange(math.Asin))
	real1("acos", "The arc cosine in radians; null outside [-1, 1].", mathUnitRange(math.Acos))
	real1("atan", "The arc tangent in radians.", mathOK(math.Atan))
	real1("degrees", "Converts radians to degrees: (180 / pi()) * angle.", mathOK(func(x float64) float64 { return 180 / math.Pi * x }))
	real1("radians", "Converts degrees to radians: (pi() / 180) * angle.", mathOK(func(x float64) float64 { return math.Pi / 180 * x }))
	real1("gamma", "The gamma function.", mathOK(math.Gamma))
	real1("loggamma", "The natural logarithm of the absolute value of the gamma function.", mathOK(func(x float64) float64 {
		lg, _ := math.Lgamma(x)
		return lg
	}))
	Register(&Scalar{Name: "atan2", MinArgs: 2, MaxArgs: 2, Check: mathCheckNumbers(value.Real),
		Eval: Map2(value.Real, GetReal, GetReal, PutReal, func(y, x float64) (float64, bool) { return math.Atan2(y, x), true }),
		Doc:  "atan2(y, x): the angle in radians between the positive x-axis and the ray to the point (x, y)."})

	Register(&Scalar{Name: "hash_combine", MinArgs: 2, MaxArgs: 64, Check: mathCheckInts(value.Long), Eval: hashCombineEval,
		Doc: "hash_combine(h1, h2, ...): one hash from several hash values; null when one is null."})
	Register(&Scalar{Name: "hash_many", MinArgs: 2, MaxArgs: 64, Check: Fixed(value.Long), Eval: hashManyEval,
		Doc: "hash_many(s1, s2, ...): hash() of each value, combined as hash_combine does."})
	Register(&Scalar{Name: "format_bytes", MinArgs: 1, MaxArgs: 3, Check: fmtCheckBytes, Eval: fmtBytesEval,
		Doc: "format_bytes(size[, precision[, units]]): a size as text in Bytes, KB, MB, GB, TB, PB or EB (powers of 1024), units chosen from the size when not given."})
}

// mathCheckInts accepts integer (or dynamic) arguments and returns ret.
func mathCheckInts(ret value.Type) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		for i, a := range args {
			if !KInteger.Accepts(a.Type) {
				return value.Unknown, Errorf("argument %d must be an integer, got %s", i+1, a.Type)
			}
		}
		return ret, nil
	}
}

// mathUnitRange wraps asin and acos, which Kusto makes null outside [-1, 1].
func mathUnitRange(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) {
		if x < -1 || x > 1 {
			return 0, false
		}
		return f(x), true
	}
}

// hashMix folds h into seed. Kusto does not document its combining step
// (only that it may change), so we use the 64-bit boost::hash_combine form:
// its results differ from Kusto's.
func hashMix(seed, h uint64) uint64 {
	return seed ^ (h + 0x9e3779b97f4a7c15 + seed<<6 + seed>>2)
}

func hashCombineEval(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	ForRows(n, sel, func(i int) {
		var seed uint64
		for k, a := range args {
			h, ok := a.AsLong(i)
			if !ok {
				res.SetNull(i)
				return
			}
			if k == 0 {
				seed = uint64(h)
				continue
			}
			seed = hashMix(seed, uint64(h))
		}
		res.I[i] = int64(seed)
	})
	return res
}

// hashManyEval hashes each argument as hash() does. A null argument hashes
// as an empty input rather than nulling the whole result, so that rows
// with a missing column still get a usable key.
func hashManyEval(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	var buf []byte
	ForRows(n, sel, func(i int) {
		var seed uint64
		for k, a := range args {
			buf, _ = strHashBytes(buf[:0], a, i)
			h := xxhash.Sum64(buf)
			if k == 0 {
				seed = h
				continue
			}
			seed = hashMix(seed, h)
		}
		res.I[i] = int64(seed)
	})
	return res
}

var fmtByteUnits = [...]string{"Bytes", "KB", "MB", "GB", "TB", "PB", "EB"}

func fmtCheckBytes(args []Arg) (value.Type, error) {
	if !mathIsNumber(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a number, got %s", args[0].Type)
	}
	if len(args) > 1 && !KInteger.Accepts(args[1].Type) {
		return value.Unknown, Errorf("argument 2 (precision) must be an integer, got %s", args[1].Type)
	}
	if len(args) > 2 {
		if c := args[2].Const; c != nil && c.T == value.String && fmtByteUnit(c.S) < -1 {
			return value.Unknown, Errorf("argument 3 (units) must be one of Bytes, KB, MB, GB, TB, PB, EB, got %q", c.S)
		}
	}
	return value.String, nil
}

// fmtByteUnit returns the index of a unit name (case-insensitive), -1 for
// "" (choose automatically) and -2 for an unknown name.
func fmtByteUnit(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return -1
	}
	for i, u := range fmtByteUnits {
		if strings.EqualFold(s, u) {
			return i
		}
	}
	return -2
}

// fmtBytesEval rounds to precision digits (0 when absent or negative) and
// prints without trailing zeros, as the documented examples show
// ("19.08 MB", "19 MB"). A null size or an unknown unit gives "".
func fmtBytesEval(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	ForRows(n, sel, func(i int) {
		size, ok := args[0].AsReal(i)
		if !ok || math.IsNaN(size) || math.IsInf(size, 0) {
			return
		}
		prec := int64(0)
		if len(args) > 1 {
			if p, ok := args[1].AsLong(i); ok && p > 0 {
				prec = min(p, 15)
			}
		}
		unit := -1
		if len(args) > 2 {
			if unit = fmtByteUnit(args[2].AsString(i)); unit < -1 {
				return
			}
		}
		if unit < 0 {
			unit = 0
			for unit < len(fmtByteUnits)-1 && math.Abs(size) >= math.Pow(1024, float64(unit+1)) {
				unit++
			}
		}
		v := size / math.Pow(1024, float64(unit))
		scale := math.Pow(10, float64(prec))
		v = math.Round(v*scale) / scale
		if v == 0 {
			v = 0 // no "-0"
		}
		res.S[i] = strconv.FormatFloat(v, 'f', -1, 64) + " " + fmtByteUnits[unit]
	})
	return res
}
