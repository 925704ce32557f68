package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestParseIPv4(t *testing.T) {
	f := func(want value.Value, ip string) { t.Helper(); fxExpect(t, want, "parse_ipv4", fxS(ip)) }
	f(fxL(3232235777), "192.168.1.1")
	f(fxL(3232235776), "192.168.1.1/24")
	f(fxL(4294967294), "255.255.255.255/31")
	f(fxL(0), "0.0.0.0")
	f(fxL(167772160), " 10.0.0.0 ")
	for _, bad := range []string{"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "1.2.3.4/", "a.b.c.d", "1..2.3", "1.2.3.-4", "1234.1.1.1"} {
		f(fxNull(value.Long), bad)
	}
	m := func(want value.Value, ip string, p int64) {
		t.Helper()
		fxExpect(t, want, "parse_ipv4_mask", fxS(ip), fxL(p))
	}
	m(fxL(2130706432), "127.0.0.1", 24)
	m(fxL(3232235776), "192.168.1.1/24", 32)
	m(fxL(0), "192.168.1.1", 0)
	m(fxNull(value.Long), "192.168.1.1", 33)
	m(fxNull(value.Long), "192.168.1.1", -1)
}

func TestFormatIPv4(t *testing.T) {
	f := func(want string, name string, args ...value.Value) { t.Helper(); fxExpect(t, fxS(want), name, args...) }
	f("192.168.1.0", "format_ipv4", fxS("192.168.1.1"), fxL(24))
	f("192.168.1.1", "format_ipv4", fxS("192.168.1.1"), fxL(32))
	f("192.168.1.0", "format_ipv4", fxS("192.168.1.1/24"), fxL(32))
	f("", "format_ipv4", fxS("192.168.1.1/24"), fxL(-1))
	f("192.168.1.0/24", "format_ipv4_mask", fxS("192.168.1.1"), fxL(24))
	f("192.168.1.1/32", "format_ipv4_mask", fxS("192.168.1.1"), fxL(32))
	f("192.168.1.0/24", "format_ipv4_mask", fxS("192.168.1.1/24"), fxL(32))
	f("", "format_ipv4_mask", fxS("192.168.1.1/24"), fxL(-1))
	f("192.168.1.1", "format_ipv4", fxL(3232235777))
	f("192.168.0.0", "format_ipv4", fxL(3232235777), fxL(16))
	f("10.0.0.0/8", "format_ipv4_mask", fxL(167772161), fxL(8))
	f("", "format_ipv4", fxL(-1))
	f("", "format_ipv4", fxL(1<<32))
	f("", "format_ipv4", fxS("nope"))
	f("1.2.3.4", "format_ipv4", fxD(`"1.2.3.4"`))
}

func TestIPv4CompareMatch(t *testing.T) {
	eq := func(a, b string, prefix ...int64) {
		t.Helper()
		args := []value.Value{fxS(a), fxS(b)}
		for _, p := range prefix {
			args = append(args, fxL(p))
		}
		fxExpect(t, fxL(0), "ipv4_compare", args...)
		fxExpect(t, fxB(true), "ipv4_is_match", args...)
		if len(prefix) == 0 { // an IPv6 prefix counts bits differently
			fxExpect(t, fxL(0), "ipv6_compare", args...)
			fxExpect(t, fxB(true), "ipv6_is_match", args...)
		}
	}
	eq("192.168.1.0", "192.168.1.0")
	eq("192.168.1.1/24", "192.168.1.255")
	eq("192.168.1.1", "192.168.1.255/24")
	eq("192.168.1.1/30", "192.168.1.255/24")
	eq("192.168.1.1", "192.168.1.0", 31)
	eq("192.168.1.1/24", "192.168.1.255", 31)
	eq("192.168.1.1", "192.168.1.255", 24)

	fxExpect(t, fxL(-1), "ipv4_compare", fxS("10.0.0.1"), fxS("10.0.0.2"))
	fxExpect(t, fxL(1), "ipv4_compare", fxS("10.0.1.0"), fxS("10.0.0.255"))
	fxExpect(t, fxB(false), "ipv4_is_match", fxS("10.0.0.1"), fxS("10.0.0.2"))
	fxExpect(t, fxNull(value.Long), "ipv4_compare", fxS("10.0.0.1"), fxS("x"))
	fxExpect(t, fxNull(value.Bool), "ipv4_is_match", fxS("10.0.0.1"), fxS("10.0.0.1"), fxL(33))
	fxExpect(t, fxB(true), "ipv4_is_match", fxS("192.168.1.1/24"), fxS("192.168.1.255"))
}

