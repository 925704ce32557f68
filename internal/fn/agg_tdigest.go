package fn

import (
	"cmp"
	"math"
	"slices"

	"github.com/harrier-sec/harrier/internal/value"
)

// The t-digest family: the aggregates tdigest(), tdigest_merge() (alias
// merge_tdigest()) and the scalar functions that read their result:
// percentile_tdigest(), percentile_array_tdigest() (alias
// percentiles_array_tdigest()), rank_tdigest(), percentrank_tdigest().
//
// A digest is a list of centroids (mean, integer weight) over the values of
// one type. It stays exact (every centroid holds one distinct value) while
// it has at most tdExactLimit distinct values; beyond that centroids are
// merged with the k1 scale function of Dunning's merging t-digest at
// compression tdCompression. Each group buffers raw points and compresses
// once at the end, after sorting, so the result does not depend on how rows
// were split between workers; only a group with more than tdBufferCap
// buffered points compresses early, and then the result is approximate and
// may vary slightly with the split.
//
// The serialized digest is harrier's own format, shaped like the one Kusto
// shows in its examples: a dynamic array [header, means, weights]. The
// header is [type] for an exact digest and [type, compression, min, max]
// for a compressed one; type codes are 7 long (as in Kusto's examples), 8
// real, 9 datetime, 10 timespan. Means of integer types are integers while
// exact; merged means keep their fraction (as reals).

const (
	tdCompression = 100
	tdExactLimit  = 200
	tdBufferCap   = 1 << 14
)

// Type codes of the serialized form.
const (
	tdCodeLong     = 7
	tdCodeReal     = 8
	tdCodeDateTime = 9
	tdCodeTimeSpan = 10
)

func tdCodeOf(t value.Type) int {
	switch t {
	case value.Real, value.Decimal:
		return tdCodeReal
	case value.DateTime:
		return tdCodeDateTime
	case value.TimeSpan:
		return tdCodeTimeSpan
	}
	return tdCodeLong
}

// tdTypeOf is the value type of a type code.
func tdTypeOf(code int) value.Type {
	switch code {
	case tdCodeReal:
		return value.Real
	case tdCodeDateTime:
		return value.DateTime
	case tdCodeTimeSpan:
		return value.TimeSpan
	}
	return value.Long
}

type tdCentroid struct {
	m float64 // mean; an offset from base for integer types
	w int64
}

// tdDigest is one group's digest. Integer types (long, datetime,
// timespan) keep means as float64 offsets from base, the smallest value
// seen, so that datetimes (about 6e17 ticks) keep their precision.
type tdDigest struct {
	code     int
	base     int64
	c        []tdCentroid
	total    int64
	min, max float64 // offsets
	lossy    bool    // some centroid merged distinct values
}

func newTDigest(code int) *tdDigest { return &tdDigest{code: code} }

func (d *tdDigest) isInt() bool { return d.code != tdCodeReal }

// rebase moves base down to b (b <= base), shifting every offset.
func (d *tdDigest) rebase(b int64) {
	shift := float64(d.base - b)
	for i := range d.c {
		d.c[i].m += shift
	}
	d.min += shift
	d.max += shift
	d.base = b
}

func (d *tdDigest) addPoint(m float64, w int64) {
	if d.total == 0 || m < d.min {
		d.min = m
	}
	if d.total == 0 || m > d.max {
		d.max = m
	}
	d.c = append(d.c, tdCentroid{m, w})
	d.total += w
	if len(d.c) > tdBufferCap {
		d.compress()
	}
}

func (d *tdDigest) addInt(v, w int64) {
	if d.total == 0 {
		d.base = v
	} else if v < d.base {
		d.rebase(v)
	}
	d.addPoint(float64(v-d.base), w)
}

func (d *tdDigest) addFloat(v float64, w int64) {
	if math.IsNaN(v) {
		return
	}
	d.addPoint(v, w)
}

// mergeFrom adds the centroids of o (same type code) to d.
func (d *tdDigest) mergeFrom(o *tdDigest) {
	if o.total == 0 {
		return
	}
	if d.total == 0 {
		d.base = o.base
	} else if d.isInt() && o.base < d.base {
		d.rebase(o.base)
	}
	shift := float64(o.base - d.base)
	if d.total == 0 || o.min+shift < d.min {
		d.min = o.min + shift
	}
	if d.total == 0 || o.max+shift > d.max {
		d.max = o.max + shift
	}
	for _, c := range o.c {
		d.c = append(d.c, tdCentroid{c.m + shift, c.w})
	}
	d.total += o.total
	d.lossy = d.lossy || o.lossy
	if len(d.c) > tdBufferCap {
		d.compress()
	}
}

