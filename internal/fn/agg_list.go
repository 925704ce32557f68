package fn

import (
	"math"
	"strconv"

	"github.com/harrier-sec/harrier/internal/value"
)

// make_list(), make_list_if(), make_list_with_nulls(), make_set(),
// make_set_if() and count_distinct(), count_distinctif().
//
// Lists and sets keep values in the order they are seen, which follows the
// input order when the input is sorted and states merge in order (Kusto
// documents that make_list tracks a sorted input; make_set's order is
// undefined, encounter order is as good as any). Nulls are skipped except
// by make_list_with_nulls. make_set expands dynamic arrays into their
// elements, as the documentation's Arr1_set example shows; make_list keeps
// arrays whole. Groups without values give [].

// aggElemOps describes how a storage type T is read, keyed and rendered.
type aggElemOps[T any, K comparable] struct {
	get  func(v *value.Vector, i int) (T, bool)
	key  func(T) K // equal values have equal keys
	hash func(T) uint64
	dyn  func(T) *value.Dyn
	// raw appends x as JSON when parsing that JSON gives back a value of
	// the same kind (longs, bools, strings); nil otherwise.
	raw func(b []byte, x T) []byte
}

// array builds the dynamic array of xs. Where the elements round-trip
// through JSON it is one raw JSON string instead of one object per element,
// which matters for lists of millions of values; buf is scratch space.
func (o aggElemOps[T, K]) array(xs []T, buf []byte) (*value.Dyn, []byte) {
	if o.raw == nil {
		items := make([]*value.Dyn, len(xs))
		for i, x := range xs {
			items[i] = o.dyn(x)
		}
		return value.DynArray(items), buf
	}
	buf = append(buf[:0], '[')
	for i, x := range xs {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = o.raw(buf, x)
	}
	buf = append(buf, ']')
	return value.RawJSON(string(buf)), buf
}

func aggIntOps(t value.Type) aggElemOps[int64, int64] {
	o := aggElemOps[int64, int64]{get: aggGetInt, key: func(x int64) int64 { return x }, hash: aggHashInt,
		dyn: func(x int64) *value.Dyn { return aggDynInt(t, x) }}
	if t.IsInteger() {
		o.raw = func(b []byte, x int64) []byte { return strconv.AppendInt(b, x, 10) }
	}
	return o
}

var aggFloatOps = aggElemOps[float64, uint64]{get: aggGetFloat, key: aggFloatKey, hash: aggHashFloat, dyn: value.DynReal}

var aggBoolOps = aggElemOps[bool, bool]{get: aggGetBool, key: func(b bool) bool { return b }, hash: aggHashBool,
	dyn: value.DynBool, raw: strconv.AppendBool}

func aggStrOps(t value.Type) aggElemOps[string, string] {
	o := aggElemOps[string, string]{get: aggGetStr, key: func(s string) string { return s }, hash: aggHashStr,
		dyn: func(s string) *value.Dyn { return aggDynStr(t, s) }}
	if t == value.String {
		o.raw = value.AppendJSONString
	}
	return o
}

var aggDynOps = aggElemOps[*value.Dyn, string]{get: aggGetDyn, key: aggDynKey,
	hash: func(d *value.Dyn) uint64 { return aggHashStr(aggDynKey(d)) }, dyn: func(d *value.Dyn) *value.Dyn { return d }}

// listState is make_list: per group the values seen, up to limit.
type listState[T any, K comparable] struct {
	ops   aggElemOps[T, K]
	limit int
	vals  [][]T
}

func (s *listState[T, K]) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.vals = aggGrow(s.vals, aggMaxGroup(groups))
	for k, r := range rows {
		g := groups[k]
		if len(s.vals[g]) >= s.limit {
			continue
		}
		if x, ok := s.ops.get(v, int(r)); ok {
			s.vals[g] = append(s.vals[g], x)
		}
	}
}

