package fn

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"

	"github.com/harrier-sec/harrier/internal/value"
)

// Distinct counting for dcount(), dcountif(), hll(), hll_merge() and the
// scalar dcount_hll().
//
// Each group counts exactly while it has few distinct values, keeping the
// 64-bit hashes of its values in a small open-addressing table, and turns
// into a HyperLogLog sketch of 2^p one-byte registers once it exceeds a
// threshold. Kusto documents the register counts per accuracy level
// (2^12, 2^14, 2^16, 2^17, 2^18 for levels 0..4) and exact answers up to
// 1000 values at level 1 and 8000 at level 2; the thresholds of the other
// levels are ours. Because the registers are a function of the set of
// hashes and a group switches exactly when its distinct count passes the
// threshold, the result does not depend on how rows were split between
// states or in which order states merge.
//
// The estimator is Ertl's improved raw estimator ("New cardinality
// estimation algorithms for HyperLogLog sketches", 2017), accurate over the
// whole range without HLL++'s empirical bias tables.

// hllPrecision maps Kusto's accuracy level to the register index bits.
var hllPrecision = [...]uint8{12, 14, 16, 17, 18}

// hllExactLimit is the number of distinct values a group counts exactly at
// precision p.
func hllExactLimit(p uint8) int {
	switch {
	case p <= 12:
		return 250
	case p <= 14:
		return 1000
	case p <= 16:
		return 8000
	case p <= 17:
		return 16000
	}
	return 32000
}

// hllAccuracyArg reads and validates the accuracy argument at index i.
func hllAccuracyArg(args []Arg, i int) (uint8, error) {
	n, err := aggConstInt(args, i, 1, "accuracy")
	if err != nil {
		return 0, err
	}
	if n < 0 || n >= int64(len(hllPrecision)) {
		return 0, &aggArgError{i: i, msg: "(accuracy) must be between 0 and 4"}
	}
	return hllPrecision[n], nil
}

// hllSketches holds one distinct-count sketch per group.
type hllSketches struct {
	prec  uint8      // precision of groups created by Update
	p     []uint8    // per group: precision (0 until the group gets a value)
	tbl   [][]uint64 // per group: exact hashes, open addressing, 0 = empty slot
	cnt   []int32    // per group: entries in tbl
	regs  [][]uint8  // per group: registers once the group went dense
	limit int        // exact limit of prec, cached for the hot path
}

func hllNewSketches(prec uint8) *hllSketches {
	return &hllSketches{prec: prec, limit: hllExactLimit(prec)}
}

func (s *hllSketches) grow(n int) {
	s.p = aggGrow(s.p, n)
	s.tbl = aggGrow(s.tbl, n)
	s.cnt = aggGrow(s.cnt, n)
	s.regs = aggGrow(s.regs, n)
}

// add inserts hash h into group g, which has precision p.
func (s *hllSketches) add(g int, h uint64) {
	if r := s.regs[g]; r != nil {
		hllRegAdd(r, s.p[g], h)
		return
	}
	if s.p[g] == 0 {
		s.p[g] = s.prec
	}
	if h == 0 {
		h = 1 // 0 marks empty slots; one collision in 2^64 is harmless
	}
	t := s.tbl[g]
	if int(s.cnt[g]+1)*4 > len(t)*3 {
		t = hllRehash(t)
		s.tbl[g] = t
	}
	mask := uint64(len(t) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch t[i] {
		case h:
			return
		case 0:
			t[i] = h
			s.cnt[g]++
			limit := s.limit
			if s.p[g] != s.prec {
				limit = hllExactLimit(s.p[g])
			}
			if int(s.cnt[g]) > limit {
				s.densify(g)
			}
			return
		}
	}
}

// hllRehash returns a table twice as large (at least 8 slots) holding t's
// hashes.
func hllRehash(t []uint64) []uint64 {
	n := 2 * len(t)
	if n < 8 {
		n = 8
	}
	nt := make([]uint64, n)
	mask := uint64(n - 1)
	for _, h := range t {
		if h == 0 {
			continue
		}
		i := h & mask
		for nt[i] != 0 {
			i = (i + 1) & mask
		}
		nt[i] = h
	}
	return nt
}

