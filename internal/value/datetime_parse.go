package value

import (
	"strings"
	"time"
)

// rfcLayouts are the RFC 822 / RFC 850 / RFC 1123 spellings Kusto accepts
// besides ISO 8601.
var rfcLayouts = []string{
	"Mon, 2 Jan 06 15:04:05 MST", "Mon, 2 Jan 06 15:04 MST", "Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 Jan 06 15:04:05", "Mon, 2 Jan 06 15:04", "Mon, 2 Jan 2006 15:04:05", "Mon, 2 Jan 2006 15:04",
	"2 Jan 06 15:04:05 MST", "2 Jan 06 15:04 MST", "2 Jan 2006 15:04:05 MST", "2 Jan 2006 15:04 MST",
	"2 Jan 06 15:04:05", "2 Jan 06 15:04", "2 Jan 2006 15:04:05", "2 Jan 2006 15:04",
	"Monday, 02-Jan-06 15:04:05 MST", "Monday, 02-Jan-06 15:04 MST", "Monday, 02-Jan-06 15:04:05", "Monday, 02-Jan-06 15:04",
	"02-Jan-06 15:04:05 MST", "02-Jan-06 15:04 MST", "02-Jan-06 15:04:05", "02-Jan-06 15:04",
	time.RFC1123Z, time.RFC822Z, time.RFC850,
}

// ParseDateTime parses the datetime spellings Kusto accepts: ISO 8601 with
// 'T' or ' ' between date and time, one- or two-digit month, day and hour,
// an optional fraction of up to 7 digits and Z, an offset or GMT; dates with
// '/' separators; US month-day-year dates; and RFC 822/850/1123. Times
// without a zone are UTC.
func ParseDateTime(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if t, ok := parseISOish(s); ok {
		return t, true
	}
	for _, l := range rfcLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() >= 1 && t.Year() <= 9999 {
			return TicksFromTime(t), true
		}
	}
	return 0, false
}

// num reads 1..max digits at s[i:], returning the value and the next index.
func num(s string, i, max int) (int, int, bool) {
	n, j := 0, i
	for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
		n = n*10 + int(s[j]-'0')
		j++
	}
	return n, j, j > i
}

func parseISOish(s string) (int64, bool) {
	var y, mo, d int
	a, i, ok := num(s, 0, 4)
	if !ok || i >= len(s) || (s[i] != '-' && s[i] != '/') {
		return 0, false
	}
	sep := s[i]
	b, i2, ok := num(s, i+1, 2)
	if !ok || i2 >= len(s) || s[i2] != sep {
		return 0, false
	}
	c, i3, ok := num(s, i2+1, 4)
	if !ok {
		return 0, false
	}
	switch {
	case i == 4: // year first
		y, mo, d = a, b, c
		if i3-i2-1 > 2 {
			return 0, false
		}
	case i3-i2-1 == 4: // US month-day-year
		mo, d, y = a, b, c
	default:
		return 0, false
	}
	rest := s[i3:]
	var h, mi, sec int
	var frac int64
	var offset int64
	if rest != "" {
		if rest[0] != ' ' && rest[0] != 'T' {
			return 0, false
		}
		rest = strings.TrimLeft(rest[1:], " ")
		switch {
		case strings.HasSuffix(rest, "Z"):
			rest = rest[:len(rest)-1]
		case strings.HasSuffix(rest, " GMT"), strings.HasSuffix(rest, " UTC"):
			rest = rest[:len(rest)-4]
		case len(rest) > 6 && (rest[len(rest)-6] == '+' || rest[len(rest)-6] == '-') && rest[len(rest)-3] == ':':
			oh, _, ok1 := num(rest, len(rest)-5, 2)
			om, _, ok2 := num(rest, len(rest)-2, 2)
			if !ok1 || !ok2 {
				return 0, false
			}
			offset = int64(oh*3600 + om*60)
			if rest[len(rest)-6] == '-' {
				offset = -offset
			}
			rest = rest[:len(rest)-6]
		}
		var j int
		if h, j, ok = num(rest, 0, 2); !ok || h > 23 || j >= len(rest) || rest[j] != ':' {
			return 0, false
		}
		if mi, j, ok = num(rest, j+1, 2); !ok || mi > 59 {
			return 0, false
		}
		if j < len(rest) {
			if rest[j] != ':' {
				return 0, false
			}
			if sec, j, ok = num(rest, j+1, 2); !ok || sec > 59 {
				return 0, false
			}
			if j < len(rest) {
				if rest[j] != '.' {
					return 0, false
				}
				k := j + 1
				digits := 0
				for k < len(rest) && rest[k] >= '0' && rest[k] <= '9' {
					if digits < 7 {
						frac = frac*10 + int64(rest[k]-'0')
						digits++
					}
					k++
				}
				if k == j+1 || k != len(rest) {
					return 0, false
				}
				for ; digits < 7; digits++ {
					frac *= 10
				}
			}
		}
	}
	if y < 1 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.Day() != d {
		return 0, false // February 30 and the like
	}
	ticks := TicksFromTime(t) + frac - offset*TicksPerSecond
	if ticks < MinDateTime || ticks > MaxDateTime {
		return 0, false
	}
	return ticks, true
}
