package fn

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/value"
)

// Regex-based string functions: extract, extract_all, replace_regex (and the
// deprecated replace), trim/trim_start/trim_end, countof, indexof_regex.

// strTypeLiteralType resolves the typeof(T) argument of extract. The analyzer
// passes a type literal as a constant string naming the type; a constant of
// the type itself (such as long(null)) is accepted too.
func strTypeLiteralType(a Arg) (value.Type, bool) {
	if a.Const != nil && a.Const.T == value.String && !a.Const.Null {
		if t, ok := value.ParseType(strings.TrimSpace(a.Const.S)); ok {
			return t, true
		}
		if s := strings.TrimSpace(a.Const.S); strings.HasPrefix(s, "typeof(") && strings.HasSuffix(s, ")") {
			return value.ParseType(strings.TrimSpace(s[len("typeof(") : len(s)-1]))
		}
	}
	if a.Const != nil && a.Type != value.Unknown {
		return a.Type, true
	}
	return value.Unknown, false
}

// strTypeLiteralOf is strTypeLiteralType for a vector at evaluation time;
// row is any row to compute (the literal is the same in all of them).
func strTypeLiteralOf(v *value.Vector, row int) value.Type {
	if v.T == value.String {
		s := strings.TrimSpace(v.AsString(row))
		if t, ok := value.ParseType(s); ok {
			return t
		}
		if strings.HasPrefix(s, "typeof(") && strings.HasSuffix(s, ")") {
			if t, ok := value.ParseType(strings.TrimSpace(s[len("typeof(") : len(s)-1])); ok {
				return t
			}
		}
	}
	return v.T
}

// strPutConverted stores text converted to t at row i of res (null when it
// does not convert), as extract(..., typeof(t)) does.
func strPutConverted(res *value.Vector, i int, t value.Type, text string) {
	s := strings.TrimSpace(text)
	switch t {
	case value.String:
		res.S[i] = text
	case value.Long, value.Int:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || math.IsNaN(f) || math.IsInf(f, 0) || f >= 9.3e18 || f <= -9.3e18 {
				res.SetNull(i)
				return
			}
			n = int64(f)
		}
		if t == value.Int && (n > math.MaxInt32 || n < math.MinInt32) {
			res.SetNull(i)
			return
		}
		res.I[i] = n
	case value.Real, value.Decimal:
		f, ok := strParseKustoReal(s)
		if !ok {
			res.SetNull(i)
			return
		}
		res.F[i] = f
	case value.Bool:
		b, ok := value.ParseBool(s)
		if !ok {
			res.SetNull(i)
			return
		}
		res.B[i] = b
	case value.DateTime:
		ticks, ok := value.ParseDateTime(s)
		if !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = ticks
	case value.TimeSpan:
		ticks, ok := value.ParseTimeSpan(s)
		if !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = ticks
	case value.GUID:
		g, ok := strParseGUID(s)
		if !ok {
			res.SetNull(i)
			return
		}
		res.S[i] = g
	case value.Dynamic:
		if d, ok := value.ParseJSON(text); ok {
			res.D[i] = d
		} else {
			res.D[i] = value.DynString(text)
		}
	default:
		res.SetNull(i)
	}
}