// densify turns group g into registers.
func (s *hllSketches) densify(g int) {
	p := s.p[g]
	r := make([]uint8, 1<<p)
	for _, h := range s.tbl[g] {
		if h != 0 {
			hllRegAdd(r, p, h)
		}
	}
	s.regs[g], s.tbl[g], s.cnt[g] = r, nil, 0
}

// hllRegAdd records hash h in registers of precision p: the top p bits pick
// the register, which keeps the largest rank (leading zeros + 1) of the
// remaining bits.
func hllRegAdd(r []uint8, p uint8, h uint64) {
	idx := h >> (64 - p)
	w := h<<p | 1<<(p-1) // guard bit: rank is at most 64-p+1
	rank := uint8(bits.LeadingZeros64(w) + 1)
	if rank > r[idx] {
		r[idx] = rank
	}
}

// hllFold converts registers of precision from to precision to < from.
func hllFold(r []uint8, from, to uint8) []uint8 {
	d := from - to
	out := make([]uint8, 1<<to)
	for j, rank := range r {
		if rank == 0 {
			continue
		}
		low := uint64(j) & (1<<d - 1)
		nr := d + rank
		if low != 0 {
			nr = d - uint8(bits.Len64(low)) + 1
		}
		if i := j >> d; nr > out[i] {
			out[i] = nr
		}
	}
	return out
}

// setPrecision lowers group g's precision to p (sketches of different
// accuracy merge at the lower one).
func (s *hllSketches) setPrecision(g int, p uint8) {
	switch {
	case s.p[g] == 0:
		s.p[g] = p
	case p < s.p[g]:
		if s.regs[g] != nil {
			s.regs[g] = hllFold(s.regs[g], s.p[g], p)
		}
		s.p[g] = p
		if s.regs[g] == nil && int(s.cnt[g]) > hllExactLimit(p) {
			s.densify(g)
		}
	}
}

// mergeGroup folds group og of o into group g.
func (s *hllSketches) mergeGroup(g int, o *hllSketches, og int) {
	op := o.p[og]
	if op == 0 {
		return
	}
	s.setPrecision(g, op)
	if or := o.regs[og]; or != nil {
		if op > s.p[g] {
			or = hllFold(or, op, s.p[g])
		}
		if s.regs[g] == nil {
			s.densify(g)
		}
		r := s.regs[g]
		for i, x := range or {
			if x > r[i] {
				r[i] = x
			}
		}
		return
	}
	for _, h := range o.tbl[og] {
		if h != 0 {
			s.add(g, h)
		}
	}
}

// Merge folds all groups of o through remap.
func (s *hllSketches) Merge(o *hllSketches, remap []uint32) {
	for g, p := range o.p {
		if p == 0 || g >= len(remap) {
			continue
		}
		d := int(remap[g])
		s.grow(d + 1)
		s.mergeGroup(d, o, g)
	}
}

// count estimates group g's distinct count (exact below the threshold).
func (s *hllSketches) count(g int) int64 {
	if g >= len(s.p) || s.p[g] == 0 {
		return 0
	}
	if r := s.regs[g]; r != nil {
		return hllEstimate(r, s.p[g])
	}
	return int64(s.cnt[g])
}

// hllEstimate is Ertl's improved raw estimator, rounded.
func hllEstimate(r []uint8, p uint8) int64 {
	q := 64 - int(p)
	var c [66]int
	// Most registers of a sketch just past its exact limit are zero: count
	// them eight at a time.
	i := 0
	for ; i+8 <= len(r); i += 8 {
		if binary.LittleEndian.Uint64(r[i:]) == 0 {
			c[0] += 8
			continue
		}
		for _, x := range r[i : i+8] {
			c[x]++
		}
	}
	for _, x := range r[i:] {
		c[x]++
	}
	m := float64(len(r))
	z := m * hllTau(1-float64(c[q+1])/m)
	for k := q; k >= 1; k-- {
		z = 0.5 * (z + float64(c[k]))
	}
	z += m * hllSigma(float64(c[0])/m)
	return int64(math.Round(m * m / (2 * math.Ln2) / z))
}

