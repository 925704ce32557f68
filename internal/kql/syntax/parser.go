package syntax

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/harrier-sec/harrier/internal/value"
)

const (
	// maxErrors bounds the errors reported for one query; past it the rest
	// are mostly consequences of the first ones.
	maxErrors = 20
	// maxDepth bounds expression nesting so that hostile input cannot
	// exhaust the stack.
	maxDepth = 300
)

// bailout unwinds the parser to the nearest recovery point (a pipe
// operator or a statement) after an error has been recorded.
type bailout struct{}

type parser struct {
	src     string
	lx      lexer
	tok     token   // current token
	ahead   []token // lookahead after tok, from ahead[head]
	head    int
	prev    token // last consumed token, for "after 'x'" in messages
	prevEnd int   // end offset of the last consumed token
	nest    int   // open brackets consumed so far, for error recovery
	errs    ErrorList
	depth   int
	// inSearch is set while parsing a search predicate, where Column:"term"
	// means Column has "term".
	inSearch bool
}

// Parse parses a query text: statements separated by ';' (a trailing ';'
// is allowed). On errors it returns the statements and operators it could
// parse together with an ErrorList holding every error, each with its
// position.
func Parse(src string) (*Script, error) {
	p := newParser(src)
	s := p.parseScript()
	if len(p.errs) == 0 && p.nest != 0 {
		panic("BUG: brackets unbalanced after a clean parse")
	}
	return s, p.result()
}

// ParseExpr parses a single expression, scalar or tabular (with pipes).
func ParseExpr(src string) (Expr, error) {
	p := newParser(src)
	var x Expr
	p.try(func() {
		x = p.parseTabular()
		if p.tok.kind != tEOF {
			p.failf(p.tokSpan(), "expected end of expression, found %s", p.describe(p.tok))
		}
	})
	return x, p.result()
}

func newParser(src string) *parser {
	p := &parser{src: src, lx: lexer{src: src}}
	p.advance()
	return p
}

func (p *parser) result() error {
	if len(p.errs) == 0 {
		return nil
	}
	sort.SliceStable(p.errs, func(i, j int) bool { return p.errs[i].Sp.Start < p.errs[j].Sp.Start })
	for _, e := range p.errs {
		e.Line, e.Col = Position(p.src, e.Sp.Start)
	}
	return p.errs
}

// --- tokens ---

// next consumes the current token.
func (p *parser) next() {
	if p.tok.kind == tOp && len(p.tok.text) == 1 {
		switch p.tok.text[0] {
		case '(', '[', '{':
			p.nest++
		case ')', ']', '}':
			p.nest--
		}
	}
	p.prev = p.tok
	p.prevEnd = p.tok.end
	p.advance()
}

// advance loads the next token, reporting lexical errors as tokens become
// current (never while only peeked: raw literal content is re-read). A bad
// token stays current: the parser's complaint about it lands on the same
// position and is dropped, so one lexical error gives one message.
func (p *parser) advance() {
	if p.head < len(p.ahead) {
		p.tok = p.ahead[p.head]
		p.head++
		if p.head == len(p.ahead) {
			p.ahead, p.head = p.ahead[:0], 0
		}
	} else {
		p.tok = p.lx.next()
	}
	if p.tok.err != nil {
		p.errorAt(Span{p.tok.err.pos, p.tok.end}, p.tok.err.msg)
	}
}

// tokAt returns the current token for k == 0 and the k-th token after it
// otherwise.
func (p *parser) tokAt(k int) token {
	if k == 0 {
		return p.tok
	}
	for len(p.ahead)-p.head < k {
		p.ahead = append(p.ahead, p.lx.next())
	}
	return p.ahead[p.head+k-1]
}

// skipTo repositions the parser at byte offset pos, after raw content that
// was read without the lexer (its brackets are balanced or never consumed).
func (p *parser) skipTo(pos int) {
	p.prev = token{kind: tOp, pos: pos - 1, end: pos, text: p.src[pos-1 : pos]}
	p.prevEnd = pos
	p.ahead, p.head = p.ahead[:0], 0
	p.lx.pos = pos
	p.advance()
}

func isOpTok(t token, s string) bool   { return t.kind == tOp && t.text == s }
func isWordTok(t token, s string) bool { return t.kind == tIdent && t.text == s }

