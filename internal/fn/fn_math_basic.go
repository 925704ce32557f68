package fn

import (
	"math"
	"math/rand/v2"

	"github.com/harrier-sec/harrier/internal/value"
)

// The math functions: abs, ceiling, exp, exp2, exp10, log, log2, log10, pow,
// sqrt, round, sign, pi, rand, isnan, isinf, isfinite.

func init() {
	real1 := func(name, doc string, f func(float64) (float64, bool)) {
		Register(&Scalar{Name: name, MinArgs: 1, MaxArgs: 1, Check: mathCheckNumbers(value.Real),
			Eval: Map1(value.Real, GetReal, PutReal, f), Doc: doc})
	}
	real1("exp", "e raised to the power of the argument.", mathOK(math.Exp))
	real1("exp2", "2 raised to the power of the argument.", mathOK(math.Exp2))
	real1("exp10", "10 raised to the power of the argument.", mathOK(func(x float64) float64 { return math.Pow(10, x) }))
	real1("log", "Natural logarithm; null for negative arguments.", mathLog(math.Log))
	real1("log2", "Base-2 logarithm; null for negative arguments.", mathLog(math.Log2))
	real1("log10", "Base-10 logarithm; null for negative arguments.", mathLog(log10))
	real1("sqrt", "Square root; null for negative arguments.", mathLog(math.Sqrt))
	real1("sign", "-1, 0 or 1 as the argument is negative, zero or positive.", mathOK(func(x float64) float64 {
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return x // 0 and NaN
	}))
	Register(&Scalar{Name: "pow", MinArgs: 2, MaxArgs: 2, Check: mathCheckNumbers(value.Real),
		Eval: Map2(value.Real, GetReal, GetReal, PutReal, func(b, e float64) (float64, bool) { return math.Pow(b, e), true }),
		Doc:  "base raised to the power exponent."})
	Register(&Scalar{Name: "pi", MinArgs: 0, MaxArgs: 0, Check: Fixed(value.Real), Eval: mathConst(math.Pi),
		Doc: "The constant π."})
	Register(&Scalar{Name: "rand", MinArgs: 0, MaxArgs: 1, Check: mathCheckNumbers(value.Real), Eval: mathRand,
		Volatile: true, Doc: "rand(): uniform real in [0, 1); rand(N): one of 0.0, 1.0, ..., N-1 chosen uniformly."})
	for _, p := range []struct {
		name, doc string
		f         func(float64) bool
	}{
		{"isnan", "True when the argument is NaN.", math.IsNaN},
		{"isinf", "True when the argument is positive or negative infinity.", func(x float64) bool { return math.IsInf(x, 0) }},
		{"isfinite", "True when the argument is neither NaN nor infinite.", func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }},
	} {
		f := p.f
		Register(&Scalar{Name: p.name, MinArgs: 1, MaxArgs: 1, Check: mathCheckNumbers(value.Bool),
			Eval: Map1(value.Bool, GetReal, PutBool, func(x float64) (bool, bool) { return f(x), true }), Doc: p.doc})
	}
	Register(&Scalar{Name: "abs", MinArgs: 1, MaxArgs: 1, Check: mathCheckAbs, Eval: mathAbs,
		Doc: "Absolute value; int and long give long, timespan gives timespan."})
	Register(&Scalar{Name: "ceiling", MinArgs: 1, MaxArgs: 1, Check: mathCheckSameNumber, Eval: mathCeiling,
		Doc: "The smallest integer greater than or equal to the argument, of the argument's type."})
	Register(&Scalar{Name: "round", MinArgs: 1, MaxArgs: 2, Check: mathCheckRound, Eval: mathRound,
		Doc: "round(number[, precision]): rounds to precision digits after the point (negative: before); halves round away from zero."})
}

func mathOK(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) { return f(x), true }
}

// mathLog wraps functions defined only for non-negative arguments: Kusto
// gives null for a negative argument (and -Infinity for log(0)).
func mathLog(f func(float64) float64) func(float64) (float64, bool) {
	return func(x float64) (float64, bool) {
		if x < 0 {
			return 0, false
		}
		return f(x), true
	}
}

// Constants of log10 in double-double: log10(2) and 1/ln(10) as hi + lo.
const (
	log10of2Hi = 0.3010299956639812
	log10of2Lo = -2.8037281277851704e-18
	invLn10Hi  = 0.4342944819032518
	invLn10Lo  = 1.098319650216765e-17
)

// log10 is the base-10 logarithm rounded closer to the exact value than
// math.Log10, which multiplies log2(x) by a rounded constant and is often
// one ulp off (log10(5), log10(0.1)); Kusto's log10 is the C runtime's. x is
// split into 2^e * m and e*log10(2) + ln(m)/ln(10) is summed in double-double.
func log10(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 1) {
		return math.Log10(x)
	}
	frac, exp := math.Frexp(x)
	if frac < math.Sqrt2/2 {
		frac *= 2
		exp--
	}
	e := float64(exp)
	aHi := e * log10of2Hi
	aLo := math.FMA(e, log10of2Hi, -aHi) + e*log10of2Lo
	l := math.Log(frac)
	bHi := l * invLn10Hi
	bLo := math.FMA(l, invLn10Hi, -bHi) + l*invLn10Lo
	s := aHi + bHi
	bb := s - aHi
	t := (aHi - (s - bb)) + (bHi - bb)
	return s + (t + aLo + bLo)
}

