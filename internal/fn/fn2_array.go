package fn

import (
	"math"
	"slices"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// More dynamic functions: array_split, array_rotate_left/right,
// array_shift_left/right, jaccard_index, treepath. A first argument that is
// not an array gives null.

func init() {
	Register(&Scalar{Name: "array_split", MinArgs: 2, MaxArgs: 2, Check: arrCheckSplit, Eval: arrSplit,
		Doc: "array_split(array, index or dynamic array of indexes): the parts [0..i1), [i1..i2), ... [iN..length) as an array of arrays; negative indexes count from the end."})
	Register(&Scalar{Name: "array_rotate_left", MinArgs: 2, MaxArgs: 2, Check: dynCheckArrayThenInts, Eval: arrRotate(1),
		Doc: "array_rotate_left(array, count): the elements rotated count positions to the left (right when negative)."})
	Register(&Scalar{Name: "array_rotate_right", MinArgs: 2, MaxArgs: 2, Check: dynCheckArrayThenInts, Eval: arrRotate(-1),
		Doc: "array_rotate_right(array, count): the elements rotated count positions to the right (left when negative)."})
	Register(&Scalar{Name: "array_shift_left", MinArgs: 2, MaxArgs: 3, Check: arrCheckShift, Eval: arrShift(1),
		Doc: "array_shift_left(array, count[, default]): the elements shifted count positions to the left, vacated slots filled with default."})
	Register(&Scalar{Name: "array_shift_right", MinArgs: 2, MaxArgs: 3, Check: arrCheckShift, Eval: arrShift(-1),
		Doc: "array_shift_right(array, count[, default]): the elements shifted count positions to the right, vacated slots filled with default."})
	Register(&Scalar{Name: "jaccard_index", MinArgs: 2, MaxArgs: 2, Check: dynCheckArrays(value.Real),
		Eval: Map2(value.Real, GetDyn, GetDyn, PutReal, arrJaccard),
		Doc:  "jaccard_index(set1, set2): |set1 ∩ set2| / |set1 ∪ set2| of two arrays, duplicates ignored."})
	Register(&Scalar{Name: "range", MinArgs: 2, MaxArgs: 3, Check: arrCheckRange, Eval: arrRange,
		Doc: "range(start, stop[, step]): the array start, start + step, ... up to stop (numbers, or datetimes and timespans with a timespan step, 1h by default); at most 2^20 values."})
	Register(&Scalar{Name: "treepath", MinArgs: 1, MaxArgs: 1, Check: dynCheckArrays(value.Dynamic), Eval: dynMap1(arrTreePath),
		Doc: "treepath(object): the path expressions (['key'], [0]) of every property and array level of a dynamic value."})
}

func arrCheckSplit(args []Arg) (value.Type, error) {
	if !dynIsDynamic(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a dynamic array, got %s", args[0].Type)
	}
	if !KInteger.Accepts(args[1].Type) {
		return value.Unknown, Errorf("argument 2 must be an integer or a dynamic array of integers, got %s", args[1].Type)
	}
	return value.Dynamic, nil
}

// arrSplit cuts at each index in turn. Kusto does not say what happens to
// indexes out of order; we clamp each into [previous cut, length], so such
// an index yields an empty part.
func arrSplit(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	var cuts []int64
	ForRows(n, sel, func(i int) {
		d := args[0].AsDyn(i)
		if d.Kind() != value.DArray {
			return
		}
		cuts = cuts[:0]
		if x := args[1]; x.T == value.Dynamic && x.Dyn(i).Kind() == value.DArray {
			ok := true
			x.Dyn(i).Elems(func(_ int, e *value.Dyn) bool {
				c, good := value.DynAsLong(e)
				if !good || e.Kind() == value.DBool {
					ok = false
					return false
				}
				cuts = append(cuts, c)
				return true
			})
			if !ok {
				return
			}
		} else {
			c, ok := x.AsLong(i)
			if !ok {
				return
			}
			cuts = append(cuts, c)
		}
		items := d.Items()
		l := int64(len(items))
		parts := make([]*value.Dyn, 0, len(cuts)+1)
		prev := int64(0)
		for _, c := range cuts {
			if c < 0 {
				c += l
			}
			c = min(max(c, prev), l)
			parts = append(parts, value.DynArray(slices.Clone(items[prev:c])))
			prev = c
		}
		parts = append(parts, value.DynArray(slices.Clone(items[prev:])))
		res.D[i] = value.DynArray(parts)
	})
	return res
}

// arrRotate builds array_rotate_left (dir 1) and array_rotate_right (dir -1).
func arrRotate(dir int64) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		ForRows(n, sel, func(i int) {
			d := args[0].AsDyn(i)
			k, ok := args[1].AsLong(i)
			if d.Kind() != value.DArray || !ok {
				return
			}
			items := d.Items()
			l := int64(len(items))
			out := make([]*value.Dyn, l)
			if l > 0 {
				k = ((dir*k)%l + l) % l
				for j := range out {
					out[j] = items[(int64(j)+k)%l]
				}
			}
			res.D[i] = value.DynArray(out)
		})
		return res
	}
}

func arrCheckShift(args []Arg) (value.Type, error) {
	if _, err := dynCheckArrayThenInts(args[:2]); err != nil {
		return value.Unknown, err
	}
	return value.Dynamic, nil
}

