package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestExtract(t *testing.T) {
	f := func(want value.Value, args ...value.Value) {
		t.Helper()
		strWant(t, want, "extract", args...)
	}
	text := strS("User: James, Email: James@example.com, Age: 29")
	f(strS("James"), strS("User: ([^,]+)"), strL(1), text)
	f(strS("James@example.com"), strS(`Email: (\S+),`), strL(1), text)
	f(strS("29"), strS(`\d+`), strL(0), text)
	f(strS(""), strS(`Email: (\S+),`), strL(1), strS("User: David, Age: 35"))
	f(strS("3456"), strS("^.{2,2}(.{4,4})"), strL(1), strS("123456789"))
	// Conversion with a type literal.
	f(strR(123.45), strS(`Duration=([0-9.]+)`), strL(1), strS("A=1, B=2, Duration=123.45, ..."), strS("real"))
	f(strI(7), strS(`-(\d{2})-`), strL(1), strS("21-07-2023"), strS("int"))
	f(strL(12), strS(`-(\d{2})-`), strL(1), strS("15-12-2024"), strS("long"))
	f(strNull(value.Long), strS(`(\w+)`), strL(1), strS("abc"), strS("long"))
	f(strNull(value.Long), strS(`(\d+)`), strL(1), strS("none"), strS("long"))
	f(strB(true), strS(`ok=(\w+)`), strL(1), strS("ok=true"), strS("bool"))
	f(value.NewTimeSpan(90*value.TicksPerSecond), strS(`t=(\S+)`), strL(1), strS("t=00:01:30"), strS("timespan"))
	f(strJ(t, `[1,2]`), strS(`j=(\S+)`), strL(1), strS("j=[1,2]"), strS("dynamic"))
	f(strS("x"), strS(`(x)`), strL(1), strS("x"), strS("string"))
	// A type literal passed as a typed constant works too.
	f(strNull(value.Long), strS(`(\d+)`), strL(1), strS("none"), strNull(value.Long))
	// Group out of range, unmatched optional group, null group.
	f(strS(""), strS(`(a)`), strL(2), strS("a"))
	f(strS(""), strS(`(a)|(b)`), strL(2), strS("a"))
	f(strS(""), strS(`(a)`), strNull(value.Long), strS("a"))
	// The source is converted to a string.
	f(strS("23"), strS(`2\d`), strL(0), strL(1234))
	strCheckErr(t, "extract", strS("("), strL(0), strS("x"))
	strCheckErr(t, "extract", strS("a"), strS("x"), strS("x"))
	if typ, err := Lookup("extract").Check([]Arg{{Type: value.String}, {Type: value.Long}, {Type: value.String}, {Type: value.Real, Const: &value.Value{T: value.Real, Null: true}}}); err != nil || typ != value.Real {
		t.Errorf("extract with a typed type literal: %v %v", typ, err)
	}
}

func TestExtractAll(t *testing.T) {
	f := func(want string, args ...value.Value) {
		t.Helper()
		var w value.Value
		if want == "null" {
			w = strNull(value.Dynamic)
		} else {
			w = strJ(t, want)
		}
		strWant(t, w, "extract_all", args...)
	}
	id := strS("82b8be2d-dfa7-4bd1-8f63-24ad26d31449")
	f(`["123","567","789"]`, strS(`(\d+)`), strS("a set of numbers: 123, 567 and 789"))
	f(`["82","b8","be","2d","df","a7","4b","d1","8f","63","24","ad","26","d3","14","49"]`, strS(`([\da-f]{2})`), id)
	f(`[["8","2b8be2","d"],["d","fa","7"],["4","bd","1"],["8","f6","3"],["2","4ad26d3144","9"]]`, strS(`(\w)(\w+)(\w)`), id)
	f(`[["8","d"],["d","7"],["4","1"],["8","3"],["2","9"]]`, strS(`(\w)(\w+)(\w)`), strJ(t, `[1,3]`), id)
	f(`[["8","2b8be2","d"],["d","fa","7"],["4","bd","1"],["8","f6","3"],["2","4ad26d3144","9"]]`,
		strS(`(?P<first>\w)(?P<middle>\w+)(?P<last>\w)`), strJ(t, `["first",2,"last"]`), id)
	f(`["d","7","1","3","9"]`, strS(`(?<first>\w)(\w+)(?<last>\w)`), strJ(t, `["last"]`), id)
	f("null", strS(`(\d+)`), strS("no digits"))
	f("null", strS(`(\d+)`), strS(""))
	f(`["a",""]`, strS(`(a)|b`), strS("ab"))
	// The seed query's use: every command= parameter of a request URI.
	f(`["sh","-c","echo%20hi"]`, strS(`command=([^\&]*)`),
		strS("/api/v1/namespaces/kube-system/pods/p/exec?command=sh&command=-c&command=echo%20hi&container=c&stdin=true"))
	strCheckErr(t, "extract_all", strS(`\d+`), strS("1"))                  // no capture group
	strCheckErr(t, "extract_all", strS(`(`), strS("1"))                    // invalid
	strCheckErr(t, "extract_all", strS(`(\d)`), strJ(t, `[2]`), strS("1")) // group out of range
	strCheckErr(t, "extract_all", strS(`(\d)`), strJ(t, `["nope"]`), strS("1"))
	strCheckErr(t, "extract_all", strS(`(\d)`), strS("1"), strS("1"))
	strWant(t, strJ(t, `["1"]`), "extractall", strS(`(\d)`), strS("1"))
}