func mathConst(x float64) EvalFunc {
	return func(_ *Context, _ []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Real, n)
		ForRows(n, sel, func(i int) { res.F[i] = x })
		return res
	}
}

// mathCheckNumbers accepts numeric (or dynamic) arguments and returns ret.
func mathCheckNumbers(ret value.Type) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		for i, a := range args {
			if !mathIsNumber(a.Type) {
				return value.Unknown, Errorf("argument %d must be a number, got %s", i+1, a.Type)
			}
		}
		return ret, nil
	}
}

// mathSameNumber is the result type of functions that keep their argument's
// type (ceiling, round): dynamic computes as real.
func mathSameNumber(t value.Type) value.Type {
	if t == value.Dynamic {
		return value.Real
	}
	return t
}

func mathCheckSameNumber(args []Arg) (value.Type, error) {
	if _, err := mathCheckNumbers(value.Real)(args); err != nil {
		return value.Unknown, err
	}
	return mathSameNumber(args[0].Type), nil
}

func mathCheckRound(args []Arg) (value.Type, error) {
	if len(args) > 1 && !mathIsNumber(args[1].Type) {
		return value.Unknown, Errorf("argument 2 must be an integer, got %s", args[1].Type)
	}
	return mathCheckSameNumber(args[:1])
}

func mathCheckAbs(args []Arg) (value.Type, error) {
	switch t := args[0].Type; {
	case t == value.TimeSpan:
		return value.TimeSpan, nil
	case t.IsInteger():
		return value.Long, nil
	case mathIsNumber(t):
		return mathSameNumber(t), nil
	default:
		return value.Unknown, Errorf("argument 1 must be a number or timespan, got %s", t)
	}
}

func mathAbs(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	a := args[0]
	if a.T.UsesInts() {
		out := value.Long
		if a.T == value.TimeSpan {
			out = value.TimeSpan
		}
		return Map1(out, GetLong, PutLong, func(x int64) (int64, bool) {
			if x == math.MinInt64 {
				return 0, false
			}
			if x < 0 {
				return -x, true
			}
			return x, true
		})(nil, args, n, sel)
	}
	return Map1(mathSameNumber(a.T), GetReal, PutReal, mathOK(math.Abs))(nil, args, n, sel)
}

func mathCeiling(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	a := args[0]
	if a.T.IsInteger() {
		return Map1(a.T, GetLong, PutLong, convOK[int64])(nil, args, n, sel)
	}
	return Map1(mathSameNumber(a.T), GetReal, PutReal, mathOK(math.Ceil))(nil, args, n, sel)
}

func mathRound(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	a := args[0]
	out := mathSameNumber(a.T)
	res := value.NewVector(out, n)
	ForRows(n, sel, func(i int) {
		var prec int64
		if len(args) > 1 {
			p, ok := args[1].AsLong(i)
			if !ok {
				res.SetNull(i)
				return
			}
			prec = p
		}
		if out.IsInteger() {
			x, ok := a.AsLong(i)
			if !ok {
				res.SetNull(i)
				return
			}
			res.I[i] = mathRoundLong(x, prec)
			return
		}
		x, ok := a.AsReal(i)
		if !ok {
			res.SetNull(i)
			return
		}
		res.F[i] = mathRoundReal(x, prec)
	})
	return res
}

// mathRoundReal rounds x to prec decimal digits, halves away from zero.
func mathRoundReal(x float64, prec int64) float64 {
	if prec == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return math.Round(x)
	}
	if prec > 0 {
		if prec > 308 {
			return x
		}
		p := math.Pow(10, float64(prec))
		y := x * p
		if math.IsInf(y, 0) {
			return x
		}
		return math.Round(y) / p
	}
	if prec < -308 {
		return 0
	}
	p := math.Pow(10, float64(-prec))
	return math.Round(x/p) * p
}

// mathRoundLong rounds an integer to prec digits; only a negative precision
// changes it (round(1250, -2) is 1300).
func mathRoundLong(x, prec int64) int64 {
	if prec >= 0 {
		return x
	}
	if prec < -18 {
		return 0
	}
	p := int64(1)
	for k := int64(0); k < -prec; k++ {
		p *= 10
	}
	q, r := x/p, x%p
	if r < 0 {
		r = -r
	}
	if 2*r >= p {
		if x < 0 {
			q--
		} else {
			q++
		}
	}
	return q * p
}

func mathRand(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Real, n)
	ForRows(n, sel, func(i int) {
		if len(args) == 0 {
			res.F[i] = rand.Float64()
			return
		}
		m, ok := args[0].AsLong(i)
		if !ok || m <= 0 {
			res.SetNull(i)
			return
		}
		res.F[i] = float64(rand.Int64N(m))
	})
	return res
}