func hllSigma(x float64) float64 {
	if x == 1 {
		return math.Inf(1)
	}
	y, z := 1.0, x
	for {
		x *= x
		prev := z
		z += x * y
		y += y
		if z == prev {
			return z
		}
	}
}

func hllTau(x float64) float64 {
	if x == 0 || x == 1 {
		return 0
	}
	y, z := 1.0, 1-x
	for {
		x = math.Sqrt(x)
		prev := z
		y *= 0.5
		z -= (1 - x) * (1 - x) * y
		if z == prev {
			return z / 3
		}
	}
}

// Serialized form of hll() results: a property bag
//
//	{"hll":1,"p":14,"exact":[h1,h2,...]}   while exact (hashes as longs)
//	{"hll":1,"p":14,"regs":"<base64>"}     once dense
//
// which hll_merge() and dcount_hll() read back.

// toDyn serializes group g, or returns nil when it has no value.
func (s *hllSketches) toDyn(g int) *value.Dyn {
	if g >= len(s.p) || s.p[g] == 0 {
		return nil
	}
	p := value.DynLong(int64(s.p[g]))
	if r := s.regs[g]; r != nil {
		return value.DynBag([]string{"hll", "p", "regs"},
			[]*value.Dyn{value.DynLong(1), p, value.DynString(base64.StdEncoding.EncodeToString(r))})
	}
	// Sorted, so that equal sets serialize equally whatever the slot order.
	sorted := make([]uint64, 0, s.cnt[g])
	for _, h := range s.tbl[g] {
		if h != 0 {
			sorted = append(sorted, h)
		}
	}
	slices.Sort(sorted)
	hs := make([]*value.Dyn, len(sorted))
	for i, h := range sorted {
		hs[i] = value.DynLong(int64(h))
	}
	return value.DynBag([]string{"hll", "p", "exact"}, []*value.Dyn{value.DynLong(1), p, value.DynArray(hs)})
}

// addDyn merges a serialized sketch into group g; ok is false when d is
// not one.
func (s *hllSketches) addDyn(g int, d *value.Dyn) bool {
	if v := d.Get("hll"); v.Kind() != value.DLong || v.AsLong() != 1 {
		return false
	}
	pv := d.Get("p")
	if pv.Kind() != value.DLong || pv.AsLong() < 4 || pv.AsLong() > 18 {
		return false
	}
	p := uint8(pv.AsLong())
	if rs := d.Get("regs"); rs != nil {
		r, err := base64.StdEncoding.DecodeString(rs.AsString())
		if rs.Kind() != value.DString || err != nil || len(r) != 1<<p {
			return false
		}
		one := &hllSketches{p: []uint8{p}, tbl: [][]uint64{nil}, cnt: []int32{0}, regs: [][]uint8{r}}
		s.mergeGroup(g, one, 0)
		return true
	}
	ex := d.Get("exact")
	if ex.Kind() != value.DArray {
		return false
	}
	s.setPrecision(g, p)
	ok := true
	ex.Elems(func(_ int, e *value.Dyn) bool {
		if e.Kind() != value.DLong {
			ok = false
			return false
		}
		s.add(g, uint64(e.AsLong()))
		return true
	})
	return ok
}

// hllOfDyn returns the distinct count of a serialized sketch.
func hllOfDyn(d *value.Dyn) (int64, bool) {
	s := hllNewSketches(hllPrecision[1])
	s.grow(1)
	if !s.addDyn(0, d) {
		return 0, false
	}
	return s.count(0), true
}

// sketchState is the AggState of dcount (output long) and hll (output the
// serialized sketch).
type sketchState struct {
	sk     *hllSketches
	fam    aggFamily
	asDyn  bool // hll(): serialize instead of counting
	merged bool // hll_merge(): the argument holds serialized sketches
}

