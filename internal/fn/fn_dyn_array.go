package fn

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// The dynamic array functions: array_length, array_concat, array_slice,
// array_index_of, set_has_element, array_reverse, array_sort_asc/desc,
// array_sum, array_iff / array_iif, pack_array, zip, repeat.
//
// Arrays from stored events are raw JSON (value.Dyn decodes them lazily);
// these functions decode the arrays they are given and build new arrays.

// dynMaxElems caps arrays built from a count (repeat), as Kusto limits
// dynamic values; larger requests give null instead of exhausting memory.
const dynMaxElems = 1 << 20

func init() {
	Register(&Scalar{Name: "array_length", MinArgs: 1, MaxArgs: 1, Check: dynCheckArrays(value.Long),
		Eval: Map1(value.Long, GetDyn, PutLong, func(d *value.Dyn) (int64, bool) {
			if d.Kind() != value.DArray {
				return 0, false
			}
			return int64(d.Len()), true
		}),
		Doc: "The number of elements of a dynamic array; null when the value is not an array."})
	Register(&Scalar{Name: "array_concat", MinArgs: 1, MaxArgs: 64, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMapN(func(ds []*value.Dyn) *value.Dyn {
			var out []*value.Dyn
			for _, d := range ds {
				if d.Kind() != value.DArray {
					return nil
				}
				out = append(out, d.Items()...)
			}
			return value.DynArray(slices.Clip(out))
		}),
		Doc: "Concatenates dynamic arrays; null when an argument is not an array."})
	Register(&Scalar{Name: "array_slice", MinArgs: 3, MaxArgs: 3, Check: dynCheckArrayThenInts, Eval: dynSlice,
		Doc: "array_slice(array, start, end): elements start..end inclusive; negative indexes count from the end."})
	Register(&Scalar{Name: "array_index_of", MinArgs: 2, MaxArgs: 5, Check: dynCheckIndexOf, Eval: dynIndexOf,
		Doc: "array_index_of(array, value[, start[, length[, occurrence]]]): the zero-based position of value, -1 when absent."})
	Register(&Scalar{Name: "set_has_element", MinArgs: 2, MaxArgs: 2, Eval: dynHasElement,
		Check: func(args []Arg) (value.Type, error) {
			if _, err := dynCheckIndexOf(args); err != nil {
				return value.Unknown, err
			}
			return value.Bool, nil
		},
		Doc: "True when the array contains the value."})
	Register(&Scalar{Name: "array_reverse", MinArgs: 1, MaxArgs: 1, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMap1(func(d *value.Dyn) *value.Dyn {
			if d.Kind() != value.DArray {
				return nil
			}
			items := slices.Clone(d.Items())
			slices.Reverse(items)
			return value.DynArray(items)
		}),
		Doc: "The elements of an array in reverse order."})
	Register(&Scalar{Name: "array_sort_asc", MinArgs: 1, MaxArgs: 65, Check: dynCheckSort, Eval: dynSort(1), Columns: sortedColumns,
		Doc: "Sorts an array ascending (numbers, then strings, then guids, then the rest); nulls last unless the last argument is false. Further arrays are reordered like the first; with several, the result is an array of the reordered arrays."})
	Register(&Scalar{Name: "array_sort_desc", MinArgs: 1, MaxArgs: 65, Check: dynCheckSort, Eval: dynSort(-1), Columns: sortedColumns,
		Doc: "Sorts an array descending; nulls last unless the last argument is false. Further arrays are reordered like the first; with several, the result is an array of the reordered arrays."})
	Register(&Scalar{Name: "array_sum", MinArgs: 1, MaxArgs: 1, Check: dynCheckArrays(value.Real),
		Eval: Map1(value.Real, GetDyn, PutReal, dynSum),
		Doc:  "The sum of the elements of a numeric array as a real; null when an element is not a number."})
	for _, name := range []string{"array_iff", "array_iif"} {
		Register(&Scalar{Name: name, MinArgs: 3, MaxArgs: 3, Check: dynCheckArrayIff, Eval: dynArrayIff,
			Doc: "Element-wise iff: picks from when_true or when_false (arrays or scalars) by the condition array."})
	}
	Register(&Scalar{Name: "pack_array", MinArgs: 1, MaxArgs: -1, Check: Fixed(value.Dynamic), Eval: dynPackArray,
		Doc: "Packs its arguments into a dynamic array."})
	Register(&Scalar{Name: "zip", MinArgs: 2, MaxArgs: 64, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMapN(func(ds []*value.Dyn) *value.Dyn {
			arrays := make([][]*value.Dyn, len(ds))
			longest := 0
			for k, d := range ds {
				if d.Kind() != value.DArray {
					return nil
				}
				arrays[k] = d.Items()
				longest = max(longest, len(arrays[k]))
			}
			out := make([]*value.Dyn, longest)
			for i := range out {
				row := make([]*value.Dyn, len(arrays))
				for k, a := range arrays {
					if i < len(a) {
						row[k] = a[i]
					}
				}
				out[i] = value.DynArray(row)
			}
			return value.DynArray(out)
		}),
		Doc: "zip(a1, a2, ...): an array of arrays holding the elements of the same index (null where an array is shorter)."})
	Register(&Scalar{Name: "repeat", MinArgs: 2, MaxArgs: 2, Check: dynCheckRepeat, Eval: dynRepeat,
		Doc: "repeat(value, count): an array of count copies of value; null for a negative count."})
}