func (p *parser) isOp(s string) bool          { return isOpTok(p.tok, s) }
func (p *parser) isWord(s string) bool        { return isWordTok(p.tok, s) }
func (p *parser) isOpAt(k int, s string) bool { return isOpTok(p.tokAt(k), s) }
func (p *parser) tokSpan() Span               { return Span{p.tok.pos, p.tok.end} }
func (p *parser) span(start int) Span         { return Span{start, p.prevEnd} }

func (p *parser) got(s string) bool {
	if p.isOp(s) {
		p.next()
		return true
	}
	return false
}

func (p *parser) gotWord(s string) bool {
	if p.isWord(s) {
		p.next()
		return true
	}
	return false
}

// expect consumes the punctuation s or fails with "expected 's' <why>".
func (p *parser) expect(s, why string) token {
	t := p.tok
	if !p.isOp(s) {
		p.failf(p.tokSpan(), "expected '%s' %s, found %s", s, why, p.describe(p.tok))
	}
	p.next()
	return t
}

// expectWord consumes the keyword w or fails.
func (p *parser) expectWord(w, why string) {
	if !p.isWord(w) {
		p.failf(p.tokSpan(), "expected '%s' %s, found %s", w, why, p.describe(p.tok))
	}
	p.next()
}

// expectClose consumes the bracket closing open.
func (p *parser) expectClose(s string, open token) {
	if !p.isOp(s) {
		line, col := Position(p.src, open.pos)
		p.failf(p.tokSpan(), "expected '%s' to close '%s' at %d:%d, found %s", s, open.text, line, col, p.describe(p.tok))
	}
	p.next()
}

// atOpEnd reports whether the current token ends a pipe operator.
func (p *parser) atOpEnd() bool { return atOpEndTok(p.tok) }

func atOpEndTok(t token) bool {
	switch t.kind {
	case tEOF:
		return true
	case tOp:
		switch t.text {
		case "|", ";", ")", "}":
			return true
		}
	}
	return false
}

// --- errors ---

func (p *parser) describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of query"
	case tString:
		return "string literal " + truncate(t.text, 30)
	}
	return "'" + truncate(t.text, 30) + "'"
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "..."
}

// after names the last consumed token for messages: "after 'where'".
func (p *parser) after() string {
	if p.prev.text == "" {
		return ""
	}
	return " after '" + truncate(p.prev.text, 30) + "'"
}

func (p *parser) errorAt(sp Span, msg string) {
	if len(p.errs) >= maxErrors {
		return
	}
	// One error per position: the rest are usually echoes of the first.
	for _, e := range p.errs {
		if e.Sp.Start == sp.Start {
			return
		}
	}
	p.errs = append(p.errs, &Error{Sp: sp, Msg: msg})
}

func (p *parser) errorf(sp Span, format string, args ...any) {
	p.errorAt(sp, fmt.Sprintf(format, args...))
}

// failf records an error and unwinds to the nearest recovery point.
func (p *parser) failf(sp Span, format string, args ...any) {
	p.errorf(sp, format, args...)
	panic(bailout{})
}

// try runs f, recovering from a bailout; it reports whether f completed.
func (p *parser) try(f func()) (ok bool) {
	depth := p.depth
	defer func() {
		if r := recover(); r != nil {
			if _, isBail := r.(bailout); !isBail {
				panic(r)
			}
			p.depth = depth
			ok = false
		}
	}()
	f()
	return true
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failf(p.tokSpan(), "expression is nested too deeply")
	}
}

func (p *parser) leave() { p.depth-- }

// syncOp skips to the end of a broken pipe operator that started at
// nesting level nest: the next '|' or ';' at that level, or a bracket
// closing an enclosing one.
func (p *parser) syncOp(nest int) {
	for p.tok.kind != tEOF {
		if p.nest <= nest && p.tok.kind == tOp {
			switch p.tok.text {
			case "|", ";", ")", "]", "}":
				return
			}
		}
		p.next()
	}
}

// syncStmt skips to the ';' ending a broken statement that started at
// nesting level nest, or to the '}' ending a function body when inBody.
// Unmatched closing brackets at the top level are skipped.
func (p *parser) syncStmt(nest int, inBody bool) {
	for p.tok.kind != tEOF {
		if p.nest <= nest && p.tok.kind == tOp {
			switch p.tok.text {
			case ";":
				return
			case "}":
				if inBody {
					return
				}
				p.next()
				p.nest = nest
				continue
			case ")", "]":
				p.next()
				p.nest = nest
				continue
			}
		}
		p.next()
	}
}

// --- statements ---

