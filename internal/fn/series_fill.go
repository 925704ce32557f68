package fn

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// Interpolation of missing values in series: series_fill_const,
// series_fill_forward, series_fill_backward, series_fill_linear. An element
// is missing when it equals missing_value_placeholder, null by default
// (double(null), long(null) and int(null) all mean null). Elements keep
// their types; only missing ones are replaced.

func init() {
	Register(&Scalar{Name: "series_fill_const", MinArgs: 2, MaxArgs: 3, Check: seriesFillCheck,
		Doc:  "series_fill_const(series, constant_value[, missing_value_placeholder]): replaces missing values with a constant.",
		Eval: seriesFillKernel(seriesFillConst, 2)})
	Register(&Scalar{Name: "series_fill_forward", MinArgs: 1, MaxArgs: 2, Check: seriesFillCheck,
		Doc:  "series_fill_forward(series[, missing_value_placeholder]): fills each missing value with the nearest value on its left.",
		Eval: seriesFillKernel(seriesFillForward, 1)})
	Register(&Scalar{Name: "series_fill_backward", MinArgs: 1, MaxArgs: 2, Check: seriesFillCheck,
		Doc:  "series_fill_backward(series[, missing_value_placeholder]): fills each missing value with the nearest value on its right.",
		Eval: seriesFillKernel(seriesFillBackward, 1)})
	Register(&Scalar{Name: "series_fill_linear", MinArgs: 1, MaxArgs: 4, Check: seriesFillCheck,
		Doc:  "series_fill_linear(series[, missing_value_placeholder[, fill_edges[, constant_value]]]): linear interpolation of missing values.",
		Eval: seriesFillKernel(seriesFillLinear, 1)})
}

func seriesFillCheck(args []Arg) (value.Type, error) {
	if t := args[0].Type; t != value.Dynamic && t != value.Unknown {
		return value.Unknown, Errorf("argument 1 must be a dynamic array, got %s", t)
	}
	return value.Dynamic, nil
}

// seriesFillArgs are one row's arguments after the series.
type seriesFillArgs struct {
	rest []value.Value
}

// arg returns argument k (counted from 0 = the series), or null when absent.
func (a seriesFillArgs) arg(k int) value.Value {
	if k-1 < len(a.rest) {
		return a.rest[k-1]
	}
	return value.Value{T: value.Real, Null: true}
}

// missing returns the test for missing elements given the placeholder.
func seriesMissing(ph value.Value) func(d *value.Dyn) bool {
	if ph.IsNull() {
		return (*value.Dyn).IsNull
	}
	p := seriesNumOf(ph.ToDyn())
	if !p.ok {
		// A placeholder that is no number matches no element.
		return func(*value.Dyn) bool { return false }
	}
	return func(d *value.Dyn) bool {
		x := seriesNumOf(d)
		if !x.ok {
			return false
		}
		c, ok := seriesCompare(x, p)
		return ok && c == 0
	}
}

// seriesFillKernel runs fill on every row; phArg is the position of the
// missing_value_placeholder argument.
func seriesFillKernel(fill func(items []*value.Dyn, missing func(*value.Dyn) bool, a seriesFillArgs) []*value.Dyn, phArg int) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		rest := make([]value.Value, len(args)-1)
		ForRows(n, sel, func(i int) {
			d := args[0].AsDyn(i)
			if d.Kind() != value.DArray {
				return
			}
			for k := range rest {
				rest[k] = args[k+1].Get(i)
			}
			a := seriesFillArgs{rest: rest}
			items := append([]*value.Dyn(nil), d.Items()...)
			res.D[i] = value.DynArray(fill(items, seriesMissing(a.arg(phArg)), a))
		})
		return res
	}
}

func seriesFillConst(items []*value.Dyn, missing func(*value.Dyn) bool, a seriesFillArgs) []*value.Dyn {
	c := a.arg(1).ToDyn()
	for k, d := range items {
		if missing(d) {
			items[k] = c
		}
	}
	return items
}

func seriesFillForward(items []*value.Dyn, missing func(*value.Dyn) bool, _ seriesFillArgs) []*value.Dyn {
	var last *value.Dyn
	for k, d := range items {
		if missing(d) {
			if last != nil {
				items[k] = last
			}
			continue
		}
		last = d
	}
	return items
}

func seriesFillBackward(items []*value.Dyn, missing func(*value.Dyn) bool, _ seriesFillArgs) []*value.Dyn {
	var next *value.Dyn
	for k := len(items) - 1; k >= 0; k-- {
		if missing(items[k]) {
			if next != nil {
				items[k] = next
			}
			continue
		}
		next = items[k]
	}
	return items
}

// seriesFillLinear interpolates between the nearest numbers on both sides
// of each run of missing values. When every number is a long the results
// are truncated to longs, as Kusto rounds them (73.5 gives 73).
func seriesFillLinear(items []*value.Dyn, missing func(*value.Dyn) bool, a seriesFillArgs) []*value.Dyn {
	edges := true
	if v := a.arg(2); !v.IsNull() {
		if b, ok := value.ConstVector(v).AsBool(0); ok {
			edges = b
		}
	}
	allInt := true
	var anchors []int
	for k, d := range items {
		if missing(d) {
			continue
		}
		x := seriesNumOf(d)
		if !x.ok {
			// Not a number and not missing: kept as it is.
			continue
		}
		allInt = allInt && x.isInt
		anchors = append(anchors, k)
	}
	if len(anchors) == 0 {
		c := value.NewReal(0).ToDyn()
		if len(a.rest) >= 3 {
			c = a.arg(3).ToDyn()
		}
		for k, d := range items {
			if missing(d) {
				items[k] = c
			}
		}
		return items
	}
	fill := func(k int, f float64) {
		if allInt {
			items[k] = value.DynLong(int64(f))
			return
		}
		items[k] = value.DynReal(f)
	}
	for p := 0; p+1 < len(anchors); p++ {
		i, j := anchors[p], anchors[p+1]
		lo, hi := seriesNumOf(items[i]).f, seriesNumOf(items[j]).f
		for k := i + 1; k < j; k++ {
			if missing(items[k]) {
				fill(k, lo+(hi-lo)*float64(k-i)/float64(j-i))
			}
		}
	}
	if edges {
		first, last := anchors[0], anchors[len(anchors)-1]
		for k := 0; k < first; k++ {
			if missing(items[k]) {
				items[k] = items[first]
			}
		}
		for k := last + 1; k < len(items); k++ {
			if missing(items[k]) {
				items[k] = items[last]
			}
		}
	}
	return items
}
