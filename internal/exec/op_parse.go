package exec

import (
	"math"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/kql/plan"
	"github.com/harrier-sec/harrier/internal/value"
)

func init() {
	registerStage((*plan.Parse)(nil), func(c *compiler, n plan.Node) (stage, error) {
		return c.parse(n.(*plan.Parse))
	})
	registerStage((*plan.ParseKv)(nil), func(c *compiler, n plan.Node) (stage, error) {
		return c.parseKv(n.(*plan.ParseKv))
	})
}

// parseRow extracts the columns of one text into row i of outs and reports
// whether the row parsed. It keeps scratch state: one per worker.
type parseRow func(text string, outs []*value.Vector, i int) bool

// parse runs parse and parse-where. The output keeps the input's physical
// rows (parse-where narrows the selection), which mv-apply relies on.
func (c *compiler) parse(x *plan.Parse) (stage, error) {
	src, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	return extractStage(x.In, x.Cols, x.Out, x.Where, src, newParseRow(x)), nil
}

// extractStage applies row to every live row and places the extracted
// columns in the output (replacing input columns of the same name).
func extractStage(in plan.Node, cols []plan.ParseCol, out value.Schema, where bool, src evaluator, row parseRow) stage {
	nIn := len(in.Schema())
	return func(b *value.Batch) *value.Batch {
		v := src(b)
		res := &value.Batch{Len: b.Len, Sel: b.Sel, Cols: make([]*value.Vector, len(out))}
		copy(res.Cols, b.Cols[:nIn])
		if v.Const {
			// One text for every row: parse it once.
			outs := make([]*value.Vector, len(cols))
			for k, col := range cols {
				outs[k] = value.NewVector(col.T, 1)
			}
			ok := row(v.AsString(0), outs, 0)
			if where && !ok {
				res.Sel = []int32{}
			}
			for k, col := range cols {
				outs[k].Const = true
				res.Cols[col.Index] = outs[k]
			}
			return res
		}
		outs := make([]*value.Vector, len(cols))
		for k, col := range cols {
			outs[k] = value.NewVector(col.T, b.Len)
		}
		var sel []int32
		if where {
			sel = make([]int32, 0, b.Rows())
		}
		forRows(b, func(i int) {
			if row(v.AsString(i), outs, i) && where {
				sel = append(sel, int32(i))
			}
		})
		for k, col := range cols {
			res.Cols[col.Index] = outs[k]
		}
		if where {
			res.Sel = sel
		}
		return res
	}
}

// newParseRow returns the row parser of a parse pattern: a regex-free
// matcher unless delimiters are regexes (kind=regex).
func newParseRow(x *plan.Parse) parseRow {
	caps := make([]string, len(x.Cols))
	var match func(text string) bool
	typed := false
	for _, s := range x.Steps {
		typed = typed || s.Typed
	}
	re := x.Regex
	viaRegex := func(text string) bool {
		idx := re.FindStringSubmatchIndex(text)
		if idx == nil {
			return false
		}
		for k, col := range x.Cols {
			s, e := idx[2*col.Group], idx[2*col.Group+1]
			if s < 0 {
				caps[k] = ""
				continue
			}
			caps[k] = text[s:e]
		}
		return true
	}
	switch {
	case x.Steps != nil && !typed:
		steps := mergeSteps(x.Steps)
		match = func(text string) bool { return matchSteps(steps, text, caps) }
	case x.Steps != nil:
		m := newStepMatcher(x, caps)
		match = func(text string) bool {
			ok, done := m.run(text)
			if !done {
				// Backtracking is not linear; the regex is.
				return viaRegex(text)
			}
			return ok
		}
	default:
		match = viaRegex
	}
	relaxed := x.Kind == plan.ParseRelaxed
	return func(text string, outs []*value.Vector, i int) bool {
		ok := match(text)
		if ok {
			for k, col := range x.Cols {
				if convertText(caps[k], col.T, outs[k], i) {
					continue
				}
				if !relaxed {
					ok = false
					break
				}
				outs[k].SetNull(i)
			}
		}
		if !ok {
			for _, o := range outs {
				o.SetNull(i)
			}
		}
		return ok
	}
}