func (p *parser) parseScript() *Script {
	s := &Script{Sp: Span{0, len(p.src)}}
	for p.tok.kind != tEOF {
		if p.got(";") {
			continue
		}
		var st Stmt
		nest := p.nest
		if p.try(func() { st = p.parseStmt() }) {
			s.Stmts = append(s.Stmts, st)
		} else {
			p.syncStmt(nest, false)
		}
		switch {
		case p.got(";"), p.tok.kind == tEOF:
		default:
			p.errorf(p.tokSpan(), "expected ';' or end of query, found %s", p.describe(p.tok))
			p.syncStmt(nest, false)
		}
	}
	return s
}

func (p *parser) parseStmt() Stmt {
	switch {
	case p.isWord("let") && p.nameAt(1):
		return p.parseLet()
	case p.isWord("set") && p.tokAt(1).kind == tIdent:
		return p.parseSet()
	case (p.isWord("declare") || p.isWord("alias") || p.isWord("restrict")) && p.tokAt(1).kind == tIdent:
		p.failf(p.tokSpan(), "'%s' statements are not supported", p.tok.text)
	case p.isOp(".") && p.tokAt(1).kind == tIdent && p.tokAt(1).pos == p.tok.end:
		p.failf(Span{p.tok.pos, p.tokAt(1).end}, "management commands such as '.%s' are not supported", p.tokAt(1).text)
	}
	start := p.tok.pos
	x := p.parseTabular()
	return &ExprStmt{X: x, Sp: p.span(start)}
}

// nameAt reports whether a name (word or ['bracketed']) starts at token k.
func (p *parser) nameAt(k int) bool {
	t := p.tokAt(k)
	return t.kind == tIdent || isOpTok(t, "[") && p.tokAt(k+1).kind == tString
}

// nameLen returns how many tokens the name at token k spans (0: none).
func (p *parser) nameLen(k int) int {
	t := p.tokAt(k)
	if t.kind == tIdent {
		return 1
	}
	if isOpTok(t, "[") && p.tokAt(k+1).kind == tString {
		n := 2
		for p.tokAt(k+n).kind == tString {
			n++
		}
		if p.isOpAt(k+n, "]") {
			return n + 1
		}
	}
	return 0
}

// nameEqAt reports whether "name =" starts at token k.
func (p *parser) nameEqAt(k int) bool {
	n := p.nameLen(k)
	return n > 0 && p.isOpAt(k+n, "=")
}

// namesEqAhead reports whether "(a, b, ...) =" starts at the current token.
func (p *parser) namesEqAhead() bool {
	if !p.isOp("(") {
		return false
	}
	k := 1
	for i := 0; i < 64; i++ {
		n := p.nameLen(k)
		if n == 0 {
			return false
		}
		k += n
		switch {
		case p.isOpAt(k, ","):
			k++
		case p.isOpAt(k, ")"):
			return p.isOpAt(k+1, "=")
		default:
			return false
		}
	}
	return false
}

// parseName reads a name: any word (keywords included) or ['bracketed'].
func (p *parser) parseName(what string) *Ident {
	t := p.tok
	if t.kind == tIdent {
		p.next()
		return &Ident{Name: t.text, Sp: Span{t.pos, t.end}}
	}
	if p.isOp("[") && p.tokAt(1).kind == tString {
		p.next()
		lit := p.parseStringLit()
		p.expectClose("]", t)
		return &Ident{Name: lit.Value.S, Quoted: true, Sp: p.span(t.pos)}
	}
	p.failf(p.tokSpan(), "expected %s%s, found %s", what, p.after(), p.describe(p.tok))
	return nil
}

func (p *parser) parseLet() *LetStmt {
	start := p.tok.pos
	p.next()
	name := p.parseName("a name")
	p.expect("=", "after the name in a let statement")
	var v Expr
	switch {
	case p.funcLitAt(0):
		v = p.parseFuncLit(p.tok.pos, false)
	case p.isWord("view") && p.funcLitAt(1):
		vs := p.tok.pos
		p.next()
		v = p.parseFuncLit(vs, true)
	default:
		v = p.parseTabular()
	}
	return &LetStmt{Name: name, Value: v, Sp: p.span(start)}
}

