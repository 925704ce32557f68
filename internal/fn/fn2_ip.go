package fn

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// More IP functions: parse_ipv6, parse_ipv6_mask, ipv6_is_in_range,
// ipv6_is_in_any_range, has_any_ipv4, has_ipv4_prefix, has_any_ipv4_prefix.
//
// IPv6 functions accept IPv4 text too, as the IPv4-mapped address
// ::ffff:a.b.c.d whose prefix counts from bit 96. Kusto's examples map an
// IPv4-compatible address written with a dotted tail (::192.168.1.1) the
// same way, prefix included, so we do too.

func init() {
	Register(&Scalar{Name: "parse_ipv6", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.String, KString),
		Eval: Map1(value.String, GetString, PutString, func(s string) (string, bool) {
			a, ok := ip6Parse(s)
			if !ok {
				return "", true
			}
			return ip6Canonical(ip6Masked(a.a, a.prefix)), true
		}),
		Doc: "The canonical IPv6 form (eight groups of four hex digits) of an IPv6 or IPv4 address, masked by its /prefix; empty when it does not parse."})
	Register(&Scalar{Name: "parse_ipv6_mask", MinArgs: 2, MaxArgs: 2, Check: ipCheck(value.String, 1),
		Eval: Map2(value.String, GetString, GetLong, PutString, func(s string, p int64) (string, bool) {
			a, ok := ip6Parse(s)
			if !ok || p < 0 || p > 128 {
				return "", true
			}
			return ip6Canonical(ip6Masked(a.a, min(a.prefix, int(p)))), true
		}),
		Doc: "parse_ipv6_mask(ip, prefix): the canonical IPv6 form of an address masked to prefix bits (0..128); empty when invalid."})
	Register(&Scalar{Name: "ipv6_is_in_range", MinArgs: 2, MaxArgs: 2, Check: Fixed(value.Bool, KString, KString),
		Eval: Map2(value.Bool, GetString, GetString, PutBool, ip6InRange),
		Doc:  "ipv6_is_in_range(ip, range): true when the IPv6 (or IPv4) address is inside the IP-prefix range; null when one does not parse."})
	Register(&Scalar{Name: "ipv6_is_in_any_range", MinArgs: 2, MaxArgs: -1, Check: Fixed(value.Bool, KString), Eval: ip6InAnyRange,
		Doc: "ipv6_is_in_any_range(ip, range1, range2, ...) or (ip, dynamic array of ranges): true when ip is in one of the ranges."})
	Register(&Scalar{Name: "has_any_ipv4", MinArgs: 2, MaxArgs: -1, Check: Fixed(value.Bool, KString), Eval: ipHasAnyEval(false),
		Doc: "has_any_ipv4(text, ip1, ip2, ...) or (text, dynamic array): true when one of the IPv4 addresses appears in text as a delimited token."})
	Register(&Scalar{Name: "has_ipv4_prefix", MinArgs: 2, MaxArgs: 2, Check: Fixed(value.Bool, KString, KString), Eval: ipHasAnyEval(true),
		Doc: "has_ipv4_prefix(text, prefix): true when text holds a delimited IPv4 address starting with prefix (a full address or 1-3 octets ending with a dot)."})
	Register(&Scalar{Name: "has_any_ipv4_prefix", MinArgs: 2, MaxArgs: -1, Check: Fixed(value.Bool, KString), Eval: ipHasAnyEval(true),
		Doc: "has_any_ipv4_prefix(text, prefix1, ...) or (text, dynamic array): true when text holds a delimited IPv4 address with one of the prefixes."})
}

// ip6Parse parses an IPv6 or IPv4 address with an optional /prefix. Dotted
// IPv4 text, alone or as the tail of an address whose first 80 bits are
// zero (::a.b.c.d, ::ffff:a.b.c.d), becomes ::ffff:a.b.c.d with its prefix
// (0..32) counted from bit 96.
func ip6Parse(s string) (ipV6, bool) {
	s = strings.TrimSpace(s)
	prefix := -1
	if slash := strings.IndexByte(s, '/'); slash >= 0 {
		p, err := strconv.Atoi(strings.TrimSpace(s[slash+1:]))
		if err != nil || p < 0 || p > 128 {
			return ipV6{}, false
		}
		prefix = p
		s = strings.TrimSpace(s[:slash])
	}
	v4 := func(a uint32) (ipV6, bool) {
		if prefix < 0 {
			prefix = 32
		}
		return ipV6{a: netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}).As16(), prefix: 96 + prefix}, true
	}
	if a, ok := ipParseQuad(s); ok {
		if prefix > 32 {
			return ipV6{}, false
		}
		return v4(a)
	}
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" || !addr.Is6() {
		return ipV6{}, false
	}
	b := addr.As16()
	// A prefix above 32 on such an address counts IPv6 bits.
	if strings.IndexByte(s, '.') >= 0 && prefix <= 32 && ip6ZeroUpTo(b[:], 10) && (b[10] == b[11]) && (b[10] == 0 || b[10] == 0xff) {
		return v4(uint32(b[12])<<24 | uint32(b[13])<<16 | uint32(b[14])<<8 | uint32(b[15]))
	}
	if prefix < 0 {
		prefix = 128
	}
	return ipV6{a: b, prefix: prefix}, true
}