// convertText stores s converted to t at row i of out and reports whether
// it converted (out is left unchanged when not).
func convertText(s string, t value.Type, out *value.Vector, i int) bool {
	switch t {
	case value.String:
		out.S[i] = s
	case value.Int, value.Long:
		n, ok := value.ParseLong(s)
		if !ok || (t == value.Int && (n < math.MinInt32 || n > math.MaxInt32)) {
			return false
		}
		out.I[i] = n
	case value.Real, value.Decimal:
		f, ok := value.ParseReal(s)
		if !ok {
			return false
		}
		out.F[i] = f
	case value.Bool:
		bv, ok := value.ParseBool(s)
		if !ok {
			return false
		}
		out.B[i] = bv
	case value.DateTime:
		n, ok := value.ParseDateTime(s)
		if !ok {
			return false
		}
		out.I[i] = n
	case value.TimeSpan:
		n, ok := value.ParseTimeSpan(s)
		if !ok {
			return false
		}
		out.I[i] = n
	case value.GUID:
		g, ok := value.ParseGUID(s)
		if !ok {
			return false
		}
		out.S[i] = g
	case value.Dynamic:
		out.D[i] = value.ParseDynamic(s)
	default:
		return false
	}
	return true
}

// mergeSteps joins adjacent literals and drops empty ones, so that every
// literal of the result follows a capture, '*', or starts the pattern.
func mergeSteps(steps []plan.ParseStep) []plan.ParseStep {
	var out []plan.ParseStep
	for _, s := range steps {
		if s.Col < 0 && !s.Star {
			if s.Lit == "" {
				continue
			}
			if n := len(out); n > 0 && out[n-1].Col < 0 && !out[n-1].Star {
				out[n-1].Lit += s.Lit
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// matchSteps matches text against a pattern whose captures and '*' are all
// lazy (".*?") and which is anchored at both ends, writing the captures to
// caps. Taking the first occurrence of each delimiter is what the regex
// would do: a later occurrence only leaves less text for the rest of the
// pattern, so it cannot succeed where the first failed. The last delimiter
// must end the text.
func matchSteps(steps []plan.ParseStep, text string, caps []string) bool {
	pos := 0
	i := 0
	if len(steps) > 0 && steps[0].Col < 0 && !steps[0].Star {
		if !strings.HasPrefix(text, steps[0].Lit) {
			return false
		}
		pos = len(steps[0].Lit)
		i = 1
	}
	for i < len(steps) {
		// A run of lazy elements up to the next literal: all but the last
		// capture nothing.
		j := i
		for j < len(steps) && (steps[j].Col >= 0 || steps[j].Star) {
			j++
		}
		end := len(text)
		next := len(text)
		if j < len(steps) {
			lit := steps[j].Lit
			if j == len(steps)-1 {
				if !strings.HasSuffix(text, lit) || len(text)-len(lit) < pos {
					return false
				}
				end = len(text) - len(lit)
			} else {
				k := strings.Index(text[pos:], lit)
				if k < 0 {
					return false
				}
				end = pos + k
			}
			next = end + len(lit)
		}
		for k := i; k < j; k++ {
			if c := steps[k].Col; c >= 0 {
				if k == j-1 {
					caps[c] = text[pos:end]
				} else {
					caps[c] = ""
				}
			}
		}
		pos = next
		i = j + 1
	}
	return pos == len(text)
}

// stepMatcher matches patterns with typed columns (numbers, bools, guids)
// in simple and relaxed mode without a regex. It explores the choices in
// the order the generated regex would (lazy elements shortest first, typed
// ones longest first, relaxed columns their type's text before any text),
// so it finds the same match. Failures are memoized per (element, offset);
// as the work can still grow with the square of the text's length, the
// matcher gives up past a budget linear in it.
type stepMatcher struct {
	elems  []stepElem
	caps   []string
	text   string
	width  int
	memo   []uint64
	budget int
}

// stepBudget is how many tries per element and byte of text the
// backtracking matcher may spend on one text.
const stepBudget = 8

type stepElem struct {
	lit    string
	col    int        // capture, -1 for '*' and literals
	t      value.Type // typed columns
	isLit  bool
	typed  bool
	orLazy bool // relaxed: any text when the type's text does not fit
}

func newStepMatcher(x *plan.Parse, caps []string) *stepMatcher {
	m := &stepMatcher{caps: caps}
	for _, s := range mergeSteps(x.Steps) {
		e := stepElem{lit: s.Lit, col: s.Col, isLit: s.Col < 0 && !s.Star}
		if s.Col >= 0 && s.Typed {
			e.typed = true
			e.t = x.Cols[s.Col].T
			e.orLazy = x.Kind == plan.ParseRelaxed
		}
		m.elems = append(m.elems, e)
	}
	return m
}

// run matches text; done is false when the matcher gave up.
func (m *stepMatcher) run(text string) (ok, done bool) {
	m.text = text
	m.width = len(text) + 1
	need := (len(m.elems)*m.width + 63) / 64
	if cap(m.memo) < need {
		m.memo = make([]uint64, need)
	} else {
		m.memo = m.memo[:need]
		clear(m.memo)
	}
	m.budget = stepBudget*len(m.elems)*m.width + 64
	ok = m.match(0, 0)
	return ok, m.budget >= 0
}

func (m *stepMatcher) match(i, pos int) bool {
	if i == len(m.elems) {
		return pos == len(m.text)
	}
	if m.budget--; m.budget < 0 {
		return false
	}
	bit := i*m.width + pos
	if m.memo[bit>>6]&(1<<(bit&63)) != 0 {
		return false
	}
	e := &m.elems[i]
	switch {
	case e.isLit:
		if strings.HasPrefix(m.text[pos:], e.lit) && m.match(i+1, pos+len(e.lit)) {
			return true
		}
	case e.typed:
		if m.typedAt(i, e, pos) || (e.orLazy && m.lazyAt(i, e, pos)) {
			return true
		}
	default:
		if m.lazyAt(i, e, pos) {
			return true
		}
	}
	m.memo[bit>>6] |= 1 << (bit & 63)
	return false
}

func (m *stepMatcher) capture(e *stepElem, pos, end int) {
	if e.col >= 0 {
		m.caps[e.col] = m.text[pos:end]
	}
}

// lazyAt tries element i as any text from pos, shortest first. Before a
// literal only the literal's occurrences can end it.
func (m *stepMatcher) lazyAt(i int, e *stepElem, pos int) bool {
	text := m.text
	if i == len(m.elems)-1 {
		m.capture(e, pos, len(text))
		return true
	}
	if next := &m.elems[i+1]; next.isLit {
		for from := pos; from <= len(text); {
			k := strings.Index(text[from:], next.lit)
			if k < 0 {
				return false
			}
			if m.match(i+1, from+k) {
				m.capture(e, pos, from+k)
				return true
			}
			from += k + 1
		}
		return false
	}
	for end := pos; end <= len(text); end++ {
		if m.match(i+1, end) {
			m.capture(e, pos, end)
			return true
		}
	}
	return false
}

// typedAt tries element i as its type's text at pos, longest first.
func (m *stepMatcher) typedAt(i int, e *stepElem, pos int) bool {
	text := m.text
	switch e.t {
	case value.Int, value.Long:
		p := pos
		if p < len(text) && text[p] == '-' {
			p++
		}
		end := p
		for end < len(text) && text[end] >= '0' && text[end] <= '9' {
			end++
		}
		for ; end > p; end-- {
			if m.match(i+1, end) {
				m.capture(e, pos, end)
				return true
			}
		}
	case value.Real, value.Decimal:
		end := pos
		for end < len(text) && strings.IndexByte("-+.0123456789eE", text[end]) >= 0 {
			end++
		}
		for ; end > pos; end-- {
			if isRealText(text[pos:end]) && m.match(i+1, end) {
				m.capture(e, pos, end)
				return true
			}
		}
	case value.Bool:
		end := -1
		if n, ok := prefixFold(text[pos:], "true"); ok {
			end = pos + n
		} else if n, ok := prefixFold(text[pos:], "false"); ok {
			end = pos + n
		} else if pos < len(text) && (text[pos] == '1' || text[pos] == '0') {
			end = pos + 1
		}
		if end >= 0 && m.match(i+1, end) {
			m.capture(e, pos, end)
			return true
		}
	case value.GUID:
		if end := pos + 36; end <= len(text) && isGUIDText(text[pos:end]) && m.match(i+1, end) {
			m.capture(e, pos, end)
			return true
		}
	}
	return false
}

// isRealText reports whether s is -?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?,
// the text a real column of a parse pattern matches. Shorter matches of
// that regex are also shorter prefixes, so trying lengths from the longest
// down follows the regex's preference.
func isRealText(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() > 0 {
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	} else {
		if i >= len(s) || s[i] != '.' {
			return false
		}
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// prefixFold reports whether s starts with word under Unicode case folding
// (as the regex flag i compares), and the byte length of that prefix.
func prefixFold(s, word string) (int, bool) {
	n := 0
	for _, w := range word {
		if n >= len(s) {
			return 0, false
		}
		r, size := utf8.DecodeRuneInString(s[n:])
		if r != w && !strings.EqualFold(string(r), string(w)) {
			return 0, false
		}
		n += size
	}
	return n, true
}

// isGUIDText reports whether s is a guid in the 8-4-4-4-12 hex form.
func isGUIDText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return len(s) == 36
}

// parseKv runs parse-kv.
func (c *compiler) parseKv(x *plan.ParseKv) (stage, error) {
	src, err := c.expr(x.X)
	if err != nil {
		return nil, err
	}
	return extractStage(x.In, x.Cols, x.Out, false, src, newKvRow(x)), nil
}

// newKvRow returns the row parser of parse-kv. A key's first appearance
// wins; listed keys that do not appear, or whose value does not convert,
// are null.
func newKvRow(x *plan.ParseKv) parseRow {
	keys := make(map[string]int, len(x.Cols))
	for k, col := range x.Cols {
		keys[col.Name] = k
	}
	found := make([]bool, len(x.Cols))
	whole := x.Regex != nil && lookBehind(x.Regex)
	sc := &kvScanner{pair: x.PairDelim, kv: x.KvDelim, quotes: x.Quotes, escapes: x.Escapes, greedy: x.Greedy}
	isKey := func(key string) bool {
		_, ok := keys[key]
		return ok
	}
	var outs []*value.Vector
	var row int
	left := 0
	emit := func(key, val string) bool {
		k, ok := keys[key]
		if !ok || found[k] {
			return true
		}
		found[k] = true
		left--
		if !convertText(val, x.Cols[k].T, outs[k], row) {
			outs[k].SetNull(row)
		}
		return left > 0
	}
	return func(text string, o []*value.Vector, i int) bool {
		outs, row = o, i
		clear(found)
		left = len(found)
		switch {
		case x.Regex != nil:
			scanKvRegex(x.Regex, whole, text, emit)
		case x.PairDelim != "":
			sc.delimited(text, emit)
		default:
			sc.tokens(text, isKey, emit)
		}
		for k, f := range found {
			if !f {
				outs[k].SetNull(i)
			}
		}
		return true
	}
}

// scanKvRegex emits every match of re's two groups, stopping as soon as
// emit has what it needs. whole is set for regexes whose assertions (^, \A,
// \b, \B) depend on the text before a match: they search the whole text.
func scanKvRegex(re *regexp.Regexp, whole bool, text string, emit func(key, val string) bool) {
	if whole {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			if m[2] >= 0 && m[4] >= 0 && !emit(strings.TrimSpace(text[m[2]:m[3]]), strings.TrimSpace(text[m[4]:m[5]])) {
				return
			}
		}
		return
	}
	for pos := 0; pos <= len(text); {
		m := re.FindStringSubmatchIndex(text[pos:])
		if m == nil {
			return
		}
		if m[2] >= 0 && m[4] >= 0 {
			if !emit(strings.TrimSpace(text[pos+m[2]:pos+m[3]]), strings.TrimSpace(text[pos+m[4]:pos+m[5]])) {
				return
			}
		}
		if m[1] > m[0] {
			pos += m[1]
			continue
		}
		// An empty match: step over one character.
		_, w := utf8.DecodeRuneInString(text[pos+m[0]:])
		pos += m[0] + max(w, 1)
	}
}

// lookBehind reports whether re has an assertion that looks at the text
// before the position it is tried at.
func lookBehind(re *regexp.Regexp) bool {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return true
	}
	var walk func(t *syntax.Regexp) bool
	walk = func(t *syntax.Regexp) bool {
		switch t.Op {
		case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			return true
		}
		for _, sub := range t.Sub {
			if walk(sub) {
				return true
			}
		}
		return false
	}
	return walk(tree)
}

// kvScanner splits text into key/value pairs for parse-kv.
type kvScanner struct {
	pair, kv string
	quotes   [][2]rune
	escapes  []rune
	greedy   bool
	buf      []byte
	// noClose lists, per closing quote, an offset after which it never
	// occurs in the current text.
	noClose []struct {
		r    rune
		from int
	}
}

// quoteAt returns the closing quote when text[i:] starts with an opening
// quote.
func (s *kvScanner) quoteAt(text string, i int) (rune, bool) {
	if i >= len(text) {
		return 0, false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	for _, q := range s.quotes {
		if q[0] == r {
			return q[1], true
		}
	}
	return 0, false
}

func (s *kvScanner) isEscape(r rune) bool {
	for _, e := range s.escapes {
		if e == r {
			return true
		}
	}
	return false
}

// quoted reads a quoted string starting at the opening quote text[i] and
// returns its content with escapes resolved and the index after the closing
// quote. An unterminated quote runs to the end of the text.
func (s *kvScanner) quoted(text string, i int, closing rune) (string, int) {
	_, w := utf8.DecodeRuneInString(text[i:])
	i += w
	start := i
	s.buf = s.buf[:0]
	plain := true
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if r == closing {
			if plain {
				return text[start:i], i + w
			}
			return string(s.buf), i + w
		}
		if s.isEscape(r) && i+w < len(text) {
			if plain {
				s.buf = append(s.buf, text[start:i]...)
				plain = false
			}
			_, w2 := utf8.DecodeRuneInString(text[i+w:])
			s.buf = append(s.buf, text[i+w:i+w+w2]...)
			i += w + w2
			continue
		}
		if !plain {
			s.buf = append(s.buf, text[i:i+w]...)
		}
		i += w
	}
	if plain {
		return text[start:], len(text)
	}
	return string(s.buf), len(text)
}

func indexFrom(text string, from int, sub string) int {
	if from > len(text) {
		return -1
	}
	k := strings.Index(text[from:], sub)
	if k < 0 {
		return -1
	}
	return from + k
}

func skipSpace(text string, i int) int {
	for i < len(text) {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += w
	}
	return i
}

// finder finds the occurrences of sub in one text left to right. It
// remembers the last answer, so that asking again from an offset not past
// it costs nothing: scans that probe ahead stay linear in the text.
type finder struct {
	sub  string
	text string
	from int // where the last search started
	at   int // its answer: -1 none, -2 no search yet
}

func (f *finder) reset(text string) { f.text, f.at = text, -2 }

// next returns the first occurrence at or after from, or -1.
func (f *finder) next(from int) int {
	if f.at != -2 && from >= f.from && (f.at < 0 || f.at >= from) {
		return f.at
	}
	f.from, f.at = from, indexFrom(f.text, from, f.sub)
	return f.at
}

// delimited scans "key<kv>value<pair>key<kv>value...". Keys and values may
// be quoted (then they may contain delimiters); segments without a kv
// delimiter are skipped. In greedy mode an unquoted value runs up to the
// next segment that holds a key, so it may contain pair delimiters.
func (s *kvScanner) delimited(text string, emit func(key, val string) bool) {
	pairs := &finder{sub: s.pair}
	kvs := &finder{sub: s.kv}
	pairs.reset(text)
	kvs.reset(text)
	s.noClose = s.noClose[:0]
	pos := 0
	for pos < len(text) {
		start := skipSpace(text, pos)
		var key string
		p := start
		if closing, ok := s.quoteAt(text, start); ok {
			key, p = s.quoted(text, start, closing)
			p = skipSpace(text, p)
			if !strings.HasPrefix(text[p:], s.kv) {
				ip := pairs.next(p)
				if ip < 0 {
					return
				}
				pos = ip + len(s.pair)
				continue
			}
		} else {
			ik := kvs.next(start)
			ip := pairs.next(start)
			if ik < 0 || (ip >= 0 && ip < ik) {
				if ip < 0 {
					return
				}
				pos = ip + len(s.pair)
				continue
			}
			key = strings.TrimSpace(text[start:ik])
			p = ik
		}
		p += len(s.kv)
		var val string
		vs := skipSpace(text, p)
		ip := pairs.next(p)
		if closing, ok := s.quoteAt(text, vs); ok && (ip < 0 || vs < ip) {
			val, p = s.quoted(text, vs, closing)
			p = pairs.next(p)
		} else {
			end := ip
			if s.greedy {
				end = s.greedyEnd(text, p, pairs, kvs)
			}
			if end < 0 {
				end = len(text)
			}
			val = strings.TrimSpace(text[p:end])
			p = end
			if p == len(text) {
				p = -1
			}
		}
		if !emit(key, val) || p < 0 {
			return
		}
		pos = p + len(s.pair)
	}
}

// greedyEnd returns where a greedy value starting at from ends: at the
// pair delimiter before the next key (a segment holding a kv delimiter, or
// starting with a quoted key), or at the end of the text. A segment that
// starts with a quote costs a scan to its closing quote; an unclosed quote
// is remembered, so that only quotes closing far ahead, again and again,
// cost more than linear time.
func (s *kvScanner) greedyEnd(text string, from int, pairs, kvs *finder) int {
	for ip := pairs.next(from); ip >= 0; ip = pairs.next(ip + len(s.pair)) {
		seg := ip + len(s.pair)
		st := skipSpace(text, seg)
		if closing, ok := s.quoteAt(text, st); ok {
			if s.closes(text, st, closing) {
				_, after := s.quoted(text, st, closing)
				if strings.HasPrefix(text[skipSpace(text, after):], s.kv) {
					return ip
				}
			}
			continue
		}
		ik := kvs.next(seg)
		if ik < 0 {
			return len(text)
		}
		if next := pairs.next(seg); next < 0 || ik < next {
			return ip
		}
	}
	return len(text)
}

// closes reports whether the closing quote occurs after the opening one at
// i. Positions past which a closing quote never occurs are remembered.
func (s *kvScanner) closes(text string, i int, closing rune) bool {
	for _, nc := range s.noClose {
		if nc.r == closing && i >= nc.from {
			return false
		}
	}
	_, w := utf8.DecodeRuneInString(text[i:])
	if strings.ContainsRune(text[i+w:], closing) {
		return true
	}
	s.noClose = append(s.noClose, struct {
		r    rune
		from int
	}{closing, i})
	return false
}

// tokens scans text where any character other than a letter or a digit
// delimits: the value of a token isKey accepts is the token after it.
// Quoted strings are single tokens.
func (s *kvScanner) tokens(text string, isKey func(string) bool, emit func(key, val string) bool) {
	pos := 0
	next := func() (string, bool) {
		for pos < len(text) {
			if closing, ok := s.quoteAt(text, pos); ok {
				var t string
				t, pos = s.quoted(text, pos, closing)
				return t, true
			}
			r, w := utf8.DecodeRuneInString(text[pos:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				start := pos
				for pos < len(text) {
					r, w := utf8.DecodeRuneInString(text[pos:])
					if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
						break
					}
					pos += w
				}
				return text[start:pos], true
			}
			pos += w
		}
		return "", false
	}
	for {
		key, ok := next()
		if !ok {
			return
		}
		if !isKey(key) {
			continue
		}
		val, _ := next()
		if !emit(key, val) {
			return
		}
	}
}