func (s *listState[T, K]) Merge(other AggState, remap []uint32) {
	o := other.(*listState[T, K])
	for g, xs := range o.vals {
		if len(xs) == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.vals = aggGrow(s.vals, d+1)
		room := s.limit - len(s.vals[d])
		if room > len(xs) {
			room = len(xs)
		}
		if room > 0 {
			s.vals[d] = append(s.vals[d], xs[:room]...)
		}
	}
}

func (s *listState[T, K]) Results(n int) []*value.Vector {
	out := value.NewVector(value.Dynamic, n)
	var buf []byte
	for g := 0; g < n; g++ {
		var xs []T
		if g < len(s.vals) {
			xs = s.vals[g]
		}
		out.D[g], buf = s.ops.array(xs, buf)
	}
	return []*value.Vector{out}
}

// listWithNullsState is make_list_with_nulls: values as dynamic, nulls kept.
type listWithNullsState struct{ vals [][]*value.Dyn }

func (s *listWithNullsState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.vals = aggGrow(s.vals, aggMaxGroup(groups))
	for k, r := range rows {
		g := groups[k]
		if len(s.vals[g]) >= aggMaxListSize {
			continue
		}
		d := v.AsDyn(int(r))
		if d == nil {
			d = value.DynNull()
		}
		s.vals[g] = append(s.vals[g], d)
	}
}

func (s *listWithNullsState) Merge(other AggState, remap []uint32) {
	o := other.(*listWithNullsState)
	for g, xs := range o.vals {
		if len(xs) == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.vals = aggGrow(s.vals, d+1)
		room := min(aggMaxListSize-len(s.vals[d]), len(xs))
		if room > 0 {
			s.vals[d] = append(s.vals[d], xs[:room]...)
		}
	}
}

func (s *listWithNullsState) Results(n int) []*value.Vector {
	out := value.NewVector(value.Dynamic, n)
	for g := 0; g < n; g++ {
		var xs []*value.Dyn
		if g < len(s.vals) {
			xs = s.vals[g]
		}
		out.D[g] = value.DynArray(append([]*value.Dyn(nil), xs...))
	}
	return []*value.Vector{out}
}

// aggSetKey identifies a value within a group in a state-wide map (used
// by make_bag for keys).
type aggSetKey[K comparable] struct {
	g uint32
	k K
}

// setState is make_set and count_distinct: per group the distinct values
// in order of first appearance (up to limit) with their hashes, and, once a
// group has more than setScan values, an open-addressing table over them.
// Tables are per group so that a group's probes stay within its own memory
// and small groups cost no table at all.
type setState[T any, K comparable] struct {
	ops       aggElemOps[T, K]
	limit     int
	flatten   bool // dynamic arrays contribute their elements
	countOnly bool // count_distinct: Results counts instead of listing
	groups    []setGroup[T]
}

// setGroup is one group's set. A table slot holds the top 32 bits of the
// value's hash and its index+1 into vals (0 = empty), so that most probes
// reject a slot without touching hs or vals.
type setGroup[T any] struct {
	vals []T
	hs   []uint64
	tbl  []uint64
}

// setScan is the group size up to which membership is a linear scan of
// the hashes.
const setScan = 8

func (s *setState[T, K]) insert(sg *setGroup[T], x T) {
	if len(sg.vals) >= s.limit {
		return
	}
	h := s.ops.hash(x)
	if sg.tbl == nil {
		for i, y := range sg.hs {
			if y == h && s.ops.key(sg.vals[i]) == s.ops.key(x) {
				return
			}
		}
	} else {
		mask := uint64(len(sg.tbl) - 1)
		top := h >> 32 << 32
		for i := h & mask; ; i = (i + 1) & mask {
			slot := sg.tbl[i]
			if slot == 0 {
				break
			}
			if slot&^0xffffffff == top {
				j := int(uint32(slot)) - 1
				if sg.hs[j] == h && s.ops.key(sg.vals[j]) == s.ops.key(x) {
					return
				}
			}
		}
	}
	sg.vals = append(sg.vals, x)
	sg.hs = append(sg.hs, h)
	n := len(sg.hs)
	switch {
	case n > setScan && (sg.tbl == nil || n*4 > len(sg.tbl)*3):
		sg.tbl = setTable(sg.hs)
	case sg.tbl != nil:
		setPut(sg.tbl, h, n)
	}
}