// funcLitAt reports whether a function literal's parameter list starts at
// token k: "() {", "(name:", or "(name," and "(name) {" (a parameter
// without a type, reported by parseParam).
func (p *parser) funcLitAt(k int) bool {
	if !p.isOpAt(k, "(") {
		return false
	}
	if p.isOpAt(k+1, ")") {
		return p.isOpAt(k+2, "{")
	}
	n := p.nameLen(k + 1)
	if n == 0 {
		return false
	}
	after := p.tokAt(k + 1 + n)
	return isOpTok(after, ":") || isOpTok(after, ",") || isOpTok(after, ")") && p.isOpAt(k+2+n, "{")
}

func (p *parser) parseFuncLit(start int, view bool) *FuncLit {
	f := &FuncLit{View: view}
	open := p.expect("(", "to start the parameter list")
	if !p.isOp(")") {
		for {
			f.Params = append(f.Params, p.parseParam())
			if !p.got(",") {
				break
			}
		}
	}
	p.expectClose(")", open)
	f.Body = p.parseBody()
	f.Sp = p.span(start)
	return f
}

func (p *parser) parseParam() *Param {
	start := p.tok.pos
	prm := &Param{Name: p.parseName("a parameter name")}
	p.expect(":", "and a type after the parameter name")
	if p.isOp("(") {
		open := p.tok
		p.next()
		prm.Table = true
		if !p.got("*") {
			prm.Columns = p.parseColumnDecls()
		}
		p.expectClose(")", open)
	} else {
		prm.Type = p.parseType()
		if p.got("=") {
			prm.Default = p.parseExpr()
		}
	}
	prm.Sp = p.span(start)
	return prm
}

// parseColumnDecls reads name:type, ... (a trailing comma is allowed).
func (p *parser) parseColumnDecls() []*ColumnDecl {
	var cols []*ColumnDecl
	for {
		start := p.tok.pos
		name := p.parseName("a column name")
		p.expect(":", "and a type after the column name")
		cols = append(cols, &ColumnDecl{Name: name, Type: p.parseType(), Sp: p.span(start)})
		if !p.got(",") || p.isOp(")") {
			return cols
		}
	}
}

// parseBody reads { let ...; expr } of a function.
func (p *parser) parseBody() []Stmt {
	open := p.expect("{", "to start the function body")
	var stmts []Stmt
	for !p.isOp("}") && p.tok.kind != tEOF {
		if p.got(";") {
			continue
		}
		var st Stmt
		nest := p.nest
		ok := p.try(func() {
			if p.isWord("let") && p.nameAt(1) {
				st = p.parseLet()
				return
			}
			start := p.tok.pos
			x := p.parseTabular()
			st = &ExprStmt{X: x, Sp: p.span(start)}
		})
		if ok {
			stmts = append(stmts, st)
		} else {
			p.syncStmt(nest, true)
		}
		if !p.isOp(";") && !p.isOp("}") && p.tok.kind != tEOF {
			p.errorf(p.tokSpan(), "expected ';' or '}' in the function body, found %s", p.describe(p.tok))
			p.syncStmt(nest, true)
		}
	}
	p.expectClose("}", open)
	for i, st := range stmts {
		if _, isExpr := st.(*ExprStmt); isExpr && i < len(stmts)-1 {
			p.errorf(st.Span(), "only the last statement of a function body can be an expression")
		}
	}
	if len(stmts) == 0 {
		p.errorf(Span{open.pos, p.prevEnd}, "expected an expression in the function body")
	} else if _, isExpr := stmts[len(stmts)-1].(*ExprStmt); !isExpr {
		p.errorf(Span{p.prevEnd - 1, p.prevEnd}, "expected an expression at the end of the function body")
	}
	return stmts
}

func (p *parser) parseSet() *SetStmt {
	start := p.tok.pos
	p.next()
	st := &SetStmt{Name: p.parseName("an option name")}
	if p.got("=") {
		st.Value = p.parseExpr()
	}
	st.Sp = p.span(start)
	return st
}

// parseType reads a scalar type name.
func (p *parser) parseType() value.Type {
	t := p.tok
	if t.kind != tIdent {
		p.failf(p.tokSpan(), "expected a type name%s, found %s", p.after(), p.describe(t))
	}
	typ, ok := value.ParseType(t.text)
	if !ok {
		p.failf(p.tokSpan(), "unknown type '%s'; expected bool, int, long, real, decimal, string, datetime, timespan, guid or dynamic", t.text)
	}
	p.next()
	return typ
}

// quoteName renders a name as ['name'] with KQL escapes.
func quoteName(name string) string {
	var b strings.Builder
	b.WriteString("[")
	writeQuoted(&b, name, '\'')
	b.WriteString("]")
	return b.String()
}
