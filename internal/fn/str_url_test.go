package fn

import "testing"

func TestParseURL(t *testing.T) {
	f := func(url, want string) {
		t.Helper()
		strWant(t, strJ(t, want), "parse_url", strS(url))
	}
	f("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment",
		`{"Scheme":"scheme","Host":"host","Port":"1234","Path":"/this/is/a/path","Username":"username","Password":"password","Query Parameters":{"k1":"v1","k2":"v2"},"Fragment":"fragment"}`)
	f("https://bing.com",
		`{"Scheme":"https","Host":"bing.com","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`)
	f("https://www.example.com/search?q=a%20b&flag&x=1&x=2",
		`{"Scheme":"https","Host":"www.example.com","Port":"","Path":"/search","Username":"","Password":"","Query Parameters":{"q":"a%20b","flag":"","x":"2"},"Fragment":""}`)
	f("http://[::1]:8080/p",
		`{"Scheme":"http","Host":"[::1]","Port":"8080","Path":"/p","Username":"","Password":"","Query Parameters":{},"Fragment":""}`)
	f("ftp://user@host/",
		`{"Scheme":"ftp","Host":"host","Port":"","Path":"/","Username":"user","Password":"","Query Parameters":{},"Fragment":""}`)
	f("bing.com",
		`{"Scheme":"","Host":"","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`)
	f("",
		`{"Scheme":"","Host":"","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`)
	strWant(t, strJ(t, `{"Scheme":"a","Host":"b","Port":"","Path":"","Username":"","Password":"","Query Parameters":{},"Fragment":""}`), "parseurl", strS("a://b"))
}

func TestParseURLQuery(t *testing.T) {
	f := func(q, want string) {
		t.Helper()
		strWant(t, strJ(t, want), "parse_urlquery", strS(q))
	}
	f("k1=v1&k2=v2&k3=v3", `{"Query Parameters":{"k1":"v1","k2":"v2","k3":"v3"}}`)
	f("view=vs-2019&preserve-view=true", `{"Query Parameters":{"view":"vs-2019","preserve-view":"true"}}`)
	f("?a=1", `{"Query Parameters":{"a":"1"}}`)
	f("https://x/y?a=1#frag", `{"Query Parameters":{"a":"1"}}`)
	f("", `{"Query Parameters":{}}`)
	f("a=1&&b", `{"Query Parameters":{"a":"1","b":""}}`)
}

func TestURLCoding(t *testing.T) {
	f := func(name, in, want string) {
		t.Helper()
		strWant(t, strS(want), name, strS(in))
	}
	f("url_decode", "https%3a%2f%2fwww.bing.com%2f", "https://www.bing.com/")
	f("url_decode", "a+b%20c", "a b c")
	f("url_decode", "%E2%82%AC", "€")
	f("url_decode", "%u20AC", "€")
	f("url_decode", "100%", "100%")
	f("url_decode", "%zz%4", "%zz%4")
	f("url_decode", "%ff", "\uFFFD")
	f("url_decode", "plain", "plain")
	f("url_encode", "https://www.bing.com/hello world", "https%3a%2f%2fwww.bing.com%2fhello+world")
	f("url_encode_component", "https://www.bing.com/hello world", "https%3a%2f%2fwww.bing.com%2fhello%20world")
	f("url_encode", "a-b_c.d!e*f(g)h~i'j", "a-b_c.d!e*f(g)h%7ei%27j")
	f("url_encode", "€", "%e2%82%ac")
	f("url_encode", "", "")
	f("url_encode", "plain", "plain")
	f("url_encode_component", "a b", "a%20b")
	f("url_decode", "echo+hello%20world", "echo hello world")
	strWant(t, strS("1 2"), "url_decode", strJ(t, `"1+2"`))
}

func TestParseURLInvalidUTF8(t *testing.T) {
	// Text that is not valid UTF-8 cannot become raw JSON; the bag is built
	// value by value instead and must answer the same accessors.
	d := strParseURL("https://h\xff/p?k=\xfe#f")
	f := func(key, want string) {
		t.Helper()
		if got := d.Get(key).AsString(); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	f("Scheme", "https")
	f("Host", "h\xff")
	f("Path", "/p")
	f("Fragment", "f")
	if got := d.Get("Query Parameters").Get("k").AsString(); got != "\xfe" {
		t.Errorf("Query Parameters.k = %q", got)
	}
	q := strParseURLQuery("a=\xff")
	if got := q.Get("Query Parameters").Get("a").AsString(); got != "\xff" {
		t.Errorf("parse_urlquery: a = %q", got)
	}
}