// strParseKustoReal parses a real, including the spellings Kusto prints.
func strParseKustoReal(s string) (float64, bool) {
	switch s {
	case "NaN":
		return math.NaN(), true
	case "Infinity", "+Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// strParseGUID accepts the canonical 8-4-4-4-12 form (optionally in braces or
// parentheses) and 32 bare hex digits, and returns lower-case canonical
// text.
func strParseGUID(s string) (string, bool) {
	if len(s) == 38 && (s[0] == '{' && s[37] == '}' || s[0] == '(' && s[37] == ')') {
		s = s[1:37]
	}
	var hex [32]byte
	k := 0
	switch len(s) {
	case 36:
		for i := 0; i < 36; i++ {
			c := s[i]
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if c != '-' {
					return "", false
				}
				continue
			}
			if !strIsHex(c) {
				return "", false
			}
			hex[k] = strLowerASCII[c]
			k++
		}
	case 32:
		for i := 0; i < 32; i++ {
			if !strIsHex(s[i]) {
				return "", false
			}
			hex[i] = strLowerASCII[s[i]]
		}
	default:
		return "", false
	}
	h := string(hex[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], true
}

func strIsHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// extract(regex, captureGroup, source [, typeof(T)])
func strCheckExtract(args []Arg) (value.Type, error) {
	if err := strCheckArity(args, 3, 4); err != nil {
		return value.Unknown, err
	}
	if err := strCheckConstRegex(args[0]); err != nil {
		return value.Unknown, err
	}
	if !KInteger.Accepts(args[1].Type) {
		return value.Unknown, Errorf("argument #2 (captureGroup) must be an integer, got %s", args[1].Type)
	}
	if len(args) == 4 {
		t, ok := strTypeLiteralType(args[3])
		if !ok {
			return value.Unknown, Errorf("argument #4 must be a type literal such as typeof(long)")
		}
		return t, nil
	}
	return value.String, nil
}

func strEvalExtract(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	t := value.String
	if len(args) == 4 {
		t = strTypeLiteralOf(args[3], strFirstRow(sel))
	}
	res := value.NewVector(t, n)
	rx := strNewRegexArg(args[0])
	src := newStrArg(args[2])
	grp := args[1]
	ForRows(n, sel, func(i int) {
		re := rx.at(i)
		g, ok := grp.AsLong(i)
		if re == nil || !ok || g < 0 || g > int64(re.NumSubexp()) {
			res.SetNull(i)
			return
		}
		s := src.at(i)
		loc := re.FindStringSubmatchIndex(s)
		if loc == nil || loc[2*g] < 0 {
			res.SetNull(i)
			return
		}
		strPutConverted(res, i, t, s[loc[2*g]:loc[2*g+1]])
	})
	return res
}

// extract_all(regex, [captureGroups,] source)

// strGroupSelection resolves the captureGroups argument of extract_all against
// a regex: indexes 1..NumSubexp or group names.
func strGroupSelection(re *regexp.Regexp, groups *value.Dyn) ([]int, error) {
	if groups == nil {
		out := make([]int, re.NumSubexp())
		for i := range out {
			out[i] = i + 1
		}
		return out, nil
	}
	if groups.Kind() != value.DArray {
		return nil, Errorf("captureGroups must be a dynamic array")
	}
	var out []int
	var err error
	groups.Elems(func(_ int, e *value.Dyn) bool {
		switch e.Kind() {
		case value.DLong, value.DReal:
			g, _ := value.DynAsLong(e)
			if g < 1 || g > int64(re.NumSubexp()) {
				err = Errorf("capture group %d is out of range 1..%d", g, re.NumSubexp())
				return false
			}
			out = append(out, int(g))
		case value.DString:
			g := re.SubexpIndex(e.AsString())
			if g < 0 {
				err = Errorf("the regular expression has no capture group named '%s'", e.AsString())
				return false
			}
			out = append(out, g)
		default:
			err = Errorf("captureGroups elements must be group numbers or names")
			return false
		}
		return true
	})
	if err == nil && len(out) == 0 {
		err = Errorf("captureGroups must not be empty")
	}
	return out, err
}

// strMaxExtractGroups is Kusto's limit on the capture groups of extract_all.
const strMaxExtractGroups = 16

func strCheckExtractAllRegex(re *regexp.Regexp) error {
	if n := re.NumSubexp(); n < 1 || n > strMaxExtractGroups {
		return Errorf("the regular expression must have between 1 and %d capture groups, it has %d", strMaxExtractGroups, n)
	}
	return nil
}

func strCheckExtractAll(args []Arg) (value.Type, error) {
	if err := strCheckArity(args, 2, 3); err != nil {
		return value.Unknown, err
	}
	if err := strCheckConstRegex(args[0]); err != nil {
		return value.Unknown, err
	}
	p, constRe := strConstString(args[0])
	var re *regexp.Regexp
	if constRe {
		re, _ = strCompileRegex(p)
		if err := strCheckExtractAllRegex(re); err != nil {
			return value.Unknown, err
		}
	}
	if len(args) == 3 {
		a := args[1]
		if a.Type != value.Dynamic && a.Type != value.Unknown {
			return value.Unknown, Errorf("argument #2 (captureGroups) must be a dynamic array, got %s", a.Type)
		}
		if re != nil && a.Const != nil {
			if _, err := strGroupSelection(re, a.Const.D); err != nil {
				return value.Unknown, err
			}
		}
	}
	return value.Dynamic, nil
}

func strEvalExtractAll(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	rx := strNewRegexArg(args[0])
	srcVec := args[len(args)-1]
	var groupsVec *value.Vector
	if len(args) == 3 {
		groupsVec = args[1]
	}
	src := newStrArg(srcVec)
	// The group selection depends only on the regex and the groups
	// argument; remember it for the last pair seen.
	var lastRe *regexp.Regexp
	var lastGroups *value.Dyn
	var sel1 []int
	var selErr error
	var buf []byte
	ForRows(n, sel, func(i int) {
		re := rx.at(i)
		if re == nil || strCheckExtractAllRegex(re) != nil {
			return
		}
		var groups *value.Dyn
		if groupsVec != nil {
			groups = groupsVec.AsDyn(i)
			if groups.IsNull() {
				return
			}
		}
		if re != lastRe || groups != lastGroups || sel1 == nil && selErr == nil {
			sel1, selErr = strGroupSelection(re, groups)
			lastRe, lastGroups = re, groups
		}
		if selErr != nil {
			return
		}
		res.D[i] = strExtractAll(re, sel1, src.at(i), &buf)
	})
	return res
}

// strExtractAll returns the matches of re in s for the selected groups: a
// flat array for one group, an array of arrays for several, nil (null) when
// nothing matches. The array is built as compact JSON text in buf (reused
// across rows), which costs two allocations per row instead of one per
// element.
func strExtractAll(re *regexp.Regexp, groups []int, s string, buf *[]byte) *value.Dyn {
	locs := re.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return nil
	}
	if !utf8.ValidString(s) {
		// Raw JSON must be valid; build the elements instead.
		items := make([]*value.Dyn, len(locs))
		for k, loc := range locs {
			if len(groups) == 1 {
				items[k] = value.DynString(strSubmatch(s, loc, groups[0]))
				continue
			}
			row := make([]*value.Dyn, len(groups))
			for j, g := range groups {
				row[j] = value.DynString(strSubmatch(s, loc, g))
			}
			items[k] = value.DynArray(row)
		}
		return value.DynArray(items)
	}
	b := append((*buf)[:0], '[')
	for k, loc := range locs {
		if k > 0 {
			b = append(b, ',')
		}
		if len(groups) == 1 {
			b = value.AppendJSONString(b, strSubmatch(s, loc, groups[0]))
			continue
		}
		b = append(b, '[')
		for j, g := range groups {
			if j > 0 {
				b = append(b, ',')
			}
			b = value.AppendJSONString(b, strSubmatch(s, loc, g))
		}
		b = append(b, ']')
	}
	b = append(b, ']')
	*buf = b
	return value.RawJSON(string(b))
}

// strSubmatch returns group g of a match, "" when the group did not take part.
func strSubmatch(s string, loc []int, g int) string {
	if loc[2*g] < 0 {
		return ""
	}
	return s[loc[2*g]:loc[2*g+1]]
}

// replace_regex(source, lookup_regex, rewrite_pattern) and the deprecated
// replace(regex, rewrite, source).

// strRewritePart is one piece of a parsed rewrite pattern: literal text, or a
// reference to a capture group (group >= 0).
type strRewritePart struct {
	lit   string
	group int
}

// strParseRewrite parses a rewrite pattern the way RE2's Rewrite does: \0..\9
// refer to capture groups and \\ is a backslash. Any other backslash is kept
// as it is.
func strParseRewrite(rw string) []strRewritePart {
	var parts []strRewritePart
	var lit strings.Builder
	for i := 0; i < len(rw); i++ {
		c := rw[i]
		if c != '\\' || i+1 == len(rw) {
			lit.WriteByte(c)
			continue
		}
		d := rw[i+1]
		switch {
		case d >= '0' && d <= '9':
			if lit.Len() > 0 {
				parts = append(parts, strRewritePart{lit: lit.String(), group: -1})
				lit.Reset()
			}
			parts = append(parts, strRewritePart{group: int(d - '0')})
			i++
		case d == '\\':
			lit.WriteByte('\\')
			i++
		default:
			lit.WriteByte(c)
		}
	}
	if lit.Len() > 0 {
		parts = append(parts, strRewritePart{lit: lit.String(), group: -1})
	}
	return parts
}

// strReplaceRegex replaces every non-overlapping match of re in s. A
// rewrite that refers to a group the regex does not have is invalid (RE2
// rejects it) and leaves s unchanged.
func strReplaceRegex(re *regexp.Regexp, parts []strRewritePart, s string) string {
	for _, p := range parts {
		if p.group > re.NumSubexp() {
			return s
		}
	}
	locs := re.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := 0
	for _, loc := range locs {
		b.WriteString(s[prev:loc[0]])
		for _, p := range parts {
			if p.group < 0 {
				b.WriteString(p.lit)
			} else if loc[2*p.group] >= 0 {
				b.WriteString(s[loc[2*p.group]:loc[2*p.group+1]])
			}
		}
		prev = loc[1]
	}
	b.WriteString(s[prev:])
	return b.String()
}

// strReplaceRegexKernel evaluates replace_regex with the given argument
// positions for source, regex and rewrite.
func strReplaceRegexKernel(srcPos, rePos, rwPos int) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.String, n)
		rx := strNewRegexArg(args[rePos])
		src := newStrArg(args[srcPos])
		rw := newStrArg(args[rwPos])
		var parts []strRewritePart
		lastRw, parsed := "", false
		ForRows(n, sel, func(i int) {
			re := rx.at(i)
			s := src.at(i)
			if re == nil {
				res.S[i] = ""
				return
			}
			r := rw.at(i)
			if !parsed || r != lastRw {
				parts, lastRw, parsed = strParseRewrite(r), r, true
			}
			res.S[i] = strReplaceRegex(re, parts, s)
		})
		return res
	}
}

