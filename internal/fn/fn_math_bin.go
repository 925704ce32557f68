package fn

import (
	"math"

	"github.com/harrier-sec/harrier/internal/value"
)

// bin (and its alias floor) and bin_at: round down to a multiple of a bin
// size. Datetimes bin on ticks since 0001-01-01, as Kusto does, so 1d bins
// start at midnight and 7d bins on Mondays.

func init() {
	for _, name := range []string{"bin", "floor"} {
		Register(&Scalar{Name: name, MinArgs: 2, MaxArgs: 2, Check: mathCheckBin, Eval: mathBin,
			Doc: "Rounds value down to a multiple of roundTo (numbers, timespans, datetimes); null for a null or non-positive size."})
	}
	Register(&Scalar{Name: "bin_at", MinArgs: 3, MaxArgs: 3, Check: mathCheckBinAt, Eval: mathBinAt,
		Doc: "bin_at(value, bin_size, fixed_point): like bin, with bins aligned so that fixed_point starts one."})
}

const mathBinUsage = "takes (number, number), (timespan, timespan) or (datetime, timespan)"

func mathCheckBin(args []Arg) (value.Type, error) {
	v, r := args[0].Type, args[1].Type
	if t, ok := mathBinType(v, r); ok {
		return t, nil
	}
	return value.Unknown, Errorf("bin %s, got %s", mathBinUsage, TypeList(args))
}

func mathBinType(v, r value.Type) (value.Type, bool) {
	switch {
	case v == value.Unknown:
		return value.Unknown, true
	case r == value.Unknown && (v == value.DateTime || v == value.TimeSpan || v.IsNumeric()):
		return v, true
	case (v == value.DateTime || v == value.TimeSpan) && r == value.TimeSpan:
		return v, true
	case v.IsNumeric() && r.IsNumeric():
		return value.PromoteNumeric(v, r), true
	}
	return value.Unknown, false
}

func mathBin(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	v, r := args[0], args[1]
	out, _ := mathBinType(v.T, r.T)
	res := value.NewVector(out, n)
	if out.UsesFloats() {
		if r.Const && !v.Const && v.T.UsesFloats() && sel == nil {
			size, ok := r.AsReal(0)
			if !ok || !(size > 0) {
				ForRows(n, sel, res.SetNull)
				return res
			}
			// The hot path: a real column and a constant size.
			for i, x := range v.F[:n] {
				res.F[i] = math.Floor(x/size) * size
			}
			res.CopyNulls(v)
			return res
		}
		ForRows(n, sel, func(i int) {
			x, ok1 := v.AsReal(i)
			size, ok2 := r.AsReal(i)
			if !ok1 || !ok2 || !(size > 0) {
				res.SetNull(i)
				return
			}
			res.F[i] = math.Floor(x/size) * size
		})
		return res
	}
	if r.Const && !v.Const && v.T.UsesInts() {
		size, ok := r.AsLong(0)
		if !ok || size <= 0 {
			ForRows(n, sel, res.SetNull)
			return res
		}
		mathBinInts(res, v, size, n, sel)
		return res
	}
	ForRows(n, sel, func(i int) {
		x, ok1 := v.AsLong(i)
		size, ok2 := r.AsLong(i)
		if !ok1 || !ok2 || size <= 0 {
			res.SetNull(i)
			return
		}
		y, ok := mathFloorMul(x, size)
		if !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = y
	})
	return res
}

// mathBinInts is the hot path of bin(column, constant) over integer-backed
// columns (long, datetime, timespan): a tight loop over the slices.
func mathBinInts(res, v *value.Vector, size int64, n int, sel []int32) {
	in, out := v.I, res.I
	nulls := v.MaybeHasNulls()
	one := func(i int) {
		if nulls && v.IsNull(i) {
			res.SetNull(i)
			return
		}
		x := in[i]
		m := x % size
		if m < 0 {
			m += size
			if x-m > x { // wrapped below the smallest long
				res.SetNull(i)
				return
			}
		}
		out[i] = x - m
	}
	if sel != nil {
		for _, i := range sel {
			one(int(i))
		}
		return
	}
	// Null rows are computed too (their payload is ignored) so that the
	// arithmetic stays one tight loop; nulls are copied afterwards.
	for _, i := range mathBinNoNulls(in[:n], out[:n], size) {
		res.SetNull(i)
	}
	res.CopyNulls(v)
}

// mathBinNoNulls rounds every x of in down to a multiple of size (> 0) and
// returns the rows whose result would fall below the smallest long.
// Integer division is the cost of this loop, so when the quotient is small
// enough for a float64 to estimate it within a few units (size above 2^12
// ticks, i.e. any bin of a millisecond or more, for non-negative x), the
// quotient is estimated with a multiplication and corrected exactly.
func mathBinNoNulls(in, out []int64, size int64) (wrapped []int) {
	out = out[:len(in)]
	neg := func(i int, x int64) {
		m := x % size
		if m < 0 {
			m += size
		}
		if x-m > x {
			wrapped = append(wrapped, i)
		}
		out[i] = x - m
	}
	if size >= 1<<12 {
		inv := 1 / float64(size)
		for i, x := range in {
			if x < 0 {
				neg(i, x)
				continue
			}
			q := int64(float64(x) * inv)
			r := x - q*size
			for r < 0 {
				r += size
			}
			for r >= size {
				r -= size
			}
			out[i] = x - r
		}
		return wrapped
	}
	for i, x := range in {
		if x < 0 {
			neg(i, x)
			continue
		}
		out[i] = x - x%size
	}
	return wrapped
}

func mathCheckBinAt(args []Arg) (value.Type, error) {
	if t, ok := mathBinAtType(args[0].Type, args[1].Type, args[2].Type); ok {
		return t, nil
	}
	return value.Unknown, Errorf("bin_at takes (number, number, number), (timespan, timespan, timespan) or (datetime, timespan, datetime), got %s", TypeList(args))
}

func mathBinAtType(v, size, fixed value.Type) (value.Type, bool) {
	t, ok := mathBinType(v, size)
	if !ok {
		return value.Unknown, false
	}
	switch {
	case fixed == value.Unknown || t == value.Unknown:
		return t, true
	case t == value.DateTime || t == value.TimeSpan:
		return t, fixed == t
	case fixed.IsNumeric():
		return value.PromoteNumeric(t, fixed), true
	}
	return value.Unknown, false
}

func mathBinAt(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	v, s, f := args[0], args[1], args[2]
	out, _ := mathBinAtType(v.T, s.T, f.T)
	res := value.NewVector(out, n)
	ForRows(n, sel, func(i int) {
		if out.UsesFloats() {
			x, ok1 := v.AsReal(i)
			size, ok2 := s.AsReal(i)
			fix, ok3 := f.AsReal(i)
			if !ok1 || !ok2 || !ok3 || !(size > 0) {
				res.SetNull(i)
				return
			}
			res.F[i] = fix + math.Floor((x-fix)/size)*size
			return
		}
		x, ok1 := v.AsLong(i)
		size, ok2 := s.AsLong(i)
		fix, ok3 := f.AsLong(i)
		if !ok1 || !ok2 || !ok3 || size <= 0 {
			res.SetNull(i)
			return
		}
		d, ok := mathAddOK(x, -fix)
		if !ok {
			res.SetNull(i)
			return
		}
		y, ok := mathFloorMul(d, size)
		if !ok {
			res.SetNull(i)
			return
		}
		if y, ok = mathAddOK(y, fix); !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = y
	})
	return res
}
