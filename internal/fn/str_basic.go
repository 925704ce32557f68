package fn

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/value"
)

// Character positions (strlen, strSubstring, indexof, reverse, translate) count
// Unicode code points, as Kusto documents for strlen. Kusto itself indexes
// UTF-16 code units, which differs only for characters outside the Basic
// Multilingual Plane.

// strCharIndex maps character positions of a string to byte offsets. ASCII
// strings, the common case, need no table.
type strCharIndex struct {
	n    int64 // number of characters
	offs []int // byte offset of each character, then len(s); nil for ASCII
}

func strNewCharIndex(s string) strCharIndex {
	if strIsASCII(s) {
		return strCharIndex{n: int64(len(s))}
	}
	offs := make([]int, 0, len(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	offs = append(offs, len(s))
	return strCharIndex{n: int64(len(offs) - 1), offs: offs}
}

// byteAt returns the byte offset of character k (0 <= k <= n).
func (c strCharIndex) byteAt(k int64) int {
	if c.offs == nil {
		return int(k)
	}
	return c.offs[k]
}

// charAt returns the character position of byte offset b.
func (c strCharIndex) charAt(s string, b int) int64 {
	if c.offs == nil {
		return int64(b)
	}
	return int64(utf8.RuneCountInString(s[:b]))
}

// substring(source, start [, length])
func strSubstring(s string, start, length int64, hasLength bool) string {
	if hasLength && length < 0 {
		return ""
	}
	ci := strNewCharIndex(s)
	if start < 0 {
		start += ci.n
		if start < 0 {
			start = 0
		}
	}
	if start >= ci.n {
		return ""
	}
	end := ci.n
	if hasLength && length < end-start {
		end = start + length
	}
	return s[ci.byteAt(start):ci.byteAt(end)]
}

func strEvalSubstring(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	src := newStrArg(args[0])
	ForRows(n, sel, func(i int) {
		start, ok := args[1].AsLong(i)
		if !ok {
			return
		}
		var length int64
		hasLength := len(args) == 3
		if hasLength {
			if length, ok = args[2].AsLong(i); !ok {
				return
			}
		}
		res.S[i] = strSubstring(src.at(i), start, length, hasLength)
	})
	return res
}

// strIndexArgs reads the optional start, length and occurrence arguments of
// indexof and indexof_regex for row i; ok is false when one is null.
func strIndexArgs(args []*value.Vector, i int) (start, length, occ int64, ok bool) {
	start, length, occ = 0, -1, 1
	ok = true
	if len(args) > 2 {
		start, ok = args[2].AsLong(i)
	}
	if ok && len(args) > 3 {
		length, ok = args[3].AsLong(i)
	}
	if ok && len(args) > 4 {
		occ, ok = args[4].AsLong(i)
	}
	return
}

// strIndexOf implements indexof(): the character index of the occ-th
// occurrence of lookup, searching windows of length characters (-1: to the
// end). A negative start counts from the end. Each further occurrence is
// searched from one past the previous one with a window of the same length,
// which is what Kusto's documented example indexof("abcdefgabcdefg", "cde",
// 1, 10, 2) == 9 requires. ok is false for the invalid arguments documented
// to give null.
func strIndexOf(s, lookup string, start, length, occ int64) (int64, bool) {
	if length < -1 || occ < 0 {
		return 0, false
	}
	if occ == 0 {
		occ = 1
	}
	ci := strNewCharIndex(s)
	if start < 0 {
		start += ci.n
		if start < 0 {
			return 0, false
		}
	}
	pos := start
	found := int64(-1)
	for k := int64(0); k < occ; k++ {
		if pos > ci.n {
			return -1, true
		}
		end := ci.n
		if length >= 0 && pos+length < end {
			end = pos + length
		}
		w := s[ci.byteAt(pos):ci.byteAt(end)]
		j := strings.Index(w, lookup)
		if j < 0 {
			return -1, true
		}
		found = pos + ci.charAt(w, j)
		pos = found + 1
	}
	return found, true
}

func strEvalIndexOf(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	src := newStrArg(args[0])
	look := newStrArg(args[1])
	ForRows(n, sel, func(i int) {
		start, length, occ, ok := strIndexArgs(args, i)
		if !ok {
			res.SetNull(i)
			return
		}
		r, ok := strIndexOf(src.at(i), look.at(i), start, length, occ)
		if !ok {
			res.SetNull(i)
			return
		}
		res.I[i] = r
	})
	return res
}

// strCheckIntArgs checks that the arguments from position from on are
// integers (indexof's start, length and occurrence).
func strCheckIntArgs(args []Arg, from int) (value.Type, error) {
	for k := from; k < len(args); k++ {
		if !KInteger.Accepts(args[k].Type) {
			return value.Unknown, Errorf("argument #%d must be an integer, got %s", k+1, args[k].Type)
		}
	}
	return value.Long, nil
}

// reverse(value)
func strReverseString(s string) string {
	if len(s) < 2 {
		return s
	}
	b := make([]byte, len(s))
	if strIsASCII(s) {
		for i := 0; i < len(s); i++ {
			b[len(s)-1-i] = s[i]
		}
		return string(b)
	}
	w := len(b)
	for _, r := range s {
		size := utf8.RuneLen(r)
		if size < 0 {
			r, size = utf8.RuneError, 3
		}
		w -= size
		utf8.EncodeRune(b[w:], r)
	}
	return string(b[w:])
}

// strrep(value, multiplier [, delimiter])

// strMaxStrrepMultiplier is Kusto's documented upper bound.
const strMaxStrrepMultiplier = 67108864

// strMaxStrrepBytes bounds the result so that one call cannot exhaust memory;
// larger results are null (the empty string).
const strMaxStrrepBytes = 64 << 20

func strrep(s string, mult int64, delim string) string {
	if mult < 1 {
		return ""
	}
	mult = min(mult, strMaxStrrepMultiplier)
	size := int64(len(s))*mult + int64(len(delim))*(mult-1)
	if size > strMaxStrrepBytes {
		return ""
	}
	var b strings.Builder
	b.Grow(int(size))
	for k := int64(0); k < mult; k++ {
		if k > 0 {
			b.WriteString(delim)
		}
		b.WriteString(s)
	}
	return b.String()
}

func strEvalStrrep(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	src := newStrArg(args[0])
	var delim strArg
	if len(args) == 3 {
		delim = newStrArg(args[2])
	}
	ForRows(n, sel, func(i int) {
		m, ok := args[1].AsLong(i)
		if !ok {
			return
		}
		d := ""
		if len(args) == 3 {
			d = delim.at(i)
		}
		res.S[i] = strrep(src.at(i), m, d)
	})
	return res
}

// translate(searchList, replacementList, source): characters of searchList
// become the character at the same position of replacementList, or its last
// character when replacementList is shorter, or are removed when it is
// empty.
type strTranslation struct {
	ascii  [128]int16 // -1: keep, -2: delete, else the strReplacement rune
	other  map[rune]rune
	delete bool
}

func strNewTranslation(search, repl string) *strTranslation {
	t := &strTranslation{delete: repl == ""}
	for i := range t.ascii {
		t.ascii[i] = -1
	}
	rr := []rune(repl)
	k := 0
	for _, r := range search {
		to := rune(-2)
		if len(rr) > 0 {
			to = rr[min(k, len(rr)-1)]
		}
		k++
		if r < utf8.RuneSelf {
			if t.ascii[r] == -1 {
				t.ascii[r] = int16(max(to, -2))
				if to >= 0x8000 {
					// Does not fit the table: route through the map.
					t.ascii[r] = -3
					t.setOther(r, to)
				}
			}
			continue
		}
		if _, seen := t.other[r]; !seen {
			t.setOther(r, to)
		}
	}
	return t
}

func (t *strTranslation) setOther(r, to rune) {
	if t.other == nil {
		t.other = map[rune]rune{}
	}
	t.other[r] = to
}

func (t *strTranslation) apply(s string) string {
	var b strings.Builder
	changed := false
	for i, r := range s {
		to := r
		if r < utf8.RuneSelf {
			switch m := t.ascii[r]; {
			case m == -1:
			case m == -3:
				to = t.other[r]
			default:
				to = rune(m)
			}
		} else if m, ok := t.other[r]; ok {
			to = m
		}
		if to == r && !changed {
			continue
		}
		if !changed {
			changed = true
			b.Grow(len(s))
			b.WriteString(s[:i])
		}
		if to >= 0 {
			b.WriteRune(to)
		}
	}
	if !changed {
		return s
	}
	return b.String()
}

func strEvalTranslate(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	search, repl, src := newStrArg(args[0]), newStrArg(args[1]), newStrArg(args[2])
	var t *strTranslation
	lastS, lastR := "", ""
	ForRows(n, sel, func(i int) {
		s, r := search.at(i), repl.at(i)
		if t == nil || s != lastS || r != lastR {
			t, lastS, lastR = strNewTranslation(s, r), s, r
		}
		res.S[i] = t.apply(src.at(i))
	})
	return res
}

// replace_string(text, lookup, rewrite)
func strReplaceString(text, lookup, rewrite string) string {
	if lookup == "" {
		return text
	}
	return strings.ReplaceAll(text, lookup, rewrite)
}

func strEvalReplaceString(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	text, look, rw := newStrArg(args[0]), newStrArg(args[1]), newStrArg(args[2])
	ForRows(n, sel, func(i int) { res.S[i] = strReplaceString(text.at(i), look.at(i), rw.at(i)) })
	return res
}

// replace_strings(text, lookups, rewrites): earlier lookups take
// precedence; a later lookup only matches text no earlier lookup matched.
// A lookup that is not a string is ignored; a rewrite that is not a string
// keeps the matched text.
type strReplacement struct {
	lookup  string
	rewrite string
	keep    bool
}

func strNewReplacements(lookups, rewrites *value.Dyn) []strReplacement {
	var out []strReplacement
	rw := rewrites.Items()
	for k, l := range lookups.Items() {
		if l.Kind() != value.DString || l.AsString() == "" {
			continue
		}
		r := strReplacement{lookup: l.AsString(), keep: true}
		if k < len(rw) && rw[k].Kind() == value.DString {
			r.rewrite, r.keep = rw[k].AsString(), false
		}
		out = append(out, r)
	}
	return out
}

func strReplaceStrings(text string, reps []strReplacement) string {
	type hit struct {
		start, end int
		rep        int
	}
	var hits []hit // sorted by start, non-overlapping
	for ri, r := range reps {
		for from := 0; from <= len(text); {
			j := strings.Index(text[from:], r.lookup)
			if j < 0 {
				break
			}
			s, e := from+j, from+j+len(r.lookup)
			// Find the insertion point and check both neighbours.
			k := len(hits)
			for k > 0 && hits[k-1].start > s {
				k--
			}
			if (k > 0 && hits[k-1].end > s) || (k < len(hits) && hits[k].start < e) {
				from = s + 1
				continue
			}
			hits = append(hits, hit{})
			copy(hits[k+1:], hits[k:])
			hits[k] = hit{s, e, ri}
			from = e
		}
	}
	if len(hits) == 0 {
		return text
	}
	var b strings.Builder
	prev := 0
	for _, h := range hits {
		b.WriteString(text[prev:h.start])
		if reps[h.rep].keep {
			b.WriteString(text[h.start:h.end])
		} else {
			b.WriteString(reps[h.rep].rewrite)
		}
		prev = h.end
	}
	b.WriteString(text[prev:])
	return b.String()
}

func strEvalReplaceStrings(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	text := newStrArg(args[0])
	var reps []strReplacement
	var lastL, lastR *value.Dyn
	built := false
	ForRows(n, sel, func(i int) {
		l, r := args[1].AsDyn(i), args[2].AsDyn(i)
		if !built || l != lastL || r != lastR {
			reps, lastL, lastR, built = strNewReplacements(l, r), l, r, true
		}
		res.S[i] = strReplaceStrings(text.at(i), reps)
	})
	return res
}

// strcat(a1, ..., aN), strcat_delim(delim, a1, ..., aN)
func strcatKernel(withDelim bool) EvalFunc {
	return func(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
		res := value.NewVector(value.String, n)
		parts := make([]strArg, len(args))
		for k, a := range args {
			parts[k] = newStrArg(a)
		}
		first := 0
		var delim strArg
		if withDelim {
			delim, first = parts[0], 1
		}
		vals := make([]string, len(args))
		ForRows(n, sel, func(i int) {
			size := 0
			d := ""
			if withDelim {
				d = delim.at(i)
			}
			for k := first; k < len(parts); k++ {
				vals[k] = parts[k].at(i)
				size += len(vals[k]) + len(d)
			}
			var b strings.Builder
			b.Grow(size)
			for k := first; k < len(parts); k++ {
				if k > first {
					b.WriteString(d)
				}
				b.WriteString(vals[k])
			}
			res.S[i] = b.String()
		})
		return res
	}
}

// strcat_array(array, delimiter)
func strcatArray(d *value.Dyn, delim string) string {
	if d.Kind() != value.DArray {
		return ""
	}
	var b strings.Builder
	d.Elems(func(k int, e *value.Dyn) bool {
		if k > 0 {
			b.WriteString(delim)
		}
		b.WriteString(e.String())
		return true
	})
	return b.String()
}

func evalStrcatArray(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	delim := newStrArg(args[1])
	ForRows(n, sel, func(i int) { res.S[i] = strcatArray(args[0].AsDyn(i), delim.at(i)) })
	return res
}

// split(source, delimiter [, requestedIndex])
func strSplitDyn(s, delim string, buf *[]byte) *value.Dyn {
	if delim == "" {
		return value.DynArray([]*value.Dyn{value.DynString(s)})
	}
	if !utf8.ValidString(s) {
		parts := strings.Split(s, delim)
		items := make([]*value.Dyn, len(parts))
		for k, p := range parts {
			items[k] = value.DynString(p)
		}
		return value.DynArray(items)
	}
	// Compact JSON text: two allocations per row instead of one per part.
	b := append((*buf)[:0], '[')
	for k := 0; ; k++ {
		if k > 0 {
			b = append(b, ',')
		}
		j := strings.Index(s, delim)
		if j < 0 {
			b = value.AppendJSONString(b, s)
			break
		}
		b = value.AppendJSONString(b, s[:j])
		s = s[j+len(delim):]
	}
	b = append(b, ']')
	*buf = b
	return value.RawJSON(string(b))
}

// strSplitAt returns the requested part of a split as a one-element array, or
// an empty array when there is no such part.
func strSplitAt(s, delim string, idx int64) *value.Dyn {
	if idx < 0 {
		return value.DynArray(nil)
	}
	if delim == "" {
		if idx == 0 {
			return value.DynArray([]*value.Dyn{value.DynString(s)})
		}
		return value.DynArray(nil)
	}
	for k := int64(0); ; k++ {
		j := strings.Index(s, delim)
		if k == idx {
			if j >= 0 {
				s = s[:j]
			}
			return value.DynArray([]*value.Dyn{value.DynString(s)})
		}
		if j < 0 {
			return value.DynArray(nil)
		}
		s = s[j+len(delim):]
	}
}

func strEvalSplit(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Dynamic, n)
	src, delim := newStrArg(args[0]), newStrArg(args[1])
	var buf []byte
	ForRows(n, sel, func(i int) {
		if len(args) == 3 {
			idx, ok := args[2].AsLong(i)
			if !ok {
				return
			}
			res.D[i] = strSplitAt(src.at(i), delim.at(i), idx)
			return
		}
		res.D[i] = strSplitDyn(src.at(i), delim.at(i), &buf)
	})
	return res
}

// has_any_index(source, values): the index of the first element of values
// that is a term of source (has semantics), or -1.
func strEvalHasAnyIndex(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.Long, n)
	src := newStrArg(args[0])
	var ms []TermMatcher
	var last *value.Dyn
	built := false
	ForRows(n, sel, func(i int) {
		d := args[1].AsDyn(i)
		if !built || d != last {
			ms, last, built = nil, d, true
			d.Elems(func(_ int, e *value.Dyn) bool {
				ms = append(ms, NewTermMatcher(e.String(), TermWhole, false))
				return true
			})
		}
		s := src.at(i)
		res.I[i] = -1
		for k := range ms {
			if ms[k].Match(s) {
				res.I[i] = int64(k)
				return
			}
		}
	})
	return res
}