func strCheckRegexAt(lo, hi, rePos int, ret value.Type) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		if err := strCheckArity(args, lo, hi); err != nil {
			return value.Unknown, err
		}
		if rePos < len(args) {
			if err := strCheckConstRegex(args[rePos]); err != nil {
				return value.Unknown, err
			}
		}
		return ret, nil
	}
}

// trim(regex, source), trim_start, trim_end remove as many consecutive
// matches of regex as there are at the start and/or end of source.

type strTrimmer struct {
	lit        string // the pattern, when it has no metacharacters
	isLit      bool
	start, end *regexp.Regexp // \A(?:re)+ and (?:re)+\z
}

func strNewTrimmer(pattern string) (*strTrimmer, bool) {
	if regexp.QuoteMeta(pattern) == pattern {
		return &strTrimmer{lit: pattern, isLit: true}, true
	}
	if _, err := strCompileRegex(pattern); err != nil {
		return nil, false
	}
	st, err1 := strCompileRegex(`\A(?:` + pattern + `)+`)
	en, err2 := strCompileRegex(`(?:` + pattern + `)+\z`)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	return &strTrimmer{start: st, end: en}, true
}

func (t *strTrimmer) trimStart(s string) string {
	if t.isLit {
		if t.lit == "" {
			return s
		}
		for strings.HasPrefix(s, t.lit) {
			s = s[len(t.lit):]
		}
		return s
	}
	if loc := t.start.FindStringIndex(s); loc != nil {
		return s[loc[1]:]
	}
	return s
}

