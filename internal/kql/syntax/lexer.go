package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/value"
)

// tokKind classifies a token. Words (identifiers and keywords alike) are
// one kind: KQL keywords are contextual, so the parser decides what a word
// means where it stands.
type tokKind uint8

const (
	tEOF      tokKind = iota
	tIdent            // a word: identifier or keyword
	tLong             // integer literal, decimal or 0x hex
	tReal             // real literal: 1.5, 1e3, 2.
	tTimespan         // number with a unit: 1d, 1.5h, 10ms, 2ticks
	tString           // one string literal in any form; val is the decoded text
	tOp               // punctuation and symbolic or negated operators (text is canonical)
	tBad              // a lexical error; err says why
)

// token is one lexeme with its byte offsets in the source.
type token struct {
	kind     tokKind
	pos, end int
	text     string    // source text, or the canonical operator for tOp
	val      string    // decoded value of a tString
	err      *lexError // reported when the token becomes current
}

// lexError is a lexical error inside a token; it is rare, so tokens carry
// only a pointer.
type lexError struct {
	pos int
	msg string
}

// lexer produces tokens on demand from a byte offset, skipping whitespace
// and comments. It keeps no state besides pos, so the parser can reposition
// it (typed literals such as datetime(...) are read raw).
type lexer struct {
	src string
	pos int
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isIdentStart(c byte) bool {
	return isLetter(c) || c == '_' || c == '$'
}
func isIdentChar(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

func startsUnicodeLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// identEnd returns the end of the identifier starting at i: ASCII letters,
// digits and '_', and non-ASCII letters and digits.
func identEnd(src string, i int) int {
	i++ // the first character was checked by the caller
	if src[i-1] >= utf8.RuneSelf {
		_, n := utf8.DecodeRuneInString(src[i-1:])
		i += n - 1
	}
	for i < len(src) {
		c := src[i]
		if isIdentChar(c) {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeRuneInString(src[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		i += n
	}
	return i
}

// isUnicodeSpace lists the non-ASCII characters Kusto treats as whitespace.
func isUnicodeSpace(r rune) bool {
	switch r {
	case 0xa0, 0x1680, 0x180e, 0x200b, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func (lx *lexer) skipSpace() {
	src := lx.src
	for lx.pos < len(src) {
		c := src[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			lx.pos++
		case c == '/' && lx.pos+1 < len(src) && src[lx.pos+1] == '/':
			i := strings.IndexByte(src[lx.pos:], '\n')
			if i < 0 {
				lx.pos = len(src)
			} else {
				lx.pos += i + 1
			}
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(src[lx.pos:])
			if !isUnicodeSpace(r) {
				return
			}
			lx.pos += n
		default:
			return
		}
	}
}

// negatedWords are the word operators that take a '!' prefix.
var negatedWords = map[string]bool{
	"has": true, "has_cs": true, "hasprefix": true, "hasprefix_cs": true,
	"hassuffix": true, "hassuffix_cs": true, "contains": true, "contains_cs": true,
	"startswith": true, "startswith_cs": true, "endswith": true, "endswith_cs": true,
	"in": true, "between": true,
}

// isTwoCharOp reports whether a, b form a two-character operator:
// == =~ => != !~ <= >= <> ..
func isTwoCharOp(a, b byte) bool {
	switch a {
	case '=':
		return b == '=' || b == '~' || b == '>'
	case '!':
		return b == '=' || b == '~'
	case '<':
		return b == '=' || b == '>'
	case '>':
		return b == '='
	case '.':
		return b == '.'
	}
	return false
}

func (lx *lexer) next() token {
	lx.skipSpace()
	src := lx.src
	start := lx.pos
	if start >= len(src) {
		return token{kind: tEOF, pos: start, end: start}
	}
	c := src[start]
	switch {
	case (c == 'h' || c == 'H') && lx.obfuscatedAhead(start+1):
		lx.pos++
		t := lx.lexString()
		t.pos = start
		t.text = src[start:t.end]
		return t
	case isIdentStart(c) || c >= utf8.RuneSelf && startsUnicodeLetter(src[start:]):
		i := identEnd(src, start)
		lx.pos = i
		if i-start == 2 && src[start:i] == "in" && i < len(src) && src[i] == '~' {
			lx.pos++
			return token{kind: tOp, pos: start, end: lx.pos, text: "in~"}
		}
		return token{kind: tIdent, pos: start, end: i, text: src[start:i]}
	case isDigit(c):
		return lx.lexNumber()
	case c == '"' || c == '\'':
		return lx.lexString()
	case c == '@' && start+1 < len(src) && (src[start+1] == '"' || src[start+1] == '\''):
		return lx.lexString()
	case c == '`' && strings.HasPrefix(src[start:], "```"), c == '~' && strings.HasPrefix(src[start:], "~~~"):
		return lx.lexString()
	case c == '!':
		if start+1 < len(src) && isLetter(src[start+1]) {
			i := start + 1
			for i < len(src) && isIdentChar(src[i]) {
				i++
			}
			w := src[start+1 : i]
			if negatedWords[w] {
				if w == "in" && i < len(src) && src[i] == '~' {
					i++
				}
				lx.pos = i
				return token{kind: tOp, pos: start, end: i, text: src[start:i]}
			}
		}
	}
	if start+1 < len(src) && isTwoCharOp(c, src[start+1]) {
		lx.pos = start + 2
		return token{kind: tOp, pos: start, end: start + 2, text: src[start : start+2]}
	}
	switch c {
	case '|', ';', ',', '(', ')', '[', ']', '{', '}', '.', '=', '<', '>', '+', '-', '*', '/', '%', ':', '?', '@':
		lx.pos = start + 1
		return token{kind: tOp, pos: start, end: start + 1, text: src[start : start+1]}
	}
	r, n := utf8.DecodeRuneInString(src[start:])
	lx.pos = start + n
	msg := "unexpected character " + quoteRune(r)
	if c == '!' {
		msg = "unexpected '!'; negated operators are written !has, !contains, !in, ..."
	}
	return token{kind: tBad, pos: start, end: lx.pos, text: src[start:lx.pos], err: &lexError{start, msg}}
}

func quoteRune(r rune) string {
	if r == utf8.RuneError {
		return "(invalid UTF-8)"
	}
	if r < 0x20 || r == 0x7f {
		return "U+" + strings.ToUpper(strings.TrimLeft(hexString(uint32(r)), "0"))
	}
	return "'" + string(r) + "'"
}

func hexString(v uint32) string {
	const digits = "0123456789abcdef"
	var b [8]byte
	for i := 7; i >= 0; i-- {
		b[i] = digits[v&0xf]
		v >>= 4
	}
	return string(b[:])
}

// obfuscatedAhead reports whether an h/H prefix at i-1 starts an obfuscated
// string: h"..", h'..', h@"..", h@'..', h```..```.
func (lx *lexer) obfuscatedAhead(i int) bool {
	src := lx.src
	if i >= len(src) {
		return false
	}
	switch src[i] {
	case '"', '\'':
		return true
	case '@':
		return i+1 < len(src) && (src[i+1] == '"' || src[i+1] == '\'')
	case '`':
		return strings.HasPrefix(src[i:], "```")
	case '~':
		return strings.HasPrefix(src[i:], "~~~")
	}
	return false
}

// timespanUnits maps every unit suffix Kusto accepts to its length as a
// fraction num/den of ticks.
var timespanUnits = map[string][2]int64{}

func init() {
	add := func(num, den int64, names ...string) {
		for _, n := range names {
			timespanUnits[n] = [2]int64{num, den}
		}
	}
	add(value.TicksPerDay, 1, "d", "day", "days")
	add(value.TicksPerHour, 1, "h", "hr", "hrs", "hour", "hours")
	add(value.TicksPerMinute, 1, "m", "min", "minute", "minutes")
	add(value.TicksPerSecond, 1, "s", "sec", "second", "seconds")
	add(value.TicksPerMillisecond, 1, "ms", "milli", "millis", "millisec", "millisecond", "milliseconds")
	add(value.TicksPerMicrosecond, 1, "micro", "micros", "microsec", "microsecond", "microseconds")
	add(1, 100, "nano", "nanos", "nanosec", "nanosecond", "nanoseconds")
	add(1, 1, "tick", "ticks")
}

func (lx *lexer) lexNumber() token {
	src := lx.src
	start := lx.pos
	i := start
	bad := func(end int, msg string) token {
		lx.pos = end
		return token{kind: tBad, pos: start, end: end, text: src[start:end], err: &lexError{start, msg}}
	}
	wordEnd := func(j int) int {
		for j < len(src) && isIdentChar(src[j]) {
			j++
		}
		return j
	}
	if src[i] == '0' && i+2 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') && isHex(src[i+2]) {
		i += 2
		for i < len(src) && isHex(src[i]) {
			i++
		}
		if i < len(src) && isIdentChar(src[i]) {
			e := wordEnd(i)
			return bad(e, "invalid number '"+src[start:e]+"'")
		}
		lx.pos = i
		return token{kind: tLong, pos: start, end: i, text: src[start:i]}
	}
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	kind := tLong
	if i < len(src) && src[i] == '.' {
		switch {
		case i+1 < len(src) && isDigit(src[i+1]):
			i++
			for i < len(src) && isDigit(src[i]) {
				i++
			}
			kind = tReal
		case i+1 < len(src) && (src[i+1] == '.' || isIdentStart(src[i+1])):
			// 1..2 is a range and 1.x a member access: the number ends here.
		default:
			i++
			kind = tReal
		}
	}
	exp := false
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			i = j
			kind = tReal
			exp = true
		}
	}
	if i < len(src) && isIdentChar(src[i]) {
		e := wordEnd(i)
		unit := src[i:e]
		if _, ok := timespanUnits[unit]; ok && !exp && src[i-1] != '.' {
			lx.pos = e
			return token{kind: tTimespan, pos: start, end: e, text: src[start:e]}
		}
		return bad(e, "invalid number '"+src[start:e]+"'")
	}
	lx.pos = i
	return token{kind: kind, pos: start, end: i, text: src[start:i]}
}

// lexString reads one string literal starting at lx.pos (after any h
// prefix): "..", '..', @"..", @'..', ```..``` or ~~~..~~~.
func (lx *lexer) lexString() token {
	src := lx.src
	start := lx.pos
	t := token{kind: tString, pos: start}
	switch {
	case strings.HasPrefix(src[start:], "```") || strings.HasPrefix(src[start:], "~~~"):
		fence := src[start : start+3]
		i := strings.Index(src[start+3:], fence)
		if i < 0 {
			t.end = len(src)
			t.val = src[start+3:]
			t.err = &lexError{start, "unterminated multi-line string literal: missing closing " + fence}
		} else {
			t.end = start + 3 + i + 3
			t.val = src[start+3 : start+3+i]
		}
	case src[start] == '@':
		q := src[start+1]
		var b strings.Builder
		i := start + 2
		seg := i
		for {
			if i >= len(src) || src[i] == '\n' || src[i] == '\r' {
				t.err = &lexError{start, "unterminated string literal"}
				b.WriteString(src[seg:i])
				break
			}
			if src[i] == q {
				if i+1 < len(src) && src[i+1] == q {
					b.WriteString(src[seg : i+1])
					i += 2
					seg = i
					continue
				}
				b.WriteString(src[seg:i])
				i++
				break
			}
			i++
		}
		t.end = i
		t.val = b.String()
	default:
		t.val, t.end, t.err = decodeQuoted(src, start)
	}
	lx.pos = t.end
	t.text = src[start:t.end]
	return t
}

// decodeQuoted decodes a "..." or '...' literal at start with its escapes.
func decodeQuoted(src string, start int) (val string, end int, err *lexError) {
	q := src[start]
	i := start + 1
	// Fast path: no escapes.
	for i < len(src) && src[i] != q && src[i] != '\\' && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	if i < len(src) && src[i] == q {
		return src[start+1 : i], i + 1, nil
	}
	var b strings.Builder
	b.WriteString(src[start+1 : i])
	for {
		if i >= len(src) || src[i] == '\n' || src[i] == '\r' {
			return b.String(), i, &lexError{start, "unterminated string literal"}
		}
		c := src[i]
		if c == q {
			return b.String(), i + 1, err
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(src) {
			return b.String(), len(src), &lexError{start, "unterminated string literal"}
		}
		e := src[i+1]
		n := 2
		switch e {
		case '\'', '"', '\\':
			b.WriteByte(e)
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'u', 'U', 'x':
			max := 4
			if e == 'U' {
				max = 8
			}
			j := i + 2
			for j < len(src) && j < i+2+max && isHex(src[j]) {
				j++
			}
			if (e != 'x' && j != i+2+max) || j == i+2 {
				if err == nil {
					err = &lexError{i, "invalid escape sequence '" + src[i:j] + "' in string literal"}
				}
				n = j - i
				break
			}
			var r rune
			for _, h := range src[i+2 : j] {
				r = r<<4 | rune(hexVal(byte(h)))
			}
			// A UTF-16 surrogate pair written as two \u escapes is one character.
			if r >= 0xd800 && r < 0xdc00 && e == 'u' && j+6 <= len(src) && src[j] == '\\' && src[j+1] == 'u' {
				var lo rune
				ok := true
				for _, h := range []byte(src[j+2 : j+6]) {
					if !isHex(h) {
						ok = false
						break
					}
					lo = lo<<4 | rune(hexVal(h))
				}
				if ok && lo >= 0xdc00 && lo < 0xe000 {
					r = 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00)
					j += 6
				}
			}
			b.WriteRune(r)
			n = j - i
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i + 1
			max := 3
			if e > '3' {
				max = 2
			}
			var r rune
			for j < len(src) && j < i+1+max && src[j] >= '0' && src[j] <= '7' {
				r = r*8 + rune(src[j]-'0')
				j++
			}
			b.WriteRune(r)
			n = j - i
		default:
			if err == nil {
				_, sz := utf8.DecodeRuneInString(src[i+1:])
				err = &lexError{i, "invalid escape sequence '\\" + src[i+1:i+1+sz] + "' in string literal; write \\\\ for a backslash or use a verbatim string @\"...\""}
			}
			b.WriteByte('\\')
			n = 1
		}
		i += n
	}
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	}
	return int(c-'A') + 10
}