// compress sorts the centroids, merges equal means (lossless) and, when
// more than tdExactLimit remain, merges neighbours under the k1 size
// bound.
func (d *tdDigest) compress() {
	c := d.c
	if len(c) == 0 {
		return
	}
	slices.SortFunc(c, func(a, b tdCentroid) int {
		if r := cmp.Compare(a.m, b.m); r != 0 {
			return r
		}
		return cmp.Compare(a.w, b.w)
	})
	out := c[:1]
	for _, x := range c[1:] {
		if last := &out[len(out)-1]; x.m == last.m {
			last.w += x.w
			continue
		}
		out = append(out, x)
	}
	if len(out) > tdExactLimit {
		out = tdMergeK1(out, d.total)
		d.lossy = true
	}
	d.c = slices.Clip(out)
}

// tdK1 is the k1 scale function and tdK1Inv its inverse: a centroid may
// span at most one unit of k, so centroids are small near the tails.
func tdK1(q float64) float64 { return tdCompression / (2 * math.Pi) * math.Asin(2*q-1) }

func tdK1Inv(k float64) float64 {
	if k >= tdCompression/4 {
		return 1
	}
	return (math.Sin(k*2*math.Pi/tdCompression) + 1) / 2
}

func tdMergeK1(c []tdCentroid, total int64) []tdCentroid {
	out := c[:1]
	var before int64
	limit := float64(total) * tdK1Inv(tdK1(0)+1)
	for _, x := range c[1:] {
		cur := &out[len(out)-1]
		if float64(before+cur.w+x.w) <= limit {
			w := cur.w + x.w
			cur.m += (x.m - cur.m) * float64(x.w) / float64(w)
			cur.w = w
			continue
		}
		before += cur.w
		limit = float64(total) * tdK1Inv(tdK1(float64(before)/float64(total))+1)
		out = append(out, x)
	}
	return out
}

// value converts an offset back to a value of the digest's type.
func (d *tdDigest) value(m float64) value.Value {
	t := tdTypeOf(d.code)
	if !d.isInt() {
		return value.Value{T: t, F: m}
	}
	return value.Value{T: t, I: d.base + int64(math.Round(m))}
}

// percentile is the value at percentile p (0..100): the nearest-rank
// value, as percentile() gives, while the digest is exact; linear
// interpolation between centroid centres (and min, max) once compressed.
func (d *tdDigest) percentile(p float64) (value.Value, bool) {
	if d.total == 0 || math.IsNaN(p) || p < 0 || p > 100 {
		return value.Value{}, false
	}
	if !d.lossy {
		rank := nearestRank(p, d.total)
		var cum int64
		for _, c := range d.c {
			cum += c.w
			if cum >= rank {
				return d.value(c.m), true
			}
		}
		return d.value(d.max), true
	}
	// Value v spans ranks (v-1, v] on the curve, so rank r sits at r-0.5.
	pos := float64(nearestRank(p, d.total)) - 0.5
	x0, y0 := 0.0, d.min
	var cum int64
	for _, c := range d.c {
		x1 := float64(cum) + float64(c.w)/2
		if pos <= x1 {
			return d.value(tdLerp(pos, x0, x1, y0, c.m)), true
		}
		x0, y0 = x1, c.m
		cum += c.w
	}
	return d.value(tdLerp(pos, x0, float64(d.total), y0, d.max)), true
}

func tdLerp(x, x0, x1, y0, y1 float64) float64 {
	if x1 <= x0 {
		return y1
	}
	return y0 + (y1-y0)*(x-x0)/(x1-x0)
}

// rank is the number of values <= v (an offset): exact while the digest is
// exact, else read from the same piecewise-linear curve percentile uses
// (plus the half rank a value spans), rounded.
func (d *tdDigest) rank(v float64) int64 {
	if d.total == 0 || v < d.min {
		return 0
	}
	if v >= d.max {
		return d.total
	}
	if !d.lossy {
		var r int64
		for _, c := range d.c {
			if c.m > v {
				break
			}
			r += c.w
		}
		return r
	}
	x0, y0 := 0.0, d.min
	var cum int64
	for _, c := range d.c {
		x1 := float64(cum) + float64(c.w)/2
		if v < c.m {
			return int64(math.Round(tdLerpInv(v, x0, x1, y0, c.m) + 0.5))
		}
		x0, y0 = x1, c.m
		cum += c.w
	}
	return min(d.total, int64(math.Round(tdLerpInv(v, x0, float64(d.total), y0, d.max)+0.5)))
}

