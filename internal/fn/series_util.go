package fn

import (
	"math"

	"github.com/harrier-sec/harrier/internal/value"
)

// Helpers shared by the series_* functions, which work on dynamic arrays of
// numbers as make-series builds them.

// seriesNum is one numeric operand: a long (isInt) or a real. ok is false
// for null and non-numeric values.
type seriesNum struct {
	i     int64
	f     float64
	isInt bool
	ok    bool
}

func seriesNumOf(d *value.Dyn) seriesNum {
	switch d.Kind() {
	case value.DLong:
		n := d.AsLong()
		return seriesNum{i: n, f: float64(n), isInt: true, ok: true}
	case value.DReal:
		return seriesNum{f: d.AsReal(), ok: true}
	}
	return seriesNum{}
}

// seriesOperand is one argument of an element-wise function: an array, or
// a number applied to every element. null is set when the argument is
// neither.
type seriesOperand struct {
	items  []*value.Dyn
	scalar seriesNum
	isArr  bool
	null   bool
}

func (o *seriesOperand) len() int {
	if o.isArr {
		return len(o.items)
	}
	return 0
}

func (o *seriesOperand) at(k int) seriesNum {
	if !o.isArr {
		return o.scalar
	}
	if k >= len(o.items) {
		return seriesNum{}
	}
	return seriesNumOf(o.items[k])
}

// readOperand reads row i of v as an array or a broadcast number.
func readOperand(v *value.Vector, i int) seriesOperand {
	if v.IsNull(i) {
		return seriesOperand{null: true}
	}
	switch {
	case v.T == value.Dynamic:
		d := v.Dyn(i)
		if d.Kind() == value.DArray {
			return seriesOperand{items: d.Items(), isArr: true}
		}
		if n := seriesNumOf(d); n.ok {
			return seriesOperand{scalar: n}
		}
		return seriesOperand{null: true}
	case v.T.IsInteger():
		n := v.Int64(i)
		return seriesOperand{scalar: seriesNum{i: n, f: float64(n), isInt: true, ok: true}}
	case v.T.UsesFloats():
		return seriesOperand{scalar: seriesNum{f: v.Float(i), ok: true}}
	}
	return seriesOperand{null: true}
}

// seriesCheck accepts dynamic series and, where numbers is set, numbers
// applied to every element.
func seriesCheck(ret value.Type, numbers bool) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		for i, a := range args {
			if a.Type == value.Dynamic || a.Type == value.Unknown || numbers && a.Type.IsNumeric() {
				continue
			}
			want := "a dynamic array"
			if numbers {
				want += " or a number"
			}
			return value.Unknown, Errorf("argument %d must be %s, got %s", i+1, want, a.Type)
		}
		return ret, nil
	}
}

// seriesMap builds a kernel computing one dynamic result per row from the
// operands of all arguments.
func seriesMap(f func(ops []seriesOperand) *value.Dyn) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		ops := make([]seriesOperand, len(args))
		ForRows(n, sel, func(i int) {
			for k, a := range args {
				ops[k] = readOperand(a, i)
				if ops[k].null {
					return
				}
			}
			res.D[i] = f(ops)
		})
		return res
	}
}

// seriesElementwise applies f to aligned elements of the operands; the
// result is as long as the longest array (null past a shorter one), and
// null when no operand is an array.
func seriesElementwise(ops []seriesOperand, f func(xs []seriesNum) *value.Dyn) *value.Dyn {
	n, arr := 0, false
	for k := range ops {
		if ops[k].isArr {
			arr = true
			n = max(n, ops[k].len())
		}
	}
	if !arr {
		return nil
	}
	out := make([]*value.Dyn, n)
	xs := make([]seriesNum, len(ops))
	for e := range out {
		good := true
		for k := range ops {
			xs[k] = ops[k].at(e)
			good = good && xs[k].ok
		}
		if good {
			out[e] = f(xs)
		}
	}
	return value.DynArray(out)
}

// seriesIsFinite reports whether an element takes part in statistics.
func seriesIsFinite(x seriesNum) bool {
	return x.ok && !math.IsNaN(x.f) && !math.IsInf(x.f, 0)
}
