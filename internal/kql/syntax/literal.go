package syntax

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// typedLiteralWords are the words that, followed by '(', form a literal
// whose content is read raw (dynamic is parsed with tokens instead).
var typedLiteralWords = map[string]value.Type{
	"datetime": value.DateTime, "date": value.DateTime,
	"timespan": value.TimeSpan, "time": value.TimeSpan,
	"guid": value.GUID, "uniqueid": value.GUID, "uuid": value.GUID,
	"long": value.Long, "int64": value.Long,
	"int": value.Int, "int32": value.Int,
	"real": value.Real, "double": value.Real,
	"decimal": value.Decimal,
	"bool":    value.Bool, "boolean": value.Bool,
	"dynamic": value.Dynamic,
}

var errRange = errors.New("value out of range")

// parseLong parses a decimal or 0x hexadecimal integer literal.
func parseLong(text string) (int64, error) {
	if len(text) > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') {
		u, err := strconv.ParseUint(text[2:], 16, 64)
		if err != nil {
			return 0, errRange
		}
		return int64(u), nil // 0xffffffffffffffff is -1, as in Kusto
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return 0, errRange
	}
	return n, nil
}

func parseReal(text string) (float64, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, err
	}
	if math.IsInf(f, 0) {
		return 0, errRange
	}
	return f, nil
}

// scaleTicks multiplies a decimal number by num/den and rounds to whole
// ticks, exactly.
func scaleTicks(number string, num, den int64) (int64, error) {
	r, ok := new(big.Rat).SetString(number)
	if !ok {
		return 0, errors.New("invalid number")
	}
	r.Mul(r, big.NewRat(num, den))
	// Round half away from zero.
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Sign() != 0 {
		m.Abs(m).Mul(m, big.NewInt(2))
		if m.Cmp(r.Denom()) >= 0 {
			if r.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	if !q.IsInt64() {
		return 0, errRange
	}
	return q.Int64(), nil
}

// timespanTicks evaluates a number with a unit suffix such as 1.5h or 10ms.
func timespanTicks(text string) (int64, error) {
	i := 0
	for i < len(text) && (isDigit(text[i]) || text[i] == '.') {
		i++
	}
	u, ok := timespanUnits[text[i:]]
	if !ok || i == 0 {
		return 0, errors.New("unknown unit")
	}
	return scaleTicks(text[:i], u[0], u[1])
}

// parseTypedRaw evaluates the raw content of kind(...) for the typed
// literals other than dynamic.
func parseTypedRaw(t value.Type, raw string) (value.Value, error) {
	s := strings.TrimSpace(raw)
	if s == "null" {
		return value.Null(t), nil
	}
	switch t {
	case value.DateTime:
		ticks, err := parseDateTime(s)
		return value.NewDateTime(ticks), err
	case value.TimeSpan:
		ticks, err := parseTimeSpan(s)
		return value.NewTimeSpan(ticks), err
	case value.GUID:
		g, err := parseGUID(s)
		return value.Value{T: value.GUID, S: g}, err
	case value.Long, value.Int:
		n, err := parseSignedLong(s)
		if err != nil {
			return value.Null(t), err
		}
		if t == value.Int {
			if n != int64(int32(n)) {
				return value.Null(t), errRange
			}
			return value.NewInt(n), nil
		}
		return value.NewLong(n), nil
	case value.Real, value.Decimal:
		if t == value.Real {
			switch strings.ToLower(s) {
			case "nan":
				return value.NewReal(math.NaN()), nil
			case "+inf", "inf":
				return value.NewReal(math.Inf(1)), nil
			case "-inf":
				return value.NewReal(math.Inf(-1)), nil
			}
		}
		f, err := parseSignedReal(s)
		if err != nil {
			return value.Null(t), err
		}
		return value.Value{T: t, F: f}, nil
	case value.Bool:
		switch s {
		case "true", "True", "TRUE":
			return value.NewBool(true), nil
		case "false", "False", "FALSE":
			return value.NewBool(false), nil
		}
		return value.Null(t), errors.New("expected true, false or null")
	}
	return value.Null(t), errors.New("unsupported type")
}

func splitSign(s string) (neg bool, rest string) {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		return s[0] == '-', strings.TrimSpace(s[1:])
	}
	return false, s
}

func parseSignedLong(s string) (int64, error) {
	neg, rest := splitSign(s)
	if rest == "" || !isDigit(rest[0]) {
		return 0, errors.New("invalid number")
	}
	if len(rest) > 2 && (rest[1] == 'x' || rest[1] == 'X') {
		n, err := parseLong(rest)
		if neg {
			n = -n
		}
		return n, err
	}
	if neg {
		rest = "-" + rest
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return 0, errors.New("invalid integer")
	}
	return n, nil
}

func parseSignedReal(s string) (float64, error) {
	neg, rest := splitSign(s)
	if rest == "" || !isDigit(rest[0]) || strings.Trim(rest, "0123456789.eE+-") != "" {
		return 0, errors.New("invalid number")
	}
	f, err := parseReal(rest)
	if neg {
		f = -f
	}
	return f, err
}

// parseTimeSpan reads the content of time(...)/timespan(...): a number of
// days (2, 1.5), a number with a unit (1d, 15 seconds) or
// [-][d.]hh:mm[:ss[.fffffff]].
func parseTimeSpan(s string) (int64, error) {
	neg, rest := splitSign(s)
	if rest == "" || !isDigit(rest[0]) {
		return 0, errors.New("expected a number of days, a number with a unit or [d.]hh:mm:ss")
	}
	var ticks int64
	var err error
	if strings.IndexByte(rest, ':') >= 0 {
		ticks, err = parseClock(rest)
	} else {
		i := 0
		for i < len(rest) && (isDigit(rest[i]) || rest[i] == '.') {
			i++
		}
		unit := strings.TrimSpace(rest[i:])
		u := [2]int64{value.TicksPerDay, 1}
		if unit != "" {
			var ok bool
			if u, ok = timespanUnits[unit]; !ok {
				return 0, errors.New("unknown unit '" + unit + "'")
			}
		}
		ticks, err = scaleTicks(rest[:i], u[0], u[1])
	}
	if neg {
		ticks = -ticks
	}
	return ticks, err
}

// parseClock reads [d.]hh:mm[:ss[.fffffff]].
func parseClock(s string) (int64, error) {
	bad := errors.New("expected [d.]hh:mm[:ss[.fffffff]]")
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, bad
	}
	var days int64
	hh := parts[0]
	if i := strings.IndexByte(hh, '.'); i >= 0 {
		d, err := strconv.ParseInt(hh[:i], 10, 64)
		if err != nil || d < 0 || d > 10675199 {
			return 0, bad
		}
		days, hh = d, hh[i+1:]
	}
	h, err1 := atoiDigits(hh, 2)
	m, err2 := atoiDigits(parts[1], 2)
	if err1 != nil || err2 != nil || h > 23 || m > 59 {
		return 0, bad
	}
	var sec, frac int64
	if len(parts) == 3 {
		ss := parts[2]
		if i := strings.IndexByte(ss, '.'); i >= 0 {
			f, err := fraction7(ss[i+1:])
			if err != nil {
				return 0, bad
			}
			frac, ss = f, ss[:i]
		}
		s, err := atoiDigits(ss, 2)
		if err != nil || s > 59 {
			return 0, bad
		}
		sec = s
	}
	t := days*value.TicksPerDay + h*value.TicksPerHour + m*value.TicksPerMinute + sec*value.TicksPerSecond + frac
	if t < 0 {
		return 0, errRange
	}
	return t, nil
}