func tdLerpInv(y, x0, x1, y0, y1 float64) float64 {
	if y1 <= y0 {
		return x1
	}
	return x0 + (x1-x0)*(y-y0)/(y1-y0)
}

// offsetOf converts a value to the digest's offset scale; ok is false for
// null or a value of another kind.
func (d *tdDigest) offsetOf(v *value.Vector, i int) (float64, bool) {
	if d.isInt() {
		x, ok := aggGetInt(v, i)
		if v.T.UsesFloats() || (v.T == value.Dynamic && v.Dyn(i).Kind() == value.DReal) {
			f, okf := v.AsReal(i)
			return f - float64(d.base), okf
		}
		return float64(x - d.base), ok
	}
	return v.AsReal(i)
}

// toDyn serializes a compressed digest (nil when empty).
func (d *tdDigest) toDyn() *value.Dyn {
	if d == nil || d.total == 0 {
		return nil
	}
	means := make([]*value.Dyn, len(d.c))
	weights := make([]*value.Dyn, len(d.c))
	// Merged means of integer types keep their fraction (as reals) so that
	// interpolation stays exact on evenly spaced data.
	num := func(m float64) *value.Dyn {
		if !d.isInt() {
			return value.DynReal(m)
		}
		if m == math.Trunc(m) {
			return value.DynLong(d.base + int64(m))
		}
		return value.DynReal(float64(d.base) + m)
	}
	for i, c := range d.c {
		means[i] = num(c.m)
		weights[i] = value.DynLong(c.w)
	}
	header := []*value.Dyn{value.DynLong(int64(d.code))}
	if d.lossy {
		header = append(header, value.DynLong(tdCompression), num(d.min), num(d.max))
	}
	return value.DynArray([]*value.Dyn{value.DynArray(header), value.DynArray(means), value.DynArray(weights)})
}

// tdFromDyn parses a serialized digest; ok is false for anything else.
func tdFromDyn(x *value.Dyn) (*tdDigest, bool) {
	if x.Kind() != value.DArray {
		return nil, false
	}
	parts := x.Items()
	if len(parts) != 3 || parts[0].Kind() != value.DArray || parts[1].Kind() != value.DArray || parts[2].Kind() != value.DArray {
		return nil, false
	}
	header, means, weights := parts[0].Items(), parts[1].Items(), parts[2].Items()
	if (len(header) != 1 && len(header) != 4) || header[0].Kind() != value.DLong || len(means) != len(weights) || len(means) == 0 {
		return nil, false
	}
	code := int(header[0].AsLong())
	if code < tdCodeLong || code > tdCodeTimeSpan {
		return nil, false
	}
	d := newTDigest(code)
	num := func(e *value.Dyn) (float64, int64, bool) {
		switch e.Kind() {
		case value.DLong:
			return float64(e.AsLong()), e.AsLong(), true
		case value.DReal:
			f := e.AsReal()
			if math.IsNaN(f) || math.IsInf(f, 0) || d.isInt() && math.Abs(f) >= 1<<62 {
				return 0, 0, false
			}
			return f, int64(math.Floor(f)), true
		}
		return 0, 0, false
	}
	if d.isInt() {
		lo := int64(math.MaxInt64)
		for _, e := range means {
			if _, n, ok := num(e); ok {
				lo = min(lo, n)
			}
		}
		if len(header) == 4 {
			if _, n, ok := num(header[2]); ok {
				lo = min(lo, n)
			}
		}
		d.base = lo
	}
	at := func(e *value.Dyn) (float64, bool) {
		f, n, ok := num(e)
		if d.isInt() {
			return float64(n-d.base) + (f - math.Floor(f)), ok
		}
		return f, ok
	}
	for i, e := range means {
		m, ok := at(e)
		w := weights[i]
		if !ok || w.Kind() != value.DLong || w.AsLong() <= 0 || (i > 0 && m < d.c[i-1].m) {
			return nil, false
		}
		d.c = append(d.c, tdCentroid{m, w.AsLong()})
		d.total += w.AsLong()
	}
	d.min, d.max = d.c[0].m, d.c[len(d.c)-1].m
	if len(header) == 4 {
		lo, ok1 := at(header[2])
		hi, ok2 := at(header[3])
		if !ok1 || !ok2 || lo > d.min || hi < d.max {
			return nil, false
		}
		d.min, d.max, d.lossy = lo, hi, true
	}
	return d, true
}