// unicode_codepoints_to_string(v1, ..., vN): each argument is a code point
// or an array of code points; any invalid one makes the result null ("").
func strAppendCodepoints(b []byte, d *value.Dyn) ([]byte, bool) {
	switch d.Kind() {
	case value.DArray:
		ok := true
		d.Elems(func(_ int, e *value.Dyn) bool {
			b, ok = strAppendCodepoints(b, e)
			return ok
		})
		return b, ok
	case value.DLong, value.DReal:
		c, ok := value.DynAsLong(d)
		if !ok || c < 0 || c > utf8.MaxRune || (c >= 0xD800 && c <= 0xDFFF) {
			return b, false
		}
		return utf8.AppendRune(b, rune(c)), true
	}
	return b, false
}

func strEvalCodepointsToString(_ *Context, args []*value.Vector, n int, sel []int32) *value.Vector {
	res := value.NewVector(value.String, n)
	var buf []byte
	ForRows(n, sel, func(i int) {
		buf = buf[:0]
		for _, a := range args {
			var ok bool
			buf, ok = strAppendCodepoints(buf, a.AsDyn(i))
			if !ok {
				return
			}
		}
		res.S[i] = string(buf)
	})
	return res
}

func strCodepointsFromString(s string) *value.Dyn {
	items := make([]*value.Dyn, 0, len(s))
	for _, r := range s {
		items = append(items, value.DynLong(int64(r)))
	}
	return value.DynArray(items)
}

