package fn

import (
	"bytes"
	"net/netip"
	"strconv"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// The IP functions: parse_ipv4, parse_ipv4_mask, format_ipv4,
// format_ipv4_mask, ipv4_compare, ipv4_is_match, ipv4_is_in_range,
// ipv4_is_in_any_range, ipv4_is_private, ipv4_netmask_suffix, has_ipv4,
// ipv6_compare and ipv6_is_match. Addresses may carry an IP-prefix
// ("10.1.2.3/24"); functions comparing two addresses use the smaller of the
// prefixes involved.

func init() {
	Register(&Scalar{Name: "parse_ipv4", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Long, KString),
		Eval: Map1(value.Long, GetString, PutLong, func(s string) (int64, bool) {
			a, p, ok := ipParseV4(s)
			return int64(a & ipMask4(p)), ok
		}),
		Doc: "Converts an IPv4 address (optionally with a /prefix, which masks it) to a long in big-endian order."})
	Register(&Scalar{Name: "parse_ipv4_mask", MinArgs: 2, MaxArgs: 2, Check: ipCheck(value.Long, 1),
		Eval: Map2(value.Long, GetString, GetLong, PutLong, func(s string, p int64) (int64, bool) {
			a, own, ok := ipParseV4(s)
			if !ok || p < 0 || p > 32 {
				return 0, false
			}
			return int64(a & ipMask4(min(own, int(p)))), true
		}),
		Doc: "parse_ipv4_mask(ip, prefix): the IPv4 address masked to prefix bits, as a long."})
	Register(&Scalar{Name: "format_ipv4", MinArgs: 1, MaxArgs: 2, Check: ipCheck(value.String, 1), Eval: ipFormat(false),
		Doc: "format_ipv4(ip[, prefix]): the dotted form of an IPv4 address (text or long), masked to prefix bits; empty when invalid."})
	Register(&Scalar{Name: "format_ipv4_mask", MinArgs: 1, MaxArgs: 2, Check: ipCheck(value.String, 1), Eval: ipFormat(true),
		Doc: "format_ipv4_mask(ip[, prefix]): like format_ipv4 with the /prefix appended."})
	Register(&Scalar{Name: "ipv4_compare", MinArgs: 2, MaxArgs: 3, Check: ipCheck(value.Long, 2), Eval: ipCompareEval(false, false),
		Doc: "Compares two IPv4 addresses under their common prefix: -1, 0 or 1; null when one does not parse."})
	Register(&Scalar{Name: "ipv4_is_match", MinArgs: 2, MaxArgs: 3, Check: ipCheck(value.Bool, 2), Eval: ipCompareEval(false, true),
		Doc: "True when two IPv4 addresses are equal under their common prefix; null when one does not parse."})
	Register(&Scalar{Name: "ipv6_compare", MinArgs: 2, MaxArgs: 3, Check: ipCheck(value.Long, 2), Eval: ipCompareEval(true, false),
		Doc: "Compares two IPv6 or IPv4 addresses under their common prefix (IPv4 as ::ffff:a.b.c.d): -1, 0 or 1."})
	Register(&Scalar{Name: "ipv6_is_match", MinArgs: 2, MaxArgs: 3, Check: ipCheck(value.Bool, 2), Eval: ipCompareEval(true, true),
		Doc: "True when two IPv6 or IPv4 addresses are equal under their common prefix."})
	Register(&Scalar{Name: "ipv4_is_in_range", MinArgs: 2, MaxArgs: 2, Check: Fixed(value.Bool, KString, KString),
		Eval: Map2(value.Bool, GetString, GetString, PutBool, ipInRange),
		Doc:  "ipv4_is_in_range(ip, range): true when ip is inside the IP-prefix range (10.0.0.0/8)."})
	Register(&Scalar{Name: "ipv4_is_in_any_range", MinArgs: 2, MaxArgs: -1, Check: Fixed(value.Bool, KString), Eval: ipInAnyRange,
		Doc: "ipv4_is_in_any_range(ip, range1, range2, ...) or (ip, dynamic array of ranges): true when ip is in one of the ranges."})
	Register(&Scalar{Name: "ipv4_is_private", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Bool, KString),
		Eval: Map1(value.Bool, GetString, PutBool, func(s string) (bool, bool) {
			a, p, ok := ipParseV4(s)
			a &= ipMask4(p)
			return a>>24 == 10 || a>>20 == 172<<4|1 || a>>16 == 192<<8|168, ok
		}),
		Doc: "True when the IPv4 address is in a private range (10/8, 172.16/12, 192.168/16); null when it does not parse."})
	Register(&Scalar{Name: "ipv4_netmask_suffix", MinArgs: 1, MaxArgs: 1, Check: Fixed(value.Long, KString),
		Eval: Map1(value.Long, GetString, PutLong, func(s string) (int64, bool) {
			_, p, ok := ipParseV4(s)
			return int64(p), ok
		}),
		Doc: "The prefix length of an IPv4 address with IP-prefix notation (32 without one)."})
	Register(&Scalar{Name: "has_ipv4", MinArgs: 2, MaxArgs: 2, Check: Fixed(value.Bool, KString, KString),
		Eval: Map2(value.Bool, GetString, GetString, PutBool, func(src, ip string) (bool, bool) { return ipHasV4(src, ip), true }),
		Doc:  "True when the text holds the IPv4 address as a token delimited by non-alphanumeric characters."})
}

