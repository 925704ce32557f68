package fn

import (
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// The datetime functions: now, ago, the part getters (getyear, dayofweek,
// week_of_year...), startof*/endof*, datetime_add, datetime_diff and
// datetime_part. Kusto has no startofhour/endofhour; use bin(t, 1h).

func init() {
	Register(&Scalar{Name: "now", MinArgs: 0, MaxArgs: 1, Check: dtCheckNow, Eval: dtNow,
		Doc: "The query's current UTC time (the same for every use in a query), plus an optional offset."})
	Register(&Scalar{Name: "ago", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.DateTime, KTimeSpan), Eval: dtAgo,
		Doc: "now() minus the given timespan."})

	part := func(name, doc string, out value.Type, f func(int64) int64) {
		Register(&Scalar{Name: name, MinArgs: 1, MaxArgs: 1, Check: Fixed(out, KDateTime),
			Eval: Map1(out, GetDateTime, PutLong, func(t int64) (int64, bool) { return f(t), true }), Doc: doc})
	}
	part("getyear", "The year of a datetime.", value.Int, func(t int64) int64 { y, _, _ := dtDate(t); return y })
	for _, name := range []string{"getmonth", "monthofyear"} {
		part(name, "The month (1-12) of a datetime.", value.Int, func(t int64) int64 { _, m, _ := dtDate(t); return m })
	}
	part("dayofmonth", "The day of the month (1-31) of a datetime.", value.Int, func(t int64) int64 { _, _, d := dtDate(t); return d })
	part("dayofyear", "The day of the year (1-366) of a datetime.", value.Int, dtDayOfYear)
	part("hourofday", "The hour (0-23) of a datetime.", value.Int, func(t int64) int64 {
		_, tod := dtDays(t)
		return tod / value.TicksPerHour
	})
	part("week_of_year", "The ISO 8601 week number (weeks start on Monday; week 1 holds the first Thursday).", value.Int, dtISOWeek)
	part("dayofweek", "The days since the preceding Sunday, as a timespan (0.00:00:00 for Sunday).", value.TimeSpan,
		func(t int64) int64 { return dtWeekday(t) * value.TicksPerDay })

	for _, b := range []struct {
		name string
		unit string
		f    func(ticks, offset int64) (int64, bool)
	}{
		{"startofday", "day", dtStartOfDay},
		{"startofweek", "week (weeks start on Sunday)", dtStartOfWeek},
		{"startofmonth", "month", dtStartOfMonth},
		{"startofyear", "year", dtStartOfYear},
	} {
		start := b.f
		Register(&Scalar{Name: b.name, MinArgs: 1, MaxArgs: 2, Check: dtCheckBoundary, Eval: dtBoundary(start),
			Doc: "The start of the " + b.unit + " holding the date, shifted by an optional number of " + strings.Fields(b.unit)[0] + "s."})
		end := "endof" + strings.TrimPrefix(b.name, "startof")
		Register(&Scalar{Name: end, MinArgs: 1, MaxArgs: 2, Check: dtCheckBoundary,
			Eval: dtBoundary(func(t, off int64) (int64, bool) {
				next, ok := start(t, off+1)
				return next - 1, ok && dtValid(next-1)
			}),
			Doc: "The last tick of the " + b.unit + " holding the date, shifted by an optional number of " + strings.Fields(b.unit)[0] + "s."})
	}

	Register(&Scalar{Name: "datetime_add", MinArgs: 3, MaxArgs: 3, Check: dtCheckAdd, Eval: dtAdd,
		Doc: "datetime_add(period, amount, datetime): adds amount periods (year, quarter, month, week, day, hour, minute, second, millisecond, microsecond, nanosecond)."})
	Register(&Scalar{Name: "datetime_diff", MinArgs: 3, MaxArgs: 3, Check: dtCheckDiff, Eval: dtDiff,
		Doc: "datetime_diff(period, datetime1, datetime2): the number of period boundaries between datetime2 and datetime1."})
	Register(&Scalar{Name: "datetime_part", MinArgs: 2, MaxArgs: 2, Check: dtCheckPart, Eval: dtPart,
		Doc: "datetime_part(part, datetime): year, quarter, month, week_of_year, day, dayofyear, hour, minute, second, millisecond, microsecond or nanosecond as an int."})
}

