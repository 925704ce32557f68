package value

import (
	"math"
	"strconv"
	"strings"
)

// AsString returns row i as Kusto's tostring() renders it; null gives "".
func (v *Vector) AsString(i int) string {
	j := v.idx(i)
	switch v.T {
	case String, GUID:
		return v.S[j]
	case Dynamic:
		return v.D[j].String()
	}
	if v.IsNull(i) {
		return ""
	}
	switch v.T {
	case Bool:
		if v.B[j] {
			return "true"
		}
		return "false"
	case Int, Long:
		return strconv.FormatInt(v.I[j], 10)
	case Real, Decimal:
		return FormatReal(v.F[j])
	case DateTime:
		return FormatDateTime(v.I[j])
	case TimeSpan:
		return FormatTimeSpan(v.I[j])
	}
	return ""
}

// AsLong returns row i as a long where Kusto converts implicitly: int,
// long, real (truncated), bool, and dynamic numbers and bools. ok is false for
// null and for values that are not numbers.
func (v *Vector) AsLong(i int) (n int64, ok bool) {
	if v.IsNull(i) {
		return 0, false
	}
	j := v.idx(i)
	switch v.T {
	case Int, Long, DateTime, TimeSpan:
		return v.I[j], true
	case Real, Decimal:
		f := v.F[j]
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		return int64(f), true
	case Bool:
		if v.B[j] {
			return 1, true
		}
		return 0, true
	case Dynamic:
		return DynAsLong(v.D[j])
	}
	return 0, false
}

