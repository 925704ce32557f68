package fn

import (
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// The property-bag functions: bag_keys, bag_merge, bag_remove_keys,
// bag_has_key, and bag_pack with its aliases pack and pack_dictionary.
// pack_all is not provided: it needs the whole input row, which a scalar
// function does not see.

func init() {
	Register(&Scalar{Name: "bag_keys", MinArgs: 1, MaxArgs: 1, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMap1(func(d *value.Dyn) *value.Dyn {
			if d.Kind() != value.DBag {
				return nil
			}
			var keys []*value.Dyn
			d.Fields(func(k string, _ *value.Dyn) bool {
				keys = append(keys, value.DynString(k))
				return true
			})
			return value.DynArray(keys)
		}),
		Doc: "The root keys of a property bag as an array; null when the value is not a bag."})
	Register(&Scalar{Name: "bag_merge", MinArgs: 2, MaxArgs: 64, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMapN(dynMerge),
		Doc:  "Merges property bags; when a key is in several bags the first one's value is kept."})
	Register(&Scalar{Name: "bag_remove_keys", MinArgs: 2, MaxArgs: 2, Check: dynCheckArrays(value.Dynamic),
		Eval: dynMapN(func(ds []*value.Dyn) *value.Dyn {
			bag, keys := ds[0], ds[1]
			if bag.Kind() != value.DBag || keys.Kind() != value.DArray {
				return nil
			}
			keys.Elems(func(_ int, k *value.Dyn) bool {
				if path, ok := dynParsePath(k.String()); ok && k.Kind() == value.DString {
					bag = dynRemovePath(bag, path)
				}
				return true
			})
			return bag
		}),
		Doc: "bag_remove_keys(bag, keys): the bag without the given keys (JSONPath such as $.a.b reaches nested keys)."})
	Register(&Scalar{Name: "bag_has_key", MinArgs: 2, MaxArgs: 2, Check: dynCheckHasKey, Eval: dynHasKey,
		Doc: "bag_has_key(bag, key): true when the bag has the key (JSONPath such as $.a.b reaches nested keys)."})
	for _, name := range []string{"bag_pack", "pack", "pack_dictionary"} {
		Register(&Scalar{Name: name, MinArgs: 2, MaxArgs: -1, Check: dynCheckPack, Eval: dynPack,
			Doc: "bag_pack(key1, value1, key2, value2, ...): a property bag of the given keys and values."})
	}
}

// dynFieldsOf returns the keys and values of a bag as new slices.
func dynFieldsOf(d *value.Dyn) (keys []string, vals []*value.Dyn) {
	d.Fields(func(k string, v *value.Dyn) bool {
		keys = append(keys, k)
		vals = append(vals, v)
		return true
	})
	return keys, vals
}

func dynMerge(ds []*value.Dyn) *value.Dyn {
	var keys []string
	var vals []*value.Dyn
	seen := map[string]bool{}
	found := false
	for _, d := range ds {
		if d.Kind() != value.DBag {
			continue // null and non-bag arguments add nothing
		}
		found = true
		d.Fields(func(k string, v *value.Dyn) bool {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
				vals = append(vals, v)
			}
			return true
		})
	}
	if !found {
		return nil
	}
	return value.DynBag(keys, vals)
}

// dynParsePath parses a key argument: a plain key, or a JSONPath of keys
// ($.a.b, $['a']["b"]). Array indexes are not supported (Kusto does not
// support them here either).
func dynParsePath(p string) ([]string, bool) {
	if !strings.HasPrefix(p, "$") {
		return []string{p}, true
	}
	rest := p[1:]
	var out []string
	for rest != "" {
		switch rest[0] {
		case '.':
			rest = rest[1:]
			j := strings.IndexAny(rest, ".[")
			if j < 0 {
				j = len(rest)
			}
			if j == 0 {
				return nil, false
			}
			out = append(out, rest[:j])
			rest = rest[j:]
		case '[':
			if len(rest) < 2 || (rest[1] != '\'' && rest[1] != '"') {
				return nil, false
			}
			q := rest[1]
			end := strings.IndexByte(rest[2:], q)
			if end < 0 || !strings.HasPrefix(rest[2+end+1:], "]") {
				return nil, false
			}
			out = append(out, rest[2:2+end])
			rest = rest[2+end+2:]
		default:
			return nil, false
		}
	}
	return out, len(out) > 0
}

// dynRemovePath returns bag without the key at path (bag unchanged when the
// path does not exist).
func dynRemovePath(bag *value.Dyn, path []string) *value.Dyn {
	if bag.Kind() != value.DBag || bag.Get(path[0]) == nil {
		return bag
	}
	keys, vals := dynFieldsOf(bag)
	for i, k := range keys {
		if k != path[0] {
			continue
		}
		if len(path) == 1 {
			keys = append(keys[:i], keys[i+1:]...)
			vals = append(vals[:i], vals[i+1:]...)
		} else {
			vals[i] = dynRemovePath(vals[i], path[1:])
		}
		break
	}
	return value.DynBag(keys, vals)
}

func dynCheckHasKey(args []Arg) (value.Type, error) {
	if !dynIsDynamic(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a dynamic property bag, got %s", args[0].Type)
	}
	return value.Bool, nil
}

func dynHasKey(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Bool, n)
	ForRows(n, sel, func(i int) {
		d := args[0].AsDyn(i)
		if d.IsNull() {
			res.SetNull(i)
			return
		}
		path, ok := dynParsePath(args[1].AsString(i))
		if !ok {
			return // false
		}
		for _, k := range path {
			d = d.Get(k)
		}
		res.B[i] = d != nil
	})
	return res
}

func dynCheckPack(args []Arg) (value.Type, error) {
	if len(args)%2 != 0 {
		return value.Unknown, Errorf("keys and values must come in pairs, got %d arguments", len(args))
	}
	for i := 0; i < len(args); i += 2 {
		if t := args[i].Type; t != value.String && t != value.Dynamic && t != value.Unknown {
			return value.Unknown, Errorf("argument %d (a key) must be a string, got %s", i+1, t)
		}
	}
	return value.Dynamic, nil
}

func dynPack(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	ForRows(n, sel, func(i int) {
		keys := make([]string, 0, len(args)/2)
		vals := make([]*value.Dyn, 0, len(args)/2)
	next:
		for k := 0; k+1 < len(args); k += 2 {
			key := args[k].AsString(i)
			var v *value.Dyn
			if !args[k+1].IsNull(i) || args[k+1].T == value.String {
				v = args[k+1].AsDyn(i)
			}
			for j, old := range keys {
				if old == key { // a repeated key keeps its place and takes the later value
					vals[j] = v
					continue next
				}
			}
			keys = append(keys, key)
			vals = append(vals, v)
		}
		res.D[i] = value.DynBag(keys, vals)
	})
	return res
}
