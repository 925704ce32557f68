package fn

import (
	"math"

	"github.com/harrier-sec/harrier/internal/value"
)

// make_datetime, make_timespan and the unixtime_*_todatetime conversions.

func init() {
	Register(&Scalar{Name: "make_datetime", MinArgs: 1, MaxArgs: 6, Check: dtCheckMakeDateTime, Eval: dtMakeDateTime,
		Doc: "make_datetime(year, month, day[, hour[, minute[, second]]]); seconds may have a fraction; null when a part is out of range."})
	Register(&Scalar{Name: "make_timespan", MinArgs: 1, MaxArgs: 4, Check: dtCheckMakeTimeSpan, Eval: dtMakeTimeSpan,
		Doc: "make_timespan(hour, minute[, second]) or make_timespan(day, hour, minute, second); seconds may have a fraction."})
	for _, u := range []struct {
		name  string
		ticks float64 // ticks per unit (a nanosecond is 1/100 tick)
		doc   string
	}{
		{"unixtime_seconds_todatetime", value.TicksPerSecond, "seconds"},
		{"unixtime_milliseconds_todatetime", value.TicksPerMillisecond, "milliseconds"},
		{"unixtime_microseconds_todatetime", value.TicksPerMicrosecond, "microseconds"},
		{"unixtime_nanoseconds_todatetime", 0.01, "nanoseconds"},
	} {
		perUnit := u.ticks
		Register(&Scalar{Name: u.name, MinArgs: 1, MaxArgs: 1, Check: mathCheckNumbers(value.DateTime),
			Eval: dtUnixEval(perUnit),
			Doc:  "Converts a number of " + u.doc + " since 1970-01-01 (UTC) to a datetime."})
	}
}

// dtUnixEpoch is 1970-01-01 in ticks.
const dtUnixEpoch = dtEpochDays * value.TicksPerDay

// dtUnixEval converts numbers of units since the Unix epoch; integers are
// converted exactly (a float64 cannot hold every nanosecond count).
func dtUnixEval(ticksPerUnit float64) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		if !args[0].T.IsInteger() {
			return Map1(value.DateTime, GetReal, PutLong, func(x float64) (int64, bool) { return dtFromUnix(x, ticksPerUnit) })(nil, args, n, sel)
		}
		return Map1(value.DateTime, GetLong, PutLong, func(x int64) (int64, bool) {
			var t int64
			if ticksPerUnit >= 1 {
				var ok bool
				if t, ok = mathMulOK(x, int64(ticksPerUnit)); !ok {
					return 0, false
				}
			} else {
				t = x / 100 // nanoseconds, 100 per tick
			}
			t, ok := mathAddOK(t, dtUnixEpoch)
			return t, ok && dtValid(t)
		})(nil, args, n, sel)
	}
}

// dtFromUnix converts x units since the Unix epoch to ticks. The integral
// and fractional parts are scaled separately so that whole numbers convert
// exactly.
func dtFromUnix(x, ticksPerUnit float64) (int64, bool) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	whole, frac := math.Modf(x)
	w := whole * ticksPerUnit
	if w > float64(value.MaxDateTime) || w < -float64(dtUnixEpoch) {
		return 0, false
	}
	var t int64
	if ticksPerUnit >= 1 {
		t = int64(whole)*int64(ticksPerUnit) + int64(math.Round(frac*ticksPerUnit))
	} else {
		// Nanoseconds: 100 per tick, truncated.
		if math.Abs(whole) < 9e18 {
			t = int64(whole) / 100
		} else {
			t = int64(whole / 100)
		}
	}
	t += dtUnixEpoch
	return t, dtValid(t)
}

func dtCheckMakeDateTime(args []Arg) (value.Type, error) {
	if len(args) == 2 {
		return value.Unknown, Errorf("make_datetime takes one datetime, or year, month, day and optional hour, minute, second")
	}
	if len(args) == 1 {
		return value.DateTime, nil
	}
	for i, a := range args {
		if !mathIsNumber(a.Type) {
			return value.Unknown, Errorf("argument %d must be a number, got %s", i+1, a.Type)
		}
	}
	return value.DateTime, nil
}

func dtMakeDateTime(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	if len(args) == 1 {
		return Map1(value.DateTime, GetDateTime, PutLong, convOK[int64])(nil, args, n, sel)
	}
	res := value.NewVector(value.DateTime, n)
	ForRows(n, sel, func(i int) {
		var parts [5]int64
		for k := 0; k < 5 && k < len(args); k++ {
			x, ok := args[k].AsLong(i)
			if !ok {
				res.SetNull(i)
				return
			}
			parts[k] = x
		}
		var sec int64
		if len(args) == 6 {
			s, ok := args[5].AsReal(i)
			if !ok || !(s >= 0 && s < 60) {
				res.SetNull(i)
				return
			}
			sec = int64(math.Round(s * value.TicksPerSecond))
		}
		t, ok := dtFromParts(parts[0], parts[1], parts[2], parts[3], parts[4], sec)
		if !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = t
	})
	return res
}

func dtCheckMakeTimeSpan(args []Arg) (value.Type, error) {
	if len(args) == 1 {
		return value.TimeSpan, nil
	}
	for i, a := range args {
		if !mathIsNumber(a.Type) {
			return value.Unknown, Errorf("argument %d must be a number, got %s", i+1, a.Type)
		}
	}
	return value.TimeSpan, nil
}

func dtMakeTimeSpan(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	if len(args) == 1 {
		return Map1(value.TimeSpan, convGetTimeSpan, PutLong, convOK[int64])(nil, args, n, sel)
	}
	res := value.NewVector(value.TimeSpan, n)
	ForRows(n, sel, func(i int) {
		// The last argument is seconds when there are 3 or 4 arguments.
		whole := len(args)
		if len(args) > 2 {
			whole--
		}
		var parts [3]int64
		for k := 0; k < whole; k++ {
			x, ok := args[k].AsLong(i)
			if !ok {
				res.SetNull(i)
				return
			}
			parts[k] = x
		}
		var days, h, m int64
		switch len(args) {
		case 2, 3:
			h, m = parts[0], parts[1]
		case 4:
			days, h, m = parts[0], parts[1], parts[2]
		}
		var sec int64
		if len(args) > 2 {
			s, ok := args[len(args)-1].AsReal(i)
			if !ok || !(s >= 0 && s < 60) {
				res.SetNull(i)
				return
			}
			sec = int64(math.Round(s * value.TicksPerSecond))
		}
		if days < 0 || days > 10675199 || h < 0 || h > 23 || m < 0 || m > 59 {
			res.SetNull(i)
			return
		}
		res.I[i] = days*value.TicksPerDay + h*value.TicksPerHour + m*value.TicksPerMinute + sec
	})
	return res
}