// DynAsLong converts a dynamic number or bool to a long.
func DynAsLong(d *Dyn) (int64, bool) {
	switch d.Kind() {
	case DLong, DDateTime, DTimeSpan:
		return d.AsLong(), true
	case DReal:
		f := d.AsReal()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		return int64(f), true
	case DBool:
		if d.AsBool() {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// AsReal returns row i as a real where Kusto converts implicitly.
func (v *Vector) AsReal(i int) (float64, bool) {
	if v.IsNull(i) {
		return 0, false
	}
	j := v.idx(i)
	switch v.T {
	case Int, Long:
		return float64(v.I[j]), true
	case Real, Decimal:
		return v.F[j], true
	case Bool:
		if v.B[j] {
			return 1, true
		}
		return 0, true
	case Dynamic:
		d := v.D[j]
		switch d.Kind() {
		case DLong:
			return float64(d.AsLong()), true
		case DReal:
			return d.AsReal(), true
		case DBool:
			if d.AsBool() {
				return 1, true
			}
			return 0, true
		}
	}
	return 0, false
}

// AsBool returns row i as a bool: bools, numbers (non-zero is true) and
// dynamic bools and numbers.
func (v *Vector) AsBool(i int) (bool, bool) {
	if v.IsNull(i) {
		return false, false
	}
	j := v.idx(i)
	switch v.T {
	case Bool:
		return v.B[j], true
	case Int, Long:
		return v.I[j] != 0, true
	case Real, Decimal:
		return v.F[j] != 0, true
	case Dynamic:
		d := v.D[j]
		switch d.Kind() {
		case DBool:
			return d.AsBool(), true
		case DLong:
			return d.AsLong() != 0, true
		case DReal:
			return d.AsReal() != 0, true
		case DString:
			return ParseBool(d.AsString())
		}
	case String:
		return ParseBool(v.S[j])
	}
	return false, false
}

// ParseBool parses Kusto's bool spellings: true/false (any case), 1/0.
func ParseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// AsDateTime returns row i as datetime ticks: datetimes, dynamic datetimes
// and dynamic or plain strings holding a datetime.
func (v *Vector) AsDateTime(i int) (int64, bool) {
	if v.IsNull(i) {
		return 0, false
	}
	j := v.idx(i)
	switch v.T {
	case DateTime:
		return v.I[j], true
	case String:
		return ParseDateTime(v.S[j])
	case Dynamic:
		d := v.D[j]
		switch d.Kind() {
		case DDateTime:
			return d.AsLong(), true
		case DString:
			return ParseDateTime(d.AsString())
		}
	}
	return 0, false
}

// AsTimeSpan returns row i as timespan ticks.
func (v *Vector) AsTimeSpan(i int) (int64, bool) {
	if v.IsNull(i) {
		return 0, false
	}
	j := v.idx(i)
	switch v.T {
	case TimeSpan:
		return v.I[j], true
	case String:
		return ParseTimeSpan(v.S[j])
	case Dynamic:
		d := v.D[j]
		switch d.Kind() {
		case DTimeSpan:
			return d.AsLong(), true
		case DString:
			return ParseTimeSpan(d.AsString())
		}
	}
	return 0, false
}

// AsDyn returns row i as a dynamic value (nil for null).
func (v *Vector) AsDyn(i int) *Dyn {
	if v.T == Dynamic {
		return v.D[v.idx(i)]
	}
	if v.IsNull(i) {
		return nil
	}
	return v.Get(i).ToDyn()
}

// ParseTimeSpan parses [-][d.]hh:mm[:ss[.fffffff]] and Kusto timespan
// literals such as 1d, 2h, 30m, 10s, 100ms, 10microsecond, 1tick.
func ParseTimeSpan(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if t, ok := ParseTimeSpanLiteral(s); ok {
		return t, true
	}
	neg := false
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	var days int64
	if dot := strings.IndexByte(s, '.'); dot >= 0 && dot < strings.IndexByte(s+":", ':') {
		d, err := strconv.ParseInt(s[:dot], 10, 64)
		if err != nil {
			return 0, false
		}
		days = d
		s = s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	var secTicks int64
	if len(parts) == 3 {
		f, err := strconv.ParseFloat(parts[2], 64)
		if err != nil {
			return 0, false
		}
		secTicks = int64(math.Round(f * TicksPerSecond))
	}
	t := days*TicksPerDay + h*TicksPerHour + m*TicksPerMinute + secTicks
	if neg {
		t = -t
	}
	return t, true
}

// timespanUnits maps Kusto's timespan literal suffixes to ticks.
var timespanUnits = map[string]float64{
	"d": TicksPerDay, "day": TicksPerDay, "days": TicksPerDay,
	"h": TicksPerHour, "hr": TicksPerHour, "hrs": TicksPerHour, "hour": TicksPerHour, "hours": TicksPerHour,
	"m": TicksPerMinute, "min": TicksPerMinute, "minute": TicksPerMinute, "minutes": TicksPerMinute,
	"s": TicksPerSecond, "sec": TicksPerSecond, "second": TicksPerSecond, "seconds": TicksPerSecond,
	"ms": TicksPerMillisecond, "milli": TicksPerMillisecond, "millis": TicksPerMillisecond,
	"millisecond": TicksPerMillisecond, "milliseconds": TicksPerMillisecond,
	"microsecond": TicksPerMicrosecond, "microseconds": TicksPerMicrosecond,
	"tick": 1, "ticks": 1,
}

// ParseTimeSpanLiteral parses a number followed by a Kusto timespan unit
// (1d, 1.5h, 100ms, 10microsecond, 1tick).
func ParseTimeSpanLiteral(s string) (int64, bool) {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || (i == 0 && s[i] == '-')) {
		i++
	}
	if i == 0 || i == len(s) {
		return 0, false
	}
	unit, ok := timespanUnits[strings.ToLower(s[i:])]
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, false
	}
	return int64(math.Round(f * unit)), true
}

// TimeSpanUnitTicks returns the ticks of one Kusto timespan unit suffix.
func TimeSpanUnitTicks(unit string) (int64, bool) {
	u, ok := timespanUnits[strings.ToLower(unit)]
	return int64(u), ok
}