// setPut stores index j-1 (hash h) in table t.
func setPut(t []uint64, h uint64, j int) {
	mask := uint64(len(t) - 1)
	i := h & mask
	for t[i] != 0 {
		i = (i + 1) & mask
	}
	t[i] = h>>32<<32 | uint64(j)
}

// setTable builds a table for hashes hs at most half full.
func setTable(hs []uint64) []uint64 {
	size := 16
	for size < 2*len(hs) {
		size *= 2
	}
	t := make([]uint64, size)
	for j, h := range hs {
		setPut(t, h, j+1)
	}
	return t
}

func (s *setState[T, K]) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	s.groups = aggGrow(s.groups, aggMaxGroup(groups))
	for k, r := range rows {
		x, ok := s.ops.get(v, int(r))
		if !ok {
			continue
		}
		sg := &s.groups[groups[k]]
		if s.flatten {
			if d := any(x).(*value.Dyn); d.Kind() == value.DArray {
				d.Elems(func(_ int, e *value.Dyn) bool {
					if !e.IsNull() {
						s.insert(sg, any(e).(T))
					}
					return true
				})
				continue
			}
		}
		s.insert(sg, x)
	}
}

func (s *setState[T, K]) Merge(other AggState, remap []uint32) {
	o := other.(*setState[T, K])
	for g := range o.groups {
		xs := o.groups[g].vals
		if len(xs) == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.groups = aggGrow(s.groups, d+1)
		sg := &s.groups[d]
		for _, x := range xs {
			s.insert(sg, x)
		}
	}
}

func (s *setState[T, K]) Results(n int) []*value.Vector {
	if s.countOnly {
		out := value.NewVector(value.Long, n)
		for g := 0; g < n && g < len(s.groups); g++ {
			out.I[g] = int64(len(s.groups[g].vals))
		}
		return []*value.Vector{out}
	}
	out := value.NewVector(value.Dynamic, n)
	var buf []byte
	for g := 0; g < n; g++ {
		var xs []T
		if g < len(s.groups) {
			xs = s.groups[g].vals
		}
		out.D[g], buf = s.ops.array(xs, buf)
	}
	return []*value.Vector{out}
}

// The constructors pick the storage type from the argument's type.

func aggNewList(t value.Type, limit int) AggState {
	switch aggFamilyOf(t) {
	case famInt:
		return &listState[int64, int64]{ops: aggIntOps(t), limit: limit}
	case famFloat:
		return &listState[float64, uint64]{ops: aggFloatOps, limit: limit}
	case famBool:
		return &listState[bool, bool]{ops: aggBoolOps, limit: limit}
	case famString:
		return &listState[string, string]{ops: aggStrOps(t), limit: limit}
	}
	return &listState[*value.Dyn, string]{ops: aggDynOps, limit: limit}
}

func aggNewSet(t value.Type, limit int) AggState {
	switch aggFamilyOf(t) {
	case famInt:
		return &setState[int64, int64]{ops: aggIntOps(t), limit: limit}
	case famFloat:
		return &setState[float64, uint64]{ops: aggFloatOps, limit: limit}
	case famBool:
		return &setState[bool, bool]{ops: aggBoolOps, limit: limit}
	case famString:
		return &setState[string, string]{ops: aggStrOps(t), limit: limit}
	}
	return &setState[*value.Dyn, string]{ops: aggDynOps, limit: limit, flatten: true}
}