func strCheckCodepoints() func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		if err := strCheckArity(args, 1, 64); err != nil {
			return value.Unknown, err
		}
		for k, a := range args {
			if !a.Type.IsInteger() && a.Type != value.Dynamic && a.Type != value.Unknown {
				return value.Unknown, Errorf("argument #%d must be an integer or a dynamic array, got %s", k+1, a.Type)
			}
		}
		return value.String, nil
	}
}

func strCheckDynamicArg(lo, hi, pos int, ret value.Type) func([]Arg) (value.Type, error) {
	return func(args []Arg) (value.Type, error) {
		if err := strCheckArity(args, lo, hi); err != nil {
			return value.Unknown, err
		}
		if t := args[pos].Type; t != value.Dynamic && t != value.Unknown {
			return value.Unknown, Errorf("argument #%d must be dynamic, got %s", pos+1, t)
		}
		return ret, nil
	}
}

func init() {
	Register(&Scalar{
		Name: "strlen", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.Long, KString),
		Eval: strToLong(func(s string) int64 {
			if strIsASCII(s) {
				return int64(len(s))
			}
			return int64(utf8.RuneCountInString(s))
		}),
		Doc: "strlen(s): the number of characters (Unicode code points) of s",
	})
	Register(&Scalar{
		Name: "string_size", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.Long, KString),
		Eval:  strToLong(func(s string) int64 { return int64(len(s)) }),
		Doc:   "string_size(s): the size of s in bytes (UTF-8)",
	})
	Register(&Scalar{
		Name: "tolower", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KString),
		Eval:  strToStr(strings.ToLower),
		Doc:   "tolower(s): s in lower case",
	})
	Register(&Scalar{
		Name: "toupper", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KString),
		Eval:  strToStr(strings.ToUpper),
		Doc:   "toupper(s): s in upper case",
	})
	Register(&Scalar{
		Name: "reverse", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KString),
		Eval:  strToStr(strReverseString),
		Doc:   "reverse(value): the characters of tostring(value) in reverse order",
	})
	Register(&Scalar{
		Name: "isascii", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.Bool, KString),
		Eval:  strToBool(strIsASCII),
		Doc:   "isascii(s): true when every character of s is ASCII",
	})
	Register(&Scalar{
		Name: "isutf8", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.Bool, KString),
		Eval:  strToBool(utf8.ValidString),
		Doc:   "isutf8(s): true when s is valid UTF-8",
	})
	Register(&Scalar{
		Name: "regex_quote", MinArgs: 1, MaxArgs: 1,
		Check: strCheckKinds(1, 1, value.String, KString),
		Eval:  strToStr(regexp.QuoteMeta),
		Doc:   "regex_quote(s): s with every regular expression metacharacter escaped",
	})
	Register(&Scalar{
		Name: "substring", MinArgs: 2, MaxArgs: 3,
		Check: strCheckKinds(2, 3, value.String, KString, KInteger, KInteger),
		Eval:  strEvalSubstring,
		Doc:   "substring(source, start [, length]): characters of source from start (negative: from the end)",
	})
	Register(&Scalar{
		Name: "indexof", MinArgs: 2, MaxArgs: 5,
		Check: func(args []Arg) (value.Type, error) {
			if err := strCheckArity(args, 2, 5); err != nil {
				return value.Unknown, err
			}
			return strCheckIntArgs(args, 2)
		},
		Eval: strEvalIndexOf,
		Doc:  "indexof(source, lookup [, start [, length [, occurrence]]]): character index of lookup, or -1",
	})
	Register(&Scalar{
		Name: "strrep", MinArgs: 2, MaxArgs: 3,
		Check: strCheckKinds(2, 3, value.String, KString, KInteger, KString),
		Eval:  strEvalStrrep,
		Doc:   "strrep(value, multiplier [, delimiter]): value repeated multiplier times",
	})
	Register(&Scalar{
		Name: "translate", MinArgs: 3, MaxArgs: 3,
		Check: strCheckKinds(3, 3, value.String, KString),
		Eval:  strEvalTranslate,
		Doc:   "translate(searchList, replacementList, source): replaces characters of searchList by those of replacementList",
	})
	Register(&Scalar{
		Name: "replace_string", MinArgs: 3, MaxArgs: 3,
		Check: strCheckKinds(3, 3, value.String, KString),
		Eval:  strEvalReplaceString,
		Doc:   "replace_string(text, lookup, rewrite): replaces every occurrence of lookup",
	})
	Register(&Scalar{
		Name: "replace_strings", MinArgs: 3, MaxArgs: 3,
		Check: func(args []Arg) (value.Type, error) {
			if _, err := strCheckDynamicArg(3, 3, 1, value.String)(args); err != nil {
				return value.Unknown, err
			}
			return strCheckDynamicArg(3, 3, 2, value.String)(args)
		},
		Eval: strEvalReplaceStrings,
		Doc:  "replace_strings(text, lookups, rewrites): replaces several strings at once; earlier lookups win",
	})
	Register(&Scalar{
		Name: "strcat", MinArgs: 1, MaxArgs: 64,
		Check: strCheckKinds(1, 64, value.String, KAny),
		Eval:  strcatKernel(false),
		Doc:   "strcat(a1, ..., aN): the arguments converted to strings and concatenated",
	})
	Register(&Scalar{
		Name: "strcat_delim", MinArgs: 3, MaxArgs: 65,
		Check: strCheckKinds(3, 65, value.String, KAny),
		Eval:  strcatKernel(true),
		Doc:   "strcat_delim(delimiter, a1, ..., aN): the arguments concatenated with delimiter between them",
	})
	for _, name := range []string{"strcat_array", "array_strcat"} {
		Register(&Scalar{
			Name: name, MinArgs: 2, MaxArgs: 2,
			Check: strCheckDynamicArg(2, 2, 0, value.String),
			Eval:  evalStrcatArray,
			Doc:   name + "(array, delimiter): the elements of array concatenated with delimiter between them",
		})
	}
	Register(&Scalar{
		Name: "split", MinArgs: 2, MaxArgs: 3,
		Check: strCheckKinds(2, 3, value.Dynamic, KString, KString, KInteger),
		Eval:  strEvalSplit,
		Doc:   "split(source, delimiter [, index]): the parts of source as a dynamic array (only the index-th with index)",
	})
	Register(&Scalar{
		Name: "has_any_index", MinArgs: 2, MaxArgs: 2,
		Check: strCheckDynamicArg(2, 2, 1, value.Long),
		Eval:  strEvalHasAnyIndex,
		Doc:   "has_any_index(source, values): index of the first element of values that is a term of source, or -1",
	})
	for _, name := range []string{"unicode_codepoints_to_string", "make_string"} {
		Register(&Scalar{
			Name: name, MinArgs: 1, MaxArgs: 64,
			Check: strCheckCodepoints(),
			Eval:  strEvalCodepointsToString,
			Doc:   name + "(v1, ..., vN): the string made of the given Unicode code points (arrays allowed)",
		})
	}
	for _, name := range []string{"unicode_codepoints_from_string", "to_utf8"} {
		Register(&Scalar{
			Name: name, MinArgs: 1, MaxArgs: 1,
			Check: strCheckKinds(1, 1, value.Dynamic, KString),
			Eval:  strToDyn(strCodepointsFromString),
			Doc:   name + "(s): the Unicode code points of s as a dynamic array",
		})
	}
	Register(&Scalar{
		Name: "strcmp", MinArgs: 2, MaxArgs: 2,
		Check: strCheckKinds(2, 2, value.Long, KString),
		Eval: Map2(value.Long, GetString, GetString, PutLong, func(a, b string) (int64, bool) {
			return int64(strings.Compare(a, b)), true
		}),
		Doc: "strcmp(s1, s2): -1, 0 or 1 as s1 sorts before, equal to or after s2 (ordinal)",
	})
}
