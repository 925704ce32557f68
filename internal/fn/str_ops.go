package fn

import (
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// Kusto's string operators. Both sides are converted with tostring(), so a
// dynamic number 201 startswith "20". None of them yields null: a null
// converts to "".
//
// The has family matches terms: maximal runs of ASCII letters and digits.
// A needle matches where it occurs in the haystack with term boundaries
// around it: before it when it starts with a term character, after it when
// it ends with one. So a needle made of several terms and separators
// ("ad67d136-c1db") matches that same sequence, and a needle shorter than
// three characters behaves like any other (Kusto then scans instead of using
// its term index, which changes speed, not results). hasprefix checks only
// the boundary before, hassuffix only the one after. An empty needle
// matches everything, as with contains.

// TermMode selects which term boundaries a TermMatcher checks.
type TermMode uint8

// The has-family match modes.
const (
	TermWhole  TermMode = iota // has: whole terms
	TermPrefix                 // hasprefix: a term prefix
	TermSuffix                 // hassuffix: a term suffix
)

// TermMatcher is a needle prepared for the has family of operators, so
// that callers matching one needle against many rows (has_any, has_all)
// prepare it once.
type TermMatcher struct {
	needle     string
	fold       strFoldNeedle
	cs         bool
	checkStart bool
	checkEnd   bool
}

// NewTermMatcher prepares needle for matching in the given mode.
func NewTermMatcher(needle string, mode TermMode, caseSensitive bool) TermMatcher {
	m := TermMatcher{needle: needle, cs: caseSensitive}
	if !caseSensitive {
		m.fold = strMakeFoldNeedle(needle)
	}
	if needle != "" {
		startTerm := strIsTermByte[needle[0]]
		endTerm := strIsTermByte[needle[len(needle)-1]]
		m.checkStart = startTerm && mode != TermSuffix
		m.checkEnd = endTerm && mode != TermPrefix
	}
	return m
}

// Match reports whether the prepared needle matches in h.
func (m *TermMatcher) Match(h string) bool {
	if m.needle == "" {
		return true
	}
	var sc strFoldScan
	foldASCII := !m.cs && m.fold.ascii
	if foldASCII {
		sc = m.fold.scan(h)
	}
	from := 0
	for {
		var s, e int
		switch {
		case foldASCII:
			if s = sc.next(from); s < 0 {
				return false
			}
			e = s + len(m.needle)
		case m.cs:
			j := strings.Index(h[from:], m.needle)
			if j < 0 {
				return false
			}
			s = from + j
			e = s + len(m.needle)
		default:
			if s, e = m.fold.index(h, from); s < 0 {
				return false
			}
		}
		if (!m.checkStart || s == 0 || !strIsTermByte[h[s-1]]) &&
			(!m.checkEnd || e == len(h) || !strIsTermByte[h[e]]) {
			return true
		}
		if m.checkStart {
			// No match can start inside the term the candidate sits in.
			s++
			for s < len(h) && strIsTermByte[h[s]] {
				s++
			}
			from = s
		} else {
			from = s + 1
		}
		if from > len(h) {
			return false
		}
	}
}

// HasTerm reports whether needle is a whole term (or sequence of terms) of
// haystack: Kusto's has and has_cs.
func HasTerm(haystack, needle string, caseSensitive bool) bool {
	m := NewTermMatcher(needle, TermWhole, caseSensitive)
	return m.Match(haystack)
}

// HasPrefixTerm reports whether needle is a prefix of a term of haystack:
// Kusto's hasprefix and hasprefix_cs.
func HasPrefixTerm(haystack, needle string, caseSensitive bool) bool {
	m := NewTermMatcher(needle, TermPrefix, caseSensitive)
	return m.Match(haystack)
}

// HasSuffixTerm reports whether needle is a suffix of a term of haystack:
// Kusto's hassuffix and hassuffix_cs.
func HasSuffixTerm(haystack, needle string, caseSensitive bool) bool {
	m := NewTermMatcher(needle, TermSuffix, caseSensitive)
	return m.Match(haystack)
}

// strMatcherFor builds the per-needle predicate of one operator.
type strMatcherFor func(needle string) func(h string) bool

func strTermOp(mode TermMode, cs bool) strMatcherFor {
	return func(needle string) func(string) bool {
		m := NewTermMatcher(needle, mode, cs)
		return m.Match
	}
}

func strContainsOp(cs bool) strMatcherFor {
	if cs {
		return func(needle string) func(string) bool {
			return func(h string) bool { return strings.Contains(h, needle) }
		}
	}
	return func(needle string) func(string) bool {
		f := strMakeFoldNeedle(needle)
		return func(h string) bool {
			i, _ := f.index(h, 0)
			return i >= 0
		}
	}
}

func strStartsWithOp(cs bool) strMatcherFor {
	if cs {
		return func(needle string) func(string) bool {
			return func(h string) bool { return strings.HasPrefix(h, needle) }
		}
	}
	return func(needle string) func(string) bool {
		if strIsASCII(needle) {
			return func(h string) bool {
				return len(needle) <= len(h) && strEqualFoldASCIIBytes(h[:len(needle)], needle)
			}
		}
		return func(h string) bool { return strHasPrefixFold(h, needle) }
	}
}

func strEndsWithOp(cs bool) strMatcherFor {
	if cs {
		return func(needle string) func(string) bool {
			return func(h string) bool { return strings.HasSuffix(h, needle) }
		}
	}
	return func(needle string) func(string) bool {
		if strIsASCII(needle) {
			return func(h string) bool {
				return len(needle) <= len(h) && strEqualFoldASCIIBytes(h[len(h)-len(needle):], needle)
			}
		}
		return func(h string) bool { return strHasSuffixFold(h, needle) }
	}
}

func strEqualFoldOp(needle string) func(string) bool {
	return func(h string) bool { return EqualFold(h, needle) }
}

func strMatchesRegexOp(pattern string) func(string) bool {
	re, err := strCompileRegex(pattern)
	if err != nil {
		return func(string) bool { return false }
	}
	return re.MatchString
}

// strBinaryPredicate is the kernel shared by the string operators. A constant
// right-hand side (the usual case) is prepared once; otherwise the matcher
// is rebuilt only when the needle changes from one row to the next.
func strBinaryPredicate(build strMatcherFor, negate bool) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.Bool, n)
		out := res.B
		h := newStrArg(args[0])
		if args[1].Const {
			m := build(args[1].AsString(0))
			switch {
			case h.c:
				strFillBool(out, n, sel, m(h.cs) != negate)
			case h.plain && sel == nil:
				for i, s := range h.s[:n] {
					out[i] = m(s) != negate
				}
			case h.plain:
				for _, i := range sel {
					out[i] = m(h.s[i]) != negate
				}
			default:
				ForRows(n, sel, func(i int) { out[i] = m(h.at(i)) != negate })
			}
			return res
		}
		nd := newStrArg(args[1])
		var m func(string) bool
		last := ""
		ForRows(n, sel, func(i int) {
			needle := nd.at(i)
			if m == nil || needle != last {
				m, last = build(needle), needle
			}
			out[i] = m(h.at(i)) != negate
		})
		return res
	}
}