// ipCheck validates nAddr address arguments (any scalar renders as text)
// followed by integer prefixes.
func ipCheck(ret value.Type, nAddr int) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		for i := nAddr; i < len(args); i++ {
			if !KInteger.Accepts(args[i].Type) {
				return value.Unknown, Errorf("argument %d (prefix) must be an integer, got %s", i+1, args[i].Type)
			}
		}
		return ret, nil
	}
}

// ipParseV4 parses a dotted-quad IPv4 address with an optional /prefix
// (default 32).
func ipParseV4(s string) (addr uint32, prefix int, ok bool) {
	s = strings.TrimSpace(s)
	prefix = 32
	if slash := strings.IndexByte(s, '/'); slash >= 0 {
		p, err := strconv.Atoi(strings.TrimSpace(s[slash+1:]))
		if err != nil || p < 0 || p > 32 {
			return 0, 0, false
		}
		prefix = p
		s = strings.TrimSpace(s[:slash])
	}
	a, ok := ipParseQuad(s)
	return a, prefix, ok
}

// ipParseQuad parses exactly four decimal octets.
func ipParseQuad(s string) (uint32, bool) {
	var addr uint32
	for k := 0; k < 4; k++ {
		if k > 0 {
			if s == "" || s[0] != '.' {
				return 0, false
			}
			s = s[1:]
		}
		n, digits := 0, 0
		for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
			n = n*10 + int(s[digits]-'0')
			digits++
			if digits > 3 {
				return 0, false
			}
		}
		if digits == 0 || n > 255 {
			return 0, false
		}
		addr = addr<<8 | uint32(n)
		s = s[digits:]
	}
	return addr, s == ""
}

func ipMask4(p int) uint32 {
	if p <= 0 {
		return 0
	}
	return ^uint32(0) << (32 - p)
}

func ipFormatQuad(b []byte, a uint32) []byte {
	for k := 3; k >= 0; k-- {
		b = strconv.AppendUint(b, uint64(a>>(8*k)&0xff), 10)
		if k > 0 {
			b = append(b, '.')
		}
	}
	return b
}

func ipFormat(withMask bool) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.String, n)
		ForRows(n, sel, func(i int) {
			var addr uint32
			prefix := 32
			a := args[0]
			switch {
			case a.T.IsNumeric() || (a.T == value.Dynamic && a.Dyn(i).Kind() == value.DLong):
				x, ok := a.AsLong(i)
				if !ok || x < 0 || x > 0xffffffff {
					return
				}
				addr = uint32(x)
			default:
				var ok bool
				if addr, prefix, ok = ipParseV4(a.AsString(i)); !ok {
					return
				}
			}
			if len(args) > 1 {
				p, ok := args[1].AsLong(i)
				if !ok || p < 0 || p > 32 {
					return
				}
				prefix = min(prefix, int(p))
			}
			b := ipFormatQuad(nil, addr&ipMask4(prefix))
			if withMask {
				b = append(b, '/')
				b = strconv.AppendInt(b, int64(prefix), 10)
			}
			res.S[i] = string(b)
		})
		return res
	}
}

// ipV6 is a 128-bit address with the number of significant bits.
type ipV6 struct {
	a      [16]byte
	prefix int
}