func dtCheckNow(args []Arg) (value.Type, error) {
	if len(args) == 1 && !KTimeSpan.Accepts(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a timespan, got %s", args[0].Type)
	}
	return value.DateTime, nil
}

func dtNow(ctx *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.DateTime, n)
	ForRows(n, sel, func(i int) {
		t := ctx.Now
		if len(args) == 1 {
			off, ok := args[0].AsTimeSpan(i)
			if !ok {
				res.SetNull(i)
				return
			}
			var ok2 bool
			if t, ok2 = mathAddOK(t, off); !ok2 || !dtValid(t) {
				res.SetNull(i)
				return
			}
		}
		res.I[i] = t
	})
	return res
}

func dtAgo(ctx *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.DateTime, n)
	ForRows(n, sel, func(i int) {
		off, ok := args[0].AsTimeSpan(i)
		if !ok {
			res.SetNull(i)
			return
		}
		t, ok := mathAddOK(ctx.Now, -off)
		if !ok || !dtValid(t) {
			res.SetNull(i)
			return
		}
		res.I[i] = t
	})
	return res
}

func dtCheckBoundary(args []Arg) (value.Type, error) {
	if !KDateTime.Accepts(args[0].Type) {
		return value.Unknown, Errorf("argument 1 must be a datetime, got %s", args[0].Type)
	}
	if len(args) > 1 && !KInteger.Accepts(args[1].Type) {
		return value.Unknown, Errorf("argument 2 (offset) must be an integer, got %s", args[1].Type)
	}
	return value.DateTime, nil
}

// dtBoundary builds the kernel of a startof/endof function.
func dtBoundary(f func(ticks, offset int64) (int64, bool)) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.DateTime, n)
		ForRows(n, sel, func(i int) {
			t, ok := args[0].AsDateTime(i)
			if !ok {
				res.SetNull(i)
				return
			}
			var off int64
			if len(args) > 1 {
				if off, ok = args[1].AsLong(i); !ok {
					res.SetNull(i)
					return
				}
			}
			r, ok := f(t, off)
			if !ok || !dtValid(r) {
				res.SetNull(i)
				return
			}
			res.I[i] = r
		})
		return res
	}
}

// Offsets beyond these bounds leave the datetime range (10,000 years) and
// would overflow the tick arithmetic.
const (
	dtMaxDays   = 3_700_000
	dtMaxWeeks  = dtMaxDays / 7
	dtMaxMonths = 120_000
	dtMaxYears  = 10_000
)

func dtStartOfDay(t, off int64) (int64, bool) {
	if off > dtMaxDays || off < -dtMaxDays {
		return 0, false
	}
	days, _ := dtDays(t)
	return (days + off) * value.TicksPerDay, true
}

func dtStartOfWeek(t, off int64) (int64, bool) {
	if off > dtMaxWeeks || off < -dtMaxWeeks {
		return 0, false
	}
	days, _ := dtDays(t)
	return (days - dtWeekday(t) + 7*off) * value.TicksPerDay, true
}

func dtStartOfMonth(t, off int64) (int64, bool) {
	if off > dtMaxMonths || off < -dtMaxMonths {
		return 0, false
	}
	y, m, _ := dtDate(t)
	total := y*12 + m - 1 + off
	ny := mathFloorDiv(total, 12)
	return dtDaysFromCivil(ny, total-ny*12+1, 1) * value.TicksPerDay, true
}

func dtStartOfYear(t, off int64) (int64, bool) {
	if off > dtMaxYears || off < -dtMaxYears {
		return 0, false
	}
	y, _, _ := dtDate(t)
	return dtDaysFromCivil(y+off, 1, 1) * value.TicksPerDay, true
}

// dtPeriod is a datetime_add / datetime_diff period.
type dtPeriod uint8

const (
	dtBadPeriod dtPeriod = iota
	dtYear
	dtQuarter
	dtMonth
	dtWeek
	dtDay
	dtHour
	dtMinute
	dtSecond
	dtMillisecond
	dtMicrosecond
	dtNanosecond
)

var dtPeriods = map[string]dtPeriod{
	"year": dtYear, "quarter": dtQuarter, "month": dtMonth, "week": dtWeek, "day": dtDay,
	"hour": dtHour, "minute": dtMinute, "second": dtSecond, "millisecond": dtMillisecond,
	"microsecond": dtMicrosecond, "nanosecond": dtNanosecond,
}