func (t *strTrimmer) trimEnd(s string) string {
	if t.isLit {
		if t.lit == "" {
			return s
		}
		for strings.HasSuffix(s, t.lit) {
			s = s[:len(s)-len(t.lit)]
		}
		return s
	}
	if loc := t.end.FindStringIndex(s); loc != nil {
		return s[:loc[0]]
	}
	return s
}

func strTrimKernel(start, end bool) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.String, n)
		pat := newStrArg(args[0])
		src := newStrArg(args[1])
		var tr *strTrimmer
		last, ok, built := "", false, false
		ForRows(n, sel, func(i int) {
			p := pat.at(i)
			if !built || p != last {
				tr, ok = strNewTrimmer(p)
				last, built = p, true
			}
			s := src.at(i)
			if !ok {
				res.S[i] = s
				return
			}
			if start {
				s = tr.trimStart(s)
			}
			if end {
				s = tr.trimEnd(s)
			}
			res.S[i] = s
		})
		return res
	}
}

// countof(source, search [, kind]): plain matches may overlap, regex
// matches do not.

func strCheckCountOf(args []Arg) (value.Type, error) {
	if err := strCheckArity(args, 2, 3); err != nil {
		return value.Unknown, err
	}
	if len(args) == 3 {
		k, ok := strConstString(args[2])
		if !ok || (k != "normal" && k != "regex") {
			return value.Unknown, Errorf("argument #3 (kind) must be the constant 'normal' or 'regex'")
		}
		if k == "regex" {
			if err := strCheckConstRegex(args[1]); err != nil {
				return value.Unknown, err
			}
		}
	}
	return value.Long, nil
}

// strCountPlain counts overlapping occurrences of sub in s.
func strCountPlain(s, sub string) int64 {
	if sub == "" {
		return 0
	}
	var c int64
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return c
		}
		c++
		// Advance one character, so that "aaaa" holds "aa" three times.
		_, size := utf8.DecodeRuneInString(s[i+j:])
		i += j + size
	}
}

func strCountRegex(re *regexp.Regexp, s string) int64 {
	return int64(len(re.FindAllStringIndex(s, -1)))
}

func strEvalCountOf(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	src := newStrArg(args[0])
	search := newStrArg(args[1])
	rx := strNewRegexArg(args[1])
	ForRows(n, sel, func(i int) {
		if len(args) == 3 && args[2].AsString(i) == "regex" {
			re := rx.at(i)
			if re == nil {
				res.SetNull(i)
				return
			}
			res.I[i] = strCountRegex(re, src.at(i))
			return
		}
		res.I[i] = strCountPlain(src.at(i), search.at(i))
	})
	return res
}

