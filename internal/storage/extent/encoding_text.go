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
	// or collects the class bits of every digit: any invalid byte sets
	// hexBad, any a-f hexLetterLower, any A-F hexLetterUpper.
	var or byte
	j := 0
	for _, i := range uuidDigitPos {
		hi, lo := hexTab[s[i]], hexTab[s[i+1]]
		or |= hi | lo
		out[j] = hi&0xf<<4 | lo&0xf
		j++
	}
	if or&hexBad != 0 {
		return false, false, false
	}
	lower, upper = or&hexLetterUpper == 0, or&hexLetterLower == 0
	return lower, upper, lower || upper
}

// uuidDigitPos lists the offsets of the 16 digit pairs of a UUID's text.
var uuidDigitPos = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// hexTab maps a byte to its hex digit value (low nibble) and class bits.
const (
	hexLetterLower byte = 0x10
	hexLetterUpper byte = 0x20
	hexBad         byte = 0x40
)

var hexTab = func() (t [256]byte) {
	for i := range t {
		t[i] = hexBad
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a'+10) | hexLetterLower
		t[c-'a'+'A'] = byte(c-'a'+10) | hexLetterUpper
	}
	return t
}()

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