// atoiDigits parses 1..max decimal digits.
func atoiDigits(s string, max int) (int64, error) {
	if s == "" || len(s) > max {
		return 0, errors.New("bad digits")
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, errors.New("bad digits")
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, nil
}

// fraction7 converts fractional-second digits to ticks, keeping 7 digits.
func fraction7(s string) (int64, error) {
	if s == "" {
		return 0, errors.New("empty fraction")
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, errors.New("bad fraction")
		}
		if i < 7 {
			n = n*10 + int64(s[i]-'0')
		}
	}
	for i := len(s); i < 7; i++ {
		n *= 10
	}
	return n, nil
}

// parseDateTime reads the content of datetime(...): the spellings
// value.ParseDateTime accepts, optionally quoted.
func parseDateTime(s string) (int64, error) {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	if t, ok := value.ParseDateTime(s); ok {
		return t, nil
	}
	return 0, errors.New("expected a date such as 2024-01-31 or 2024-01-31T10:00:00Z")
}

// parseGUID accepts 8-4-4-4-12 hex digits (or 32 without dashes) and
// returns the lower-case dashed form.
func parseGUID(s string) (string, error) {
	hex := strings.ReplaceAll(s, "-", "")
	if len(hex) != 32 || (len(s) != 32 && (len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')) {
		return "", errors.New("expected 8-4-4-4-12 hexadecimal digits")
	}
	for i := 0; i < len(hex); i++ {
		if !isHex(hex[i]) {
			return "", errors.New("expected 8-4-4-4-12 hexadecimal digits")
		}
	}
	hex = strings.ToLower(hex)
	return hex[:8] + "-" + hex[8:12] + "-" + hex[12:16] + "-" + hex[16:20] + "-" + hex[20:], nil
}
