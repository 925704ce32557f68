package fn

import (
	"strconv"

	"github.com/harrier-sec/harrier/internal/value"
)

// format_datetime and format_timespan with Kusto's (.NET-derived) custom
// format specifiers. A format is compiled once into tokens; constant formats
// are compiled once per batch.

func init() {
	Register(&Scalar{Name: "format_datetime", MinArgs: 2, MaxArgs: 2, Check: dtCheckFormat(KDateTime, false),
		Eval: dtFormatEval(false),
		Doc:  "Formats a datetime: d dd, M MM, y yy yyyy, h hh (12-hour), H HH, m mm, s ss, f..fffffff, F..FFFFFFF, tt; other characters are copied."})
	Register(&Scalar{Name: "format_timespan", MinArgs: 2, MaxArgs: 2, Check: dtCheckFormat(KTimeSpan, true),
		Eval: dtFormatEval(true),
		Doc:  "Formats a timespan: d..dddddddd (days), H HH, m mm, s ss, f..fffffff, F..FFFFFFF; other characters are copied."})
}

// dtTok is one element of a compiled format: a specifier letter repeated n
// times, or literal text when c is 0.
type dtTok struct {
	c   byte
	n   int
	lit string
}

// dtCompileFormat splits a format into specifiers and literal text.
func dtCompileFormat(f string, timespan bool) ([]dtTok, error) {
	var toks []dtTok
	lit := func(s string) {
		if k := len(toks); k > 0 && toks[k-1].c == 0 {
			toks[k-1].lit += s
			return
		}
		toks = append(toks, dtTok{lit: s})
	}
	for i := 0; i < len(f); {
		c := f[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			lit(f[i : i+1])
			i++
			continue
		}
		j := i
		for j < len(f) && f[j] == c {
			j++
		}
		n := j - i
		max := 0
		switch c {
		case 'f', 'F':
			max = 7
		case 'H', 'h', 'm', 's':
			max = 2
		case 'd':
			max = 2
			if timespan {
				max = 8
			}
		case 'M':
			if !timespan {
				max = 2
			}
		case 'y':
			if !timespan {
				max = 5
			}
		case 't':
			if !timespan {
				max = 2
			}
		}
		if n > max {
			return nil, Errorf("unsupported format specifier %q in %q", f[i:j], f)
		}
		toks = append(toks, dtTok{c: c, n: n})
		i = j
	}
	return toks, nil
}

func dtCheckFormat(k Kind, timespan bool) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		if !k.Accepts(args[0].Type) {
			return value.Unknown, Errorf("argument 1 must be a %s, got %s", k, args[0].Type)
		}
		if !KString.Accepts(args[1].Type) {
			return value.Unknown, Errorf("argument 2 must be a string, got %s", args[1].Type)
		}
		if s, ok := convConstString(args[1]); ok {
			if s == "" {
				return value.Unknown, Errorf("the format must not be empty")
			}
			if _, err := dtCompileFormat(s, timespan); err != nil {
				return value.Unknown, err
			}
		}
		return value.String, nil
	}
}

func dtFormatEval(timespan bool) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.String, n)
		var (
			lastFmt string
			toks    []dtTok
			err     error
			have    bool
			buf     []byte
		)
		ForRows(n, sel, func(i int) {
			f := args[1].AsString(i)
			if !have || f != lastFmt {
				toks, err = dtCompileFormat(f, timespan)
				lastFmt, have = f, true
			}
			if err != nil {
				return
			}
			var ticks int64
			var ok bool
			if timespan {
				ticks, ok = args[0].AsTimeSpan(i)
			} else {
				ticks, ok = args[0].AsDateTime(i)
			}
			if !ok {
				return // null formats as the empty string
			}
			if timespan {
				buf = dtAppendTimeSpan(buf[:0], toks, ticks)
			} else {
				buf = dtAppendDateTime(buf[:0], toks, ticks)
			}
			res.S[i] = string(buf)
		})
		return res
	}
}

// dtAppendPadded appends x with at least n digits.
func dtAppendPadded(b []byte, x int64, n int) []byte {
	s := strconv.FormatInt(x, 10)
	for k := len(s); k < n; k++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// dtAppendFraction appends the first n of the 7 fraction digits of frac
// (ticks within a second). With trim (the F specifiers) trailing zeros are
// dropped, and when nothing is left a preceding '.' is removed too, as .NET
// does.
func dtAppendFraction(b []byte, frac int64, n int, trim bool) []byte {
	digits := strconv.FormatInt(frac+value.TicksPerSecond, 10)[1:] // 7 digits
	d := digits[:n]
	if trim {
		k := len(d)
		for k > 0 && d[k-1] == '0' {
			k--
		}
		d = d[:k]
		if d == "" {
			if l := len(b); l > 0 && b[l-1] == '.' {
				b = b[:l-1]
			}
			return b
		}
	}
	return append(b, d...)
}

func dtAppendDateTime(b []byte, toks []dtTok, ticks int64) []byte {
	days, tod := dtDays(ticks)
	y, mo, d := dtCivilFromDays(days)
	h := tod / value.TicksPerHour
	mi := tod % value.TicksPerHour / value.TicksPerMinute
	s := tod % value.TicksPerMinute / value.TicksPerSecond
	frac := tod % value.TicksPerSecond
	for _, t := range toks {
		switch t.c {
		case 0:
			b = append(b, t.lit...)
		case 'd':
			b = dtAppendPadded(b, d, t.n)
		case 'M':
			b = dtAppendPadded(b, mo, t.n)
		case 'y':
			switch t.n {
			case 1:
				b = dtAppendPadded(b, y%100, 1)
			case 2:
				b = dtAppendPadded(b, y%100, 2)
			default:
				b = dtAppendPadded(b, y, t.n)
			}
		case 'H':
			b = dtAppendPadded(b, h, t.n)
		case 'h':
			h12 := h % 12
			if h12 == 0 {
				h12 = 12
			}
			b = dtAppendPadded(b, h12, t.n)
		case 'm':
			b = dtAppendPadded(b, mi, t.n)
		case 's':
			b = dtAppendPadded(b, s, t.n)
		case 'f', 'F':
			b = dtAppendFraction(b, frac, t.n, t.c == 'F')
		case 't':
			ampm := "AM"
			if h >= 12 {
				ampm = "PM"
			}
			b = append(b, ampm[:t.n]...)
		}
	}
	return b
}

func dtAppendTimeSpan(b []byte, toks []dtTok, ticks int64) []byte {
	if ticks < 0 {
		// .NET's custom timespan formats print no sign; Kusto shows one.
		b = append(b, '-')
		ticks = -ticks
	}
	d := ticks / value.TicksPerDay
	h := ticks % value.TicksPerDay / value.TicksPerHour
	mi := ticks % value.TicksPerHour / value.TicksPerMinute
	s := ticks % value.TicksPerMinute / value.TicksPerSecond
	frac := ticks % value.TicksPerSecond
	for _, t := range toks {
		switch t.c {
		case 0:
			b = append(b, t.lit...)
		case 'd':
			b = dtAppendPadded(b, d, t.n)
		case 'H', 'h':
			b = dtAppendPadded(b, h, t.n)
		case 'm':
			b = dtAppendPadded(b, mi, t.n)
		case 's':
			b = dtAppendPadded(b, s, t.n)
		case 'f', 'F':
			b = dtAppendFraction(b, frac, t.n, t.c == 'F')
		}
	}
	return b
}