// strCheckBinary is the Check of the string operators: any two operands
// (converted with tostring), a bool result.
func strCheckBinary(args []Arg) (value.Type, error) {
	if len(args) != 2 {
		return value.Unknown, Errorf("expects 2 operands, got %d", len(args))
	}
	return value.Bool, nil
}

func strRegisterStringOp(name, doc string, build strMatcherFor) {
	Register(&Scalar{
		Name: name, MinArgs: 2, MaxArgs: 2,
		Check: strCheckBinary,
		Eval:  strBinaryPredicate(build, false),
		Doc:   doc,
	})
	Register(&Scalar{
		Name: "!" + name, MinArgs: 2, MaxArgs: 2,
		Check: strCheckBinary,
		Eval:  strBinaryPredicate(build, true),
		Doc:   "negation of " + name + ": " + doc,
	})
}

func init() {
	strRegisterStringOp("has", "the right side is a whole term of the left side (case-insensitive)", strTermOp(TermWhole, false))
	strRegisterStringOp("has_cs", "the right side is a whole term of the left side (case-sensitive)", strTermOp(TermWhole, true))
	strRegisterStringOp("hasprefix", "the right side is a term prefix in the left side (case-insensitive)", strTermOp(TermPrefix, false))
	strRegisterStringOp("hasprefix_cs", "the right side is a term prefix in the left side (case-sensitive)", strTermOp(TermPrefix, true))
	strRegisterStringOp("hassuffix", "the right side is a term suffix in the left side (case-insensitive)", strTermOp(TermSuffix, false))
	strRegisterStringOp("hassuffix_cs", "the right side is a term suffix in the left side (case-sensitive)", strTermOp(TermSuffix, true))
	strRegisterStringOp("contains", "the right side occurs in the left side (case-insensitive)", strContainsOp(false))
	strRegisterStringOp("contains_cs", "the right side occurs in the left side (case-sensitive)", strContainsOp(true))
	strRegisterStringOp("startswith", "the left side starts with the right side (case-insensitive)", strStartsWithOp(false))
	strRegisterStringOp("startswith_cs", "the left side starts with the right side (case-sensitive)", strStartsWithOp(true))
	strRegisterStringOp("endswith", "the left side ends with the right side (case-insensitive)", strEndsWithOp(false))
	strRegisterStringOp("endswith_cs", "the left side ends with the right side (case-sensitive)", strEndsWithOp(true))
	Register(&Scalar{
		Name: "=~", MinArgs: 2, MaxArgs: 2,
		Check: strCheckBinary,
		Eval:  strBinaryPredicate(strEqualFoldOp, false),
		Doc:   "case-insensitive string equality",
	})
	Register(&Scalar{
		Name: "!~", MinArgs: 2, MaxArgs: 2,
		Check: strCheckBinary,
		Eval:  strBinaryPredicate(strEqualFoldOp, true),
		Doc:   "case-insensitive string inequality",
	})
	Register(&Scalar{
		Name: "matches regex", MinArgs: 2, MaxArgs: 2,
		Check: func(args []Arg) (value.Type, error) {
			if _, err := strCheckBinary(args); err != nil {
				return value.Unknown, err
			}
			if err := strCheckConstRegex(args[1]); err != nil {
				return value.Unknown, err
			}
			return value.Bool, nil
		},
		Eval: strBinaryPredicate(strMatchesRegexOp, false),
		Doc:  "the left side matches the regular expression on the right side",
	})
}
