package extent

import (
	"github.com/harrier-sec/harrier/internal/value"
)

// Strings that are really UUIDs or timestamps (ReportId, AuditID,
// RequestReceivedTimestamp, ...) dominate what is left of audit events
// after dictionaries: stored as text they cost 20-30 compressed bytes each,
// as 16 raw bytes or a small tick delta far less. The codecs here only
// accept text they reproduce byte for byte; anything else stays text.

// parseUUID parses the canonical 8-4-4-4-12 form. lower and upper report
// which letter case it is written in (both for an all-digit UUID).
func parseUUID(s string, out *[16]byte) (lower, upper, ok bool) {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false, false, false
	}
	lower, upper = true, true
	j := 0
	for i := 0; i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
			continue
		}
		hi, l1, u1, ok1 := hexVal(s[i])
		lo, l2, u2, ok2 := hexVal(s[i+1])
		if !ok1 || !ok2 {
			return false, false, false
		}
		lower = lower && l1 && l2
		upper = upper && u1 && u2
		out[j] = hi<<4 | lo
		j++
		i += 2
	}
	return lower, upper, lower || upper
}

func hexVal(c byte) (v byte, lower, upper, ok bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true, true, true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true, false, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, false, true, true
	}
	return 0, false, false, false
}

const (
	hexLower = "0123456789abcdef"
	hexUpper = "0123456789ABCDEF"
)

// appendUUID renders 16 bytes in canonical form.
func appendUUID(b []byte, u []byte, upper bool) []byte {
	digits := hexLower
	if upper {
		digits = hexUpper
	}
	for i := range 16 {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, digits[u[i]>>4], digits[u[i]&15])
	}
	return b
}

// Timestamp text layouts: 0..9 is a fixed number of fraction digits (0: no
// fraction and no dot), layoutTrimmed drops trailing zeros (and the dot
// when the fraction is zero), as Go's RFC3339Nano prints.
const layoutTrimmed = 10

// unixEpochDays is 1970-01-01 in days since 0001-01-01.
const unixEpochDays = 719162

// parseTimeText parses "YYYY-MM-DDTHH:MM:SS[.f+]Z". It returns the ticks
// and the number of fraction digits; fraction digits beyond the seventh
// must be zero (ticks are 100ns). Dates are not range-checked: callers
// re-render and compare, which rejects Feb 30 and the like.
func parseTimeText(s string) (ticks int64, digits int, ok bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return 0, 0, false
	}
	num := func(a, b int) (int64, bool) {
		var n int64
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int64(c-'0')
		}
		return n, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	h, ok4 := num(11, 13)
	mi, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 {
		return 0, 0, false
	}
	var frac int64
	rest := s[19 : len(s)-1]
	if len(rest) > 0 {
		if rest[0] != '.' || len(rest) < 2 || len(rest) > 10 {
			return 0, 0, false
		}
		digits = len(rest) - 1
		for i := 1; i < len(rest); i++ {
			c := rest[i]
			if c < '0' || c > '9' {
				return 0, 0, false
			}
			if i <= 7 {
				frac = frac*10 + int64(c-'0')
			} else if c != '0' {
				return 0, 0, false
			}
		}
		for i := digits; i < 7; i++ {
			frac *= 10
		}
	}
	days := daysFromCivil(y, int(mo), int(d)) + unixEpochDays
	ticks = days*value.TicksPerDay + h*value.TicksPerHour + mi*value.TicksPerMinute + sec*value.TicksPerSecond + frac
	return ticks, digits, true
}

// appendTimeText renders ticks in the given layout.
func appendTimeText(b []byte, ticks int64, layout int) []byte {
	if ticks < 0 {
		ticks = 0
	}
	days := ticks / value.TicksPerDay
	rem := ticks % value.TicksPerDay
	y, mo, d := civilFromDays(days - unixEpochDays)
	b = append4(b, int(y))
	b = append(b, '-')
	b = append2(b, mo)
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, int(rem/value.TicksPerHour))
	b = append(b, ':')
	b = append2(b, int(rem/value.TicksPerMinute%60))
	b = append(b, ':')
	b = append2(b, int(rem/value.TicksPerSecond%60))
	frac := rem % value.TicksPerSecond
	var fd [9]byte
	for i := 6; i >= 0; i-- {
		fd[i] = byte('0' + frac%10)
		frac /= 10
	}
	fd[7], fd[8] = '0', '0'
	n := layout
	if layout == layoutTrimmed {
		n = 7
		for n > 0 && fd[n-1] == '0' {
			n--
		}
	}
	if n > 0 {
		b = append(b, '.')
		b = append(b, fd[:n]...)
	}
	return append(b, 'Z')
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10%10), byte('0'+v%10)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// daysFromCivil and civilFromDays convert between a proleptic Gregorian
// date and days since 1970-01-01 (Howard Hinnant's algorithms), much
// cheaper than going through time.Time for every value of a block.
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := int64(m) + 9
	if m > 2 {
		mp = int64(m) - 3
	}
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y int64, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