// indexof_regex(string, match [, start [, length [, occurrence]]])
func strEvalIndexOfRegex(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	src := newStrArg(args[0])
	rx := strNewRegexArg(args[1])
	ForRows(n, sel, func(i int) {
		re := rx.at(i)
		start, length, occ, ok := strIndexArgs(args, i)
		if re == nil || !ok || start < 0 {
			res.SetNull(i)
			return
		}
		s := src.at(i)
		r, ok := strIndexOfRegex(re, s, start, length, occ)
		if !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = r
	})
	return res
}

// strIndexOfRegex finds the occ-th non-overlapping match of re inside the
// window [start, start+length) of s (characters; length -1 is unlimited).
func strIndexOfRegex(re *regexp.Regexp, s string, start, length, occ int64) (int64, bool) {
	if occ < 0 || length < -1 {
		return 0, false
	}
	if occ == 0 {
		occ = 1
	}
	chars := strNewCharIndex(s)
	if start > chars.n {
		return -1, true
	}
	end := chars.n
	if length >= 0 && start+length < end {
		end = start + length
	}
	window := s[chars.byteAt(start):chars.byteAt(end)]
	locs := re.FindAllStringIndex(window, int(min(occ, int64(len(window)+1))))
	if int64(len(locs)) < occ {
		return -1, true
	}
	return start + int64(utf8.RuneCountInString(window[:locs[occ-1][0]])), true
}

func init() {
	Register(&Scalar{
		Name: "extract", MinArgs: 3, MaxArgs: 4,
		Check: strCheckExtract, Eval: strEvalExtract,
		Doc: "extract(regex, captureGroup, source [, typeof(T)]): the text matched by a capture group, optionally converted",
	})
	for _, name := range []string{"extract_all", "extractall"} {
		Register(&Scalar{
			Name: name, MinArgs: 2, MaxArgs: 3,
			Check: strCheckExtractAll, Eval: strEvalExtractAll,
			Doc: name + "(regex, [captureGroups,] source): all matches of the capture groups as a dynamic array",
		})
	}
	Register(&Scalar{
		Name: "replace_regex", MinArgs: 3, MaxArgs: 3,
		Check: strCheckRegexAt(3, 3, 1, value.String),
		Eval:  strReplaceRegexKernel(0, 1, 2),
		Doc:   `replace_regex(source, regex, rewrite): replaces every match; \0..\9 in rewrite refer to capture groups`,
	})
	Register(&Scalar{
		Name: "replace", MinArgs: 3, MaxArgs: 3,
		Check: strCheckRegexAt(3, 3, 0, value.String),
		Eval:  strReplaceRegexKernel(2, 0, 1),
		Doc:   "replace(regex, rewrite, source): deprecated form of replace_regex",
	})
	Register(&Scalar{
		Name: "trim", MinArgs: 2, MaxArgs: 2,
		Check: strCheckRegexAt(2, 2, 0, value.String),
		Eval:  strTrimKernel(true, true),
		Doc:   "trim(regex, source): removes leading and trailing matches of regex",
	})
	Register(&Scalar{
		Name: "trim_start", MinArgs: 2, MaxArgs: 2,
		Check: strCheckRegexAt(2, 2, 0, value.String),
		Eval:  strTrimKernel(true, false),
		Doc:   "trim_start(regex, source): removes leading matches of regex",
	})
	Register(&Scalar{
		Name: "trim_end", MinArgs: 2, MaxArgs: 2,
		Check: strCheckRegexAt(2, 2, 0, value.String),
		Eval:  strTrimKernel(false, true),
		Doc:   "trim_end(regex, source): removes trailing matches of regex",
	})
	Register(&Scalar{
		Name: "countof", MinArgs: 2, MaxArgs: 3,
		Check: strCheckCountOf, Eval: strEvalCountOf,
		Doc: "countof(source, search [, 'normal'|'regex']): the number of matches (plain matches may overlap)",
	})
	Register(&Scalar{
		Name: "indexof_regex", MinArgs: 2, MaxArgs: 5,
		Check: func(args []Arg) (value.Type, error) {
			if _, err := strCheckRegexAt(2, 5, 1, value.Long)(args); err != nil {
				return value.Unknown, err
			}
			return strCheckIntArgs(args, 2)
		},
		Eval: strEvalIndexOfRegex,
		Doc:  "indexof_regex(source, regex [, start [, length [, occurrence]]]): character index of a regex match, or -1",
	})
}
