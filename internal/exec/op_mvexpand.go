package exec

import (
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/value"
)

// mvExpand expands arrays (and bags) into one row per element. Several
// columns expand in lockstep; the shorter ones are padded with null. As in
// Kusto, an empty array or bag yields no row and a null yields one null row.
func (c *compiler) mvExpand(x *plan.MvExpand, maxRows int64) (stage, error) {
	srcs := make([]evaluator, len(x.Cols))
	for i, col := range x.Cols {
		ev, err := c.expr(col.X)
		if err != nil {
			return nil, err
		}
		srcs[i] = ev
	}
	nIn := len(x.In.Schema())
	out := x.Out
	limit := x.Limit
	return func(b *value.Batch) *value.Batch {
		vals := make([]*value.Vector, len(srcs))
		for i, s := range srcs {
			vals[i] = s(b)
		}
		var rows []int32
		exp := make([][]*value.Dyn, len(srcs))
		var idx []int64
		items := make([][]*value.Dyn, len(srcs))
		forRows(b, func(i int) {
			n := 0
			for k, v := range vals {
				items[k] = elements(v.AsDyn(i), x.BagArray)
				if len(items[k]) > n {
					n = len(items[k])
				}
			}
			if limit > 0 && int64(n) > limit {
				n = int(limit)
			}
			for j := 0; j < n; j++ {
				rows = append(rows, int32(i))
				idx = append(idx, int64(j))
				for k := range vals {
					var d *value.Dyn
					if j < len(items[k]) {
						d = items[k][j]
					}
					exp[k] = append(exp[k], d)
				}
			}
		})
		res := &value.Batch{Len: len(rows), Cols: make([]*value.Vector, len(out))}
		for ci := 0; ci < nIn; ci++ {
			res.Cols[ci] = b.Cols[ci].Gather(rows)
		}
		for k, col := range x.Cols {
			res.Cols[col.Index] = typedFromDyn(exp[k], col.ToType)
		}
		if x.ItemIndex >= 0 {
			v := value.NewVector(value.Long, len(rows))
			copy(v.I, idx)
			res.Cols[x.ItemIndex] = v
		}
		return res
	}, nil
}

// elements lists what mv-expand produces for one value: array elements,
// bag entries as {key: value} (or [key, value] with bagexpansion=array), a
// scalar or null as itself.
func elements(d *value.Dyn, bagArray bool) []*value.Dyn {
	switch d.Kind() {
	case value.DNull:
		return []*value.Dyn{nil}
	case value.DArray:
		return d.Items()
	case value.DBag:
		var out []*value.Dyn
		d.Fields(func(k string, v *value.Dyn) bool {
			if bagArray {
				out = append(out, value.DynArray([]*value.Dyn{value.DynString(k), v}))
			} else {
				out = append(out, value.DynBag([]string{k}, []*value.Dyn{v}))
			}
			return true
		})
		return out
	}
	return []*value.Dyn{d}
}

// typedFromDyn builds a vector of type t from dynamic values as "to
// typeof(t)" does: a cast only, so elements of another kind become null
// (numbers widen; anything renders as a string).
func typedFromDyn(ds []*value.Dyn, t value.Type) *value.Vector {
	out := value.NewVector(t, len(ds))
	if t == value.Dynamic {
		copy(out.D, ds)
		return out
	}
	for i, d := range ds {
		k := d.Kind()
		switch {
		case t == value.String:
			out.S[i] = d.String()
		case t == value.Bool && k == value.DBool:
			out.B[i] = d.AsBool()
		case t.IsInteger() && k == value.DLong:
			out.I[i] = d.AsLong()
			if t == value.Int {
				out.I[i] = int64(int32(out.I[i]))
			}
		case t.UsesFloats() && (k == value.DReal || k == value.DLong):
			f, _ := dynNumber(d)
			out.F[i] = f
		case t == value.DateTime && (k == value.DDateTime || k == value.DString):
			if n, ok := value.ParseDateTime(d.String()); ok && k == value.DString {
				out.I[i] = n
			} else if k == value.DDateTime {
				out.I[i] = d.AsLong()
			} else {
				out.SetNull(i)
			}
		case t == value.TimeSpan && k == value.DTimeSpan:
			out.I[i] = d.AsLong()
		case t == value.GUID && (k == value.DGUID || k == value.DString):
			out.S[i] = d.AsString()
		default:
			out.SetNull(i)
		}
	}
	return out
}
