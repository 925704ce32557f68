package syntax

import (
	"slices"
	"strings"

	"github.com/harrier-sec/harrier/internal/value"
)

// parseTabular parses an expression and, when '|' follows, the pipe
// operators applied to it: wherever an expression may stand, so may a
// tabular expression (toscalar(T | count), in (T | project x), ...).
func (p *parser) parseTabular() Expr {
	x := p.parseExpr()
	if !p.isOp("|") {
		return x
	}
	pe := &PipeExpr{Source: x}
	for p.got("|") {
		if op := p.parseOpSafe(); op != nil {
			pe.Ops = append(pe.Ops, op)
		}
	}
	pe.Sp = p.span(x.Span().Start)
	return pe
}

// parseExpr parses a scalar expression (or a tabular source) without pipes.
func (p *parser) parseExpr() Expr {
	p.enter()
	x := p.parseOr()
	p.leave()
	return x
}

func (p *parser) parseOr() Expr {
	x := p.parseAnd()
	for p.isWord("or") {
		opSp := p.tokSpan()
		p.next()
		y := p.parseAnd()
		x = &BinaryExpr{Op: "or", Left: x, Right: y, OpSp: opSp, Sp: Span{x.Span().Start, p.prevEnd}}
	}
	return x
}

func (p *parser) parseAnd() Expr {
	x := p.parseCmp()
	for p.isWord("and") {
		opSp := p.tokSpan()
		p.next()
		y := p.parseCmp()
		x = &BinaryExpr{Op: "and", Left: x, Right: y, OpSp: opSp, Sp: Span{x.Span().Start, p.prevEnd}}
	}
	return x
}

// wordCmpOps are the comparison-level operators spelled as words.
var wordCmpOps = map[string]bool{
	"has": true, "has_cs": true, "hasprefix": true, "hasprefix_cs": true,
	"hassuffix": true, "hassuffix_cs": true, "contains": true, "contains_cs": true,
	"startswith": true, "startswith_cs": true, "endswith": true, "endswith_cs": true,
	"in": true, "has_any": true, "has_all": true, "between": true,
}

// legacyCmpOps are older spellings of string operators that Kusto still
// accepts; they parse into the canonical operator.
var legacyCmpOps = map[string]string{
	"containscs": "contains_cs", "notcontains": "!contains", "notcontainscs": "!contains_cs",
}

// cmpOpAt returns the canonical comparison operator at token k and the
// number of tokens it spans, or "" when there is none.
func (p *parser) cmpOpAt(k int) (string, int) {
	t := p.tokAt(k)
	switch t.kind {
	case tOp:
		switch t.text {
		case "==", "!=", "<", "<=", ">", ">=", "=~", "!~", "in~":
			return t.text, 1
		case "<>":
			return "!=", 1
		}
		if strings.HasPrefix(t.text, "!") && len(t.text) > 2 {
			return t.text, 1
		}
	case tIdent:
		if wordCmpOps[t.text] {
			return t.text, 1
		}
		if op, ok := legacyCmpOps[t.text]; ok {
			return op, 1
		}
		if t.text == "matches" && isWordTok(p.tokAt(k+1), "regex") {
			return "matches regex", 2
		}
	}
	return "", 0
}

// parseCmp parses the comparison level. Comparisons do not chain: a == b
// == c needs parentheses.
func (p *parser) parseCmp() Expr {
	x := p.parseAdd()
	op, n := p.cmpOpAt(0)
	if op == "" {
		if p.isWord("matches") {
			p.next()
			p.failf(p.tokSpan(), "expected 'regex' after 'matches', found %s", p.describe(p.tok))
		}
		return x
	}
	start := p.tok.pos
	for i := 0; i < n; i++ {
		p.next()
	}
	opSp := p.span(start)
	x = p.parseCmpRight(x, op, opSp)
	if op2, _ := p.cmpOpAt(0); op2 != "" {
		p.failf(p.tokSpan(), "unexpected '%s' after a comparison; comparisons do not chain, add parentheses", p.tok.text)
	}
	return x
}

