package fn

import (
	"strings"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/value"
)

// URL functions: parse_url, parse_urlquery, url_decode, url_encode,
// url_encode_component. Kusto runs on .NET; the encoders follow
// HttpUtility.UrlEncode (lower-case hex escapes, letters, digits and
// -_.!*() left alone) and the decoder HttpUtility.UrlDecode ('+' is a space,
// %XX and %uXXXX escapes, malformed escapes kept as they are).

// strURLParts are the parts of a URL as parse_url reports them.
type strURLParts struct {
	scheme, host, port, path, user, pass, query, frag string
}

// strSplitURL splits an absolute URL into Kusto's parts. The path keeps its
// leading slash. A string without a scheme is not an absolute URL: every
// part is then empty. The parts are taken literally, without
// normalization, default ports or decoding.
func strSplitURL(s string) strURLParts {
	var p strURLParts
	i := strings.Index(s, "://")
	if i <= 0 || !strValidScheme(s[:i]) {
		return p
	}
	p.scheme = s[:i]
	rest := s[i+3:]
	if j := strings.IndexByte(rest, '#'); j >= 0 {
		p.frag, rest = rest[j+1:], rest[:j]
	}
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		p.query, rest = rest[j+1:], rest[:j]
	}
	authority := rest
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		p.path, authority = rest[j:], rest[:j]
	}
	if j := strings.LastIndexByte(authority, '@'); j >= 0 {
		info := authority[:j]
		authority = authority[j+1:]
		if k := strings.IndexByte(info, ':'); k >= 0 {
			p.user, p.pass = info[:k], info[k+1:]
		} else {
			p.user = info
		}
	}
	p.host = authority
	// A port follows the last colon, unless that colon is inside an IPv6
	// literal such as [::1].
	if j := strings.LastIndexByte(authority, ':'); j >= 0 && j > strings.LastIndexByte(authority, ']') {
		p.host, p.port = authority[:j], authority[j+1:]
	}
	return p
}

// strValidScheme reports whether s is an RFC 3986 scheme.
func strValidScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// strKV is one query parameter.
type strKV struct{ k, v string }

// strQueryPairs splits k1=v1&k2=v2 into pairs, appended to dst. Keys and
// values are kept as written (not decoded); a key without '=' has the
// value ""; a key given twice keeps its first position and its last value.
func strQueryPairs(q string, dst []strKV) []strKV {
	for q != "" {
		pair := q
		if j := strings.IndexByte(q, '&'); j >= 0 {
			pair, q = q[:j], q[j+1:]
		} else {
			q = ""
		}
		if pair == "" {
			continue
		}
		kv := strKV{k: pair}
		if j := strings.IndexByte(pair, '='); j >= 0 {
			kv = strKV{pair[:j], pair[j+1:]}
		}
		dup := false
		for n := range dst {
			if dst[n].k == kv.k {
				dst[n].v, dup = kv.v, true
				break
			}
		}
		if !dup {
			dst = append(dst, kv)
		}
	}
	return dst
}

// strAppendQueryJSON appends the query parameters as a JSON object.
func strAppendQueryJSON(b []byte, pairs []strKV) []byte {
	b = append(b, '{')
	for n, kv := range pairs {
		if n > 0 {
			b = append(b, ',')
		}
		b = value.AppendJSONString(b, kv.k)
		b = append(b, ':')
		b = value.AppendJSONString(b, kv.v)
	}
	return append(b, '}')
}

// strQueryDyn builds the query parameters as a built (not raw) bag, for
// text that is not valid UTF-8 and so cannot be raw JSON.
func strQueryDyn(pairs []strKV) *value.Dyn {
	keys := make([]string, len(pairs))
	vals := make([]*value.Dyn, len(pairs))
	for n, kv := range pairs {
		keys[n], vals[n] = kv.k, value.DynString(kv.v)
	}
	return value.DynBag(keys, vals)
}

// strAppendJSONField appends "key":"val", to b.
func strAppendJSONField(b []byte, key, val string) []byte {
	b = value.AppendJSONString(b, key)
	b = append(b, ':')
	b = value.AppendJSONString(b, val)
	return append(b, ',')
}

// strParseURL is parse_url: a bag with the keys Scheme, Host, Port, Path,
// Username, Password, Query Parameters and Fragment, in that order. It is
// built as compact JSON text: a few allocations per row instead of a
// dozen.
func strParseURL(s string) *value.Dyn {
	p := strSplitURL(s)
	var scratch [16]strKV
	pairs := strQueryPairs(p.query, scratch[:0])
	if !utf8.ValidString(s) {
		keys := []string{"Scheme", "Host", "Port", "Path", "Username", "Password", "Query Parameters", "Fragment"}
		vals := []*value.Dyn{
			value.DynString(p.scheme), value.DynString(p.host), value.DynString(p.port), value.DynString(p.path),
			value.DynString(p.user), value.DynString(p.pass), strQueryDyn(pairs), value.DynString(p.frag),
		}
		return value.DynBag(keys, vals)
	}
	b := make([]byte, 0, len(s)+128)
	b = append(b, '{')
	b = strAppendJSONField(b, "Scheme", p.scheme)
	b = strAppendJSONField(b, "Host", p.host)
	b = strAppendJSONField(b, "Port", p.port)
	b = strAppendJSONField(b, "Path", p.path)
	b = strAppendJSONField(b, "Username", p.user)
	b = strAppendJSONField(b, "Password", p.pass)
	b = append(b, `"Query Parameters":`...)
	b = strAppendQueryJSON(b, pairs)
	b = append(b, ',')
	b = strAppendJSONField(b, "Fragment", p.frag)
	b[len(b)-1] = '}'
	return value.RawJSON(string(b))
}

