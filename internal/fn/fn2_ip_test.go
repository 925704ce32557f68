package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestParseIPv6(t *testing.T) {
	f := func(want, in string) { t.Helper(); fxExpect(t, fxS(want), "parse_ipv6", fxS(in)) }
	f("0000:0000:0000:0000:0000:ffff:c0a8:ffff", "192.168.255.255")
	f("0000:0000:0000:0000:0000:ffff:c0a8:ff00", " 192.168.255.255 / 24 ")
	f("fe80:0000:0000:0000:085d:e82c:9446:7994", "fe80::85d:e82c:9446:7994")
	f("fe80:0000:0000:0000:0000:0000:0000:0000", "fe80::85d:e82c:9446:7994/64")
	f("0000:0000:0000:0000:0000:ffff:0102:0300", "::ffff:1.2.3.4/24")
	f("0000:0000:0000:0000:0000:ffff:0102:0304", "::ffff:1.2.3.4/128")
	f("0000:0000:0000:0000:0000:0000:0000:0001", "::1")
	f("", "fe80::1%eth0")
	f("", "1.2.3")
	f("", "::1/129")
	f("", "")
	g := func(want, in string, p int64) { t.Helper(); fxExpect(t, fxS(want), "parse_ipv6_mask", fxS(in), fxL(p)) }
	g("0000:0000:0000:0000:0000:ffff:c0a8:ff00", "192.168.255.255", 120)
	g("0000:0000:0000:0000:0000:0000:0000:0000", "192.168.255.255", 0)
	g("", "192.168.255.255", -1)
	fxExpect(t, fxS(""), "parse_ipv6_mask", fxS("::1"), fxNull(value.Long))
}

func TestIPv6InRange(t *testing.T) {
	f := func(want value.Value, ip, rng string) {
		t.Helper()
		fxExpect(t, want, "ipv6_is_in_range", fxS(ip), fxS(rng))
	}
	f(fxB(true), "a5e:f127:8a9d:146d:e102:b5d3:c755:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112")
	f(fxB(false), "a5e:f127:8a9d:146d:e102:b5d3:c756:abcd", "a5e:f127:8a9d:146d:e102:b5d3:c755:0000/112")
	f(fxB(true), "::1", "::/0")
	f(fxB(true), "10.0.0.5", "10.0.0.0/24")
	f(fxNull(value.Bool), "::1", "x")
	fxExpect(t, fxB(false), "ipv6_is_in_any_range", fxS("::1"), fxD(`[]`))
	fxExpect(t, fxB(true), "ipv6_is_in_any_range", fxS("::1"), fxS("::2/127"), fxS("::1/128"))
}

func TestHasAnyIPv4(t *testing.T) {
	text := fxS("GET from 10.1.2.3, then 192.168.0.7; x1.2.3.4 and 5.6.7.8.")
	f := func(want bool, name string, args ...value.Value) {
		t.Helper()
		fxExpect(t, fxB(want), name, append([]value.Value{text}, args...)...)
	}
	f(true, "has_any_ipv4", fxS("9.9.9.9"), fxS("192.168.0.7"))
	f(true, "has_any_ipv4", fxD(`["5.6.7.8"]`))
	f(false, "has_any_ipv4", fxS("1.2.3.4")) // part of the token x1.2.3.4
	f(false, "has_any_ipv4", fxS("10.1.2"))
	f(true, "has_ipv4_prefix", fxS("192."))
	f(true, "has_ipv4_prefix", fxS("10.1.2."))
	f(false, "has_ipv4_prefix", fxS("10.1.2"))
	f(false, "has_ipv4_prefix", fxS("10.1.2.3.4."))
	f(false, "has_ipv4_prefix", fxS("1000."))
	f(true, "has_any_ipv4_prefix", fxS("11."), fxD(`["5.6."]`))
	f(false, "has_any_ipv4_prefix", fxD(`[]`))
	fxExpect(t, fxB(false), "has_ipv4_prefix", fxS(""), fxS("1."))
}