func TestReplaceRegex(t *testing.T) {
	f := func(want string, name string, args ...value.Value) {
		t.Helper()
		strWant(t, strS(want), name, args...)
	}
	f("Number was: 1", "replace_regex", strS("Number is 1"), strS(`is (\d+)`), strS(`was: \1`))
	f("[abc]", "replace_regex", strS("abc"), strS(`.+`), strS(`[\0]`))
	f("-a-b-c-", "replace_regex", strS("abc"), strS(``), strS(`-`))
	f("b-a", "replace_regex", strS("a-b"), strS(`(\w)-(\w)`), strS(`\2-\1`))
	f(`x\y`, "replace_regex", strS("xy"), strS(`x`), strS(`x\\`))
	f("$1", "replace_regex", strS("a"), strS(`(a)`), strS(`$1`)) // $ is literal
	f("unchanged", "replace_regex", strS("unchanged"), strS(`\d`), strS(`#`))
	f("AxBx", "replace_regex", strS("A1B22"), strS(`\d+`), strS(`x`))
	f("a", "replace_regex", strS("a"), strS(`(a)`), strS(`\5`)) // a missing group is empty
	f("ab", "replace_regex", strS("a\nb"), strS(`(?s)\n`), strS(``))
	// The deprecated replace() takes (regex, rewrite, source).
	f("Number was: 2", "replace", strS(`is (\d+)`), strS(`was: \1`), strS("Number is 2"))
	strCheckErr(t, "replace_regex", strS("x"), strS("("), strS(""))
}

func TestTrim(t *testing.T) {
	f := func(want string, name string, pattern, src string) {
		t.Helper()
		strWant(t, strS(want), name, strS(pattern), strS(src))
	}
	f("https://bing.com", "trim", "--", "--https://bing.com--")
	f("Te st1", "trim", `[^\w]+`, "- Te st1// $")
	f("Hello, world!", "trim", `\s+`, "   Hello, world!   ")
	f("bing.com", "trim_start", "https://", "https://bing.com")
	f("Te st1// $", "trim_start", `[^\w]+`, "- Te st1// $")
	f("Hello, world!   ", "trim_start", `\s+`, "   Hello, world!   ")
	f("https://bing", "trim_end", ".com", "https://bing.com")
	f("- Te st1", "trim_end", `[^\w]+`, "- Te st1// $")
	f("   Hello, world!", "trim_end", `\s+`, "   Hello, world!   ")
	f("b", "trim", "a", "aaabaaa") // every leading and trailing match
	f("b", "trim", "ab|a", "ababbaa")
	f("", "trim", `\d`, "123")
	f("abc", "trim", "", "abc")
	f("abc", "trim", `x*`, "abc")
	strCheckErr(t, "trim", strS("("), strS("x"))
}

func TestTrimDotIsRegex(t *testing.T) {
	strWant(t, strS(""), "trim", strS("."), strS("--x--"))
	strWant(t, strS("com"), "trim_start", strS(`\w+\.`), strS("www.bing.com"))
}

func TestCountOf(t *testing.T) {
	f := func(want int64, args ...value.Value) {
		t.Helper()
		strWant(t, strL(want), "countof", args...)
	}
	f(3, strS("aaa"), strS("a"))
	f(3, strS("aaaa"), strS("aa"))
	f(2, strS("ababa"), strS("ab"), strS("normal"))
	f(2, strS("ababa"), strS("aba"))
	f(1, strS("ababa"), strS("aba"), strS("regex"))
	f(2, strS("abcabc"), strS("a.c"), strS("regex"))
	f(3, strS("Hello, world!"), strS("l"))
	f(1, strS("Hello, world!"), strS("ll"))
	f(6, strS("abcdefedcba"), strS("[abc]"), strS("regex"))
	f(2, strS("abc1234abcd1234"), strS("[0-9]+"), strS("regex"))
	f(0, strS("abc"), strS(""))
	f(3, strS("ääää"), strS("ää"), strS("normal"))
	strCheckErr(t, "countof", strS("a"), strS("a"), strS("fuzzy"))
	strCheckErr(t, "countof", strS("a"), strS("("), strS("regex"))
}

func TestIndexOfRegex(t *testing.T) {
	f := func(want value.Value, args ...value.Value) {
		t.Helper()
		strWant(t, want, "indexof_regex", args...)
	}
	f(strL(0), strS("abcabc"), strS(`a.c`))
	f(strL(3), strS("abcabcdefg"), strS(`a.c`), strL(0), strL(9), strL(2))
	f(strL(-1), strS("abcabc"), strS(`a.c`), strL(1), strL(-1), strL(2))
	f(strL(-1), strS("ababaa"), strS(`a.a`), strL(0), strL(-1), strL(2))
	f(strNull(value.Long), strS("abcabc"), strS(`a|ab`), strL(-1))
	f(strL(2), strS("ääb"), strS(`b`))
}

func TestRegexCacheBounded(t *testing.T) {
	for i := 0; i < strMaxCachedRegexes+10; i++ {
		if _, err := strCompileRegex("x" + string(rune('a'+i%26)) + value.NewLong(int64(i)).String()); err != nil {
			t.Fatal(err)
		}
	}
	if n := strRegexCache.n.Load(); n > strMaxCachedRegexes {
		t.Errorf("cache holds %d entries, bound is %d", n, strMaxCachedRegexes)
	}
}