func (p *parser) parseCmpRight(x Expr, op string, opSp Span) Expr {
	start := x.Span().Start
	switch op {
	case "in", "!in", "in~", "!in~", "has_any", "has_all":
		open := p.expect("(", "after '"+op+"'")
		var list []Expr
		for {
			list = append(list, p.parseArg(false))
			if !p.got(",") {
				break
			}
		}
		p.expectClose(")", open)
		return &InExpr{Op: op, X: x, List: list, Sp: p.span(start)}
	case "between", "!between":
		open := p.expect("(", "after '"+op+"'")
		lo := p.parseExpr()
		p.expect("..", "between the bounds of '"+op+"'")
		hi := p.parseExpr()
		p.expectClose(")", open)
		return &BetweenExpr{Not: op == "!between", X: x, Low: lo, High: hi, Sp: p.span(start)}
	}
	y := p.parseAdd()
	return &BinaryExpr{Op: op, Left: x, Right: y, OpSp: opSp, Sp: p.span(start)}
}

func (p *parser) parseAdd() Expr {
	x := p.parseMul()
	for p.isOp("+") || p.isOp("-") {
		op, opSp := p.tok.text, p.tokSpan()
		p.next()
		y := p.parseMul()
		x = &BinaryExpr{Op: op, Left: x, Right: y, OpSp: opSp, Sp: Span{x.Span().Start, p.prevEnd}}
	}
	return x
}

func (p *parser) parseMul() Expr {
	x := p.parseUnary()
	for p.isOp("*") || p.isOp("/") || p.isOp("%") {
		op, opSp := p.tok.text, p.tokSpan()
		p.next()
		y := p.parseUnary()
		x = &BinaryExpr{Op: op, Left: x, Right: y, OpSp: opSp, Sp: Span{x.Span().Start, p.prevEnd}}
	}
	return x
}

func (p *parser) parseUnary() Expr {
	if p.signedNumberAhead() && !p.isOpAt(2, ".") && !p.isOpAt(2, "[") {
		return p.parseNumber()
	}
	if p.isOp("-") || p.isOp("+") {
		start, op := p.tok.pos, p.tok.text
		p.next()
		p.enter()
		x := p.parseUnary()
		p.leave()
		return &UnaryExpr{Op: op, X: x, Sp: p.span(start)}
	}
	return p.parsePostfix()
}

func (p *parser) parsePostfix() Expr {
	x := p.parsePrimary()
	start := x.Span().Start
	for {
		switch {
		case p.isOp("."):
			p.next()
			if p.isOp("[") && p.nameLen(0) == 0 {
				// Legacy element access: x.[expr].
				open := p.tok
				p.next()
				idx := p.parseExpr()
				p.expectClose("]", open)
				x = &IndexExpr{X: x, Index: idx, Sp: p.span(start)}
				continue
			}
			name := p.parseName("a member name")
			x = &MemberExpr{X: x, Name: name, Sp: p.span(start)}
		case p.isOp("["):
			open := p.tok
			p.next()
			idx := p.parseExpr()
			p.expectClose("]", open)
			x = &IndexExpr{X: x, Index: idx, Sp: p.span(start)}
		default:
			return x
		}
	}
}

// failExpr reports a missing expression at the current token.
func (p *parser) failExpr() {
	p.failf(p.tokSpan(), "expected an expression%s, found %s", p.after(), p.describe(p.tok))
}