// tdState is the AggState of tdigest() (raw values, optionally weighted)
// and tdigest_merge() (serialized digests).
type tdState struct {
	code     int // tdigest(): the type code of the values
	weighted bool
	merged   bool
	groups   []*tdDigest
}

func (s *tdState) group(g uint32, code int) *tdDigest {
	if s.groups[g] == nil {
		s.groups[g] = newTDigest(code)
	}
	return s.groups[g]
}

func (s *tdState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	s.groups = aggGrow(s.groups, aggMaxGroup(groups))
	v := args[0]
	switch {
	case s.merged:
		for k, r := range rows {
			x, ok := aggGetDyn(v, int(r))
			if !ok {
				continue
			}
			o, ok := tdFromDyn(x)
			if !ok {
				continue
			}
			// All digests of a group must have one type (Kusto's rule);
			// others are skipped.
			if d := s.group(groups[k], o.code); d.code == o.code {
				d.mergeFrom(o)
			}
		}
	case s.code == tdCodeReal:
		for k, r := range rows {
			w, ok := s.weight(args, int(r))
			if x, okx := aggGetFloat(v, int(r)); ok && okx {
				s.group(groups[k], s.code).addFloat(x, w)
			}
		}
	default:
		for k, r := range rows {
			w, ok := s.weight(args, int(r))
			if x, okx := aggGetInt(v, int(r)); ok && okx {
				s.group(groups[k], s.code).addInt(x, w)
			}
		}
	}
}

// weight reads row i's weight; rows with a null or non-positive weight are
// skipped, as percentilew() does.
func (s *tdState) weight(args []*value.Vector, i int) (int64, bool) {
	if !s.weighted {
		return 1, true
	}
	w, ok := aggGetInt(args[1], i)
	return w, ok && w > 0
}

func (s *tdState) Merge(other AggState, remap []uint32) {
	o := other.(*tdState)
	for g, od := range o.groups {
		if od == nil || g >= len(remap) {
			continue
		}
		dg := remap[g]
		s.groups = aggGrow(s.groups, int(dg)+1)
		if d := s.group(dg, od.code); d.code == od.code {
			d.mergeFrom(od)
		}
	}
}

func (s *tdState) Results(n int) []*value.Vector {
	out := value.NewVector(value.Dynamic, n)
	for g := 0; g < n && g < len(s.groups); g++ {
		if d := s.groups[g]; d != nil {
			d.compress()
			out.D[g] = d.toDyn()
		}
	}
	return []*value.Vector{out}
}

var aggTDigest = &Aggregate{
	Name:    "tdigest",
	MinArgs: 1,
	MaxArgs: 2,
	Check: func(args []Arg) ([]value.Type, error) {
		t := args[0].Type
		if !t.IsNumeric() && t != value.DateTime && t != value.TimeSpan && !aggUnknown(t) {
			return nil, aggArgErr(0, "a number, datetime or timespan", t)
		}
		if wt := args[len(args)-1].Type; len(args) > 1 && !wt.IsInteger() && wt != value.Dynamic && !aggUnknown(wt) {
			return nil, aggArgErr(1, "an integer weight", wt)
		}
		return aggOne(value.Dynamic), nil
	},
	New: func(args []Arg) AggState {
		return &tdState{code: tdCodeOf(args[0].Type), weighted: len(args) > 1}
	},
	Doc: "tdigest(expr[, weight]): a mergeable percentile sketch (t-digest) per group, for percentile_tdigest() and tdigest_merge().",
}

func aggTDigestMerge(name string) *Aggregate {
	return &Aggregate{
		Name:    name,
		MinArgs: 1,
		MaxArgs: 1,
		Check: func(args []Arg) ([]value.Type, error) {
			if t := args[0].Type; t != value.Dynamic && !aggUnknown(t) {
				return nil, aggArgErr(0, "dynamic (the result of tdigest())", t)
			}
			return aggOne(value.Dynamic), nil
		},
		New: func([]Arg) AggState { return &tdState{merged: true} },
		Doc: name + "(digest): merges the tdigest() results of each group into one digest.",
	}
}