// arrShift builds array_shift_left (dir 1) and array_shift_right (dir -1).
// Without a default, vacated slots hold "" when every element is a string
// and null otherwise: Kusto says the default depends on the element type.
func arrShift(dir int64) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		ForRows(n, sel, func(i int) {
			d := args[0].AsDyn(i)
			k, ok := args[1].AsLong(i)
			if d.Kind() != value.DArray || !ok {
				return
			}
			items := d.Items()
			l := int64(len(items))
			var fill *value.Dyn
			if len(args) > 2 {
				fill = args[2].Get(i).ToDyn()
			} else if l > 0 && !slices.ContainsFunc(items, func(e *value.Dyn) bool { return e.Kind() != value.DString }) {
				fill = value.DynString("")
			}
			k *= dir
			out := make([]*value.Dyn, l)
			for j := range out {
				src := int64(j) + k
				if src >= 0 && src < l {
					out[j] = items[src]
				} else {
					out[j] = fill
				}
			}
			res.D[i] = value.DynArray(out)
		})
		return res
	}
}

// arrJaccard compares elements as the set functions do (numbers by value).
// Two empty sets give NaN (0/0), as real division does in Kusto.
func arrJaccard(a, b *value.Dyn) (float64, bool) {
	if a.Kind() != value.DArray || b.Kind() != value.DArray {
		return 0, false
	}
	set := map[string]uint8{}
	a.Elems(func(_ int, e *value.Dyn) bool { set[aggDynKey(e)] |= 1; return true })
	b.Elems(func(_ int, e *value.Dyn) bool { set[aggDynKey(e)] |= 2; return true })
	inter := 0
	for _, m := range set {
		if m == 3 {
			inter++
		}
	}
	if len(set) == 0 {
		return math.NaN(), true
	}
	return float64(inter) / float64(len(set)), true
}

// arrTreePath lists paths depth first in document order, each once: a
// property adds ['key'], an array adds [0] standing for all its elements
// (the documented examples list ['p'] and ['p'][0] for an array property).
func arrTreePath(d *value.Dyn) *value.Dyn {
	k := d.Kind()
	if k != value.DArray && k != value.DBag {
		return nil
	}
	seen := map[string]bool{}
	var out []*value.Dyn
	add := func(p string) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		out = append(out, value.DynString(p))
		return true
	}
	var walk func(prefix string, d *value.Dyn)
	walk = func(prefix string, d *value.Dyn) {
		switch d.Kind() {
		case value.DBag:
			d.Fields(func(key string, v *value.Dyn) bool {
				p := prefix + "['" + strings.ReplaceAll(strings.ReplaceAll(key, `\`, `\\`), "'", `\'`) + "']"
				add(p)
				walk(p, v)
				return true
			})
		case value.DArray:
			p := prefix + "[0]"
			d.Elems(func(_ int, e *value.Dyn) bool {
				add(p)
				walk(p, e)
				return true
			})
		}
	}
	walk("", d)
	if out == nil {
		out = []*value.Dyn{}
	}
	return value.DynArray(out)
}

func arrCheckRange(args []Arg) (value.Type, error) {
	for i, a := range args {
		t := a.Type
		ok := mathIsNumber(t) || t == value.DateTime || t == value.TimeSpan
		if !ok {
			return value.Unknown, Errorf("argument %d must be a number, datetime or timespan, got %s", i+1, t)
		}
	}
	return value.Dynamic, nil
}

// arrRange follows Kusto's range(): values from start while they do not
// pass stop, truncated at dynMaxElems. Kusto documents only ascending
// series; a negative step counts down to stop, a zero step gives null and a
// step away from stop gives an empty array (our decisions).
func arrRange(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	a0 := args[0]
	ticks := a0.T == value.DateTime || a0.T == value.TimeSpan
	integral := true
	for _, a := range args {
		integral = integral && a.T.IsInteger()
	}
	integral = integral || ticks
	ForRows(n, sel, func(i int) {
		var items []*value.Dyn
		if integral {
			start, ok1 := a0.AsLong(i)
			stop, ok2 := args[1].AsLong(i)
			step := int64(1)
			if ticks {
				step = value.TicksPerHour
			}
			ok3 := true
			if len(args) > 2 {
				step, ok3 = args[2].AsLong(i)
			}
			if !ok1 || !ok2 || !ok3 || step == 0 {
				return
			}
			mk := value.DynLong
			switch a0.T {
			case value.DateTime:
				mk = value.DynDateTime
			case value.TimeSpan:
				mk = value.DynTimeSpan
			}
			for x := start; len(items) < dynMaxElems && (step > 0 && x <= stop || step < 0 && x >= stop); x += step {
				items = append(items, mk(x))
				if step > 0 && x > math.MaxInt64-step || step < 0 && x < math.MinInt64-step {
					break
				}
			}
		} else {
			start, ok1 := a0.AsReal(i)
			stop, ok2 := args[1].AsReal(i)
			step, ok3 := 1.0, true
			if len(args) > 2 {
				step, ok3 = args[2].AsReal(i)
			}
			if !ok1 || !ok2 || !ok3 || step == 0 || math.IsNaN(step) {
				return
			}
			for k := 0; k < dynMaxElems; k++ {
				x := start + float64(k)*step
				if step > 0 && x > stop || step < 0 && x < stop || math.IsNaN(x) {
					break
				}
				items = append(items, value.DynReal(x))
			}
		}
		if items == nil {
			items = []*value.Dyn{}
		}
		res.D[i] = value.DynArray(items)
	})
	return res
}