// dynMap1 builds a kernel from a function of one dynamic argument returning
// a dynamic value (nil for null).
func dynMap1(f func(*value.Dyn) *value.Dyn) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		a := args[0]
		ForRows(n, sel, func(i int) { res.D[i] = f(a.AsDyn(i)) })
		return res
	}
}

// dynMapN is dynMap1 for any number of dynamic arguments.
func dynMapN(f func([]*value.Dyn) *value.Dyn) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		row := make([]*value.Dyn, len(args))
		ForRows(n, sel, func(i int) {
			for k, a := range args {
				row[k] = a.AsDyn(i)
			}
			res.D[i] = f(row)
		})
		return res
	}
}

// dynCheckArrays requires every argument to be dynamic.
func dynCheckArrays(ret value.Type) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		for i, a := range args {
			if !dynIsDynamic(a.Type) {
				return value.Unknown, Errorf("argument %d must be a dynamic array, got %s", i+1, a.Type)
			}
		}
		return ret, nil
	}
}

func dynCheckArrayThenInts(args []Arg) (value.Type, error) {
	if !dynIsDynamic(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a dynamic array, got %s", args[0].Type)
	}
	for i := 1; i < len(args); i++ {
		if !KInteger.Accepts(args[i].Type) {
			return value.Unknown, Errorf("argument %d must be an integer, got %s", i+1, args[i].Type)
		}
	}
	return value.Dynamic, nil
}

func dynSlice(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	ForRows(n, sel, func(i int) {
		d := args[0].AsDyn(i)
		start, ok1 := args[1].AsLong(i)
		end, ok2 := args[2].AsLong(i)
		if d.Kind() != value.DArray || !ok1 || !ok2 {
			return
		}
		items := d.Items()
		l := int64(len(items))
		if start < 0 {
			start += l
		}
		if end < 0 {
			end += l
		}
		start = max(start, 0)
		end = min(end, l-1)
		if start > end {
			res.D[i] = value.DynArray(nil)
			return
		}
		res.D[i] = value.DynArray(slices.Clone(items[start : end+1]))
	})
	return res
}

func dynCheckIndexOf(args []Arg) (value.Type, error) {
	if !dynIsDynamic(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a dynamic array, got %s", args[0].Type)
	}
	for i := 2; i < len(args); i++ {
		if !KInteger.Accepts(args[i].Type) {
			return value.Unknown, Errorf("argument %d must be an integer, got %s", i+1, args[i].Type)
		}
	}
	return value.Long, nil
}

func dynIndexOf(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	ForRows(n, sel, func(i int) {
		d := args[0].AsDyn(i)
		if d.Kind() != value.DArray || args[1].IsNull(i) {
			res.SetNull(i)
			return
		}
		var start, length, occurrence int64 = 0, -1, 1
		for k, p := range []*int64{&start, &length, &occurrence} {
			if len(args) > k+2 {
				x, ok := args[k+2].AsLong(i)
				if !ok {
					res.SetNull(i)
					return
				}
				*p = x
			}
		}
		if length < -1 || occurrence < 0 {
			res.SetNull(i)
			return
		}
		res.I[i] = dynFind(d.Items(), args[1].Get(i), start, length, occurrence)
	})
	return res
}

// dynFind returns the index of the occurrence-th match of x among items,
// searching length elements (-1: all) from start (negative: from the end).
func dynFind(items []*value.Dyn, x value.Value, start, length, occurrence int64) int64 {
	l := int64(len(items))
	if start < 0 {
		start = max(start+l, 0)
	}
	end := l
	if length >= 0 && start+length < l {
		end = start + length
	}
	if occurrence == 0 {
		occurrence = 1
	}
	for k := start; k < end; k++ {
		if dynMatches(items[k], x) {
			occurrence--
			if occurrence == 0 {
				return k
			}
		}
	}
	return -1
}