func (p *parser) parsePrimary() Expr {
	t := p.tok
	switch t.kind {
	case tLong, tReal, tTimespan:
		return p.parseNumber()
	case tString:
		return p.parseStringLit()
	case tIdent:
		if p.inSearch && p.isOpAt(1, ":") && p.tokAt(2).kind == tString {
			// search's Column:"term" is Column has "term".
			id := &Ident{Name: t.text, Sp: Span{t.pos, t.end}}
			p.next()
			colon := p.tokSpan()
			p.next()
			lit := p.parseStringLit()
			return &BinaryExpr{Op: "has", Left: id, Right: lit, OpSp: colon, Sp: p.span(t.pos)}
		}
		return p.parseWord()
	case tOp:
		switch t.text {
		case "(":
			p.next()
			x := p.parseTabular()
			p.expectClose(")", t)
			return &ParenExpr{X: x, Sp: p.span(t.pos)}
		case "[":
			if p.nameLen(0) > 0 {
				return p.parseName("a name")
			}
		case "*":
			// Only as the left side of a search-style predicate: * has "x".
			if op, _ := p.cmpOpAt(1); op != "" {
				p.next()
				return &StarExpr{Sp: Span{t.pos, t.end}}
			}
		}
	}
	p.failExpr()
	return nil
}

func isNumberTok(t token) bool { return t.kind == tLong || t.kind == tReal || t.kind == tTimespan }

// signedNumberAhead reports whether a sign touching a number starts at the
// current token (-1, but not - 1, which stays a UnaryExpr so that every
// tree has a spelling).
func (p *parser) signedNumberAhead() bool {
	if !p.isOp("-") && !p.isOp("+") {
		return false
	}
	n := p.tokAt(1)
	return isNumberTok(n) && n.pos == p.tok.end
}

// parseNumber parses a number token, or a sign and a number token when the
// current token is '-' or '+': signs fold into the literal, so -1 and
// datatable values like -2.5 are literals and -9223372036854775808 fits.
func (p *parser) parseNumber() *Literal {
	start := p.tok.pos
	neg := false
	if p.isOp("-") || p.isOp("+") {
		neg = p.tok.text == "-"
		p.next()
	}
	t := p.tok
	p.next()
	lit := &Literal{Text: p.src[start:t.end], Sp: Span{start, t.end}}
	var err error
	switch t.kind {
	case tLong:
		var n int64
		if neg && !strings.HasPrefix(t.text, "0x") && !strings.HasPrefix(t.text, "0X") {
			n, err = parseLong("-" + t.text)
		} else if n, err = parseLong(t.text); neg {
			n = -n
		}
		lit.Value = value.NewLong(n)
		if err != nil {
			lit.Value = value.Null(value.Long)
		}
	case tReal:
		var f float64
		if f, err = parseReal(t.text); neg {
			f = -f
		}
		lit.Value = value.NewReal(f)
		if err != nil {
			lit.Value = value.Null(value.Real)
		}
	default:
		var ticks int64
		if ticks, err = timespanTicks(t.text); neg {
			ticks = -ticks
		}
		lit.Value = value.NewTimeSpan(ticks)
		if err != nil {
			lit.Value = value.Null(value.TimeSpan)
		}
	}
	if err != nil {
		p.errorf(lit.Sp, "number '%s' is out of range", truncate(lit.Text, 40))
	}
	return lit
}

// parseStringLit reads one string literal or several adjacent ones, which
// KQL concatenates ("a" "b" is "ab").
func (p *parser) parseStringLit() *Literal {
	t := p.tok
	p.next()
	if p.tok.kind != tString {
		return &Literal{Value: value.NewString(t.val), Text: t.text, Sp: Span{t.pos, t.end}}
	}
	var val, text strings.Builder
	val.WriteString(t.val)
	text.WriteString(t.text)
	for p.tok.kind == tString {
		val.WriteString(p.tok.val)
		text.WriteByte(' ')
		text.WriteString(p.tok.text)
		p.next()
	}
	return &Literal{Value: value.NewString(val.String()), Text: text.String(), Sp: p.span(t.pos)}
}

func isTrue(w string) bool  { return w == "true" || w == "True" || w == "TRUE" }
func isFalse(w string) bool { return w == "false" || w == "False" || w == "FALSE" }

// infixWords are words that continue an expression; they never start one.
func infixWord(w string) bool {
	return wordCmpOps[w] || legacyCmpOps[w] != "" || w == "and" || w == "or" || w == "matches"
}