// ipParseV6 parses an IPv6 or IPv4 address with an optional /prefix. IPv4
// addresses map to ::ffff:a.b.c.d and their prefix counts from bit 96.
func ipParseV6(s string) (ipV6, bool) {
	s = strings.TrimSpace(s)
	prefix := -1
	if slash := strings.IndexByte(s, '/'); slash >= 0 {
		p, err := strconv.Atoi(strings.TrimSpace(s[slash+1:]))
		if err != nil || p < 0 {
			return ipV6{}, false
		}
		prefix = p
		s = strings.TrimSpace(s[:slash])
	}
	if a, ok := ipParseQuad(s); ok {
		if prefix > 32 {
			return ipV6{}, false
		}
		if prefix < 0 {
			prefix = 32
		}
		return ipV6{a: netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}).As16(), prefix: 96 + prefix}, true
	}
	addr, err := netip.ParseAddr(s)
	if err != nil || addr.Zone() != "" || !addr.Is6() || prefix > 128 {
		return ipV6{}, false
	}
	if prefix < 0 {
		prefix = 128
	}
	return ipV6{a: addr.As16(), prefix: prefix}, true
}

// ipCompareBits compares the first bits bits of a and b.
func ipCompareBits(a, b []byte, bits int) int {
	full := bits / 8
	if c := bytes.Compare(a[:full], b[:full]); c != 0 || full == len(a) {
		return c
	}
	if rem := bits % 8; rem > 0 {
		m := byte(0xff) << (8 - rem)
		x, y := a[full]&m, b[full]&m
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}

// ipCompareEval builds ipv4_compare / ipv4_is_match (v6 false) and
// ipv6_compare / ipv6_is_match (v6 true).
func ipCompareEval(v6, match bool) EvalFunc {
	out := value.Long
	if match {
		out = value.Bool
	}
	maxPrefix := int64(32)
	if v6 {
		maxPrefix = 128
	}
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(out, n)
		ForRows(n, sel, func(i int) {
			bits := int(maxPrefix)
			if len(args) > 2 {
				p, ok := args[2].AsLong(i)
				if !ok || p < 0 || p > maxPrefix {
					res.SetNull(i)
					return
				}
				bits = int(p)
			}
			var c int
			if v6 {
				a, ok1 := ipParseV6(args[0].AsString(i))
				b, ok2 := ipParseV6(args[1].AsString(i))
				if !ok1 || !ok2 {
					res.SetNull(i)
					return
				}
				c = ipCompareBits(a.a[:], b.a[:], min(bits, a.prefix, b.prefix))
			} else {
				a, pa, ok1 := ipParseV4(args[0].AsString(i))
				b, pb, ok2 := ipParseV4(args[1].AsString(i))
				if !ok1 || !ok2 {
					res.SetNull(i)
					return
				}
				m := ipMask4(min(bits, pa, pb))
				switch x, y := a&m, b&m; {
				case x < y:
					c = -1
				case x > y:
					c = 1
				}
			}
			if match {
				res.B[i] = c == 0
			} else {
				res.I[i] = int64(c)
			}
		})
		return res
	}
}

func ipInRange(ip, rng string) (bool, bool) {
	a, pa, ok1 := ipParseV4(ip)
	r, pr, ok2 := ipParseV4(rng)
	if !ok1 || !ok2 {
		return false, false
	}
	m := ipMask4(pr)
	return a&ipMask4(pa)&m == r&m, true
}

func ipInAnyRange(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Bool, n)
	ForRows(n, sel, func(i int) {
		ip := args[0].AsString(i)
		var ranges []string
		for _, a := range args[1:] {
			if a.T == value.Dynamic {
				if d := a.Dyn(i); d.Kind() == value.DArray {
					d.Elems(func(_ int, e *value.Dyn) bool { ranges = append(ranges, e.String()); return true })
					continue
				}
			}
			ranges = append(ranges, a.AsString(i))
		}
		for _, r := range ranges {
			in, ok := ipInRange(ip, r)
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

// ipHasV4 looks for ip in src as a whole token: the runs of digits and dots
// of src (bounded by characters that are neither alphanumeric nor dots) are
// compared with ip. ip itself must be a valid address without a prefix.
func ipHasV4(src, ip string) bool {
	want, ok := ipParseQuad(strings.TrimSpace(ip))
	if !ok {
		return false
	}
	isAlnum := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	for i := 0; i < len(src); {
		c := src[i]
		if !isAlnum(c) && c != '.' {
			i++
			continue
		}
		j := i
		for j < len(src) && (isAlnum(src[j]) || src[j] == '.') {
			j++
		}
		tok := strings.Trim(src[i:j], ".")
		if a, ok := ipParseQuad(tok); ok && a == want {
			return true
		}
		i = j
	}
	return false
}
