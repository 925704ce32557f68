package value

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Value is one tagged scalar: for constants, literals and result encoding,
// never per cell on a hot path. The payload field depends on T as in Vector:
// I for bool (0/1), int, long, datetime, timespan; F for real and decimal; S
// for string and guid; D for dynamic.
type Value struct {
	T    Type
	Null bool
	I    int64
	F    float64
	S    string
	D    *Dyn
}

// Null returns the null of type t (the empty string for string).
func Null(t Type) Value {
	if t == String {
		return Value{T: String}
	}
	return Value{T: t, Null: true}
}

// NewBool returns a bool value.
func NewBool(b bool) Value {
	if b {
		return Value{T: Bool, I: 1}
	}
	return Value{T: Bool}
}

// NewLong returns a long value.
func NewLong(n int64) Value { return Value{T: Long, I: n} }

// NewInt returns an int value.
func NewInt(n int64) Value { return Value{T: Int, I: int64(int32(n))} }

// NewReal returns a real value.
func NewReal(f float64) Value { return Value{T: Real, F: f} }

// NewString returns a string value.
func NewString(s string) Value { return Value{T: String, S: s} }

// NewDateTime returns a datetime value from ticks.
func NewDateTime(ticks int64) Value { return Value{T: DateTime, I: ticks} }

// NewTimeSpan returns a timespan value from ticks.
func NewTimeSpan(ticks int64) Value { return Value{T: TimeSpan, I: ticks} }

// NewDynamic returns a dynamic value; a nil or JSON-null d gives null.
func NewDynamic(d *Dyn) Value {
	if d == nil || d.k == DNull {
		return Value{T: Dynamic, Null: true}
	}
	return Value{T: Dynamic, D: d}
}

// IsNull reports whether v is null (dynamic JSON null included).
func (v Value) IsNull() bool {
	if v.T == Dynamic {
		return v.Null || v.D == nil || v.D.k == DNull
	}
	return v.Null
}

// Bool returns the bool payload.
func (v Value) Bool() bool { return v.I != 0 }

// Ticks per unit: Kusto datetimes and timespans count 100ns ticks.
const (
	TicksPerMicrosecond = 10
	TicksPerMillisecond = 10_000
	TicksPerSecond      = 10_000_000
	TicksPerMinute      = 60 * TicksPerSecond
	TicksPerHour        = 60 * TicksPerMinute
	TicksPerDay         = 24 * TicksPerHour
)

// unixEpochTicks is 1970-01-01 in ticks since 0001-01-01.
const unixEpochTicks = 621355968000000000

// TicksFromTime converts a time to datetime ticks (since 0001-01-01 UTC).
func TicksFromTime(t time.Time) int64 {
	t = t.UTC()
	sec := t.Unix()
	return unixEpochTicks + sec*TicksPerSecond + int64(t.Nanosecond())/100
}

// TimeFromTicks converts datetime ticks to a UTC time.
func TimeFromTicks(ticks int64) time.Time {
	rel := ticks - unixEpochTicks
	sec := rel / TicksPerSecond
	rem := rel % TicksPerSecond
	if rem < 0 {
		sec--
		rem += TicksPerSecond
	}
	return time.Unix(sec, rem*100).UTC()
}

// MinDateTime and MaxDateTime bound Kusto's datetime range.
const (
	MinDateTime int64 = 0
	MaxDateTime int64 = 3155378975999999999
)

// FormatDateTime renders ticks as Kusto's tostring() renders a datetime:
// ISO 8601 UTC with seven fraction digits (2024-01-31T10:00:00.0000000Z).
func FormatDateTime(ticks int64) string { return formatDateTime(ticks, true) }

// FormatDateTimeCompact renders ticks as ISO 8601 UTC with the fraction only
// when it is not zero and without trailing zeros, as result sets show
// datetimes (2024-01-31T10:00:00Z).
func FormatDateTimeCompact(ticks int64) string { return formatDateTime(ticks, false) }

func formatDateTime(ticks int64, full bool) string {
	t := TimeFromTicks(ticks)
	var b strings.Builder
	b.Grow(28)
	b.WriteString(t.Format("2006-01-02T15:04:05"))
	frac := ticks % TicksPerSecond
	if frac < 0 {
		frac += TicksPerSecond
	}
	if frac != 0 || full {
		s := strconv.FormatInt(frac+TicksPerSecond, 10)[1:] // 7 digits
		if !full {
			s = strings.TrimRight(s, "0")
		}
		b.WriteByte('.')
		b.WriteString(s)
	}
	b.WriteByte('Z')
	return b.String()
}

// FormatTimeSpan renders ticks as Kusto prints timespans: [-][d.]hh:mm:ss[.fffffff].
func FormatTimeSpan(ticks int64) string {
	var b strings.Builder
	neg := ticks < 0
	u := uint64(ticks)
	if neg {
		b.WriteByte('-')
		u = uint64(-ticks)
	}
	days := u / TicksPerDay
	u %= TicksPerDay
	h := u / TicksPerHour
	u %= TicksPerHour
	m := u / TicksPerMinute
	u %= TicksPerMinute
	s := u / TicksPerSecond
	frac := u % TicksPerSecond
	if days > 0 {
		b.WriteString(strconv.FormatUint(days, 10))
		b.WriteByte('.')
	}
	two := func(x uint64) {
		if x < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.FormatUint(x, 10))
	}
	two(h)
	b.WriteByte(':')
	two(m)
	b.WriteByte(':')
	two(s)
	if frac != 0 {
		b.WriteByte('.')
		b.WriteString(strconv.FormatUint(frac+TicksPerSecond, 10)[1:])
	}
	return b.String()
}

// FormatReal renders a real as Kusto does: shortest round-trip digits,
// "NaN", "Infinity", "-Infinity", exponents as E+NN.
func FormatReal(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	abs := math.Abs(f)
	if abs != 0 && (abs >= 1e15 || abs < 1e-4) {
		s := strconv.FormatFloat(f, 'E', -1, 64)
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// String renders v as Kusto's tostring() would; null renders as "".
func (v Value) String() string {
	if v.IsNull() {
		return ""
	}
	switch v.T {
	case Bool:
		if v.I != 0 {
			return "true"
		}
		return "false"
	case Int, Long:
		return strconv.FormatInt(v.I, 10)
	case Real, Decimal:
		return FormatReal(v.F)
	case String, GUID:
		return v.S
	case DateTime:
		return FormatDateTime(v.I)
	case TimeSpan:
		return FormatTimeSpan(v.I)
	case Dynamic:
		return v.D.String()
	}
	return ""
}

// ToDyn converts a scalar value into a dynamic value (as pack() and
// make_list() store it).
func (v Value) ToDyn() *Dyn {
	if v.IsNull() {
		if v.T == Dynamic {
			return nil
		}
		return DynNull()
	}
	switch v.T {
	case Bool:
		return DynBool(v.I != 0)
	case Int, Long:
		return DynLong(v.I)
	case Real, Decimal:
		return DynReal(v.F)
	case String:
		return DynString(v.S)
	case GUID:
		return DynGUID(v.S)
	case DateTime:
		return DynDateTime(v.I)
	case TimeSpan:
		return DynTimeSpan(v.I)
	case Dynamic:
		return v.D
	}
	return DynNull()
}