// startsOperandAt reports whether token k can start an expression; source
// keywords (print, union, search) are keywords only when one follows.
func (p *parser) startsOperandAt(k int) bool {
	t := p.tokAt(k)
	switch t.kind {
	case tIdent:
		return !infixWord(t.text)
	case tLong, tReal, tTimespan, tString:
		return true
	case tOp:
		switch t.text {
		case "(", "-", "+":
			return true
		case "[":
			return p.nameLen(k) > 0
		}
	}
	return false
}

// parseWord parses a primary that starts with a word: literals, sources,
// calls and names.
func (p *parser) parseWord() Expr {
	t := p.tok
	w := t.text
	switch {
	case isTrue(w), isFalse(w):
		p.next()
		return &Literal{Value: value.NewBool(isTrue(w)), Text: w, Sp: Span{t.pos, t.end}}
	case w == "and" || w == "or":
		p.failExpr()
	}
	if p.isOpAt(1, "(") {
		if typ, ok := typedLiteralWords[w]; ok {
			return p.parseTypedLiteral(typ)
		}
		switch w {
		case "typeof":
			return p.parseTypeof()
		case "datatable":
			return p.parseDatatable()
		}
	}
	switch w {
	case "print":
		if p.startsOperandAt(1) {
			p.next()
			return &PrintExpr{Cols: p.parseNamedList(), Sp: p.span(t.pos)}
		}
	case "range":
		if p.tokAt(1).kind == tIdent && isWordTok(p.tokAt(2), "from") {
			return p.parseRange()
		}
	case "union":
		if p.unionLegAt(1) {
			p.next()
			return p.parseUnion(t.pos)
		}
	case "search":
		if p.startsOperandAt(1) || p.isOpAt(1, "*") || isWordTok(p.tokAt(1), "in") && p.isOpAt(2, "(") {
			p.next()
			return p.parseSearch(t.pos)
		}
	case "externaldata", "external_data":
		if p.isOpAt(1, "(") {
			return p.parseExternalData()
		}
	case "evaluate":
		if p.tokAt(1).kind == tIdent && p.isOpAt(2, "(") {
			p.failf(Span{t.pos, p.tokAt(1).end}, "evaluate plugins that start a query (%s) are not supported", p.tokAt(1).text)
		}
	case "find":
		if n := p.tokAt(1); isWordTok(n, "where") || isWordTok(n, "in") && p.isOpAt(2, "(") || n.kind == tIdent && p.isOpAt(2, "=") || p.startsOperandAt(1) {
			p.next()
			return p.parseFind(t.pos)
		}
	}
	p.next()
	id := &Ident{Name: w, Sp: Span{t.pos, t.end}}
	if p.isOp("(") {
		return p.parseCall(id)
	}
	return id
}

// parseCall parses the argument list of a call to id; the current token is '('.
func (p *parser) parseCall(id *Ident) *CallExpr {
	open := p.tok
	p.next()
	c := &CallExpr{Func: id}
	if !p.isOp(")") {
		for {
			if p.nameEqAt(0) {
				c.Args = append(c.Args, p.parseNamedArg())
			} else {
				c.Args = append(c.Args, p.parseArg(true))
			}
			if !p.got(",") {
				break
			}
		}
	}
	p.expectClose(")", open)
	c.Sp = p.span(id.Sp.Start)
	return c
}

// parseNamedArg parses Name = X in an argument list; the current token
// starts the name and nameEqAt(0) holds.
func (p *parser) parseNamedArg() *NamedArg {
	start := p.tok.pos
	a := &NamedArg{Name: p.parseName("a parameter name")}
	p.next() // '='
	a.X = p.parseTabular()
	a.Sp = p.span(start)
	return a
}