// dtPeriodTicks is the length of the fixed-length periods.
var dtPeriodTicks = [...]int64{
	dtWeek: 7 * value.TicksPerDay, dtDay: value.TicksPerDay, dtHour: value.TicksPerHour,
	dtMinute: value.TicksPerMinute, dtSecond: value.TicksPerSecond, dtMillisecond: value.TicksPerMillisecond,
	dtMicrosecond: value.TicksPerMicrosecond,
}

// dtParsePeriod resolves a period name (case-insensitive).
func dtParsePeriod(s string) dtPeriod { return dtPeriods[strings.ToLower(strings.TrimSpace(s))] }

const dtPeriodNames = "year, quarter, month, week, day, hour, minute, second, millisecond, microsecond or nanosecond"

// dtCheckPeriodArg validates a constant period argument at analysis time.
func dtCheckPeriodArg(a Arg, names map[string]bool, list string) error {
	if !KString.Accepts(a.Type) {
		return Errorf("argument 1 must be a string, got %s", a.Type)
	}
	if s, ok := convConstString(a); ok && !names[strings.ToLower(strings.TrimSpace(s))] {
		return Errorf("unknown period %q: expected %s", s, list)
	}
	return nil
}

var dtPeriodSet = func() map[string]bool {
	m := map[string]bool{}
	for k := range dtPeriods {
		m[k] = true
	}
	return m
}()

func dtCheckAdd(args []Arg) (value.Type, error) {
	if err := dtCheckPeriodArg(args[0], dtPeriodSet, dtPeriodNames); err != nil {
		return value.Unknown, err
	}
	if !KInteger.Accepts(args[1].Type) {
		return value.Unknown, Errorf("argument 2 (amount) must be an integer, got %s", args[1].Type)
	}
	if !KDateTime.Accepts(args[2].Type) {
		return value.Unknown, Errorf("argument 3 must be a datetime, got %s", args[2].Type)
	}
	return value.DateTime, nil
}

// dtPeriodOf returns the period of row i, resolving a constant only once.
func dtPeriodOf(a *value.Vector) func(i int) dtPeriod {
	if a.Const {
		p := dtParsePeriod(a.AsString(0))
		return func(int) dtPeriod { return p }
	}
	return func(i int) dtPeriod { return dtParsePeriod(a.AsString(i)) }
}

func dtAdd(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.DateTime, n)
	period := dtPeriodOf(args[0])
	ForRows(n, sel, func(i int) {
		p := period(i)
		k, ok1 := args[1].AsLong(i)
		t, ok2 := args[2].AsDateTime(i)
		if p == dtBadPeriod || !ok1 || !ok2 {
			res.SetNull(i)
			return
		}
		r, ok := dtAddPeriod(t, p, k)
		if !ok || !dtValid(r) {
			res.SetNull(i)
			return
		}
		res.I[i] = r
	})
	return res
}

func dtAddPeriod(t int64, p dtPeriod, k int64) (int64, bool) {
	switch p {
	case dtYear:
		if k > 10000 || k < -10000 {
			return 0, false
		}
		return dtAddMonths(t, 12*k)
	case dtQuarter:
		if k > 40000 || k < -40000 {
			return 0, false
		}
		return dtAddMonths(t, 3*k)
	case dtMonth:
		return dtAddMonths(t, k)
	case dtNanosecond:
		return mathAddOK(t, k/100)
	}
	d, ok := mathMulOK(k, dtPeriodTicks[p])
	if !ok {
		return 0, false
	}
	return mathAddOK(t, d)
}

func dtCheckDiff(args []Arg) (value.Type, error) {
	if err := dtCheckPeriodArg(args[0], dtPeriodSet, dtPeriodNames); err != nil {
		return value.Unknown, err
	}
	for i := 1; i < 3; i++ {
		if !KDateTime.Accepts(args[i].Type) {
			return value.Unknown, Errorf("argument %d must be a datetime, got %s", i+1, args[i].Type)
		}
	}
	return value.Long, nil
}

func dtDiff(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	period := dtPeriodOf(args[0])
	ForRows(n, sel, func(i int) {
		p := period(i)
		t1, ok1 := args[1].AsDateTime(i)
		t2, ok2 := args[2].AsDateTime(i)
		if p == dtBadPeriod || !ok1 || !ok2 {
			res.SetNull(i)
			return
		}
		res.I[i] = dtDiffPeriod(p, t1, t2)
	})
	return res
}