func init() {
	RegisterAggregate(aggTDigest)
	RegisterAggregate(aggTDigestMerge("tdigest_merge"))
	RegisterAggregate(aggTDigestMerge("merge_tdigest"))

	Register(&Scalar{Name: "percentile_tdigest", MinArgs: 2, MaxArgs: 3, Check: tdCheckPercentile, Eval: tdPercentileEval,
		Doc: "percentile_tdigest(digest, percentile[, typeof(T)]): the percentile of a tdigest() result; dynamic unless a type is given."})
	for _, name := range []string{"percentile_array_tdigest", "percentiles_array_tdigest"} {
		Register(&Scalar{Name: name, MinArgs: 2, MaxArgs: -1, Check: tdCheckPercentileArray, Eval: tdPercentileArrayEval,
			Doc: name + "(digest, p1[, p2, ...] or dynamic array[, typeof(T)]): the percentiles of a tdigest() result as a dynamic array."})
	}
	Register(&Scalar{Name: "rank_tdigest", MinArgs: 2, MaxArgs: 2, Check: tdCheckRank(value.Long), Eval: tdRankEval(false),
		Doc: "rank_tdigest(digest, value): the (estimated) number of values in the digest that are <= value."})
	Register(&Scalar{Name: "percentrank_tdigest", MinArgs: 2, MaxArgs: 2, Check: tdCheckRank(value.Real), Eval: tdRankEval(true),
		Doc: "percentrank_tdigest(digest, value): rank_tdigest() as a percentage of the digest's size."})
}

func tdCheckDigest(a Arg) error {
	if !dynIsDynamic(a.Type) {
		return Errorf("argument 1 must be a dynamic tdigest() result, got %s", a.Type)
	}
	return nil
}

// tdTypeArg reports whether a is a type literal and which type it names.
func tdTypeArg(a Arg) (value.Type, bool) {
	if a.Const == nil || a.Const.T != value.String {
		return value.Unknown, false
	}
	return strTypeLiteralType(a)
}

func tdCheckPercentile(args []Arg) (value.Type, error) {
	if err := tdCheckDigest(args[0]); err != nil {
		return value.Unknown, err
	}
	if !mathIsNumber(args[1].Type) {
		return value.Unknown, Errorf("argument 2 (percentile) must be a number, got %s", args[1].Type)
	}
	if len(args) > 2 {
		t, ok := tdTypeArg(args[2])
		if !ok {
			return value.Unknown, Errorf("argument 3 must be a type literal such as typeof(long)")
		}
		return t, nil
	}
	return value.Dynamic, nil
}

// tdRowDigest parses row i's digest, reusing the last one while the row
// holds the same value (a constant, or one group's digest over many rows).
type tdRowDigest struct {
	last *value.Dyn
	d    *tdDigest
	ok   bool
}

func (c *tdRowDigest) at(v *value.Vector, i int) (*tdDigest, bool) {
	x := v.AsDyn(i)
	if x != c.last || c.last == nil {
		c.last = x
		c.d, c.ok = tdFromDyn(x)
	}
	return c.d, c.ok
}

// tdPut stores x converted to t at row i (t dynamic keeps x's own type).
func tdPut(res *value.Vector, i int, x value.Value) {
	if res.T == value.Dynamic {
		res.D[i] = x.ToDyn()
		return
	}
	res.Set(i, value.Convert(x, res.T))
}

func tdPercentileEval(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	t := value.Dynamic
	if len(args) > 2 && n > 0 {
		t = strTypeLiteralOf(args[2], tdFirstRow(n, sel))
	}
	res := value.NewVector(t, n)
	var rd tdRowDigest
	ForRows(n, sel, func(i int) {
		d, ok := rd.at(args[0], i)
		p, okp := args[1].AsReal(i)
		if !ok || !okp {
			res.SetNull(i)
			return
		}
		x, ok := d.percentile(p)
		if !ok {
			res.SetNull(i)
			return
		}
		tdPut(res, i, x)
	})
	return res
}

func tdFirstRow(n int, sel []int32) int {
	if len(sel) > 0 {
		return int(sel[0])
	}
	return 0
}