// parseArg parses a call argument or list element: an expression, maybe
// tabular, or '*' where allowed.
func (p *parser) parseArg(star bool) Expr {
	if star && p.isOp("*") && (p.isOpAt(1, ",") || p.isOpAt(1, ")")) {
		t := p.tok
		p.next()
		return &StarExpr{Sp: Span{t.pos, t.end}}
	}
	return p.parseTabular()
}

// parseCallOnly parses name(args) where only a call may stand.
func (p *parser) parseCallOnly(what string) *CallExpr {
	if p.tok.kind != tIdent || !p.isOpAt(1, "(") {
		p.failf(p.tokSpan(), "expected %s%s, found %s", what, p.after(), p.describe(p.tok))
	}
	t := p.tok
	p.next()
	return p.parseCall(&Ident{Name: t.text, Sp: Span{t.pos, t.end}})
}

// parseTypedLiteral parses kind(content): the content of dynamic is
// JSON-like and read with tokens; every other kind is read raw up to ')'.
func (p *parser) parseTypedLiteral(typ value.Type) *Literal {
	start, word := p.tok.pos, p.tok.text
	p.next()
	open := p.tok
	if typ == value.Dynamic {
		p.next()
		var v value.Value
		if p.isWord("null") && p.isOpAt(1, ")") {
			p.next()
			v = value.Null(value.Dynamic)
		} else {
			v = value.NewDynamic(p.parseDyn())
		}
		p.expectClose(")", open)
		return &Literal{Value: v, Text: p.src[start:p.prevEnd], Sp: p.span(start)}
	}
	i := open.end
	for i < len(p.src) && p.src[i] != ')' && p.src[i] != '\n' {
		i++
	}
	if i >= len(p.src) || p.src[i] != ')' {
		p.skipTo(i)
		p.failf(Span{open.pos, open.end}, "expected ')' to close %s(...) on the same line", word)
	}
	raw := p.src[open.end:i]
	p.skipTo(i + 1)
	sp := Span{start, i + 1}
	v, err := parseTypedRaw(typ, raw)
	if err != nil {
		p.errorf(sp, "invalid %s literal '%s': %v", word, truncate(strings.TrimSpace(raw), 40), err)
		v = value.Null(typ)
	}
	return &Literal{Value: v, Text: p.src[start : i+1], Sp: sp}
}

// parseDyn parses the content of a dynamic literal: JSON whose scalars may
// be any KQL literal (datetime(...), 1d, 'single quoted', ...).
func (p *parser) parseDyn() *value.Dyn {
	p.enter()
	defer p.leave()
	t := p.tok
	switch {
	case p.isOp("["):
		p.next()
		var items []*value.Dyn
		for !p.isOp("]") {
			items = append(items, p.parseDyn())
			if !p.got(",") {
				break
			}
		}
		p.expectClose("]", t)
		if items == nil {
			items = []*value.Dyn{}
		}
		return value.DynArray(items)
	case p.isOp("{"):
		p.next()
		var keys []string
		var vals []*value.Dyn
		for !p.isOp("}") {
			if p.tok.kind != tString {
				p.failf(p.tokSpan(), "expected a string key in a dynamic property bag, found %s", p.describe(p.tok))
			}
			k := p.parseStringLit().Value.S
			p.expect(":", "after the property name")
			v := p.parseDyn()
			// A repeated key keeps its first position and its last value.
			if i := slices.Index(keys, k); i >= 0 {
				vals[i] = v
			} else {
				keys = append(keys, k)
				vals = append(vals, v)
			}
			if !p.got(",") {
				break
			}
		}
		p.expectClose("}", t)
		return value.DynBag(keys, vals)
	case p.isWord("null"):
		p.next()
		return value.DynNull()
	case p.isOp("-") || p.isOp("+"):
		if !isNumberTok(p.tokAt(1)) {
			p.failf(p.tokSpan(), "expected a number after '%s' in a dynamic literal, found %s", t.text, p.describe(p.tokAt(1)))
		}
		return p.parseNumber().Value.ToDyn()
	}
	return p.parseScalarLiteral("a value in a dynamic literal").Value.ToDyn()
}