// dynMatches reports whether array element e equals the scalar x, with the
// conversions Kusto applies when comparing a dynamic to a typed value.
func dynMatches(e *value.Dyn, x value.Value) bool {
	switch x.T {
	case value.Int, value.Long:
		switch e.Kind() {
		case value.DLong:
			return e.AsLong() == x.I
		case value.DReal:
			return e.AsReal() == float64(x.I)
		}
	case value.Real, value.Decimal:
		switch e.Kind() {
		case value.DLong:
			return float64(e.AsLong()) == x.F
		case value.DReal:
			return e.AsReal() == x.F
		}
	case value.Bool:
		return e.Kind() == value.DBool && e.AsBool() == (x.I != 0)
	case value.String:
		switch e.Kind() {
		case value.DString, value.DGUID:
			return e.AsString() == x.S
		}
	case value.GUID:
		switch e.Kind() {
		case value.DString, value.DGUID:
			return strings.EqualFold(e.AsString(), x.S)
		}
	case value.DateTime, value.TimeSpan:
		switch e.Kind() {
		case value.DDateTime, value.DTimeSpan:
			return e.AsLong() == x.I
		case value.DString:
			parse := value.ParseDateTime
			if x.T == value.TimeSpan {
				parse = value.ParseTimeSpan
			}
			t, ok := parse(e.AsString())
			return ok && t == x.I
		}
	case value.Dynamic:
		return e.Equal(x.D)
	}
	return false
}

func dynHasElement(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Bool, n)
	ForRows(n, sel, func(i int) {
		d := args[0].AsDyn(i)
		if d.Kind() != value.DArray || args[1].IsNull(i) {
			res.SetNull(i)
			return
		}
		res.B[i] = dynFind(d.Items(), args[1].Get(i), 0, -1, 1) >= 0
	})
	return res
}

func dynCheckSort(args []Arg) (value.Type, error) {
	arrays := len(args)
	if arrays > 1 && args[arrays-1].Type == value.Bool {
		arrays-- // the trailing bool is nulls_last
	}
	if arrays > 64 {
		return value.Unknown, Errorf("expects at most 64 arrays, got %d", arrays)
	}
	for i, a := range args[:arrays] {
		if !dynIsDynamic(a.Type) {
			if i > 0 && i == len(args)-1 {
				return value.Unknown, Errorf("argument %d must be a dynamic array or the bool nulls_last, got %s", i+1, a.Type)
			}
			return value.Unknown, Errorf("argument %d must be a dynamic array, got %s", i+1, a.Type)
		}
	}
	return value.Dynamic, nil
}

// dynSortClass orders the kinds of elements: numbers, datetimes and
// timespans first, then strings, then guids, then everything else.
func dynSortClass(d *value.Dyn) int {
	switch d.Kind() {
	case value.DLong, value.DReal, value.DDateTime, value.DTimeSpan:
		return 0
	case value.DString:
		return 1
	case value.DGUID:
		return 2
	}
	return 3
}

func dynCompareElems(a, b *value.Dyn) int {
	ca, cb := dynSortClass(a), dynSortClass(b)
	if ca != cb {
		return cmp.Compare(ca, cb)
	}
	switch ca {
	case 0:
		if a.Kind() != value.DReal && b.Kind() != value.DReal {
			return cmp.Compare(a.AsLong(), b.AsLong())
		}
		return cmp.Compare(dynNum(a), dynNum(b))
	case 1, 2:
		return strings.Compare(a.AsString(), b.AsString())
	}
	return 0
}

func dynNum(d *value.Dyn) float64 {
	if d.Kind() == value.DReal {
		return d.AsReal()
	}
	return float64(d.AsLong())
}

