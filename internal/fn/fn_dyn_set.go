package fn

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// set_union, set_intersect and set_difference over dynamic arrays. Results
// keep the order in which elements first appear; numbers compare by value
// (1 and 1.0 are the same element), strings and guids by text.

func init() {
	Register(&Scalar{Name: "set_union", MinArgs: 2, MaxArgs: 64, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMapN(func(ds []*value.Dyn) *value.Dyn { return dynSetOp(ds, dynUnion) }),
		Doc:  "The distinct elements that are in any of the arrays."})
	Register(&Scalar{Name: "set_intersect", MinArgs: 2, MaxArgs: 64, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMapN(func(ds []*value.Dyn) *value.Dyn { return dynSetOp(ds, dynIntersect) }),
		Doc:  "The distinct elements that are in every array."})
	Register(&Scalar{Name: "set_difference", MinArgs: 2, MaxArgs: 64, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMapN(func(ds []*value.Dyn) *value.Dyn { return dynSetOp(ds, dynDifference) }),
		Doc:  "The distinct elements of the first array that are in none of the others."})
}

type dynSetKind uint8

const (
	dynUnion dynSetKind = iota
	dynIntersect
	dynDifference
)

// dynSetKey identifies an element for set membership.
func dynSetKey(d *value.Dyn) string {
	switch d.Kind() {
	case value.DLong, value.DReal:
		return "n" + d.JSON()
	case value.DString, value.DGUID:
		return "s" + d.AsString()
	}
	return d.TypeName() + d.JSON()
}

func dynSetOp(ds []*value.Dyn, op dynSetKind) *value.Dyn {
	arrays := make([][]*value.Dyn, len(ds))
	for k, d := range ds {
		if d.Kind() != value.DArray {
			return nil
		}
		arrays[k] = d.Items()
	}
	// in[key] counts the arrays after the first that hold the element.
	in := map[string]int{}
	if op != dynUnion {
		for _, a := range arrays[1:] {
			seen := map[string]bool{}
			for _, e := range a {
				if key := dynSetKey(e); !seen[key] {
					seen[key] = true
					in[key]++
				}
			}
		}
	}
	out := []*value.Dyn{}
	emitted := map[string]bool{}
	first := arrays[:1]
	if op == dynUnion {
		first = arrays
	}
	for _, a := range first {
		for _, e := range a {
			key := dynSetKey(e)
			if emitted[key] {
				continue
			}
			switch op {
			case dynIntersect:
				if in[key] != len(arrays)-1 {
					continue
				}
			case dynDifference:
				if in[key] > 0 {
					continue
				}
			}
			emitted[key] = true
			out = append(out, e)
		}
	}
	return value.DynArray(out)
}