// parseScalarLiteral parses an unsigned literal of any kind.
func (p *parser) parseScalarLiteral(what string) *Literal {
	switch p.tok.kind {
	case tLong, tReal, tTimespan:
		return p.parseNumber()
	case tString:
		return p.parseStringLit()
	case tIdent:
		w := p.tok.text
		if isTrue(w) || isFalse(w) {
			return p.parseWord().(*Literal)
		}
		if typ, ok := typedLiteralWords[w]; ok && p.isOpAt(1, "(") {
			return p.parseTypedLiteral(typ)
		}
	}
	p.failf(p.tokSpan(), "expected %s, found %s", what, p.describe(p.tok))
	return nil
}

func (p *parser) parseTypeof() Expr {
	t := p.tok
	p.next()
	open := p.tok
	p.next()
	ts := p.tok.pos
	typ := p.parseType()
	te := &TypeExpr{Type: typ, Sp: p.span(ts)}
	p.expectClose(")", open)
	return &CallExpr{Func: &Ident{Name: t.text, Sp: Span{t.pos, t.end}}, Args: []Expr{te}, Sp: p.span(t.pos)}
}

func (p *parser) parseDatatable() Expr {
	start := p.tok.pos
	p.next()
	open := p.tok
	p.next()
	d := &DatatableExpr{}
	if !p.isOp(")") {
		d.Columns = p.parseColumnDecls()
	}
	p.expectClose(")", open)
	ob := p.expect("[", "with the values after the datatable schema")
	for !p.isOp("]") {
		d.Values = append(d.Values, p.parseExpr())
		if !p.got(",") {
			break
		}
	}
	p.expectClose("]", ob)
	d.Sp = p.span(start)
	return d
}

// parseExternalData reads externaldata(schema) [uris] [with (props)] in
// full, so that the rest of the query is still checked, and reports it as
// not supported; the returned placeholder only completes the partial tree.
func (p *parser) parseExternalData() Expr {
	t := p.tok
	p.next()
	p.errorf(Span{t.pos, t.end}, "%s is not supported: harrier queries only its own tables", t.text)
	open := p.tok
	p.next()
	if !p.isOp(")") {
		p.parseColumnDecls()
	}
	p.expectClose(")", open)
	ob := p.expect("[", "with the storage URIs after the externaldata schema")
	for !p.isOp("]") {
		p.parseExpr()
		if !p.got(",") {
			break
		}
	}
	p.expectClose("]", ob)
	if p.gotWord("with") {
		wo := p.expect("(", "after 'with'")
		for !p.isOp(")") {
			p.parseName("a property name")
			p.expect("=", "after the property name")
			p.parseExpr()
			if !p.got(",") {
				break
			}
		}
		p.expectClose(")", wo)
	}
	return &Ident{Name: t.text, Sp: p.span(t.pos)}
}

func (p *parser) parseRange() Expr {
	start := p.tok.pos
	p.next()
	r := &RangeExpr{Name: p.parseName("a column name")}
	p.expectWord("from", "after the range column name")
	r.From = p.parseExpr()
	p.expectWord("to", "after the start of the range")
	r.To = p.parseExpr()
	p.expectWord("step", "after the end of the range")
	r.Step = p.parseExpr()
	r.Sp = p.span(start)
	return r
}

// parseNamedList reads NamedExpr, ... (at least one).
func (p *parser) parseNamedList() []*NamedExpr {
	var list []*NamedExpr
	for {
		list = append(list, p.parseNamedExpr())
		if !p.got(",") {
			return list
		}
	}
}

// parseNamedExpr reads [Name =] X or (A, B) = X.
func (p *parser) parseNamedExpr() *NamedExpr {
	start := p.tok.pos
	ne := &NamedExpr{}
	switch {
	case p.nameEqAt(0):
		ne.Names = []*Ident{p.parseName("a name")}
		p.next()
	case p.namesEqAhead():
		open := p.tok
		p.next()
		for {
			ne.Names = append(ne.Names, p.parseName("a name"))
			if !p.got(",") {
				break
			}
		}
		p.expectClose(")", open)
		p.expect("=", "after the list of names")
	}
	ne.X = p.parseExpr()
	ne.Sp = p.span(start)
	return ne
}