// dtDiffPeriod counts the period boundaries crossed from t2 to t1 (Kusto's
// datetime_diff is calendar-based, like SQL's DATEDIFF: the year difference
// of 2017-01-01 and 2016-12-31 is 1).
func dtDiffPeriod(p dtPeriod, t1, t2 int64) int64 {
	switch p {
	case dtYear, dtQuarter, dtMonth:
		y1, m1, _ := dtDate(t1)
		y2, m2, _ := dtDate(t2)
		switch p {
		case dtYear:
			return y1 - y2
		case dtQuarter:
			return (y1*4 + (m1-1)/3) - (y2*4 + (m2-1)/3)
		}
		return (y1*12 + m1) - (y2*12 + m2)
	case dtWeek:
		// Weeks start on Sunday; tick 0 (0001-01-01) was a Monday.
		w := int64(7 * value.TicksPerDay)
		return mathFloorDiv(t1+value.TicksPerDay, w) - mathFloorDiv(t2+value.TicksPerDay, w)
	case dtNanosecond:
		return (t1 - t2) * 100
	}
	u := dtPeriodTicks[p]
	return mathFloorDiv(t1, u) - mathFloorDiv(t2, u)
}

// dtPart is a datetime_part part.
type dtPartKind uint8

const (
	dtBadPart dtPartKind = iota
	dtPartYear
	dtPartQuarter
	dtPartMonth
	dtPartWeekOfYear
	dtPartDay
	dtPartDayOfYear
	dtPartHour
	dtPartMinute
	dtPartSecond
	dtPartMillisecond
	dtPartMicrosecond
	dtPartNanosecond
)

var dtParts = map[string]dtPartKind{
	"year": dtPartYear, "quarter": dtPartQuarter, "month": dtPartMonth, "week_of_year": dtPartWeekOfYear,
	"day": dtPartDay, "dayofyear": dtPartDayOfYear, "hour": dtPartHour, "minute": dtPartMinute,
	"second": dtPartSecond, "millisecond": dtPartMillisecond, "microsecond": dtPartMicrosecond,
	"nanosecond": dtPartNanosecond,
}

var dtPartSet = func() map[string]bool {
	m := map[string]bool{}
	for k := range dtParts {
		m[k] = true
	}
	return m
}()

func dtCheckPart(args []Arg) (value.Type, error) {
	if err := dtCheckPeriodArg(args[0], dtPartSet, "year, quarter, month, week_of_year, day, dayofyear, hour, minute, second, millisecond, microsecond or nanosecond"); err != nil {
		return value.Unknown, err
	}
	if !KDateTime.Accepts(args[1].Type) {
		return value.Unknown, Errorf("argument 2 must be a datetime, got %s", args[1].Type)
	}
	return value.Int, nil
}

func dtPart(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Int, n)
	partOf := func(i int) dtPartKind { return dtParts[strings.ToLower(strings.TrimSpace(args[0].AsString(i)))] }
	if args[0].Const {
		p := partOf(0)
		partOf = func(int) dtPartKind { return p }
	}
	ForRows(n, sel, func(i int) {
		p := partOf(i)
		t, ok := args[1].AsDateTime(i)
		if p == dtBadPart || !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = dtPartOf(p, t)
	})
	return res
}

func dtPartOf(p dtPartKind, t int64) int64 {
	_, tod := dtDays(t)
	frac := tod % value.TicksPerSecond
	switch p {
	case dtPartYear:
		y, _, _ := dtDate(t)
		return y
	case dtPartQuarter:
		_, m, _ := dtDate(t)
		return (m-1)/3 + 1
	case dtPartMonth:
		_, m, _ := dtDate(t)
		return m
	case dtPartWeekOfYear:
		return dtISOWeek(t)
	case dtPartDay:
		_, _, d := dtDate(t)
		return d
	case dtPartDayOfYear:
		return dtDayOfYear(t)
	case dtPartHour:
		return tod / value.TicksPerHour
	case dtPartMinute:
		return tod % value.TicksPerHour / value.TicksPerMinute
	case dtPartSecond:
		return tod % value.TicksPerMinute / value.TicksPerSecond
	case dtPartMillisecond:
		return frac / value.TicksPerMillisecond
	case dtPartMicrosecond:
		return frac / value.TicksPerMicrosecond
	case dtPartNanosecond:
		return frac * 100
	}
	return 0
}
