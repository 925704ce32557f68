package value

import (
	"math"
	"strconv"
	"strings"
)

// This file holds the explicit conversions of Kusto's to*() functions
// (tolong, toreal, toguid, todynamic...). They are stricter or looser than the
// implicit conversions in convert.go in the places Kusto is.

// ParseLong parses s as tolong() does: an optional sign and decimal digits,
// surrounding white space ignored. "1.5" does not parse (Kusto parses integer
// text as an integer and returns null otherwise).
func ParseLong(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// ParseReal parses s as toreal() does: decimal or exponent notation and the
// spellings NaN, Infinity and -Infinity (any case).
func ParseReal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// ParseFloat reports out-of-range values as ±Inf with an error;
		// Kusto gives null for them, like any text that is not a number.
		return 0, false
	}
	return f, true
}

// ParseGUID parses s as toguid() does: the first 32 hexadecimal digits,
// hyphens anywhere among them ignored, optionally inside braces; the rest of
// the text is ignored. The result is the canonical lower-case 8-4-4-4-12 form.
func ParseGUID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "{")
	var hex [32]byte
	k := 0
	for i := 0; i < len(s) && k < 32; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f':
			hex[k] = c
			k++
		case c >= 'A' && c <= 'F':
			hex[k] = c + ('a' - 'A')
			k++
		case c == '-':
		default:
			return "", false
		}
	}
	if k < 32 {
		return "", false
	}
	var b strings.Builder
	b.Grow(36)
	for i, c := range hex {
		if i == 8 || i == 12 || i == 16 || i == 20 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// ParseDynamic converts text as todynamic()/parse_json() do: valid JSON is
// parsed, empty (or blank) text is null, and any other text becomes a
// dynamic string holding the text unchanged.
func ParseDynamic(s string) *Dyn {
	t := strings.TrimSpace(s)
	if t == "" {
		return nil
	}
	raw, ok := compactJSON(t)
	if !ok {
		return DynString(s)
	}
	switch t[0] {
	case '{':
		// Arrays and bags stay raw; raw shares the input when it was
		// already compact.
		return &Dyn{k: DBag, s: raw, raw: true}
	case '[':
		return &Dyn{k: DArray, s: raw, raw: true}
	}
	d := fromToken(bytesOf(t), tokenType(t[0]))
	if d.Kind() == DNull {
		return nil
	}
	return d
}

// FloatToLong truncates f toward zero; ok is false for NaN, infinities and
// values outside the long range (Go leaves those conversions undefined).
func FloatToLong(f float64) (int64, bool) {
	if math.IsNaN(f) || f >= 9.223372036854775807e18 || f < -9.223372036854775808e18 {
		return 0, false
	}
	return int64(f), true
}

// Convert returns v converted to t with the semantics of Kusto's explicit
// conversion functions (tostring, toint, tolong, toreal, todecimal, tobool,
// todatetime, totimespan, toguid, todynamic). A value that does not convert
// gives the null of t (the empty string for string).
func Convert(v Value, t Type) Value {
	if v.T == t && t != Dynamic {
		return v
	}
	if t == String {
		return NewString(v.String())
	}
	if v.IsNull() {
		return Null(t)
	}
	if v.T == Dynamic {
		if t == Dynamic {
			return v
		}
		if s, ok := v.D.Scalar(); ok {
			return Convert(s, t)
		}
		return Null(t)
	}
	switch t {
	case Int, Long:
		n, ok := convertToLong(v)
		if !ok || (t == Int && (n < math.MinInt32 || n > math.MaxInt32)) {
			return Null(t)
		}
		return Value{T: t, I: n}
	case Real, Decimal:
		f, ok := convertToReal(v)
		if !ok {
			return Null(t)
		}
		return Value{T: t, F: f}
	case Bool:
		switch v.T {
		case Bool:
			return v
		case Int, Long:
			return NewBool(v.I != 0)
		case Real, Decimal:
			return NewBool(v.F != 0)
		case String:
			if b, ok := ParseBool(v.S); ok {
				return NewBool(b)
			}
		}
	case DateTime:
		if v.T == String {
			if ticks, ok := ParseDateTime(v.S); ok {
				return NewDateTime(ticks)
			}
		}
	case TimeSpan:
		switch v.T {
		case String:
			if ticks, ok := ParseTimeSpan(v.S); ok {
				return NewTimeSpan(ticks)
			}
		case Int, Long:
			// A number converts as ticks, the inverse of tolong(timespan).
			return NewTimeSpan(v.I)
		}
	case GUID:
		if v.T == String {
			if g, ok := ParseGUID(v.S); ok {
				return Value{T: GUID, S: g}
			}
		}
	case Dynamic:
		if v.T == String {
			return NewDynamic(ParseDynamic(v.S))
		}
		return NewDynamic(v.ToDyn())
	}
	return Null(t)
}

func convertToLong(v Value) (int64, bool) {
	switch v.T {
	case Int, Long, DateTime, TimeSpan:
		return v.I, true
	case Real, Decimal:
		return FloatToLong(v.F)
	case Bool:
		return v.I, true
	case String:
		return ParseLong(v.S)
	}
	return 0, false
}

func convertToReal(v Value) (float64, bool) {
	switch v.T {
	case Int, Long:
		return float64(v.I), true
	case Real, Decimal:
		return v.F, true
	case Bool:
		return float64(v.I), true
	case String:
		return ParseReal(v.S)
	}
	return 0, false
}

// CopyNulls marks null every row of v that is null in src. Both vectors
// must be non-constant, of types with a null bitmap (not string or
// dynamic), and of the same length. Kernels use it to compute a column in
// one tight loop and carry the nulls over afterwards, a word at a time.
func (v *Vector) CopyNulls(src *Vector) {
	if src.nulls == nil {
		return
	}
	if src.Const || v.Const || v.T == String || v.T == Dynamic || src.T == Dynamic || v.Len() != src.Len() {
		panic("BUG: CopyNulls between incompatible vectors")
	}
	if v.nulls == nil {
		v.nulls = make([]uint64, len(src.nulls))
	}
	for i, w := range src.nulls {
		v.nulls[i] |= w
	}
}

// IsRaw reports whether d is an array or bag kept as raw JSON text, whose
// String and JSON cost nothing (built ones are rendered on each call).
func (d *Dyn) IsRaw() bool { return d != nil && d.raw }

// compactJSON validates s as one JSON value and returns it without
// insignificant white space; s itself is returned when it has none.
func compactJSON(s string) (string, bool) {
	p := jsonScanner{s: s}
	p.value(0)
	p.space()
	if p.bad || p.i != len(s) {
		return "", false
	}
	if p.out == nil {
		return s, true
	}
	p.out = append(p.out, s[p.from:]...)
	return string(p.out), true
}

// jsonScanner is a recursive-descent JSON validator that drops white space
// between tokens. out stays nil until the first space to drop is seen; from
// is the start of the input not yet copied to out.
type jsonScanner struct {
	s    string
	i    int
	out  []byte
	from int
	bad  bool
}

// maxJSONDepth bounds nesting like encoding/json does.
const maxJSONDepth = 10000

func (p *jsonScanner) space() {
	start := p.i
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
			continue
		}
		break
	}
	if p.i > start {
		if p.out == nil {
			p.out = make([]byte, 0, len(p.s))
		}
		p.out = append(p.out, p.s[p.from:start]...)
		p.from = p.i
	}
}

