package fn

import (
	"testing"

	"github.com/harrier-sec/harrier/internal/value"
)

func TestStringOperatorsDocExamples(t *testing.T) {
	// The "yields true" column of Kusto's string operator table.
	f := func(lhs, op, rhs string) {
		t.Helper()
		strWant(t, strB(true), op, strS(lhs), strS(rhs))
	}
	f("abc", "=~", "ABC")
	f("aBc", "!~", "xyz")
	f("North America", "has", "america")
	f("North America", "!has", "amer")
	f("North America", "has_cs", "America")
	f("North America", "!has_cs", "amer")
	f("North America", "hasprefix", "ame")
	f("North America", "!hasprefix", "mer")
	f("North America", "hasprefix_cs", "Ame")
	f("North America", "!hasprefix_cs", "CA")
	f("North America", "hassuffix", "ica")
	f("North America", "!hassuffix", "americ")
	f("North America", "hassuffix_cs", "ica")
	f("North America", "!hassuffix_cs", "icA")
	f("FabriKam", "contains", "BRik")
	f("Fabrikam", "!contains", "xyz")
	f("FabriKam", "contains_cs", "Kam")
	f("Fabrikam", "!contains_cs", "Kam")
	f("Fabrikam", "startswith", "fab")
	f("Fabrikam", "!startswith", "kam")
	f("Fabrikam", "startswith_cs", "Fab")
	f("Fabrikam", "!startswith_cs", "fab")
	f("Fabrikam", "endswith", "Kam")
	f("Fabrikam", "!endswith", "brik")
	f("Fabrikam", "endswith_cs", "kam")
	f("Fabrikam", "!endswith_cs", "brik")
	f("Fabrikam", "matches regex", "b.*k")
}

func TestStringOperators(t *testing.T) {
	f := func(lhs, op, rhs string, want bool) {
		t.Helper()
		strWant(t, strB(want), op, strS(lhs), strS(rhs))
		// The negated operator must say the opposite.
		neg := "!" + op
		if op == "=~" {
			neg = "!~"
		}
		if op != "matches regex" {
			strWant(t, strB(!want), neg, strS(lhs), strS(rhs))
		}
	}
	// Terms are maximal runs of ASCII letters and digits.
	const guid = "Kusto:  ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;;WilliamGates3rd"
	f(guid, "has", "kusto", true)
	f(guid, "has", "c1db", true)
	f(guid, "has", "williamgates3rd", true)
	f(guid, "has", "william", false)
	f(guid, "has", "gates3rd", false)
	f(guid, "has", "ad67d136-c1db", true) // a sequence of terms
	f(guid, "has", "67d136-c1db", false)
	f(guid, "has", "c1db-4f9", false)
	f(guid, "has", ";;William", false)
	f(guid, "has", "-c1db-", true)
	f(guid, "has", "db-4f", false)
	f(guid, "hasprefix", "will", true)
	f(guid, "hasprefix", "illiam", false)
	f(guid, "hassuffix", "3rd", true)
	f(guid, "hassuffix", "gates", false)
	f(guid, "hasprefix", "c1db-4f", true)
	f(guid, "hassuffix", "db-4f9f", true)
	// Short needles follow the same rules (Kusto only scans instead of
	// using its index).
	f("a b cd", "has", "cd", true)
	f("a b cd", "has", "c", false)
	f("a b cd", "has", "b", true)
	f("x1", "has", "x1", true)
	f("", "has", "", true)
	f("abc", "has", "", true)
	f("", "has", "a", false)
	// Non-ASCII characters separate terms.
	f("naïve café", "has", "caf", true)
	f("naïve café", "has", "ve", true)
	// Case folding.
	f("NORTH america", "has", "North", true)
	f("NORTH america", "has_cs", "North", false)
	f("ÄRGER über", "has", "über", true) // the needle is not ASCII
	f("ÄRGER ÜBER", "contains", "über", true)
	f("ärger", "contains", "ÄRG", true)
	f("ÄRGER", "=~", "ärger", true)
	f("ΣΊΣΥΦΟΣ", "=~", "σίσυφος", true)
	f("straße", "=~", "STRASSE", false) // one character never folds to two
	f("İ", "=~", "i", false)
	// Overlapping candidates.
	f("aaab", "contains", "aab", true)
	f("AaAaB", "contains", "aab", true)
	f("abcabd", "contains_cs", "abd", true)
	f("xamerica america", "has", "america", true)
	f("xamerica americax", "has", "america", false)
	f("AMERICAs america", "has_cs", "america", true)
	// startswith / endswith.
	f("", "startswith", "", true)
	f("ab", "startswith", "abc", false)
	f("ÄBC", "startswith", "äb", true)
	f("xyzÄB", "endswith", "äb", true)
	f("b", "endswith", "ab", false)
	// contains with an empty needle.
	f("", "contains", "", true)
	f("abc", "contains_cs", "", true)
	// =~ is whole-string equality.
	f("abc", "=~", "ab", false)
	f("", "=~", "", true)
	// matches regex is an unanchored search.
	f("abc", "matches regex", "^b", false)
	f("abc", "matches regex", "b", true)
	f("ABC", "matches regex", "(?i)b", true)
}

