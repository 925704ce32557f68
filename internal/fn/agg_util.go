package fn

import (
	"cmp"
	"math"
	"strconv"

	"github.com/cespare/xxhash/v2"

	"github.com/harrier-sec/harrier/internal/value"
)

// Shared machinery of the aggregate implementations (agg_*.go).
//
// Every state keeps its per-group data in typed slices indexed by group id
// that grow on demand; Update receives one vector per argument, constant
// arguments included (as constant vectors), and reads constant parameters
// (maxSize, accuracy, percentiles) from Arg.Const once, in New.

// aggGrow returns s extended with zero values to at least n elements. Slices
// only ever grow, so the spare capacity past len is always zero.
func aggGrow[T any](s []T, n int) []T {
	if n <= len(s) {
		return s
	}
	if n <= cap(s) {
		return s[:n]
	}
	c := 2 * cap(s)
	if c < n {
		c = n
	}
	if c < 16 {
		c = 16
	}
	ns := make([]T, n, c)
	copy(ns, s)
	return ns
}

// aggMaxGroup returns 1 + the largest group id, the length a state needs.
func aggMaxGroup(groups []uint32) int {
	m := -1
	for _, g := range groups {
		if int(g) > m {
			m = int(g)
		}
	}
	return m + 1
}

// aggDense reports whether rows of v can be read straight from its slices:
// not constant and without nulls.
func aggDense(v *value.Vector) bool { return !v.Const && !v.MaybeHasNulls() }

// aggFamily groups Kusto types by how aggregates store them.
type aggFamily uint8

const (
	famInt    aggFamily = iota // int, long, datetime, timespan in int64
	famFloat                   // real, decimal in float64
	famBool                    // bool
	famString                  // string, guid
	famDyn                     // dynamic
)

func aggFamilyOf(t value.Type) aggFamily {
	switch {
	case t.UsesInts():
		return famInt
	case t.UsesFloats():
		return famFloat
	case t == value.Bool:
		return famBool
	case t == value.String || t == value.GUID:
		return famString
	}
	return famDyn
}

// aggGetInt, aggGetFloat, aggGetStr, aggGetBool and aggGetDyn read row i
// converted to the storage of a family (Kusto's implicit conversions); ok
// is false for null.
func aggGetInt(v *value.Vector, i int) (int64, bool) {
	if v.T.UsesInts() {
		if v.IsNull(i) {
			return 0, false
		}
		return v.Int64(i), true
	}
	return v.AsLong(i)
}

func aggGetFloat(v *value.Vector, i int) (float64, bool) { return v.AsReal(i) }

func aggGetBool(v *value.Vector, i int) (bool, bool) { return v.AsBool(i) }

func aggGetStr(v *value.Vector, i int) (string, bool) { return v.AsString(i), true }

func aggGetDyn(v *value.Vector, i int) (*value.Dyn, bool) {
	d := v.AsDyn(i)
	return d, !d.IsNull()
}

// aggDynInt converts a stored int64 of type t to a dynamic value.
func aggDynInt(t value.Type, n int64) *value.Dyn {
	switch t {
	case value.DateTime:
		return value.DynDateTime(n)
	case value.TimeSpan:
		return value.DynTimeSpan(n)
	}
	return value.DynLong(n)
}

func aggDynStr(t value.Type, s string) *value.Dyn {
	if t == value.GUID {
		return value.DynGUID(s)
	}
	return value.DynString(s)
}

// Hashing for dcount, hll, count_distinct and make_set. Values of one
// family hash alike whatever their exact type, and the same value always
// hashes the same so that states built on different workers merge.
const (
	aggSeedInt   = 0x9e3779b97f4a7c15
	aggSeedFloat = 0xc2b2ae3d27d4eb4f
	aggSeedBool  = 0x165667b19e3779f9
)