func ip6ZeroUpTo(b []byte, n int) bool {
	for _, x := range b[:n] {
		if x != 0 {
			return false
		}
	}
	return true
}

// ip6Masked clears all bits of a after the first bits.
func ip6Masked(a [16]byte, bits int) [16]byte {
	for i := range a {
		switch {
		case bits >= 8:
			bits -= 8
		case bits <= 0:
			a[i] = 0
		default:
			a[i] &= byte(0xff) << (8 - bits)
			bits = 0
		}
	}
	return a
}

// ip6Canonical renders all eight groups with four lower-case hex digits,
// the form Kusto's parse_ipv6 returns.
func ip6Canonical(a [16]byte) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 39)
	for i := 0; i < 16; i += 2 {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hex[a[i]>>4], hex[a[i]&0xf], hex[a[i+1]>>4], hex[a[i+1]&0xf])
	}
	return string(b)
}

func ip6InRange(ip, rng string) (bool, bool) {
	a, ok1 := ip6Parse(ip)
	r, ok2 := ip6Parse(rng)
	if !ok1 || !ok2 {
		return false, false
	}
	x := ip6Masked(a.a, a.prefix)
	return ipCompareBits(x[:], r.a[:], r.prefix) == 0, true
}

// ipListArgs collects the string arguments from index 1 on, expanding
// dynamic arrays, for the "any" functions.
func ipListArgs(args []*value.Vector, i int, out []string) []string {
	for _, a := range args[1:] {
		if a.T == value.Dynamic {
			if d := a.Dyn(i); d.Kind() == value.DArray {
				d.Elems(func(_ int, e *value.Dyn) bool { out = append(out, e.String()); return true })
				continue
			}
		}
		out = append(out, a.AsString(i))
	}
	return out
}

func ip6InAnyRange(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Bool, n)
	var ranges []string
	ForRows(n, sel, func(i int) {
		ip := args[0].AsString(i)
		ranges = ipListArgs(args, i, ranges[:0])
		for _, r := range ranges {
			in, ok := ip6InRange(ip, r)
			if !ok {
				res.SetNull(i)
				return
			}
			if in {
				res.B[i] = true
				return
			}
		}
	})
	return res
}

// ipV4Prefix is a parsed IPv4 prefix: the leading octets of an address, or
// all four.
type ipV4Prefix struct {
	oct [4]byte
	n   int
}

// ipParseV4Prefix accepts a full dotted address or one to three octets each
// followed by a dot ("10.", "192.168.").
func ipParseV4Prefix(s string) (ipV4Prefix, bool) {
	s = strings.TrimSpace(s)
	if a, ok := ipParseQuad(s); ok {
		return ipV4Prefix{oct: [4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}, n: 4}, true
	}
	if !strings.HasSuffix(s, ".") {
		return ipV4Prefix{}, false
	}
	parts := strings.Split(s[:len(s)-1], ".")
	if len(parts) > 3 {
		return ipV4Prefix{}, false
	}
	var p ipV4Prefix
	for _, part := range parts {
		if part == "" || len(part) > 3 {
			return ipV4Prefix{}, false
		}
		v, err := strconv.Atoi(part)
		if err != nil || v > 255 || part[0] == '+' || part[0] == '-' {
			return ipV4Prefix{}, false
		}
		p.oct[p.n] = byte(v)
		p.n++
	}
	return p, true
}

func (p ipV4Prefix) matches(a uint32) bool {
	for k := 0; k < p.n; k++ {
		if byte(a>>(24-8*k)) != p.oct[k] {
			return false
		}
	}
	return true
}

// ipTokensV4 appends the IPv4 addresses that appear in src as tokens:
// runs of letters, digits and dots bounded by other characters (the rule
// has_ipv4 uses), with outer dots trimmed.
func ipTokensV4(src string, out []uint32) []uint32 {
	isTok := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.'
	}
	for i := 0; i < len(src); {
		if !isTok(src[i]) {
			i++
			continue
		}
		j := i
		for j < len(src) && isTok(src[j]) {
			j++
		}
		if a, ok := ipParseQuad(strings.Trim(src[i:j], ".")); ok {
			out = append(out, a)
		}
		i = j
	}
	return out
}

// ipHasAnyEval builds has_any_ipv4 (prefixes false) and has_ipv4_prefix /
// has_any_ipv4_prefix (prefixes true). Invalid addresses or prefixes never
// match; the result is never null.
func ipHasAnyEval(prefixes bool) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Bool, n)
		var (
			wants []string
			toks  []uint32
		)
		ForRows(n, sel, func(i int) {
			wants = ipListArgs(args, i, wants[:0])
			toks = ipTokensV4(args[0].AsString(i), toks[:0])
			if len(toks) == 0 {
				return
			}
			for _, w := range wants {
				var p ipV4Prefix
				var ok bool
				if prefixes {
					p, ok = ipParseV4Prefix(w)
				} else {
					var a uint32
					a, ok = ipParseQuad(strings.TrimSpace(w))
					p = ipV4Prefix{oct: [4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}, n: 4}
				}
				if !ok {
					continue
				}
				for _, t := range toks {
					if p.matches(t) {
						res.B[i] = true
						return
					}
				}
			}
		})
		return res
	}
}
