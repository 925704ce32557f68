// Package exec runs typed logical plans over column batches: vectorized
// expression kernels, row-level operators fused into parallel scan
// pipelines, and blocking operators that merge per-worker state.
package exec

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/fn"
	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/value"
)

// evaluator computes an expression over the live rows of a batch. The
// result has b.Len physical rows (or is constant); rows outside b.Sel are
// unspecified.
type evaluator func(b *value.Batch) *value.Vector

// compiler turns plan expressions into evaluators for one query.
type compiler struct {
	q *query
}

func (c *compiler) expr(e plan.Expr) (evaluator, error) {
	switch x := e.(type) {
	case *plan.ColRef:
		i := x.Index
		return func(b *value.Batch) *value.Vector { return b.Cols[i] }, nil
	case *plan.Const:
		v := value.ConstVector(x.V)
		return func(*value.Batch) *value.Vector { return v }, nil
	case *plan.Call:
		return c.call(x)
	case *plan.Path:
		return c.path(x)
	case *plan.DynIndex:
		return c.dynIndex(x)
	case *plan.Compare:
		return c.compare(x)
	case *plan.Arith:
		return c.arith(x)
	case *plan.Logic:
		return c.logic(x)
	case *plan.Neg:
		return c.neg(x)
	case *plan.In:
		return c.in(x)
	case *plan.Between:
		return c.between(x)
	case *plan.Cast:
		return c.cast(x)
	case *plan.Scalar:
		t, err := c.q.run(x.Sub)
		if err != nil {
			return nil, err
		}
		v := value.Null(x.T)
		for _, b := range t.Batches {
			if b.Rows() > 0 {
				v = b.Cols[0].Get(b.Row(0))
				break
			}
		}
		cv := value.ConstVector(v)
		return func(*value.Batch) *value.Vector { return cv }, nil
	}
	return nil, fmt.Errorf("BUG: cannot compile expression %T", e)
}

// pair compiles two operands.
func (c *compiler) pair(a, b plan.Expr) (evaluator, evaluator, error) {
	ea, err := c.expr(a)
	if err != nil {
		return nil, nil, err
	}
	eb, err := c.expr(b)
	if err != nil {
		return nil, nil, err
	}
	return ea, eb, nil
}