func (p *jsonScanner) value(depth int) {
	if depth > maxJSONDepth {
		p.bad = true
		return
	}
	p.space()
	if p.i >= len(p.s) {
		p.bad = true
		return
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return
		}
		for !p.bad {
			p.space()
			p.str()
			p.space()
			if p.bad || p.i >= len(p.s) || p.s[p.i] != ':' {
				p.bad = true
				return
			}
			p.i++
			p.value(depth + 1)
			p.space()
			if p.bad || p.i >= len(p.s) {
				p.bad = true
				return
			}
			if p.s[p.i] == '}' {
				p.i++
				return
			}
			if p.s[p.i] != ',' {
				p.bad = true
				return
			}
			p.i++
		}
	case c == '[':
		p.i++
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return
		}
		for !p.bad {
			p.value(depth + 1)
			p.space()
			if p.bad || p.i >= len(p.s) {
				p.bad = true
				return
			}
			if p.s[p.i] == ']' {
				p.i++
				return
			}
			if p.s[p.i] != ',' {
				p.bad = true
				return
			}
			p.i++
		}
	case c == '"':
		p.str()
	case c == '-' || c >= '0' && c <= '9':
		p.num()
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if strings.HasPrefix(p.s[p.i:], lit) {
				p.i += len(lit)
				return
			}
		}
		p.bad = true
	}
}

func (p *jsonScanner) str() {
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		p.bad = true
		return
	}
	p.i++
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return
		case c < 0x20:
			p.bad = true
			return
		case c == '\\':
			if p.i+1 >= len(p.s) {
				p.bad = true
				return
			}
			switch p.s[p.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.i += 2
			case 'u':
				if p.i+6 > len(p.s) {
					p.bad = true
					return
				}
				for _, h := range []byte(p.s[p.i+2 : p.i+6]) {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						p.bad = true
						return
					}
				}
				p.i += 6
			default:
				p.bad = true
				return
			}
		default:
			p.i++
		}
	}
	p.bad = true
}

func (p *jsonScanner) digits() int {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

func (p *jsonScanner) num() {
	if p.s[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] == '0' {
		p.i++
	} else if p.digits() == 0 {
		p.bad = true
		return
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			p.bad = true
			return
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			p.bad = true
		}
	}
}