func aggNewDistinct(t value.Type) AggState {
	st := aggNewSet(t, math.MaxInt)
	switch st := st.(type) {
	case *setState[int64, int64]:
		st.countOnly = true
	case *setState[float64, uint64]:
		st.countOnly = true
	case *setState[bool, bool]:
		st.countOnly = true
	case *setState[string, string]:
		st.countOnly = true
	case *setState[*value.Dyn, string]:
		st.countOnly, st.flatten = true, false
	}
	return st
}

func aggCheckList(args []Arg) ([]value.Type, error) {
	if err := aggCheckMaxSize(args, 1); err != nil {
		return nil, err
	}
	return aggOne(value.Dynamic), nil
}

var (
	aggMakeList = &Aggregate{
		Name: "make_list", MinArgs: 1, MaxArgs: 2, Check: aggCheckList,
		New: func(args []Arg) AggState { return aggNewList(args[0].Type, aggListLimit(args, 1)) },
		Doc: "A dynamic array of the non-null values of each group.",
	}
	aggMakeSet = &Aggregate{
		Name: "make_set", MinArgs: 1, MaxArgs: 2, Check: aggCheckList,
		New: func(args []Arg) AggState { return aggNewSet(args[0].Type, aggListLimit(args, 1)) },
		Doc: "A dynamic array of the distinct non-null values of each group.",
	}
	aggCountDistinct = &Aggregate{
		Name: "count_distinct", MinArgs: 1, MaxArgs: 1,
		Check: func(args []Arg) ([]value.Type, error) {
			if args[0].Type == value.Dynamic {
				return nil, aggArgErr(0, "a scalar type other than dynamic", value.Dynamic)
			}
			return aggOne(value.Long), nil
		},
		New: func(args []Arg) AggState { return aggNewDistinct(args[0].Type) },
		Doc: "The exact number of distinct non-null values per group.",
	}
)

func init() {
	RegisterAggregate(aggMakeList)
	RegisterAggregate(aggIfVariant("make_list_if", aggMakeList, 1,
		"A dynamic array of the values of rows whose predicate is true."))
	RegisterAggregate(&Aggregate{
		Name: "make_list_with_nulls", MinArgs: 1, MaxArgs: 1,
		Check: func([]Arg) ([]value.Type, error) { return aggOne(value.Dynamic), nil },
		New:   func([]Arg) AggState { return &listWithNullsState{} },
		Doc:   "A dynamic array of all values of each group, nulls included.",
	})
	RegisterAggregate(aggMakeSet)
	RegisterAggregate(aggIfVariant("make_set_if", aggMakeSet, 1,
		"A dynamic array of the distinct values of rows whose predicate is true."))
	RegisterAggregate(aggCountDistinct)
	RegisterAggregate(aggIfVariant("count_distinctif", aggCountDistinct, 1,
		"The exact number of distinct values of rows whose predicate is true."))
}

// Deprecated spellings Kusto still accepts: makelist/makeset keep their
// old default maxSize of 128.
func init() {
	RegisterAggregate(&Aggregate{
		Name: "makelist", MinArgs: 1, MaxArgs: 2, Check: aggCheckList,
		New: func(args []Arg) AggState { return aggNewList(args[0].Type, aggLegacyLimit(args, 1)) },
		Doc: "Deprecated: make_list() with a default maxSize of 128.",
	})
	RegisterAggregate(&Aggregate{
		Name: "makeset", MinArgs: 1, MaxArgs: 2, Check: aggCheckList,
		New: func(args []Arg) AggState { return aggNewSet(args[0].Type, aggLegacyLimit(args, 1)) },
		Doc: "Deprecated: make_set() with a default maxSize of 128.",
	})
}

// aggLegacyLimit is aggListLimit with the deprecated functions' default.
func aggLegacyLimit(args []Arg, i int) int {
	if i >= len(args) {
		return 128
	}
	return aggListLimit(args, i)
}