func (c *compiler) exprs(es []plan.Expr) ([]evaluator, error) {
	out := make([]evaluator, len(es))
	for i, e := range es {
		ev, err := c.expr(e)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

// allConst reports whether every vector is constant.
func allConst(vs []*value.Vector) bool {
	for _, v := range vs {
		if !v.Const {
			return false
		}
	}
	return true
}

func constOf(v *value.Vector) *value.Vector {
	v.Const = true
	return v
}

func (c *compiler) call(x *plan.Call) (evaluator, error) {
	args, err := c.exprs(x.Args)
	if err != nil {
		return nil, err
	}
	f := x.Fn
	ctx := &fn.Context{Now: c.q.now}
	return func(b *value.Batch) *value.Vector {
		in := make([]*value.Vector, len(args))
		for i, a := range args {
			in[i] = a(b)
		}
		if allConst(in) && !f.Volatile {
			return constOf(f.Eval(ctx, in, 1, nil))
		}
		return f.Eval(ctx, in, b.Len, b.Sel)
	}, nil
}

// forRows calls f for each live row.
func forRows(b *value.Batch, f func(i int)) { fn.ForRows(b.Len, b.Sel, f) }

func (c *compiler) path(x *plan.Path) (evaluator, error) {
	src, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	elems := x.Elems
	// A path of keys and non-negative indexes is looked up in one scan of
	// the raw JSON instead of one scan per step.
	var keys []string
	for _, el := range elems {
		switch {
		case !el.IsIndex && !strings.HasPrefix(el.Key, "["):
			keys = append(keys, el.Key)
		case el.IsIndex && el.Index >= 0:
			keys = append(keys, "["+strconv.Itoa(el.Index)+"]")
		default:
			keys = nil
		}
		if keys == nil {
			break
		}
	}
	if len(keys) != len(elems) {
		keys = nil
	}
	walk := func(d *value.Dyn) *value.Dyn {
		if keys != nil {
			return d.Lookup(keys)
		}
		for _, el := range elems {
			if d == nil {
				return nil
			}
			if el.IsIndex {
				d = d.Index(el.Index)
			} else {
				d = d.Get(el.Key)
			}
		}
		return d
	}
	return func(b *value.Batch) *value.Vector {
		in := src(b)
		if in.Const {
			return value.ConstVector(value.NewDynamic(walk(in.AsDyn(0))))
		}
		out := value.NewVector(value.Dynamic, b.Len)
		forRows(b, func(i int) { out.D[i] = walk(in.AsDyn(i)) })
		return out
	}, nil
}

func (c *compiler) dynIndex(x *plan.DynIndex) (evaluator, error) {
	src, idx, err := c.pair(x.X, x.Index)
	if err != nil {
		return nil, err
	}
	return func(b *value.Batch) *value.Vector {
		in, ix := src(b), idx(b)
		out := value.NewVector(value.Dynamic, b.Len)
		forRows(b, func(i int) {
			d := in.AsDyn(i)
			if ix.IsNull(i) {
				return
			}
			switch {
			case ix.T == value.String || (ix.T == value.Dynamic && ix.Dyn(i).Kind() == value.DString):
				out.D[i] = d.Get(ix.AsString(i))
			default:
				if n, ok := ix.AsLong(i); ok {
					out.D[i] = d.Index(int(n))
				}
			}
		})
		return out
	}, nil
}

// cmpKind is how a Compare evaluates, chosen once from the operand types.
type cmpKind int

const (
	cmpInt cmpKind = iota
	cmpFloat
	cmpString
	cmpFold // guid vs string: case-insensitive
	cmpBool
	cmpDynString // dynamic converted to string
	cmpDynNumber // dynamic converted to a number
	cmpDynBool
	cmpDynTicks // dynamic converted to datetime/timespan
	cmpDynDyn
)

func (c *compiler) compare(x *plan.Compare) (evaluator, error) {
	l, r, err := c.pair(x.L, x.R)
	if err != nil {
		return nil, err
	}
	lt, rt := x.L.Type(), x.R.Type()
	swap := false
	if lt != value.Dynamic && rt == value.Dynamic {
		// Normalize to dynamic on the left; the operator flips.
		l, r = r, l
		lt, rt = rt, lt
		swap = true
	}
	op := x.Op
	if swap {
		op = plan.FlipCompare(op)
	}
	var kind cmpKind
	switch {
	case lt == value.Dynamic && rt == value.Dynamic:
		kind = cmpDynDyn
	case lt == value.Dynamic:
		switch {
		case rt == value.String || rt == value.GUID:
			kind = cmpDynString
		case rt.IsNumeric():
			kind = cmpDynNumber
		case rt == value.Bool:
			kind = cmpDynBool
		case rt == value.DateTime || rt == value.TimeSpan:
			kind = cmpDynTicks
		default:
			kind = cmpDynString
		}
	case lt.IsInteger() && rt.IsInteger(), lt == value.DateTime && rt == value.DateTime, lt == value.TimeSpan && rt == value.TimeSpan:
		kind = cmpInt
	case lt.IsNumeric() && rt.IsNumeric():
		kind = cmpFloat
	case lt == value.String && rt == value.String:
		kind = cmpString
	case lt == value.GUID || rt == value.GUID:
		kind = cmpFold
	case lt == value.Bool && rt == value.Bool:
		kind = cmpBool
	default:
		return nil, fmt.Errorf("cannot compare values of types %s and %s", lt, rt)
	}
	test := opTest(op)
	return func(b *value.Batch) *value.Vector {
		lv, rv := l(b), r(b)
		n := b.Len
		sel := b.Sel
		if lv.Const && rv.Const {
			n, sel = 1, nil
		}
		out := value.NewVector(value.Bool, n)
		fast := kind == cmpInt && !lv.MaybeHasNulls() && !rv.MaybeHasNulls()
		if fast && rv.Const && !lv.Const {
			k := rv.I[0]
			li := lv.I
			fn.ForRows(n, sel, func(i int) { out.B[i] = test(cmpI(li[i], k)) })
			return finishConst(out, lv, rv)
		}
		fn.ForRows(n, sel, func(i int) {
			ln, rn := lv.IsNull(i), rv.IsNull(i)
			if ln || rn {
				// null == x is false, null != x is true, two nulls and
				// ordering give null (Kusto's null rules).
				switch {
				case ln && rn:
					out.SetNull(i)
				case op == "==":
					out.B[i] = false
				case op == "!=":
					out.B[i] = true
				default:
					if kind == cmpDynString && rn == false {
						// Strings are never null: compare the empty string.
						out.B[i] = test(strings.Compare("", rv.AsString(i)))
						return
					}
					out.SetNull(i)
				}
				return
			}
			r, ok := compareRow(kind, lv, rv, i)
			if !ok {
				if op == "!=" {
					out.B[i] = true
				} else if op == "==" {
					out.B[i] = false
				} else {
					out.SetNull(i)
				}
				return
			}
			out.B[i] = test(r)
		})
		return finishConst(out, lv, rv)
	}, nil
}

func finishConst(out, l, r *value.Vector) *value.Vector {
	if l.Const && r.Const {
		out.Const = true
	}
	return out
}

func cmpI(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	// NaN: unordered, report "not equal" in a stable way.
	return 2
}

func opTest(op string) func(int) bool {
	switch op {
	case "==":
		return func(c int) bool { return c == 0 }
	case "!=":
		return func(c int) bool { return c != 0 }
	case "<":
		return func(c int) bool { return c == -1 }
	case "<=":
		return func(c int) bool { return c == -1 || c == 0 }
	case ">":
		return func(c int) bool { return c == 1 }
	case ">=":
		return func(c int) bool { return c == 1 || c == 0 }
	}
	panic("BUG: unknown comparison " + op)
}

// compareRow compares row i of l and r; ok is false when the dynamic side
// does not convert to the other side's type.
func compareRow(kind cmpKind, l, r *value.Vector, i int) (int, bool) {
	switch kind {
	case cmpInt:
		return cmpI(l.Int64(i), r.Int64(i)), true
	case cmpFloat:
		a, _ := l.AsReal(i)
		b, _ := r.AsReal(i)
		return cmpF(a, b), true
	case cmpString:
		return strings.Compare(l.Str(i), r.Str(i)), true
	case cmpFold:
		return strings.Compare(strings.ToLower(l.AsString(i)), strings.ToLower(r.AsString(i))), true
	case cmpBool:
		return cmpI(b2i(l.Bool(i)), b2i(r.Bool(i))), true
	case cmpDynString:
		return strings.Compare(l.Dyn(i).String(), r.AsString(i)), true
	case cmpDynNumber:
		d := l.Dyn(i)
		if d.Kind() == value.DLong && r.T.IsInteger() {
			return cmpI(d.AsLong(), r.Int64(i)), true
		}
		a, ok := dynNumber(d)
		if !ok {
			return 0, false
		}
		b, _ := r.AsReal(i)
		return cmpF(a, b), true
	case cmpDynBool:
		d := l.Dyn(i)
		var a bool
		switch d.Kind() {
		case value.DBool:
			a = d.AsBool()
		case value.DString:
			v, ok := value.ParseBool(d.AsString())
			if !ok {
				return 0, false
			}
			a = v
		default:
			return 0, false
		}
		return cmpI(b2i(a), b2i(r.Bool(i))), true
	case cmpDynTicks:
		var a int64
		var ok bool
		if r.T == value.DateTime {
			a, ok = l.AsDateTime(i)
		} else {
			a, ok = l.AsTimeSpan(i)
		}
		if !ok {
			return 0, false
		}
		return cmpI(a, r.Int64(i)), true
	case cmpDynDyn:
		a, b := l.Dyn(i), r.Dyn(i)
		if a.Equal(b) {
			return 0, true
		}
		if x, ok := dynNumber(a); ok {
			if y, ok := dynNumber(b); ok {
				return cmpF(x, y), true
			}
		}
		c := strings.Compare(a.String(), b.String())
		if c == 0 {
			c = 2 // different kinds with the same text are not equal
		}
		return c, true
	}
	return 0, false
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// dynNumber converts a dynamic scalar to a number the way Kusto casts a
// dynamic to a numeric type: numbers as they are, bools as 0/1, strings
// parsed.
func dynNumber(d *value.Dyn) (float64, bool) {
	switch d.Kind() {
	case value.DLong:
		return float64(d.AsLong()), true
	case value.DReal:
		return d.AsReal(), true
	case value.DBool:
		return float64(b2i(d.AsBool())), true
	case value.DString:
		return value.ParseReal(d.AsString())
	}
	return 0, false
}

func (c *compiler) logic(x *plan.Logic) (evaluator, error) {
	l, r, err := c.pair(x.L, x.R)
	if err != nil {
		return nil, err
	}
	and := x.Op == "and"
	return func(b *value.Batch) *value.Vector {
		lv, rv := l(b), r(b)
		n, sel := b.Len, b.Sel
		if lv.Const && rv.Const {
			n, sel = 1, nil
		}
		out := value.NewVector(value.Bool, n)
		fn.ForRows(n, sel, func(i int) {
			ln, rn := lv.IsNull(i), rv.IsNull(i)
			var a, bb bool
			if !ln {
				a = lv.Bool(i)
			}
			if !rn {
				bb = rv.Bool(i)
			}
			// Three-valued logic: false and null is false, true or null is true.
			if and {
				switch {
				case (!ln && !a) || (!rn && !bb):
					out.B[i] = false
				case ln || rn:
					out.SetNull(i)
				default:
					out.B[i] = true
				}
				return
			}
			switch {
			case (!ln && a) || (!rn && bb):
				out.B[i] = true
			case ln || rn:
				out.SetNull(i)
			default:
				out.B[i] = false
			}
		})
		return finishConst(out, lv, rv)
	}, nil
}

func (c *compiler) neg(x *plan.Neg) (evaluator, error) {
	src, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	t := x.Type()
	return func(b *value.Batch) *value.Vector {
		in := src(b)
		n, sel := b.Len, b.Sel
		if in.Const {
			n, sel = 1, nil
		}
		out := value.NewVector(t, n)
		fn.ForRows(n, sel, func(i int) {
			if in.IsNull(i) {
				out.SetNull(i)
				return
			}
			switch {
			case t.UsesInts():
				out.I[i] = -in.Int64(i)
			case t.UsesFloats():
				out.F[i] = -in.Float(i)
			case t == value.Dynamic:
				d := in.Dyn(i)
				switch d.Kind() {
				case value.DLong:
					out.D[i] = value.DynLong(-d.AsLong())
				case value.DReal:
					out.D[i] = value.DynReal(-d.AsReal())
				}
			}
		})
		if in.Const {
			out.Const = true
		}
		return out
	}, nil
}

func (c *compiler) between(x *plan.Between) (evaluator, error) {
	ge, err := c.compare(&plan.Compare{Op: ">=", L: x.X, R: x.Lo})
	if err != nil {
		return nil, err
	}
	le, err := c.compare(&plan.Compare{Op: "<=", L: x.X, R: x.Hi})
	if err != nil {
		return nil, err
	}
	not := x.Not
	return func(b *value.Batch) *value.Vector {
		a, z := ge(b), le(b)
		n, sel := b.Len, b.Sel
		if a.Const && z.Const {
			n, sel = 1, nil
		}
		out := value.NewVector(value.Bool, n)
		fn.ForRows(n, sel, func(i int) {
			if a.IsNull(i) || z.IsNull(i) {
				out.SetNull(i)
				return
			}
			out.B[i] = (a.Bool(i) && z.Bool(i)) != not
		})
		return finishConst(out, a, z)
	}, nil
}

func (c *compiler) arith(x *plan.Arith) (evaluator, error) {
	l, r, err := c.pair(x.L, x.R)
	if err != nil {
		return nil, err
	}
	t := x.T
	lt, rt := x.L.Type(), x.R.Type()
	op := x.Op
	return func(b *value.Batch) *value.Vector {
		lv, rv := l(b), r(b)
		n, sel := b.Len, b.Sel
		if lv.Const && rv.Const {
			n, sel = 1, nil
		}
		out := value.NewVector(t, n)
		fn.ForRows(n, sel, func(i int) {
			if lv.IsNull(i) || rv.IsNull(i) {
				out.SetNull(i)
				return
			}
			if !arithRow(op, t, lt, rt, lv, rv, out, i) {
				out.SetNull(i)
			}
		})
		return finishConst(out, lv, rv)
	}, nil
}

// arithRow computes one row of l op r into out; false means null.
func arithRow(op string, t, lt, rt value.Type, lv, rv, out *value.Vector, i int) bool {
	switch {
	case t == value.Dynamic:
		a, aok := dynOrScalarNumber(lv, i)
		bb, bok := dynOrScalarNumber(rv, i)
		if !aok || !bok {
			return false
		}
		ai, bi := isWhole(lv, i), isWhole(rv, i)
		if ai && bi && op != "/" {
			r, ok := intOp(op, int64(a), int64(bb))
			if !ok {
				return false
			}
			out.D[i] = value.DynLong(r)
			return true
		}
		if ai && bi {
			r, ok := intOp(op, int64(a), int64(bb))
			if !ok {
				return false
			}
			out.D[i] = value.DynLong(r)
			return true
		}
		out.D[i] = value.DynReal(floatOp(op, a, bb))
		return true
	case t.IsInteger() && lt.IsInteger() && rt.IsInteger():
		r, ok := intOp(op, lv.Int64(i), rv.Int64(i))
		if !ok {
			return false
		}
		if t == value.Int {
			r = int64(int32(r))
		}
		out.I[i] = r
		return true
	case t.UsesFloats():
		a, _ := lv.AsReal(i)
		bb, _ := rv.AsReal(i)
		if lt == value.TimeSpan && rt == value.TimeSpan {
			a, bb = float64(lv.Int64(i)), float64(rv.Int64(i))
		}
		out.F[i] = floatOp(op, a, bb)
		return true
	case t == value.DateTime || t == value.TimeSpan:
		switch {
		case lt.UsesInts() && rt.UsesInts() && !(lt.IsInteger() || rt.IsInteger()):
			r, ok := intOp(op, lv.Int64(i), rv.Int64(i))
			if !ok {
				return false
			}
			out.I[i] = r
		case lt == value.TimeSpan:
			// timespan * or / a number.
			f, _ := rv.AsReal(i)
			if op == "*" {
				out.I[i] = int64(math.Round(float64(lv.Int64(i)) * f))
			} else {
				if f == 0 {
					return false
				}
				out.I[i] = int64(math.Round(float64(lv.Int64(i)) / f))
			}
		default:
			f, _ := lv.AsReal(i)
			out.I[i] = int64(math.Round(f * float64(rv.Int64(i))))
		}
		return true
	}
	return false
}

func isWhole(v *value.Vector, i int) bool {
	if v.T == value.Dynamic {
		return v.Dyn(i).Kind() == value.DLong
	}
	return v.T.IsInteger()
}

func dynOrScalarNumber(v *value.Vector, i int) (float64, bool) {
	if v.T == value.Dynamic {
		d := v.Dyn(i)
		switch d.Kind() {
		case value.DLong:
			return float64(d.AsLong()), true
		case value.DReal:
			return d.AsReal(), true
		}
		return 0, false
	}
	return v.AsReal(i)
}

func intOp(op string, a, b int64) (int64, bool) {
	switch op {
	case "+":
		return a + b, true
	case "-":
		return a - b, true
	case "*":
		return a * b, true
	case "/":
		if b == 0 {
			return 0, false
		}
		return a / b, true
	case "%":
		if b == 0 {
			return 0, false
		}
		// Kusto's modulo is never negative: -14 % 12 is 10.
		r := a % b
		if r < 0 {
			if b < 0 {
				r -= b
			} else {
				r += b
			}
		}
		return r, true
	}
	return 0, false
}

func floatOp(op string, a, b float64) float64 {
	switch op {
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a * b
	case "/":
		return a / b
	case "%":
		r := math.Mod(a, b)
		if r < 0 {
			r += math.Abs(b)
		}
		return r
	}
	return math.NaN()
}