func (s *sketchState) Update(args []*value.Vector, rows []int32, groups []uint32) {
	v := args[0]
	sk := s.sk
	sk.grow(aggMaxGroup(groups))
	if s.merged {
		for k, r := range rows {
			if d, ok := aggGetDyn(v, int(r)); ok {
				sk.addDyn(int(groups[k]), d)
			}
		}
		return
	}
	if aggDense(v) && v.T.UsesInts() {
		src := v.I
		for k, r := range rows {
			sk.add(int(groups[k]), aggHashInt(src[r]))
		}
		return
	}
	if v.T == value.String && !v.Const {
		src := v.S
		for k, r := range rows {
			sk.add(int(groups[k]), aggHashStr(src[r]))
		}
		return
	}
	for k, r := range rows {
		if h, ok := aggHashRow(s.fam, v, int(r)); ok {
			sk.add(int(groups[k]), h)
		}
	}
}

func (s *sketchState) Merge(other AggState, remap []uint32) {
	s.sk.Merge(other.(*sketchState).sk, remap)
}

func (s *sketchState) Results(n int) []*value.Vector {
	if s.asDyn {
		out := value.NewVector(value.Dynamic, n)
		for g := 0; g < n; g++ {
			out.D[g] = s.sk.toDyn(g)
		}
		return []*value.Vector{out}
	}
	out := value.NewVector(value.Long, n)
	for g := 0; g < n; g++ {
		out.I[g] = s.sk.count(g)
	}
	return []*value.Vector{out}
}

var aggDcount = &Aggregate{
	Name:    "dcount",
	MinArgs: 1,
	MaxArgs: 2,
	Check: func(args []Arg) ([]value.Type, error) {
		if _, err := hllAccuracyArg(args, 1); err != nil {
			return nil, err
		}
		return aggOne(value.Long), nil
	},
	New: func(args []Arg) AggState { return aggNewSketchState(args, false) },
	Doc: "Estimated number of distinct non-null values per group (exact for small counts).",
}

func aggNewSketchState(args []Arg, asDyn bool) *sketchState {
	p, err := hllAccuracyArg(args, 1)
	if err != nil {
		p = hllPrecision[1]
	}
	return &sketchState{sk: hllNewSketches(p), fam: aggFamilyOf(args[0].Type), asDyn: asDyn}
}

var aggHll = &Aggregate{
	Name:    "hll",
	MinArgs: 1,
	MaxArgs: 2,
	Check: func(args []Arg) ([]value.Type, error) {
		if t := args[0].Type; t == value.Real || t == value.Bool {
			return nil, aggArgErr(0, "a value other than real or bool", t)
		}
		if _, err := hllAccuracyArg(args, 1); err != nil {
			return nil, err
		}
		return aggOne(value.Dynamic), nil
	},
	New: func(args []Arg) AggState { return aggNewSketchState(args, true) },
	Doc: "A mergeable distinct-count sketch per group, for hll_merge() and dcount_hll().",
}

var aggHllMerge = &Aggregate{
	Name:    "hll_merge",
	MinArgs: 1,
	MaxArgs: 1,
	Check: func(args []Arg) ([]value.Type, error) {
		if t := args[0].Type; t != value.Dynamic && !aggUnknown(t) {
			return nil, aggArgErr(0, "dynamic (the result of hll())", t)
		}
		return aggOne(value.Dynamic), nil
	},
	New: func([]Arg) AggState {
		return &sketchState{sk: hllNewSketches(hllPrecision[1]), fam: famDyn, asDyn: true, merged: true}
	},
	Doc: "Merges hll() sketches per group.",
}

func init() {
	RegisterAggregate(aggDcount)
	RegisterAggregate(aggIfVariant("dcountif", aggDcount, 1,
		"Estimated number of distinct values of rows whose predicate is true."))
	RegisterAggregate(aggHll)
	RegisterAggregate(aggIfVariant("hll_if", aggHll, 1, "An hll() sketch of the values of rows whose predicate is true."))
	RegisterAggregate(aggHllMerge)
	// dcount_hll is a scalar function but reads the aggregate's sketch
	// format, so it lives next to it.
	Register(&Scalar{
		Name:    "dcount_hll",
		MinArgs: 1,
		MaxArgs: 1,
		Check:   Fixed(value.Long, KDynamic),
		Eval:    Map1(value.Long, GetDyn, PutLong, hllOfDyn),
		Doc:     "The distinct count of an hll() or hll_merge() sketch.",
	})
}