func TestStringOperatorsConvertOperands(t *testing.T) {
	f := func(op string, lhs, rhs value.Value, want bool) {
		t.Helper()
		strWant(t, strB(want), op, lhs, rhs)
	}
	// A dynamic number is compared as its text (tostring).
	f("startswith", strJ(t, `201`), strS("20"), true)
	f("!startswith", strJ(t, `201`), strS("20"), false)
	f("has", strJ(t, `["test","example"]`), strS("test"), true)
	f("has", strJ(t, `{"a":"North America"}`), strS("america"), true)
	f("contains", strL(12345), strS("234"), true)
	f("has", strL(12345), strS("234"), false)
	f("endswith", strR(2.5), strS(".5"), true)
	f("=~", strB(true), strS("TRUE"), true)
	f("startswith", strS("20"), strL(2), true)
	// A null converts to the empty string.
	f("has", strNull(value.Dynamic), strS("x"), false)
	f("!has", strNull(value.Dynamic), strS("x"), true)
	f("contains", strNull(value.Long), strS(""), true)
	f("startswith", strJ(t, `"abc"`), strS("AB"), true)
}

func TestStringOperatorVaryingNeedle(t *testing.T) {
	// Needles that change from row to row exercise the per-row path.
	s := Lookup("has")
	lhs := strVecOf(value.String, strS("North America"), strS("South America"), strS("North Pole"), strS("x"))
	rhs := strVecOf(value.String, strS("north"), strS("north"), strS("pole"), strS(""))
	res := s.Eval(&Context{}, []*value.Vector{lhs, rhs}, 4, nil)
	want := []bool{true, false, true, true}
	for i, w := range want {
		if res.B[i] != w {
			t.Errorf("row %d: got %v, want %v", i, res.B[i], w)
		}
	}
	res = s.Eval(&Context{}, []*value.Vector{lhs, rhs}, 4, []int32{2})
	if !res.B[2] || res.B[0] || res.B[1] || res.B[3] {
		t.Errorf("selection: got %v, want only row 2 set", res.B)
	}
}

func TestStringOperatorCheck(t *testing.T) {
	strCheckErr(t, "matches regex", strS("a"), strS("(")) // invalid constant regex
	strCheckErr(t, "has", strS("a"))                      // one operand
	if _, err := Lookup("has").Check([]Arg{{Type: value.Dynamic}, {Type: value.String}}); err != nil {
		t.Errorf("has(dynamic, string): %v", err)
	}
}

func TestExportedPredicates(t *testing.T) {
	f := func(got, want bool) {
		t.Helper()
		if got != want {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	f(HasTerm("North America", "america", false), true)
	f(HasTerm("North America", "america", true), false)
	f(HasTerm("North America", "amer", false), false)
	f(HasPrefixTerm("North America", "AME", false), true)
	f(HasPrefixTerm("North America", "AME", true), false)
	f(HasSuffixTerm("North America", "ICA", false), true)
	f(HasSuffixTerm("North America", "ric", false), false)
	f(ContainsFold("FabriKam", "BRIK"), true)
	f(ContainsFold("Fabrikam", "xyz"), false)
	f(ContainsFold("", ""), true)
	f(EqualFold("Kusto", "KUSTO"), true)
	f(EqualFold("Kusto", "Kust"), false)
	f(EqualFold("Ünïcode", "üNÏCODE"), true)
	m := NewTermMatcher("c1db", TermWhole, false)
	f(m.Match("ad67d136-C1DB-4f9f"), true)
	f(m.Match("ad67d136-C1DBx-4f9f"), false)
}

func TestFoldHelpers(t *testing.T) {
	f := func(h, needle string, start, end int) {
		t.Helper()
		n := strMakeFoldNeedle(needle)
		s, e := n.index(h, 0)
		if s != start || (start >= 0 && e != end) {
			t.Errorf("index(%q, %q) = %d,%d; want %d,%d", h, needle, s, e, start, end)
		}
	}
	f("hello", "LL", 2, 4)
	f("hello", "lo", 3, 5)
	f("hello", "xyz", -1, -1)
	f("hello", "hello!", -1, -1)
	f("HeLLo", "hello", 0, 5)
	f("ab12", "12", 2, 4)
	f("xÄbc", "äB", 1, 4)
	f("ſ", "s", -1, -1) // no cross-script folding for ASCII needles
	f("", "", 0, 0)
	if !strIsASCII("plain ascii text of some length") || strIsASCII("almost ascii but not é") {
		t.Error("strIsASCII")
	}
}
