package fn

import (
	"strings"
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestStrlenAndSize(t *testing.T) {
	f := func(name string, arg value.Value, want int64) {
		t.Helper()
		strWant(t, strL(want), name, arg)
	}
	f("strlen", strS("hello"), 5)
	f("strlen", strS("⒦⒰⒮⒯⒪"), 5)
	f("strlen", strS("C\u0327edilla"), 8) // a grapheme of two code points
	f("strlen", strS(""), 0)
	f("strlen", strL(12345), 5)
	f("strlen", strNull(value.Long), 0)
	f("strlen", strJ(t, `{"a":1}`), 7)
	f("string_size", strS("hello"), 5)
	f("string_size", strS("⒦⒰⒮⒯⒪"), 15)
	f("string_size", strS(""), 0)
}

func TestCaseAndReverse(t *testing.T) {
	f := func(name string, arg value.Value, want string) {
		t.Helper()
		strWant(t, strS(want), name, arg)
	}
	f("tolower", strS("Hello"), "hello")
	f("tolower", strS("ÄÖÜ ΣΑΣ"), "äöü σασ")
	f("toupper", strS("hello"), "HELLO")
	f("toupper", strS("straße"), "STRAßE") // no one-to-many mapping
	f("toupper", strJ(t, `"abc"`), "ABC")
	f("toupper", strNull(value.Dynamic), "")
	f("reverse", strS("ABCD"), "DCBA")
	f("reverse", strS("äbc"), "cbä")
	f("reverse", strL(123), "321")
	f("reverse", strS(""), "")
	f("reverse", strS("a"), "a")
}

func TestSubstring(t *testing.T) {
	f := func(src string, start int64, want string) {
		t.Helper()
		strWant(t, strS(want), "substring", strS(src), strL(start))
	}
	g := func(src string, start, length int64, want string) {
		t.Helper()
		strWant(t, strS(want), "substring", strS(src), strL(start), strL(length))
	}
	f("123456", 1, "23456")
	g("123456", 2, 2, "34")
	g("ABCD", 0, 2, "AB")
	g("123456", -2, 2, "56")
	f("123456", -2, "56")
	f("123456", 6, "")
	f("123456", 10, "")
	f("123456", -10, "123456")
	g("123456", 4, 10, "56")
	g("123456", 1, 0, "")
	g("123456", 1, -1, "")
	g("äöü€", 1, 2, "öü")
	f("äöü€", -1, "€")
	strWant(t, strS(""), "substring", strS("abc"), strNull(value.Long))
	strWant(t, strS("bc"), "substring", strS("abc"), strI(1))
	strWant(t, strS("23"), "substring", strL(1234), strL(1), strL(2))
}

func TestIndexOf(t *testing.T) {
	f := func(want value.Value, args ...value.Value) {
		t.Helper()
		strWant(t, want, "indexof", args...)
	}
	// The documentation's examples.
	f(strL(2), strS("abcdefg"), strS("cde"))
	f(strL(2), strS("abcdefg"), strS("cde"), strL(1), strL(4))
	f(strL(-1), strS("abcdefg"), strS("cde"), strL(1), strL(2))
	f(strL(-1), strS("abcdefg"), strS("cde"), strL(3), strL(4))
	f(strL(2), strS("abcdefg"), strS("cde"), strL(-5))
	f(strL(4), strL(1234567), strL(5), strL(1), strL(4))
	f(strL(2), strS("abcdefg"), strS("cde"), strL(2), strL(-1))
	f(strL(9), strS("abcdefgabcdefg"), strS("cde"), strL(1), strL(10), strL(2))
	f(strL(-1), strS("abcdefgabcdefg"), strS("cde"), strL(1), strL(-1), strL(3))
	// Invalid arguments give null.
	f(strNull(value.Long), strS("abc"), strS("b"), strL(0), strL(-2))
	f(strNull(value.Long), strS("abc"), strS("b"), strL(0), strL(-1), strL(-1))
	f(strNull(value.Long), strS("abc"), strS("b"), strL(-4))
	f(strNull(value.Long), strS("abc"), strS("b"), strNull(value.Long))
	// More.
	f(strL(3), strS("Hello, world!"), strS("lo"))
	f(strL(17), strS("Hello, world, hello!"), strS("lo"), strL(5))
	f(strL(-1), strS("abc"), strS("x"))
	f(strL(0), strS("abc"), strS(""))
	f(strL(-1), strS("abc"), strS("c"), strL(5))
	f(strL(2), strS("äöü"), strS("ü"))
	f(strL(1), strS("ÄbÄb"), strS("b"))
	f(strL(3), strS("ÄbÄb"), strS("b"), strL(0), strL(-1), strL(2))
}

func TestStrrepTranslate(t *testing.T) {
	f := func(want string, name string, args ...value.Value) {
		t.Helper()
		strWant(t, strS(want), name, args...)
	}
	f("ABCABC", "strrep", strS("ABC"), strL(2))
	f("123.123.123", "strrep", strL(123), strL(3), strS("."))
	f("00:00:03 00:00:03", "strrep", value.NewTimeSpan(3*value.TicksPerSecond), strL(2), strS(" "))
	f("", "strrep", strS("ABC"), strL(0))
	f("", "strrep", strS("ABC"), strL(-1))
	f("", "strrep", strS("ABC"), strNull(value.Long))
	f("xxx", "translate", strS("abc"), strS("x"), strS("abc"))
	f("", "translate", strS("abc"), strS(""), strS("ab"))
	f("kusto", "translate", strS("krasp"), strS("otsku"), strS("spark"))
	f("hello world", "translate", strS("abcdefghijklmopqrstuvwxyz"), strS("zyxwvutsrqpomlkjihgfedcba"), strS("svool dliow"))
	f("ÄbÖ", "translate", strS("aö"), strS("ÄÖ"), strS("abö"))
	f("unchanged", "translate", strS("xyz"), strS("XYZ"), strS("unchanged"))
	f("b", "translate", strS("aa"), strS("bc"), strS("a")) // the first mapping wins
}

func TestReplaceString(t *testing.T) {
	f := func(want string, args ...value.Value) {
		t.Helper()
		strWant(t, strS(want), "replace_string", args...)
	}
	f("Number was 1", strS("Number is 1"), strS("is"), strS("was"))
	f("aXaXa", strS("abbabba"), strS("bb"), strS("X"))
	f("abc", strS("abc"), strS(""), strS("X"))
	f("", strS(""), strS("a"), strS("X"))
	g := func(want string, text string, lookups, rewrites string) {
		t.Helper()
		strWant(t, strS(want), "replace_strings", strS(text), strJ(t, lookups), strJ(t, rewrites))
	}
	g("A magic trick can turn a dog into a pigeon", "A magic trick can turn a cat into a dog", `["cat","dog"]`, `["dog","pigeon"]`)
	g("A magic trick can disappear a cat", "A magic trick can turn a cat into a dog", `["turn"," into a dog"]`, `["disappear",""]`)
	g("This was an example of using replace_strings()", "This is an example of using replace_strings()", `["This","is"]`, `["This","was"]`)
	g("Thwas was an example of using replace_strings()", "This is an example of using replace_strings()", `["is","This"]`, `["was","This"]`)
	g("This was an example of using replace_strings()", "This is an example of using replace_strings()", `["This","is"]`, `[12345,"was"]`)
	g("abc", "abc", `[]`, `[]`)
}

func TestStrcat(t *testing.T) {
	f := func(want string, name string, args ...value.Value) {
		t.Helper()
		strWant(t, strS(want), name, args...)
	}
	f("hello world", "strcat", strS("hello"), strS(" "), strS("world"))
	f("a", "strcat", strS("a"))
	f("1-2-A-00:00:01", "strcat_delim", strS("-"), strL(1), strS("2"), strS("A"), value.NewTimeSpan(value.TicksPerSecond))
	f("x1true2.5", "strcat", strS("x"), strL(1), strB(true), strR(2.5))
	f("ab", "strcat", strS("a"), strNull(value.Long), strNull(value.Dynamic), strS("b"))
	f(`k:{"a":[1,2]}`, "strcat", strS("k:"), strJ(t, `{"a":[1,2]}`))
	f("2024-05-01T10:00:00.0000000Z", "strcat", value.NewDateTime(value.TicksFromTime(mustTime(t, "2024-05-01T10:00:00.0000000Z"))))
	f("1->2->3", "strcat_array", strJ(t, `[1,2,3]`), strS("->"))
	f(`1"2"3`, "strcat_array", strJ(t, `[1,2,3]`), strS(`"`))
	f("a b", "strcat_array", strJ(t, `["a","b"]`), strS(" "))
	f("", "strcat_array", strNull(value.Dynamic), strS(","))
	f("", "strcat_array", strJ(t, `[]`), strS(","))
	f(`1,,{"x":1}`, "strcat_array", strJ(t, `[1,null,{"x":1}]`), strS(","))
	f("x", "array_strcat", strJ(t, `["x"]`), strS(","))
	strCheckErr(t, "strcat_array", strS("[1]"), strS(","))
	strCheckErr(t, "strcat_delim", strS("-"), strS("a"))

	// 64 arguments are accepted, 65 are not.
	args := make([]value.Value, 64)
	for i := range args {
		args[i] = strS("x")
	}
	f(strings.Repeat("x", 64), "strcat", args...)
	strCheckErr(t, "strcat", append(args, strS("x"))...)
}

func TestSplit(t *testing.T) {
	f := func(want string, args ...value.Value) {
		t.Helper()
		strWant(t, strJ(t, want), "split", args...)
	}
	f(`["aa","bb"]`, strS("aa_bb"), strS("_"))
	f(`["bbb"]`, strS("aaa_bbb_ccc"), strS("_"), strL(1))
	f(`[""]`, strS(""), strS("_"))
	f(`["a","","b"]`, strS("a__b"), strS("_"))
	f(`["aa","cc"]`, strS("aabbcc"), strS("bb"))
	f(`[]`, strS("aaa_bbb_ccc"), strS("_"), strL(3))
	f(`[]`, strS("aaa_bbb_ccc"), strS("_"), strL(-1))
	f(`["ccc"]`, strS("aaa_bbb_ccc"), strS("_"), strL(2))
	f(`["aaa"]`, strS("aaa"), strS("_"), strL(0))
	f(`["abc"]`, strS("abc"), strS(""))
	f(`["1","2"]`, strL(102), strS("0"))
	strWant(t, strNull(value.Dynamic), "split", strS("a_b"), strS("_"), strNull(value.Long))
}

func TestHasAnyIndex(t *testing.T) {
	f := func(want int64, src string, values value.Value) {
		t.Helper()
		strWant(t, strL(want), "has_any_index", strS(src), values)
	}
	f(0, "this is an example", strJ(t, `["this","example"]`))
	f(1, "this is an example", strJ(t, `["not","example"]`))
	f(-1, "this is an example", strJ(t, `["not","found"]`))
	f(1, "Example number 2", strJ(t, `[1,2,3]`))
	f(-1, "this is an example", strJ(t, `[]`))
	f(-1, "this is an example", strNull(value.Dynamic))
	f(0, "THIS is", strJ(t, `["this"]`))
	strCheckErr(t, "has_any_index", strS("a"), strS("a"))
}

func TestCodepoints(t *testing.T) {
	f := func(want string, args ...value.Value) {
		t.Helper()
		strWant(t, strS(want), "unicode_codepoints_to_string", args...)
	}
	f("Kusto", strL(75), strL(117), strL(115), strL(116), strL(111))
	f("Kusto", strJ(t, `[75,117,115,116,111]`))
	f("Kusto", strJ(t, `[75,117,115]`), strL(116), strL(111))
	f("K\nu", strL(75), strL(10), strL(117))
	f("€", strI(8364))
	f("", strL(-1))
	f("", strL(0xD800))
	f("", strL(0x110000))
	f("", strJ(t, `["x"]`))
	strWant(t, strS("ab"), "make_string", strL(97), strL(98))
	strCheckErr(t, "unicode_codepoints_to_string", strS("a"))

	g := func(src, want string) {
		t.Helper()
		strWant(t, strJ(t, want), "unicode_codepoints_from_string", strS(src))
	}
	g("⒦⒰⒮⒯⒪", `[9382,9392,9390,9391,9386]`)
	g("קוסטו - Kusto", `[1511,1493,1505,1496,1493,32,45,32,75,117,115,116,111]`)
	g("", `[]`)
	strWant(t, strJ(t, `[65]`), "to_utf8", strS("A"))
}

func TestSmallStringFunctions(t *testing.T) {
	strWant(t, strB(true), "isascii", strS("abc ~"))
	strWant(t, strB(false), "isascii", strS("abc é"))
	strWant(t, strB(true), "isascii", strS(""))
	strWant(t, strB(true), "isutf8", strS("abc é"))
	strWant(t, strB(false), "isutf8", strS("abc \xff"))
	strWant(t, strL(-1), "strcmp", strS("a"), strS("b"))
	strWant(t, strL(0), "strcmp", strS("a"), strS("a"))
	strWant(t, strL(1), "strcmp", strS("b"), strS("a"))
	strWant(t, strL(1), "strcmp", strS("abc"), strS("ab"))
	strWant(t, strS(`\(so\$me\.Te\^xt\)`), "regex_quote", strS("(so$me.Te^xt)"))
}

func TestSplitInvalidUTF8(t *testing.T) {
	var buf []byte
	d := strSplitDyn("a\xff_b", "_", &buf)
	if d.Len() != 2 || d.Index(0).AsString() != "a\xff" || d.Index(1).AsString() != "b" {
		t.Errorf("split of invalid UTF-8 = %s", d.JSON())
	}
	re, _ := strCompileRegex(`(\w+)`)
	e := strExtractAll(re, []int{1}, "ab\xffcd", &buf)
	if e.Len() != 2 || e.Index(1).AsString() != "cd" {
		t.Errorf("extract_all of invalid UTF-8 = %s", e.JSON())
	}
}