// unionLegAt reports whether token k can start a union leg or parameter.
func (p *parser) unionLegAt(k int) bool {
	t := p.tokAt(k)
	switch t.kind {
	case tIdent:
		return !infixWord(t.text)
	case tOp:
		return t.text == "(" || t.text == "*" || t.text == "[" && p.nameLen(k) > 0
	}
	return false
}

// parseUnion parses the rest of union after the keyword, as a source or an
// operator.
func (p *parser) parseUnion(start int) *UnionOp {
	u := &UnionOp{}
	for _, prm := range p.parseParams("kind", "withsource", "with_source", "isfuzzy") {
		switch prm.Name {
		case "kind":
			u.Kind = p.paramWord(prm, "inner", "outer")
		case "withsource", "with_source":
			if id, ok := prm.Value.(*Ident); ok {
				u.WithSource = id
			} else {
				p.errorf(prm.Value.Span(), "expected a column name for withsource")
			}
		case "isfuzzy":
			u.IsFuzzy = p.paramBool(prm)
		default:
			u.Params = append(u.Params, prm)
		}
	}
	for {
		u.Tables = append(u.Tables, p.parseTableRef("a table name or (subquery)"))
		if !p.got(",") {
			break
		}
	}
	u.Sp = p.span(start)
	return u
}

// parseTableRef parses a union leg or search table: (subquery), a name
// with optional '*' wildcards, or a call.
func (p *parser) parseTableRef(what string) Expr {
	switch {
	case p.isOp("("):
		open := p.tok
		p.next()
		x := p.parseTabular()
		p.expectClose(")", open)
		return &ParenExpr{X: x, Sp: p.span(open.pos)}
	case p.tok.kind == tIdent && p.isOpAt(1, "("):
		t := p.tok
		p.next()
		return p.parseCall(&Ident{Name: t.text, Sp: Span{t.pos, t.end}})
	}
	return p.parseWildName(what)
}

// parseWildName reads a name that may contain '*' wildcards (T*, *_id,
// a*b): adjacent word, number and '*' tokens, or a ['bracketed'] name.
func (p *parser) parseWildName(what string) *Ident {
	if p.isOp("[") {
		return p.parseName(what)
	}
	start := p.tok.pos
	var b strings.Builder
	for {
		t := p.tok
		star := isOpTok(t, "*")
		ok := t.kind == tIdent && (b.Len() == 0 || t.text[0] != '$') || star || b.Len() > 0 && t.kind == tLong
		// Pieces join only when they touch and one of them is a '*'.
		if !ok || b.Len() > 0 && (t.pos != p.prevEnd || !star && !isOpTok(p.prev, "*")) {
			break
		}
		b.WriteString(t.text)
		p.next()
	}
	if b.Len() == 0 {
		p.failf(p.tokSpan(), "expected %s%s, found %s", what, p.after(), p.describe(p.tok))
	}
	return &Ident{Name: b.String(), Sp: p.span(start)}
}

// parseSearch parses the rest of search after the keyword.
func (p *parser) parseSearch(start int) *SearchOp {
	s := &SearchOp{Params: p.parseParams("kind")}
	for _, prm := range s.Params {
		if prm.Name == "kind" {
			p.paramWord(prm, "default", "case_sensitive", "case_insensitive")
		}
	}
	if p.isWord("in") && p.isOpAt(1, "(") {
		p.next()
		open := p.tok
		p.next()
		for {
			s.In = append(s.In, p.parseTableRef("a table name"))
			if !p.got(",") {
				break
			}
		}
		p.expectClose(")", open)
	}
	if p.isOp("*") && atOpEndTok(p.tokAt(1)) {
		s.Pred = &StarExpr{Sp: p.tokSpan()}
		p.next()
	} else {
		func() {
			p.inSearch = true
			defer func() { p.inSearch = false }()
			s.Pred = p.parseExpr()
		}()
	}
	s.Sp = p.span(start)
	return s
}