// aggMix64 is MurmurHash3's finalizer: a bijective mixer with full
// avalanche, enough to spread integers for HyperLogLog.
func aggMix64(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

func aggHashInt(n int64) uint64 { return aggMix64(uint64(n) ^ aggSeedInt) }

// aggFloatKey normalizes -0 to 0 and all NaNs to one NaN so that equal reals
// have equal keys.
func aggFloatKey(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}

func aggHashFloat(f float64) uint64 { return aggMix64(aggFloatKey(f) ^ aggSeedFloat) }

func aggHashBool(b bool) uint64 {
	if b {
		return aggMix64(1 ^ aggSeedBool)
	}
	return aggMix64(aggSeedBool)
}

func aggHashStr(s string) uint64 { return xxhash.Sum64String(s) }

// aggDynKey is a canonical text of a dynamic value: equal values (numbers by
// value, so 1 and 1.0 agree) have equal keys, and the kind is part of it so
// that the string "1" differs from the number 1.
func aggDynKey(d *value.Dyn) string {
	switch d.Kind() {
	case value.DNull:
		return "n"
	case value.DBool:
		if d.AsBool() {
			return "bt"
		}
		return "bf"
	case value.DLong:
		return "l" + strconv.FormatInt(d.AsLong(), 10)
	case value.DReal:
		f := d.AsReal()
		if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
			return "l" + strconv.FormatInt(int64(f), 10)
		}
		return "r" + strconv.FormatUint(aggFloatKey(f), 16)
	case value.DString:
		return "s" + d.AsString()
	case value.DGUID:
		return "g" + d.AsString()
	case value.DDateTime:
		return "d" + strconv.FormatInt(d.AsLong(), 10)
	case value.DTimeSpan:
		return "t" + strconv.FormatInt(d.AsLong(), 10)
	}
	return "j" + d.JSON()
}

// aggHashRow hashes row i of v by its family; ok is false for null.
func aggHashRow(fam aggFamily, v *value.Vector, i int) (uint64, bool) {
	switch fam {
	case famInt:
		n, ok := aggGetInt(v, i)
		return aggHashInt(n), ok
	case famFloat:
		f, ok := aggGetFloat(v, i)
		return aggHashFloat(f), ok
	case famBool:
		b, ok := aggGetBool(v, i)
		return aggHashBool(b), ok
	case famString:
		return aggHashStr(v.AsString(i)), true
	}
	d, ok := aggGetDyn(v, i)
	if !ok {
		return 0, false
	}
	return aggHashStr(aggDynKey(d)), true
}

// aggCol is a per-group column of values of one type (with null), used to
// carry the values that min/max/take_any/arg_max return.
type aggCol struct {
	t    value.Type
	fam  aggFamily
	i    []int64
	f    []float64
	b    []bool
	s    []string
	d    []*value.Dyn
	null []bool // true when the group's value is null (or unset)
}

func newAggCol(t value.Type) *aggCol { return &aggCol{t: t, fam: aggFamilyOf(t)} }

func (c *aggCol) grow(n int) {
	if n <= len(c.null) {
		return
	}
	old := len(c.null)
	c.null = aggGrow(c.null, n)
	for g := old; g < n; g++ {
		c.null[g] = true
	}
	switch c.fam {
	case famInt:
		c.i = aggGrow(c.i, n)
	case famFloat:
		c.f = aggGrow(c.f, n)
	case famBool:
		c.b = aggGrow(c.b, n)
	case famString:
		c.s = aggGrow(c.s, n)
	default:
		c.d = aggGrow(c.d, n)
	}
}

// set stores row i of v as group g's value (g must be below the grown size).
func (c *aggCol) set(g int, v *value.Vector, i int) {
	ok := true
	switch c.fam {
	case famInt:
		c.i[g], ok = aggGetInt(v, i)
	case famFloat:
		c.f[g], ok = aggGetFloat(v, i)
	case famBool:
		c.b[g], ok = aggGetBool(v, i)
	case famString:
		c.s[g] = v.AsString(i)
	default:
		c.d[g], ok = aggGetDyn(v, i)
	}
	c.null[g] = !ok
}

// copyFrom stores o's group og as this column's group g.
func (c *aggCol) copyFrom(g int, o *aggCol, og int) {
	c.null[g] = o.null[og]
	switch c.fam {
	case famInt:
		c.i[g] = o.i[og]
	case famFloat:
		c.f[g] = o.f[og]
	case famBool:
		c.b[g] = o.b[og]
	case famString:
		c.s[g] = o.s[og]
	default:
		c.d[g] = o.d[og]
	}
}

