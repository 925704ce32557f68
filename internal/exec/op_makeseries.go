package exec

import (
	"fmt"
	"math"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/table"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerRunner((*plan.MakeSeries)(nil), func(q *query, n plan.Node) (*table.Table, error) {
		return q.makeSeries(n.(*plan.MakeSeries))
	})
}

// maxSeriesLen is Kusto's limit on the length of make-series arrays.
const maxSeriesLen = 1 << 20

// seriesAxis bins axis values: bin b starts at origin + b*step. Integer
// axes (long, datetime, timespan) use the int fields, real axes the float
// ones.
type seriesAxis struct {
	t              value.Type
	floats         bool
	origin, step   int64
	originF, stepF float64
	// Rows outside [lo, hi) (or [lo, hi] when hiIncl) are ignored.
	hasLo, hasHi, hiIncl bool
	lo, hi               int64
	loF, hiF             float64
}

// bin returns the bin of row i of v; ok is false for null or out-of-range
// values.
func (ax *seriesAxis) bin(v *value.Vector, i int) (int64, bool) {
	if ax.floats {
		x, ok := v.AsReal(i)
		if !ok || math.IsNaN(x) {
			return 0, false
		}
		if ax.hasLo && x < ax.loF || ax.hasHi && (x > ax.hiF || x == ax.hiF && !ax.hiIncl) {
			return 0, false
		}
		b := math.Floor((x - ax.originF) / ax.stepF)
		if b < math.MinInt64/2 || b > math.MaxInt64/2 {
			return 0, false
		}
		return int64(b), true
	}
	if v.IsNull(i) {
		return 0, false
	}
	var x int64
	if v.T.UsesInts() {
		x = v.Int64(i)
	} else {
		n, ok := v.AsLong(i)
		if !ok {
			return 0, false
		}
		x = n
	}
	if ax.hasLo && x < ax.lo || ax.hasHi && (x > ax.hi || x == ax.hi && !ax.hiIncl) {
		return 0, false
	}
	return floorDiv(x-ax.origin, ax.step), true
}

// binOf is the bin holding the bound x (for the extent of the arrays).
func (ax *seriesAxis) binOf(x int64, xf float64) int64 {
	if ax.floats {
		return int64(math.Floor((xf - ax.originF) / ax.stepF))
	}
	return floorDiv(x-ax.origin, ax.step)
}

