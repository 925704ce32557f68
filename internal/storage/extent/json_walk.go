package extent

import "strings"

// A minimal JSON scanner for the shredding walks. jsonparser.ObjectEach
// finds the end of every nested object before the callback can descend
// into it, so a walk reads nested bags twice; this scanner reads each byte
// once. It delimits values exactly as jsonparser does (strings honour
// escapes, scalars end at whitespace or , } ]), and gives up (-1) on
// anything it does not expect, including escaped keys: such rows take the
// Lookup path, which is exact by construction.

// jsonKind is the kind of a scanned value, from its first byte.
type jsonKind uint8

const (
	jString jsonKind = iota
	jNumber
	jBool
	jNull
	jArray
	jObject
	jCut // a placeholder in a skeleton
)

func ws(s string, p int) int {
	for p < len(s) && (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t') {
		p++
	}
	return p
}

// scanString returns the index after the closing quote of the string
// starting at s[p] == '"', and whether it holds escapes; -1 if unclosed.
func scanString(s string, p int) (end int, esc bool) {
	i := p + 1
	for {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			return -1, false
		}
		q += i
		// A quote preceded by an odd run of backslashes is escaped.
		bs := 0
		for k := q - 1; k > p && s[k] == '\\'; k-- {
			bs++
		}
		if !esc && strings.IndexByte(s[i:q], '\\') >= 0 {
			esc = true
		}
		if bs%2 == 0 {
			return q + 1, esc
		}
		i = q + 1
	}
}

// skipValue returns the end of the value starting at s[p] and its kind,
// or -1. In a skeleton, a placeholder (0x01 and an index byte, which may
// be any byte) is a value of kind jCut; raw JSON never holds 0x01.
func skipValue(s string, p int) (int, jsonKind) {
	if p >= len(s) {
		return -1, 0
	}
	switch c := s[p]; c {
	case placeholder:
		if p+2 > len(s) {
			return -1, 0
		}
		return p + 2, jCut
	case '"':
		e, _ := scanString(s, p)
		return e, jString
	case '{', '[':
		k := jObject
		if c == '[' {
			k = jArray
		}
		depth := 0
		for i := p; i < len(s); i++ {
			switch s[i] {
			case placeholder:
				i++ // its index byte may look like a bracket or quote
			case '"':
				e, _ := scanString(s, i)
				if e < 0 {
					return -1, 0
				}
				i = e - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, k
				}
			}
		}
		return -1, 0
	case 't':
		if strings.HasPrefix(s[p:], "true") {
			return scalarEnd(s, p+4), jBool
		}
	case 'f':
		if strings.HasPrefix(s[p:], "false") {
			return scalarEnd(s, p+5), jBool
		}
	case 'n':
		if strings.HasPrefix(s[p:], "null") {
			return scalarEnd(s, p+4), jNull
		}
	default:
		if c == '-' || c >= '0' && c <= '9' {
			e := p + 1
			for e < len(s) && !isDelim(s[e]) {
				e++
			}
			return e, jNumber
		}
	}
	return -1, 0
}

// scalarEnd checks that a literal ends at a delimiter.
func scalarEnd(s string, e int) int {
	if e < len(s) && !isDelim(s[e]) {
		return -1
	}
	return e
}

func isDelim(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t'
}

// emptyObjectAt reports whether the object at s[p] == '{' has no members.
func emptyObjectAt(s string, p int) bool {
	q := ws(s, p+1)
	return q < len(s) && s[q] == '}'
}

// walkObject walks the members of the object at s[p] == '{' and returns
// the index after it, or -1. visit gets each key and the start of its
// value and returns the value's end (or -1): it either skips the value
// (skipValue) or walks it.
func walkObject(s string, p int, visit func(key string, v int) int) int {
	p = ws(s, p+1)
	if p < len(s) && s[p] == '}' {
		return p + 1
	}
	for {
		if p >= len(s) || s[p] != '"' {
			return -1
		}
		ke, esc := scanString(s, p)
		if ke < 0 || esc {
			return -1
		}
		key := s[p+1 : ke-1]
		p = ws(s, ke)
		if p >= len(s) || s[p] != ':' {
			return -1
		}
		p = ws(s, p+1)
		if p >= len(s) {
			return -1
		}
		e := visit(key, p)
		if e < 0 {
			return -1
		}
		p = ws(s, e)
		if p >= len(s) {
			return -1
		}
		if s[p] == '}' {
			return p + 1
		}
		if s[p] != ',' {
			return -1
		}
		p = ws(s, p+1)
	}
}

// lookupText follows path through JSON text (a skeleton whose placeholders
// all lie outside the path's subtree, or plain JSON) and returns the
// token found. ok is false when the answer might differ from following
// the path with value.Dyn.Lookup one step at a time (lookupPath): keys
// repeated along the path, escaped keys, a placeholder on the path,
// negative or odd array steps, malformed text; the caller then uses
// lookupPath itself.
func lookupText(s string, path Path) (tok string, found, ok bool) {
	p := ws(s, 0)
	for _, step := range path {
		if p >= len(s) {
			return "", false, false
		}
		switch s[p] {
		case '{':
			if strings.HasPrefix(step, "[") {
				return "", false, false
			}
			at := -1
			dup := false
			e := walkObject(s, p, func(key string, v int) int {
				if key == step {
					if at >= 0 {
						dup = true
					}
					at = v
				}
				e, _ := skipValue(s, v)
				return e
			})
			if e < 0 || dup {
				return "", false, false
			}
			if at < 0 {
				return "", false, true
			}
			p = at
		case '[':
			n, isIndex := arrayStep(step)
			if !isIndex {
				return "", false, false
			}
			q := ws(s, p+1)
			at := -1
			for k := 0; q < len(s) && s[q] != ']'; k++ {
				if k == n {
					at = q
					break
				}
				e, _ := skipValue(s, q)
				if e < 0 {
					return "", false, false
				}
				q = ws(s, e)
				if q < len(s) && s[q] == ',' {
					q = ws(s, q+1)
				}
			}
			if at < 0 {
				return "", false, true
			}
			p = at
		case placeholder:
			return "", false, false
		default:
			// Keys and indexes of a scalar: nothing there.
			if _, k := skipValue(s, p); k == jCut {
				return "", false, false
			}
			return "", false, true
		}
	}
	e, k := skipValue(s, p)
	if e < 0 || k == jCut {
		return "", false, false
	}
	return s[p:e], true, true
}

// arrayStep parses "[n]" with n a plain non-negative decimal.
func arrayStep(step string) (int, bool) {
	if len(step) < 3 || step[0] != '[' || step[len(step)-1] != ']' || len(step) > 12 {
		return 0, false
	}
	n := 0
	for i := 1; i < len(step)-1; i++ {
		c := step[i]
		if c < '0' || c > '9' || (i == 1 && c == '0' && len(step) > 3) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