// paramNameAt returns the operator parameter name at the current token
// when "name =" follows: one of names, or any hint.xxx.
func (p *parser) paramNameAt(names []string) (string, int) {
	t := p.tok
	if t.kind != tIdent {
		return "", 0
	}
	if t.text == "hint" && p.isOpAt(1, ".") && p.tokAt(2).kind == tIdent && p.isOpAt(3, "=") {
		return "hint." + p.tokAt(2).text, 3
	}
	if slices.Contains(names, t.text) && p.isOpAt(1, "=") {
		return t.text, 1
	}
	return "", 0
}

// parseParams reads name=value operator parameters: the given names and
// any hint.xxx.
func (p *parser) parseParams(names ...string) []*OpParam {
	var ps []*OpParam
	for {
		name, n := p.paramNameAt(names)
		if n == 0 {
			return ps
		}
		start := p.tok.pos
		for i := 0; i <= n; i++ {
			p.next()
		}
		v := p.parseParamValue()
		ps = append(ps, &OpParam{Name: name, Value: v, Sp: p.span(start)})
	}
}

// parseParamValue reads a parameter value: a bare word or a literal.
func (p *parser) parseParamValue() Expr {
	t := p.tok
	if t.kind == tIdent && !isTrue(t.text) && !isFalse(t.text) && !(typedLiteralWords[t.text] != value.Unknown && p.isOpAt(1, "(")) {
		p.next()
		return &Ident{Name: t.text, Sp: Span{t.pos, t.end}}
	}
	if p.signedNumberAhead() {
		return p.parseNumber()
	}
	return p.parseScalarLiteral("a parameter value" + p.after())
}

// paramWord checks that a parameter's value is one of the given words.
func (p *parser) paramWord(prm *OpParam, words ...string) string {
	if id, ok := prm.Value.(*Ident); ok && slices.Contains(words, id.Name) {
		return id.Name
	}
	p.errorf(prm.Value.Span(), "invalid value for %s; expected %s", prm.Name, strings.Join(words, ", "))
	return ""
}

func (p *parser) paramBool(prm *OpParam) bool {
	if lit, ok := prm.Value.(*Literal); ok && lit.Value.T == value.Bool && !lit.Value.Null {
		return lit.Value.Bool()
	}
	p.errorf(prm.Value.Span(), "invalid value for %s; expected true or false", prm.Name)
	return false
}

// parseFind parses the rest of find after the keyword.
func (p *parser) parseFind(start int) *FindOp {
	f := &FindOp{Params: p.parseParams("withsource", "with_source")}
	if p.isWord("in") && p.isOpAt(1, "(") {
		p.next()
		open := p.tok
		p.next()
		for {
			f.In = append(f.In, p.parseTableRef("a table name"))
			if !p.got(",") {
				break
			}
		}
		p.expectClose(")", open)
	}
	// "find Predicate" (no where) is the short form.
	p.gotWord("where")
	f.Pred = p.parseExpr()
	switch w, n := p.keywordAt(0); {
	case w == "project-smart":
		p.takeKeyword(w, n)
		f.ProjectSmart = true
	case w == "project" && n == 1:
		p.next()
		for {
			if p.isWord("pack_all") && p.isOpAt(1, "(") && p.isOpAt(2, ")") {
				p.next()
				p.next()
				p.next()
				f.PackAll = true
			} else {
				cs := p.tok.pos
				c := &ColumnDecl{Name: p.parseName("a column name")}
				if p.got(":") {
					c.Type = p.parseType()
				}
				c.Sp = p.span(cs)
				f.Project = append(f.Project, c)
			}
			if !p.got(",") {
				break
			}
		}
	}
	f.Sp = p.span(start)
	return f
}