// dynSort sorts the first array and reorders the other arrays the same way.
// Kusto returns one column per array; harrier's functions return one value,
// so with several arrays the result is an array of the reordered arrays
// (array_sort_asc(a, b)[1] reads b's reordering, as in Kusto). An array whose
// length differs from the first one's becomes null.
func dynSort(dir int) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Dynamic, n)
		arrays := len(args)
		var nullsArg *value.Vector
		if arrays > 1 && args[arrays-1].T == value.Bool {
			arrays--
			nullsArg = args[arrays]
		}
		ForRows(n, sel, func(i int) {
			d := args[0].AsDyn(i)
			if d.Kind() != value.DArray {
				return
			}
			nullsLast := true
			if nullsArg != nil {
				if b, ok := nullsArg.AsBool(i); ok {
					nullsLast = b
				}
			}
			items := d.Items()
			var vals, nulls []int
			for k, e := range items {
				if e.IsNull() {
					nulls = append(nulls, k)
				} else {
					vals = append(vals, k)
				}
			}
			slices.SortStableFunc(vals, func(a, b int) int { return dir * dynCompareElems(items[a], items[b]) })
			order := make([]int, 0, len(items))
			if !nullsLast {
				order = append(order, nulls...)
			}
			order = append(order, vals...)
			if nullsLast {
				order = append(order, nulls...)
			}
			permute := func(src []*value.Dyn) *value.Dyn {
				out := make([]*value.Dyn, len(order))
				for k, j := range order {
					out[k] = src[j]
				}
				return value.DynArray(out)
			}
			if arrays == 1 {
				res.D[i] = permute(items)
				return
			}
			outs := make([]*value.Dyn, arrays)
			outs[0] = permute(items)
			for a := 1; a < arrays; a++ {
				o := args[a].AsDyn(i)
				if o.Kind() == value.DArray && o.Len() == len(items) {
					outs[a] = permute(o.Items())
				}
			}
			res.D[i] = value.DynArray(outs)
		})
		return res
	}
}

func dynSum(d *value.Dyn) (float64, bool) {
	if d.Kind() != value.DArray {
		return 0, false
	}
	sum := 0.0
	ok := true
	d.Elems(func(_ int, e *value.Dyn) bool {
		switch e.Kind() {
		case value.DLong:
			sum += float64(e.AsLong())
		case value.DReal:
			sum += e.AsReal()
		default:
			ok = false
		}
		return ok
	})
	return sum, ok
}

func dynCheckArrayIff(args []Arg) (value.Type, error) {
	if !dynIsDynamic(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a dynamic array, got %s", args[0].Type)
	}
	return value.Dynamic, nil
}

func dynArrayIff(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	ForRows(n, sel, func(i int) {
		c := args[0].AsDyn(i)
		if c.Kind() != value.DArray {
			return
		}
		pick := func(v *value.Vector, k int) *value.Dyn {
			d := v.AsDyn(i)
			if d.Kind() == value.DArray {
				return d.Index(k)
			}
			return d
		}
		conds := c.Items()
		out := make([]*value.Dyn, len(conds))
		for k, e := range conds {
			var b bool
			switch e.Kind() {
			case value.DBool:
				b = e.AsBool()
			case value.DLong:
				b = e.AsLong() != 0
			case value.DReal:
				b = e.AsReal() != 0
			default:
				continue // null element
			}
			if b {
				out[k] = pick(args[1], k)
			} else {
				out[k] = pick(args[2], k)
			}
		}
		res.D[i] = value.DynArray(out)
	})
	return res
}

func dynPackArray(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	ForRows(n, sel, func(i int) {
		items := make([]*value.Dyn, len(args))
		for k, a := range args {
			if a.IsNull(i) && a.T != value.String {
				continue // JSON null
			}
			items[k] = a.AsDyn(i)
		}
		res.D[i] = value.DynArray(items)
	})
	return res
}

func dynCheckRepeat(args []Arg) (value.Type, error) {
	if !KInteger.Accepts(args[1].Type) {
		return value.Unknown, Errorf("argument 2 (count) must be an integer, got %s", args[1].Type)
	}
	return value.Dynamic, nil
}

func dynRepeat(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	ForRows(n, sel, func(i int) {
		count, ok := args[1].AsLong(i)
		if !ok || count < 0 || count > dynMaxElems {
			return
		}
		var e *value.Dyn
		if !args[0].IsNull(i) || args[0].T == value.String {
			e = args[0].AsDyn(i)
		}
		items := make([]*value.Dyn, count)
		for k := range items {
			items[k] = e
		}
		res.D[i] = value.DynArray(items)
	})
	return res
}

// sortedColumns names the columns of array_sort_asc/desc over several
// arrays: one per array, <array>_sorted as Kusto names them.
func sortedColumns(args []Arg, names []string) []value.Column {
	var out []value.Column
	for i, a := range args {
		if a.Type != value.Dynamic {
			break // the trailing nulls_last flag
		}
		name := "array" + strconv.Itoa(i+1)
		if i < len(names) && names[i] != "" {
			name = names[i]
		}
		out = append(out, value.Column{Name: name + "_sorted", Type: value.Dynamic})
	}
	return out
}