// tdArrayArgs splits percentile_array_tdigest's arguments: percentiles
// from index 1, and an optional trailing type literal.
func tdArrayArgs(args []Arg) (nPct int, t value.Type, typed bool) {
	last := args[len(args)-1]
	if len(args) > 2 {
		if tt, ok := tdTypeArg(last); ok {
			return len(args) - 2, tt, true
		}
	}
	return len(args) - 1, value.Unknown, false
}

// tdCheckPercentileArray returns dynamic, except with a single scalar
// percentile and a type literal, where Kusto returns that type.
func tdCheckPercentileArray(args []Arg) (value.Type, error) {
	if err := tdCheckDigest(args[0]); err != nil {
		return value.Unknown, err
	}
	nPct, t, typed := tdArrayArgs(args)
	for i := 1; i <= nPct; i++ {
		if !mathIsNumber(args[i].Type) {
			return value.Unknown, Errorf("argument %d (percentile) must be a number or a dynamic array of numbers, got %s", i+1, args[i].Type)
		}
	}
	if typed && nPct == 1 && args[1].Type != value.Dynamic {
		return t, nil
	}
	return value.Dynamic, nil
}

func tdPercentileArrayEval(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	nPct := len(args) - 1
	elemT := value.Dynamic
	typed := false
	// Percentiles are numbers (Check), so a trailing string is the type
	// literal.
	if last := args[len(args)-1]; len(args) > 2 && last.T == value.String {
		nPct, elemT, typed = len(args)-2, strTypeLiteralOf(last, tdFirstRow(n, sel)), true
	}
	single := typed && nPct == 1 && args[1].T != value.Dynamic
	outT := value.Dynamic
	if single {
		outT = elemT
	}
	res := value.NewVector(outT, n)
	var (
		rd  tdRowDigest
		ps  []float64
		bad bool
	)
	ForRows(n, sel, func(i int) {
		d, ok := rd.at(args[0], i)
		if !ok {
			res.SetNull(i)
			return
		}
		ps, bad = ps[:0], false
		for _, a := range args[1 : 1+nPct] {
			if a.T == value.Dynamic && a.Dyn(i).Kind() == value.DArray {
				a.Dyn(i).Elems(func(_ int, e *value.Dyn) bool {
					switch e.Kind() {
					case value.DReal:
						ps = append(ps, e.AsReal())
					case value.DLong:
						ps = append(ps, float64(e.AsLong()))
					default:
						bad = true
					}
					return !bad
				})
				continue
			}
			p, ok := a.AsReal(i)
			if !ok {
				bad = true
				break
			}
			ps = append(ps, p)
		}
		if bad {
			res.SetNull(i)
			return
		}
		if single {
			if x, ok := d.percentile(ps[0]); ok {
				tdPut(res, i, x)
			} else {
				res.SetNull(i)
			}
			return
		}
		items := make([]*value.Dyn, len(ps))
		for k, p := range ps {
			x, ok := d.percentile(p)
			if !ok {
				continue
			}
			if typed && elemT != value.Dynamic {
				x = value.Convert(x, elemT)
			}
			items[k] = x.ToDyn()
		}
		res.D[i] = value.DynArray(items)
	})
	return res
}

func tdCheckRank(ret value.Type) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		if err := tdCheckDigest(args[0]); err != nil {
			return value.Unknown, err
		}
		if t := args[1].Type; !t.IsNumeric() && t != value.DateTime && t != value.TimeSpan && t != value.Dynamic && t != value.Unknown {
			return value.Unknown, Errorf("argument 2 must be a number, datetime or timespan, got %s", t)
		}
		return ret, nil
	}
}

// tdRankEval builds rank_tdigest (long) and percentrank_tdigest (real:
// the rank as a percentage of the digest's size).
func tdRankEval(percent bool) EvalFunc {
	out := value.Long
	if percent {
		out = value.Real
	}
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(out, n)
		var rd tdRowDigest
		ForRows(n, sel, func(i int) {
			d, ok := rd.at(args[0], i)
			if !ok {
				res.SetNull(i)
				return
			}
			v, ok := d.offsetOf(args[1], i)
			if !ok || math.IsNaN(v) {
				res.SetNull(i)
				return
			}
			r := d.rank(v)
			if percent {
				res.F[i] = float64(r) * 100 / float64(d.total)
				return
			}
			res.I[i] = r
		})
		return res
	}
}