// strParseURLQuery is parse_urlquery: the query parameters of a query
// string (a leading '?', or a whole URL, is tolerated) under
// "Query Parameters".
func strParseURLQuery(s string) *value.Dyn {
	if j := strings.IndexByte(s, '?'); j >= 0 {
		s = s[j+1:]
	}
	if j := strings.IndexByte(s, '#'); j >= 0 {
		s = s[:j]
	}
	var scratch [16]strKV
	pairs := strQueryPairs(s, scratch[:0])
	if !utf8.ValidString(s) {
		return value.DynBag([]string{"Query Parameters"}, []*value.Dyn{strQueryDyn(pairs)})
	}
	b := make([]byte, 0, len(s)+32)
	b = append(b, `{"Query Parameters":`...)
	b = strAppendQueryJSON(b, pairs)
	b = append(b, '}')
	return value.RawJSON(string(b))
}

// strURLSafe marks the bytes HttpUtility.UrlEncode leaves unescaped.
var strURLSafe [256]bool

func init() {
	for c := 'a'; c <= 'z'; c++ {
		strURLSafe[c] = true
		strURLSafe[c-'a'+'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		strURLSafe[c] = true
	}
	for _, c := range "-_.!*()" {
		strURLSafe[c] = true
	}
}

// strURLEncode percent-encodes the UTF-8 bytes of s; a space becomes '+', or
// "%20" when component is set.
func strURLEncode(s string, component bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !strURLSafe[s[i]] && !(s[i] == ' ' && !component) {
			n++
		}
	}
	if n == 0 && !strings.Contains(s, " ") {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case strURLSafe[c]:
			b = append(b, c)
		case c == ' ' && !component:
			b = append(b, '+')
		default:
			b = append(b, '%', strHexLower[c>>4], strHexLower[c&15])
		}
	}
	return string(b)
}

const strHexLower = "0123456789abcdef"

func strUnhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// strURLDecode decodes like HttpUtility.UrlDecode. Bytes that do not form
// valid UTF-8 become U+FFFD.
func strURLDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '+':
			b = append(b, ' ')
			continue
		case '%':
			if i+5 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U') {
				var r rune
				ok := true
				for k := 2; k <= 5; k++ {
					h, valid := strUnhex(s[i+k])
					ok = ok && valid
					r = r<<4 | rune(h)
				}
				if ok {
					b = utf8.AppendRune(b, r)
					i += 5
					continue
				}
			}
			if i+2 < len(s) {
				hi, ok1 := strUnhex(s[i+1])
				lo, ok2 := strUnhex(s[i+2])
				if ok1 && ok2 {
					b = append(b, hi<<4|lo)
					i += 2
					continue
				}
			}
		}
		b = append(b, c)
	}
	if !utf8.Valid(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(b)
}

func init() {
	for _, name := range []string{"parse_url", "parseurl"} {
		Register(&Scalar{
			Name: name, MinArgs: 1, MaxArgs: 1,
			Check: strCheckKinds(1, 1, value.Dynamic, KString),
			Eval:  strToDyn(strParseURL),
			Doc:   name + "(url): a bag with the Scheme, Host, Port, Path, Username, Password, Query Parameters and Fragment of an absolute URL",
		})
	}
	for _, name := range []string{"parse_urlquery", "parseurlquery"} {
		Register(&Scalar{
			Name: name, MinArgs: 1, MaxArgs: 1,
			Check: strCheckKinds(1, 1, value.Dynamic, KString),
			Eval:  strToDyn(strParseURLQuery),
			Doc:   name + `(query): {"Query Parameters": {...}} for a URL query string`,
		})
	}
	Register(&Scalar{
		Name: "url_decode", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KString),
		Eval:  strToStr(strURLDecode),
		Doc:   "url_decode(s): s with URL escapes decoded ('+' is a space)",
	})
	Register(&Scalar{
		Name: "url_encode", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KString),
		Eval:  strToStr(func(s string) string { return strURLEncode(s, false) }),
		Doc:   "url_encode(s): s URL-encoded, spaces as '+'",
	})
	Register(&Scalar{
		Name: "url_encode_component", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KString),
		Eval:  strToStr(func(s string) string { return strURLEncode(s, true) }),
		Doc:   "url_encode_component(s): s URL-encoded, spaces as %20",
	})
}