// start is the axis value where bin b starts.
func (ax *seriesAxis) start(b int64) *value.Dyn {
	switch {
	case ax.floats:
		return value.DynReal(ax.originF + float64(b)*ax.stepF)
	case ax.t == value.DateTime:
		return value.DynDateTime(ax.origin + b*ax.step)
	case ax.t == value.TimeSpan:
		return value.DynTimeSpan(ax.origin + b*ax.step)
	}
	return value.DynLong(ax.origin + b*ax.step)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// constExpr evaluates an expression that reads no column.
func (q *query) constExpr(e plan.Expr) (value.Value, error) {
	ev, err := q.compiler().expr(e)
	if err != nil {
		return value.Value{}, err
	}
	return ev(&value.Batch{Len: 1}).Get(0), nil
}

// seriesBounds evaluates step, from and to and sets up the binning. first
// and last are the bins the arrays span when both are known from the query
// (fixed reports that).
func (q *query) seriesBounds(x *plan.MakeSeries) (ax *seriesAxis, first, last int64, hasFirst, hasLast bool, err error) {
	ax = &seriesAxis{t: x.AxisType, floats: x.AxisType.UsesFloats()}
	stepV, err := q.constExpr(x.Step)
	if err != nil {
		return nil, 0, 0, false, false, err
	}
	num := func(v value.Value, what string) (int64, float64, error) {
		if v.IsNull() {
			return 0, 0, &Error{Msg: fmt.Sprintf("the make-series %s is null", what)}
		}
		cv := value.ConstVector(v)
		if ax.floats {
			f, _ := cv.AsReal(0)
			return 0, f, nil
		}
		if v.T.UsesFloats() {
			return int64(math.Floor(v.F)), 0, nil
		}
		return v.I, 0, nil
	}
	ax.step, ax.stepF, err = num(stepV, "step")
	if err != nil {
		return nil, 0, 0, false, false, err
	}
	if ax.floats && !(ax.stepF > 0) || !ax.floats && ax.step <= 0 {
		return nil, 0, 0, false, false, &Error{Msg: "the make-series step must be greater than zero"}
	}
	var from, to int64
	var fromF, toF float64
	if x.From != nil {
		v, err := q.constExpr(x.From)
		if err != nil {
			return nil, 0, 0, false, false, err
		}
		if from, fromF, err = num(v, "start"); err != nil {
			return nil, 0, 0, false, false, err
		}
	}
	if x.To != nil {
		v, err := q.constExpr(x.To)
		if err != nil {
			return nil, 0, 0, false, false, err
		}
		if to, toF, err = num(v, "end"); err != nil {
			return nil, 0, 0, false, false, err
		}
	}
	switch {
	case x.InRange:
		// bin() alignment, stop inclusive: the arrays run from bin(start)
		// to bin(stop).
		ax.hasLo, ax.lo, ax.loF = true, from, fromF
		ax.hasHi, ax.hi, ax.hiF, ax.hiIncl = true, to, toF, true
		first, last = ax.binOf(from, fromF), ax.binOf(to, toF)
		return ax, first, last, true, true, nil
	case x.From != nil:
		// bin_at(axis, step, start): bins count from start.
		ax.origin, ax.originF = from, fromF
		ax.hasLo, ax.lo, ax.loF = true, from, fromF
		hasFirst = true
	}
	if x.To != nil {
		ax.hasHi, ax.hi, ax.hiF = true, to, toF
		// The last bin is the last one that starts before the end.
		if ax.floats {
			last = int64(math.Ceil((toF-ax.originF)/ax.stepF)) - 1
		} else {
			last = floorDiv(to-ax.origin+ax.step-1, ax.step) - 1
		}
		hasLast = true
	}
	return ax, 0, last, hasFirst, hasLast, nil
}

func (q *query) makeSeries(x *plan.MakeSeries) (*table.Table, error) {
	ax, first, last, hasFirst, hasLast, err := q.seriesBounds(x)
	if err != nil {
		return nil, err
	}
	nk := len(x.Keys)
	workers := q.opts.Workers
	type worker struct {
		g        *groupTable
		keys     []evaluator
		axis     evaluator
		args     [][]evaluator
		min, max int64
		any      bool
	}
	ws := make([]*worker, workers)
	for w := range ws {
		g := &groupTable{index: map[string]uint32{}}
		for _, k := range x.Keys {
			g.keys = append(g.keys, value.NewVector(k.Type(), 0))
		}
		g.keys = append(g.keys, value.NewVector(value.Long, 0))
		for _, a := range x.Aggs {
			g.states = append(g.states, a.Agg.New(a.Arg))
		}
		c := q.compiler()
		wk := &worker{g: g}
		if wk.keys, err = c.exprs(x.Keys); err != nil {
			return nil, err
		}
		if wk.axis, err = c.expr(x.Axis); err != nil {
			return nil, err
		}
		for _, a := range x.Aggs {
			ev, err := c.exprs(a.Args)
			if err != nil {
				return nil, err
			}
			wk.args = append(wk.args, ev)
		}
		ws[w] = wk
	}
	ordered := false
	for _, a := range x.Aggs {
		ordered = ordered || orderSensitive[a.Agg.Name]
	}
	err = q.streamWith(x.In, ordered, func(w, _ int, b *value.Batch) error {
		if b.Rows() == 0 {
			return nil
		}
		wk := ws[w]
		g := wk.g
		keyVecs := make([]*value.Vector, nk+1)
		for k, ev := range wk.keys {
			keyVecs[k] = ev(b)
		}
		axis := wk.axis(b)
		bins := value.NewVector(value.Long, b.Len)
		keyVecs[nk] = bins
		g.rows = g.rows[:0]
		g.groups = g.groups[:0]
		forRows(b, func(i int) {
			bin, ok := ax.bin(axis, i)
			if !ok {
				return
			}
			if hasLast && bin > last {
				return
			}
			bins.I[i] = bin
			if !wk.any || bin < wk.min {
				wk.min = bin
			}
			if !wk.any || bin > wk.max {
				wk.max = bin
			}
			wk.any = true
			g.rows = append(g.rows, int32(i))
			g.groups = append(g.groups, g.group(keyVecs, i))
		})
		if len(g.rows) == 0 {
			return nil
		}
		if q.opts.MaxRows > 0 && int64(g.n) > q.opts.MaxRows {
			return q.rowCapError()
		}
		for a, st := range g.states {
			args := make([]*value.Vector, len(wk.args[a]))
			for k, ev := range wk.args[a] {
				args[k] = ev(b)
			}
			st.Update(args, g.rows, g.groups)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	root := ws[0]
	for _, wk := range ws[1:] {
		if wk.any {
			if !root.any || wk.min < root.min {
				root.min = wk.min
			}
			if !root.any || wk.max > root.max {
				root.max = wk.max
			}
			root.any = true
		}
		t := wk.g
		if t.n == 0 {
			continue
		}
		remap := make([]uint32, t.n)
		for id := 0; id < int(t.n); id++ {
			remap[id] = root.g.group(t.keys, id)
		}
		for a, st := range root.g.states {
			st.Merge(t.states[a], remap)
		}
	}
	g := root.g
	n := int(g.n)
	if !hasFirst {
		first = root.min
	}
	if !hasLast {
		last = root.max
	}
	// With no data and an open range the arrays are empty.
	length := int64(0)
	if (hasFirst || root.any) && (hasLast || root.any) && last >= first {
		length = last - first + 1
	}
	if n == 0 && !x.NonEmpty {
		return &table.Table{Schema: x.Out}, nil
	}
	if length > maxSeriesLen {
		return nil, &Error{Msg: fmt.Sprintf("make-series would build arrays of %d values; the limit is %d (use a larger step or a shorter range)", length, maxSeriesLen)}
	}
	axisItems := make([]*value.Dyn, length)
	for k := range axisItems {
		axisItems[k] = ax.start(first + int64(k))
	}
	axisArr := value.DynArray(axisItems)
	defaults := make([]*value.Dyn, len(x.Aggs))
	for a, ag := range x.Aggs {
		defaults[a] = ag.Default.ToDyn()
	}
	results := make([][]*value.Vector, len(g.states))
	for a, st := range g.states {
		results[a] = st.Results(n)
	}
	// Arrange the (key, bin) groups into one row per key.
	index := map[string]int{}
	var series [][][]*value.Dyn // series, aggregate, bin
	keyOut := make([]*value.Vector, nk)
	for k, kx := range x.Keys {
		keyOut[k] = value.NewVector(kx.Type(), 0)
	}
	newSeries := func() [][]*value.Dyn {
		s := make([][]*value.Dyn, len(x.Aggs))
		for a := range s {
			items := make([]*value.Dyn, length)
			for k := range items {
				items[k] = defaults[a]
			}
			s[a] = items
		}
		series = append(series, s)
		return s
	}
	var buf []byte
	for id := 0; id < n; id++ {
		buf = buf[:0]
		for k := 0; k < nk; k++ {
			buf = appendKey(buf, g.keys[k], id)
		}
		si, ok := index[string(buf)]
		if !ok {
			si = len(series)
			index[string(buf)] = si
			newSeries()
			for k := 0; k < nk; k++ {
				keyOut[k].Append(g.keys[k], id)
			}
		}
		pos := g.keys[nk].I[id] - first
		if pos < 0 || pos >= length {
			continue
		}
		for a := range x.Aggs {
			series[si][a][pos] = results[a][0].Get(id).ToDyn()
		}
	}
	if len(series) == 0 {
		// kind=nonempty: one row of defaults with null keys.
		newSeries()
		for k, kx := range x.Keys {
			keyOut[k].AppendValue(value.Null(kx.Type()))
		}
	}
	rows := len(series)
	out := &value.Batch{Len: rows}
	out.Cols = append(out.Cols, keyOut...)
	for a := range x.Aggs {
		v := value.NewVector(value.Dynamic, rows)
		for s := range series {
			v.D[s] = value.DynArray(series[s][a])
		}
		out.Cols = append(out.Cols, v)
	}
	av := value.NewVector(value.Dynamic, rows)
	for s := range av.D {
		av.D[s] = axisArr
	}
	out.Cols = append(out.Cols, av)
	if len(out.Cols) != len(x.Out) {
		return nil, fmt.Errorf("BUG: make-series produced %d columns, analyzed %d", len(out.Cols), len(x.Out))
	}
	return &table.Table{Schema: x.Out, Batches: []*value.Batch{out}}, nil
}