// vector returns groups 0..n-1 as a vector; groups never set are null.
func (c *aggCol) vector(n int) *value.Vector {
	out := value.NewVector(c.t, n)
	for g := 0; g < n; g++ {
		if g >= len(c.null) || c.null[g] {
			out.SetNull(g)
			continue
		}
		switch c.fam {
		case famInt:
			out.I[g] = c.i[g]
		case famFloat:
			out.F[g] = c.f[g]
		case famBool:
			out.B[g] = c.b[g]
		case famString:
			out.S[g] = c.s[g]
		default:
			out.D[g] = c.d[g]
		}
	}
	return out
}

// aggOrdCol is a per-group value of an ordered storage type with a presence
// flag, the state of min/max and the key of arg_max/arg_min.
type aggOrdCol[T cmp.Ordered] struct {
	v   []T
	has []bool
}

func (c *aggOrdCol[T]) grow(n int) {
	c.v = aggGrow(c.v, n)
	c.has = aggGrow(c.has, n)
}

// aggOrdGetter reads row i of a vector as the ordered storage type T.
type aggOrdGetter[T cmp.Ordered] func(v *value.Vector, i int) (T, bool)

// aggBoolAsInt reads bools as 0/1 so that min/max/arg_max order them.
func aggBoolAsInt(v *value.Vector, i int) (int64, bool) {
	b, ok := v.AsBool(i)
	if b {
		return 1, ok
	}
	return 0, ok
}

// Argument checking helpers. Messages follow Fixed: the caller (sema)
// prefixes the function name and the position.

func aggUnknown(t value.Type) bool { return t == value.Unknown }

// aggSummable are the types sum/avg/stdev/variance accept (Kusto's
// "summable": int, long, real, decimal, datetime, timespan).
func aggSummable(t value.Type) bool {
	return t.IsNumeric() || t == value.DateTime || t == value.TimeSpan || aggUnknown(t)
}

// aggOrderable are the types min/max/arg_max order (Kusto's "orderable").
func aggOrderable(t value.Type) bool {
	return t.IsNumeric() || t == value.DateTime || t == value.TimeSpan || t == value.String ||
		t == value.Bool || aggUnknown(t)
}

// aggArgError is an argument error that knows the argument's index, so that
// the *if wrappers can renumber the errors of their base aggregate.
type aggArgError struct {
	i   int
	msg string // the message after "argument N "
}

func (e *aggArgError) Error() string { return "argument " + strconv.Itoa(e.i+1) + " " + e.msg }

func aggArgErr(i int, want string, got value.Type) error {
	return &aggArgError{i: i, msg: "must be " + want + ", got " + got.String()}
}

// aggConstInt returns the integer constant of args[i], or def when the
// argument is absent. It fails when the argument is not a constant integer.
func aggConstInt(args []Arg, i int, def int64, what string) (int64, error) {
	if i >= len(args) {
		return def, nil
	}
	a := args[i]
	if aggUnknown(a.Type) && a.Const == nil {
		return def, nil
	}
	if a.Const == nil || a.Const.Null {
		return 0, &aggArgError{i: i, msg: "(" + what + ") must be a constant integer"}
	}
	switch {
	case a.Const.T.IsInteger():
		return a.Const.I, nil
	case a.Const.T.UsesFloats() && a.Const.F == math.Trunc(a.Const.F):
		return int64(a.Const.F), nil
	}
	return 0, &aggArgError{i: i, msg: "(" + what + ") must be a constant integer, got " + a.Const.T.String()}
}

// aggCheckMaxSize validates an optional maxSize argument at index i.
func aggCheckMaxSize(args []Arg, i int) error {
	n, err := aggConstInt(args, i, aggMaxListSize, "maxSize")
	if err != nil {
		return err
	}
	if n <= 0 {
		return &aggArgError{i: i, msg: "(maxSize) must be positive, got " + strconv.FormatInt(n, 10)}
	}
	return nil
}

// aggMaxListSize is the default and largest maxSize of make_list, make_set
// and make_bag.
const aggMaxListSize = 1048576

// aggListLimit reads the maxSize argument at index i (validated by Check),
// capped at aggMaxListSize as Kusto does.
func aggListLimit(args []Arg, i int) int {
	n, err := aggConstInt(args, i, aggMaxListSize, "maxSize")
	if err != nil || n <= 0 || n > aggMaxListSize {
		return aggMaxListSize
	}
	return int(n)
}

// aggOne returns a Check result of a single type.
func aggOne(t value.Type) []value.Type { return []value.Type{t} }