func TestIPv6CompareMatch(t *testing.T) {
	eq := func(a, b string, prefix ...int64) {
		t.Helper()
		args := []value.Value{fxS(a), fxS(b)}
		for _, p := range prefix {
			args = append(args, fxL(p))
		}
		fxExpect(t, fxL(0), "ipv6_compare", args...)
		fxExpect(t, fxB(true), "ipv6_is_match", args...)
	}
	eq("fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7994")
	eq("fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998")
	eq("fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7998/120")
	eq("fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998/120")
	eq("192.168.1.1", "::ffff:c0a8:0101")
	eq("192.168.1.1/24", "::ffff:c0a8:01ff")
	eq("::ffff:c0a8:0101", "192.168.1.255/24")
	eq("::192.168.1.1/30", "192.168.1.255/24")
	eq("192.168.1.1", "192.168.1.0", 31)
	eq("192.168.1.1/24", "192.168.1.255", 31)
	eq("192.168.1.1", "192.168.1.255", 24)
	eq("fe80::85d:e82c:9446:7994", "fe80::85d:e82c:9446:7995", 127)
	eq("fe80::85d:e82c:9446:7994/127", "fe80::85d:e82c:9446:7998", 120)
	eq("fe80::85d:e82c:9446:7994/120", "fe80::85d:e82c:9446:7998", 127)
	eq("192.168.1.1/24", "::ffff:c0a8:01ff", 127)
	eq("::ffff:c0a8:0101", "192.168.1.255", 120)
	eq("::192.168.1.1/30", "192.168.1.255/24", 127)

	fxExpect(t, fxL(-1), "ipv6_compare", fxS("fe80::1"), fxS("fe80::2"))
	fxExpect(t, fxL(1), "ipv6_compare", fxS("fe80::2"), fxS("fe80::1"))
	fxExpect(t, fxB(false), "ipv6_is_match", fxS("fe80::1"), fxS("fe80::2"))
	fxExpect(t, fxNull(value.Long), "ipv6_compare", fxS("fe80::1"), fxS("fe80::zz"))
	fxExpect(t, fxNull(value.Long), "ipv6_compare", fxS("fe80::1/129"), fxS("fe80::1"))
	fxExpect(t, fxNull(value.Long), "ipv6_compare", fxS("fe80::1"), fxS("fe80::1"), fxL(129))
}

func TestIPv4Ranges(t *testing.T) {
	r := func(want value.Value, ip, rng string) {
		t.Helper()
		fxExpect(t, want, "ipv4_is_in_range", fxS(ip), fxS(rng))
	}
	r(fxB(true), "192.168.1.1", "192.168.1.1")
	r(fxB(true), "192.168.1.1", "192.168.1.255/24")
	r(fxB(false), "192.168.2.1", "192.168.1.255/24")
	r(fxB(true), "10.1.2.3", "10.0.0.0/8")
	r(fxNull(value.Bool), "10.1.2.3", "10.0.0.0/99")
	r(fxNull(value.Bool), "", "10.0.0.0/8")

	fxExpect(t, fxB(true), "ipv4_is_in_any_range", fxS("10.1.2.3"), fxS("192.168.0.0/16"), fxS("10.0.0.0/8"))
	fxExpect(t, fxB(false), "ipv4_is_in_any_range", fxS("11.1.2.3"), fxS("192.168.0.0/16"), fxS("10.0.0.0/8"))
	fxExpect(t, fxB(true), "ipv4_is_in_any_range", fxS("10.1.2.3"), fxD(`["192.168.0.0/16","10.0.0.0/8"]`))

	p := func(want value.Value, ip string) { t.Helper(); fxExpect(t, want, "ipv4_is_private", fxS(ip)) }
	p(fxB(true), "10.1.2.3")
	p(fxB(true), "192.168.1.1/24")
	p(fxB(true), "10.1.2.3/24")
	p(fxB(true), "172.16.0.1")
	p(fxB(true), "172.31.255.255")
	p(fxB(false), "172.32.0.1")
	p(fxB(false), "202.1.2.3")
	p(fxB(false), "127.0.0.1")
	p(fxNull(value.Bool), "localhost")

	fxExpect(t, fxL(24), "ipv4_netmask_suffix", fxS("192.168.1.1/24"))
	fxExpect(t, fxL(32), "ipv4_netmask_suffix", fxS("192.168.1.1"))
	fxExpect(t, fxNull(value.Long), "ipv4_netmask_suffix", fxS("192.168.1.1/40"))
}

func TestHasIPv4(t *testing.T) {
	f := func(want bool, src, ip string) { t.Helper(); fxExpect(t, fxB(want), "has_ipv4", fxS(src), fxS(ip)) }
	f(true, "05:04:54 127.0.0.1 GET /favicon.ico 404", "127.0.0.1")
	f(false, "05:04:54 127.0.0.256 GET /favicon.ico 404", "127.0.0.256")
	f(false, "05:04:54127.0.0.1 GET /favicon.ico 404", "127.0.0.1")
	f(true, "These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201", "10.1.1.115")
	f(false, "These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201", "10.1.1.11")
	f(true, "ip=10.0.0.1.", "10.0.0.1")
	f(false, "1.10.0.0.1", "10.0.0.1")
	f(false, "a10.0.0.1", "10.0.0.1")
	fxExpect(t, fxB(true), "has_ipv4", fxD(`{"ip":"10.0.0.1"}`), fxS("10.0.0.1"))
}
